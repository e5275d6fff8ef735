package doc

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"
)

// The CSV files follow French spreadsheet habits, so that a double click opens them right in
// Excel or LibreOffice: UTF-8 with a BOM (else accents break), « ; » between cells (the comma is
// the decimal separator), a header row, amounts as « 50,00 » without the euro sign (so they stay
// numbers), dates as JJ/MM/AAAA, CRLF line ends. Lists inside a cell are separated by « | », as
// in the national places standard.

// csvWriter writes the BOM and returns a « ; » CSV writer.
func csvWriter(w io.Writer) (*csv.Writer, error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	return cw, nil
}

// CSVAmount writes cents as a spreadsheet reads a French amount: « 1234,50 ».
func CSVAmount(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s%d,%02d", sign, cents/100, cents%100)
}

func csvDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("02/01/2006")
}

// cellText keeps text from being run as a formula by a spreadsheet (CSV injection, OWASP rule):
// a cell starting with = + - @ tab or CR is prefixed with an apostrophe. It is the one helper of
// every export, CSV and XLSX, for every text cell, typed at the desk or not (names, titles,
// comments, but also identifiers, programme and funder names from the configuration): only
// numbers, amounts and dates written by the code are left as they are.
func cellText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
