package domain

import (
	"testing"
	"time"
)

// Each role × each relation a person can have with it.
func TestPersonView(t *testing.T) {
	coord := User{ID: "coord", Name: "Coord", Role: RoleCoordination}
	desk := User{ID: "accueil-brassens", Name: "Awa", Role: RoleAccueil, Prescriber: "cs-brassens"}
	trainer := User{ID: "formateur-pimms", Name: "Karim", Role: RoleFormateur, Place: "pimms-creil"}
	reader := User{ID: "lecture", Name: "Lea", Role: RoleLecture}
	nobody := User{ID: "x", Name: "?", Role: "inconnu"}
	deskNoPrescriber := User{ID: "accueil-x", Name: "Sans", Role: RoleAccueil}
	trainerNoPlace := User{ID: "formateur-x", Name: "Sans lieu", Role: RoleFormateur}

	links := map[string]PersonLinks{
		"aucun lien":                                     {},
		"enregistrée par le prescripteur":                {RegisteredBy: "cs-brassens", RegisteredByUser: "autre-guichet"},
		"enregistrée par l'utilisateur (ancienne fiche)": {RegisteredByUser: "accueil-brassens"},
		"carnet du prescripteur":                         {RegisteredBy: "ml-vallee-oise", CarnetPrescribers: []string{"ml-vallee-oise", "cs-brassens"}},
		"autre prescripteur":                             {RegisteredBy: "ml-vallee-oise", CarnetPrescribers: []string{"ml-vallee-oise"}},
		"venue au lieu":                                  {RegisteredBy: "ml-vallee-oise", Places: []string{"cims-creil", "pimms-creil"}},
		"venue à un autre lieu":                          {RegisteredBy: "ml-vallee-oise", Places: []string{"cims-creil"}},
	}
	want := map[string]map[string]View{
		"aucun lien":                                     {"coord": ViewFull, "desk": ViewLimited, "trainer": ViewLimited},
		"enregistrée par le prescripteur":                {"coord": ViewFull, "desk": ViewFull, "trainer": ViewLimited},
		"enregistrée par l'utilisateur (ancienne fiche)": {"coord": ViewFull, "desk": ViewFull, "trainer": ViewLimited},
		"carnet du prescripteur":                         {"coord": ViewFull, "desk": ViewFull, "trainer": ViewLimited},
		"autre prescripteur":                             {"coord": ViewFull, "desk": ViewLimited, "trainer": ViewLimited},
		"venue au lieu":                                  {"coord": ViewFull, "desk": ViewLimited, "trainer": ViewFull},
		"venue à un autre lieu":                          {"coord": ViewFull, "desk": ViewLimited, "trainer": ViewLimited},
	}
	users := map[string]User{"coord": coord, "desk": desk, "trainer": trainer}
	for rel, l := range links {
		for name, u := range users {
			v, err := PersonView(u, l)
			if err != nil || v != want[rel][name] {
				t.Errorf("%s, %s: view %v, err %v; want %v", name, rel, v, err, want[rel][name])
			}
		}
		for _, u := range []User{reader, nobody} {
			if v, err := PersonView(u, l); v != ViewNone || KindOf(err) != KindForbidden {
				t.Errorf("%s, %s: view %v, err %v; want none, forbidden", u.Role, rel, v, err)
			}
		}
		// A user without a prescriber or a place is tied to no one.
		for _, u := range []User{deskNoPrescriber, trainerNoPlace} {
			if v, err := PersonView(u, PersonLinks{CarnetPrescribers: []string{""}, Places: []string{""}}); v != ViewLimited || err != nil {
				t.Errorf("%s without scope: view %v, err %v", u.Role, v, err)
			}
		}
	}
}

func TestLimit(t *testing.T) {
	qf := 700
	p := Person{ID: 7, LastName: "Haddad", FirstName: "Inès", BirthDate: time.Date(1990, 3, 4, 0, 0, 0, 0, time.UTC),
		Commune: "60175", QPV: "Les Hauts de Creil", Status: "demandeur_emploi", Diploma: "aucun",
		Address: "3 rue des Lilas", PostalCode: "60100", Household: 4, QuotientFamilial: &qf, Consent: true,
		CreatedAt: time.Now(), CreatedBy: "accueil-brassens"}
	l := Limit(p)
	want := Person{ID: 7, LastName: "Haddad", FirstName: "Inès", BirthDate: p.BirthDate, Commune: "60175", Household: 4}
	if l.QuotientFamilial != nil || l != (Person{ID: l.ID, LastName: l.LastName, FirstName: l.FirstName, BirthDate: l.BirthDate, Commune: l.Commune, Household: l.Household}) || l.ID != want.ID || l.LastName != want.LastName || l.Commune != want.Commune || !l.BirthDate.Equal(want.BirthDate) {
		t.Fatalf("Limit = %+v", l)
	}
	if s := Seen(p, ViewFull); s.Limited() || s.Status != p.Status {
		t.Fatalf("Seen full = %+v", s)
	}
	if s := Seen(p, ViewLimited); !s.Limited() || s.Status != "" || s.QPV != "" || s.Diploma != "" || s.Address != "" {
		t.Fatalf("Seen limited = %+v", s)
	}
}

func TestUserFrom(t *testing.T) {
	if got := (User{}).From(); got != "local" {
		t.Fatalf("From = %q", got)
	}
	if got := (User{Via: "ssh SHA256:abc"}).From(); got != "ssh SHA256:abc" {
		t.Fatalf("From = %q", got)
	}
}
