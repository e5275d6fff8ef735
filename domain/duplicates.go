package domain

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
)

// nameParticles are dropped when comparing names: the desk types « De la Fontaine », « Fontaine »
// or « D'Hoker », « Hoker » for the same person depending on the papers at hand.
var nameParticles = map[string]bool{
	"de": true, "du": true, "des": true, "d": true, "la": true, "le": true, "l": true,
	"van": true, "von": true, "der": true, "den": true, "di": true, "da": true, "del": true,
	"dos": true, "das": true,
}

// typoMinLength is the shortest folded name on which one letter of difference still points to
// the same person: on « Léa » and « Lia » it is just another name.
const typoMinLength = 4

// foldName reduces a name to the letters that identify it, so that case, accents, particles and
// hyphen vs space vs nothing no longer count.
func foldName(s string) string {
	n := Normalize(s)
	var kept []string
	for _, w := range strings.Fields(n) {
		if !nameParticles[w] {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 {
		// A name that is only a particle (« Le », « Da ») is still a name.
		return strings.ReplaceAll(n, " ", "")
	}
	return strings.Join(kept, "")
}

// DuplicateBirthDates are the birth dates under which a likely duplicate of a person born on d
// is searched: d itself and, when it is a valid other date, d with day and month swapped.
func DuplicateBirthDates(d time.Time) []time.Time {
	out := []time.Time{d}
	y, m, day := d.Date()
	if day == int(m) || day > 12 {
		return out
	}
	s := time.Date(y, time.Month(day), int(m), d.Hour(), d.Minute(), d.Second(), d.Nanosecond(), d.Location())
	if s.Month() != time.Month(day) || s.Day() != int(m) {
		return out // time.Date rolled over: 31/04 is no date
	}
	return append(out, s)
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// nameDiff compares typed (last, first) against existing ones already folded; typo is "" when
// both are equal, "nom" or "prénom" (the typed field) when one edit separates them.
func nameDiff(tLast, tFirst, eLast, eFirst string) (typo string, ok bool) {
	dl := levenshtein.ComputeDistance(tLast, eLast)
	df := levenshtein.ComputeDistance(tFirst, eFirst)
	switch {
	case dl == 0 && df == 0:
		return "", true
	case dl == 1 && df == 0 && longEnough(tLast, eLast):
		return "nom", true
	case dl == 0 && df == 1 && longEnough(tFirst, eFirst):
		return "prénom", true
	}
	return "", false
}

func longEnough(a, b string) bool {
	return max(utf8.RuneCountInString(a), utf8.RuneCountInString(b)) >= typoMinLength
}

// DuplicateReason says, in French, why existing is probably the same person as typed; "" when
// they are different people. Only birth dates and names are compared.
func DuplicateReason(typed, existing Person) string {
	if typed.BirthDate.IsZero() || existing.BirthDate.IsZero() {
		return "" // an unknown date confirms nothing
	}
	var reasons []string
	switch dates := DuplicateBirthDates(typed.BirthDate); {
	case sameDay(dates[0], existing.BirthDate):
	case len(dates) == 2 && sameDay(dates[1], existing.BirthDate):
		reasons = append(reasons, "jour et mois de naissance inversés")
	default:
		return ""
	}

	tLast, tFirst := foldName(typed.LastName), foldName(typed.FirstName)
	eLast, eFirst := foldName(existing.LastName), foldName(existing.FirstName)
	if tLast == "" || tFirst == "" || eLast == "" || eFirst == "" {
		return ""
	}
	typo, ok := nameDiff(tLast, tFirst, eLast, eFirst)
	swapped := false
	if !ok {
		typo, ok = nameDiff(tLast, tFirst, eFirst, eLast)
		swapped = true
	}
	if !ok {
		return ""
	}
	var nameReasons []string
	if swapped {
		nameReasons = append(nameReasons, "nom et prénom inversés")
	}
	if typo != "" {
		nameReasons = append(nameReasons, "une lettre de différence dans le "+typo)
	}
	reasons = append(nameReasons, reasons...)
	if len(reasons) == 0 {
		return "même nom, même prénom, même date de naissance"
	}
	return strings.Join(reasons, " ; ")
}

// SamePerson tells whether two records name the same person the same way: same birth date,
// same names once folded (case, accents, spaces). An import attaches a row to a record only
// then; a likely duplicate (a typo, day and month swapped) is for a person to decide.
func SamePerson(a, b Person) bool {
	return !a.BirthDate.IsZero() && sameDay(a.BirthDate, b.BirthDate) &&
		foldName(a.LastName) == foldName(b.LastName) && foldName(a.FirstName) == foldName(b.FirstName)
}
