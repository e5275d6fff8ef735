package kit

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sync"

	"passnum/domain"
	"passnum/domain/doc"
)

// The desk's side of the documents: domain/doc renders them, the screens choose the folder and
// the file name and write the bytes whole.

// WriteExport writes a CSV export in the desk's export folder and returns its path; the file
// appears whole or not at all.
func WriteExport(dir, name string, write func(io.Writer) error) (string, error) {
	path := filepath.Join(dir, name)
	if err := writeExportAt(dir, path, write); err != nil {
		return "", err
	}
	return path, nil
}

// writeExportAt renders an export and writes it whole at path, inside dir (created owner-only).
func writeExportAt(dir, path string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return domain.Errorf(domain.KindInvalid, "dossier des exports %s impossible à créer (%v) : vérifiez les droits", dir, err)
	}
	return WriteFileAtomic(path, buf.Bytes())
}

// WriteTables writes each table of an export as a CSV and, beside it, an XLSX of the same rows,
// in the desk's export folder: name is the main table's CSV (« bilan-x-2026-12-01.csv »), each
// other table adds its suffix before the extension (« …-financeurs.csv »). It returns the paths
// written, the main CSV first; each file appears whole or not at all.
func WriteTables(dir, name string, tables []doc.Table) ([]string, error) {
	return doc.WriteTableFiles(filepath.Join(dir, name), tables, func(path, _ string, render func(io.Writer) error) error {
		return writeExportAt(dir, path, render)
	})
}

// WriteFileAtomic writes through a temporary file so a letter or an export is never read half
// written; the file is readable by its owner only (0600): letters and exports name people.
func WriteFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".courrier-*")
	if err != nil {
		return fmt.Errorf("fichier %s : %w", path, err)
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(f.Name(), 0o600)
	}
	if werr == nil {
		werr = os.Rename(f.Name(), path)
	}
	if werr != nil {
		os.Remove(f.Name())
		return fmt.Errorf("fichier %s : %w", path, werr)
	}
	return nil
}

var unsafeFileChars = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[^A-Za-z0-9_-]+`) })

// SafeFileName keeps a carnet number, a place or a prescriber id usable in a file name whatever
// was typed or printed; empty is none.
func SafeFileName(s, none string) string {
	s = unsafeFileChars().ReplaceAllString(s, "_")
	if s == "" {
		return none
	}
	return s
}
