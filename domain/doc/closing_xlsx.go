package doc

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"passnum/domain"
)

// The closing statement (état de clôture) as a workbook, with the committee report's
// conventions (report_xlsx.go): real numbers, amounts in euros with a euro format, dates as
// dates, a bold frozen header with an autofilter on every sheet, « Total » lines under the
// filtered range. Sheets: Clôture (the totals), Financeurs, Prescripteurs, Demandes ouvertes.

// ClosingSheets names the sheets of a closing workbook, in their order.
var ClosingSheets = []string{"Clôture", "Financeurs", "Prescripteurs", "Demandes ouvertes"}

// WriteClosingXLSX writes the closing statement as an XLSX workbook.
func WriteClosingXLSX(w io.Writer, c domain.Closing) error {
	x := &reportXLSX{f: excelize.NewFile()}
	defer x.f.Close()
	if err := x.makeStyles(); err != nil {
		return fmt.Errorf("état de clôture XLSX : %w", err)
	}
	stamp := c.At.UTC().Format(time.RFC3339)
	if err := x.f.SetDocProps(&excelize.DocProperties{Title: "État de clôture — " + c.ProgrammeName, Subject: c.Programme,
		Creator: "passnum", LastModifiedBy: "passnum", Language: "fr-FR", Created: stamp, Modified: stamp}); err != nil {
		return fmt.Errorf("état de clôture XLSX : %w", err)
	}
	for i, t := range closingTables(c) {
		if err := x.sheet(i, t); err != nil {
			return fmt.Errorf("état de clôture XLSX, feuille %s : %w", t.name, err)
		}
	}
	x.f.SetActiveSheet(0)
	if err := x.f.Write(w); err != nil {
		return fmt.Errorf("état de clôture XLSX : %w", err)
	}
	return nil
}

// closingStatus says whether the statement is the closing's or drawn up before it.
func closingStatus(c domain.Closing) string {
	if c.Closed {
		return "clos le " + c.At.Local().Format("02/01/2006 à 15:04") + " par " + c.By
	}
	return "pas encore clos : état au " + c.At.Local().Format("02/01/2006 à 15:04")
}

func closingTables(c domain.Closing) []xlsxTable {
	sum := xlsxTable{name: ClosingSheets[0], header: []string{"rubrique", "indicateur", "valeur", "précision"}}
	add := func(section, label string, v xlsxCell, note string) {
		sum.rows = append(sum.rows, []xlsxCell{xtext(section), xtext(label), v, xtext(note)})
	}
	add("Programme", "programme", xtext(c.ProgrammeName), c.Programme)
	add("Programme", "statut", xtext(closingStatus(c)), "")
	if !c.ExpiredAt.IsZero() {
		add("Programme", "dernier jour accepté", xdate(c.ExpiredAt.AddDate(0, 0, -1)), "fin de validité + tolérance")
	}
	add("Carnets", "carnets remis", xcount(c.Issued), "")
	add("Carnets", "carnets remis jamais entamés", xcount(c.IssuedNotStarted), "aucun chèque utilisé")
	add("Carnets", "carnets jamais remis", xcount(c.NotHandedOver), "en stock ou chez un prescripteur")
	add("Chèques", "chèques non utilisés (expirés)", xcount(c.Unused), "des carnets remis")
	add("Montants", "avoir à recevoir (valeur faciale)", xeuro(c.CreditBackCents), fmt.Sprintf("%s × %s", count(c.Unused), euros(int64(c.ChequeValueCents))))
	add("Montants", "demandes de remboursement ouvertes", xcount(len(c.ClaimsOpen)), "préparées, pas encore payées")
	add("Montants", "montant des demandes ouvertes", xeuro(c.ClaimsCents), "")
	out := []xlsxTable{sum}

	f := xlsxTable{name: ClosingSheets[1], header: []string{"financeur", "part", "avoir", "demandes ouvertes"}}
	for _, fu := range c.Funders {
		pct := float64(fu.SharePercent)
		f.rows = append(f.rows, []xlsxCell{xtext(fu.Name), xpercent(&pct), xeuro(fu.CreditBackCents), xeuro(fu.ClaimsOpenCents)})
	}
	f.total = []xlsxCell{xtext("Total"), xtext(""), xeuro(c.CreditBackCents), xeuro(c.ClaimsCents)}
	out = append(out, f)

	p := xlsxTable{name: ClosingSheets[2], header: []string{"prescripteur", "carnets remis", "remis jamais entamés", "jamais remis", "chèques non utilisés", "avoir"}}
	for _, l := range c.Prescribers {
		p.rows = append(p.rows, []xlsxCell{xtext(l.Name), xcount(l.Issued), xcount(l.IssuedNotStarted), xcount(l.NotHandedOver), xcount(l.Unused), xeuro(l.CreditBackCents)})
	}
	p.total = []xlsxCell{xtext("Total"), xcount(c.Issued), xcount(c.IssuedNotStarted), xcount(c.NotHandedOver), xcount(c.Unused), xeuro(c.CreditBackCents)}
	out = append(out, p)

	o := xlsxTable{name: ClosingSheets[3], header: []string{"demande", "lieu", "mois", "préparée le", "chèques", "montant"}}
	var cheques int
	for _, cl := range c.ClaimsOpen {
		o.rows = append(o.rows, []xlsxCell{xtext(cl.ID), xtext(cl.PlaceName), xtext(cl.Month), xdate(cl.PreparedAt), xcount(cl.Cheques), xeuro(cl.Cents)})
		cheques += cl.Cheques
	}
	o.total = []xlsxCell{xtext("Total"), xtext(""), xtext(""), xtext(""), xcount(cheques), xeuro(c.ClaimsCents)}
	return append(out, o)
}
