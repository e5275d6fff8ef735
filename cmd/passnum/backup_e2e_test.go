package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// backup runs passnum backup --json with args and returns what it said.
func (c *cli) backup(args ...string) backupJSON {
	c.t.Helper()
	out := c.must(append([]string{"backup", "--json"}, args...)...)
	var b backupJSON
	if err := json.Unmarshal([]byte(out), &b); err != nil {
		c.t.Fatalf("backup --json: %v\n%s", err, out)
	}
	return b
}

// backupFiles lists the files of dir named like a backup.
func backupFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if isBackupName(e.Name()) {
			names = append(names, e.Name())
		}
	}
	return names
}

func TestBackupKeepsTheNewest(t *testing.T) {
	c := newCLI(t)
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", "3")
	dir := filepath.Join(filepath.Dir(c.db), "sauvegardes")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// Files that only look like backups, or are not backups at all, are never deleted.
	others := []string{"notes.txt", "passnum-avant-migration.db", "passnum-2020-01-01-000000.db.bak"}
	for _, name := range others {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("à garder"), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	out := c.must("backup", "--keep", "2")
	if !strings.Contains(out, "Sauvegarde faite : "+dir+string(filepath.Separator)+"passnum-") ||
		!strings.Contains(out, "integrity_check : ok") || !strings.Contains(out, " ko") {
		t.Fatalf("backup said:\n%s", out)
	}
	first := backupFiles(t, dir)
	second := c.backup("--keep", "2")
	third := c.backup("--keep", "2")
	got := backupFiles(t, dir)
	if len(first) != 1 || len(got) != 2 || got[0] == first[0] || got[1] != filepath.Base(third.Path) || got[0] != filepath.Base(second.Path) {
		t.Fatalf("after three backups with --keep 2: %v (the first was %v)", got, first)
	}
	if third.Kept != 2 || len(third.Removed) != 1 || filepath.Base(third.Removed[0]) != first[0] ||
		third.IntegrityCheck != "ok" || third.ForeignKeyCheck != "ok" || third.SizeBytes <= 0 {
		t.Fatalf("backup --json = %+v", third)
	}
	st, err := os.Stat(third.Path)
	if err != nil || st.Size() != third.SizeBytes || st.Mode().Perm() != 0o600 {
		t.Fatalf("the backup file: %v %v (want its size and rights 0600)", st, err)
	}
	for _, name := range others {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s was touched: %v", name, err)
		}
	}

	// --to elsewhere, and only the coordination.
	to := filepath.Join(t.TempDir(), "ailleurs")
	if b := c.backup("--to", to); filepath.Dir(b.Path) != to || len(backupFiles(t, to)) != 1 {
		t.Fatalf("backup --to %s wrote %s", to, b.Path)
	}
	c.wantRun(1, "revient à la coordination", "--as", "accueil-brassens", "backup")
	c.wantRun(2, "--keep doit valoir au moins 1", "backup", "--keep", "0")
}

