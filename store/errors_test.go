package store

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"passnum/domain"
)

// sqliteExec runs statements on the file at path through the driver, outside any Store.
func sqliteExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// overwrite writes garbage over n bytes of the file at offset.
func overwrite(t *testing.T, path string, offset int64, n int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte(strings.Repeat("GARBAGE!", n/8+1)[:n]), offset); err != nil {
		t.Fatal(err)
	}
}

// rootPageOffset is where the first b-tree page of table starts in the ledger's file.
func rootPageOffset(t *testing.T, path, table string) int64 {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var root, size int64
	if err := db.QueryRow(`SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_schema WHERE name = ?`, table).Scan(&root, &size); err != nil {
		t.Fatal(err)
	}
	return (root - 1) * size
}

func wantDamaged(t *testing.T, err error, phrase string) {
	t.Helper()
	wantKind(t, err, domain.KindConflict, phrase)
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("%v: does not match ErrDamaged", err)
	}
}

func TestOpenRefusesAnEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "passnum.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for name, open := range map[string]func(string, Options) (*Store, error){"Open": Open, "OpenExisting": OpenExisting, "OpenReadOnly": OpenReadOnly} {
		_, err := open(path, Options{})
		wantDamaged(t, err, "fichier vide (0 octet)")
		wantKind(t, err, domain.KindConflict, "passnum restore")
		if st, err := os.Stat(path); err != nil || st.Size() != 0 {
			t.Fatalf("%s turned the empty file into a ledger (%v)", name, err)
		}
	}
}

func TestOpenExistingDoesNotCreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "absent.db")
	_, err := OpenExisting(path, Options{})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("OpenExisting on a missing file: %v, want fs.ErrNotExist", err)
	}
	wantKind(t, err, domain.KindNotFound, "n'existe pas")
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("OpenExisting created the database")
	}
	path, opts := ledgerFile(t)
	s, err := OpenExisting(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

func TestOpenRefusesAnotherSQLiteDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "comptes.db")
	sqliteExec(t, path, `CREATE TABLE compte(id INTEGER PRIMARY KEY, solde INTEGER)`)
	_, err := Open(path, Options{})
	wantKind(t, err, domain.KindInvalid, "pas un registre passnum")
	if !errors.Is(err, ErrNotLedger) {
		t.Fatalf("%v: does not match ErrNotLedger", err)
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name = 'carnet'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("Open added passnum's tables to another database (%d, %v)", n, err)
	}
}

// Garbage over the header: SQLite no longer sees a database; over the schema's page: the
// schema is damaged. Both are found when the ledger is opened, before any command runs.
func TestOpenDetectsADamagedLedger(t *testing.T) {
	path, opts := ledgerFile(t)
	overwrite(t, path, 0, 100)
	_, err := Open(path, opts)
	wantDamaged(t, err, "n'est pas une base SQLite")
	wantKind(t, err, domain.KindConflict, path)
	_, err = OpenReadOnly(path, opts)
	wantDamaged(t, err, "n'est pas une base SQLite")

	path, opts = ledgerFile(t)
	overwrite(t, path, 100, 3000) // page 1 after the header: sqlite_schema
	_, err = Open(path, opts)
	wantDamaged(t, err, "endommagée")
	wantKind(t, err, domain.KindConflict, "passnum restore")
	_, err = OpenReadOnly(path, opts)
	wantDamaged(t, err, "endommagée")
}

// A damaged page the cheap check at open does not read is reported when a read meets it.
func TestReadOfADamagedPageIsMapped(t *testing.T) {
	path, opts := ledgerFile(t)
	overwrite(t, path, rootPageOffset(t, path, "place"), 4096)
	for name, open := range map[string]func(string, Options) (*Store, error){"Open": Open, "OpenReadOnly": OpenReadOnly} {
		s, err := open(path, opts)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		_, err = s.Places(context.Background())
		s.Close()
		wantDamaged(t, err, "endommagée")
		wantKind(t, err, domain.KindConflict, path)
	}
}

// The writer of a store on a file it may only read (here opened with mode=ro, which a root test
// process cannot otherwise get from file permissions): the write is refused in French.
func TestWriteToAReadOnlyFileIsMapped(t *testing.T) {
	path, opts := ledgerFile(t)
	w, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	w.SetMaxOpenConns(1)
	r, _ := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	s := &Store{write: w, read: r, opts: opts, file: path}
	defer s.Close()
	_, err = s.UpsertPlaces(context.Background(), coord, []domain.Place{{ID: "neuf", Name: "Lieu neuf"}})
	wantKind(t, err, domain.KindConflict, "lecture seule")
	wantKind(t, err, domain.KindConflict, path)
}

func TestFullDiskIsMapped(t *testing.T) {
	s, _ := testStore(t)
	var pages int
	if err := s.write.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	// The writer pool has one connection: the limit stays on it, as a full disk would.
	if _, err := s.write.Exec("PRAGMA max_page_count = " + strconv.Itoa(pages+1)); err != nil {
		t.Fatal(err)
	}
	var err error
	for i := 0; i < 500 && err == nil; i++ {
		_, err = s.UpsertPlaces(context.Background(), coord, []domain.Place{{ID: "lieu-" + strconv.Itoa(i), Name: strings.Repeat("Lieu très long ", 40)}})
	}
	wantKind(t, err, domain.KindConflict, "disque")
	wantKind(t, err, domain.KindConflict, "plein")
}

// Another program holds the ledger under BEGIN EXCLUSIVE: the write waits the busy timeout
// (shortened here) and is refused with what to do.
func TestLockedLedgerIsMapped(t *testing.T) {
	path, opts := ledgerFile(t)
	holder, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	ctx := context.Background()
	conn, err := holder.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "ROLLBACK")
	w, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=100&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	w.SetMaxOpenConns(1)
	s := &Store{write: w, read: w, opts: opts, file: path}
	defer w.Close()
	_, err = s.UpsertPlaces(ctx, coord, []domain.Place{{ID: "neuf", Name: "Lieu neuf"}})
	wantKind(t, err, domain.KindConflict, "occupée")
	wantKind(t, err, domain.KindConflict, "réessayez")
}
