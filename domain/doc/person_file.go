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

// The dossier of a person (right of access): everything the ledger holds about them, as an A4
// page to print from a browser, offline (no script, no link outside the page).

// WritePersonFileHTML writes the dossier of a person; communeName turns an INSEE code into a
// name, made is when the dossier was made.
func WritePersonFileHTML(w io.Writer, f domain.PersonFile, communeName func(string) string, made time.Time) error {
	if err := personFileHTML().Execute(w, newPersonFileData(f, communeName, made)); err != nil {
		return fmt.Errorf("dossier HTML : %w", err)
	}
	return nil
}

type personFileData struct {
	Title, Made, Anonymised string
	Identity                [][2]string
	Household               string
	Members                 []string
	Carnets                 []pfCarnet
	Diagnostics             [][]string
	Attendances             [][]string
	FollowUps               [][]string
	Orientations            [][]string
	Merged, Distinct        string
	Audit                   [][]string
}

type pfCarnet struct {
	Head    string
	Cheques [][]string
}

func frDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("02/01/2006")
}

func frInstant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("02/01/2006 15:04")
}

func newPersonFileData(f domain.PersonFile, communeName func(string) string, made time.Time) personFileData {
	p := f.Person
	d := personFileData{Title: fmt.Sprintf("Dossier de la personne n°%d", p.ID), Made: frInstant(made)}
	if !f.AnonymisedAt.IsZero() {
		d.Anonymised = "Fiche anonymisée le " + frDay(f.AnonymisedAt) + " : le nom, la date de naissance et l'adresse ont été effacés."
	}
	yesNo := map[bool]string{true: "oui", false: "non"}
	qf := ""
	if p.QuotientFamilial != nil {
		qf = fmt.Sprint(*p.QuotientFamilial)
	}
	for _, kv := range [][2]string{
		{"Nom", p.LastName}, {"Prénom", p.FirstName}, {"Date de naissance", frDay(p.BirthDate)},
		{"Commune", communeName(p.Commune)}, {"Quartier prioritaire", p.QPV}, {"Adresse", p.Address}, {"Code postal", p.PostalCode},
		{"Situation", string(p.Status)}, {"Diplôme", string(p.Diploma)}, {"Quotient familial", qf},
		{"Accord pour l'enregistrement", yesNo[p.Consent]}, {"Enregistrée le", frInstant(p.CreatedAt)}, {"Enregistrée par", p.CreatedBy},
	} {
		if kv[1] != "" {
			d.Identity = append(d.Identity, kv)
		}
	}
	if h := f.Household; h != nil {
		d.Household = fmt.Sprintf("Foyer n°%d (%s)", h.ID, communeName(h.Commune))
		for _, m := range h.Members {
			d.Members = append(d.Members, fmt.Sprintf("n°%d %s", m.ID, m.Name))
		}
	}
	for _, c := range f.Carnets {
		pc := pfCarnet{Head: fmt.Sprintf("Carnet %s — programme %s, %s, prescripteur %s", c.Number, c.Programme, c.State, c.Prescriber)}
		if !c.IssuedAt.IsZero() {
			pc.Head += ", remis le " + frDay(c.IssuedAt)
		}
		if c.Public != "" {
			pc.Head += ", public " + c.Public
		}
		for _, ch := range c.Cheques {
			place := ch.PlaceName
			if place == "" {
				place = ch.Place
			}
			pc.Cheques = append(pc.Cheques, []string{ch.Number, ch.State, frInstant(ch.UsedAt), place, ch.Session})
		}
		d.Carnets = append(d.Carnets, pc)
	}
	for _, x := range f.Diagnostics {
		d.Diagnostics = append(d.Diagnostics, []string{frInstant(x.At), x.User, x.Input, x.Result})
	}
	for _, a := range f.Attendances {
		place := a.PlaceName
		if place == "" {
			place = a.Place
		}
		d.Attendances = append(d.Attendances, []string{a.Session, frInstant(a.Start), a.Title, place, yesNo[a.Present], a.Cheque})
	}
	for _, u := range f.FollowUps {
		d.FollowUps = append(d.FollowUps, []string{u.Session, frInstant(u.At), u.User, u.Autonomy, u.Comment})
	}
	for _, o := range f.Orientations {
		place := o.PlaceName
		if place == "" {
			place = o.Place
		}
		note := o.Note
		if w := o.Withdrawn(); w != "" {
			note = strings.TrimSpace(note + " — " + w)
		}
		d.Orientations = append(d.Orientations, []string{frInstant(o.At), o.User, place, yesNo[o.FromDiagnostic], note})
	}
	d.Merged, d.Distinct = idList(f.MergedFrom), idList(f.Distinct)
	for _, a := range f.Audit {
		d.Audit = append(d.Audit, []string{frInstant(a.At), a.User, a.Action, "n°" + a.EntityID, a.Before, a.After, a.Detail})
	}
	return d
}

