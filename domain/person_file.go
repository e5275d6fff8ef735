package domain

import (
	"fmt"
	"time"
)

// PersonFile is everything the ledger holds about one person, for their right of access:
// identity, foyer, carnets and chèques, diagnostics, attendance, follow-ups, merges and the audit
// rows of the record (who read or changed it).
type PersonFile struct {
	Person       Person
	AnonymisedAt time.Time // zero while the record keeps the person's identity
	Household    *PersonFileHousehold
	Carnets      []PersonFileCarnet
	Diagnostics  []PersonFileDiagnostic
	Attendances  []PersonFileAttendance
	FollowUps    []PersonFileFollowUp
	Orientations []PersonFileOrientation
	MergedFrom   []int64 // records merged into this one
	Distinct     []int64 // records the desk declared other people
	Audit        []PersonFileAudit
}

// The dossier is given to the person as JSON too: its keys are snake_case like every JSON
// passnum writes.

// PersonFileHousehold is the person's foyer and the other people linked to it.
type PersonFileHousehold struct {
	ID      int64                 `json:"id"`
	Commune string                `json:"commune"`
	Members []PersonFileHousemate `json:"members"`
}

// PersonFileHousemate is another person of the foyer, by number and name only.
type PersonFileHousemate struct {
	ID   int64  `json:"id"`
	Name string `json:"name"` // « Jean DUPONT »
}

// PersonFileCarnet is a carnet the person holds or held, with its chèques.
type PersonFileCarnet struct {
	Number      string             `json:"number"`
	Programme   string             `json:"programme"`
	State       string             `json:"state"`
	Prescriber  string             `json:"prescriber"`
	Public      string             `json:"public"`
	AllocatedAt time.Time          `json:"allocated_at"`
	IssuedAt    time.Time          `json:"issued_at"`
	Cheques     []PersonFileCheque `json:"cheques"`
}

// PersonFileCheque is one chèque of a carnet and where and when it was used.
type PersonFileCheque struct {
	Number    string    `json:"number"`
	Position  int       `json:"position"`
	State     string    `json:"state"`
	UsedAt    time.Time `json:"used_at"`
	Place     string    `json:"place"` // place id, "" when unused
	PlaceName string    `json:"place_name"`
	Session   string    `json:"session"` // « S12 », "" when none
}

// PersonFileDiagnostic is a recorded diagnostic: the answers and the result as JSON, as stored.
type PersonFileDiagnostic struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	User   string    `json:"user"`
	Input  string    `json:"input"`
	Result string    `json:"result"`
}

// PersonFileAttendance is a line of an attendance sheet.
type PersonFileAttendance struct {
	Session   string    `json:"session"`
	Title     string    `json:"title"`
	Place     string    `json:"place"`
	PlaceName string    `json:"place_name"`
	Start     time.Time `json:"start"`
	Present   bool      `json:"present"`
	Cheque    string    `json:"cheque"`
}

// PersonFileFollowUp is a trainer's follow-up after a session, one per entry of its history.
type PersonFileFollowUp struct {
	Session  string    `json:"session"`
	Autonomy string    `json:"autonomy"`
	Comment  string    `json:"comment"`
	Pix      string    `json:"pix,omitempty"` // the Pix result the trainer noted, if any
	User     string    `json:"user"`
	At       time.Time `json:"at"`
}

// PersonFileOrientation is a prescriber sending the person to a place.
type PersonFileOrientation struct {
	Place          string    `json:"place"`
	PlaceName      string    `json:"place_name"`
	Prescriber     string    `json:"prescriber"`
	Note           string    `json:"note"`
	FromDiagnostic bool      `json:"from_diagnostic"`
	At             time.Time `json:"at"`
	User           string    `json:"user"`
	// Withdrawn: the orientation was withdrawn as a mistake, when, by whom and why.
	WithdrawnAt     time.Time `json:"withdrawn_at,omitzero"`
	WithdrawnBy     string    `json:"withdrawn_by,omitempty"`
	WithdrawnReason string    `json:"withdrawn_reason,omitempty"`
}

// Withdrawn is « retirée le 12/03/2026 (erreur de lieu) », "" for an orientation in force.
func (o PersonFileOrientation) Withdrawn() string {
	if o.WithdrawnAt.IsZero() {
		return ""
	}
	s := "retirée le " + o.WithdrawnAt.Local().Format("02/01/2006")
	if o.WithdrawnReason != "" {
		s += " (" + o.WithdrawnReason + ")"
	}
	return s
}

// PersonFileAudit is an audit row of the record.
type PersonFileAudit struct {
	At       time.Time `json:"at"`
	User     string    `json:"user"`
	Action   string    `json:"action"`
	EntityID string    `json:"entity_id"`
	Before   string    `json:"before"`
	After    string    `json:"after"`
	Detail   string    `json:"detail"`
}

// Pseudonym is the name an anonymised record carries: « Anonyme-000123 ».
func Pseudonym(id int64) string { return fmt.Sprintf("Anonyme-%06d", id) }

// AnonymousBirthDate is the birth date an anonymised record keeps: the first day of the birth
// year whose Coop age band, on each of the given days (the person's sessions), is the one the
// real date gives, so that the activity exports already sent do not change. 1 January when it
// fits, which is nearly always; else the first day of a later month, else the first day of the
// year that fits.
func AnonymousBirthDate(birth time.Time, days []time.Time) time.Time {
	if birth.IsZero() {
		return birth
	}
	fits := func(d time.Time) bool {
		for _, day := range days {
			if AgeBand(d, day) != AgeBand(birth, day) {
				return false
			}
		}
		return true
	}
	y := birth.Year()
	for m := time.January; m <= time.December; m++ {
		if d := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC); fits(d) {
			return d
		}
	}
	for d := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == y; d = d.AddDate(0, 0, 1) {
		if fits(d) {
			return d
		}
	}
	return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
}

// RetentionDue reports whether a person's identity has been kept long enough: every programme
// they hold carnets of (ends: the last day chèques are accepted, zero for a programme without an
// end, which is never due) ended more than months ago; a person without carnet is due when the
// record's last change is that old.
func RetentionDue(ends []time.Time, lastChange, now time.Time, months int) bool {
	limit := now.AddDate(0, -months, 0)
	if len(ends) == 0 {
		return !lastChange.IsZero() && lastChange.Before(limit)
	}
	for _, e := range ends {
		if e.IsZero() || !e.Before(limit) {
			return false
		}
	}
	return true
}

// ProgrammeEnd is the last day a programme's chèques are accepted (its end plus the tolerance),
// at the end of that day; zero when the programme has no end.
func ProgrammeEnd(p Programme) time.Time {
	if p.ValidUntil.IsZero() {
		return time.Time{}
	}
	return Day(p.ValidUntil).AddDate(0, 0, p.ToleranceDays+1)
}
