package placecsv

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Problem is one bad field (or one bad line when Column is empty) of an otherwise readable file.
// A line with any problem yields no place: fixing the file and importing again is safer than
// publishing a place with a silently dropped phone or service.
type Problem struct {
	Line    int    // physical line in the file, the header being line 1
	Column  string // column name as the standard spells it; empty for a whole-line problem
	Value   string // the offending value as found in the file; empty when it is missing
	Message string // French, says what is expected
}

// maxShownValue keeps a 500-character presentation from drowning the report.
const maxShownValue = 60

// String renders the problem for a coordinator: « ligne 3, colonne code_postal : … (valeur « 6010 ») ».
func (p Problem) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ligne %d", p.Line)
	if p.Column != "" {
		fmt.Fprintf(&b, ", colonne %s", p.Column)
	}
	b.WriteString(" : ")
	b.WriteString(p.Message)
	if p.Value != "" {
		v := p.Value
		if utf8.RuneCountInString(v) > maxShownValue {
			v = string([]rune(v)[:maxShownValue]) + "…"
		}
		fmt.Fprintf(&b, " (valeur « %s »)", v)
	}
	return b.String()
}
