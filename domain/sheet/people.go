package sheet

import (
	"fmt"
	"strings"
	"time"

	"passnum/domain"
)

// PeopleLookups are the territory look-ups reading a row needs, given by the caller so that
// reading stays pure (the CLI passes the configuration's).
type PeopleLookups struct {
	// Commune resolves a name, postal code or INSEE code; a KindInvalid error names field.
	Commune func(field, text string) (domain.Commune, error)
	// Prescribers are the structures that hand carnets over, found by id or name.
	Prescribers []domain.Prescriber

	prescribers prescriberIndex // Prescribers, indexed by ReadPeople
}

// PeopleOptions are what the coordinator says of the whole file.
type PeopleOptions struct {
	// Consent: every person in the file agreed to their data being recorded (the desk collected
	// the agreement with the spreadsheet); a « Accord » column, when there is one, says it row by row.
	Consent bool
}

// ReadPeople reads t's rows under m into people and hand-overs. A row that cannot be read is
// returned with its Refusal, located by line and column; the ledger decides the rest.
func ReadPeople(t *Table, m Mapping, lk PeopleLookups, opts PeopleOptions, today time.Time) []domain.PersonImportRow {
	lk.prescribers = indexPrescribers(lk.Prescribers)
	out := make([]domain.PersonImportRow, 0, len(t.Rows))
	for _, r := range t.Rows {
		row := domain.PersonImportRow{Line: r.Line}
		if err := readRow(&row, r, m, lk, opts, today); err != nil {
			row.Refusal = err.Error()
		}
		out = append(out, row)
	}
	return out
}

// refusal is a bad row's reason.
type refusal string

func (r refusal) Error() string { return string(r) }

func readRow(row *domain.PersonImportRow, r Row, m Mapping, lk PeopleLookups, opts PeopleOptions, today time.Time) error {
	col := func(f Field) string { return m.ColumnName(f) }
	at := func(f Field) string { return Where(r.Line, col(f)) }
	p := domain.Person{LastName: m.Get(r, LastName), FirstName: m.Get(r, FirstName), Consent: opts.Consent}
	for _, f := range []struct {
		field Field
		what  string
	}{{LastName, "le nom"}, {FirstName, "le prénom"}, {BirthDate, "la date de naissance"}} {
		if strings.TrimSpace(m.Get(r, f.field)) == "" {
			return refusal(at(f.field) + " : vide — " + f.what + " est obligatoire")
		}
	}
	var err error
	if p.BirthDate, err = m.FieldDate(r, BirthDate, today); err != nil {
		return refusal(domain.MessageOf(err))
	}
	if p.PostalCode, err = ParsePostalCode(r.Line, col(PostalCode), m.Get(r, PostalCode)); err != nil {
		return refusal(domain.MessageOf(err))
	}
	commune, field := m.Get(r, Commune), at(Commune)
	if strings.TrimSpace(commune) == "" {
		commune, field = p.PostalCode, at(PostalCode)
	}
	if commune == "" {
		return refusal(at(Commune) + " : vide — la commune (nom, code postal ou code INSEE) est obligatoire")
	}
	c, err := lk.Commune(field, commune)
	if err != nil {
		if domain.KindOf(err) != domain.KindInvalid {
			return err
		}
		return refusal(domain.MessageOf(err))
	}
	p.Commune = c.INSEE
	if p.QPV, err = readQPV(r.Line, col(QPV), m.Get(r, QPV), c); err != nil {
		return err
	}
	if s := m.Get(r, Status); s != "" {
		st, ok := domain.ParseStatus(s)
		if !ok {
			return refusal(fmt.Sprintf("%s : « %s » n'est pas une situation connue (choix : %s)", at(Status), s, statusChoices()))
		}
		p.Status = st
	}
	if d := m.Get(r, Diploma); d != "" {
		dp, ok := domain.ParseDiploma(d)
		if !ok {
			return refusal(fmt.Sprintf("%s : « %s » n'est pas un diplôme connu (choix : %s)", at(Diploma), d, diplomaChoices()))
		}
		p.Diploma = dp
	}
	if _, ok := m.Column(Consent); ok {
		yes, set, err := ParseBool(r.Line, col(Consent), m.Get(r, Consent))
		if err != nil {
			return refusal(domain.MessageOf(err))
		}
		switch {
		case set && !yes:
			// Someone who declined is accompanied anonymously: nothing about them is recorded.
			return refusal(at(Consent) + " : non — la personne n'a pas donné son accord pour l'enregistrement de ses données : rien n'est enregistré à son sujet (elle peut être accompagnée anonymement)")
		case set:
			p.Consent = true
		} // an empty cell says nothing: --consent stands
	}
	if p.Address, err = readAddress(r.Line, col(Address), m.Get(r, Address)); err != nil {
		return err
	}
	row.Person = p
	row.Carnet = strings.TrimSpace(m.Get(r, Carnet))
	if row.IssuedAt, err = m.FieldDate(r, IssuedAt, today); err != nil {
		return refusal(domain.MessageOf(err))
	}
	if s := strings.TrimSpace(m.Get(r, Prescriber)); s != "" {
		pr, ok := lk.prescribers.find(s)
		if !ok {
			return refusal(fmt.Sprintf("%s : « %s » n'est pas une structure du territoire (choix : %s)", at(Prescriber), s, prescriberChoices(lk.Prescribers)))
		}
		row.Prescriber = pr.ID
	}
	switch {
	case row.Carnet == "" && !row.IssuedAt.IsZero():
		return refusal(at(Carnet) + " : vide, alors qu'une date de remise est donnée — indiquez le numéro du carnet remis, ou effacez la date")
	case row.Carnet != "" && row.IssuedAt.IsZero():
		return refusal(at(IssuedAt) + " : vide — indiquez le jour où le carnet " + row.Carnet + " a été remis (JJ/MM/AAAA)")
	case row.IssuedAt.After(today):
		return refusal(fmt.Sprintf("%s : le %s est dans le futur — un import enregistre des remises déjà faites", at(IssuedAt), row.IssuedAt.Format("02/01/2006")))
	}
	return nil
}

