package desk

import (
	"testing"
	"time"

	"passnum/domain"
)

func TestStandingLine(t *testing.T) {
	sixteen, twentyFive := 16, 25
	jeunes := domain.Public{ID: "jeune", Name: "Jeunes", AgeMin: &sixteen, AgeMax: &twentyFive, MaxDiploma: "bac", Residence: domain.ResidenceQPV}
	de := domain.Public{ID: "de", Name: "Demandeurs d'emploi", Statuses: []domain.Status{domain.StatusJobSeeker}, Residence: domain.ResidenceQPV}
	prog := domain.Programme{Name: "Pass", ChequeValueCents: 1000, Limits: domain.Limits{CarnetsPerPerson: 2},
		ValidUntil: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC), Publics: []domain.Public{jeunes, de}}
	communes := []domain.Commune{{INSEE: "60175", Name: "Creil", QPV: []string{"Hauts de Creil"}}}
	today := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	born := func(age int) time.Time { return today.AddDate(-age, 0, -1) }
	for _, c := range []struct {
		name string
		p    domain.Person
		h    domain.Holding
		want string
	}{
		{"eligible with a carnet", domain.Person{BirthDate: born(20), Diploma: "bac", Commune: "60175", QPV: "Hauts de Creil", Consent: true},
			domain.Holding{Carnets: 1, ChequesLeft: 5}, "Éligible · 1 carnet sur 2 · 5 chèques restants (50 €) · valables jusqu'au 31/12/2027"},
		{"eligible, none yet", domain.Person{BirthDate: born(20), Diploma: "bac", Commune: "60175", QPV: "Hauts de Creil", Consent: true},
			domain.Holding{}, "Éligible · 0 carnet sur 2 · valables jusqu'au 31/12/2027"},
		{"at the cap", domain.Person{BirthDate: born(20), Diploma: "bac", Commune: "60175", QPV: "Hauts de Creil", Consent: true},
			domain.Holding{Carnets: 2, ChequesLeft: 0}, "Éligible · 2 carnets sur 2 · 0 chèque restant (0 €) · valables jusqu'au 31/12/2027 · limite atteinte : pas d'autre carnet"},
		{"not both", domain.Person{BirthDate: born(20), Diploma: "bac", Commune: "60175", QPV: "Hauts de Creil", Consent: true},
			domain.Holding{Exclusive: []domain.HeldCarnet{{Programme: "seniors", ProgrammeName: "Pass seniors", Number: "200001"}}},
			"Éligible · 0 carnet sur 2 · valables jusqu'au 31/12/2027 · pas de carnet : déjà un carnet du programme Pass seniors"},
		{"only the QPV", domain.Person{BirthDate: born(20), Diploma: "bac", Commune: "60175", Consent: true},
			domain.Holding{}, "Non éligible · il manque seulement : habiter un QPV (public « Jeunes »)"},
		{"situation not filled in", domain.Person{BirthDate: born(40), Diploma: "bac+5", Commune: "60175", QPV: "Hauts de Creil", Consent: true},
			domain.Holding{}, "Non éligible · il manque seulement : la situation (à renseigner) (public « Demandeurs d'emploi »)"},
		{"too old, not a job seeker", domain.Person{BirthDate: born(40), Diploma: "bac+5", Status: domain.StatusOther, Commune: "60175", QPV: "Hauts de Creil", Consent: true},
			domain.Holding{}, "Non éligible · il manque seulement : être demandeur d'emploi (public « Demandeurs d'emploi »)"},
		{"two things", domain.Person{BirthDate: born(40), Diploma: "bac+5", Status: domain.StatusOther, Commune: "60175", Consent: true},
			domain.Holding{}, "Non éligible · il manque : être demandeur d'emploi et habiter un QPV (public « Demandeurs d'emploi »)"},
	} {
		st := domain.CheckStanding(prog, c.p, communes, today, c.h)
		if got := standingLine(st); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}
