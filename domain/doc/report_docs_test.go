package doc

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"passnum/domain"
)

func reportDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.Local)
}

// goldenReport is a programme over March and April 2026 (the period cuts both months): 10
// carnets received (16 to date: 800 €), two prescribers, two places, three funders whose shares
// need the remainder rule, a budget of 1 000,01 €, objectives, and names that need escaping.
func goldenReport() domain.Report { return reportWithBudget(100001) }

func reportWithBudget(budget int64) domain.Report {
	prog := domain.Programme{ID: "test", Name: "Pass <numérique> & co", ChequeValueCents: 1000, ChequesPerCarnet: 5,
		ValidUntil: reportDay(2026, 12, 31), BudgetCents: budget, TargetPeople: 10, TargetCarnets: 20,
		Funders: []domain.Funder{{Name: "État", SharePercent: 61}, {Name: "Europe", SharePercent: 14}, {Name: "Département de l'Oise", SharePercent: 25}},
		Publics: []domain.Public{{ID: "jeune", Name: "Jeunes 16–25 ans"}}}
	p := domain.Period{From: reportDay(2026, 3, 15), To: reportDay(2026, 4, 15)}
	facts := domain.ReportFacts{
		AsOf:   p.To,
		Months: domain.ReportMonths(p, time.Time{}, p.To),
		Carnets: []domain.CarnetCounts{
			{Prescriber: "", ReceivedMonth: 0, AllocatedMonth: -1, IssuedMonth: -1, Received: 10, ReceivedToDate: 10, InStock: 6},
			{Prescriber: "cs", ReceivedMonth: -1, AllocatedMonth: 0, IssuedMonth: 1, Allocated: 3, Issued: 3, ReceivedToDate: 3, IssuedToDate: 3},
			{Prescriber: "cs", ReceivedMonth: -1, AllocatedMonth: 0, IssuedMonth: -1, Allocated: 1, ReceivedToDate: 1, InHand: 1},
			{Prescriber: "ml", ReceivedMonth: -1, AllocatedMonth: -1, IssuedMonth: 0, Issued: 1, ReceivedToDate: 1, IssuedToDate: 1},
			{Prescriber: "ml", ReceivedMonth: -1, AllocatedMonth: -1, IssuedMonth: -1, ReceivedToDate: 1, Voided: 1},
		},
		Groups: []domain.GroupCount{
			{Dim: domain.ByPrescriber, Key: "cs", Issued: 3, Reached: 2},
			{Dim: domain.ByPrescriber, Key: "ml", Issued: 1, Reached: 1},
			{Dim: domain.ByPublic, Key: "jeune", Issued: 2, Reached: 2, Cheques: 4, Users: 2},
			{Dim: domain.ByPublic, Key: "", Issued: 2, Reached: 1, Cheques: 3, Users: 1},
			{Dim: domain.ByQPV, Key: "60175", QPV: "Hauts de Creil", Issued: 2, Reached: 2, Cheques: 4, Users: 2},
			{Dim: domain.ByQPV, Key: "60175", QPV: "", Issued: 1, Reached: 1, Cheques: 2, Users: 1},
			{Dim: domain.ByQPV, Key: "60589", QPV: "", Issued: 1, Reached: 0, Cheques: 1, Users: 0},
		},
		ChequesByMonth: []int{2, 5},
		Started:        3, UsedOfIssued: 7, Attendances: 6,
		Places: []domain.PlaceCounts{{Place: "pimms", Name: "PIMMS de Creil", Sessions: 3, Cheques: 5}, {Place: "cims", Name: "CIMS <Montataire>", Sessions: 2, Cheques: 2}},
		Claims: []domain.ClaimCounts{
			{Place: "pimms", Name: "PIMMS de Creil", Prepared: 1, Paid: 1, Cheques: 2, Cents: 2000},
			{Place: "cims", Name: "CIMS <Montataire>", Prepared: 0, Paid: -1, Cheques: 1, Cents: 1000},
			{Place: "cims", Name: "CIMS <Montataire>", Prepared: -1, Paid: 1, Cheques: 3, Cents: 3001},
		},
	}
	return domain.BuildReport(prog, p, facts).WithNames(
		[]domain.Prescriber{{ID: "cs", Name: "Centre social « Les Tilleuls »"}, {ID: "ml", Name: "Mission locale"}},
		[]domain.Commune{{INSEE: "60175", Name: "Creil"}, {INSEE: "60589", Name: "Saint-Maximin"}})
}

