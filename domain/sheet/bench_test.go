package sheet

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

const benchRows = 10000

var benchToday = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

var benchHeader = []any{"Nom", "Prénom", "Date de naissance", "Commune", "Code postal", "QPV", "Situation", "Diplôme", "N° carnet", "Date de remise", "Structure"}

func benchRow(i int) []any {
	return []any{fmt.Sprintf("Nom%d", i), "Élodie", 30000 + i%9000, "Évreux", "27000", "non", "Retraité", "CAP", 100000 + i, "05/03/2024", "Mairie d'Évreux"}
}

// benchXLSX writes the 10 000 rows, under a merged title when titled (the slower path:
// reading the merges parses the whole sheet).
func benchXLSX(b *testing.B, titled bool) []byte {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	top := 1
	if titled {
		if err := sw.SetRow("A1", []any{"Suivi Pass numérique"}); err != nil {
			b.Fatal(err)
		}
		if err := sw.MergeCell("A1", "K1"); err != nil {
			b.Fatal(err)
		}
		top = 2
	}
	for i := 0; i <= benchRows; i++ {
		row := benchHeader
		if i > 0 {
			row = benchRow(i)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+top)
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func benchCSV() []byte {
	var buf bytes.Buffer
	for i := 0; i <= benchRows; i++ {
		row := benchHeader
		if i > 0 {
			row = benchRow(i)
		}
		for c, v := range row {
			if c > 0 {
				buf.WriteByte(';')
			}
			fmt.Fprint(&buf, v)
		}
		buf.WriteString("\r\n")
	}
	return buf.Bytes()
}

func BenchmarkReadXLSX10000(b *testing.B) { benchReadXLSX(b, false) }

func BenchmarkReadXLSX10000MergedTitle(b *testing.B) { benchReadXLSX(b, true) }

func benchReadXLSX(b *testing.B, titled bool) {
	data := benchXLSX(b, titled)
	for b.Loop() {
		t, err := ReadXLSX(bytes.NewReader(data), "")
		if err != nil || len(t.Rows) != benchRows || t.Header[2] != "Date de naissance" {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadCSV10000(b *testing.B) {
	data := benchCSV()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		t, err := ReadCSV(data)
		if err != nil || len(t.Rows) != benchRows {
			b.Fatal(err)
		}
	}
}

// Reading and mapping every cell of the 10 000 rows, dates included: the cost the import adds.
func BenchmarkMapCSV10000(b *testing.B) {
	data := benchCSV()
	for b.Loop() {
		t, err := ReadCSV(data)
		if err != nil {
			b.Fatal(err)
		}
		m := Guess(t.Header)
		for _, r := range t.Rows {
			for _, f := range []Field{BirthDate, IssuedAt} {
				if _, err := m.FieldDate(r, f, benchToday); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := ParsePostalCode(r.Line, m.ColumnName(PostalCode), m.Get(r, PostalCode)); err != nil {
				b.Fatal(err)
			}
		}
	}
}
