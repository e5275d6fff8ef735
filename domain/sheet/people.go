package sheet

import (
	"fmt"
	"strings"
	"time"

	"passnum/domain"
)

// Verdict is what importing a row would do.
type Verdict string

const (
	VerdictNew      Verdict = "new"      // a person not in the ledger
	VerdictExisting Verdict = "existing" // the ledger already has them (Candidate)
	VerdictRefused  Verdict = "refused"  // the row cannot be imported (Reason)
)

// Label is the verdict as the dry run prints it.
func (v Verdict) Label() string {
	switch v {
	case VerdictNew:
		return "nouvelle personne"
	case VerdictExisting:
		return "personne existante"
	}
	return "refusée"
}

// RowVerdict is one row's verdict, with the person read from it.
type RowVerdict struct {
	Line      int
	Verdict   Verdict
	Person    domain.Person
	Carnet    string
	Candidate *domain.DuplicateCandidate // VerdictExisting: the record they are
	Others    int                        // VerdictExisting: how many more records they may be
	Reason    string                     // VerdictRefused: why, « ligne 14, colonne … : … »
}

// PeopleLookups are the ledger and territory look-ups the classification needs, given as
// functions so that it stays pure (the CLI passes the store and the configuration).
type PeopleLookups struct {
	// Commune resolves a name, postal code or INSEE code; a KindInvalid error names field.
	Commune func(field, text string) (domain.Commune, error)
	// Duplicates lists the registered people p probably is, the likeliest first (the store
	// lists those born the very day before those with day and month swapped).
	Duplicates func(p domain.Person) ([]domain.DuplicateCandidate, error)
	// Carnet reads a carnet; KindNotFound when the ledger has none of that number.
	Carnet func(number string) (domain.Carnet, error)
}

// ClassifyPeople says row by row what importing t's people under m would do. An error is a
// look-up that failed (the ledger could not be read), not a bad row: bad rows are refused.
func ClassifyPeople(t *Table, m Mapping, lk PeopleLookups, today time.Time) ([]RowVerdict, error) {
	out := make([]RowVerdict, 0, len(t.Rows))
	for _, r := range t.Rows {
		v, err := classifyPerson(r, m, lk, today)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// refusal marks a bad row, as opposed to a look-up that failed.
type refusal struct{ msg string }

func (r refusal) Error() string { return r.msg }

func classifyPerson(r Row, m Mapping, lk PeopleLookups, today time.Time) (RowVerdict, error) {
	v := RowVerdict{Line: r.Line}
	p, err := readPerson(r, m, lk, today)
	v.Person = p
	if err == nil {
		v.Carnet = m.Get(r, Carnet)
		err = matchPerson(&v, r, m, lk)
	}
	if err != nil {
		if ref, ok := err.(refusal); ok {
			v.Verdict, v.Reason = VerdictRefused, ref.msg
			return v, nil
		}
		return v, err
	}
	return v, nil
}

// refuse turns a domain error about the row (bad value, unknown commune) into a refusal and
// passes any other error on.
func refuse(err error) error {
	if err == nil {
		return nil
	}
	if domain.KindOf(err) == domain.KindInvalid {
		msg := err.Error()
		if de, ok := err.(*domain.Error); ok {
			msg = de.Message
		}
		return refusal{msg}
	}
	return err
}

func readPerson(r Row, m Mapping, lk PeopleLookups, today time.Time) (domain.Person, error) {
	p := domain.Person{LastName: m.Get(r, LastName), FirstName: m.Get(r, FirstName)}
	col := func(f Field) string { return m.ColumnName(f) }
	for _, f := range []struct {
		field Field
		value string
		what  string
	}{{LastName, p.LastName, "le nom"}, {FirstName, p.FirstName, "le prénom"}, {BirthDate, m.Get(r, BirthDate), "la date de naissance"}} {
		if strings.TrimSpace(f.value) == "" {
			return p, refusal{Where(r.Line, col(f.field)) + " : vide — " + f.what + " est obligatoire"}
		}
	}
	var err error
	if p.BirthDate, err = m.FieldDate(r, BirthDate, today); err != nil {
		return p, refuse(err)
	}
	if p.PostalCode, err = ParsePostalCode(r.Line, col(PostalCode), m.Get(r, PostalCode)); err != nil {
		return p, refuse(err)
	}
	commune, field := m.Get(r, Commune), Where(r.Line, col(Commune))
	if strings.TrimSpace(commune) == "" {
		commune, field = p.PostalCode, Where(r.Line, col(PostalCode))
	}
	if commune == "" {
		return p, refusal{Where(r.Line, col(Commune)) + " : vide — la commune (nom, code postal ou code INSEE) est obligatoire"}
	}
	c, err := lk.Commune(field, commune)
	if err != nil {
		return p, refuse(err)
	}
	p.Commune = c.INSEE
	if s := m.Get(r, Status); s != "" {
		st, ok := domain.ParseStatus(s)
		if !ok {
			return p, refusal{fmt.Sprintf("%s : « %s » n'est pas une situation connue (choix : %s)", Where(r.Line, col(Status)), s, statusChoices())}
		}
		p.Status = st
	}
	if d := m.Get(r, Diploma); d != "" {
		dp, ok := domain.ParseDiploma(d)
		if !ok {
			return p, refusal{fmt.Sprintf("%s : « %s » n'est pas un diplôme connu (choix : %s)", Where(r.Line, col(Diploma)), d, diplomaChoices())}
		}
		p.Diploma = dp
	}
	return p, nil
}

// matchPerson finds the row's person in the ledger and checks its carnet.
func matchPerson(v *RowVerdict, r Row, m Mapping, lk PeopleLookups) error {
	cands, err := lk.Duplicates(v.Person)
	if err != nil {
		return err
	}
	v.Verdict = VerdictNew
	if len(cands) > 0 {
		v.Verdict, v.Candidate, v.Others = VerdictExisting, &cands[0], len(cands)-1
	}
	if v.Carnet == "" {
		return nil
	}
	where := Where(r.Line, m.ColumnName(Carnet))
	c, err := lk.Carnet(v.Carnet)
	if domain.KindOf(err) == domain.KindNotFound {
		return refusal{fmt.Sprintf("%s : carnet %s inconnu du registre (recevez-le d'abord avec passnum carnets receive)", where, v.Carnet)}
	}
	if err != nil {
		return err
	}
	switch {
	case c.State == domain.CarnetVoid:
		return refusal{fmt.Sprintf("%s : le carnet %s est annulé", where, v.Carnet)}
	case c.State == domain.CarnetIssued && (v.Candidate == nil || c.PersonID != v.Candidate.Person.ID):
		return refusal{fmt.Sprintf("%s : le carnet %s est déjà remis à quelqu'un d'autre (personne n°%d)", where, v.Carnet, c.PersonID)}
	}
	return nil
}

func statusChoices() string {
	var s []string
	for _, x := range domain.Statuses {
		s = append(s, x.Label)
	}
	return strings.Join(s, ", ")
}

func diplomaChoices() string {
	var s []string
	for _, d := range domain.Diplomas {
		s = append(s, domain.DiplomaLabel(d))
	}
	return strings.Join(s, ", ")
}
