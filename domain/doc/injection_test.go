package doc

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"passnum/domain"
)

// hostile are texts a spreadsheet would run as a formula (CSV injection): each must come out of
// every export behind an apostrophe.
var hostile = []string{`=HYPERLINK("http://x","y")`, "+1", "-2+3", "@SUM(A1)", "\tX", "\rX"}

// csvNumber is what the code writes for counts, amounts and dates: left as they are.
var csvNumber = regexp.MustCompile(`^-?\d+(,\d\d)?$|^\d\d/\d\d/\d{4}$|^\d\d:\d\d$`)

// checkNeutralised reads an export back and fails on any cell a spreadsheet would take for a
// formula; it returns how many cells were neutralised.
func checkNeutralised(t *testing.T, name string, b []byte, h string) int {
	t.Helper()
	want := strings.ReplaceAll("'"+h, "\r", "") // encoding/csv drops the CR it reads
	n := 0
	for i, row := range readFrenchCSV(t, b) {
		for j, cell := range row {
			switch {
			case cell == want:
				n++
			case strings.HasPrefix(cell, "'"):
				t.Errorf("%s line %d cell %d = %q, want %q", name, i+1, j+1, cell, want)
			case cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) && !csvNumber.MatchString(cell):
				t.Errorf("%s line %d cell %d = %q: a spreadsheet runs it as a formula", name, i+1, j+1, cell)
			}
		}
	}
	return n
}

func TestCSVExportsNeutraliseFormulas(t *testing.T) {
	day := time.Date(2026, 10, 12, 14, 30, 0, 0, time.Local)
	for _, h := range hostile {
		claim := domain.Claim{ID: h, Place: h, PlaceName: h, AmountCents: -5,
			Items:  []domain.ClaimItem{{Cheque: h, Carnet: h, Programme: h, ProgrammeName: h, UsedAt: day, Session: h, SessionTitle: h, SessionStart: day, ValueCents: -5}},
			Shares: []domain.FunderShare{{Programme: h, ProgrammeName: h, Funder: h, SharePercent: -3, AmountCents: -5}}}
		var b bytes.Buffer
		if err := WriteClaimCSV(&b, claim); err != nil {
			t.Fatal(err)
		}
		if n := checkNeutralised(t, "claim", b.Bytes(), h); n != 9 {
			t.Errorf("claim %q: %d cells neutralised, want 9:\n%q", h, n, b.String())
		}
		table := readFrenchCSV(t, b.Bytes())
		if table[1][11] != "-0,05" || table[1][5] != "12/10/2026" || table[1][8] != "12/10/2026" {
			t.Errorf("claim %q: amount or dates no longer numbers: %q", h, table)
		}
		b.Reset()
		if err := WriteClaimSharesCSV(&b, claim); err != nil {
			t.Fatal(err)
		}
		// share line 6 texts, total line 3
		if n := checkNeutralised(t, "claim shares", b.Bytes(), h); n != 9 {
			t.Errorf("claim shares %q: %d cells neutralised, want 9:\n%q", h, n, b.String())
		}
		table = readFrenchCSV(t, b.Bytes())
		if table[1][6] != "-3" || table[1][7] != "-0,05" || table[2][7] != "-0,05" {
			t.Errorf("claim shares %q: amounts or percent no longer numbers: %q", h, table)
		}

		for _, typ := range []domain.SessionType{domain.SessionCollective, domain.SessionIndividual} {
			line := domain.ActivityLine{Session: domain.Session{Title: h, PlaceName: h, Level: h, Type: typ, Themes: []string{h}, Equipment: []string{h},
				Start: day, DurationMinutes: 90, Redeemed: -1}, Autonomy: h, Present: -2,
				Genders: map[string]int{domain.CoopGenders[0]: -4}, AgeBands: map[string]int{}, Statuses: map[string]int{}}
			b.Reset()
			if err := WriteActivityCSV(&b, []domain.ActivityLine{line}); err != nil {
				t.Fatal(err)
			}
			want := 5 // place, themes, equipment, title and level (collective) or autonomy and place type (individual)
			if typ == domain.SessionIndividual {
				want = 4
			}
			if n := checkNeutralised(t, "activity", b.Bytes(), h); n != want {
				t.Errorf("activity %s %q: %d cells neutralised, want %d:\n%q", typ, h, n, want, b.String())
			}
			row := readFrenchCSV(t, b.Bytes())[1]
			if row[0] != "12/10/2026" || row[1] != "14:30" || row[13] != "-2" || row[14] != "-1" || row[15] != "-4" {
				t.Errorf("activity %q: dates or counts no longer numbers: %q", h, row)
			}
		}

		b.Reset()
		bilan := domain.BilanLine{Person: domain.Person{ID: 7, LastName: h, FirstName: h}, Carnets: -1, FirstAutonomy: h, LastAutonomy: h,
			LastComment: h, LastSession: day}
		if err := WriteBilanCSV(&b, []domain.BilanLine{bilan}); err != nil {
			t.Fatal(err)
		}
		if n := checkNeutralised(t, "bilan", b.Bytes(), h); n != 5 {
			t.Errorf("bilan %q: %d cells neutralised, want 5:\n%q", h, n, b.String())
		}
		if row := readFrenchCSV(t, b.Bytes())[1]; row[0] != "7" || row[3] != "-1" || row[9] != "12/10/2026" {
			t.Errorf("bilan %q: counts or date no longer numbers: %q", h, row)
		}
	}
}

// In the report's workbook, text cells get the same apostrophe; counts and amounts stay numbers.
func TestReportXLSXNeutralisesFormulas(t *testing.T) {
	for _, h := range hostile {
		r := goldenReport()
		r.ProgrammeName = h
		r.ByPrescriber[0].Name = h
		r.ByPlace[0].Name = h
		r.ByCommune[0].Name = h
		r.Funders[0].Name = h
		var b bytes.Buffer
		if err := WriteReportXLSX(&b, r); err != nil {
			t.Fatal(err)
		}
		f := readXLSX(t, b.Bytes())
		n := 0
		for _, sheet := range f.GetSheetList() {
			rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			for i, row := range rows {
				for j, v := range row {
					ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
					typ, _ := f.GetCellType(sheet, ref)
					if typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset || v == "" {
						continue
					}
					switch {
					case v == "'"+h:
						n++
					case strings.ContainsRune("=+-@\t\r", rune(v[0])):
						t.Errorf("%s!%s = %q: a spreadsheet runs it as a formula", sheet, ref, v)
					}
				}
			}
		}
		if n != 5 {
			t.Errorf("%q: %d text cells neutralised, want 5", h, n)
		}
		row := xlsxFind(t, f, "Prescripteurs", "B", "'"+h)
		if v, _ := xlsxNumber(t, f, "Prescripteurs", "C"+strconv.Itoa(row)); v != float64(r.ByPrescriber[0].Allocated) {
			t.Errorf("%q: allocated = %v", h, v)
		}
		row = xlsxFind(t, f, "Lieux", "B", "'"+h)
		if v, _ := xlsxNumber(t, f, "Lieux", "E"+strconv.Itoa(row)); v != float64(r.ByPlace[0].ClaimedCents)/100 {
			t.Errorf("%q: claimed = %v", h, v)
		}
	}
}
