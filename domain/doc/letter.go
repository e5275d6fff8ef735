package doc

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"sync"
	"time"

	"passnum/domain"
)

// The courrier d'accompagnement a person takes home with a carnet: how to use the chèques and
// where, who handed it over and how to reach them, who funds the programme — as plain text and
// as printable HTML. Both forms are rendered from the same letterData, so they can never say
// different things.

// Letter is one courrier: the carnet handed over and what the letter lists.
type Letter struct {
	Person    domain.Person
	Carnet    domain.Carnet
	Programme domain.Programme
	// Places are listed under « Où les utiliser »: the places the person's last diagnostic
	// recommended, those the agent kept of them, or the programme's qualified places when there
	// was no diagnostic or it recommended none.
	Places []domain.Place
	From   PlacesFrom
	Issuer domain.Prescriber // the structure handing the carnet over: its name and phone
	Agent  string            // the name of the user who prints the letter
	Date   time.Time
}

// LetterText writes the courrier as plain text, 78 columns, printable as is.
func LetterText(w io.Writer, l Letter) error {
	_, err := io.WriteString(w, letterText(newLetterData(l, domain.Typo)))
	return err
}

// LetterHTML writes the courrier as an A4 page to print from a browser.
func LetterHTML(w io.Writer, l Letter) error {
	if err := letterHTML().Execute(w, newLetterData(l, domain.NarrowTypo)); err != nil {
		return fmt.Errorf("courrier HTML : %w", err)
	}
	return nil
}

// letterNoPlaces is said when there is neither a diagnostic nor a qualified place in the ledger:
// the issuing structure, named with its phone at the top, is who to ask.
const letterNoPlaces = "Aucun lieu qualifié n'est encore enregistré : demandez à la structure qui vous a remis ce carnet."

// PlacesFrom says where a courrier's places come from (domain.PlacesFrom, chosen by the store).
type PlacesFrom = domain.PlacesFrom

const (
	// NoDiagnostic: no diagnostic yet, the places are the programme's qualified places.
	NoDiagnostic = domain.PlacesNoDiagnostic
	// Recommended: the places the person's last diagnostic recommended.
	Recommended = domain.PlacesRecommended
	// NoneRecommended: the last diagnostic named no place, the programme's qualified places follow.
	NoneRecommended = domain.PlacesNoneRecommended
)

// letterQualified introduces the programme's qualified places when there was no diagnostic.
const letterQualified = "Sans diagnostic, voici les lieux qualifiés du programme : choisissez le plus proche de chez vous."

// letterNoneRecommended introduces them when a diagnostic was made but named no place.
const letterNoneRecommended = "Le diagnostic n'a pas désigné de lieu en particulier ; voici les lieux qualifiés du programme : choisissez le plus proche de chez vous."

