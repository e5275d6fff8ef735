package sheet

import (
	"strings"

	"passnum/domain"
)

// Mapping tells which column holds each field.
type Mapping struct {
	Header []string
	column map[Field]int
	set    *FieldSet // nil: People
}

func (m Mapping) fields() *FieldSet {
	if m.set == nil {
		return People
	}
	return m.set
}

// Column is the index of the column holding f, false when no column does.
func (m Mapping) Column(f Field) (int, bool) {
	c, ok := m.column[f]
	return c, ok
}

// Get is f's cell in row, "" when f is not mapped.
func (m Mapping) Get(r Row, f Field) string {
	c, ok := m.column[f]
	if !ok {
		return ""
	}
	return r.Cell(c)
}

// ColumnName is the header of the column holding f, for messages.
func (m Mapping) ColumnName(f Field) string {
	if c, ok := m.column[f]; ok {
		return m.Header[c]
	}
	return m.fields().Label(f)
}

// Mapped lists the fields found, in the field set's order.
func (m Mapping) Mapped() []Field {
	var out []Field
	for _, f := range m.fields().Fields {
		if _, ok := m.column[f]; ok {
			out = append(out, f)
		}
	}
	return out
}

// Missing lists the fields no column holds, in the field set's order.
func (m Mapping) Missing() []Field {
	var out []Field
	for _, f := range m.fields().Fields {
		if _, ok := m.column[f]; !ok {
			out = append(out, f)
		}
	}
	return out
}

// Unmapped lists the headers of the columns no field reads, in the file's order.
func (m Mapping) Unmapped() []string {
	used := map[int]bool{}
	for _, c := range m.column {
		used[c] = true
	}
	var out []string
	for c, h := range m.Header {
		if !used[c] {
			out = append(out, h)
		}
	}
	return out
}

// Guess maps the columns whose header names a field (GuessField). When two columns name the
// same field the first one is kept: the other shows among the unmapped, for --map to choose.
func Guess(header []string) Mapping { return People.Guess(header) }

// Guess is Guess for the set's fields.
func (fs *FieldSet) Guess(header []string) Mapping {
	m := Mapping{Header: header, column: map[Field]int{}, set: fs}
	for c, h := range header {
		if f, ok := fs.guess(h); ok {
			if _, taken := m.column[f]; !taken {
				m.column[f] = c
			}
		}
	}
	return m
}

// Resolve is Guess corrected by an explicit mapping (--map), « colonne=champ,… »: colonne is
// a header of the file (or its letter, « C »), champ a field name (birth_date) or its French
// label; « colonne= » leaves a column out. A field given explicitly is no longer guessed
// elsewhere. Errors are French and name the unknown column or field.
func Resolve(header []string, spec string) (Mapping, error) { return People.Resolve(header, spec) }

// Resolve is Resolve for the set's fields.
func (fs *FieldSet) Resolve(header []string, spec string) (Mapping, error) {
	m := fs.Guess(header)
	if strings.TrimSpace(spec) == "" {
		return m, nil
	}
	explicit := map[Field]int{}
	for _, pair := range strings.Split(spec, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		col, field, ok := strings.Cut(pair, "=")
		if !ok {
			return Mapping{}, domain.Errorf(domain.KindInvalid, "--map : « %s » — écrivez colonne=champ, par exemple « Né(e) le=birth_date »", pair)
		}
		col, field = strings.TrimSpace(col), strings.TrimSpace(field)
		c, ok := findColumn(header, col)
		if !ok {
			return Mapping{}, domain.Errorf(domain.KindInvalid, "--map : pas de colonne « %s » dans le fichier (colonnes : %s)", col, quoteList(header))
		}
		for f, fc := range m.column { // the column now reads what spec says, or nothing
			if fc == c {
				delete(m.column, f)
			}
		}
		if field == "" || field == "-" {
			continue
		}
		f, ok := fs.ParseField(field)
		if !ok {
			return Mapping{}, domain.Errorf(domain.KindInvalid, "--map : champ « %s » inconnu pour la colonne « %s » (champs : %s)", field, col, fs.names())
		}
		if prev, dup := explicit[f]; dup && prev != c {
			return Mapping{}, domain.Errorf(domain.KindInvalid, "--map : le champ %s est donné à deux colonnes, « %s » et « %s » — gardez-en une", f, header[prev], header[c])
		}
		explicit[f] = c
		m.column[f] = c
	}
	return m, nil
}

// findColumn finds a header by its folded text, else by its spreadsheet letter.
func findColumn(header []string, name string) (int, bool) {
	k := fold(name)
	for c, h := range header {
		if fold(h) == k {
			return c, true
		}
	}
	for c := range header {
		if strings.EqualFold(name, columnLetter(c)) {
			return c, true
		}
	}
	return 0, false
}
