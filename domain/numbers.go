package domain

import (
	"fmt"
	"strconv"
	"strings"
)

// CarnetNumbers lists count consecutive carnet numbers from first, keeping its width
// (« 000998 » then « 000999 », « 001000 »). Numbers are otherwise opaque: no check digit.
func CarnetNumbers(first string, count int) ([]string, error) {
	first = strings.TrimSpace(first)
	n, err := strconv.ParseUint(first, 10, 63)
	if err != nil || first == "" {
		return nil, Errorf(KindInvalid, "--first : %q n'est pas un numéro de carnet numérique ; pour des numéros libres, utilisez --file", first)
	}
	if count <= 0 || count > 1_000_000 {
		return nil, Errorf(KindInvalid, "--count : %d carnets ? Indiquez un nombre entre 1 et 1 000 000", count)
	}
	width := len(first)
	out := make([]string, count)
	for i := range out {
		s := strconv.FormatUint(n+uint64(i), 10)
		if len(s) < width {
			s = strings.Repeat("0", width-len(s)) + s
		}
		out[i] = s
	}
	return out, nil
}

// ValidNumber checks a printed carnet or chèque number: opaque, but printable and short.
func ValidNumber(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '-' || r == '_' || r == '/' || r == '.') {
			return false
		}
	}
	return true
}

// Euros writes an amount as French figures are read: « 79 750,00 € », « -12,50 € » (a
// budget overspent), thousands grouped as Grouped does.
func Euros(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return sign + Grouped(cents/100) + fmt.Sprintf(",%02d €", cents%100)
}

// ScannedNumber tells a carnet or chèque number as a barcode scanner types it (« 600001 »,
// « 600001-03 ») from a name or a short figure: at least six digits, dashes between them.
func ScannedNumber(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '-' && i > 0:
		default:
			return false
		}
	}
	return digits >= 6 && s[len(s)-1] != '-'
}

// ScanAfterText finds a scanned number typed after leftover text (« diallo600006 »: a name
// left in the field, then the scanner's digits): the number, and whether there was one.
func ScanAfterText(s string) (string, bool) {
	s = strings.TrimSpace(s)
	i := len(s)
	for i > 0 && (s[i-1] >= '0' && s[i-1] <= '9' || s[i-1] == '-') {
		i--
	}
	tail, head := strings.TrimLeft(s[i:], "-"), strings.TrimSpace(s[:i])
	if head == "" || !ScannedNumber(tail) {
		return "", false
	}
	return tail, true
}
