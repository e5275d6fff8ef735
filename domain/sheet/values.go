package sheet

import (
	"math"
	"strconv"
	"strings"
	"time"

	"passnum/domain"
)

// Where names a cell in messages: « ligne 14, colonne Date de naissance ».
func Where(line int, column string) string {
	return "ligne " + strconv.Itoa(line) + ", colonne " + column
}

// Cellf is a bad-input error about one cell, worded « ligne 14, colonne Date de naissance : … ».
func Cellf(line int, column, format string, args ...any) error {
	return domain.Errorf(domain.KindInvalid, "%s : %s", Where(line, column), domain.Errorf(domain.KindInvalid, format, args...).Message)
}

// Excel's serial dates count days from 1899-12-30 (the day before its fictitious 29 February
// 1900, so every serial from 61 on is right). Five digits cover 1927–2173: what a birth or a
// hand-over can be, and not JJMMAA / JJMMAAAA typed without separators.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// serial reads an Excel serial date (36526, 36526.5 with a time of day), false when s is not one.
func serial(s string) (time.Time, bool) {
	s = strings.Replace(s, ",", ".", 1) // « 38018,5 »: a French CSV's decimal comma
	whole, frac, _ := strings.Cut(s, ".")
	if len(whole) != 5 || strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" {
		return time.Time{}, false
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return time.Time{}, false
	}
	return excelEpoch.AddDate(0, 0, int(math.Floor(n))), true
}

// ParseDate reads the date in column of the row at line: an Excel serial number, JJ/MM/AAAA,
// JJ/MM/AA, AAAA-MM-JJ (domain.ParseDate), with a time of day after it ignored
// (« 2024-03-05 00:00:00 », as a CSV export of a date cell gives). A birth date's two-digit
// year is the latest not after today (domain.ParseBirthDate). Empty gives the zero time.
func ParseDate(line int, column, value string, birth bool, today time.Time) (time.Time, error) {
	v := strings.TrimSpace(value)
	if v == "" {
		return time.Time{}, nil
	}
	if t, ok := serial(v); ok {
		return t, nil
	}
	if d, clock, ok := strings.Cut(v, " "); ok && strings.Count(clock, ":") >= 1 && strings.Trim(clock, "0123456789:.") == "" {
		v = d
	}
	where := Where(line, column)
	var t time.Time
	var err error
	if birth {
		t, err = domain.ParseBirthDate(where, v, today)
	} else {
		t, err = domain.ParseDate(where, v)
	}
	return t, err
}

// FieldDate is ParseDate for field f of row r under mapping m.
func (m Mapping) FieldDate(r Row, f Field, today time.Time) (time.Time, error) {
	return ParseDate(r.Line, m.ColumnName(f), m.Get(r, f), f == BirthDate, today)
}

// ParseBool reads a yes/no cell (QPV): oui, non, o, n, x (ticked), 1, 0, vrai, faux, yes, no.
// Empty is not set.
func ParseBool(line int, column, value string) (yes, set bool, err error) {
	switch fold(value) {
	case "":
		return false, false, nil
	case "oui", "o", "x", "1", "vrai", "yes", "y", "true":
		return true, true, nil
	case "non", "n", "0", "faux", "no", "false":
		return false, true, nil
	}
	return false, false, Cellf(line, column, "%q n'est ni oui ni non (écrivez oui, non, ou laissez vide)", value)
}

// ParsePostalCode reads a French postal code; a number cell that lost its leading zero (1000 for
// 01000) gets it back.
func ParsePostalCode(line int, column, value string) (string, error) {
	v := strings.ReplaceAll(strings.TrimSpace(value), " ", "")
	if v == "" {
		return "", nil
	}
	if strings.Trim(v, "0123456789") == "" {
		if len(v) == 4 {
			v = "0" + v
		}
		if len(v) == 5 {
			return v, nil
		}
	}
	return "", Cellf(line, column, "%q n'est pas un code postal (cinq chiffres, par exemple 01000)", value)
}
