package doc

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"passnum/domain"
)

// goldenClosing is a programme closed on 02/02/2026 with 13 unused chèques of 10 €
// and one open claim, shared 61/14/25.
func goldenClosing(t *testing.T) domain.Closing {
	local := time.Local
	time.Local = time.UTC
	t.Cleanup(func() { time.Local = local })
	prog := domain.Programme{ID: "creil", Name: "Pass numérique Creil Sud Oise", ChequeValueCents: 1000, ChequesPerCarnet: 5,
		ValidUntil: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), ToleranceDays: 31,
		Funders: []domain.Funder{{Name: "État", SharePercent: 61}, {Name: "Europe (FSE)", SharePercent: 14}, {Name: "ACSO", SharePercent: 25}}}
	return domain.BuildClosing(prog, []domain.Prescriber{{ID: "ml", Name: "Mission locale"}, {ID: "cs", Name: "Centre social « Les Tilleuls »"}},
		domain.ClosingFacts{At: time.Date(2026, 2, 2, 9, 30, 0, 0, time.UTC), Closed: true, ClosedBy: "coord",
			Prescribers: []domain.ClosingCounts{{Prescriber: "ml", Issued: 3, IssuedNotStarted: 1, Unused: 8}, {Prescriber: "cs", Issued: 1, Unused: 5, NotHandedOver: 2}, {NotHandedOver: 4}},
			ClaimsOpen:  []domain.OpenClaim{{ID: "R7", Place: "pimms", PlaceName: "PIMMS de Creil", Month: "2026-01", PreparedAt: time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC), Cheques: 3, Cents: 3000}}})
}

func TestClosingXLSX(t *testing.T) {
	c := goldenClosing(t)
	var b bytes.Buffer
	if err := WriteClosingXLSX(&b, c); err != nil {
		t.Fatal(err)
	}
	f := readXLSX(t, b.Bytes())
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(ClosingSheets, ",") {
		t.Fatalf("sheets %v", got)
	}
	row := xlsxFind(t, f, "Clôture", "B", "avoir à recevoir (valeur faciale)")
	if v, format := xlsxNumber(t, f, "Clôture", "C"+strconv.Itoa(row)); v != 130 || format != xlsxEuroFormat {
		t.Errorf("credit back %v %q", v, format)
	}
	want := []float64{79.30, 18.20, 32.50}
	for i, name := range []string{"État", "Europe (FSE)", "ACSO"} {
		r := xlsxFind(t, f, "Financeurs", "A", name)
		if v, _ := xlsxNumber(t, f, "Financeurs", "C"+strconv.Itoa(r)); v != want[i] {
			t.Errorf("%s: %v, want %v", name, v, want[i])
		}
	}
	r := xlsxFind(t, f, "Prescripteurs", "A", "Mission locale")
	if v, format := xlsxNumber(t, f, "Prescripteurs", "E"+strconv.Itoa(r)); v != 8 || format != xlsxCountFormat {
		t.Errorf("mission locale unused %v %q", v, format)
	}
	r = xlsxFind(t, f, "Demandes ouvertes", "A", "R7")
	if v, _ := xlsxNumber(t, f, "Demandes ouvertes", "F"+strconv.Itoa(r)); v != 30 {
		t.Errorf("open claim %v", v)
	}
	for _, sheet := range ClosingSheets {
		if panes, err := f.GetPanes(sheet); err != nil || !panes.Freeze {
			t.Errorf("%s: header not frozen (%v)", sheet, err)
		}
	}
}

func TestClosingHTML(t *testing.T) {
	c := goldenClosing(t)
	var b bytes.Buffer
	if err := WriteClosingHTML(&b, c); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, want := range []string{"État de clôture", "clos le 02/02/2026 à 09:30 par coord", "jusqu'au 31/01/2026",
		"<td>79,30 €</td>", "<td>18,20 €</td>", "<td>32,50 €</td>", "130,00 €", "Centre social « Les Tilleuls »", "R7", "@page { size: A4"} {
		if !strings.Contains(s, want) {
			t.Errorf("HTML without %q", want)
		}
	}
	if strings.Contains(s, "http://") || strings.Contains(s, "https://") || strings.Contains(s, "<script") {
		t.Error("the statement loads something from outside")
	}
	golden(t, "closing.html", b.Bytes())
}
