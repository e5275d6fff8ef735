package domain

import (
	"strings"
	"testing"
	"time"
)

func TestCheckStanding(t *testing.T) {
	today := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	prog, communes := creil()
	prog.ChequeValueCents = 1000
	foyer := prog
	foyer.Name = "Pass Lens-Liévin"
	foyer.Limits = Limits{CarnetsPerHousehold: 1}
	young := Person{ID: 12, FirstName: "Inès", LastName: "Haddad", BirthDate: time.Date(2007, 5, 12, 0, 0, 0, 0, time.UTC),
		Commune: "60175", QPV: "Hauts de Creil", Diploma: "bac", Consent: true}
	noConsent := young
	noConsent.Consent = false
	outside := young
	outside.QPV = ""
	jean := Housemate{ID: 7, Name: "Jean DUPONT", Carnets: 1}
	tests := []struct {
		name    string
		prog    Programme
		p       Person
		h       Holding
		can     bool
		kind    Kind
		summary string
	}{
		{"premier carnet", prog, young, Holding{}, true, 0, "éligible · 0 carnet sur 2 — public « Jeunes »"},
		{"un carnet entamé", prog, young, Holding{Carnets: 1, ChequesLeft: 5}, true, 0, "éligible · 1 carnet sur 2 · 5 chèques restants (50 €)"},
		{"limite atteinte", prog, young, Holding{Carnets: 2}, false, KindConflict, "éligible au programme, mais limite atteinte : 2 carnets sur 2"},
		{"non éligible", prog, outside, Holding{}, false, KindConflict, "Non éligible au programme"},
		{"sans accord", prog, noConsent, Holding{}, false, KindConflict, "n'a pas donné son accord pour l'enregistrement de ses données"},
		{"un par foyer, foyer inconnu", foyer, young, Holding{}, false, KindInvalid, "adresse du foyer à renseigner"},
		{"un par foyer, foyer servi", foyer, young, Holding{InHousehold: true, Housemates: []Housemate{jean}}, false, KindConflict, "limite du foyer atteinte : 1 carnet sur 1 (Jean DUPONT : 1 carnet)"},
		{"un par foyer, foyer libre", foyer, young, Holding{InHousehold: true, Housemates: []Housemate{{ID: 8, Name: "Léa DUPONT"}}}, true, 0, "foyer : 0 carnet sur 1"},
	}
	for _, tt := range tests {
		s := CheckStanding(tt.prog, tt.p, communes, today, tt.h)
		if s.CanIssue() != tt.can {
			t.Fatalf("%s: CanIssue = %v, refusal %v", tt.name, s.CanIssue(), s.Refusal)
		}
		if !tt.can && KindOf(s.Refusal) != tt.kind {
			t.Errorf("%s: refusal kind %v, want %v", tt.name, KindOf(s.Refusal), tt.kind)
		}
		if !strings.Contains(s.Summary(), tt.summary) {
			t.Errorf("%s: summary %q, want it to say %q", tt.name, s.Summary(), tt.summary)
		}
	}
	if s := CheckStanding(prog, young, communes, today, Holding{}); s.Public.ID != "jeune" {
		t.Errorf("public matched = %q, want jeune (recorded with the hand-over)", s.Public.ID)
	}
}

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "0 carnet", 1: "1 carnet", 2: "2 carnets"} {
		if got := Plural(n, "carnet", "carnets"); got != want {
			t.Errorf("Plural(%d) = %q, want %q", n, got, want)
		}
	}
}

// Every rule is judged, not only the first that fails: the desk sees each obstacle at once, and
// the refusal the store gives is the first of them.
func TestStandingJudgesEveryCap(t *testing.T) {
	prog, communes := creil()
	prog.Limits.CarnetsPerHousehold = 1
	p := Person{FirstName: "Inès", LastName: "Haddad", BirthDate: time.Date(2007, 5, 12, 0, 0, 0, 0, time.UTC), Commune: "60175", QPV: "Hauts de Creil", Diploma: "bac"}
	s := CheckStanding(prog, p, communes, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), Holding{Carnets: 2})
	var failed []CapRule
	for _, c := range s.Caps {
		if !c.OK {
			failed = append(failed, c.Rule)
		}
	}
	if len(failed) != 3 || s.Refusal == nil || !strings.Contains(s.Refusal.Message, "accord") {
		t.Fatalf("failed rules %v, refusal %v; want consent, person and household, consent first", failed, s.Refusal)
	}
	if c, ok := s.Cap(CapHousehold); !ok || KindOf(c.Err) != KindInvalid {
		t.Errorf("household rule = %+v", c)
	}
}

