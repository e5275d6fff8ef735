package doc

import (
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"

	"passnum/domain"
)

// The courrier d'accompagnement a person takes home with a carnet: how to use the chèques and
// where, as plain text and as printable HTML. places are the ones recommended by the person's
// last diagnostic; none means there was no diagnostic. Both forms are rendered from the same
// letterData, so they can never say different things.

// LetterText writes the courrier of a hand-over as plain text, 78 columns, printable as is.
func LetterText(w io.Writer, p domain.Person, carnet domain.Carnet, prog domain.Programme, places []domain.Place, date time.Time) error {
	_, err := io.WriteString(w, letterText(newLetterData(p, carnet, prog, places, date)))
	return err
}

// LetterHTML writes the courrier of a hand-over as an A4 page to print from a browser.
func LetterHTML(w io.Writer, p domain.Person, carnet domain.Carnet, prog domain.Programme, places []domain.Place, date time.Time) error {
	if err := letterHTML().Execute(w, newLetterData(p, carnet, prog, places, date)); err != nil {
		return fmt.Errorf("courrier HTML : %w", err)
	}
	return nil
}

// letterNoPlaces is said when the person had no diagnostic to recommend places from: the desk
// keeps the printed list of qualified places for that case.
const letterNoPlaces = "Aucun lieu recommandé, pas de diagnostic : voir la liste des lieux qualifiés à l'accueil."

// letterData is what both forms of the courrier show, computed once.
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

func newLetterData(p domain.Person, carnet domain.Carnet, prog domain.Programme, places []domain.Place, date time.Time) letterData {
	n := prog.ChequesPerCarnet
	if len(carnet.Cheques) > 0 {
		n = len(carnet.Cheques)
	}
	d := letterData{
		Title:  "Courrier d'accompagnement — " + prog.Name,
		Date:   domain.LongDate(date),
		Name:   p.DisplayName(),
		Carnet: carnet.Number,
		Cheques: fmt.Sprintf("%s de %s (%s en tout)", domain.Plural(n, "chèque", "chèques"),
			domain.RoundEuros(int64(prog.ChequeValueCents)), domain.RoundEuros(int64(n*prog.ChequeValueCents))),
		Programme: prog.Name,
		Operator:  prog.Operator,
	}
	if !prog.ValidUntil.IsZero() {
		d.ValidUntil = prog.ValidUntil.Format("02/01/2006")
	}
	per := max(prog.ChequesPerSession, 1)
	session := domain.Plural(per, "chèque", "chèques") + " = 1 atelier"
	if prog.MaxSessionMinutes > 0 {
		session += " (séance de " + domain.DurationLabel(prog.MaxSessionMinutes) + " au plus)"
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
		lp.Address = strings.TrimSpace(strings.Join(nonEmpty(pl.Address, town), ", "))
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
	wrapped := func(s string, indent, hang int) {
		b.WriteString(strings.Join(wrapLines(s, letterTextWidth, indent, hang), "\n") + "\n")
	}
	line("%s", strings.ToUpper(d.Title))
	line("Le %s", d.Date)
	line("")
	line("Bonjour %s,", d.Name)
	line("")
	para := fmt.Sprintf("Vous avez reçu le carnet Pass numérique n° %s : %s.", d.Carnet, d.Cheques)
	if d.ValidUntil != "" {
		para += fmt.Sprintf(" Les chèques sont valables jusqu'au %s.", d.ValidUntil)
	}
	wrapped(para, 0, 0)
	line("")
	line("COMMENT UTILISER VOS CHÈQUES")
	for _, u := range d.Usage {
		wrapped("- "+u, 2, 2)
	}
	line("")
	line("OÙ LES UTILISER")
	if d.NoPlaces != "" {
		wrapped(d.NoPlaces, 2, 0)
	}
	for i, p := range d.Places {
		line("")
		line("  %d. %s", i+1, p.Name)
		for _, f := range []struct{ label, value string }{
			{"Adresse", p.Address}, {"Téléphone", p.Phone}, {"Courriel", p.Email}, {"Site", p.Website},
			{"Horaires", p.Hours}, {"Services", p.Services},
		} {
			if f.value != "" {
				wrapped(fmt.Sprintf("%-10s : %s", f.label, f.value), 5, 13)
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

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}
