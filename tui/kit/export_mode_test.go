package kit

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Letters and exports name people: their folder and files are their owner's only, even under a
// permissive umask.
func TestExportsAreOwnerOnly(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "exports")
	path, err := WriteExport(dir, "x.csv", func(w io.Writer) error { _, err := io.WriteString(w, "a;b\n"); return err })
	if err != nil {
		t.Fatal(err)
	}
	letter := filepath.Join(dir, "courrier.html")
	if err := WriteFileAtomic(letter, []byte("<p>x</p>")); err != nil {
		t.Fatal(err)
	}
	for f, want := range map[string]os.FileMode{dir: 0o700, path: 0o600, letter: 0o600} {
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", filepath.Base(f), st.Mode().Perm(), want)
		}
	}
}
