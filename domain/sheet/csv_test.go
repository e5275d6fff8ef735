package sheet

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The CSV LibreOffice writes under Windows for a French desk: Windows-1252, « ; », CRLF,
// decimal commas, a line break inside a quoted cell, an empty line, trailing empty rows.
func TestReadCSVWindows1252LikeLibreOffice(t *testing.T) {
	raw := readFixture(t, "libreoffice-windows1252.csv")
	if utf8.Valid(raw) || !bytes.Contains(raw, []byte{'P', 'r', 0xE9, 'n', 'o', 'm'}) {
		t.Fatal("fixture is not Windows-1252 (é as 0xE9)")
	}
	tb, err := ReadCSV(raw)
	if err != nil {
		t.Fatal(err)
	}
	if tb.Encoding != "Windows-1252" || tb.Separator != ';' || tb.HeaderLine != 1 {
		t.Errorf("encoding %q separator %q header line %d", tb.Encoding, tb.Separator, tb.HeaderLine)
	}
	wantHeader := []string{"Nom", "Prénom", "Né(e) le", "Commune", "Code postal", "QPV", "Situation", "Diplôme", "N° de carnet", "Date de remise", "Structure", "Montant"}
	if !slices.Equal(tb.Header, wantHeader) {
		t.Errorf("header %q", tb.Header)
	}
	var lines []int
	for _, r := range tb.Rows {
		lines = append(lines, r.Line)
		if len(r.Cells) != len(wantHeader) {
			t.Errorf("line %d has %d cells", r.Line, len(r.Cells))
		}
	}
	// Line 3's quoted cell holds a line break: LibreOffice still shows MARTIN on row 5, after
	// the empty row 4; the two rows of bare « ; » are not data.
	if !slices.Equal(lines, []int{2, 3, 5}) {
		t.Fatalf("lines %v, want [2 3 5]", lines)
	}
	first, second := tb.Rows[0], tb.Rows[1]
	if first.Cell(1) != "Élodie" || first.Cell(3) != "Évreux" || first.Cell(10) != "Mairie d'Évreux" {
		t.Errorf("accents lost: %q", first.Cells)
	}
	if first.Cell(11) != "12,50" || second.Cell(11) != "1 000,00" {
		t.Errorf("decimal commas split a cell: %q / %q", first.Cell(11), second.Cell(11))
	}
	if second.Cell(0) != "D'HOKER" || second.Cell(10) != "France services Gisors" {
		t.Errorf("second row %q", second.Cells)
	}
	m := Guess(tb.Header)
	if !slices.Equal(m.Missing(), []Field{Address, Consent}) || !slices.Equal(m.Unmapped(), []string{"Montant"}) {
		t.Errorf("missing %v unmapped %v", m.Missing(), m.Unmapped())
	}
	today := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	if _, err := m.FieldDate(second, BirthDate, today); err == nil || err.Error() != `ligne 3, colonne Né(e) le : "31/02/1998" — le 31 février n'existe pas` {
		t.Errorf("impossible birth date: %v", err)
	}
	if d, err := m.FieldDate(tb.Rows[2], BirthDate, today); err != nil || !d.Equal(time.Date(2004, 3, 5, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("5/3/04: %v %v", d, err)
	}
	if d, err := m.FieldDate(second, IssuedAt, today); err != nil || !d.Equal(time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("ISO hand-over date: %v %v", d, err)
	}
}

func TestReadCSVUTF8BOMWithCommas(t *testing.T) {
	tb, err := ReadCSV(readFixture(t, "excel-utf8-bom.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if tb.Encoding != "UTF-8 avec BOM" || tb.Separator != ',' {
		t.Errorf("encoding %q separator %q", tb.Encoding, tb.Separator)
	}
	// The BOM must not stick to the first header, or « NOM DE FAMILLE » is not recognised.
	if tb.Header[0] != "NOM DE FAMILLE" {
		t.Errorf("first header %q", tb.Header[0])
	}
	if len(tb.Rows) != 2 || tb.Rows[0].Cell(4) != "vu le 3, rappelé" || tb.Rows[1].Cell(1) != "Noël" || tb.Rows[1].Line != 3 {
		t.Errorf("rows %+v", tb.Rows)
	}
	if m := Guess(tb.Header); !slices.Equal(m.Mapped(), []Field{LastName, FirstName, BirthDate, Carnet}) || !slices.Equal(m.Unmapped(), []string{"Remarque"}) {
		t.Errorf("mapped %v unmapped %v", m.Mapped(), m.Unmapped())
	}
}

func TestReadCSVPlainUTF8AndSeparators(t *testing.T) {
	for _, c := range []struct {
		name, in string
		sep      rune
		header   []string
	}{
		{"semicolon", "Nom;Prénom\nA;B\n", ';', []string{"Nom", "Prénom"}},
		{"comma", "Nom,Prénom\nA,B\n", ',', []string{"Nom", "Prénom"}},
		{"comma inside quotes does not count", "\"Nom, nom\";Prénom\nA;B\n", ';', []string{"Nom, nom", "Prénom"}},
		{"leading empty lines", "\n\nNom;Prénom\nA;B\n", ';', []string{"Nom", "Prénom"}},
		{"one column", "Nom\nA\n", ';', []string{"Nom"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tb, err := ReadCSV([]byte(c.in))
			if err != nil {
				t.Fatal(err)
			}
			if tb.Encoding != "UTF-8" || tb.Separator != c.sep || !slices.Equal(tb.Header, c.header) || len(tb.Rows) != 1 || tb.Rows[0].Cell(0) != "A" {
				t.Errorf("got %q %q %q %+v", tb.Encoding, tb.Separator, tb.Header, tb.Rows)
			}
		})
	}
}

func TestReadCSVHeaderRepairs(t *testing.T) {
	tb, err := ReadCSV([]byte("Nom;;Nom;Date de\u00a0naissance\nA;x;B;C;D\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Nom", "Colonne B", "Nom (2)", "Date de naissance", "Colonne E"}
	if !slices.Equal(tb.Header, want) {
		t.Errorf("header %q, want %q", tb.Header, want)
	}
}

func TestReadCSVErrors(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"empty", "", "le fichier est vide"},
		{"blank", "\n;;\n", "le fichier est vide"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadCSV([]byte(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err %v, want %q", err, c.want)
			}
		})
	}
}

func TestReadByExtension(t *testing.T) {
	if _, err := Read("suivi.ods", bytes.NewReader(nil), ""); err == nil || !strings.Contains(err.Error(), ".xlsx ou .csv") {
		t.Errorf("ods: %v", err)
	}
	if _, err := Read("suivi.csv", bytes.NewReader([]byte("Nom\nA\n")), "Feuil1"); err == nil || !strings.Contains(err.Error(), "retirez --sheet") {
		t.Errorf("csv with --sheet: %v", err)
	}
	tb, err := Read("SUIVI.CSV", bytes.NewReader([]byte("Nom\nA\n")), "")
	if err != nil || tb.Rows[0].Cell(0) != "A" {
		t.Errorf("csv: %v %+v", err, tb)
	}
}

// TestReadCSVHeaderUnderMergedCells: a sheet's merged title or group headers come out of a CSV
// as a row above the header; the title is skipped, the groups become the header's upper level.
func TestReadCSVHeaderUnderMergedCells(t *testing.T) {
	for name, c := range map[string]struct {
		csv    string
		header []string
		line   int
	}{
		"group headers": {"Identité;;;Remise du carnet;\nNom;Prénom;Né(e) le;N° carnet;Remis le\nPetit;Noé;01/02/2004;600001;05/03/2026\n",
			[]string{"Identité › Nom", "Prénom", "Né(e) le", "Remise du carnet › N° carnet", "Remis le"}, 3},
		"title": {"Pass numérique 2026 — bénéficiaires;;\n;;\nNom;Prénom;Date de naissance\nPetit;Noé;01/02/2004\n",
			[]string{"Nom", "Prénom", "Date de naissance"}, 4},
		"plain header with a note row under it": {"Nom;Prénom;Date de naissance\nPetit;Noé;01/02/2004\n",
			[]string{"Nom", "Prénom", "Date de naissance"}, 2},
	} {
		tb, err := ReadCSV([]byte(c.csv))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(tb.Header, c.header) || len(tb.Rows) != 1 || tb.Rows[0].Line != c.line {
			t.Errorf("%s: header %q, rows %+v", name, tb.Header, tb.Rows)
		}
		m := Guess(tb.Header)
		if _, ok := m.Column(LastName); !ok {
			t.Errorf("%s: Nom not found in %q", name, tb.Header)
		}
	}
}
