package doc

import (
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"passnum/domain"
)

// The committee report as a workbook, for those who rework the figures: one sheet per table
// (Synthèse always, then Financeurs, Prescripteurs, Communes, QPV, Publics, Lieux, Mois when the
// report has lines for them). Cells hold real values — counts and amounts as numbers (euros,
// not cents), percents as fractions shown « 40,0 % », days as dates shown JJ/MM/AAAA — so that
// sums and filters work; the spreadsheet shows them in its own locale (a French one writes
// « 1 234,50 € »). Every table has a bold header row, frozen, with an autofilter; a table's
// « Total » line is under its filtered range.

// ReportSheets names the sheets a report may have, in their order (≤ 31 characters each).
var ReportSheets = []string{"Synthèse", "Financeurs", "Prescripteurs", "Communes", "QPV", "Publics", "Lieux", "Mois"}

// Number formats (OOXML codes: « , » groups and « . » is the decimal point; the spreadsheet
// shows them with the reader's separators).
const (
	xlsxEuroFormat    = `#,##0.00 "€";[Red]-#,##0.00 "€"`
	xlsxCountFormat   = `#,##0`
	xlsxPercentFormat = `0.0%`
	xlsxDateFormat    = `dd/mm/yyyy`
	xlsxMonthFormat   = `mmmm yyyy`
	xlsxClockFormat   = `hh:mm`
)

// WriteReportXLSX writes the report as an XLSX workbook.
func WriteReportXLSX(w io.Writer, r domain.Report) error {
	x, err := newReportXLSX(r)
	if err != nil {
		return fmt.Errorf("rapport XLSX : %w", err)
	}
	defer x.f.Close()
	if err := x.f.Write(w); err != nil {
		return fmt.Errorf("rapport XLSX : %w", err)
	}
	return nil
}

// ReportXLSXSheets is the number of sheets WriteReportXLSX writes for r.
func ReportXLSXSheets(r domain.Report) int { return len((*reportXLSX)(nil).tables(r)) }

// Kinds of cell, each with its style.
type xlsxKind int

const (
	xText xlsxKind = iota
	xCount
	xEuro
	xPercent
	xDate
	xMonth
	xClock // a time of day, « 14:30 »
	xHeader
	xTotalText
	xTotalCount
	xTotalEuro
	xTotalPercent
	xKinds
)

// xlsxCell is one value: a string (xText), an int (xCount), cents (xEuro), a percent as the
// report holds it, 40.0 for 40 % (xPercent, nil for none), a time (xDate, xMonth).
type xlsxCell struct {
	kind  xlsxKind
	value any
}

func xtext(s string) xlsxCell { return xlsxCell{xText, cellText(s)} }
func xcount(n int) xlsxCell   { return xlsxCell{xCount, n} }
func xeuro(c int64) xlsxCell  { return xlsxCell{xEuro, c} }
func xpercent(p *float64) xlsxCell {
	if p == nil {
		return xlsxCell{xText, "—"}
	}
	return xlsxCell{xPercent, *p}
}
func xdate(t time.Time) xlsxCell {
	if t.IsZero() {
		return xlsxCell{xText, "—"}
	}
	return xlsxCell{xDate, t}
}

// total is the same cell in a « Total » line: bold.
func (c xlsxCell) total() xlsxCell {
	switch c.kind {
	case xText:
		c.kind = xTotalText
	case xCount:
		c.kind = xTotalCount
	case xEuro:
		c.kind = xTotalEuro
	case xPercent:
		c.kind = xTotalPercent
	}
	return c
}

type reportXLSX struct {
	f      *excelize.File
	styles [xKinds]int
}

