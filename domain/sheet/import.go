package sheet

import (
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"passnum/domain"
)

// PeopleFile is a desk's spreadsheet read for an import: the table as the file has it, the
// columns read, and every row read into a person (or its refusal). The CLI (PeopleOf, once it
// has read the file or standard input) and the coordination's screen (ReadPeopleFile) read a
// file the same way.
type PeopleFile struct {
	Table   *Table
	Mapping Mapping
	Rows    []domain.PersonImportRow
}

// ReadPeopleFile reads name's content r (XLSX or CSV by name's extension; sheetName chooses
// the XLSX sheet), maps its columns (Resolve with mapSpec) and reads its rows. Opening the file
// stays the caller's: this does no I/O but reading r.
func ReadPeopleFile(name string, r io.Reader, sheetName, mapSpec string, lk PeopleLookups, opts PeopleOptions, today time.Time) (PeopleFile, error) {
	t, err := Read(name, r, sheetName)
	if err != nil {
		return PeopleFile{}, err
	}
	return PeopleOf(t, mapSpec, lk, opts, today)
}

// PeopleOf maps a table's columns (Resolve with mapSpec), checks that every row can be read
// and reads the rows.
func PeopleOf(t *Table, mapSpec string, lk PeopleLookups, opts PeopleOptions, today time.Time) (PeopleFile, error) {
	m, err := Resolve(t.Header, mapSpec)
	if err != nil {
		return PeopleFile{}, err
	}
	if err := m.CheckPeopleColumns(); err != nil {
		return PeopleFile{}, err
	}
	return PeopleFile{Table: t, Mapping: m, Rows: ReadPeople(t, m, lk, opts, today)}, nil
}

// CheckPeopleColumns refuses a mapping without the columns every row needs — a file whose
// « Nom » is headed « Patronyme » would otherwise refuse each row for an empty name.
func (m Mapping) CheckPeopleColumns() error {
	if _, ok := m.Column(PostalCode); !ok {
		if _, ok := m.Column(Commune); !ok {
			return m.missing("« Commune » ni « Code postal »", Commune)
		}
	}
	return m.Require(LastName, FirstName, BirthDate)
}

// Require refuses a mapping where one of fields has no column, saying how to name it.
func (m Mapping) Require(fields ...Field) error {
	for _, f := range fields {
		if _, ok := m.Column(f); !ok {
			return m.missing("« "+m.fields().Label(f)+" »", f)
		}
	}
	return nil
}

func (m Mapping) missing(what string, f Field) error {
	example := "Colonne A"
	if u := m.Unmapped(); len(u) > 0 {
		example = u[0]
	}
	return domain.Errorf(domain.KindInvalid, "aucune colonne %s dans le fichier (colonnes : %s) — si elle porte un autre titre, nommez-la avec --map, par exemple --map \"%s=%s\"", what, quoteList(m.Header), example, f)
}

// Refused are the rows rep refused, as the file had them, and their motifs, in the report's
// order: what doc.RejectedRowsTable(f.Table.Header, rows, motifs) writes for the desk to fix.
func (f PeopleFile) Refused(rep domain.ImportReport) (rows [][]string, motifs []string) {
	cells := map[int][]string{}
	for _, r := range f.Table.Rows {
		cells[r.Line] = r.Cells
	}
	for _, r := range rep.Rows {
		if r.Outcome == domain.ImportRefused {
			rows = append(rows, f.plainDates(cells[r.Line]))
			motifs = append(motifs, unlocated(r.Line, r.Reason))
		}
	}
	return rows, motifs
}

// plainDates writes the row's date cells as JJ/MM/AAAA: an XLSX gives a date cell as its serial
// number, which the desk fixing the row would not recognise.
func (f PeopleFile) plainDates(cells []string) []string {
	out := append([]string(nil), cells...)
	for _, fd := range []Field{BirthDate, IssuedAt} {
		c, ok := f.Mapping.Column(fd)
		if !ok || c >= len(out) {
			continue
		}
		if t, ok := serial(strings.TrimSpace(out[c])); ok {
			out[c] = t.Format("02/01/2006")
		}
	}
	return out
}

// unlocated is a motif beside its row in the rejects workbook: without « ligne N », where the
// row no longer is, and starting with a capital.
func unlocated(line int, reason string) string {
	r := domain.Unlocated(line, reason)
	first, size := utf8.DecodeRuneInString(r)
	return string(unicode.ToUpper(first)) + r[size:]
}
