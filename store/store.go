// Package store keeps the Pass numérique ledger in SQLite. Every change is one transaction that
// checks its invariant with a guarded update and writes its audit row before committing.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
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
	// Prescribers name the structures in messages (their ids otherwise).
	Prescribers []domain.Prescriber
	Now         func() time.Time // defaults to time.Now; tests move the clock
}

// Store is the SQLite ledger: one writer connection with immediate transactions, so concurrent
// writers queue on the busy timeout instead of failing, and a pool of read-only readers. A store
// opened with OpenReadOnly has no writer: its write methods fail with KindInternal.
type Store struct {
	write *sql.DB // nil when opened read-only
	read  *sql.DB
	opts  Options
	file  string // the path it was opened with, for messages
}

// ErrSchemaOutdated is matched (errors.Is) by OpenReadOnly's error when the database is missing
// or older than this program: a read-write Open would create or migrate it.
var ErrSchemaOutdated = errors.New("schéma de la base en retard sur le programme")

// Open opens (creating if needed) the database at path and migrates it to the latest schema.
// It refuses an existing file that is empty (0 byte), damaged (see inspect) or a SQLite database
// of something else: none of them silently becomes a new ledger.
func Open(path string, opts Options) (*Store, error) { return openRW(path, opts, true) }

// OpenExisting is Open for a ledger that must already exist: a missing file is refused (an
// error matching fs.ErrNotExist) and never created, even if it vanishes while being opened.
func OpenExisting(path string, opts Options) (*Store, error) { return openRW(path, opts, false) }

func openRW(path string, opts Options, create bool) (*Store, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if err := statLedger(path, create); err != nil {
		return nil, err
	}
	_, statErr := os.Lstat(path)
	created := errors.Is(statErr, fs.ErrNotExist)
	mode := "&mode=rw" // SQLite refuses, rather than creates, a missing file
	if create {
		mode = ""
	}
	dsn := func(extra string) string {
		// Each connection keeps its prepared statements (_stmt_cache_size): a redemption runs a
		// dozen statements, and preparing them again was a third of its time.
		return "file:" + url.PathEscape(path) + "?_foreign_keys=on&_busy_timeout=10000&_synchronous=NORMAL&_journal_mode=WAL&_stmt_cache_size=128" + extra
	}
	// secure_delete: the writer zeroes what it deletes or overwrites, so that an anonymised
	// identity does not stay in the free space of the file (passnum people anonymise, retention).
	w, err := sql.Open("sqlite3", dsn(mode+"&_txlock=immediate&_secure_delete=on"))
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	s := &Store{write: w, opts: opts, file: path}
	if err := inspect(w, path); err != nil {
		w.Close()
		return nil, openErr(err, path)
	}
	if created {
		// The ledger names people: readable by its owner only, whatever the umask. SQLite
		// gives its -wal and -shm files the database's mode when it creates them.
		if err := ownerOnly(path); err != nil {
			w.Close()
			return nil, openErr(err, path)
		}
	} else {
		// A ledger created by an older version kept 0644 (and so did its -wal and -shm):
		// the writer narrows them. Best effort: a file of another owner is left as it is.
		narrowModes(path)
	}
	if err := s.migrate(); err != nil {
		w.Close()
		return nil, openErr(err, path)
	}
	r := sql.OpenDB(readConnector{dsn: dsn("&_query_only=on"), path: path})
	r.SetMaxOpenConns(8)
	s.read = r
	return s, nil
}

// OpenReadOnly opens only the reader pool of an existing database, for commands that never
// write: no writer connection, no migration. It refuses, with an error matching
// ErrSchemaOutdated, a database that does not exist or whose schema is older than this program
// (a read-write Open migrates it), and like Open a database newer than the program, an empty
// or damaged file.
//
// Closing: the last connection of a read-write open checkpoints the WAL and deletes the -wal and
// -shm files, which the next call recreates (and re-initialises). The readers here open the file
// with mode=ro, which alone keeps SQLite from doing so (the checkpoint needs a lock a read-only
// file descriptor cannot take), and set SQLITE_FCNTL_PERSIST_WAL to say it outright.
//
// A folder this process may not write (a read-only share, another user's folder): reading a WAL
// ledger needs its -shm file, which SQLite cannot create there. When no -wal file is beside the
// ledger, no writer has it open, and the readers open the file as immutable instead: lookups
// still work, and any write would need the folder's rights anyway.
func OpenReadOnly(path string, opts Options) (*Store, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, &domain.Error{Kind: domain.KindInvalid, Err: ErrSchemaOutdated,
			Message: fmt.Sprintf("la base %s n'existe pas encore : lancez une commande d'écriture ou passnum check-config", path)}
	}
	if err := statLedger(path, false); err != nil {
		return nil, err
	}
	// mode=ro: the connection cannot write the file at all, and so cannot checkpoint it either.
	// No _journal_mode (WAL is recorded in the file), _synchronous or _foreign_keys: they only
	// matter to writers, and each one is a statement run on every new connection.
	dsn := "file:" + url.PathEscape(path) + "?mode=ro&_busy_timeout=10000&_query_only=on&_stmt_cache_size=64"
	s, err := openReaders(path, dsn, opts)
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrReadonly || se.Code == sqlite3.ErrCantOpen) {
		if _, werr := os.Lstat(path + "-wal"); errors.Is(werr, fs.ErrNotExist) && !writableDir(path) {
			s, err = openReaders(path, dsn+"&immutable=1", opts)
		}
	}
	if err != nil {
		return nil, openErr(err, path)
	}
	return s, nil
}