func newReportXLSX(r domain.Report) (*reportXLSX, error) {
	x := &reportXLSX{f: excelize.NewFile()}
	if err := x.makeStyles(); err != nil {
		x.f.Close()
		return nil, err
	}
	// The document's dates are the report's, not the writing time: same report, same workbook.
	stamp := r.AsOf.UTC().Format(time.RFC3339)
	if r.AsOf.IsZero() {
		stamp = ""
	}
	if err := x.f.SetDocProps(&excelize.DocProperties{Title: "Rapport au comité de suivi — " + r.ProgrammeName, Subject: r.Period.Label(),
		Creator: "passnum", LastModifiedBy: "passnum", Language: "fr-FR", Created: stamp, Modified: stamp}); err != nil {
		x.f.Close()
		return nil, err
	}
	sheets := x.tables(r)
	for i, s := range sheets {
		if err := x.sheet(i, s); err != nil {
			x.f.Close()
			return nil, fmt.Errorf("feuille %s : %w", s.name, err)
		}
	}
	x.f.SetActiveSheet(0)
	return x, nil
}

func (x *reportXLSX) makeStyles() error {
	format := func(s string) *string { return &s }
	bold := &excelize.Font{Bold: true}
	headerFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE6F2"}}
	headerBorder := []excelize.Border{{Type: "bottom", Color: "333333", Style: 1}}
	wrap := &excelize.Alignment{Vertical: "center", WrapText: true}
	totalBorder := []excelize.Border{{Type: "top", Color: "333333", Style: 1}}
	defs := [xKinds]*excelize.Style{
		xText:         {},
		xCount:        {CustomNumFmt: format(xlsxCountFormat)},
		xEuro:         {CustomNumFmt: format(xlsxEuroFormat)},
		xPercent:      {CustomNumFmt: format(xlsxPercentFormat)},
		xDate:         {CustomNumFmt: format(xlsxDateFormat), Alignment: &excelize.Alignment{Horizontal: "right"}},
		xMonth:        {CustomNumFmt: format(xlsxMonthFormat), Alignment: &excelize.Alignment{Horizontal: "left"}},
		xClock:        {CustomNumFmt: format(xlsxClockFormat), Alignment: &excelize.Alignment{Horizontal: "right"}},
		xHeader:       {Font: bold, Fill: headerFill, Border: headerBorder, Alignment: wrap},
		xTotalText:    {Font: bold, Border: totalBorder},
		xTotalCount:   {Font: bold, Border: totalBorder, CustomNumFmt: format(xlsxCountFormat)},
		xTotalEuro:    {Font: bold, Border: totalBorder, CustomNumFmt: format(xlsxEuroFormat)},
		xTotalPercent: {Font: bold, Border: totalBorder, CustomNumFmt: format(xlsxPercentFormat)},
	}
	for k, d := range defs {
		id, err := x.f.NewStyle(d)
		if err != nil {
			return err
		}
		x.styles[k] = id
	}
	return nil
}

// xlsxTable is one sheet: a header, rows, and a total line under the filtered range.
type xlsxTable struct {
	name   string
	header []string
	rows   [][]xlsxCell
	total  []xlsxCell
}

