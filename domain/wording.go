package domain

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The French wording every output shares (screens, CLI, documents): counts with their noun,
// money, dates, durations, names and elision. A document and a screen saying the same thing use
// the same helper, so they never word it differently.

// Plural writes a count with its noun, French style: 0 and 1 take the singular
// (« 0 carnet », « 1 carnet », « 2 carnets »).
func Plural(n int, one, many string) string {
	if n > 1 || n < -1 {
		return fmt.Sprintf("%d %s", n, many)
	}
	return fmt.Sprintf("%d %s", n, one)
}

// RoundEuros writes an amount the way a letter or a desk says it: « 50 € », « 79 750 € », and
// « 12,50 € » only when there are cents.
func RoundEuros(cents int64) string {
	if cents%100 == 0 {
		return Grouped(cents/100) + " €"
	}
	return Euros(cents)
}

// LongDate writes a day as a letter is dated: « 22 novembre 2026 », « 1er décembre 2026 ».
func LongDate(t time.Time) string {
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return day + " " + MonthName(t.Month()) + " " + strconv.Itoa(t.Year())
}

// DurationLabel writes minutes as a timetable does: « 45 min », « 2 h », « 1 h 30 ».
func DurationLabel(minutes int) string {
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %02d", h, m)
}

// DisplayName is « Prénom NOM », the usual French way to address a person in a letter or a title.
func (p Person) DisplayName() string {
	return strings.TrimSpace(strings.TrimSpace(p.FirstName) + " " + strings.ToUpper(strings.TrimSpace(p.LastName)))
}

// OfName is « de Jeanne DUPONT » or, before a vowel, « d'Amina LEFÈVRE ».
func OfName(name string) string {
	for _, r := range name {
		if strings.ContainsRune("AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜaeiouyàâäéèêëîïôöùûü", r) {
			return "d'" + name
		}
		break
	}
	return "de " + name
}

// Grouped writes a count as French figures are read: « 2 200 », « 10 000 ».
func Grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
