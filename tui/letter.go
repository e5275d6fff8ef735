package tui

import (
	"bytes"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"passnum/domain"
)

// letterNoPlaces is said when the person had no diagnostic to recommend places from: the desk
// keeps the printed list of qualified places for that case.
const letterNoPlaces = "Aucun lieu recommandé, pas de diagnostic : voir la liste des lieux qualifiés à l'accueil."

// letterData is what both forms of the courrier show, computed once so the text and the HTML
// can never say different things.
type letterData struct {
	Title      string
	Date       string
	Name       string
	Carnet     string
	Cheques    string // « 5 chèques de 10 € (50 €) »
	ValidUntil string // empty when the programme has no end date
	Usage      []string
	Places     []letterPlace
	NoPlaces   string
	Programme  string
	Operator   string
}

type letterPlace struct {
	Name     string
	Address  string
	Phone    string
	Email    string
	Website  string
	Hours    string
	Services string
}

// WriteLetter writes the courrier d'accompagnement of a hand-over as plain text and as
// printable HTML in dir, and returns both paths. places are the ones recommended by the person's
// last diagnostic; none means there was no diagnostic.
func WriteLetter(dir string, p domain.Person, carnet domain.Carnet, prog domain.Programme, places []domain.Place, now time.Time) (txtPath, htmlPath string, err error) {
	d := newLetterData(p, carnet, prog, places, now)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", fmt.Errorf("dossier des courriers %s : %w", dir, err)
	}
	base := filepath.Join(dir, "courrier-"+letterFileName(carnet.Number)+"-"+now.Format("2006-01-02"))
	txtPath, htmlPath = base+".txt", base+".html"
	var html bytes.Buffer
	if err := letterHTML().Execute(&html, d); err != nil {
		return "", "", fmt.Errorf("courrier HTML : %w", err)
	}
	if err := writeFileAtomic(txtPath, []byte(letterText(d))); err != nil {
		return "", "", err
	}
	if err := writeFileAtomic(htmlPath, html.Bytes()); err != nil {
		return "", "", err
	}
	return txtPath, htmlPath, nil
}

func newLetterData(p domain.Person, carnet domain.Carnet, prog domain.Programme, places []domain.Place, now time.Time) letterData {
	n := prog.ChequesPerCarnet
	if len(carnet.Cheques) > 0 {
		n = len(carnet.Cheques)
	}
	d := letterData{
		Title:     "Courrier d'accompagnement — " + prog.Name,
		Date:      letterDate(now),
		Name:      letterPersonName(p),
		Carnet:    carnet.Number,
		Cheques:   fmt.Sprintf("%d chèque%s de %s (%s en tout)", n, letterPlural(n), letterEuros(prog.ChequeValueCents), letterEuros(n*prog.ChequeValueCents)),
		Programme: prog.Name,
		Operator:  prog.Operator,
	}
	if !prog.ValidUntil.IsZero() {
		d.ValidUntil = prog.ValidUntil.Format("02/01/2006")
	}
	per := max(prog.ChequesPerSession, 1)
	session := fmt.Sprintf("%d chèque = 1 atelier", per)
	if per > 1 {
		session = fmt.Sprintf("%d chèques = 1 atelier", per)
	}
	if prog.MaxSessionMinutes > 0 {
		session += " (séance de " + letterDuration(prog.MaxSessionMinutes) + " au plus)"
	}
	d.Usage = []string{
		session + " ou un accompagnement, dans un lieu qualifié pour le Pass numérique.",
		"Appelez le lieu ou passez le voir pour prendre rendez-vous.",
		"Le jour venu, apportez votre carnet : le lieu enregistre le chèque de la séance.",
		"Chaque chèque ne sert qu'une fois.",
		"En cas de perte du carnet, prévenez l'accueil qui vous l'a remis.",
	}
	for _, pl := range places {
		lp := letterPlace{Name: pl.Name, Phone: letterPhone(pl.Phone), Email: pl.Email, Website: pl.Website,
			Hours: letterHours(pl.Hours), Services: strings.Join(pl.Services, ", ")}
		town := strings.TrimSpace(pl.PostalCode + " " + pl.Commune)
		lp.Address = strings.TrimSpace(strings.Join(letterNonEmpty(pl.Address, town), ", "))
		d.Places = append(d.Places, lp)
	}
	if len(d.Places) == 0 {
		d.NoPlaces = letterNoPlaces
	}
	return d
}

