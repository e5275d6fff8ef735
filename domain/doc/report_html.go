package doc

import (
	"fmt"
	"html/template"
	"io"
	"sync"

	"passnum/domain"
)

// The « Rapport au comité de suivi »: the figures of a programme for a period as one HTML file
// to open in any browser and print on A4 — no external resource (styles and charts inline), so
// it opens offline and can be mailed as is. domain/figures.go says what each figure counts.

// WriteReportHTML writes the committee report of r as a self-contained printable HTML page.
func WriteReportHTML(w io.Writer, r domain.Report) error {
	d, err := newReportHTMLData(r)
	if err != nil {
		return fmt.Errorf("rapport HTML : %w", err)
	}
	if err := reportHTML().Execute(w, d); err != nil {
		return fmt.Errorf("rapport HTML : %w", err)
	}
	return nil
}

// euros writes an amount like domain.Euros, a negative one (a budget overspent) with its sign
// in front: « −12,50 € ».
func euros(cents int64) string {
	if cents < 0 {
		return "−" + domain.Euros(-cents)
	}
	return domain.Euros(cents)
}

func count(n int) string { return domain.Grouped(int64(n)) }

type reportHTMLData struct {
	Title, Programme, Period, AsOf string
	Over                           bool
	Overrun                        string // the budget overspent, said plainly; empty otherwise
	Carnets, Cheques, People       []reportFigure
	Money                          []reportFigure
	Funders, Prescribers, Places   htmlTable
	Charts                         []reportHTMLChart
	Notes                          []string
}

type reportHTMLChart struct {
	SVG    template.HTML
	Legend []chartKey
}

// reportFigure is one key figure: its value, what it is, and a precision (objective, ratio).
type reportFigure struct {
	Label, Value, Note string
	Alert              bool
}

func withObjective(target int, percent *float64) string {
	if target <= 0 {
		return ""
	}
	return fmt.Sprintf("objectif %s : %s", count(target), domain.FormatPercent(percent))
}

