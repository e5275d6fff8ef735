package sheet

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// deskWorkbook is a workbook as a desk keeps one: an empty first sheet, then « Suivi 2024 »
// with a title merged across the top, a two-row header (« Identité » merged over « Nom » and
// « Prénom », the other headers merged down both rows), a birth date typed as a date cell
// (Excel serial 36526 shown 01/01/2000), a structure merged down two rows, and a trailing
// empty row that only carries a style.
func deskWorkbook(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	const s = "Suivi 2024"
	_, err := f.NewSheet(s)
	must(err)
	set := func(cell string, v any) { must(f.SetCellValue(s, cell, v)) }
	set("A1", "Suivi Pass numérique 2024")
	must(f.MergeCell(s, "A1", "G1"))
	set("A3", "Identité")
	must(f.MergeCell(s, "A3", "B3"))
	set("A4", "NOM")
	set("B4", "Prénom")
	for col, h := range map[string]string{"C": "Date de\nnaissance", "D": "N° carnet", "E": "Date de remise", "F": "Structure", "G": "QPV"} {
		set(col+"3", h)
		must(f.MergeCell(s, col+"3", col+"4"))
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	set("A5", "Dupont")
	set("B5", "Élodie")
	set("C5", 36526)
	must(f.SetCellStyle(s, "C5", "C5", dateStyle))
	set("D5", 123456)
	set("E5", "05/03/2024")
	set("F5", "Mairie d'Évreux")
	must(f.MergeCell(s, "F5", "F6"))
	set("G5", "oui")
	set("A6", "Martin")
	set("B6", "Zoé")
	set("C6", "31/02/1998")
	set("D6", 123457)
	set("E6", 45357)
	must(f.SetCellStyle(s, "E6", "E6", dateStyle))
	set("A8", "")
	must(f.SetCellStyle(s, "A9", "G9", dateStyle))
	var b bytes.Buffer
	_, err = f.WriteTo(&b)
	must(err)
	return b.Bytes()
}

func TestReadXLSXDeskWorkbook(t *testing.T) {
	tb, err := ReadXLSX(bytes.NewReader(deskWorkbook(t)), "")
	if err != nil {
		t.Fatal(err)
	}
	if tb.Sheet != "Suivi 2024" {
		t.Errorf("sheet %q: the empty first sheet should be passed over", tb.Sheet)
	}
	want := []string{"Identité › NOM", "Identité › Prénom", "Date de naissance", "N° carnet", "Date de remise", "Structure", "QPV"}
	if !slices.Equal(tb.Header, want) || tb.HeaderLine != 4 {
		t.Fatalf("header %q line %d, want %q line 4", tb.Header, tb.HeaderLine, want)
	}
	if len(tb.Rows) != 2 || tb.Rows[0].Line != 5 || tb.Rows[1].Line != 6 {
		t.Fatalf("rows %+v, want lines 5 and 6 only", tb.Rows)
	}
	m := Guess(tb.Header)
	if got := m.Mapped(); !slices.Equal(got, []Field{LastName, FirstName, BirthDate, QPV, Carnet, IssuedAt, Prescriber}) {
		t.Errorf("mapped %v", got)
	}
	today := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	r0, r1 := tb.Rows[0], tb.Rows[1]
	if d, err := m.FieldDate(r0, BirthDate, today); err != nil || !d.Equal(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("serial birth date: %v %v (cell %q)", d, err, m.Get(r0, BirthDate))
	}
	if d, err := m.FieldDate(r1, IssuedAt, today); err != nil || !d.Equal(time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("serial hand-over date: %v %v", d, err)
	}
	if m.Get(r0, Carnet) != "123456" || m.Get(r1, Prescriber) != "Mairie d'Évreux" {
		t.Errorf("carnet %q, merged structure on row 6 %q", m.Get(r0, Carnet), m.Get(r1, Prescriber))
	}
	_, err = m.FieldDate(r1, BirthDate, today)
	if err == nil || err.Error() != `ligne 6, colonne Date de naissance : "31/02/1998" — le 31 février n'existe pas` {
		t.Errorf("impossible date: %v", err)
	}
}

func TestReadXLSXSheetChoice(t *testing.T) {
	b := deskWorkbook(t)
	if tb, err := ReadXLSX(bytes.NewReader(b), "suivi 2024"); err != nil || tb.Sheet != "Suivi 2024" {
		t.Errorf("sheet by folded name: %v", err)
	}
	_, err := ReadXLSX(bytes.NewReader(b), "Feuil2")
	if err == nil || !strings.Contains(err.Error(), "pas de feuille « Feuil2 »") || !strings.Contains(err.Error(), "« Sheet1 », « Suivi 2024 »") {
		t.Errorf("unknown sheet: %v", err)
	}
	if _, err := ReadXLSX(bytes.NewReader(b), "Sheet1"); err == nil || !strings.Contains(err.Error(), "la feuille « Sheet1 » est vide") {
		t.Errorf("empty sheet: %v", err)
	}
	if _, err := ReadXLSX(strings.NewReader("Nom;Prénom\n"), ""); err == nil || !strings.Contains(err.Error(), "pas un classeur .xlsx") {
		t.Errorf("not a workbook: %v", err)
	}
	if tb, err := Read("suivi.xlsx", bytes.NewReader(b), ""); err != nil || len(tb.Rows) != 2 {
		t.Errorf("Read by extension: %v", err)
	}
}

// A single-row header with no title: the header is row 1 and data lines follow it.
func TestReadXLSXPlainSheet(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range [][]any{{"Nom", "Prénom", "Code postal"}, {"A", "B", 1000}, {}, {"C", "D", "27000"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	tb, err := ReadXLSX(&b, "")
	if err != nil {
		t.Fatal(err)
	}
	if tb.HeaderLine != 1 || len(tb.Rows) != 2 || tb.Rows[1].Line != 4 {
		t.Fatalf("%+v", tb)
	}
	m := Guess(tb.Header)
	if pc, err := ParsePostalCode(tb.Rows[0].Line, m.ColumnName(PostalCode), m.Get(tb.Rows[0], PostalCode)); err != nil || pc != "01000" {
		t.Errorf("postal code number lost its zero: %q %v", pc, err)
	}
}

// A whole-column or whole-sheet merge reaches no further than the cells held: the table keeps its
// size, the rows under the header stay data.
func TestReadXLSXHugeMerges(t *testing.T) {
	for _, huge := range [][2]string{{"C1", "C1048576"}, {"A2", "XFD2"}} {
		f := excelize.NewFile()
		for i, row := range [][]any{{"Nom", "Prénom", "Structure"}, {"A", "B", "CS"}, {"C", "D", ""}} {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.MergeCell("Sheet1", huge[0], huge[1]); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := f.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		f.Close()
		tb, err := ReadXLSX(&b, "")
		if err != nil {
			t.Fatalf("%v: %v", huge, err)
		}
		if len(tb.Rows) > 3 || len(tb.Header) > 3 {
			t.Errorf("%v: %d rows × %d columns, want the 3 × 3 cells held", huge, len(tb.Rows), len(tb.Header))
		}
	}
}
