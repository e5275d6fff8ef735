package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"passnum/domain"
)

// issued is one write of the writer below: a person registered and handed a carnet.
type issued struct {
	person int64
	carnet string
}

// A backup taken while a writer keeps registering people and handing them carnets is intact
// and holds every transaction committed before it began, each one whole.
func TestBackupWhileWriting(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	const carnets = 300
	stock(t, s, carnets)
	// A ledger the size of a territory, so that the copy takes long enough to meet writes.
	if err := s.BulkAddPeopleForBench(ctx, coord, 40000); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	var done []issued
	committed := func() []issued {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(done)
	}
	stop := make(chan struct{})
	werr := make(chan error, 1)
	go func() {
		defer close(werr)
		for i := 0; i < carnets; i++ {
			select {
			case <-stop:
				return
			default:
			}
			id, err := s.AddPerson(ctx, desk, domain.Person{LastName: fmt.Sprintf("Sauvé%d", i), FirstName: "Inès", BirthDate: day("2006-05-04"),
				Commune: "60175", QPV: "Hauts de Creil", Diploma: "bac", Status: domain.StatusOther, Consent: true}, PersonOptions{NotDuplicate: true})
			if err != nil {
				werr <- err
				return
			}
			number := fmt.Sprint(600001 + i)
			if err := s.IssueCarnet(ctx, desk, number, id); err != nil {
				werr <- err
				return
			}
			mu.Lock()
			done = append(done, issued{id, number})
			mu.Unlock()
		}
	}()
	defer func() {
		close(stop)
		if err := <-werr; err != nil {
			t.Errorf("writer: %v", err)
		}
	}()
	for deadline := time.Now().Add(20 * time.Second); len(committed()) < 5; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the writer wrote nothing in 20 s")
		}
	}

	dir := t.TempDir()
	overlapped := 0
	for k := 0; k < 4; k++ {
		before := committed()
		dest := filepath.Join(dir, fmt.Sprintf("copie-%d.db", k))
		if err := s.Backup(ctx, dest); err != nil {
			t.Fatalf("backup %d: %v", k, err)
		}
		after := committed()
		if len(after) > len(before) && len(before) < carnets {
			overlapped++
		}
		if err := CheckFile(dest); err != nil {
			t.Fatalf("backup %d: CheckFile: %v", k, err)
		}
		db := openRaw(t, dest)
		var check string
		if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
			t.Fatalf("backup %d: integrity_check = %q, %v", k, check, err)
		}
		for _, w := range before {
			var state string
			var person sql.NullInt64
			if err := db.QueryRow(`SELECT state, person_id FROM carnet WHERE number = ?`, w.carnet).Scan(&state, &person); err != nil {
				t.Fatalf("backup %d: carnet %s, committed before the backup: %v", k, w.carnet, err)
			}
			var name string
			if err := db.QueryRow(`SELECT last_name FROM person WHERE id = ?`, w.person).Scan(&name); err != nil {
				t.Fatalf("backup %d: person %d, committed before the backup: %v", k, w.person, err)
			}
			if state != "remis" || person.Int64 != w.person {
				t.Fatalf("backup %d: carnet %s is %s to %d, want remis to %d", k, w.carnet, state, person.Int64, w.person)
			}
		}
		// Each transaction is in the copy whole or not at all: a carnet handed over has its audit
		// row and its five chèques made available; a person registered has their audit row.
		q := func(query string) int {
			var n int
			if err := db.QueryRow(query).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		remis, audits, cheques := q(`SELECT count(*) FROM carnet WHERE state = 'remis'`),
			q(`SELECT count(*) FROM audit WHERE action = 'carnet.issue'`), q(`SELECT count(*) FROM cheque WHERE state = 'disponible'`)
		people, peopleAudits := q(`SELECT count(*) FROM person WHERE last_name LIKE 'Sauvé%'`), q(`SELECT count(*) FROM audit WHERE action = 'person.add'`)
		if remis < len(before) || audits != remis || cheques != 5*remis || peopleAudits != people || people < remis {
			t.Fatalf("backup %d: %d carnets remis, %d audit rows, %d chèques disponibles; %d people, %d audit rows; %d committed before",
				k, remis, audits, cheques, people, peopleAudits, len(before))
		}
		db.Close()
		t.Logf("backup %d: %d writes committed before, %d during", k, len(before), len(after)-len(before))
	}
	if overlapped == 0 {
		t.Fatal("no write was committed while a backup ran: the test proved nothing")
	}
	// Only the copies are left: no temporary file under any name.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Fatalf("backup folder holds %d files, want the 4 copies: %v", len(entries), entries)
	}
}

func TestBackupNeverReplacesAFile(t *testing.T) {
	s, _ := testStore(t)
	dest := filepath.Join(t.TempDir(), "copie.db")
	if err := os.WriteFile(dest, []byte("autre chose"), 0o600); err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.Backup(context.Background(), dest), domain.KindConflict, "existe déjà")
	if b, _ := os.ReadFile(dest); string(b) != "autre chose" {
		t.Fatalf("the file was replaced: %q", b)
	}
}

