package doc

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// exportTables are every export's tables on the golden data.
func exportTables() []Table {
	return append(ClaimTables(goldenClaim()), ActivityTable(goldenActivity()), BilanTable(goldenBilan()))
}

var (
	frAmount = regexp.MustCompile(`^-?\d+(,\d+)?$`)
	frDate   = regexp.MustCompile(`^\d\d/\d\d/\d{4}$`)
	frClock  = regexp.MustCompile(`^\d\d:\d\d$`)
)

// TestTableXLSXEqualsCSV reads every export's XLSX back and finds the CSV's rows in it, cell by
// cell: the same text, the same number where the CSV writes « 12,50 », the same day where it
// writes « 12/10/2026 », the same time where it writes « 14:30 ». The XLSX has a bold frozen
// header with an autofilter on the rows, the total line under it.
func TestTableXLSXEqualsCSV(t *testing.T) {
	for _, tb := range exportTables() {
		var c, x bytes.Buffer
		if err := tb.WriteCSV(&c); err != nil {
			t.Fatal(err)
		}
		if err := tb.WriteXLSX(&x); err != nil {
			t.Fatal(err)
		}
		csvRows := readFrenchCSV(t, c.Bytes())
		f := readXLSX(t, x.Bytes())
		if got := f.GetSheetList(); len(got) != 1 || got[0] != tb.Sheet || len(tb.Sheet) > 31 {
			t.Fatalf("%s: sheets %v", tb.Sheet, got)
		}
		xlsxRows, err := f.GetRows(tb.Sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(xlsxRows) != len(csvRows) {
			t.Fatalf("%s: %d XLSX rows, %d CSV rows", tb.Sheet, len(xlsxRows), len(csvRows))
		}
		for i, row := range csvRows {
			for j, want := range row {
				got := ""
				if j < len(xlsxRows[i]) {
					got = xlsxRows[i][j]
				}
				if !sameCell(t, f, tb.Sheet, i, j, want, got) {
					t.Errorf("%s row %d col %d (%s): XLSX %q, CSV %q", tb.Sheet, i+1, j+1, tb.Header[j], got, want)
				}
			}
			if len(xlsxRows[i]) > len(row) {
				t.Errorf("%s row %d: %d XLSX cells, %d CSV cells", tb.Sheet, i+1, len(xlsxRows[i]), len(row))
			}
		}
		if panes, err := f.GetPanes(tb.Sheet); err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: header not frozen (%+v, %v)", tb.Sheet, panes, err)
		}
		id, _ := f.GetCellStyle(tb.Sheet, "A1")
		if st, err := f.GetStyle(id); err != nil || st.Font == nil || !st.Font.Bold {
			t.Errorf("%s: header not bold", tb.Sheet)
		}
		filtered := false
		for _, d := range f.GetDefinedName() {
			if d.Name == "_xlnm._FilterDatabase" && strings.HasPrefix(d.RefersTo, "'"+tb.Sheet+"'!$A$1:") {
				rows := len(tb.Rows) + 1
				filtered = strings.HasSuffix(d.RefersTo, "$"+strconv.Itoa(max(rows, 2)))
			}
		}
		if !filtered {
			t.Errorf("%s: no autofilter over the header and the rows", tb.Sheet)
		}
	}
}

// sameCell compares one cell of the CSV with its XLSX raw value, by what the CSV cell means.
func sameCell(t *testing.T, f *excelize.File, sheet string, i, j int, csv, raw string) bool {
	t.Helper()
	ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
	typ, _ := f.GetCellType(sheet, ref)
	number := typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset
	if i == 0 || csv == "" || !number {
		return csv == strings.ReplaceAll(raw, "\r", "") // encoding/csv drops the CR it reads
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return false
	}
	switch {
	case frDate.MatchString(csv):
		d, err := excelize.ExcelDateToTime(v, false)
		return err == nil && d.Format("02/01/2006") == csv
	case frClock.MatchString(csv):
		c, _ := time.Parse("15:04", csv)
		return math.Abs(v-float64(c.Hour()*60+c.Minute())/1440) < 1e-9
	case frAmount.MatchString(csv):
		want, _ := strconv.ParseFloat(strings.Replace(csv, ",", ".", 1), 64)
		return math.Abs(v-want) < 1e-9
	}
	return false
}

// A claim is two files: its chèques, and the funders' split under its own header.
func TestClaimTablesOneTablePerFile(t *testing.T) {
	tables := ClaimTables(goldenClaim())
	if len(tables) != 2 || tables[0].Suffix != "" || tables[1].Suffix != "-financeurs" || tables[0].Total != nil || tables[1].Total == nil {
		t.Fatalf("claim tables = %+v", tables)
	}
	for _, tb := range tables {
		for _, r := range tb.Rows {
			if len(r) != len(tb.Header) {
				t.Errorf("%s: a row of %d cells under %d headers", tb.Sheet, len(r), len(tb.Header))
			}
		}
	}
}
