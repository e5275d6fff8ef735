package doc

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Table is one table of an export, described once: its CSV (French spreadsheet habits, csv.go)
// and its XLSX (the committee report's conventions, report_xlsx.go) are both written from it,
// so the two files cannot drift — same columns, same rows, same order. An export of several
// tables (a claim and its funder split) is one file per table: a spreadsheet sorts and sums a
// file whole.
type Table struct {
	Sheet  string // the XLSX sheet's name, 31 characters at most
	Suffix string // added to the export's file name for this table: "" for the main one, « -financeurs »
	Title  string // the workbook's title
	Header []string
	Rows   [][]xlsxCell
	Total  []xlsxCell // a « Total » line under the rows (bold, outside the filter), nil for none
}

// WriteCSV writes the table as a French CSV: the header, the rows, then the total line.
func (t Table) WriteCSV(w io.Writer) error {
	cw, err := csvWriter(w)
	if err != nil {
		return err
	}
	cw.Write(t.Header)
	for _, r := range t.Rows {
		cw.Write(csvCells(r))
	}
	if t.Total != nil {
		cw.Write(csvCells(t.Total))
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes the table as a workbook of one sheet: real numbers, amounts in euros, dates
// as dates, a bold frozen header with an autofilter.
func (t Table) WriteXLSX(w io.Writer) error {
	x := &reportXLSX{f: excelize.NewFile()}
	defer x.f.Close()
	if err := x.makeStyles(); err != nil {
		return fmt.Errorf("%s XLSX : %w", t.Sheet, err)
	}
	if err := x.f.SetDocProps(&excelize.DocProperties{Title: t.Title, Creator: "passnum", LastModifiedBy: "passnum", Language: "fr-FR"}); err != nil {
		return fmt.Errorf("%s XLSX : %w", t.Sheet, err)
	}
	if err := x.sheet(0, xlsxTable{name: t.Sheet, header: t.Header, rows: t.Rows, total: t.Total}); err != nil {
		return fmt.Errorf("%s XLSX : %w", t.Sheet, err)
	}
	if err := x.f.Write(w); err != nil {
		return fmt.Errorf("%s XLSX : %w", t.Sheet, err)
	}
	return nil
}

func csvCells(cells []xlsxCell) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = c.csv()
	}
	return out
}

// csv is the cell as the CSV writes it; text went through cellText when the cell was made.
func (c xlsxCell) csv() string {
	switch c.kind {
	case xCount, xTotalCount:
		return strconv.Itoa(c.value.(int))
	case xEuro, xTotalEuro:
		return CSVAmount(c.value.(int64))
	case xPercent, xTotalPercent:
		return strings.Replace(strconv.FormatFloat(c.value.(float64), 'f', 1, 64), ".", ",", 1)
	case xDate:
		return csvDate(c.value.(time.Time))
	case xMonth:
		return c.value.(time.Time).Local().Format("01/2006")
	case xClock:
		return c.value.(time.Time).Local().Format("15:04")
	}
	return c.value.(string)
}

// xday is a date, or an empty cell when there is none (an export leaves it blank).
func xday(t time.Time) xlsxCell {
	if t.IsZero() {
		return xtext("")
	}
	return xlsxCell{xDate, t}
}

func xclock(t time.Time) xlsxCell { return xlsxCell{xClock, t} }
