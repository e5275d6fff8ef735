package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"passnum/domain"
)

var personColumns = personColumnsOf("")

// personColumnsOf lists what scanPerson reads, for a query where person has an alias (« p. »).
func personColumnsOf(alias string) string {
	return strings.ReplaceAll(`@id, @last_name, @first_name, @birth_date, @commune, @qpv, @status, @diploma, @address, @postal_code,
		coalesce(@household_id, 0), @quotient_familial, @consent, @created_at, @created_by, coalesce(@merged_into, 0)`, "@", alias)
}

// scanPerson reads personColumns, then any extra columns the query adds after them.
func scanPerson(row interface{ Scan(...any) error }, extra ...any) (domain.Person, error) {
	var p domain.Person
	var birth, created string
	var qf sql.NullInt64
	var consent int
	dest := append([]any{&p.ID, &p.LastName, &p.FirstName, &birth, &p.Commune, &p.QPV, &p.Status, &p.Diploma, &p.Address, &p.PostalCode, &p.Household, &qf, &consent, &created, &p.CreatedBy, &p.MergedInto}, extra...)
	if err := row.Scan(dest...); err != nil {
		return p, err
	}
	p.BirthDate, _ = time.Parse("2006-01-02", birth)
	p.CreatedAt = parseTS(created)
	p.Consent = consent == 1
	if qf.Valid {
		v := int(qf.Int64)
		p.QuotientFamilial = &v
	}
	return p, nil
}

// PersonOptions are the desk's decisions that come with a registration or a correction.
type PersonOptions struct {
	// NotDuplicate: the desk looked at the likely duplicates and said they are other people;
	// the decision is audited and the pairs are not proposed again.
	NotDuplicate bool
	// HouseholdOf links the person to that person's foyer instead of (or besides) an address.
	HouseholdOf int64
}

// AddPerson records a person after checking each field and looking for the same person already
// registered under another spelling; it returns the new id.
func (s *Store) AddPerson(ctx context.Context, by domain.User, p domain.Person, opt PersonOptions) (int64, error) {
	if err := domain.Authorize(by, domain.ActRegister, domain.Scope{}); err != nil {
		return 0, err
	}
	now := s.now()
	p = trimPerson(p)
	if err := domain.ValidatePerson(p, s.opts.Communes, now); err != nil {
		return 0, err
	}
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		cands, err := s.duplicates(ctx, tx, p)
		if err != nil {
			return err
		}
		if len(cands) > 0 && !opt.NotDuplicate {
			return domain.DuplicatesError(cands, s.communeName)
		}
		if p.Household, err = s.settleHousehold(ctx, tx, by, now, p, 0, opt.HouseholdOf); err != nil {
			return err
		}
		if id, err = insertPerson(tx, p, now, by.ID, by.Prescriber); err != nil {
			return err
		}
		if err := audit(tx, now, by.ID, "person.add", "person", strconv.FormatInt(id, 10), "", p.FullName(), ""); err != nil {
			return err
		}
		return s.recordDistinct(tx, by, now, id, cands)
	})
	return id, err
}

// UpdatePerson corrects a person's record; the audit row keeps the previous values. A correction
// that makes the record look like someone else's is checked like a registration.
func (s *Store) UpdatePerson(ctx context.Context, by domain.User, p domain.Person, opt PersonOptions) error {
	if err := domain.Authorize(by, domain.ActRegister, domain.Scope{}); err != nil {
		return err
	}
	now := s.now()
	p = trimPerson(p)
	if err := domain.ValidatePerson(p, s.opts.Communes, now); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		old, err := scanPerson(tx.QueryRow(`SELECT `+personColumns+` FROM person WHERE id = ?`, p.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.KindNotFound, "personne n°%d introuvable", p.ID)
		} else if err != nil {
			return err
		}
		if old.MergedInto != 0 {
			return domain.Errorf(domain.KindConflict, "la fiche n°%d a été fusionnée dans la fiche n°%d : corrigez celle-ci", p.ID, old.MergedInto)
		}
		cands, err := s.duplicates(ctx, tx, p)
		if err != nil {
			return err
		}
		if len(cands) > 0 && !opt.NotDuplicate {
			return domain.DuplicatesError(cands, s.communeName)
		}
		if p.Household, err = s.settleHousehold(ctx, tx, by, now, p, old.Household, opt.HouseholdOf); err != nil {
			return err
		}
		_, err = tx.Exec(`UPDATE person SET last_name=?, first_name=?, norm_last=?, norm_first=?, birth_date=?, commune=?, qpv=?, status=?, diploma=?, address=?, postal_code=?, household_id=?, quotient_familial=?, consent=? WHERE id=?`,
			p.LastName, p.FirstName, domain.Normalize(p.LastName), domain.Normalize(p.FirstName),
			p.BirthDate.Format("2006-01-02"), p.Commune, p.QPV, p.Status, p.Diploma, p.Address, p.PostalCode, nullID(p.Household), p.QuotientFamilial, boolInt(p.Consent), p.ID)
		if err != nil {
			return err
		}
		if err := audit(tx, now, by.ID, "person.update", "person", strconv.FormatInt(p.ID, 10), personDigest(old), personDigest(p), ""); err != nil {
			return err
		}
		return s.recordDistinct(tx, by, now, p.ID, cands)
	})
}

