package domain

import (
	"strconv"
	"strings"
	"time"
)

// ImplausibleAge is the age past which a typed birth date is more likely a wrong year than a
// person: the desk is asked to confirm it (ValidatePerson refuses past 120).
const ImplausibleAge = 110

// ParseDate reads a date typed at the desk or by a script: JJ/MM/AAAA with « / », « - », « . »
// or a space between the parts (12/05/2007, 12-05-2007, 12.05.2007, 5/3/2004), without
// separators (12052007), with a two-digit year (12/05/07, 120507: 2000 + the year), or
// AAAA-MM-JJ. A day the calendar lacks is named (« le 31 février n'existe pas »).
func ParseDate(field, s string) (time.Time, error) {
	t, _, err := parseDate(field, s)
	return t, err
}

// ParseBirthDate is ParseDate for a birth date: a two-digit year is the latest one not after
// today (12/05/07 is 2007, 12/05/50 is 1950).
func ParseBirthDate(field, s string, today time.Time) (time.Time, error) {
	t, short, err := parseDate(field, s)
	if err == nil && short && t.After(today) {
		t = t.AddDate(-100, 0, 0) // 2026–2099 → 1926–1999: same leap years
	}
	return t, err
}

// ImplausibleBirth reports a birth date over ImplausibleAge years before today, with the age
// it gives, so the desk confirms the year before it is recorded.
func ImplausibleBirth(birth, today time.Time) (int, bool) {
	age := Person{BirthDate: birth}.AgeOn(today)
	return age, !birth.IsZero() && age > ImplausibleAge
}

// parseDate also tells whether the year was typed with two digits (read as 20xx).
func parseDate(field, s string) (time.Time, bool, error) {
	s = strings.TrimSpace(s)
	bad := Errorf(KindInvalid, "%s : %q n'est pas une date (format JJ/MM/AAAA, par exemple 05/03/2004)", field, s)
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' || r == ' ' })
	if len(parts) == 1 && (len(s) == 8 || len(s) == 6) {
		parts = []string{s[:2], s[2:4], s[4:]} // 12052007, 120507
	}
	if len(parts) != 3 {
		return time.Time{}, false, bad
	}
	nums := make([]int, 3)
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || len(p) > 4 {
			return time.Time{}, false, bad
		}
		nums[i] = n
	}
	d, m, y := nums[0], nums[1], nums[2]
	short := false
	switch {
	case len(parts[0]) == 4 && len(parts[1]) <= 2 && len(parts[2]) <= 2: // AAAA-MM-JJ
		y, d = nums[0], nums[2]
	case len(parts[0]) <= 2 && len(parts[1]) <= 2 && len(parts[2]) == 2:
		y, short = y+2000, true
	case len(parts[0]) <= 2 && len(parts[1]) <= 2 && len(parts[2]) == 4:
	default:
		return time.Time{}, false, bad
	}
	if m < 1 || m > 12 {
		return time.Time{}, false, Errorf(KindInvalid, "%s : %q — le mois %d n'existe pas (JJ/MM/AAAA, par exemple 05/03/2004)", field, s, m)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if d < 1 || t.Day() != d {
		day := strconv.Itoa(d)
		if d == 1 {
			day = "1er"
		}
		return time.Time{}, false, Errorf(KindInvalid, "%s : %q — le %s %s n'existe pas", field, s, day, MonthName(time.Month(m)))
	}
	return t, short, nil
}