func openReaders(path, dsn string, opts Options) (*Store, error) {
	r := sql.OpenDB(readConnector{dsn: dsn, path: path, persistWAL: true})
	r.SetMaxOpenConns(8)
	s := &Store{read: r, opts: opts, file: path}
	err := inspect(r, path)
	if err == nil {
		err = s.checkSchema()
	}
	if err != nil {
		r.Close()
		return nil, err
	}
	return s, nil
}

// OpenUnchecked returns the reader pool of path without opening the file or checking anything:
// for passnum restore, which replaces a ledger that may be missing, empty or damaged and only
// closes the store it is given. A read on it meets whatever the file is.
func OpenUnchecked(path string, opts Options) *Store {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	r := sql.OpenDB(readConnector{dsn: "file:" + url.PathEscape(path) + "?mode=ro&_busy_timeout=10000&_query_only=on", path: path})
	return &Store{read: r, opts: opts, file: path}
}

// statLedger refuses what must not be opened as a ledger: a missing file unless create, a
// folder, and an empty file (0 byte: a failed copy, a full disk, a touch), which SQLite would
// otherwise take for a new database and fill with an empty ledger.
func statLedger(path string, create bool) error {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if create {
			return nil
		}
		return &domain.Error{Kind: domain.KindNotFound, Err: err,
			Message: fmt.Sprintf("la base %s n'existe pas", path)}
	case err != nil:
		return &domain.Error{Kind: domain.KindConflict, Err: err,
			Message: fmt.Sprintf("impossible de lire la base %s (%v) : vérifiez ses droits et ceux de son dossier", path, err)}
	case st.IsDir():
		return domain.Errorf(domain.KindInvalid, "%s est un dossier, pas une base : indiquez le fichier du registre (--db, [store] path)", path)
	case st.Size() == 0:
		return &domain.Error{Kind: domain.KindConflict, Err: ErrDamaged,
			Message: fmt.Sprintf("la base %s est un fichier vide (0 octet) : ce n'est pas un registre, et passnum n'en fait pas un registre neuf sans qu'on le lui demande. Si le registre devait être là (copie ratée, disque plein), remettez la dernière sauvegarde avec passnum restore FICHIER ; pour commencer un registre neuf, supprimez ce fichier puis lancez passnum init", path)}
	}
	return nil
}

// inspect checks, cheaply, what SQLite would otherwise only find on the way: that the file is a
// SQLite database (its header), that its schema pages are sound (PRAGMA quick_check limited to
// sqlite_schema: a millisecond whatever the ledger's size, where a full quick_check reads the
// whole file, seconds on a large ledger; the nightly passnum backup runs integrity_check on its
// copy), and that it is a passnum ledger or a new, empty database.
func inspect(db *sql.DB, path string) error {
	rows, err := db.Query("PRAGMA quick_check(sqlite_schema)")
	if err != nil {
		return mapErr(err, path)
	}
	var answers []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			rows.Close()
			return mapErr(err, path)
		}
		answers = append(answers, a)
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return mapErr(err, path)
	}
	if len(answers) != 1 || answers[0] != "ok" {
		return &domain.Error{Kind: domain.KindConflict, Err: ErrDamaged,
			Message: fmt.Sprintf("la base %s est endommagée (quick_check : « %s ») : n'enregistrez plus rien ; %s", path, strings.Join(answers, " ; "), restoreAdvice)}
	}
	var version, objects, ours int
	err = db.QueryRow(`SELECT (SELECT user_version FROM pragma_user_version), count(*), count(*) FILTER (WHERE name IN ('carnet', 'cheque')) FROM sqlite_schema`).Scan(&version, &objects, &ours)
	if err != nil {
		return mapErr(err, path)
	}
	if version == 0 && objects > 0 && ours == 0 {
		return &domain.Error{Kind: domain.KindInvalid, Err: ErrNotLedger,
			Message: fmt.Sprintf("%s est une base SQLite, mais pas un registre passnum (elle a ses propres tables) : vérifiez le chemin (--db, [store] path) ; passnum ne la modifie pas", path)}
	}
	return nil
}

// openErr names the ledger in an error of Open, once.
func openErr(err error, path string) error {
	err = mapErr(err, path)
	if strings.Contains(err.Error(), path) {
		return err
	}
	return fmt.Errorf("base %s : %w", path, err)
}

// ownerOnly sets the ledger and the -wal and -shm files beside it to 0600.
func ownerOnly(path string) error {
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(f, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// narrowModes takes the group's and others' rights off the ledger and its -wal and -shm files
// when they have any; it never widens a mode, and ignores a file it may not change.
func narrowModes(path string) {
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		if st, err := os.Lstat(f); err == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o077 != 0 {
			os.Chmod(f, st.Mode().Perm()&0o700)
		}
	}
}

// writableDir reports whether this process may create files in the folder of path.
func writableDir(path string) bool {
	return syscall.Access(filepath.Dir(path), 2 /* W_OK */) == nil
}

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
		return mapErr(err, s.file)
	}
	// A panic in fn must not leave the one writer connection inside a transaction: the SSH
	// server recovers and goes on, and every later write would wait behind it.
	defer func() {
		if r := recover(); r != nil {
			tx.Rollback()
			panic(r)
		}
	}()
	if err := fn(tx); err != nil {
		tx.Rollback()
		return mapErr(err, s.file)
	}
	return mapErr(tx.Commit(), s.file)
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

// programme returns the programme with this id as the rules see it: the configured one with
// its effective end (the latest extension recorded in the ledger, see programmes.go).
func (s *Store) programme(id string) (domain.Programme, error) {
	for _, p := range s.opts.Programmes {
		if p.ID == id {
			return s.withExtension(p), nil
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