func newReportHTMLData(r domain.Report) (reportHTMLData, error) {
	d := reportHTMLData{
		Title:     "Rapport au comité de suivi — " + r.ProgrammeName,
		Programme: r.ProgrammeName,
		Period:    r.Period.Label(),
		AsOf:      reportAsOf(r),
		Over:      r.Over,
	}
	c := r.Carnets
	d.Carnets = []reportFigure{
		{Label: "carnets reçus (émis)", Value: count(c.Received)},
		{Label: "injectés (sortis du stock central)", Value: count(c.Allocated)},
		{Label: "remis à une personne", Value: count(c.Issued)},
		{Label: "entamés (un chèque utilisé au moins)", Value: count(c.Started)},
		{Label: "annulés", Value: count(c.Voided)},
		{Label: "en stock central", Value: count(c.InStock)},
		{Label: "chez les prescripteurs, pas encore remis", Value: count(c.InHand)},
		{Label: "distribués : remis ÷ reçus depuis le début", Value: domain.FormatPercent(r.DistributedPercent),
			Note: fmt.Sprintf("%s sur %s", count(c.IssuedToDate), count(c.ReceivedToDate))},
		{Label: "remis depuis le début", Value: count(c.IssuedToDate), Note: withObjective(c.Target, c.TargetPercent)},
	}
	if c.Accompanied > 0 || c.Extra > 0 { // the allowance depends on accompaniment
		d.Carnets = append(d.Carnets[:3:3], append([]reportFigure{
			{Label: "dont avec l'accompagnement d'un conseiller", Value: count(c.Accompanied)},
			{Label: "dont supplémentaires sur demande motivée", Value: count(c.Extra), Note: "motif au journal"},
		}, d.Carnets[3:]...)...)
	}
	ch := r.Cheques
	d.Cheques = []reportFigure{
		{Label: "chèques remis (dans les carnets remis)", Value: count(ch.Issued)},
		{Label: "utilisés", Value: count(ch.Used)},
		{Label: "remboursés (demandes payées)", Value: count(ch.Reimbursed)},
		{Label: "disponibles (remis, pas encore utilisés)", Value: count(ch.Available)},
		{Label: "expirés", Value: count(ch.Expired)},
	}
	pe := r.People
	d.People = []reportFigure{
		{Label: "personnes touchées (un carnet reçu)", Value: count(pe.Reached), Note: withObjective(pe.Target, pe.TargetPercent)},
		{Label: "ayant utilisé un chèque", Value: count(pe.Used)},
		{Label: "séances suivies (payées par un chèque)", Value: count(pe.SessionsAttended)},
		{Label: "séances ayant reçu un chèque", Value: count(r.Sessions)},
	}
	m := r.Money
	budget := reportFigure{Label: "budget", Value: euros(m.Budget)}
	if !r.HasBudget {
		budget.Value, budget.Note = "—", "pas de budget fixé"
	}
	d.Money = []reportFigure{
		budget,
		{Label: "valeur des carnets reçus", Value: euros(m.Received)},
		{Label: "valeur des carnets remis", Value: euros(m.Issued)},
		{Label: "valeur des chèques utilisés", Value: euros(m.Used)},
		{Label: "demandé (remboursements préparés)", Value: euros(m.Claimed)},
		{Label: "payé aux lieux", Value: euros(m.Paid)},
	}
	if r.HasBudget {
		rest := reportFigure{Label: "reste du budget", Value: euros(m.Rest), Note: "budget − valeur des carnets reçus depuis le début"}
		if m.Rest < 0 {
			rest.Alert = true
			rest.Note = "budget dépassé"
			d.Overrun = fmt.Sprintf("Budget dépassé de %s : les carnets reçus depuis le début du programme valent %s pour un budget de %s.",
				euros(-m.Rest), euros(m.Budget-m.Rest), euros(m.Budget))
		}
		d.Money = append(d.Money, rest)
	}

	d.Funders = htmlTable{Head: []string{"financeur", "part", "budget", "carnets reçus", "carnets remis", "chèques utilisés", "demandé", "payé"},
		Empty: "Aucun financeur déclaré pour ce programme."}
	if r.HasBudget {
		d.Funders.Head = append(d.Funders.Head, "reste du budget")
	}
	moneyRow := func(name, share string, m domain.Money) []string {
		row := []string{name, share, euros(m.Budget), euros(m.Received), euros(m.Issued), euros(m.Used), euros(m.Claimed), euros(m.Paid)}
		if !r.HasBudget {
			row[2] = "—"
		} else {
			row = append(row, euros(m.Rest))
		}
		return row
	}
	shares := 0
	for _, f := range r.Funders {
		d.Funders.Rows = append(d.Funders.Rows, moneyRow(f.Name, fmt.Sprintf("%d %%", f.SharePercent), f.Money))
		shares += f.SharePercent
	}
	if len(r.Funders) > 0 {
		d.Funders.Total = moneyRow("Total", fmt.Sprintf("%d %%", shares), r.Money)
	}

	d.Prescribers = htmlTable{Head: []string{"prescripteur", "attribués", "remis", "en main", "personnes touchées"},
		Empty: "Aucun carnet attribué ni remis sur la période."}
	var allocated, issued, inHand int
	for _, l := range r.ByPrescriber {
		d.Prescribers.Rows = append(d.Prescribers.Rows, []string{l.Name, count(l.Allocated), count(l.Issued), count(l.InHand), count(l.People)})
		allocated, issued, inHand = allocated+l.Allocated, issued+l.Issued, inHand+l.InHand
	}
	if len(r.ByPrescriber) > 0 {
		d.Prescribers.Total = []string{"Total", count(allocated), count(issued), count(inHand), count(r.People.Reached)}
	}
	d.Places = htmlTable{Head: []string{"lieu", "séances", "chèques utilisés", "demandé", "payé"},
		Empty: "Aucun chèque utilisé ni remboursement sur la période."}
	var sessions, cheques int
	var claimed, paid int64
	for _, l := range r.ByPlace {
		d.Places.Rows = append(d.Places.Rows, []string{l.Name, count(l.Sessions), count(l.Cheques), euros(l.ClaimedCents), euros(l.PaidCents)})
		sessions, cheques, claimed, paid = sessions+l.Sessions, cheques+l.Cheques, claimed+l.ClaimedCents, paid+l.PaidCents
	}
	if len(r.ByPlace) > 0 {
		d.Places.Total = []string{"Total", count(sessions), count(cheques), euros(claimed), euros(paid)}
	}

	charts, err := reportCharts(r)
	if err != nil {
		return d, err
	}
	for _, c := range charts {
		d.Charts = append(d.Charts, reportHTMLChart{SVG: template.HTML(c.SVG), Legend: c.Legend}) // drawn by vgsvg, which escapes every text
	}
	d.Notes = []string{
		"Flux : les événements datés dans la période (carnets reçus, injectés, remis ; chèques utilisés ; demandes préparées et payées). États : à la fin de la période.",
		"Personnes comptées une fois, quel que soit le nombre de leurs carnets : les totaux par prescripteur comptent chaque personne une fois.",
		"Reste du budget = budget − valeur des carnets reçus depuis le début du programme jusqu'à la fin de la période.",
		"Parts des financeurs au centime près : chacun reçoit l'arrondi inférieur de sa part, les centimes restants vont aux plus grands restes (à égalité, au premier cité).",
	}
	return d, nil
}

