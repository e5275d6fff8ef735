package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"passnum/domain"
)

// ledgerFile makes a small ledger with testStore, closes it and returns its path.
func ledgerFile(t *testing.T) (string, Options) {
	t.Helper()
	s, _ := testStore(t)
	addYoung(t, s, "Martin")
	stock(t, s, 2)
	var file string
	if err := s.read.QueryRow(`SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&file); err != nil {
		t.Fatal(err)
	}
	opts := s.opts
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return file, opts
}

func setUserVersion(t *testing.T, path string, v int) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", v)); err != nil {
		t.Fatal(err)
	}
}

func TestOpenReadOnlyReadsAndRefusesWrites(t *testing.T) {
	path, opts := ledgerFile(t)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := OpenReadOnly(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if !s.ReadOnly() || s.write != nil {
		t.Fatal("a read-only store has a writer")
	}
	if f, err := s.Lookup(ctx, "600001-03"); err != nil || f.Kind != "cheque" {
		t.Fatalf("Lookup = %+v, %v", f, err)
	}
	if people, err := s.FindPeople(ctx, "mart", 10); err != nil || len(people) != 1 {
		t.Fatalf("FindPeople = %v, %v", people, err)
	}
	_, err = s.AddPerson(ctx, desk, domain.Person{LastName: "Durand", FirstName: "Léa", BirthDate: day("2006-05-04"), Commune: "60175", Consent: true}, PersonOptions{NotDuplicate: true})
	wantKind(t, err, domain.KindInternal, "lecture seule")
	wantKind(t, s.ReceiveCarnets(ctx, coord, "creil", []CarnetSpec{{Number: "700001"}}), domain.KindInternal, "lecture seule")
	wantKind(t, s.Optimize(ctx), domain.KindInternal, "lecture seule")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) {
		t.Fatal("a read-only store changed the database file")
	}
}

func TestOpenReadOnlyRefusesMissingOrOtherSchema(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "absent.db")
	_, err := OpenReadOnly(missing, Options{})
	if !errors.Is(err, ErrSchemaOutdated) {
		t.Fatalf("missing database: %v, want ErrSchemaOutdated", err)
	}
	wantKind(t, err, domain.KindInvalid, "n'existe pas encore")
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("OpenReadOnly created the database")
	}

	path, opts := ledgerFile(t)
	names, _ := schemaNames()
	setUserVersion(t, path, len(names)-1)
	_, err = OpenReadOnly(path, opts)
	if !errors.Is(err, ErrSchemaOutdated) {
		t.Fatalf("older schema: %v, want ErrSchemaOutdated", err)
	}
	wantKind(t, err, domain.KindInvalid, "n'est pas à jour")
	wantKind(t, err, domain.KindInvalid, "lancez une commande d'écriture ou passnum check-config")

	setUserVersion(t, path, len(names)+1)
	_, err = OpenReadOnly(path, opts)
	if errors.Is(err, ErrSchemaOutdated) {
		t.Fatal("a newer schema is not « outdated »: migrating cannot help")
	}
	wantKind(t, err, domain.KindInvalid, "plus récente")
}

// A read-only call leaves the WAL and its index in place (no checkpoint, no delete) for the next
// call, and sees what a writer open at the same time commits.
func TestReadOnlyKeepsWALAndSeesWriter(t *testing.T) {
	path, opts := ledgerFile(t)
	for i := 0; i < 2; i++ {
		r, err := OpenReadOnly(path, opts)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Places(context.Background()); err != nil {
			t.Fatal(err)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		for _, suffix := range []string{"-wal", "-shm"} {
			if _, err := os.Stat(path + suffix); err != nil {
				t.Fatalf("after a read-only close: %v", err)
			}
		}
	}

	w, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	r, err := OpenReadOnly(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx := context.Background()
	addYoung(t, w, "Martineau")
	if people, err := r.FindPeople(ctx, "mart", 10); err != nil || len(people) != 2 {
		t.Fatalf("reader sees %d people (%v), want the writer's 2", len(people), err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	addYoung(t, w, "Marty") // the writer goes on after the reader left
}

func TestOptimizeGathersStatistics(t *testing.T) {
	s, _ := testStore(t)
	for i := 0; i < 20; i++ {
		addYoung(t, s, fmt.Sprintf("Martin%d", i))
	}
	if err := s.Optimize(context.Background()); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.read.QueryRow(`SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'person'`).Scan(&n); err != nil || n == 0 {
		t.Fatalf("sqlite_stat1 rows for person: %d, %v", n, err)
	}
	if err := s.Optimize(context.Background()); err != nil { // nothing changed: still fine
		t.Fatal(err)
	}
}

// Opening and closing the store around one read, as one CLI call does.
func BenchmarkOpenClose(b *testing.B) {
	for _, mode := range []struct {
		name string
		open func(string, Options) (*Store, error)
	}{{"read-write", Open}, {"read-only", OpenReadOnly}} {
		b.Run(mode.name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "p.db")
			s, err := Open(path, Options{})
			if err != nil {
				b.Fatal(err)
			}
			s.Close()
			for b.Loop() {
				s, err := mode.open(path, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.Places(context.Background()); err != nil {
					b.Fatal(err)
				}
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestTxRollsBackOnPanic: a panic inside a write transaction leaves the writer free, so the
// next write (the next redemption on the SSH server) goes through.
func TestTxRollsBackOnPanic(t *testing.T) {
	s, _ := testStore(t)
	func() {
		defer func() { _ = recover() }()
		_ = s.tx(context.Background(), func(tx *sql.Tx) error {
			if _, err := tx.Exec(`INSERT INTO audit(at, user_id, action, entity, entity_id, before, after, detail) VALUES ('x','u','a','e','1','','','')`); err != nil {
				t.Fatal(err)
			}
			panic("boom")
		})
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.tx(ctx, func(tx *sql.Tx) error { return nil }); err != nil {
		t.Fatalf("the writer is stuck after a panic: %v", err)
	}
	var n int
	if err := s.read.QueryRow(`SELECT count(*) FROM audit WHERE user_id = 'u'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("the panicking transaction was kept: %d rows, %v", n, err)
	}
}
