package domain

import (
	"testing"
	"time"
)

func dupDate(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestDuplicateReason(t *testing.T) {
	born := dupDate(2007, time.May, 12)
	p := func(last, first string, birth time.Time) Person {
		return Person{LastName: last, FirstName: first, BirthDate: birth}
	}
	cases := []struct {
		name            string
		typed, existing Person
		want            string
	}{
		{"accents et casse", p("HADDAD", "Ines", born), p("Haddad", "Inès", born),
			"même nom, même prénom, même date de naissance"},
		{"nom et prénom inversés", p("Ines", "Haddad", born), p("Haddad", "Inès", born),
			"nom et prénom inversés"},
		{"trait d'union ou espace", p("Martin", "Jean Pierre", born), p("Martin", "Jean-Pierre", born),
			"même nom, même prénom, même date de naissance"},
		{"prénom collé", p("Martin", "Jeanpierre", born), p("Martin", "Jean-Pierre", born),
			"même nom, même prénom, même date de naissance"},
		{"apostrophe et particule", p("D'Hoker", "Élodie", born), p("Hoker", "Elodie", born),
			"même nom, même prénom, même date de naissance"},
		{"particules multiples", p("De la Fontaine", "Jean", born), p("Fontaine", "Jean", born),
			"même nom, même prénom, même date de naissance"},
		// « Lafontaine » keeps its « la »: two letters more than « fontaine », so not a match.
		{"particule collée", p("de la Fontaine", "Jean", born), p("Lafontaine", "Jean", born), ""},
		{"nom réduit à une particule", p("Le", "Anne", born), p("LE", "Anne", born),
			"même nom, même prénom, même date de naissance"},
		{"une faute dans le nom", p("Hadad", "Ines", born), p("Haddad", "Ines", born),
			"une lettre de différence dans le nom"},
		{"une faute dans le prénom", p("Haddad", "Innes", born), p("Haddad", "Ines", born),
			"une lettre de différence dans le prénom"},
		{"deux fautes dans le nom", p("Hadat", "Ines", born), p("Haddad", "Ines", born), ""},
		{"une faute dans chaque nom", p("Hadad", "Inas", born), p("Haddad", "Ines", born), ""},
		{"faute sur un prénom de trois lettres", p("Martin", "Léa", born), p("Martin", "Lia", born), ""},
		{"jour et mois inversés", p("Haddad", "Ines", dupDate(2007, time.December, 5)), p("Haddad", "Ines", born),
			"jour et mois de naissance inversés"},
		{"noms et date inversés", p("Ines", "Haddad", dupDate(2007, time.December, 5)), p("Haddad", "Ines", born),
			"nom et prénom inversés ; jour et mois de naissance inversés"},
		{"inversés avec une faute", p("Ines", "Hadad", born), p("Haddad", "Ines", born),
			"nom et prénom inversés ; une lettre de différence dans le prénom"},
		{"autre année de naissance", p("Haddad", "Ines", dupDate(2008, time.May, 12)), p("Haddad", "Ines", born), ""},
		{"autre jour", p("Haddad", "Ines", dupDate(2007, time.May, 13)), p("Haddad", "Ines", born), ""},
		{"autres personnes même date", p("Durand", "Paul", born), p("Haddad", "Ines", born), ""},
		{"date inconnue", p("Haddad", "Ines", time.Time{}), p("Haddad", "Ines", time.Time{}), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := DuplicateReason(c.typed, c.existing); got != c.want {
				t.Errorf("DuplicateReason(%s %s %s, %s %s %s) = %q, want %q",
					c.typed.LastName, c.typed.FirstName, c.typed.BirthDate.Format("02/01/2006"),
					c.existing.LastName, c.existing.FirstName, c.existing.BirthDate.Format("02/01/2006"),
					got, c.want)
			}
		})
	}
}

func TestDuplicateBirthDates(t *testing.T) {
	cases := []struct {
		name string
		in   time.Time
		want []time.Time
	}{
		{"jour et mois différents", dupDate(2007, time.May, 12), []time.Time{dupDate(2007, time.May, 12), dupDate(2007, time.December, 5)}},
		{"jour égal au mois", dupDate(2007, time.May, 5), []time.Time{dupDate(2007, time.May, 5)}},
		{"inversion invalide", dupDate(2007, time.January, 31), []time.Time{dupDate(2007, time.January, 31)}},
		{"jour au-delà de 12", dupDate(2007, time.March, 13), []time.Time{dupDate(2007, time.March, 13)}},
		{"début de mois", dupDate(2007, time.November, 1), []time.Time{dupDate(2007, time.November, 1), dupDate(2007, time.January, 11)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := DuplicateBirthDates(c.in)
			if len(got) != len(c.want) {
				t.Fatalf("DuplicateBirthDates(%s) = %v, want %v", c.in.Format("02/01/2006"), got, c.want)
			}
			for i := range got {
				if !got[i].Equal(c.want[i]) {
					t.Errorf("DuplicateBirthDates(%s)[%d] = %s, want %s", c.in.Format("02/01/2006"), i,
						got[i].Format("02/01/2006"), c.want[i].Format("02/01/2006"))
				}
			}
		})
	}
}

func TestSamePerson(t *testing.T) {
	born := time.Date(2004, 2, 1, 0, 0, 0, 0, time.UTC)
	noe := Person{LastName: "Petit", FirstName: "Noé", BirthDate: born}
	for _, c := range []struct {
		name  string
		other Person
		want  bool
	}{
		{"case, accents and spaces", Person{LastName: " PETIT", FirstName: "noe ", BirthDate: born}, true},
		{"a typo", Person{LastName: "Petti", FirstName: "Noé", BirthDate: born}, false},
		{"names swapped", Person{LastName: "Noé", FirstName: "Petit", BirthDate: born}, false},
		{"day and month swapped", Person{LastName: "Petit", FirstName: "Noé", BirthDate: time.Date(2004, 1, 2, 0, 0, 0, 0, time.UTC)}, false},
		{"no birth date", Person{LastName: "Petit", FirstName: "Noé"}, false},
	} {
		if got := SamePerson(noe, c.other); got != c.want {
			t.Errorf("%s: SamePerson = %v, want %v", c.name, got, c.want)
		}
	}
}
