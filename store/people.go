package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"passnum/domain"
)

const personColumns = `id, last_name, first_name, birth_date, commune, qpv, status, diploma, household, quotient_familial, consent, created_at`

func scanPerson(row interface{ Scan(...any) error }) (domain.Person, error) {
	var p domain.Person
	var birth, created string
	var qf sql.NullInt64
	var consent int
	err := row.Scan(&p.ID, &p.LastName, &p.FirstName, &birth, &p.Commune, &p.QPV, &p.Status, &p.Diploma, &p.Household, &qf, &consent, &created)
	if err != nil {
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

// AddPerson records a person after checking each field; it returns the new id.
func (s *Store) AddPerson(ctx context.Context, by domain.User, p domain.Person) (int64, error) {
	if err := domain.Authorize(by, domain.ActRegister, domain.Scope{}); err != nil {
		return 0, err
	}
	now := s.now()
	if err := domain.ValidatePerson(p, s.opts.Communes, now); err != nil {
		return 0, err
	}
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(`INSERT INTO person(last_name, first_name, norm_last, norm_first, birth_date, commune, qpv, status, diploma, household, quotient_familial, consent, created_at, created_by)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			strings.TrimSpace(p.LastName), strings.TrimSpace(p.FirstName), domain.Normalize(p.LastName), domain.Normalize(p.FirstName),
			p.BirthDate.Format("2006-01-02"), p.Commune, p.QPV, p.Status, p.Diploma, p.Household, p.QuotientFamilial, boolInt(p.Consent), ts(now), by.ID)
		if err != nil {
			return err
		}
		id, _ = res.LastInsertId()
		return audit(tx, now, by.ID, "person.add", "person", strconv.FormatInt(id, 10), "", p.FullName(), "")
	})
	return id, err
}

// UpdatePerson corrects a person's record; the audit row keeps the previous values.
func (s *Store) UpdatePerson(ctx context.Context, by domain.User, p domain.Person) error {
	if err := domain.Authorize(by, domain.ActRegister, domain.Scope{}); err != nil {
		return err
	}
	now := s.now()
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
		_, err = tx.Exec(`UPDATE person SET last_name=?, first_name=?, norm_last=?, norm_first=?, birth_date=?, commune=?, qpv=?, status=?, diploma=?, household=?, quotient_familial=?, consent=? WHERE id=?`,
			strings.TrimSpace(p.LastName), strings.TrimSpace(p.FirstName), domain.Normalize(p.LastName), domain.Normalize(p.FirstName),
			p.BirthDate.Format("2006-01-02"), p.Commune, p.QPV, p.Status, p.Diploma, p.Household, p.QuotientFamilial, boolInt(p.Consent), p.ID)
		if err != nil {
			return err
		}
		return audit(tx, now, by.ID, "person.update", "person", strconv.FormatInt(p.ID, 10), personDigest(old), personDigest(p), "")
	})
}

func personDigest(p domain.Person) string {
	return fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s|%s", p.LastName, p.FirstName, p.BirthDate.Format("2006-01-02"), p.Commune, p.QPV, p.Status, p.Diploma, p.Household)
}

// Person returns one person.
func (s *Store) Person(ctx context.Context, id int64) (domain.Person, error) {
	p, err := scanPerson(s.read.QueryRowContext(ctx, `SELECT `+personColumns+` FROM person WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, domain.Errorf(domain.KindNotFound, "personne n°%d introuvable", id)
	}
	return p, err
}

// FindPeople finds people whose last or first name starts with each word of text, accents and
// case ignored (« dupont j », « élodie »): last-name matches first, then first-name matches, each
// in name order, at most limit in all.
func (s *Store) FindPeople(ctx context.Context, text string, limit int) ([]domain.Person, error) {
	words := strings.Fields(domain.Normalize(text))
	if len(words) == 0 {
		return nil, nil
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
		`SELECT ` + personColumns + ` FROM person INDEXED BY person_last_first WHERE norm_last GLOB ?` + extra + ` ORDER BY norm_last, norm_first, id LIMIT ?`,
		`SELECT ` + personColumns + ` FROM person INDEXED BY person_first_last WHERE norm_first GLOB ?` + extra + ` ORDER BY norm_first, norm_last, id LIMIT ?`,
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
