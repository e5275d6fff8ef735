package store

import (
	"database/sql"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A new ledger, its WAL and its shared-memory file are readable by their owner only, even under
// a permissive umask.
func TestOpenCreatesOwnerOnlyFiles(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "passnum.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.write.Exec(`INSERT INTO audit(at, user_id, action, entity, entity_id) VALUES ('x','t','t','t','1')`); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", filepath.Base(f), st.Mode().Perm())
		}
	}
}

// A ledger created by an older version kept 0644, and so did its -wal and -shm files: opening it
// for writing narrows all three to 0600.
func TestOpenNarrowsAnOlderLedgersModes(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "passnum.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Another process holds the ledger open, so that its -wal and -shm files exist.
	other, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Exec(`INSERT INTO audit(at, user_id, action, entity, entity_id) VALUES ('x','t','t','t','1')`); err != nil {
		t.Fatal(err)
	}
	files := []string{path, path + "-wal", path + "-shm"}
	for _, f := range files {
		if err := os.Chmod(f, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ro, err := OpenReadOnly(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ro.Close()
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("a read-only open changed the mode to %v", st.Mode().Perm())
	}
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v after a writer's open, want 0600", filepath.Base(f), st.Mode().Perm())
		}
	}
}
