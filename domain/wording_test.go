package domain

import (
	"testing"
	"time"
)

func TestWording(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{Plural(0, "carnet", "carnets"), "0 carnet"},
		{Plural(1, "lieu recommandé", "lieux recommandés"), "1 lieu recommandé"},
		{Plural(2, "lieu recommandé", "lieux recommandés"), "2 lieux recommandés"},
		{Plural(5, "chèque", "chèques"), "5 chèques"},
		{RoundEuros(1000), "10 €"},
		{RoundEuros(5000), "50 €"},
		{RoundEuros(1250), "12,50 €"},
		{RoundEuros(5), "0,05 €"},
		{Euros(7_975_000), "79 750,00 €"},
		{Euros(-29_999), "-299,99 €"},
		{Euros(-5), "-0,05 €"},
		{LongDate(time.Date(2026, 11, 22, 23, 0, 0, 0, time.UTC)), "22 novembre 2026"},
		{LongDate(time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)), "1er février 2027"},
		{DurationLabel(45), "45 min"},
		{DurationLabel(120), "2 h"},
		{DurationLabel(90), "1 h 30"},
		{DurationLabel(65), "1 h 05"},
		{DurationLabel(0), "0 min"},
		{Person{FirstName: "Jeanne", LastName: "Dupont"}.DisplayName(), "Jeanne DUPONT"},
		{Person{FirstName: " Amina  ", LastName: "  lefèvre "}.DisplayName(), "Amina LEFÈVRE"},
		{Person{LastName: "Haddad"}.DisplayName(), "HADDAD"},
		{Person{}.DisplayName(), ""},
		{OfName("Jeanne DUPONT"), "de Jeanne DUPONT"},
		{OfName("Amina LEFÈVRE"), "d'Amina LEFÈVRE"},
		{OfName("Élodie MARTIN"), "d'Élodie MARTIN"},
		{OfName("Yves"), "d'Yves"},
		{OfName("HADDAD"), "de HADDAD"},
		{OfName(""), "de "},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
