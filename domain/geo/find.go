package geo

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
)

// MaxSuggestions is how many communes a message proposes.
const MaxSuggestions = 5

// Match is what Find made of what was typed in a commune field.
type Match struct {
	Commune    Commune   // the commune, when Found
	Found      bool      // exactly one commune fits
	Ambiguous  bool      // several fit: Candidates lists them
	Candidates []Commune // when Ambiguous, the ones that fit; otherwise close names, maybe none
}

// Find reads an INSEE code, a postal code or a name among the communes given (a territory, or
// the whole list): case, accents, hyphens and « St »/« Saint » do not matter. A postal code or a
// name shared by several communes is ambiguous, and an unknown entry gets close names.
func Find(q string, among []Commune) Match {
	q = strings.TrimSpace(q)
	if q == "" {
		return Match{}
	}
	up := strings.ToUpper(q)
	for _, c := range among {
		if c.Code == up {
			return Match{Commune: c, Found: true}
		}
	}
	var fit []Commune
	if isPostal(q) {
		for _, c := range among {
			for _, pc := range c.PostalCodes {
				if pc == q {
					fit = append(fit, c)
					break
				}
			}
		}
		return matchOf(fit, nil)
	}
	fq := Fold(q)
	if fq == "" {
		return Match{} // « - » or « ' » alone: every name would start with it
	}
	var prefix, near []Commune
	for _, c := range among {
		fn := Fold(c.Name)
		switch {
		case fn == fq:
			fit = append(fit, c)
		case strings.HasPrefix(fn, fq) || strings.Contains(fn, " "+fq):
			prefix = append(prefix, c)
		case closeName(fn, fq):
			near = append(near, c)
		}
	}
	return matchOf(fit, append(prefix, near...))
}

func matchOf(fit, close []Commune) Match {
	switch len(fit) {
	case 1:
		return Match{Commune: fit[0], Found: true}
	case 0:
		sortByPopulation(close)
		return Match{Candidates: close[:min(len(close), MaxSuggestions)]}
	}
	sortByPopulation(fit)
	return Match{Ambiguous: true, Candidates: fit}
}

// sortByPopulation puts the likeliest first: the bigger commune.
func sortByPopulation(cs []Commune) {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Population > cs[j].Population })
}

func isPostal(s string) bool {
	if len(s) != 5 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Label names a commune for a choice: « Creil (60175, 60100) ».
func Label(c Commune) string {
	if len(c.PostalCodes) == 0 {
		return fmt.Sprintf("%s (%s)", c.Name, c.Code)
	}
	return fmt.Sprintf("%s (%s, %s)", c.Name, c.Code, strings.Join(c.PostalCodes, ", "))
}

// Explain says in French why q was not taken, with the suggestions: "" when m.Found.
// scope names where it was looked for: « du territoire », « de France ».
func Explain(q string, m Match, scope string) string {
	if m.Found {
		return ""
	}
	labels := make([]string, 0, len(m.Candidates))
	for i, c := range m.Candidates {
		if i == MaxSuggestions*2 {
			labels = append(labels, fmt.Sprintf("et %d autres", len(m.Candidates)-i))
			break
		}
		labels = append(labels, Label(c))
	}
	switch {
	case strings.TrimSpace(q) == "":
		return "commune vide : indiquez son nom, son code postal ou son code INSEE, ex. « Creil », « 60100 » ou « 60175 »"
	case m.Ambiguous:
		return fmt.Sprintf("« %s » désigne plusieurs communes %s : %s ; précisez le code INSEE", q, scope, strings.Join(labels, ", "))
	case len(labels) > 0:
		return fmt.Sprintf("commune « %s » inconnue %s : voulez-vous dire %s ?", q, scope, strings.Join(labels, ", "))
	}
	return fmt.Sprintf("commune « %s » inconnue %s : indiquez son nom, son code postal ou son code INSEE, ex. « Creil », « 60100 » ou « 60175 »", q, scope)
}

// unknownCommune explains an INSEE code of a territory list that the official list lacks.
func (x *Index) unknownCommune(code string) string {
	if m := Find(code, x.Communes); m.Found {
		return fmt.Sprintf("« %s » n'est pas un code INSEE : c'est %s, écrivez \"%s\"", code, Label(m.Commune), m.Commune.Code)
	} else if m.Ambiguous {
		return fmt.Sprintf("« %s » n'est pas un code INSEE : %s", code, Explain(code, m, "de France"))
	}
	return fmt.Sprintf("code INSEE « %s » inconnu de la liste officielle (%s %s) : il faut 5 caractères, ex. \"60175\" pour Creil ; ce n'est pas le code postal", code, SourcePackage, x.Version)
}

// closeName says whether two folded names are at most two edits apart; a length gap of three
// runes or more rules a pair out before the edit distance is computed (thousands of communes).
func closeName(a, b string) bool {
	if d := utf8.RuneCountInString(a) - utf8.RuneCountInString(b); d > 2 || d < -2 {
		return false
	}
	return levenshtein.ComputeDistance(a, b) <= 2
}
