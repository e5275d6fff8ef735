package domain

import (
	"errors"
	"fmt"
	"strings"
)

// DuplicateCandidate is an existing person the desk must look at before registering a new one.
type DuplicateCandidate struct {
	Person  Person
	Carnets int    // carnets handed to them, all programmes
	Reason  string // DuplicateReason: why they look like the same person
}

// PossibleDuplicates is carried by the error refusing a registration that looks like someone
// already in the ledger; the edges read it to show the candidates.
type PossibleDuplicates struct {
	Candidates []DuplicateCandidate
}

func (d *PossibleDuplicates) Error() string { return "personne peut-être déjà enregistrée" }

// DuplicatesError refuses a registration until the desk has looked at the candidates: « personne
// peut-être déjà enregistrée : n°12 Inès HADDAD, né(e) le 12/05/2007 (Creil) ». communeName
// turns an INSEE code into the name the desk knows.
func DuplicatesError(cands []DuplicateCandidate, communeName func(string) string) *Error {
	var list []string
	for _, c := range cands {
		list = append(list, fmt.Sprintf("n°%d %s, né(e) le %s (%s)", c.Person.ID, c.Person.DisplayName(), c.Person.BirthDate.Format("02/01/2006"), communeName(c.Person.Commune)))
	}
	return &Error{Kind: KindConflict, Message: "personne peut-être déjà enregistrée : " + strings.Join(list, " ; "), Err: &PossibleDuplicates{Candidates: cands}}
}

// DuplicatesOf returns the candidates an error carries, nil when it is not a duplicate warning.
func DuplicatesOf(err error) []DuplicateCandidate {
	var d *PossibleDuplicates
	if errors.As(err, &d) {
		return d.Candidates
	}
	return nil
}
