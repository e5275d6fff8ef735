package geo

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

var stripMarks = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// Fold prepares a place name for comparison: lower case, no accents, hyphens and apostrophes as
// spaces, and the abbreviations people type expanded, so « St Maximin », « saint-maximin » and
// « Saint-Maximin » compare equal.
func Fold(s string) string {
	out, _, err := transform.String(stripMarks, s)
	if err != nil {
		out = s
	}
	out = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return unicode.ToLower(r)
		case r == 'œ' || r == 'Œ':
			return r
		default:
			return ' '
		}
	}, out)
	words := strings.Fields(strings.ReplaceAll(out, "œ", "oe"))
	for i, w := range words {
		switch w {
		case "st":
			words[i] = "saint"
		case "ste":
			words[i] = "sainte"
		}
	}
	return strings.Join(words, " ")
}
