// Package sheet reads the table a desk keeps in a spreadsheet (XLSX or CSV as Excel and
// LibreOffice write them) and maps its French column headers to passnum's fields, so an import
// can read people, carnets and hand-overs from it. It does no I/O of its own: the caller gives
// the bytes.
package sheet

import (
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"passnum/domain"
)

// Table is the header and the data rows of one sheet, every row as long as the header.
type Table struct {
	Sheet     string // the XLSX sheet read; empty for a CSV
	Encoding  string // CSV only: "UTF-8", "UTF-8 avec BOM" or "Windows-1252"
	Separator rune   // CSV only: ';' or ','
	// HeaderLine is the row of the header as the spreadsheet numbers it (the last one when the
	// header spans several rows through merged cells).
	HeaderLine int
	Header     []string
	Rows       []Row
}

// Row is one data row, empty rows left out.
type Row struct {
	Line  int      // 1-based row number as LibreOffice or Excel shows it
	Cells []string // trimmed, one per header column
}

// Cell is the row's value in column col, "" past its end.
func (r Row) Cell(col int) string {
	if col < 0 || col >= len(r.Cells) {
		return ""
	}
	return r.Cells[col]
}

// Read reads name's content as XLSX or CSV according to its extension; sheet chooses the XLSX
// sheet (empty: the first one with data) and must be empty for a CSV.
func Read(name string, r io.Reader, sheet string) (*Table, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		return ReadXLSX(r, sheet)
	case ".csv", ".txt":
		if sheet != "" {
			return nil, domain.Errorf(domain.KindInvalid, "--sheet : %s est un fichier CSV, qui n'a qu'une feuille (retirez --sheet)", filepath.Base(name))
		}
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, &domain.Error{Kind: domain.KindInternal, Message: "lecture de " + filepath.Base(name) + " impossible", Err: err}
		}
		return ReadCSV(b)
	case ".xls", ".ods":
		return nil, domain.Errorf(domain.KindInvalid, "%s : format %s non lu — enregistrez le fichier au format .xlsx ou .csv (Fichier › Enregistrer sous)", filepath.Base(name), strings.ToLower(filepath.Ext(name)))
	}
	return nil, domain.Errorf(domain.KindInvalid, "%s : extension inconnue — donnez un fichier .xlsx ou .csv", filepath.Base(name))
}

// levelSep joins the levels of a header spread over several rows.
const levelSep = " › "

// build turns raw rows (index i is spreadsheet row i+1) into a table whose header is the row
// at index h, spanning depth rows: columns past the last header or value are dropped, a
// column with values but no header is named after its letter, duplicate names are numbered.
func build(rows [][]string, h, depth int) *Table {
	width := 0
	for _, r := range rows[h:] {
		for i := len(r) - 1; i >= width; i-- {
			if strings.TrimSpace(r[i]) != "" {
				width = i + 1
				break
			}
		}
	}
	t := &Table{HeaderLine: h + depth, Header: make([]string, width)}
	seen := map[string]int{}
	for c := range width {
		var parts []string
		for _, r := range rows[h : h+depth] {
			v := clean(cell(r, c))
			if v != "" && (len(parts) == 0 || parts[len(parts)-1] != v) {
				parts = append(parts, v)
			}
		}
		name := strings.Join(parts, levelSep)
		if name == "" {
			name = "Colonne " + columnLetter(c)
		}
		key := domain.Normalize(name)
		if n := seen[key]; n > 0 {
			name += " (" + strconv.Itoa(n+1) + ")"
		}
		seen[key]++
		t.Header[c] = name
	}
	for i := h + depth; i < len(rows); i++ {
		cells := make([]string, width)
		empty := true
		for c := range width {
			cells[c] = clean(cell(rows[i], c))
			empty = empty && cells[c] == ""
		}
		if !empty {
			t.Rows = append(t.Rows, Row{Line: i + 1, Cells: cells})
		}
	}
	return t
}

func cell(r []string, c int) string {
	if c < len(r) {
		return r[c]
	}
	return ""
}

// clean trims a cell and folds the line breaks a header often carries (« Date de\nnaissance »)
// and non-breaking spaces into single spaces.
func clean(s string) string {
	if s == "" {
		return ""
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u202f'
	}), " ")
}

func emptyRow(r []string) bool {
	for _, v := range r {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// columnLetter is the spreadsheet's name of column c (0 → A, 26 → AA).
func columnLetter(c int) string {
	var b []byte
	for c++; c > 0; c = (c - 1) / 26 {
		b = append([]byte{byte('A' + (c-1)%26)}, b...)
	}
	return string(b)
}
