package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"passnum/domain"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ReadCSV reads a CSV as Excel and LibreOffice write it: UTF-8 with or without a BOM, or
// Windows-1252 (what « CSV » means to Excel in France) when the bytes are not valid UTF-8;
// cells separated by « ; » or « , », whichever the header line uses more. The header is the
// first non-empty line.
func ReadCSV(data []byte) (*Table, error) {
	enc := "UTF-8"
	switch {
	case bytes.HasPrefix(data, utf8BOM):
		data, enc = data[len(utf8BOM):], "UTF-8 avec BOM"
	case !utf8.Valid(data):
		// Every byte is a character in Windows-1252 (the five holes decode to U+FFFD), so this
		// cannot fail: a file in another encoding shows as wrong letters the desk will see.
		dec, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, &domain.Error{Kind: domain.KindInternal, Message: "décodage Windows-1252 impossible", Err: err}
		}
		data, enc = dec, "Windows-1252"
	}
	sep := separator(data)
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sep
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var rows [][]string
	folded := 0 // line breaks inside quoted cells so far: the spreadsheet shows them in one row
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, domain.Errorf(domain.KindInvalid, "ligne %d : CSV illisible (%v) — vérifiez les guillemets de cette ligne", pe.StartLine-folded, pe.Err)
			}
			return nil, &domain.Error{Kind: domain.KindInternal, Message: "lecture du CSV impossible", Err: err}
		}
		line, _ := r.FieldPos(0)
		row := line - folded // encoding/csv skips empty lines; the spreadsheet shows them as rows
		for len(rows) < row-1 {
			rows = append(rows, nil)
		}
		rows = append(rows, rec)
		for _, f := range rec {
			folded += strings.Count(f, "\n")
		}
	}
	h := 0
	for h < len(rows) && emptyRow(rows[h]) {
		h++
	}
	if h == len(rows) {
		return nil, domain.Errorf(domain.KindInvalid, "le fichier est vide : la première ligne doit porter les noms des colonnes (Nom, Prénom, Date de naissance…)")
	}
	h, depth := csvHeader(rows, h)
	t := build(rows, h, depth)
	t.Encoding, t.Separator = enc, sep
	return t, nil
}

// csvHeader finds the header from the first non-empty row h. A CSV keeps no merges: a sheet
// whose title, or whose group headers (« Identité » over Nom and Prénom), were merged cells
// comes out as a row above the real header, with the merged value in its first cell only. That
// row is taken for a title (skipped) when it holds one value, for the upper level of the
// header when the row under it names more fields than it does.
func csvHeader(rows [][]string, h int) (int, int) {
	next := h + 1
	for next < len(rows) && emptyRow(rows[next]) {
		next++
	}
	if next >= len(rows) || guessed(rows[next]) < 2 || guessed(rows[next]) <= guessed(rows[h]) {
		return h, 1
	}
	values := 0
	for _, c := range rows[h] {
		if strings.TrimSpace(c) != "" {
			values++
		}
	}
	if values == 1 || next > h+1 {
		return next, 1
	}
	return h, 2
}

// guessed counts the cells of r that name a field of an import, people's or redemptions'.
func guessed(r []string) int {
	n := 0
	for _, c := range r {
		h := clean(c)
		if _, ok := People.GuessField(h); ok {
			n++
		} else if _, ok := Redemptions.GuessField(h); ok {
			n++
		}
	}
	return n
}

// separator is « ; » or « , », whichever the first non-empty line holds more of outside
// quotes; « ; » when tied, as a French spreadsheet writes it (the comma being the decimal one).
func separator(data []byte) rune {
	semi, comma, quoted, started := 0, 0, false, false
	for _, b := range data {
		if !quoted && (b == '\n' || b == '\r') {
			if started {
				break
			}
			continue
		}
		started = started || b != ' '
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == ';':
			semi++
		case b == ',':
			comma++
		}
	}
	if comma > semi {
		return ','
	}
	return ';'
}
