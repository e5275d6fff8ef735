package main

import (
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHostKeyNarrowedOnStart: a host key an older version left readable by others (0644) is
// narrowed to 0600 when the server starts, and the log says so.
func TestHostKeyNarrowedOnStart(t *testing.T) {
	var logged lockedBuffer
	s := &sshServer{log: log.New(&logged, "", 0)}
	path := filepath.Join(t.TempDir(), "host_ed25519")
	first, err := s.ensureHostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	again, err := s.ensureHostKey(path)
	if err != nil || again != first {
		t.Fatalf("second start: %q %v, want the same key %q", again, err, first)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("host key mode %v after a start, want 0600", st.Mode().Perm())
	}
	if !strings.Contains(logged.String(), "droits réduits de -rw-r--r-- à -rw-------") {
		t.Errorf("log:\n%s", logged.String())
	}
}