// insertPerson writes a checked person's row, its foyer settled: registered at created, by the
// user byID, for the prescriber whose desk sees them as theirs.
func insertPerson(tx *sql.Tx, p domain.Person, created time.Time, byID, prescriber string) (int64, error) {
	res, err := tx.Exec(`INSERT INTO person(last_name, first_name, norm_last, norm_first, birth_date, commune, qpv, status, diploma, address, postal_code, household_id, quotient_familial, consent, created_at, created_by, registered_prescriber)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		p.LastName, p.FirstName, domain.Normalize(p.LastName), domain.Normalize(p.FirstName),
		p.BirthDate.Format("2006-01-02"), p.Commune, p.QPV, p.Status, p.Diploma, p.Address, p.PostalCode, nullID(p.Household), p.QuotientFamilial, boolInt(p.Consent), ts(created), byID, prescriber)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

func trimPerson(p domain.Person) domain.Person {
	p.LastName, p.FirstName = strings.TrimSpace(p.LastName), strings.TrimSpace(p.FirstName)
	p.Address, p.PostalCode = strings.Join(strings.Fields(p.Address), " "), strings.TrimSpace(p.PostalCode)
	return p
}

func personDigest(p domain.Person) string {
	return fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s|%s|%s|foyer %d|accord %v", p.LastName, p.FirstName, p.BirthDate.Format("2006-01-02"), p.Commune, p.QPV, p.Status, p.Diploma, p.Address, p.PostalCode, p.Household, p.Consent)
}

// duplicates finds the people who are probably p under another spelling: born the same day (or
// with day and month swapped), with names that fold to the same, and not already declared
// different from p. The birth-date index keeps it to a handful of rows at any size; only their
// names are read to apply the rule, the whole record of the few that match.
func (s *Store) duplicates(ctx context.Context, q querier, p domain.Person) ([]domain.DuplicateCandidate, error) {
	type near struct {
		id     int64
		reason string
	}
	var found []near
	for _, d := range domain.DuplicateBirthDates(p.BirthDate) {
		birth := d.Format("2006-01-02")
		err := eachRow(ctx, q, `SELECT id, last_name, first_name FROM person WHERE birth_date = ? AND merged_into IS NULL AND id <> ?
			AND id NOT IN (SELECT other_id FROM person_distinct WHERE person_id = ?)
			AND id NOT IN (SELECT person_id FROM person_distinct WHERE other_id = ?)
			ORDER BY id`, []any{birth, p.ID, p.ID, p.ID}, func(rows *sql.Rows) error {
			c := domain.Person{BirthDate: d}
			if err := rows.Scan(&c.ID, &c.LastName, &c.FirstName); err != nil {
				return err
			}
			if reason := domain.DuplicateReason(p, c); reason != "" {
				found = append(found, near{c.ID, reason})
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]domain.DuplicateCandidate, 0, len(found))
	for _, n := range found {
		c := domain.DuplicateCandidate{Reason: n.reason}
		var err error
		c.Person, err = scanPerson(q.QueryRowContext(ctx, `SELECT `+personColumns+`,
			(SELECT count(*) FROM carnet c WHERE c.person_id = person.id AND c.state = 'remis')
			FROM person WHERE id = ? AND merged_into IS NULL`, n.id), &c.Carnets)
		if errors.Is(err, sql.ErrNoRows) {
			continue // merged since the names were read (a desk read outside a transaction)
		} else if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// LikelyDuplicates lists the registered people p probably is, for the desk to look at before it
// saves (p.ID, when set, is left out).
func (s *Store) LikelyDuplicates(ctx context.Context, p domain.Person) ([]domain.DuplicateCandidate, error) {
	return s.duplicates(ctx, s.read, trimPerson(p))
}

// recordDistinct keeps the desk's decision that the new or corrected record is not any of cands.
func (s *Store) recordDistinct(tx *sql.Tx, by domain.User, now time.Time, id int64, cands []domain.DuplicateCandidate) error {
	if len(cands) == 0 {
		return nil
	}
	var ids []string
	for _, c := range cands {
		if _, err := tx.Exec(`INSERT OR IGNORE INTO person_distinct(person_id, other_id, decided_by, decided_at) VALUES (?,?,?,?)`, id, c.Person.ID, by.ID, ts(now)); err != nil {
			return err
		}
		ids = append(ids, fmt.Sprintf("n°%d (%s)", c.Person.ID, c.Reason))
	}
	return audit(tx, now, by.ID, "person.not_duplicate", "person", strconv.FormatInt(id, 10), "", "", "pas la même personne que "+strings.Join(ids, ", "))
}

func (s *Store) communeName(insee string) string {
	for _, c := range s.opts.Communes {
		if c.INSEE == insee {
			return c.Name
		}
	}
	return insee
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Person returns one person; the id of a record merged into another leads to the kept one.
func (s *Store) Person(ctx context.Context, id int64) (domain.Person, error) {
	return personByID(ctx, s.read, id)
}

func personByID(ctx context.Context, q querier, id int64) (domain.Person, error) {
	asked := id
	// A merge points at a live record; the bound only guards against a loop a bug could make.
	for range 8 {
		p, err := scanPerson(q.QueryRowContext(ctx, `SELECT `+personColumns+` FROM person WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return p, domain.Errorf(domain.KindNotFound, "personne n°%d introuvable", asked)
		}
		if err != nil || p.MergedInto == 0 {
			return p, err
		}
		id = p.MergedInto
	}
	return domain.Person{}, fmt.Errorf("person %d: merge chain too long", asked)
}