func (x *reportXLSX) tables(r domain.Report) []xlsxTable {
	out := []xlsxTable{synthesisTable(r)}
	if len(r.Funders) > 0 {
		t := xlsxTable{name: "Financeurs", header: []string{"financeur", "part", "budget", "valeur des carnets reçus", "valeur des carnets remis",
			"valeur des chèques utilisés", "demandé", "payé"}}
		if r.HasBudget {
			t.header = append(t.header, "reste du budget")
		}
		row := func(name string, share int, m domain.Money) []xlsxCell {
			pct := float64(share)
			cells := []xlsxCell{xtext(name), xpercent(&pct), xeuro(m.Budget), xeuro(m.Received), xeuro(m.Issued), xeuro(m.Used), xeuro(m.Claimed), xeuro(m.Paid)}
			if r.HasBudget {
				cells = append(cells, xeuro(m.Rest))
			}
			return cells
		}
		shares := 0
		for _, f := range r.Funders {
			t.rows = append(t.rows, row(f.Name, f.SharePercent, f.Money))
			shares += f.SharePercent
		}
		t.total = row("Total", shares, r.Money)
		out = append(out, t)
	}
	if len(r.ByPrescriber) > 0 {
		t := xlsxTable{name: "Prescripteurs", header: []string{"identifiant", "prescripteur", "carnets attribués", "carnets remis", "en main (pas encore remis)", "personnes touchées"}}
		var a, i, h int
		for _, l := range r.ByPrescriber {
			t.rows = append(t.rows, []xlsxCell{xtext(l.ID), xtext(l.Name), xcount(l.Allocated), xcount(l.Issued), xcount(l.InHand), xcount(l.People)})
			a, i, h = a+l.Allocated, i+l.Issued, h+l.InHand
		}
		// People are counted once however many prescribers they met: the programme's figure.
		t.total = []xlsxCell{xtext("Total"), xtext(""), xcount(a), xcount(i), xcount(h), xcount(r.People.Reached)}
		out = append(out, t)
	}
	residence := func(name, idHeader, nameHeader string, lines []domain.ResidenceLine, commune bool) xlsxTable {
		t := xlsxTable{name: name, header: []string{idHeader, nameHeader}}
		if commune {
			t.header = append(t.header, "commune (INSEE)")
		}
		t.header = append(t.header, "carnets remis", "personnes touchées", "chèques utilisés", "personnes ayant utilisé un chèque")
		var issued, cheques int
		for _, l := range lines {
			row := []xlsxCell{xtext(l.ID), xtext(l.Name)}
			if commune {
				row = append(row, xtext(l.Commune))
			}
			t.rows = append(t.rows, append(row, xcount(l.Issued), xcount(l.Reached), xcount(l.Cheques), xcount(l.PeopleUse)))
			issued, cheques = issued+l.Issued, cheques+l.Cheques
		}
		t.total = []xlsxCell{xtext("Total"), xtext("")}
		if commune {
			t.total = append(t.total, xtext(""))
		}
		t.total = append(t.total, xcount(issued), xcount(r.People.Reached), xcount(cheques), xcount(r.People.Used))
		return t
	}
	if len(r.ByCommune) > 0 {
		out = append(out, residence("Communes", "code INSEE", "commune", r.ByCommune, false))
	}
	if len(r.ByQPV) > 0 {
		out = append(out, residence("QPV", "quartier prioritaire", "quartier (commune)", r.ByQPV, true))
	}
	if len(r.ByPublic) > 0 {
		out = append(out, residence("Publics", "identifiant", "public", r.ByPublic, false))
	}
	if len(r.ByPlace) > 0 {
		t := xlsxTable{name: "Lieux", header: []string{"identifiant", "lieu", "séances", "chèques utilisés", "demandé", "payé"}}
		var s, c int
		var cl, pa int64
		for _, l := range r.ByPlace {
			t.rows = append(t.rows, []xlsxCell{xtext(l.ID), xtext(l.Name), xcount(l.Sessions), xcount(l.Cheques), xeuro(l.ClaimedCents), xeuro(l.PaidCents)})
			s, c, cl, pa = s+l.Sessions, c+l.Cheques, cl+l.ClaimedCents, pa+l.PaidCents
		}
		t.total = []xlsxCell{xtext("Total"), xtext(""), xcount(s), xcount(c), xeuro(cl), xeuro(pa)}
		out = append(out, t)
	}
	if len(r.ByMonth) > 0 {
		t := xlsxTable{name: "Mois", header: []string{"mois", "mois entier", "carnets reçus", "carnets injectés", "carnets remis", "chèques utilisés", "demandé", "payé"}}
		var rc, al, is, ch int
		var cl, pa int64
		for _, m := range r.ByMonth {
			whole := "oui"
			if m.Partial {
				whole = "non (coupé par la période)"
			}
			t.rows = append(t.rows, []xlsxCell{{xMonth, m.Month}, xtext(whole), xcount(m.Received), xcount(m.Allocated), xcount(m.Issued),
				xcount(m.Cheques), xeuro(m.ClaimedCents), xeuro(m.PaidCents)})
			rc, al, is, ch, cl, pa = rc+m.Received, al+m.Allocated, is+m.Issued, ch+m.Cheques, cl+m.ClaimedCents, pa+m.PaidCents
		}
		t.total = []xlsxCell{xtext("Total"), xtext(""), xcount(rc), xcount(al), xcount(is), xcount(ch), xeuro(cl), xeuro(pa)}
		out = append(out, t)
	}
	return out
}