// backupOf returns a fresh backup of a small ledger with a few hundred rows.
func backupOf(t *testing.T) string {
	t.Helper()
	s, _ := testStore(t)
	stock(t, s, 60)
	if err := s.BulkAddPeopleForBench(context.Background(), coord, 2000); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "copie.db")
	if err := s.Backup(context.Background(), dest); err != nil {
		t.Fatal(err)
	}
	return dest
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestBackupCheckFileRefuses(t *testing.T) {
	good := backupOf(t)
	if err := CheckFile(good); err != nil {
		t.Fatalf("a fresh backup: %v", err)
	}
	dir := t.TempDir()

	corrupt := filepath.Join(dir, "abimee.db")
	copyFile(t, good, corrupt)
	st, _ := os.Stat(corrupt)
	f, err := os.OpenFile(corrupt, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Two pages in the middle of the file, where the tables' b-trees are.
	junk := []byte(strings.Repeat("passnum abîmé ", 8192/15+1))[:8192]
	if _, err := f.WriteAt(junk, (st.Size()/2)&^4095); err != nil {
		t.Fatal(err)
	}
	f.Close()

	other := filepath.Join(dir, "autre.db")
	db := openRaw(t, other)
	if _, err := db.Exec(`CREATE TABLE recette(nom TEXT); INSERT INTO recette VALUES ('tarte')`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	newer := filepath.Join(dir, "future.db")
	copyFile(t, good, newer)
	db = openRaw(t, newer)
	if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion()+1)); err != nil {
		t.Fatal(err)
	}
	db.Close()

	text := filepath.Join(dir, "texte.db")
	os.WriteFile(text, []byte(strings.Repeat("ceci n'est pas une base\n", 200)), 0o600)

	broken := filepath.Join(dir, "orpheline.db")
	copyFile(t, good, broken)
	db = openRaw(t, broken) // foreign keys are off on a raw connection: the orphan goes in
	if _, err := db.Exec(`UPDATE carnet SET person_id = 999999 WHERE number = '600001'`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	for _, tt := range []struct{ name, path, phrase string }{
		{"corrupted", corrupt, "le fichier est endommagé"},
		{"another SQLite file", other, "pas un registre passnum"},
		{"newer schema", newer, "plus récent"},
		{"not SQLite", text, "SQLite ne peut pas le lire"},
		{"broken reference", broken, "1 référence cassée (foreign_key_check)"},
		{"missing", filepath.Join(dir, "absente.db"), "n'existe pas"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckFile(tt.path)
			wantKind(t, err, domain.KindInvalid, tt.phrase)
			if !strings.Contains(err.Error(), tt.path) {
				t.Fatalf("the message does not name the file: %q", err)
			}
			t.Log(err)
		})
	}
	// Checking reads only: nothing appears beside the files checked.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 5 {
		t.Fatalf("after the checks the folder holds %v", entries)
	}
}

// Restore puts the copy in place, keeps the replaced ledger aside whole, and refuses while
// another connection still has the ledger open.
func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	good := backupOf(t) // 60 carnets in stock, allocated
	dir := t.TempDir()
	dst := filepath.Join(dir, "passnum.db")
	s, err := Open(dst, Options{Programmes: testProgrammes(t)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ReceiveCarnets(ctx, coord, "creil", []CarnetSpec{{Number: "700001"}}); err != nil {
		t.Fatal(err)
	}
	aside := dst + ".avant-restauration-test"

	// Still open (an idle screen somewhere): refused, nothing changed.
	wantKind(t, Restore(ctx, good, dst, aside), domain.KindConflict, "ouvert par un autre programme")
	if _, err := os.Stat(aside); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a refused restore left %s", aside)
	}
	if _, err := s.Carnet(ctx, "700001"); err != nil {
		t.Fatalf("a refused restore changed the ledger: %v", err)
	}
	s.Close()

	// A corrupted file is refused before anything is touched.
	corrupt := filepath.Join(t.TempDir(), "abimee.db")
	copyFile(t, good, corrupt)
	if err := os.Truncate(corrupt, 3000); err != nil {
		t.Fatal(err)
	}
	wantKind(t, Restore(ctx, corrupt, dst, aside), domain.KindInvalid, corrupt)

	if err := Restore(ctx, good, dst, aside); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{dst + "-wal", dst + "-shm"} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%s is beside the restored ledger", p)
		}
	}
	restored, err := Open(dst, Options{Programmes: testProgrammes(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if _, err := restored.Carnet(ctx, "600060"); err != nil {
		t.Fatalf("the restored ledger lacks the backup's carnets: %v", err)
	}
	if _, err := restored.Carnet(ctx, "700001"); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("the restored ledger has the replaced ledger's carnet: %v", err)
	}
	if err := CheckFile(aside); err != nil {
		t.Fatalf("the ledger kept aside: %v", err)
	}
	old := openRaw(t, aside)
	defer old.Close()
	var n int
	if err := old.QueryRow(`SELECT count(*) FROM carnet WHERE number = '700001'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("the ledger kept aside lacks its carnet 700001: %d, %v", n, err)
	}
}

func testProgrammes(t *testing.T) []domain.Programme {
	t.Helper()
	return []domain.Programme{{ID: "creil", Name: "Pass Creil", ChequeValueCents: 1000, ChequesPerCarnet: 5,
		ValidFrom: day("2026-01-01"), ValidUntil: day("2027-06-30")}}
}