// readAddress reads the address cell: the street line of the person's foyer, or none.
func readAddress(line int, column, value string) (string, error) {
	v := strings.Join(strings.Fields(value), " ")
	if domain.NoAddress(v) {
		return "", nil
	}
	if domain.AddressKey(v) == "" {
		return "", refusal(fmt.Sprintf("%s : « %s » ne contient ni numéro ni nom de rue — corrigez l'adresse, ou videz la cellule", Where(line, column), v))
	}
	return v, nil
}

// readQPV reads the QPV cell: the name of one of the commune's quartiers prioritaires, or yes/no.
// « oui » names the commune's QPV when it has only one; with several, the desk must say which.
func readQPV(line int, column, value string, c domain.Commune) (string, error) {
	v := strings.TrimSpace(value)
	if v == "" {
		return "", nil
	}
	for _, q := range c.QPV {
		if fold(q) == fold(v) {
			return q, nil
		}
	}
	yes, _, err := ParseBool(line, column, v)
	switch {
	case err != nil && len(c.QPV) == 0:
		return "", refusal(fmt.Sprintf("%s : « %s » — %s n'a pas de quartier prioritaire (écrivez non, ou laissez vide)", Where(line, column), v, c.Name))
	case err != nil:
		return "", refusal(fmt.Sprintf("%s : « %s » n'est pas un quartier prioritaire de %s (choix : %s, oui, non)", Where(line, column), v, c.Name, strings.Join(c.QPV, ", ")))
	case !yes:
		return "", nil
	case len(c.QPV) == 1:
		return c.QPV[0], nil
	case len(c.QPV) == 0:
		return "", refusal(fmt.Sprintf("%s : « %s », mais %s n'a pas de quartier prioritaire — vérifiez la commune", Where(line, column), v, c.Name))
	}
	return "", refusal(fmt.Sprintf("%s : « %s » — %s a plusieurs quartiers prioritaires, écrivez lequel (%s)", Where(line, column), v, c.Name, strings.Join(c.QPV, ", ")))
}

// prescriberIndex finds a structure as a cell names it, in this order: its exact id, its name
// (folded, the first configured winning a shared one), its id folded. Names are folded once for
// all the rows.
type prescriberIndex struct {
	id, name, foldedID map[string]domain.Prescriber
}

func indexPrescribers(ps []domain.Prescriber) prescriberIndex {
	ix := prescriberIndex{map[string]domain.Prescriber{}, map[string]domain.Prescriber{}, map[string]domain.Prescriber{}}
	first := func(m map[string]domain.Prescriber, k string, p domain.Prescriber) {
		if _, taken := m[k]; !taken {
			m[k] = p
		}
	}
	for _, p := range ps {
		first(ix.id, p.ID, p)
		first(ix.name, fold(p.Name), p)
		first(ix.foldedID, fold(p.ID), p)
	}
	return ix
}

func (ix prescriberIndex) find(s string) (domain.Prescriber, bool) {
	if p, ok := ix.id[s]; ok {
		return p, true
	}
	if p, ok := ix.name[fold(s)]; ok {
		return p, true
	}
	p, ok := ix.foldedID[fold(s)]
	return p, ok
}

func prescriberChoices(ps []domain.Prescriber) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Name)
	}
	return strings.Join(s, ", ")
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
