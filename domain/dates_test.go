package domain

import (
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	may12 := time.Date(2007, 5, 12, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		in   string
		want time.Time
		err  string // part of the message when the date is refused
	}{
		{"12/05/2007", may12, ""},
		{"12052007", may12, ""},
		{"12-05-2007", may12, ""},
		{"12.05.2007", may12, ""},
		{"12 05 2007", may12, ""},
		{"12/05/07", may12, ""},
		{"120507", may12, ""},
		{" 12/5/2007 ", may12, ""},
		{"2007-05-12", may12, ""},
		{"5/3/2004", time.Date(2004, 3, 5, 0, 0, 0, 0, time.UTC), ""},
		{"29/02/2024", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), ""},
		{"31/02/2007", time.Time{}, "le 31 février n'existe pas"},
		{"29/02/2023", time.Time{}, "le 29 février n'existe pas"},
		{"31/04/2007", time.Time{}, "le 31 avril n'existe pas"},
		{"12/13/2007", time.Time{}, "le mois 13 n'existe pas"},
		{"1205200", time.Time{}, "n'est pas une date"},
		{"12/05/207", time.Time{}, "n'est pas une date"},
		{"demain", time.Time{}, "n'est pas une date"},
		{"", time.Time{}, "n'est pas une date"},
		{"12/05", time.Time{}, "n'est pas une date"},
	} {
		got, err := ParseDate("date de naissance", c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) || !strings.HasPrefix(err.Error(), "date de naissance : ") {
				t.Errorf("ParseDate(%q) = %v, %v; want an error saying %q", c.in, got, err, c.err)
			}
			continue
		}
		if err != nil || !got.Equal(c.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

func TestParseBirthDateCentury(t *testing.T) {
	today := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	for in, year := range map[string]int{"12/05/07": 2007, "12/12/26": 1926, "12/05/26": 2026, "12/05/50": 1950, "12/05/1950": 1950} {
		got, err := ParseBirthDate("date de naissance", in, today)
		if err != nil || got.Year() != year {
			t.Errorf("ParseBirthDate(%q) = %v, %v; want year %d", in, got, err, year)
		}
	}
}

func TestImplausibleBirth(t *testing.T) {
	today := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	if age, ask := ImplausibleBirth(time.Date(1915, 1, 1, 0, 0, 0, 0, time.UTC), today); !ask || age != 111 {
		t.Errorf("born 1915: %d, %v; want 111 years and a confirmation", age, ask)
	}
	if _, ask := ImplausibleBirth(time.Date(1920, 1, 1, 0, 0, 0, 0, time.UTC), today); ask {
		t.Error("born 1920 (106 years): no confirmation expected")
	}
}