// letterData is what both forms of the courrier show, computed once; every text has gone
// through the form's French spacing (no-break space before « : », « ; », « ? », « ! »).
type letterData struct {
	Title       string
	Date        string
	Name        string
	Carnet      string
	Intro       string // « Vous avez reçu le carnet Pass numérique n° », before the number
	Cheques     string // « : 5 chèques de 10 € (50 € en tout). », after the number
	ValidUntil  string // empty when the programme has no end date
	Contact     []string
	Usage       []string
	Places      []letterPlace
	PlacesIntro string
	NoPlaces    string
	Programme   string
	Funders     string
	EU          string
	Labels      map[string]string // « Adresse : », … with the form's spacing
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

func newLetterData(l Letter, typo func(string) string) letterData {
	prog, carnet := l.Programme, l.Carnet
	n := prog.ChequesPerCarnet
	if len(carnet.Cheques) > 0 {
		n = len(carnet.Cheques)
	}
	d := letterData{
		Title:  "Courrier d'accompagnement — " + prog.Name,
		Date:   typo("Le " + domain.LongDate(l.Date)),
		Name:   l.Person.DisplayName(),
		Carnet: carnet.Number,
		Intro:  "Vous avez reçu le carnet Pass numérique n° ",
		Cheques: typo(fmt.Sprintf(" : %s de %s (%s en tout).", domain.Plural(n, "chèque", "chèques"),
			domain.RoundEuros(int64(prog.ChequeValueCents)), domain.RoundEuros(int64(n*prog.ChequeValueCents)))),
		Programme: prog.Name,
		Labels:    map[string]string{},
	}
	if d.Name == "" {
		d.Name = "Madame, Monsieur"
	}
	if !prog.ValidUntil.IsZero() {
		d.ValidUntil = prog.ValidUntil.Format("02/01/2006")
	}
	if l.Issuer.Name != "" {
		c := "Carnet remis par " + l.Issuer.Name
		if l.Issuer.Phone != "" {
			c += ", tél. " + domain.PhoneLabel(l.Issuer.Phone)
		}
		d.Contact = append(d.Contact, c+".")
	}
	if l.Agent != "" {
		d.Contact = append(d.Contact, typo("Votre interlocuteur : "+l.Agent+"."))
	}
	per := max(prog.ChequesPerSession, 1)
	session := domain.Plural(per, "chèque", "chèques") + " = 1 atelier"
	if prog.MaxSessionMinutes > 0 {
		session += " (séance de " + domain.DurationLabel(prog.MaxSessionMinutes) + " au plus)"
	}
	lost := "En cas de perte du carnet, prévenez la structure qui vous l'a remis."
	if l.Issuer.Name != "" {
		lost = "En cas de perte du carnet, prévenez la structure qui vous l'a remis (" + l.Issuer.Name + ")."
	}
	for _, u := range []string{
		session + " ou un accompagnement, dans un lieu qualifié pour le Pass numérique.",
		"Appelez le lieu ou passez le voir pour prendre rendez-vous.",
		"Le jour venu, apportez votre carnet : le lieu enregistre le chèque de la séance.",
		"Chaque chèque ne sert qu'une fois.",
		lost,
	} {
		d.Usage = append(d.Usage, typo(u))
	}
	for _, label := range []string{"Adresse", "Téléphone", "Courriel", "Site", "Horaires", "Services"} {
		d.Labels[label] = typo(label + " :")
	}
	for _, pl := range l.Places {
		lp := letterPlace{Name: pl.Name, Phone: domain.PhoneLabel(pl.Phone), Email: pl.Email, Website: pl.Website,
			Hours: typo(domain.HoursLabel(pl.Hours)), Services: strings.Join(pl.Services, ", ")}
		town := strings.TrimSpace(pl.PostalCode + " " + pl.Commune)
		lp.Address = strings.TrimSpace(strings.Join(nonEmpty(pl.Address, town), ", "))
		d.Places = append(d.Places, lp)
	}
	switch {
	case len(d.Places) == 0:
		d.NoPlaces = typo(letterNoPlaces)
	case l.From == NoneRecommended:
		d.PlacesIntro = typo(letterNoneRecommended)
	case l.From != Recommended:
		d.PlacesIntro = typo(letterQualified)
	}
	if prog.Operator != "" {
		d.Programme += " — chèques opérés par " + prog.Operator
	}
	d.Programme = typo(d.Programme + ".")
	if f := domain.FunderNames(prog.Funders); f != "" {
		d.Funders = typo("Financé par : " + f + ".")
	}
	d.EU = domain.EUMention(prog.Funders)
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
	line("%s", d.Date)
	for _, c := range d.Contact {
		wrapped(c, 0, 0)
	}
	line("")
	line("Bonjour %s,", d.Name)
	line("")
	para := d.Intro + d.Carnet + d.Cheques
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
	for _, s := range []string{d.NoPlaces, d.PlacesIntro} {
		if s != "" {
			wrapped(s, 2, 0)
		}
	}
	for i, p := range d.Places {
		line("")
		line("  %d. %s", i+1, p.Name)
		for _, f := range []struct{ label, value string }{
			{"Adresse", p.Address}, {"Téléphone", p.Phone}, {"Courriel", p.Email}, {"Site", p.Website},
			{"Horaires", p.Hours}, {"Services", p.Services},
		} {
			if f.value != "" {
				label := strings.Replace(d.Labels[f.label], f.label, domain.PadRight(f.label, 10), 1)
				wrapped(label+" "+f.value, 5, 13)
			}
		}
	}
	line("")
	wrapped(d.Programme, 0, 0)
	for _, s := range []string{d.Funders, d.EU} {
		if s != "" {
			wrapped(s, 0, 0)
		}
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
  .date { color: #444; margin: 0 0 .3em; }
  .contact { margin: 0; }
  .eu { font-weight: bold; }
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
<p class="date">{{.Date}}</p>
{{- range .Contact}}
<p class="contact">{{.}}</p>
{{- end}}
<p>Bonjour {{.Name}},</p>
<p class="carnet">{{.Intro}}<strong>{{.Carnet}}</strong>{{.Cheques}}
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
{{- if .PlacesIntro}}
<p>{{.PlacesIntro}}</p>
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
<footer>
<p>{{.Programme}}</p>
{{- if .Funders}}
<p>{{.Funders}}</p>
{{- end}}
{{- if .EU}}
<p class="eu">{{.EU}}</p>
{{- end}}
</footer>
</body>
</html>
`

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// NewLetter is the courrier as the desk and passnum letter print it: the issuing structure is
// the carnet's prescriber (else the agent's), the agent is who prints it.
func NewLetter(user domain.User, prescribers []domain.Prescriber, p domain.Person, c domain.Carnet, prog domain.Programme,
	places []domain.Place, from PlacesFrom, now time.Time) Letter {
	l := Letter{Person: p, Carnet: c, Programme: prog, Places: places, From: from, Agent: user.Name, Date: now}
	for _, id := range []string{c.Prescriber, user.Prescriber} {
		for _, pr := range prescribers {
			if id != "" && pr.ID == id && l.Issuer.Name == "" {
				l.Issuer = pr
			}
		}
	}
	return l
}
