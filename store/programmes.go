package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"passnum/domain"
)

// Extension is one recorded move of a programme's end.
type Extension struct {
	Programme string
	Before    time.Time // the end before this extension
	Until     time.Time // the new last day of validity
	Reason    string
	At        time.Time
	By        string
}

// withExtension is p with the end the ledger says: the latest extension, if any. The configuration
// keeps the original valid_until; every rule reads the programme through here (programme,
// Programmes, Programme) so that one end date counts everywhere. A ledger that cannot answer
// (no table yet on an unchecked store) leaves the configured end.
func (s *Store) withExtension(p domain.Programme) domain.Programme {
	var until sql.NullString
	if err := s.read.QueryRow(`SELECT MAX(until) FROM programme_extension WHERE programme = ?`, p.ID).Scan(&until); err != nil || !until.Valid {
		return p
	}
	if t, err := time.Parse("2006-01-02", until.String); err == nil && t.After(p.ValidUntil) {
		p.ValidUntil = t
	}
	return p
}

// Programmes are the configured programmes with their effective end (extensions applied).
func (s *Store) Programmes() []domain.Programme {
	out := make([]domain.Programme, len(s.opts.Programmes))
	for i, p := range s.opts.Programmes {
		out[i] = s.withExtension(p)
	}
	return out
}

// Programme is the programme with this id and its effective end.
func (s *Store) Programme(id string) (domain.Programme, error) { return s.programme(id) }

// Extensions lists a programme's extensions, oldest first, each with the end it replaced.
func (s *Store) Extensions(ctx context.Context, id string) ([]Extension, error) {
	var orig time.Time
	for _, p := range s.opts.Programmes {
		if p.ID == id {
			orig = p.ValidUntil
		}
	}
	rows, err := s.read.QueryContext(ctx, `SELECT programme, until, reason, at, by_user FROM programme_extension WHERE programme = ? ORDER BY id`, id)
	if err != nil {
		return nil, mapErr(err, s.file)
	}
	defer rows.Close()
	var out []Extension
	before := orig
	for rows.Next() {
		var e Extension
		var until, at string
		if err := rows.Scan(&e.Programme, &until, &e.Reason, &at, &e.By); err != nil {
			return nil, mapErr(err, s.file)
		}
		e.Until, _ = time.Parse("2006-01-02", until)
		e.At = parseTS(at)
		e.Before = before
		before = e.Until
		out = append(out, e)
	}
	return out, mapErr(rows.Err(), s.file)
}

// ExtendProgramme moves a programme's end to until (coordination only), with the reason, and
// an audit row (before → after) in the same transaction. The new end must be later than the
// current effective end: an extension never shortens a programme.
func (s *Store) ExtendProgramme(ctx context.Context, by domain.User, id string, until time.Time, reason string) (domain.Programme, error) {
	if err := domain.Authorize(by, domain.ActExtendProgramme, domain.Scope{}); err != nil {
		return domain.Programme{}, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return domain.Programme{}, domain.Errorf(domain.KindInvalid, "motif manquant : dites pourquoi le programme est prolongé (--reason \"avenant du comité du …\")")
	}
	until = domain.Day(until)
	var out domain.Programme
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var conf domain.Programme
		found := false
		for _, p := range s.opts.Programmes {
			if p.ID == id {
				conf, found = p, true
			}
		}
		if !found {
			return domain.Errorf(domain.KindInvalid, "programme inconnu : %q (voir config.toml, [[programmes]])", id)
		}
		// A closed programme's statement is frozen: moving its end now would contradict it.
		if err := openProgramme(tx, id); err != nil {
			return err
		}
		// Read the current end inside the write transaction: two extensions do not race.
		cur := domain.Day(conf.ValidUntil)
		var last sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT MAX(until) FROM programme_extension WHERE programme = ?`, id).Scan(&last); err != nil {
			return err
		}
		if last.Valid {
			if t, err := time.Parse("2006-01-02", last.String); err == nil && t.After(cur) {
				cur = t
			}
		}
		if conf.ValidUntil.IsZero() {
			return domain.Errorf(domain.KindInvalid, "le programme %s n'a pas de fin (valid_until) : rien à prolonger", conf.Name)
		}
		if !until.After(cur) {
			return domain.Errorf(domain.KindConflict, "prolongation refusée : le %s n'est pas après la fin actuelle du programme %s (%s) ; une prolongation repousse la fin, elle ne l'avance pas",
				domain.ShortDate(until), conf.Name, domain.ShortDate(cur))
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO programme_extension(programme, until, reason, at, by_user) VALUES (?,?,?,?,?)`,
			id, until.Format("2006-01-02"), reason, ts(now), by.ID); err != nil {
			return err
		}
		out = conf
		out.ValidUntil = until
		return audit(tx, now, by.ID, "programme.extend", "programme", id, cur.Format("2006-01-02"), until.Format("2006-01-02"), fmt.Sprintf("motif : %s", reason))
	})
	if err != nil {
		return domain.Programme{}, err
	}
	return out, nil
}