// emptyReport is a programme without any activity, budget or funder.
func emptyReport() domain.Report {
	return domain.BuildReport(domain.Programme{ID: "vide", Name: "Pass vide", ChequeValueCents: 1000, ChequesPerCarnet: 5}, domain.Period{},
		domain.ReportFacts{AsOf: reportDay(2026, 4, 1).Add(9 * time.Hour)})
}

func readXLSX(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// xlsxFind is the row (1-based) of the first cell of column col (A, B…) equal to text.
func xlsxFind(t *testing.T, f *excelize.File, sheet, col, text string) int {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := excelize.ColumnNameToNumber(col)
	for i, row := range rows {
		if len(row) >= c && row[c-1] == text {
			return i + 1
		}
	}
	t.Fatalf("%s: no %q in column %s", sheet, text, col)
	return 0
}

// xlsxNumber reads a cell that must hold a number (not text), with its number format.
func xlsxNumber(t *testing.T, f *excelize.File, sheet, cell string) (float64, string) {
	t.Helper()
	if typ, err := f.GetCellType(sheet, cell); err != nil || (typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber) {
		t.Fatalf("%s!%s: type %v (%v), want a number", sheet, cell, typ, err)
	}
	raw, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Fatalf("%s!%s = %q: not a number", sheet, cell, raw)
	}
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	format := ""
	if st.CustomNumFmt != nil {
		format = *st.CustomNumFmt
	}
	return v, format
}

