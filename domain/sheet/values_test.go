package sheet

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	today := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		value string
		birth bool
		want  time.Time
		err   string
	}{
		{"05/03/2004", false, day(2004, 3, 5), ""},
		{"2004-03-05", false, day(2004, 3, 5), ""},
		{"2004-03-05 00:00:00", false, day(2004, 3, 5), ""},
		{"05/03/2004 14:30", false, day(2004, 3, 5), ""},
		{"36526", true, day(2000, 1, 1), ""},
		{"45357", false, day(2024, 3, 6), ""},
		{"45357.75", false, day(2024, 3, 6), ""},
		{"45357,75", false, day(2024, 3, 6), ""}, // a French CSV writes the decimal comma
		{" 5/3/04 ", false, day(2004, 3, 5), ""},
		{"12/05/58", true, day(1958, 5, 12), ""},  // a birth's two-digit year is not in the future
		{"12/05/58", false, day(2058, 5, 12), ""}, // other dates read 20xx, as at the desk
		{"12052007", true, day(2007, 5, 12), ""},  // eight digits are JJMMAAAA, not a serial
		{"", true, time.Time{}, ""},
		{"31/02/1998", true, time.Time{}, `ligne 14, colonne Date de naissance : "31/02/1998" — le 31 février n'existe pas`},
		{"13/13/2000", true, time.Time{}, `ligne 14, colonne Date de naissance : "13/13/2000" — le mois 13 n'existe pas (JJ/MM/AAAA, par exemple 05/03/2004)`},
		{"demain", true, time.Time{}, `ligne 14, colonne Date de naissance : "demain" n'est pas une date (format JJ/MM/AAAA, par exemple 05/03/2004)`},
		{"3652", true, time.Time{}, `ligne 14, colonne Date de naissance : "3652" n'est pas une date (format JJ/MM/AAAA, par exemple 05/03/2004)`},
	} {
		got, err := ParseDate(14, "Date de naissance", c.value, c.birth, today)
		switch {
		case c.err != "":
			if err == nil || err.Error() != c.err {
				t.Errorf("%q: err %v, want %q", c.value, err, c.err)
			}
		case err != nil || !got.Equal(c.want):
			t.Errorf("%q (birth %v) = %v, %v; want %v", c.value, c.birth, got, err, c.want)
		}
	}
}

func TestParseBool(t *testing.T) {
	for _, c := range []struct {
		in       string
		yes, set bool
		bad      bool
	}{
		{"oui", true, true, false}, {"OUI", true, true, false}, {"x", true, true, false}, {"1", true, true, false},
		{"Non", false, true, false}, {"0", false, true, false}, {"", false, false, false}, {"peut-être", false, false, true},
	} {
		yes, set, err := ParseBool(3, "QPV", c.in)
		if yes != c.yes || set != c.set || (err != nil) != c.bad {
			t.Errorf("%q = %v %v %v", c.in, yes, set, err)
		}
	}
	if _, _, err := ParseBool(3, "QPV", "bof"); err == nil || err.Error() != `ligne 3, colonne QPV : "bof" n'est ni oui ni non (écrivez oui, non, ou laissez vide)` {
		t.Errorf("message: %v", err)
	}
}

func TestParsePostalCode(t *testing.T) {
	for in, want := range map[string]string{"27000": "27000", "1000": "01000", " 27 140 ": "27140", "": ""} {
		if got, err := ParsePostalCode(2, "CP", in); err != nil || got != want {
			t.Errorf("%q = %q %v", in, got, err)
		}
	}
	if _, err := ParsePostalCode(2, "CP", "Évreux"); err == nil || err.Error() != `ligne 2, colonne CP : "Évreux" n'est pas un code postal (cinq chiffres, par exemple 01000)` {
		t.Errorf("message: %v", err)
	}
}
