package doc

import (
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"passnum/domain"
)

// The bilan de parcours goes back to the prescriber who sent a person (Aulnoye-Aymeries: the
// centre social reports the results and evaluations to Pôle emploi): one chronology — sent to a
// place, sessions, follow-ups with their positioning — as a table (CSV, XLSX) and as an A4 page.

// ParcoursHeader is the header of the parcours export.
var ParcoursHeader = []string{"date", "étape", "lieu", "séance", "présent(e)", "autonomie", "positionnement Pix", "commentaire"}

// parcoursStep is one line of the chronology.
type parcoursStep struct {
	at                                           time.Time
	step, place, session, present, autonomy, pix string
	comment                                      string
}

func parcoursSteps(p domain.Parcours) []parcoursStep {
	var out []parcoursStep
	for _, r := range p.Referrals {
		step := "orientation par " + r.PrescriberName
		if r.PrescriberName == "" {
			step = "orientation"
		}
		out = append(out, parcoursStep{at: r.At, step: step, place: r.PlaceName, comment: r.Note})
	}
	places := map[string]string{}
	for _, s := range p.Sessions {
		places[s.Session] = s.PlaceName
		present := "non"
		if s.Present {
			present = "oui"
		}
		title := s.Title
		if title == "" {
			title = "Accompagnement individuel"
		}
		out = append(out, parcoursStep{at: s.Start, step: "séance", place: s.PlaceName, session: s.Session + " " + title, present: present})
	}
	for _, n := range p.Notes {
		step := "suivi"
		if n.Pix != "" {
			step = "positionnement"
		}
		out = append(out, parcoursStep{at: n.At, step: step, place: places[n.Session], session: n.Session, autonomy: n.Autonomy, pix: domain.PixText(n.Pix), comment: n.Comment})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out
}

// ParcoursTable is a person's bilan de parcours, one line per step, oldest first.
func ParcoursTable(p domain.Parcours) Table {
	t := Table{Sheet: "Parcours", Title: fmt.Sprintf("Bilan de parcours de la personne n°%d", p.Person.ID), Header: ParcoursHeader}
	for _, s := range parcoursSteps(p) {
		t.Rows = append(t.Rows, []xlsxCell{xday(s.at), xtext(s.step), xtext(s.place), xtext(s.session), xtext(s.present),
			xtext(s.autonomy), xtext(s.pix), xtext(s.comment)})
	}
	return t
}

// ParcoursProgressionHeader is the header of the positioning export: per domain (and for the
// score), the first and the latest positioning, each dated.
var ParcoursProgressionHeader = []string{"domaine", "premier positionnement", "date", "séance", "dernier positionnement", "date", "séance"}

// ParcoursProgressionSuffix names the positioning file next to the parcours one.
const ParcoursProgressionSuffix = "-positionnement"

// ParcoursProgressionTable is the Pix progression of a person, one line per domain positioned.
func ParcoursProgressionTable(p domain.Parcours) Table {
	t := Table{Sheet: "Positionnement", Suffix: ParcoursProgressionSuffix, Title: fmt.Sprintf("Positionnement Pix de la personne n°%d", p.Person.ID), Header: ParcoursProgressionHeader}
	for _, g := range p.Progression() {
		t.Rows = append(t.Rows, []xlsxCell{xtext(g.Label()), xtext(g.FirstText()), xday(g.First.At), xtext(g.First.Session),
			xtext(g.LastText()), xday(g.Last.At), xtext(g.Last.Session)})
	}
	return t
}

// ParcoursTables are the parcours export: the chronology, then the positioning per domain.
func ParcoursTables(p domain.Parcours) []Table {
	return []Table{ParcoursTable(p), ParcoursProgressionTable(p)}
}

// WriteParcoursHTML writes the printable « bilan de parcours » of a person; made is when it
// was made.
func WriteParcoursHTML(w io.Writer, p domain.Parcours, made time.Time) error {
	d := parcoursData{Made: frInstant(made), Name: p.Person.FirstName + " " + strings.ToUpper(p.Person.LastName),
		ID: p.Person.ID, Attended: domain.Plural(p.Attended(), "séance suivie", "séances suivies"), Autonomy: p.Autonomy()}
	for _, r := range p.Referrals {
		d.Referrals = append(d.Referrals, []string{frDay(r.At), r.PlaceName, r.PrescriberName, r.Note, r.CameText()})
	}
	for _, g := range p.Progression() {
		last, lastDay := "", ""
		if g.Moved() {
			last, lastDay = g.LastText(), frDay(g.Last.At)
		}
		d.Progression = append(d.Progression, []string{g.Label(), g.FirstText(), frDay(g.First.At), last, lastDay})
	}
	for _, n := range p.Positionings() {
		d.Positionings = append(d.Positionings, []string{frDay(n.At), n.Session, domain.PixText(n.Pix), n.Comment})
	}
	for _, s := range parcoursSteps(p) {
		d.Steps = append(d.Steps, []string{frDay(s.at), s.step, s.place, s.session, s.present, s.autonomy, s.pix, s.comment})
	}
	if err := parcoursHTML().Execute(w, d); err != nil {
		return fmt.Errorf("bilan de parcours HTML : %w", err)
	}
	return nil
}

type parcoursData struct {
	Style                   template.CSS
	Made, Name, Attended    string
	Autonomy                string
	ID                      int64
	Referrals, Positionings [][]string
	Progression, Steps      [][]string
}

var parcoursHTML = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("parcours").Parse(parcoursTemplate))
})

const parcoursTemplate = `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Bilan de parcours — {{.Name}}</title>
<style>
` + a4Style + `  td { white-space: normal; text-align: left; }
  th { text-align: left; }
  .none { color: #555; }
</style>
</head>
<body>
<h1>Bilan de parcours</h1>
<p class="period">{{.Name}} (n°{{.ID}})</p>
<p class="asof">Établi le {{.Made}} · {{.Attended}}{{if .Autonomy}} · autonomie : {{.Autonomy}}{{end}}</p>
<h2>Orientations</h2>
{{- if .Referrals}}
<table>
<thead><tr><th>Date</th><th>Lieu</th><th>Prescripteur</th><th>Note</th><th>Venue ?</th></tr></thead>
<tbody>
{{- range .Referrals}}
<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
{{- else}}
<p class="none">Aucune orientation enregistrée.</p>
{{- end}}
<h2>Positionnement</h2>
{{- if .Progression}}
<table>
<thead><tr><th>Domaine</th><th>Premier positionnement</th><th>Le</th><th>Dernier positionnement</th><th>Le</th></tr></thead>
<tbody>
{{- range .Progression}}
<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
{{- end}}
{{- if .Positionings}}
<table>
<thead><tr><th>Date</th><th>Séance</th><th>Positionnement Pix</th><th>Commentaire</th></tr></thead>
<tbody>
{{- range .Positionings}}
<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
{{- else}}
<p class="none">Aucun positionnement enregistré.</p>
{{- end}}
<h2>Séances, évaluations et autonomie au fil du parcours</h2>
{{- if .Steps}}
<table>
<thead><tr><th>Date</th><th>Étape</th><th>Lieu</th><th>Séance</th><th>Présent(e)</th><th>Autonomie</th><th>Pix</th><th>Commentaire</th></tr></thead>
<tbody>
{{- range .Steps}}
<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
{{- else}}
<p class="none">Rien d'enregistré pour l'instant.</p>
{{- end}}
</body>
</html>
`