func TestReportXLSX(t *testing.T) {
	r := goldenReport()
	var b bytes.Buffer
	if err := WriteReportXLSX(&b, r); err != nil {
		t.Fatal(err)
	}
	f := readXLSX(t, b.Bytes())
	if got := f.GetSheetList(); !slices.Equal(got, ReportSheets) || ReportXLSXSheets(r) != len(ReportSheets) {
		t.Fatalf("sheets = %v (%d announced), want %v", got, ReportXLSXSheets(r), ReportSheets)
	}
	filters := map[string]string{}
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" {
			filters[d.Scope] = d.RefersTo
		}
	}
	for _, sheet := range ReportSheets {
		if len(sheet) > 31 {
			t.Errorf("sheet name %q is longer than 31", sheet)
		}
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v (%v), want the header row frozen", sheet, panes, err)
		}
		id, _ := f.GetCellStyle(sheet, "A1")
		if st, err := f.GetStyle(id); err != nil || st.Font == nil || !st.Font.Bold {
			t.Errorf("%s: header A1 not bold (%v)", sheet, err)
		}
		if !strings.HasPrefix(filters[sheet], "'"+sheet+"'!$A$1:") {
			t.Errorf("%s: autofilter = %q", sheet, filters[sheet])
		}
		if w, _ := f.GetColWidth(sheet, "B"); w < 10 || w > 62 {
			t.Errorf("%s: column B is %.1f wide", sheet, w)
		}
	}

	// Synthèse: numbers, percents, dates.
	row := xlsxFind(t, f, "Synthèse", "B", "carnets reçus (émis)")
	if v, format := xlsxNumber(t, f, "Synthèse", "C"+strconv.Itoa(row)); v != float64(r.Carnets.Received) || format != xlsxCountFormat {
		t.Errorf("carnets reçus = %v (%q), want %d", v, format, r.Carnets.Received)
	}
	row = xlsxFind(t, f, "Synthèse", "B", "distribués : remis ÷ reçus depuis le début")
	if v, format := xlsxNumber(t, f, "Synthèse", "C"+strconv.Itoa(row)); v != *r.DistributedPercent/100 || format != xlsxPercentFormat {
		t.Errorf("distribués = %v (%q), want %v %%", v, format, *r.DistributedPercent)
	}
	row = xlsxFind(t, f, "Synthèse", "B", "premier jour")
	v, format := xlsxNumber(t, f, "Synthèse", "C"+strconv.Itoa(row))
	if format != xlsxDateFormat || v != 46096 { // 15/03/2026 in Excel's 1900 calendar
		t.Errorf("premier jour = %v (%q), want 46096 as dd/mm/yyyy", v, format)
	}
	if shown, _ := f.GetCellValue("Synthèse", "C"+strconv.Itoa(row)); shown != "15/03/2026" {
		t.Errorf("premier jour shows %q", shown)
	}
	row = xlsxFind(t, f, "Synthèse", "B", "reste du budget")
	if v, format := xlsxNumber(t, f, "Synthèse", "C"+strconv.Itoa(row)); v != float64(r.Money.Rest)/100 || format != xlsxEuroFormat {
		t.Errorf("reste = %v (%q), want %d cents", v, format, r.Money.Rest)
	}

	// Financeurs: the total line holds the programme's amounts, in euros, shown as euros.
	row = xlsxFind(t, f, "Financeurs", "A", "Total")
	if v, format := xlsxNumber(t, f, "Financeurs", "C"+strconv.Itoa(row)); v != 1000.01 || format != xlsxEuroFormat {
		t.Errorf("total budget = %v (%q), want 1000.01 €", v, format)
	}
	row = xlsxFind(t, f, "Financeurs", "A", "État")
	if v, _ := xlsxNumber(t, f, "Financeurs", "C"+strconv.Itoa(row)); v != float64(r.Funders[0].Money.Budget)/100 {
		t.Errorf("État's budget = %v, want %d cents", v, r.Funders[0].Money.Budget)
	}
	if v, format := xlsxNumber(t, f, "Financeurs", "B"+strconv.Itoa(row)); v != 0.61 || format != xlsxPercentFormat {
		t.Errorf("État's share = %v (%q)", v, format)
	}
	// Prescripteurs, Lieux, Mois: totals.
	row = xlsxFind(t, f, "Prescripteurs", "A", "Total")
	if v, _ := xlsxNumber(t, f, "Prescripteurs", "D"+strconv.Itoa(row)); v != float64(r.Carnets.Issued) {
		t.Errorf("prescribers' issued total = %v, want %d", v, r.Carnets.Issued)
	}
	row = xlsxFind(t, f, "Lieux", "A", "Total")
	if v, _ := xlsxNumber(t, f, "Lieux", "E"+strconv.Itoa(row)); v != float64(r.Money.Claimed)/100 {
		t.Errorf("places' claimed total = %v, want %d cents", v, r.Money.Claimed)
	}
	if v, format := xlsxNumber(t, f, "Mois", "A2"); format != xlsxMonthFormat || v != 46082 { // 01/03/2026
		t.Errorf("first month = %v (%q)", v, format)
	}
	row = xlsxFind(t, f, "Mois", "A", "Total")
	if v, _ := xlsxNumber(t, f, "Mois", "F"+strconv.Itoa(row)); v != float64(r.Cheques.Used) {
		t.Errorf("months' chèques total = %v, want %d", v, r.Cheques.Used)
	}
	// Text stays text, even a name that looks like a formula.
	if got, _ := f.GetCellValue("Lieux", "B2"); got != "CIMS <Montataire>" {
		t.Errorf("Lieux!B2 = %q", got)
	}

	// Same report, same bytes.
	var again bytes.Buffer
	if err := WriteReportXLSX(&again, r); err != nil || !bytes.Equal(again.Bytes(), b.Bytes()) {
		t.Errorf("two writes of one report differ (%v)", err)
	}
}

