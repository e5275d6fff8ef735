package domain

import (
	"strings"
	"testing"
	"time"
)

func intp(i int) *int { return &i }

// creil mirrors the shipped Creil Sud Oise programme: young people 16–25 with at most the bac,
// or job seekers, both living in a QPV; two carnets per person.
func creil() (Programme, []Commune) {
	prog := Programme{
		ID: "creil-sud-oise", Name: "Pass numérique Creil Sud Oise",
		Limits: Limits{CarnetsPerPerson: 2},
		Publics: []Public{
			{ID: "jeune", Name: "Jeunes", AgeMin: intp(16), AgeMax: intp(25), MaxDiploma: "bac", Residence: ResidenceQPV},
			{ID: "de", Name: "Demandeurs d'emploi", Statuses: []Status{StatusJobSeeker}, Residence: ResidenceQPV},
		},
	}
	communes := []Commune{
		{INSEE: "60175", Name: "Creil", QPV: []string{"Hauts de Creil"}},
		{INSEE: "60636", Name: "Thiverny"},
	}
	return prog, communes
}

func TestCheckEligibility(t *testing.T) {
	today := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	born := func(age int) time.Time { return today.AddDate(-age, -1, 0) }
	prog, communes := creil()
	tests := []struct {
		name     string
		person   Person
		eligible bool
		reason   string // a phrase the desk must see
	}{
		{"19 ans, bac, QPV", Person{BirthDate: born(19), Diploma: "bac", Commune: "60175", QPV: "Hauts de Creil", Status: StatusOther}, true, "Jeunes"},
		{"19 ans, licence, QPV", Person{BirthDate: born(19), Diploma: "bac+3", Commune: "60175", QPV: "Hauts de Creil", Status: StatusStudent}, false, "diplôme licence (bac+3) — le public Jeunes demande au plus : baccalauréat"},
		{"27 ans, sans diplôme, QPV", Person{BirthDate: born(27), Diploma: "aucun", Commune: "60175", QPV: "Hauts de Creil", Status: StatusEmployee}, false, "a 27 ans — le public Jeunes demande 16 à 25 ans"},
		{"demandeur d'emploi hors QPV", Person{BirthDate: born(40), Diploma: "bac+5", Commune: "60636", Status: StatusJobSeeker}, false, "n'habite pas un quartier prioritaire (QPV) — le public Demandeurs d'emploi demande d'habiter un QPV"},
		{"demandeur d'emploi en QPV", Person{BirthDate: born(40), Diploma: "bac+5", Commune: "60175", QPV: "Hauts de Creil", Status: StatusJobSeeker}, true, "Demandeurs d'emploi"},
		{"QPV d'une autre commune", Person{BirthDate: born(20), Diploma: "bac", Commune: "60636", QPV: "Hauts de Creil"}, false, "n'habite pas un quartier prioritaire"},
		{"hors territoire", Person{BirthDate: born(20), Diploma: "bac", Commune: "75056"}, false, "habite hors du territoire"},
		{"diplôme non renseigné", Person{BirthDate: born(20), Commune: "60175", QPV: "Hauts de Creil"}, false, "diplôme non renseigné"},
		{"15 ans", Person{BirthDate: born(15), Diploma: "aucun", Commune: "60175", QPV: "Hauts de Creil"}, false, "a 15 ans"},
		{"25 ans révolus", Person{BirthDate: born(25), Diploma: "aucun", Commune: "60175", QPV: "Hauts de Creil"}, true, "Jeunes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := CheckEligibility(prog, tt.person, communes, today)
			if e.Eligible != tt.eligible {
				t.Fatalf("eligible = %v, want %v: %s", e.Eligible, tt.eligible, e.Summary())
			}
			if !strings.Contains(e.Summary(), tt.reason) {
				t.Errorf("summary %q does not say %q", e.Summary(), tt.reason)
			}
			if len(e.Publics) != 2 {
				t.Errorf("every public must keep its verdict, got %d", len(e.Publics))
			}
		})
	}
}

func TestEligibilityQuotientAndAgeBounds(t *testing.T) {
	today := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	prog := Programme{Name: "Creuse 2", Publics: []Public{
		{Name: "Seniors", AgeMin: intp(60)},
		{Name: "Familles", MaxQuotientFamilial: intp(700)},
	}}
	qf := func(v int) *int { return &v }
	tests := []struct {
		p    Person
		want bool
	}{
		{Person{BirthDate: today.AddDate(-61, 0, 0)}, true},
		{Person{BirthDate: today.AddDate(-40, 0, 0), QuotientFamilial: qf(650)}, true},
		{Person{BirthDate: today.AddDate(-40, 0, 0), QuotientFamilial: qf(701)}, false},
		{Person{BirthDate: today.AddDate(-40, 0, 0)}, false},
	}
	for i, tt := range tests {
		if got := CheckEligibility(prog, tt.p, nil, today); got.Eligible != tt.want {
			t.Errorf("case %d: eligible = %v, want %v (%s)", i, got.Eligible, tt.want, got.Summary())
		}
	}
}
