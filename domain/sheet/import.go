package sheet

import (
	"io"
	"time"

	"passnum/domain"
)

// PeopleFile is a desk's spreadsheet read for an import: the table as the file has it, the
// columns read, and every row read into a person (or its refusal). The CLI and the
// coordination's screen read a file the same way through ReadPeopleFile.
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
	m, err := Resolve(t.Header, mapSpec)
	if err != nil {
		return PeopleFile{}, err
	}
	return PeopleFile{Table: t, Mapping: m, Rows: ReadPeople(t, m, lk, opts, today)}, nil
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
			rows = append(rows, cells[r.Line])
			motifs = append(motifs, r.Reason)
		}
	}
	return rows, motifs
}
