package tui

import (
	"bytes"
	"io"
	"os"
	"path/filepath"

	"passnum/domain"
)

// writeExport writes a CSV export in the desk's export folder and returns its path; the file
// appears whole or not at all.
func writeExport(dir, name string, write func(io.Writer) error) (string, error) {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", domain.Errorf(domain.KindInvalid, "dossier des exports %s impossible à créer (%v) : vérifiez les droits", dir, err)
	}
	path := filepath.Join(dir, name)
	return path, writeFileAtomic(path, buf.Bytes())
}
