package doc

import (
	"io"
	"strings"
)

// WriteTableFiles writes each table of an export as a CSV and, beside it, an XLSX of the same
// rows: the main table's CSV at csvPath, each other file adding its table's suffix before the
// extension (« …-financeurs.csv »). write puts one file at path: the caller decides where and
// how (folder, file modes, atomic rename, audit before the first byte), so the desk and the CLI
// share the naming without sharing their file handling. It returns the paths written, the main
// CSV first, up to the first failure.
func WriteTableFiles(csvPath string, tables []Table, write func(path, ext string, render func(io.Writer) error) error) ([]string, error) {
	base := strings.TrimSuffix(csvPath, ".csv")
	var paths []string
	for i, t := range tables {
		for _, f := range []struct {
			ext    string
			render func(io.Writer) error
		}{{".csv", t.WriteCSV}, {".xlsx", t.WriteXLSX}} {
			path := base + t.Suffix + f.ext
			if i == 0 && f.ext == ".csv" {
				path = csvPath
			}
			if err := write(path, f.ext, f.render); err != nil {
				return paths, err
			}
			paths = append(paths, path)
		}
	}
	return paths, nil
}
