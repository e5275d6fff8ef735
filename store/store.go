// Package store keeps the Pass numérique ledger in SQLite. Every change is one transaction that
// checks its invariant with a guarded update and writes its audit row before committing.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"passnum/domain"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Options are the rules the store applies inside its transactions.
type Options struct {
	Programmes []domain.Programme
	Communes   []domain.Commune
	Now        func() time.Time // defaults to time.Now; tests move the clock
}

// Store is the SQLite ledger: one writer connection with immediate transactions, so concurrent
// writers queue on the busy timeout instead of failing, and a pool of read-only readers.
type Store struct {
	write *sql.DB
	read  *sql.DB
	opts  Options
}

// Open opens (creating if needed) the database at path and migrates it to the latest schema.
func Open(path string, opts Options) (*Store, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	dsn := func(extra string) string {
		return "file:" + url.PathEscape(path) + "?_foreign_keys=on&_busy_timeout=10000&_synchronous=NORMAL&_journal_mode=WAL" + extra
	}
	w, err := sql.Open("sqlite3", dsn("&_txlock=immediate"))
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	s := &Store{write: w, opts: opts}
	if err := s.migrate(); err != nil {
		w.Close()
		return nil, fmt.Errorf("base %s : %w", path, err)
	}
	r, err := sql.Open("sqlite3", dsn("&_query_only=on"))
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(8)
	s.read = r
	return s, nil
}

// Close closes both pools.
func (s *Store) Close() error {
	return errors.Join(s.read.Close(), s.write.Close())
}

func (s *Store) migrate() error {
	entries, err := migrations.ReadDir("migrations")
	if err != nil {
		return err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	var version int
	if err := s.write.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	if version > len(names) {
		return domain.Errorf(domain.KindInvalid, "la base est plus récente (schéma %d) que ce programme (schéma %d) : mettez passnum à jour", version, len(names))
	}
	for i := version; i < len(names); i++ {
		body, err := migrations.ReadFile("migrations/" + names[i])
		if err != nil {
			return err
		}
		// The immediate transaction makes concurrent first starts wait for each other; the
		// version is re-read inside it so a migration never runs twice.
		err = s.tx(context.Background(), func(tx *sql.Tx) error {
			var v int
			if err := tx.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
				return err
			}
			if v > i {
				return nil
			}
			if _, err := tx.Exec(string(body)); err != nil {
				return fmt.Errorf("migration %s : %w", names[i], err)
			}
			_, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", i+1))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// tx runs fn in one write transaction, committed only if fn returns nil.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return wrapErr(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return wrapErr(err)
	}
	return wrapErr(tx.Commit())
}

// wrapErr turns SQLite's constraint and busy errors into the domain vocabulary, so that no
// « database is locked » ever reaches a user.
func wrapErr(err error) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return &domain.Error{Kind: domain.KindConflict, Message: "la base est occupée par une autre opération : réessayez dans un instant", Err: err}
		case sqlite3.ErrConstraint:
			return &domain.Error{Kind: domain.KindConflict, Message: "opération refusée : elle contredit une règle du registre (" + constraintName(se) + ")", Err: err}
		}
	}
	return err
}

func constraintName(se sqlite3.Error) string {
	msg := se.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		return msg[i+2:]
	}
	return msg
}

func (s *Store) now() time.Time { return s.opts.Now().UTC() }

func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000Z") // fixed width: text order is time order
}

func parseTS(v string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, v)
	return t
}

// programme returns the configured programme with this id.
func (s *Store) programme(id string) (domain.Programme, error) {
	for _, p := range s.opts.Programmes {
		if p.ID == id {
			return p, nil
		}
	}
	return domain.Programme{}, domain.Errorf(domain.KindInvalid, "programme inconnu : %q (voir config.toml, [[programmes]])", id)
}

// audit writes the audit row of a change inside the change's own transaction.
func audit(tx *sql.Tx, at time.Time, user, action, entity, id, before, after, detail string) error {
	_, err := tx.Exec(`INSERT INTO audit(at, user_id, action, entity, entity_id, before, after, detail) VALUES (?,?,?,?,?,?,?,?)`,
		ts(at), user, action, entity, id, before, after, detail)
	return err
}
