package domain

import (
	"strings"
	"time"
)

// Person is a bénéficiaire, with the minimal data the programme needs.
type Person struct {
	ID               int64
	LastName         string
	FirstName        string
	BirthDate        time.Time
	Commune          string // INSEE
	QPV              string // name of the QPV they live in, "" if none
	Status           Status
	Diploma          Diploma
	Address          string // street line, asked when a programme caps carnets per household
	PostalCode       string
	Household        int64 // the foyer's record, 0 when none is known
	QuotientFamilial *int
	Consent          bool
	CreatedAt        time.Time
	CreatedBy        string // user id of who registered the person
	MergedInto       int64  // set once the record was merged into another one
}

// ListName is « HADDAD Inès », the way registers and duplicate warnings list people.
func (p Person) ListName() string { return strings.ToUpper(p.LastName) + " " + p.FirstName }

// FullName is "Prénom NOM".
func (p Person) FullName() string { return p.FirstName + " " + p.LastName }

// AgeOn is the person's age in whole years on the given day.
func (p Person) AgeOn(day time.Time) int {
	y, m, d := day.Date()
	by, bm, bd := p.BirthDate.Date()
	age := y - by
	if m < bm || (m == bm && d < bd) {
		age--
	}
	return age
}