// The programme's rule on lost carnets decides whether a person who lost one may get another
// and whether the lost one still takes a place under the caps.
func TestLostRule(t *testing.T) {
	today := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	prog, communes := creil() // two carnets per person
	young := Person{ID: 12, FirstName: "Inès", LastName: "Haddad", BirthDate: time.Date(2007, 5, 12, 0, 0, 0, 0, time.UTC),
		Commune: "60175", QPV: "Hauts de Creil", Diploma: "bac", Consent: true}
	with := func(r LostRule, perFoyer int) Programme {
		p := prog
		p.Limits.Lost = r
		p.Limits.CarnetsPerHousehold = perFoyer
		return p
	}
	replaced := LostRule{}                 // the default
	counted := LostRule{CountsInCap: true} // replaced, but the lost one counts
	never := LostRule{NoReplacement: true} // no replacement at all
	tests := []struct {
		name string
		prog Programme
		h    Holding
		can  bool
		why  string // in the refusal, or in the lost rule's verdict when it passes
	}{
		{"défaut : remplacement, hors plafond", with(replaced, 0), Holding{Carnets: 1, Lost: 1}, true, "le programme permet de le remplacer"},
		{"défaut : deux perdus ne bloquent pas", with(replaced, 0), Holding{Lost: 2}, true, "2 carnets déclarés perdus"},
		{"compté : encore une place", with(counted, 0), Holding{Lost: 1}, true, "le programme permet de le remplacer"},
		{"compté : plafond atteint", with(counted, 0), Holding{Carnets: 1, Lost: 1}, false, "limite atteinte : 2 carnets sur 2 (dont 1 perdu)"},
		{"pas de remplacement", with(never, 0), Holding{Lost: 1}, false, "ne remplace pas un carnet perdu (1 carnet déclaré perdu)"},
		{"rien de perdu : la règle ne joue pas", with(never, 0), Holding{Carnets: 1}, true, ""},
		{"foyer : perdu compté", with(counted, 1), Holding{InHousehold: true, Housemates: []Housemate{{ID: 7, Name: "Jean DUPONT", Lost: 1}}}, false, "limite du foyer atteinte : 1 carnet sur 1"},
		{"foyer : perdu non compté", with(replaced, 1), Holding{InHousehold: true, Housemates: []Housemate{{ID: 7, Name: "Jean DUPONT", Lost: 1}}}, true, ""},
	}
	for _, tt := range tests {
		s := CheckStanding(tt.prog, young, communes, today, tt.h)
		if s.CanIssue() != tt.can {
			t.Errorf("%s: CanIssue = %v, refusal %v", tt.name, s.CanIssue(), s.Refusal)
			continue
		}
		got := ""
		if s.Refusal != nil {
			got = s.Refusal.Message
			if KindOf(s.Refusal) != KindConflict {
				t.Errorf("%s: refusal kind %v, want conflict", tt.name, KindOf(s.Refusal))
			}
		} else if c, ok := s.Cap(CapLost); ok {
			got = c.Reason
		}
		if !strings.Contains(got, tt.why) {
			t.Errorf("%s: %q, want it to say %q", tt.name, got, tt.why)
		}
		if _, ok := s.Cap(CapLost); ok != (tt.h.Lost > 0) {
			t.Errorf("%s: lost rule shown = %v, want it only when a carnet was lost", tt.name, ok)
		}
	}
	for _, tt := range []struct {
		r          LostRule
		held, lost int
		want       int
	}{
		{replaced, 1, 1, 1}, {counted, 1, 1, 2}, {never, 0, 2, 0}, {counted, 0, 0, 0},
	} {
		if got := tt.r.Counted(tt.held, tt.lost); got != tt.want {
			t.Errorf("%+v.Counted(%d, %d) = %d, want %d", tt.r, tt.held, tt.lost, got, tt.want)
		}
	}
}

func TestLostRuleText(t *testing.T) {
	for r, want := range map[LostRule]string{
		{}:                    "le programme P permet d'en remettre un autre, le carnet perdu ne compte plus dans le plafond",
		{CountsInCap: true}:   "le programme P permet d'en remettre un autre, le carnet perdu restant compté dans le plafond",
		{NoReplacement: true}: "le programme P ne remplace pas un carnet perdu",
	} {
		if got := r.Text("P"); got != want {
			t.Errorf("%+v: %q, want %q", r, got, want)
		}
	}
}
