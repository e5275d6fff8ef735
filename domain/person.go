package domain

import "time"

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
	Household        string
	QuotientFamilial *int
	Consent          bool
	CreatedAt        time.Time
}

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