// synthesisTable is the key figures, one a line: section, figure, value, precision.
func synthesisTable(r domain.Report) xlsxTable {
	t := xlsxTable{name: "Synthèse", header: []string{"rubrique", "indicateur", "valeur", "précision"}}
	add := func(section, label string, v xlsxCell, note string) {
		t.rows = append(t.rows, []xlsxCell{xtext(section), xtext(label), v, xtext(note)})
	}
	first, last := r.Period.From, time.Time{}
	if !r.Period.To.IsZero() {
		last = r.Period.To.AddDate(0, 0, -1)
	}
	add("Programme", "programme", xtext(r.ProgrammeName), r.Programme)
	add("Programme", "période", xtext(r.Period.Label()), "")
	add("Programme", "premier jour", xdate(first), "vide : depuis le début du programme")
	add("Programme", "dernier jour compris", xdate(last), "vide : jusqu'à aujourd'hui")
	asOf := "états à la fin de la période"
	if r.Over {
		asOf += " ; programme terminé : les chèques non utilisés sont expirés"
	}
	add("Programme", "états au", xdate(r.AsOf), asOf)
	c := r.Carnets
	for _, f := range []struct {
		label string
		n     int
		note  string
	}{
		{"carnets reçus (émis)", c.Received, ""},
		{"carnets injectés (sortis du stock central)", c.Allocated, ""},
		{"carnets remis à une personne", c.Issued, ""},
		{"carnets entamés (un chèque utilisé au moins)", c.Started, ""},
		{"carnets annulés", c.Voided, ""},
		{"carnets en stock central", c.InStock, ""},
		{"carnets chez les prescripteurs, pas encore remis", c.InHand, ""},
		{"carnets reçus depuis le début", c.ReceivedToDate, ""},
		{"carnets remis depuis le début", c.IssuedToDate, ""},
	} {
		add("Carnets", f.label, xcount(f.n), f.note)
	}
	// Said only where the programme's allowance depends on accompaniment (Hauts-de-France).
	if c.Accompanied > 0 || c.Extra > 0 {
		add("Carnets", "dont remis avec l'accompagnement d'un conseiller", xcount(c.Accompanied), "")
		add("Carnets", "dont supplémentaires sur demande motivée", xcount(c.Extra), "motif au journal")
	}
	add("Carnets", "distribués : remis ÷ reçus depuis le début", xpercent(r.DistributedPercent), "")
	if c.Target > 0 {
		add("Carnets", "objectif de carnets remis", xcount(c.Target), "")
		add("Carnets", "objectif atteint (carnets)", xpercent(c.TargetPercent), "")
	}
	ch := r.Cheques
	add("Chèques", "chèques remis (dans les carnets remis)", xcount(ch.Issued), "")
	add("Chèques", "chèques utilisés", xcount(ch.Used), "")
	add("Chèques", "chèques remboursés (demandes payées)", xcount(ch.Reimbursed), "")
	add("Chèques", "chèques disponibles (remis, pas encore utilisés)", xcount(ch.Available), "")
	add("Chèques", "chèques expirés", xcount(ch.Expired), "")
	p := r.People
	add("Personnes", "personnes touchées (un carnet reçu)", xcount(p.Reached), "")
	if p.Target > 0 {
		add("Personnes", "objectif de personnes touchées", xcount(p.Target), "")
		add("Personnes", "objectif atteint (personnes)", xpercent(p.TargetPercent), "")
	}
	add("Personnes", "personnes ayant utilisé un chèque", xcount(p.Used), "")
	add("Personnes", "séances suivies (payées par un chèque)", xcount(p.SessionsAttended), "")
	add("Personnes", "séances ayant reçu un chèque", xcount(r.Sessions), "")
	m := r.Money
	if r.HasBudget {
		add("Montants", "budget", xeuro(m.Budget), "")
	} else {
		add("Montants", "budget", xtext("—"), "pas de budget fixé pour ce programme")
	}
	add("Montants", "valeur des carnets reçus", xeuro(m.Received), "")
	add("Montants", "valeur des carnets remis", xeuro(m.Issued), "")
	add("Montants", "valeur des chèques utilisés", xeuro(m.Used), "")
	add("Montants", "demandé (remboursements préparés)", xeuro(m.Claimed), "")
	add("Montants", "payé aux lieux", xeuro(m.Paid), "")
	if r.HasBudget {
		note := "budget − valeur des carnets reçus depuis le début du programme"
		if m.Rest < 0 {
			note = "BUDGET DÉPASSÉ de " + euros(-m.Rest)
		}
		add("Montants", "reste du budget", xeuro(m.Rest), note)
	}
	return t
}