// letterTextWidth keeps the text letter readable in any editor and printable as is.
const letterTextWidth = 78

func letterText(d letterData) string {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	line("%s", strings.ToUpper(d.Title))
	line("Le %s", d.Date)
	line("")
	line("Bonjour %s,", d.Name)
	line("")
	para := fmt.Sprintf("Vous avez reçu le carnet Pass numérique n° %s : %s.", d.Carnet, d.Cheques)
	if d.ValidUntil != "" {
		para += fmt.Sprintf(" Les chèques sont valables jusqu'au %s.", d.ValidUntil)
	}
	line("%s", strings.Join(sheetWrap(para, letterTextWidth, 0, 0), "\n"))
	line("")
	line("COMMENT UTILISER VOS CHÈQUES")
	for _, u := range d.Usage {
		b.WriteString(strings.Join(sheetWrap("- "+u, letterTextWidth, 2, 2), "\n") + "\n")
	}
	line("")
	line("OÙ LES UTILISER")
	if d.NoPlaces != "" {
		b.WriteString(strings.Join(sheetWrap(d.NoPlaces, letterTextWidth, 2, 0), "\n") + "\n")
	}
	for i, p := range d.Places {
		line("")
		line("  %d. %s", i+1, p.Name)
		for _, f := range []struct{ label, value string }{
			{"Adresse", p.Address}, {"Téléphone", p.Phone}, {"Courriel", p.Email}, {"Site", p.Website},
			{"Horaires", p.Hours}, {"Services", p.Services},
		} {
			if f.value != "" {
				field := fmt.Sprintf("%-10s : %s", f.label, f.value)
				b.WriteString(strings.Join(sheetWrap(field, letterTextWidth, 5, 13), "\n") + "\n")
			}
		}
	}
	line("")
	if d.Operator != "" {
		line("%s — chèques opérés par %s.", d.Programme, d.Operator)
	} else {
		line("%s.", d.Programme)
	}
	return b.String()
}

// html/template escapes every value: names and addresses come from imported open data.
// letterHTML is parsed on first use: parsing it at init cost every passnum command ≈ 0.1 ms.
var letterHTML = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("courrier").Parse(letterTemplate))
})

const letterTemplate = `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>{{.Title}} — carnet {{.Carnet}}</title>
<style>
  @page { size: A4; margin: 18mm; }
  body { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 12pt; line-height: 1.45; color: #111; max-width: 44em; margin: 2em auto; }
  h1 { font-size: 16pt; margin: 0 0 .2em; }
  h2 { font-size: 13pt; margin: 1.4em 0 .4em; border-bottom: 1px solid #999; }
  .date { color: #444; margin: 0 0 1.5em; }
  .carnet { font-size: 13pt; padding: .6em .8em; border: 2px solid #111; }
  .place { margin: .8em 0; padding: .4em .8em; border-left: 4px solid #2E6FBA; page-break-inside: avoid; }
  .place h3 { margin: 0 0 .2em; font-size: 12.5pt; }
  dl { display: grid; grid-template-columns: 7em 1fr; margin: 0; }
  dt { color: #444; }
  dd { margin: 0; }
  footer { margin-top: 2em; color: #444; font-size: 10pt; }
  @media print { body { margin: 0; max-width: none; } }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="date">Le {{.Date}}</p>
<p>Bonjour {{.Name}},</p>
<p class="carnet">Vous avez reçu le carnet Pass numérique n° <strong>{{.Carnet}}</strong> : {{.Cheques}}.
{{- if .ValidUntil}}<br>Les chèques sont valables jusqu'au <strong>{{.ValidUntil}}</strong>.{{end}}</p>
<h2>Comment utiliser vos chèques</h2>
<ul>
{{- range .Usage}}
  <li>{{.}}</li>
{{- end}}
</ul>
<h2>Où les utiliser</h2>
{{- if .NoPlaces}}
<p>{{.NoPlaces}}</p>
{{- end}}
{{- range .Places}}
<div class="place">
  <h3>{{.Name}}</h3>
  <dl>
    {{- if .Address}}<dt>Adresse</dt><dd>{{.Address}}</dd>{{end}}
    {{- if .Phone}}<dt>Téléphone</dt><dd>{{.Phone}}</dd>{{end}}
    {{- if .Email}}<dt>Courriel</dt><dd>{{.Email}}</dd>{{end}}
    {{- if .Website}}<dt>Site</dt><dd>{{.Website}}</dd>{{end}}
    {{- if .Hours}}<dt>Horaires</dt><dd>{{.Hours}}</dd>{{end}}
    {{- if .Services}}<dt>Services</dt><dd>{{.Services}}</dd>{{end}}
  </dl>
</div>
{{- end}}
<footer>{{.Programme}}{{if .Operator}} — chèques opérés par {{.Operator}}{{end}}.</footer>
</body>
</html>
`