func TestReportXLSXBudgetOverrunAndEmpty(t *testing.T) {
	r := reportWithBudget(50001) // 800 € of carnets received for a budget of 500,01 €
	var b bytes.Buffer
	if err := WriteReportXLSX(&b, r); err != nil {
		t.Fatal(err)
	}
	f := readXLSX(t, b.Bytes())
	row := strconv.Itoa(xlsxFind(t, f, "Synthèse", "B", "reste du budget"))
	if v, _ := xlsxNumber(t, f, "Synthèse", "C"+row); v != -299.99 {
		t.Errorf("overrun rest = %v", v)
	}
	if note, _ := f.GetCellValue("Synthèse", "D"+row); !strings.Contains(note, "BUDGET DÉPASSÉ de 299,99 €") {
		t.Errorf("overrun note = %q", note)
	}

	b.Reset()
	if err := WriteReportXLSX(&b, emptyReport()); err != nil {
		t.Fatal(err)
	}
	f = readXLSX(t, b.Bytes())
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Synthèse"}) {
		t.Errorf("empty report sheets = %v", got)
	}
	row = strconv.Itoa(xlsxFind(t, f, "Synthèse", "B", "chèques utilisés"))
	if v, _ := xlsxNumber(t, f, "Synthèse", "C"+row); v != 0 {
		t.Errorf("empty report chèques = %v", v)
	}
}