// Bounds of a search for people: a name and first names fit in them; a text beyond is no name
// (a paste), and each word adds a condition to the query (1 000 words overflowed SQLite's
// expression tree).
const (
	MaxSearchChars = 200
	MaxSearchWords = 8
)

// FindPeople finds people whose last or first name starts with each word of text, accents and
// case ignored (« dupont j », « élodie »): last-name matches first, then first-name matches, each
// in name order, at most limit in all. Only the first MaxSearchWords words count; a text longer
// than MaxSearchChars is refused (KindInvalid).
func (s *Store) FindPeople(ctx context.Context, text string, limit int) ([]domain.Person, error) {
	if n := utf8.RuneCountInString(strings.TrimSpace(text)); n > MaxSearchChars {
		return nil, domain.Errorf(domain.KindInvalid, "recherche de %s caractères, trop longue (au plus %d) : tapez le nom et le prénom, ou le numéro de la personne", domain.Grouped(int64(n)), MaxSearchChars)
	}
	words := strings.Fields(domain.Normalize(text))
	if len(words) == 0 {
		return nil, nil
	}
	if len(words) > MaxSearchWords {
		words = words[:MaxSearchWords]
	}
	if limit <= 0 {
		limit = 50
	}
	// Each query walks one name index in order and stops after limit rows, so a one-letter
	// prefix costs no more than a full name.
	var extra string
	var extraArgs []any
	for _, w := range words[1:] {
		extra += ` AND (norm_last GLOB ? OR norm_first GLOB ? OR norm_last GLOB ?)`
		extraArgs = append(extraArgs, globPrefix(w), globPrefix(w), "* "+globPrefix(w))
	}
	var out []domain.Person
	seen := map[int64]bool{}
	for _, q := range []string{
		`SELECT ` + personColumns + ` FROM person INDEXED BY person_last_first WHERE norm_last GLOB ? AND merged_into IS NULL` + extra + ` ORDER BY norm_last, norm_first, id LIMIT ?`,
		`SELECT ` + personColumns + ` FROM person INDEXED BY person_first_last WHERE norm_first GLOB ? AND merged_into IS NULL` + extra + ` ORDER BY norm_first, norm_last, id LIMIT ?`,
	} {
		args := append(append([]any{globPrefix(words[0])}, extraArgs...), limit)
		rows, err := s.read.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			p, err := scanPerson(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			if !seen[p.ID] && len(out) < limit {
				seen[p.ID] = true
				out = append(out, p)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if len(out) >= limit {
			break
		}
	}
	return out, nil
}

func globPrefix(w string) string {
	r := strings.NewReplacer("*", "", "?", "", "[", "", "]", "")
	return r.Replace(w) + "*"
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