func idList(ids []int64) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("n°%d", id)
	}
	return s
}

// html/template escapes every value: names, comments and reasons are typed by people.
var personFileHTML = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("dossier").Parse(personFileTemplate))
})

const personFileTemplate = `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<style>
  @page { size: A4; margin: 15mm; }
  body { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 11pt; line-height: 1.4; color: #111; max-width: 60em; margin: 2em auto; }
  h1 { font-size: 16pt; margin: 0 0 .2em; }
  h2 { font-size: 13pt; margin: 1.4em 0 .4em; border-bottom: 1px solid #999; }
  h3 { font-size: 11.5pt; margin: 1em 0 .3em; }
  table { border-collapse: collapse; width: 100%; font-size: 10pt; }
  th, td { border: 1px solid #bbb; padding: .2em .4em; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
  th { background: #eee; }
  dl { display: grid; grid-template-columns: 14em 1fr; margin: 0; }
  dt { color: #444; }
  dd { margin: 0; }
  .note { padding: .5em .8em; border: 2px solid #111; }
  .none { color: #555; }
  @media print { body { margin: 0; max-width: none; } tr { page-break-inside: avoid; } }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p>Tout ce que le registre du Pass numérique conserve sur cette personne, au {{.Made}}.</p>
{{- if .Anonymised}}
<p class="note">{{.Anonymised}}</p>
{{- end}}
<h2>Identité</h2>
<dl>
{{- range .Identity}}
  <dt>{{index . 0}}</dt><dd>{{index . 1}}</dd>
{{- end}}
</dl>
<h2>Foyer</h2>
{{- if .Household}}
<p>{{.Household}}{{if .Members}} : {{range $i, $m := .Members}}{{if $i}}, {{end}}{{$m}}{{end}}{{else}}, sans autre personne{{end}}.</p>
{{- else}}
<p class="none">Aucun foyer.</p>
{{- end}}
<h2>Carnets et chèques</h2>
{{- range .Carnets}}
<h3>{{.Head}}</h3>
<table>
<tr><th>Chèque</th><th>État</th><th>Utilisé le</th><th>Lieu</th><th>Séance</th></tr>
{{- range .Cheques}}
<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{- end}}
</table>
{{- else}}
<p class="none">Aucun carnet.</p>
{{- end}}
<h2>Diagnostics</h2>
{{- if .Diagnostics}}
<table>
<tr><th>Date</th><th>Par</th><th>Réponses</th><th>Résultat</th></tr>
{{- range .Diagnostics}}
<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{- end}}
</table>
{{- else}}
<p class="none">Aucun diagnostic.</p>
{{- end}}
<h2>Présence aux séances</h2>
{{- if .Attendances}}
<table>
<tr><th>Séance</th><th>Date</th><th>Intitulé</th><th>Lieu</th><th>Présente</th><th>Chèque scanné</th></tr>
{{- range .Attendances}}
<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{- end}}
</table>
{{- else}}
<p class="none">Aucune séance.</p>
{{- end}}
<h2>Suivi par les formateurs</h2>
{{- if .FollowUps}}
<table>
<tr><th>Séance</th><th>Date</th><th>Par</th><th>Autonomie</th><th>Commentaire</th></tr>
{{- range .FollowUps}}
<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{- end}}
</table>
{{- else}}
<p class="none">Aucun suivi.</p>
{{- end}}
<h2>Orientations vers un lieu</h2>
{{- if .Orientations}}
<table>
<tr><th>Date</th><th>Par</th><th>Lieu</th><th>Conseillé par le diagnostic</th><th>Note</th></tr>
{{- range .Orientations}}
<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{- end}}
</table>
{{- else}}
<p class="none">Aucune orientation.</p>
{{- end}}
<h2>Fusions et doublons</h2>
<p>{{if .Merged}}Fiches fusionnées dans celle-ci : {{.Merged}}.{{else}}Aucune fiche fusionnée dans celle-ci.{{end}}
{{if .Distinct}}Déclarée différente de : {{.Distinct}}.{{end}}</p>
<h2>Qui a consulté ou modifié la fiche</h2>
{{- if .Audit}}
<table>
<tr><th>Date</th><th>Utilisateur</th><th>Action</th><th>Fiche</th><th>Avant</th><th>Après</th><th>Détail</th></tr>
{{- range .Audit}}
<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{- end}}
</table>
{{- else}}
<p class="none">Aucune trace.</p>
{{- end}}
</body>
</html>
`