func TestReportHTML(t *testing.T) {
	r := goldenReport()
	var b bytes.Buffer
	if err := WriteReportHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{
		`<html lang="fr">`, "@page { size: A4;",
		"Pass &lt;numérique&gt; &amp; co", "du 15/03/2026 au 14/04/2026", "États au soir du 14/04/2026 (fin de la période).",
		domain.Euros(100001), "1 000,01 €", "200,01 €", domain.Euros(r.Money.Used), domain.Euros(r.Money.Claimed),
		domain.FormatPercent(r.DistributedPercent), "objectif 20 : 20,0 %", "objectif 10 : 30,0 %",
		"État", "Europe", "Département de l&#39;Oise", "61 %",
		"Centre social « Les Tilleuls »", "Mission locale", "CIMS &lt;Montataire&gt;", "PIMMS de Creil",
		"Chèques utilisés par mois", "Carnets par prescripteur", "Part de chaque financeur",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if n := strings.Count(html, "<svg"); n != 3 {
		t.Errorf("%d <svg> elements, want 3", n)
	}
	if strings.Contains(html, "<?xml") || strings.Contains(html, "<!--") {
		t.Error("the inline SVG keeps its XML prelude or comment")
	}
	// No resource loaded from anywhere: the only URL is the SVG namespace.
	if urls := regexp.MustCompile(`https?://[^"'\s)]*`).FindAllString(html, -1); len(slices.DeleteFunc(urls, func(u string) bool {
		return u == "http://www.w3.org/2000/svg"
	})) > 0 {
		t.Errorf("external URLs: %v", urls)
	}
	for _, ref := range []string{"<link", "<script", "<img", "@import", "url(", "src="} {
		if strings.Contains(html, ref) {
			t.Errorf("HTML loads something: %q", ref)
		}
	}
	if strings.Contains(html, "Budget dépassé") {
		t.Error("a budget not overspent is said overspent")
	}
	t.Logf("rapport HTML : %d octets", len(html))
	golden(t, "report.html", b.Bytes())

	var again bytes.Buffer
	if err := WriteReportHTML(&again, r); err != nil || !bytes.Equal(again.Bytes(), b.Bytes()) {
		t.Errorf("two renderings of one report differ (%v)", err)
	}
}

func TestReportHTMLBudgetOverrunAndEmpty(t *testing.T) {
	r := reportWithBudget(50001)
	var b bytes.Buffer
	if err := WriteReportHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	if html := b.String(); !strings.Contains(html, `<p class="alert">Budget dépassé de 299,99 € : les carnets reçus depuis le début du programme valent 800,00 € pour un budget de 500,01 €.</p>`) ||
		!strings.Contains(html, "−299,99 €") || !strings.Contains(html, `class="figure bad"`) {
		t.Errorf("overrun not shown:\n%s", html[:min(len(html), 4000)])
	}

	b.Reset()
	if err := WriteReportHTML(&b, emptyReport()); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	if n := strings.Count(html, "<svg"); n != 3 {
		t.Errorf("empty report: %d <svg>, want 3", n)
	}
	for _, want := range []string{"Pass vide", "depuis le début du programme", "Aucun financeur déclaré", "Aucun carnet attribué ni remis",
		"Aucun chèque utilisé ni remboursement", "aucune donnée sur la période", "États au 01/04/2026 à 09:00."} {
		if !strings.Contains(html, want) {
			t.Errorf("empty report lacks %q", want)
		}
	}
}

// bigReport is the golden report with the breakdowns of a year at scale 1 (12 months, 6
// prescribers, 100 places, 11 communes).
func bigReport() domain.Report {
	r := goldenReport()
	r.ByMonth, r.ByPrescriber, r.ByPlace, r.ByCommune = nil, nil, nil, nil
	for i := range 12 {
		r.ByMonth = append(r.ByMonth, domain.MonthLine{Month: reportDay(2025, time.Month(i+1), 1), Received: 800, Allocated: 700, Issued: 650, Cheques: 1000 + 537*i,
			ClaimedCents: 900000, PaidCents: 800000})
	}
	for i := range 6 {
		r.ByPrescriber = append(r.ByPrescriber, domain.PrescriberLine{ID: "p" + strconv.Itoa(i), Name: "Prescripteur n° " + strconv.Itoa(i), Allocated: 3000, Issued: 2500, InHand: 500, People: 2400})
	}
	for i := range 100 {
		r.ByPlace = append(r.ByPlace, domain.PlaceLine{ID: "l" + strconv.Itoa(i), Name: "Lieu n° " + strconv.Itoa(i), Sessions: 120, Cheques: 600, ClaimedCents: 600000, PaidCents: 500000})
	}
	for i := range 11 {
		r.ByCommune = append(r.ByCommune, domain.ResidenceLine{ID: strconv.Itoa(60100 + i), Name: "Commune " + strconv.Itoa(i), Issued: 1300, Reached: 1200, Cheques: 6000, PeopleUse: 1100})
	}
	return r
}

// go test ./domain/doc -run '^$' -bench Report
func BenchmarkReportXLSX(b *testing.B) {
	r := bigReport()
	var out bytes.Buffer
	for b.Loop() {
		out.Reset()
		if err := WriteReportXLSX(&out, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(out.Len()), "bytes")
}

func BenchmarkReportHTML(b *testing.B) {
	r := bigReport()
	var out bytes.Buffer
	for b.Loop() {
		out.Reset()
		if err := WriteReportHTML(&out, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(out.Len()), "bytes")
}

// Where the allowance depends on accompaniment, both documents say how many carnets were handed
// with a counsellor and how many on request, under the carnets handed over; elsewhere, nothing.
func TestReportDocumentsSayTheAllowance(t *testing.T) {
	r := goldenReport()
	for _, with := range []bool{false, true} {
		if with {
			r.Carnets.Accompanied, r.Carnets.Extra = 4, 1
		}
		var x, h bytes.Buffer
		if err := WriteReportXLSX(&x, r); err != nil {
			t.Fatal(err)
		}
		if err := WriteReportHTML(&h, r); err != nil {
			t.Fatal(err)
		}
		html := strings.ReplaceAll(h.String(), "&#39;", "'")
		said := strings.Contains(html, "dont avec l'accompagnement d'un conseiller")
		if said != with {
			t.Errorf("accompanied %d: the HTML says it %v", r.Carnets.Accompanied, said)
		}
		if !with {
			continue
		}
		f := readXLSX(t, x.Bytes())
		row := xlsxFind(t, f, "Synthèse", "B", "dont remis avec l'accompagnement d'un conseiller")
		if v, _ := xlsxNumber(t, f, "Synthèse", "C"+strconv.Itoa(row)); v != 4 {
			t.Errorf("accompanied in the workbook = %v, want 4", v)
		}
		row = xlsxFind(t, f, "Synthèse", "B", "dont supplémentaires sur demande motivée")
		if v, _ := xlsxNumber(t, f, "Synthèse", "C"+strconv.Itoa(row)); v != 1 {
			t.Errorf("extra in the workbook = %v, want 1", v)
		}
	}
}