// writeFileAtomic writes through a temporary file so a letter or an export is never read half written.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".courrier-*")
	if err != nil {
		return fmt.Errorf("fichier %s : %w", path, err)
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(f.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(f.Name(), path)
	}
	if werr != nil {
		os.Remove(f.Name())
		return fmt.Errorf("fichier %s : %w", path, werr)
	}
	return nil
}

var unsafeFileChars = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[^A-Za-z0-9_-]+`) })

// letterFileName keeps a carnet number usable in a file name whatever the operator printed.
func letterFileName(s string) string {
	s = unsafeFileChars().ReplaceAllString(s, "_")
	if s == "" {
		return "carnet"
	}
	return s
}

// letterPersonName is « Prénom NOM », the usual French way to address a letter.
func letterPersonName(p domain.Person) string {
	return strings.TrimSpace(strings.TrimSpace(p.FirstName) + " " + strings.ToUpper(strings.TrimSpace(p.LastName)))
}

func letterEuros(cents int) string {
	if cents%100 == 0 {
		return fmt.Sprintf("%d €", cents/100)
	}
	return fmt.Sprintf("%d,%02d €", cents/100, cents%100)
}

func letterPlural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

func letterPluralX(n int) string {
	if n > 1 {
		return "x"
	}
	return ""
}

func letterDuration(minutes int) string {
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %02d", h, m)
}

func letterDate(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), domain.MonthName(t.Month()), t.Year())
}

// letterPhone shows a +33 number the way people dial it (03 44 …); other numbers stay as given.
func letterPhone(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "+33") && len(s) == 12 {
		d := "0" + s[3:]
		return strings.Join([]string{d[0:2], d[2:4], d[4:6], d[6:8], d[8:10]}, " ")
	}
	return s
}

var (
	osmWords = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b(Mo|Tu|We|Th|Fr|Sa|Su|PH|off)\b`) })
	osmNames = map[string]string{"Mo": "lun.", "Tu": "mar.", "We": "mer.", "Th": "jeu.", "Fr": "ven.", "Sa": "sam.",
		"Su": "dim.", "PH": "jours fériés", "off": "fermé"}
)

// letterHours makes OpenStreetMap opening hours (« Mo-Fr 09:00-12:00 ») readable by the person
// who receives the letter; only whole day names are translated, free text stays as written.
func letterHours(s string) string {
	s = osmWords().ReplaceAllStringFunc(strings.TrimSpace(s), func(w string) string { return osmNames[w] })
	s = strings.ReplaceAll(s, ";", " ;")
	s = strings.ReplaceAll(s, ",", ", ")
	return strings.Join(strings.Fields(s), " ")
}

func letterNonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}
