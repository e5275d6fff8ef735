package sheet

import "strings"

// FieldSet is what one kind of import reads: its fields in the order a mapping is shown, their
// French labels, and the headers that name them. People (import people) and Redemptions
// (import redemptions) share the mapping machinery, each with its own vocabulary.
type FieldSet struct {
	Fields []Field
	label  func(Field) string
	guess  func(header string) (Field, bool)
}

// People is the field set of a spreadsheet of people, carnets and hand-overs.
var People = &FieldSet{Fields: Fields, label: Field.Label, guess: GuessField}

// newFieldSet builds a field set from its labels and header aliases (folded by fold).
func newFieldSet(fields []Field, labels map[Field]string, aliases map[Field][]string) *FieldSet {
	byAlias := map[string]Field{}
	for f, as := range aliases {
		for _, a := range as {
			byAlias[a] = f
		}
	}
	return &FieldSet{
		Fields: fields,
		label: func(f Field) string {
			if l, ok := labels[f]; ok {
				return l
			}
			return string(f)
		},
		guess: func(header string) (Field, bool) { return guessIn(byAlias, header) },
	}
}

// guessIn is GuessField over another alias table: the whole header, then level by level from
// the lowest for a header read from several rows.
func guessIn(byAlias map[string]Field, header string) (Field, bool) {
	if f, ok := byAlias[fold(header)]; ok {
		return f, true
	}
	levels := strings.Split(header, levelSep)
	for i := len(levels) - 1; i >= 0 && len(levels) > 1; i-- {
		if f, ok := byAlias[fold(levels[i])]; ok {
			return f, true
		}
	}
	return "", false
}

// Label is f's French name, the header a desk would write.
func (fs *FieldSet) Label(f Field) string { return fs.label(f) }

// GuessField is the field of the set a header names, false when none does.
func (fs *FieldSet) GuessField(header string) (Field, bool) { return fs.guess(header) }

// ParseField reads a field of the set given by name or French label.
func (fs *FieldSet) ParseField(s string) (Field, bool) {
	k := fold(s)
	for _, f := range fs.Fields {
		if k == fold(string(f)) || k == fold(fs.label(f)) {
			return f, true
		}
	}
	return "", false
}

func (fs *FieldSet) names() string {
	n := make([]string, len(fs.Fields))
	for i, f := range fs.Fields {
		n[i] = string(f)
	}
	return strings.Join(n, ", ")
}
