package store

import (
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