// corruptCopy writes a copy of the file with a few pages in its middle overwritten.
func corruptCopy(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	mid := (len(b) / 2) &^ 4095
	copy(b[mid:], strings.Repeat("abîmé ", 2*4096/7))
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// asideFiles lists what a restore kept aside beside the ledger.
func asideFiles(t *testing.T, c *cli) []string {
	t.Helper()
	m, err := filepath.Glob(c.db + ".avant-restauration-*")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestRestoreRefusesACorruptedFile(t *testing.T) {
	c := newCLI(t)
	c.desk(2)
	b := c.backup()
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "700001", "--count", "1")
	bad := filepath.Join(t.TempDir(), "sauvegarde-abimee.db")
	corruptCopy(t, b.Path, bad)

	_, errOut, code := c.run("restore", bad)
	if code != 2 || !strings.Contains(errOut, bad) || !strings.Contains(errOut, "endommagé") || !strings.Contains(errOut, "prenez une sauvegarde plus ancienne") || !strings.Contains(errOut, "rien n'a été modifié") {
		t.Fatalf("restore of a corrupted file: exit %d, want 2 naming the file and the check\n%s", code, errOut)
	}
	t.Log(strings.TrimSpace(errOut))
	if aside := asideFiles(t, c); len(aside) != 0 {
		t.Fatalf("a refused restore kept %v aside", aside)
	}
	// The ledger is the one of before: it still has what came after the backup.
	if n := c.count(`SELECT count(*) FROM carnet WHERE number = '700001'`); n != 1 {
		t.Fatalf("the ledger changed: carnet 700001 ×%d", n)
	}
	c.wantRun(2, "pas un registre passnum", "restore", "../../config.toml")
}

func TestRestoreRefusedWhileServing(t *testing.T) {
	c := newCLI(t)
	c.desk(1)
	f := startSSH(t, c, "")
	// A backup is taken while the server runs…
	b := c.backup()
	// …but a restore is refused, and the ledger untouched.
	_, errOut, code := c.run("restore", b.Path)
	if code != 1 || !strings.Contains(errOut, "un passnum serve tient le registre") {
		t.Fatalf("restore while serving: exit %d, want 1\n%s", code, errOut)
	}
	if aside := asideFiles(t, c); len(aside) != 0 {
		t.Fatalf("a refused restore kept %v aside", aside)
	}
	// Over SSH, neither command runs: they write the server's files.
	for _, args := range [][]string{{"backup"}, {"backup", "--to", "/tmp"}, {"restore", b.Path}} {
		out, errOut, code := f.ssh("coord", args...)
		if code != 2 || !strings.Contains(errOut, "ne se lance pas à travers SSH") || out != "" {
			t.Fatalf("ssh %s: exit %d, want 2\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
	}
	if got := backupFiles(t, filepath.Dir(b.Path)); len(got) != 1 {
		t.Fatalf("backups after the SSH attempts: %v", got)
	}
	// The server still serves the same ledger.
	if out, errOut, code := f.ssh("lecture", "lookup", "600001"); code != 0 || !strings.Contains(out, "600001") {
		t.Fatalf("lookup after the refusals: exit %d\n%s%s", code, out, errOut)
	}
}

func TestRestoreReplacesTheLedger(t *testing.T) {
	c := newCLI(t)
	c.desk(2) // Martin0 holds 600001 and 600002
	b := c.backup()
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "700001", "--count", "1")

	out := c.must("restore", b.Path)
	aside := asideFiles(t, c)
	if len(aside) != 1 || !regexp.MustCompile(`\.avant-restauration-\d{4}-\d{2}-\d{2}-\d{6}$`).MatchString(aside[0]) {
		t.Fatalf("kept aside: %v", aside)
	}
	if !strings.Contains(out, "Registre restauré : "+c.db) || !strings.Contains(out, aside[0]) || !strings.Contains(out, b.Path) {
		t.Fatalf("restore said:\n%s", out)
	}
	for _, p := range []string{c.db + "-wal", c.db + "-shm"} {
		if _, err := os.Stat(p); err == nil {
			t.Fatalf("%s beside the restored ledger", p)
		}
	}
	// The restored ledger is the backup's: the carnets handed over, not what came after.
	c.wantRun(1, "introuvable", "lookup", "700001")
	if out := c.must("lookup", "600002"); !strings.Contains(out, "Inès MARTIN0") {
		t.Fatalf("lookup 600002 after the restore:\n%s", out)
	}
	if n := c.count(`SELECT count(*) FROM carnet WHERE state = 'remis'`); n != 2 {
		t.Fatalf("restored ledger: %d carnets handed over, want 2", n)
	}
	// The replaced ledger is kept whole, with what came after the backup.
	old := &cli{t: t, db: aside[0]}
	if n := old.count(`SELECT count(*) FROM carnet WHERE number = '700001'`); n != 1 {
		t.Fatalf("the ledger kept aside lacks carnet 700001 (×%d)", n)
	}
	// And the restored ledger goes on: a new write lands in it.
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "800001", "--count", "1")
	if n := c.count(`SELECT count(*) FROM carnet WHERE number = '800001'`); n != 1 {
		t.Fatalf("write after the restore: ×%d", n)
	}
}

// TestRestoreOverADamagedOrMissingLedger: the advice passnum gives for a damaged ledger
// (« remettez la dernière sauvegarde ») works as said, without renaming anything by hand, and a
// restore where no ledger was does not name a file it never kept.
func TestRestoreOverADamagedOrMissingLedger(t *testing.T) {
	c := newCLI(t)
	c.desk(1)
	b := c.backup()
	f, err := os.OpenFile(c.db, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte("ceci n'est plus un registre SQLite, écrasé par erreur"), 0); err != nil {
		t.Fatal(err)
	}
	f.Close()
	c.wantRun(1, "passnum restore", "lookup", "600001") // the damage is seen, with the way out
	out := c.must("restore", b.Path)
	if aside := asideFiles(t, c); len(aside) != 1 || !strings.Contains(out, aside[0]) {
		t.Fatalf("the damaged ledger is not kept aside: %v\n%s", aside, out)
	}
	if out := c.must("lookup", "600001"); !strings.Contains(out, "Inès MARTIN0") {
		t.Fatalf("lookup after restoring over a damaged ledger:\n%s", out)
	}

	if err := os.Remove(c.db); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // names kept aside are stamped to the second
	out = c.must("restore", b.Path)
	if !strings.Contains(out, "il n'y avait pas de registre à cet endroit") || strings.Contains(out, "gardé sous") {
		t.Fatalf("restore onto no ledger said:\n%s", out)
	}
}
