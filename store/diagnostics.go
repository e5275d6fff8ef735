package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"time"

	"passnum/domain"
)

// Diagnostic is a saved front-desk diagnostic: the answers and the result as shown.
type Diagnostic struct {
	ID       int64
	PersonID int64 // 0 when the person declined to be recorded
	At       time.Time
	User     string
	Input    domain.DiagnosticInput
	Result   domain.DiagnosticResult
}

// SaveDiagnostic records a diagnostic, with the person or anonymously (personID 0).
func (s *Store) SaveDiagnostic(ctx context.Context, by domain.User, personID int64, in domain.DiagnosticInput, res domain.DiagnosticResult) (int64, error) {
	if err := domain.Authorize(by, domain.ActRegister, domain.Scope{}); err != nil {
		return 0, err
	}
	input, err := json.Marshal(in)
	if err != nil {
		return 0, err
	}
	// The record keeps what the desk showed and the letter needs — profile, needs, recommended
	// places and their reasons — not why each of thousands of other places was set aside,
	// which the orientation recomputes whenever asked.
	res.Excluded = nil
	result, err := json.Marshal(res)
	if err != nil {
		return 0, err
	}
	now := s.now()
	var id int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var person any
		if personID != 0 {
			person = personID
		}
		r, err := tx.Exec(`INSERT INTO diagnostic(person_id, at, user_id, input, result) VALUES (?,?,?,?,?)`, person, ts(now), by.ID, string(input), string(result))
		if err != nil {
			return err
		}
		id, _ = r.LastInsertId()
		entity, eid := "diagnostic", strconv.FormatInt(id, 10)
		if personID != 0 {
			entity, eid = "person", strconv.FormatInt(personID, 10)
		}
		return audit(tx, now, by.ID, "diagnostic.save", entity, eid, "", string(res.Profile), "diagnostic n°"+strconv.FormatInt(id, 10))
	})
	return id, err
}

// PersonDiagnostics lists a person's diagnostics, newest first.
func (s *Store) PersonDiagnostics(ctx context.Context, personID int64) ([]Diagnostic, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, coalesce(person_id, 0), at, user_id, input, result FROM diagnostic WHERE person_id = ? ORDER BY id DESC`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Diagnostic
	for rows.Next() {
		var d Diagnostic
		var at, input, result string
		if err := rows.Scan(&d.ID, &d.PersonID, &at, &d.User, &input, &result); err != nil {
			return nil, err
		}
		d.At = parseTS(at)
		if err := json.Unmarshal([]byte(input), &d.Input); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(result), &d.Result); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Activity is what the desk did on a day.
type Activity struct {
	CarnetsIssued int
	Diagnostics   int
	Redemptions   int
}

// ActivityOn counts the day's hand-overs, diagnostics and redemptions (local calendar day).
func (s *Store) ActivityOn(ctx context.Context, day time.Time) (Activity, error) {
	y, m, d := day.Date()
	from := time.Date(y, m, d, 0, 0, 0, 0, day.Location())
	lo, hi := ts(from), ts(from.AddDate(0, 0, 1))
	var a Activity
	err := s.read.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM carnet WHERE issued_at >= ?1 AND issued_at < ?2),
		(SELECT count(*) FROM diagnostic WHERE at >= ?1 AND at < ?2),
		(SELECT count(*) FROM redemption WHERE at >= ?1 AND at < ?2 AND cancelled_at IS NULL)`, lo, hi).Scan(&a.CarnetsIssued, &a.Diagnostics, &a.Redemptions)
	return a, err
}
