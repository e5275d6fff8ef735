package geo

import (
	"strings"

	"passnum/domain"
)

// Fold prepares a place name for comparison: lower case, no accents, hyphens and apostrophes as
// spaces, and the abbreviations people type expanded, so « St Maximin », « saint-maximin » and
// « Saint-Maximin » compare equal.
//
// It is domain.Normalize (the people search's folding) plus « œ » spelt « oe » and the
// abbreviations.
func Fold(s string) string {
	words := strings.Fields(strings.ReplaceAll(domain.Normalize(s), "œ", "oe"))
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