// reportAsOf says when the states are read, as the text report does.
func reportAsOf(r domain.Report) string {
	if !r.Period.To.IsZero() && r.AsOf.Equal(r.Period.To) {
		return "États au soir du " + r.AsOf.Local().AddDate(0, 0, -1).Format("02/01/2006") + " (fin de la période)."
	}
	return "États au " + r.AsOf.Local().Format("02/01/2006 à 15:04") + "."
}

// reportHTML is parsed on first use, like the courrier: not at every command's start.
var reportHTML = sync.OnceValue(func() *template.Template {
	return a4Page("rapport", reportTemplate)
})

const reportTemplate = `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} — {{.Period}}</title>
<style>
` + a4Style + `  .alert { border: 2px solid #B00020; color: #B00020; background: #FDECEE; padding: .5em .8em; font-weight: bold; }
  .over { border: 1px solid #999; padding: .4em .8em; }
  .chart { margin: .6em 0; break-inside: avoid; page-break-inside: avoid; }
  .chart svg { max-width: 100%; height: auto; }
  .legend { margin: 0 0 0 3em; font-size: 9pt; }
  .key { font-size: 12pt; }
  .key.blue { color: #2E6FBA; }
  .key.orange { color: #E07B39; }
  .empty { color: #555; font-style: italic; }
  footer { margin-top: 1.5em; color: #444; font-size: 8.5pt; }
  footer p { margin: .2em 0; }
  @media print { body { margin: 0; max-width: none; padding: 0; } .charts { break-before: page; page-break-before: always; } }
</style>
</head>
<body>
<h1>Rapport au comité de suivi</h1>
<p class="period"><strong>{{.Programme}}</strong> — {{.Period}}</p>
<p class="asof">{{.AsOf}}</p>
{{- if .Overrun}}
<p class="alert">{{.Overrun}}</p>
{{- end}}
{{- if .Over}}
<p class="over">Programme terminé : les chèques non utilisés sont expirés.</p>
{{- end}}
<h2>Carnets</h2>
{{template "figures" .Carnets}}
<h2>Chèques</h2>
{{template "figures" .Cheques}}
<h2>Personnes</h2>
{{template "figures" .People}}
<h2>Montants</h2>
{{template "figures" .Money}}
<h2>Financeurs</h2>
{{- template "table" .Funders}}
<div class="charts">
<h2>Graphiques</h2>
{{- range .Charts}}
<div class="chart">{{.SVG}}
{{- if .Legend}}
<p class="legend">{{range $i, $k := .Legend}}{{if $i}} &emsp; {{end}}<span class="key {{$k.Class}}">■</span> {{$k.Label}}{{end}}</p>
{{- end}}
</div>
{{- end}}
</div>
<h2>Par prescripteur</h2>
{{- template "table" .Prescribers}}
<h2>Par lieu</h2>
{{- template "table" .Places}}
<footer>
{{- range .Notes}}
<p>{{.}}</p>
{{- end}}
</footer>
</body>
</html>
{{define "figures"}}<div class="figures">
{{- range .}}
<div class="figure{{if .Alert}} bad{{end}}"><div class="value">{{.Value}}</div><div class="label">{{.Label}}</div>{{if .Note}}<div class="note">{{.Note}}</div>{{end}}</div>
{{- end}}
</div>{{end}}`
