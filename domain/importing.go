package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// PersonImportRow is one row of a desk's spreadsheet, read: the person, and the carnet the
// desk handed them over, if any. A row that could not be read carries its Refusal and nothing
// else is done with it.
type PersonImportRow struct {
	Line       int // the row's number as the spreadsheet shows it
	Person     Person
	Carnet     string
	IssuedAt   time.Time // the hand-over's day, as the file dates it
	Prescriber string    // the structure that handed the carnet over, "" when the file does not say
	Refusal    string    // « ligne 14, colonne Date de naissance : … »
}

// Key identifies the row across imports, so that importing a file again (or the same rows saved
// as CSV instead of XLSX) is recognised and changes nothing. It depends on who the row is about
// and what was handed over, not on the file's name, the row's place or spelling details.
func (r PersonImportRow) Key() string {
	issued := ""
	if !r.IssuedAt.IsZero() {
		issued = r.IssuedAt.Format("2006-01-02")
	}
	sum := sha256.Sum256([]byte(strings.Join([]string{Normalize(r.Person.LastName), Normalize(r.Person.FirstName),
		r.Person.BirthDate.Format("2006-01-02"), strings.TrimSpace(r.Carnet), issued}, "\x1f")))
	return hex.EncodeToString(sum[:])
}

// ImportOutcome is what importing a row does.
type ImportOutcome string

const (
	ImportNew      ImportOutcome = "new"              // a person registered from the row
	ImportExisting ImportOutcome = "existing"         // the ledger already has them (Candidate)
	ImportAlready  ImportOutcome = "already_imported" // the row came in with an earlier import
	ImportRefused  ImportOutcome = "refused"          // nothing is done with the row (Reason)
	ImportRecorded ImportOutcome = "recorded"         // a used chèque: its redemption is recorded
)

// Label is the outcome as a report prints it.
func (o ImportOutcome) Label() string {
	switch o {
	case ImportNew:
		return "nouvelle personne"
	case ImportExisting:
		return "personne existante"
	case ImportAlready:
		return "déjà importée"
	case ImportRecorded:
		return "enregistré"
	}
	return "refusée"
}

// PersonImportResult is what importing one row does (dry run) or did.
type PersonImportResult struct {
	Line      int
	Outcome   ImportOutcome
	Person    Person              // with its ledger ID once registered or found
	Candidate *DuplicateCandidate // ImportExisting: the record they are
	Others    int                 // ImportExisting: how many more records they may be
	// SameAsLine: ImportExisting, the record is the one an earlier row of the same file
	// registers (the same person twice in a file is one person).
	SameAsLine int
	Carnet     string
	HandedOver bool      // the carnet is recorded as handed over by this import
	CarnetHeld bool      // the carnet was already recorded as theirs: nothing to do
	IssuedAt   time.Time // the hand-over's day
	Prescriber string    // who handed it over
	Reason     string    // ImportRefused: why, located
	// ImportedAt and ImportedFile: ImportAlready, the earlier import that brought the row in.
	ImportedAt   time.Time
	ImportedFile string
}

// ImportReport is a whole file's import, row by row.
type ImportReport struct {
	File    string
	DryRun  bool // nothing was recorded: it says what an import would do
	Applied bool // the rows not refused are recorded
	Rows    []PersonImportResult
}

// Count is how many rows have outcome o.
func (r ImportReport) Count(o ImportOutcome) int {
	n := 0
	for _, x := range r.Rows {
		if x.Outcome == o {
			n++
		}
	}
	return n
}

// HandedOver is how many carnets the import records as handed over.
func (r ImportReport) HandedOver() int {
	n := 0
	for _, x := range r.Rows {
		if x.HandedOver {
			n++
		}
	}
	return n
}

// Recorded is how many rows the import records (or, in a dry run, would): the people it
// registers and the rows handing a carnet over to someone the ledger has.
func (r ImportReport) Recorded() int {
	n := 0
	for _, x := range r.Rows {
		if x.Outcome == ImportNew || x.Outcome == ImportExisting && x.HandedOver {
			n++
		}
	}
	return n
}

// ImportOptions say how an import treats its refused rows.
type ImportOptions struct {
	DryRun      bool // say what would be done, record nothing
	SkipInvalid bool // record the good rows even when others are refused
}

// RefusedRowsError is the all-or-nothing refusal: some rows are refused, so none is recorded.
func RefusedRowsError(refused int) error {
	return Errorf(KindInvalid, "%s : rien n'est enregistré (l'import est tout ou rien) ; corrigez-%s dans le fichier et relancez, ou relancez avec --skip-invalid pour enregistrer les autres lignes",
		Plural(refused, "ligne refusée", "lignes refusées"), PluralWord(refused, "la", "les"))
}
