package domain

import "slices"

// PersonLinks is what ties a person to prescribers and places, and so decides who may read the
// full record (see PersonView).
type PersonLinks struct {
	RegisteredBy      string   // prescriber of the desk user who registered the person ("" for coordination)
	RegisteredByUser  string   // that user's id (records older than RegisteredBy have only this)
	CarnetPrescribers []string // prescribers of the carnets handed over to the person
	Places            []string // places whose sheets list the person, that scanned one of their chèques or that the person was sent to
}

// View is how much of a person's record a user may read.
type View int

const (
	ViewNone    View = iota // nothing: not even that the person exists
	ViewLimited             // what duplicate and household checks need: name, birth date, commune, carnets held
	ViewFull                // the whole record
)

// LimitedNote is what a card or a listing says of a record read with ViewLimited.
const LimitedNote = "fiche d'un autre prescripteur : données limitées"

// PersonView says how much of a person u may read:
//   - coordination: everything;
//   - accueil: the full record of people registered by its prescriber or holding one of its
//     carnets; of the others, only what the duplicate and household checks need (Limit);
//   - formateur: the full record of people on its place's sheets or whose chèques were scanned
//     there; of the others, the same limited identity (to put a newcomer on a sheet);
//   - lecture (and any other role): nothing, with the refusal as error.
func PersonView(u User, l PersonLinks) (View, error) {
	if err := Authorize(u, ActReadPeople, Scope{}); err != nil {
		return ViewNone, err
	}
	switch u.Role {
	case RoleCoordination:
		return ViewFull, nil
	case RoleAccueil:
		if u.Prescriber != "" && (l.RegisteredBy == u.Prescriber || slices.Contains(l.CarnetPrescribers, u.Prescriber)) ||
			l.RegisteredByUser != "" && l.RegisteredByUser == u.ID {
			return ViewFull, nil
		}
		return ViewLimited, nil
	case RoleFormateur:
		if u.Place != "" && slices.Contains(l.Places, u.Place) {
			return ViewFull, nil
		}
		return ViewLimited, nil
	}
	return ViewNone, Errorf(KindForbidden, "%s (%s) ne peut pas %s", u.Name, u.Role.Label(), actionLabels[ActReadPeople])
}

// Limit keeps of p only what a limited view shows: number, names, birth date, commune and foyer
// (the household check links people by it). Status, diploma, QPV, address, quotient familial,
// consent and who registered the person are blanked.
func Limit(p Person) Person {
	return Person{ID: p.ID, LastName: p.LastName, FirstName: p.FirstName, BirthDate: p.BirthDate,
		Commune: p.Commune, Household: p.Household, MergedInto: p.MergedInto}
}

// SeenPerson is a person as a user may read them: limited records have their fields blanked.
type SeenPerson struct {
	Person
	View View
}

// Seen applies v to p.
func Seen(p Person, v View) SeenPerson {
	if v != ViewFull {
		p = Limit(p)
	}
	return SeenPerson{p, v}
}

// Limited says whether the record was blanked.
func (s SeenPerson) Limited() bool { return s.View != ViewFull }
