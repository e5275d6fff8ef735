package doc

import (
	"fmt"
	"html/template"
	"io"
	"sync"

	"passnum/domain"
)

// The closing statement (état de clôture) as one printable A4 page, self-contained like the
// committee report: no external resource, it opens offline and can be mailed as is.

// WriteClosingHTML writes the closing statement as a printable HTML page.
func WriteClosingHTML(w io.Writer, c domain.Closing) error {
	if err := closingHTML().Execute(w, newClosingHTMLData(c)); err != nil {
		return fmt.Errorf("état de clôture HTML : %w", err)
	}
	return nil
}

type closingHTMLData struct {
	Programme, Status, LastDay   string
	Figures                      []reportFigure
	Funders, Prescribers, Claims htmlTable
}

func newClosingHTMLData(c domain.Closing) closingHTMLData {
	d := closingHTMLData{Programme: c.ProgrammeName + " (" + c.Programme + ")", Status: closingStatus(c)}
	if !c.ExpiredAt.IsZero() {
		d.LastDay = c.ExpiredAt.AddDate(0, 0, -1).Format("02/01/2006")
	}
	d.Figures = []reportFigure{
		{Label: "carnets remis", Value: count(c.Issued)},
		{Label: "carnets remis jamais entamés", Value: count(c.IssuedNotStarted)},
		{Label: "carnets jamais remis", Value: count(c.NotHandedOver), Note: "en stock ou chez un prescripteur"},
		{Label: "chèques non utilisés (expirés)", Value: count(c.Unused)},
		{Label: "avoir à recevoir", Value: euros(c.CreditBackCents), Note: count(c.Unused) + " × " + euros(int64(c.ChequeValueCents))},
		{Label: "demandes de remboursement ouvertes", Value: euros(c.ClaimsCents), Note: domain.Plural(len(c.ClaimsOpen), "demande", "demandes"), Alert: len(c.ClaimsOpen) > 0},
	}
	d.Funders = htmlTable{Head: []string{"financeur", "part", "avoir", "demandes ouvertes"}, Empty: "Aucun financeur déclaré pour ce programme."}
	for _, f := range c.Funders {
		d.Funders.Rows = append(d.Funders.Rows, []string{f.Name, fmt.Sprintf("%d %%", f.SharePercent), euros(f.CreditBackCents), euros(f.ClaimsOpenCents)})
	}
	d.Funders.Total = []string{"Total", "", euros(c.CreditBackCents), euros(c.ClaimsCents)}
	d.Prescribers = htmlTable{Head: []string{"prescripteur", "carnets remis", "jamais entamés", "jamais remis", "chèques non utilisés", "avoir"},
		Empty: "Aucun carnet pour ce programme."}
	for _, l := range c.Prescribers {
		d.Prescribers.Rows = append(d.Prescribers.Rows, []string{l.Name, count(l.Issued), count(l.IssuedNotStarted), count(l.NotHandedOver), count(l.Unused), euros(l.CreditBackCents)})
	}
	d.Prescribers.Total = []string{"Total", count(c.Issued), count(c.IssuedNotStarted), count(c.NotHandedOver), count(c.Unused), euros(c.CreditBackCents)}
	d.Claims = htmlTable{Head: []string{"demande", "lieu", "mois", "préparée le", "chèques", "montant"},
		Empty: "Aucune demande de remboursement en attente de paiement."}
	var cheques int
	for _, cl := range c.ClaimsOpen {
		d.Claims.Rows = append(d.Claims.Rows, []string{cl.ID, cl.PlaceName, cl.Month, cl.PreparedAt.Local().Format("02/01/2006"), count(cl.Cheques), euros(cl.Cents)})
		cheques += cl.Cheques
	}
	d.Claims.Total = []string{"Total", "", "", "", count(cheques), euros(c.ClaimsCents)}
	return d
}

var closingHTML = sync.OnceValue(func() *template.Template {
	return a4Page("cloture", closingTemplate)
})

const closingTemplate = `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>État de clôture — {{.Programme}}</title>
<style>
` + a4Style + `  .empty { color: #555; font-style: italic; }
  .sign { display: grid; grid-template-columns: 1fr 1fr; gap: 2em; margin-top: 2em; break-inside: avoid; page-break-inside: avoid; }
  .sign div { border-top: 1px solid #333; padding-top: .3em; min-height: 5em; }
  footer { margin-top: 1.5em; color: #444; font-size: 8.5pt; }
  @media print { body { margin: 0; max-width: none; padding: 0; } }
</style>
</head>
<body>
<h1>État de clôture</h1>
<p class="period"><strong>{{.Programme}}</strong></p>
<p class="asof">{{.Status}}{{if .LastDay}} — chèques acceptés jusqu'au {{.LastDay}} (tolérance comprise){{end}}</p>
<div class="figures">
{{- range .Figures}}
<div class="figure{{if .Alert}} bad{{end}}"><div class="value">{{.Value}}</div><div class="label">{{.Label}}</div>{{if .Note}}<div class="note">{{.Note}}</div>{{end}}</div>
{{- end}}
</div>
<h2>Avoir par financeur</h2>
{{- template "table" .Funders}}
<h2>Par prescripteur</h2>
{{- template "table" .Prescribers}}
<h2>Demandes de remboursement ouvertes</h2>
{{- template "table" .Claims}}
<div class="sign"><div>Pour le commanditaire</div><div>Pour l'opérateur</div></div>
<footer><p>Avoir : valeur faciale des chèques non utilisés des carnets remis, partagée entre les financeurs au centime près (les centimes restants vont aux plus grands restes).</p></footer>
</body>
</html>`
