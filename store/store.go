// Package store keeps the Pass numérique ledger in SQLite. Every change is one transaction that
// checks its invariant with a guarded update and writes its audit row before committing.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
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
// writers queue on the busy timeout instead of failing, and a pool of read-only readers. A store
// opened with OpenReadOnly has no writer: its write methods fail with KindInternal.
type Store struct {
	write *sql.DB // nil when opened read-only
	read  *sql.DB
	opts  Options
}

// ErrSchemaOutdated is matched (errors.Is) by OpenReadOnly's error when the database is missing
// or older than this program: a read-write Open would create or migrate it.
var ErrSchemaOutdated = errors.New("schéma de la base en retard sur le programme")

// Open opens (creating if needed) the database at path and migrates it to the latest schema.
func Open(path string, opts Options) (*Store, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	dsn := func(extra string) string {
		// Each connection keeps its prepared statements (_stmt_cache_size): a redemption runs a
		// dozen statements, and preparing them again was a third of its time.
		return "file:" + url.PathEscape(path) + "?_foreign_keys=on&_busy_timeout=10000&_synchronous=NORMAL&_journal_mode=WAL&_stmt_cache_size=128" + extra
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

// OpenReadOnly opens only the reader pool of an existing database, for commands that never
// write: no writer connection, no migration. It refuses, with an error matching
// ErrSchemaOutdated, a database that does not exist or whose schema is older than this program
// (a read-write Open migrates it), and like Open a database newer than the program.
//
// Closing: the last connection of a read-write open checkpoints the WAL and deletes the -wal and
// -shm files, which the next call recreates (and re-initialises). The readers here open the file
// with mode=ro, which alone keeps SQLite from doing so (the checkpoint needs a lock a read-only
// file descriptor cannot take), and set SQLITE_FCNTL_PERSIST_WAL to say it outright.
func OpenReadOnly(path string, opts Options) (*Store, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, &domain.Error{Kind: domain.KindInvalid, Err: ErrSchemaOutdated,
			Message: fmt.Sprintf("la base %s n'existe pas encore : lancez une commande d'écriture ou passnum check-config", path)}
	}
	// mode=ro: the connection cannot write the file at all, and so cannot checkpoint it either.
	// No _journal_mode (WAL is recorded in the file), _synchronous or _foreign_keys: they only
	// matter to writers, and each one is a statement run on every new connection.
	r := sql.OpenDB(readConnector{dsn: "file:" + url.PathEscape(path) + "?mode=ro&_busy_timeout=10000&_query_only=on&_stmt_cache_size=64"})
	r.SetMaxOpenConns(8)
	s := &Store{read: r, opts: opts}
	if err := s.checkSchema(); err != nil {
		r.Close()
		return nil, fmt.Errorf("base %s : %w", path, err)
	}
	return s, nil
}

// readConnector opens reader connections that persist the WAL file (see OpenReadOnly).
type readConnector struct{ dsn string }

var readDriver = &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
	return c.SetFileControlInt("main", sqlite3.SQLITE_FCNTL_PERSIST_WAL, 1)
}}

func (c readConnector) Connect(context.Context) (driver.Conn, error) { return readDriver.Open(c.dsn) }
func (c readConnector) Driver() driver.Driver                        { return readDriver }

// ReadOnly reports whether the store was opened with OpenReadOnly.
func (s *Store) ReadOnly() bool { return s.write == nil }

// Close closes both pools.
func (s *Store) Close() error {
	if s.write == nil {
		return s.read.Close()
	}
	return errors.Join(s.read.Close(), s.write.Close())
}

// errReadOnly is what every write method of a read-only store returns.
func errReadOnly(op string) error {
	return domain.Errorf(domain.KindInternal, "base ouverte en lecture seule : %s impossible (erreur du programme, signalez-la)", op)
}

// schemaNames lists the embedded migrations in order; their count is this program's schema.
func schemaNames() ([]string, error) {
	entries, err := migrations.ReadDir("migrations")
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names, nil
}

// checkSchema refuses, on a read-only store, a schema other than this program's.
func (s *Store) checkSchema() error {
	names, err := schemaNames()
	if err != nil {
		return err
	}
	var version int
	if err := s.read.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return wrapErr(err)
	}
	switch {
	case version > len(names):
		return domain.Errorf(domain.KindInvalid, "la base est plus récente (schéma %d) que ce programme (schéma %d) : mettez passnum à jour", version, len(names))
	case version < len(names):
		return &domain.Error{Kind: domain.KindInvalid, Err: ErrSchemaOutdated,
			Message: fmt.Sprintf("la base n'est pas à jour (schéma %d, ce programme attend %d) : lancez une commande d'écriture ou passnum check-config", version, len(names))}
	}
	return nil
}

func (s *Store) migrate() error {
	names, err := schemaNames()
	if err != nil {
		return err
	}
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
	if version < len(names) {
		// A migration may have added indexes (without statistics) to tables that already hold
		// rows: let SQLite analyse what needs it now rather than plan without statistics.
		if err := s.Optimize(context.Background()); err != nil {
			return err
		}
	}
	return nil
}

// tx runs fn in one write transaction, committed only if fn returns nil.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	if s.write == nil {
		return errReadOnly("écriture")
	}
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