// sheet writes table t as the i-th sheet.
func (x *reportXLSX) sheet(i int, t xlsxTable) error {
	f := x.f
	if i == 0 {
		if err := f.SetSheetName("Sheet1", t.name); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(t.name); err != nil {
		return err
	}
	widths := make([]int, len(t.header))
	set := func(col, row int, c xlsxCell) error {
		ref, err := excelize.CoordinatesToCellName(col+1, row)
		if err != nil {
			return err
		}
		var v any
		var shown string
		switch c.kind {
		case xEuro, xTotalEuro:
			cents := c.value.(int64)
			v, shown = float64(cents)/100, euros(cents)
		case xPercent, xTotalPercent:
			p := c.value.(float64)
			v, shown = p/100, domain.FormatPercent(&p)
		case xDate, xMonth:
			// The local calendar day, as a date without time of day.
			y, m, d := c.value.(time.Time).Local().Date()
			v, shown = time.Date(y, m, d, 0, 0, 0, 0, time.UTC), "00/00/0000"
			if c.kind == xMonth {
				shown = "septembre 0000"
			}
		case xClock:
			// A time of day is a fraction of a day for a spreadsheet.
			t := c.value.(time.Time).Local()
			v, shown = float64(t.Hour()*60+t.Minute())/(24*60), "00:00"
		case xCount, xTotalCount:
			v, shown = c.value, domain.Grouped(int64(c.value.(int)))
		default:
			v, shown = c.value, c.value.(string)
		}
		if err := f.SetCellValue(t.name, ref, v); err != nil {
			return err
		}
		if c.kind != xHeader && col < len(widths) {
			widths[col] = max(widths[col], utf8.RuneCountInString(shown))
		}
		return f.SetCellStyle(t.name, ref, ref, x.styles[c.kind]) // after the value: a time sets its own style
	}
	for col, h := range t.header {
		if err := set(col, 1, xlsxCell{xHeader, h}); err != nil {
			return err
		}
	}
	for r, row := range t.rows {
		for col, c := range row {
			if err := set(col, r+2, c); err != nil {
				return err
			}
		}
	}
	for col, c := range t.total {
		if err := set(col, len(t.rows)+2, c.total()); err != nil {
			return err
		}
	}
	for col, w := range widths {
		name, err := excelize.ColumnNumberToName(col + 1)
		if err != nil {
			return err
		}
		// Headers wrap: a long header alone does not widen its column past 24.
		width := float64(min(max(w, min(utf8.RuneCountInString(t.header[col]), 24), 8), 60)) + 2
		if err := f.SetColWidth(t.name, name, name, width); err != nil {
			return err
		}
	}
	if err := f.SetPanes(t.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	last, err := excelize.CoordinatesToCellName(len(t.header), max(len(t.rows)+1, 2))
	if err != nil {
		return err
	}
	return f.AutoFilter(t.name, "A1:"+last, nil)
}
