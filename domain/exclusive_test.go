package domain

import (
	"strings"
	"testing"
	"time"
)

// creuse is the Creuse pair: programme 1 (minima sociaux) names programme 2 in exclusive_with;
// programme 2 says nothing, the rule still holds both ways.
func creuse() (Programme, Programme, Programme) {
	one := Programme{ID: "creuse-1", Name: "Creuse 1 — minima sociaux", ExclusiveWith: []string{"creuse-2"}}
	two := Programme{ID: "creuse-2", Name: "Creuse 2 — seniors et familles"}
	other := Programme{ID: "autre", Name: "Autre dispositif"}
	return one, two, other
}

func TestExclusive(t *testing.T) {
	one, two, other := creuse()
	tests := []struct {
		name string
		a, b Programme
		want bool
	}{
		{"written on a", one, two, true},
		{"written on b only", two, one, true},
		{"unrelated", one, other, false},
		{"unrelated, other side", other, two, false},
		{"a programme with itself", one, one, false},
	}
	for _, tt := range tests {
		if got := Exclusive(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: Exclusive(%s, %s) = %v, want %v", tt.name, tt.a.ID, tt.b.ID, got, tt.want)
		}
	}
}

func TestExclusiveHeldAndRefusal(t *testing.T) {
	one, two, other := creuse()
	all := []Programme{one, two, other}
	c1 := HeldCarnet{Programme: "creuse-1", ProgrammeName: one.Name, Number: "C1-0001"}
	c2 := HeldCarnet{Programme: "creuse-2", ProgrammeName: two.Name, Number: "C2-0007"}
	cx := HeldCarnet{Programme: "autre", ProgrammeName: other.Name, Number: "X-1"}
	gone := HeldCarnet{Programme: "ancien", ProgrammeName: "Ancien", Number: "A-1"}
	tests := []struct {
		name    string
		prog    Programme
		held    []HeldCarnet
		want    int
		refusal string // "" when none
	}{
		{"nothing held", two, nil, 0, ""},
		{"holds programme 1, asks programme 2", two, []HeldCarnet{c1}, 1, "le programme Creuse 2 — seniors et familles ne se cumule pas avec le programme Creuse 1 — minima sociaux, dont la personne détient déjà le carnet C1-0001"},
		{"holds programme 2, asks programme 1", one, []HeldCarnet{c2}, 1, "programme Creuse 2 — seniors et familles, dont la personne détient déjà le carnet C2-0007"},
		{"a carnet of an unrelated programme", two, []HeldCarnet{cx}, 0, ""},
		{"a carnet of the same programme (the caps decide)", two, []HeldCarnet{c2}, 0, ""},
		{"a programme no longer configured", one, []HeldCarnet{gone}, 0, ""},
		{"unrelated is free either way", other, []HeldCarnet{c1, c2}, 0, ""},
	}
	for _, tt := range tests {
		got := ExclusiveHeld(tt.prog, all, tt.held)
		if len(got) != tt.want {
			t.Fatalf("%s: ExclusiveHeld = %v, want %d carnets", tt.name, got, tt.want)
		}
		err := ExclusiveRefusal(tt.prog, got)
		switch {
		case tt.refusal == "" && err != nil:
			t.Errorf("%s: refusal %v, want none", tt.name, err)
		case tt.refusal != "" && (err == nil || !strings.Contains(err.Message, tt.refusal) || err.Kind != KindConflict):
			t.Errorf("%s: refusal %v, want a conflict saying %q", tt.name, err, tt.refusal)
		}
	}
}

// TestStandingNotBoth: an eligible person holding a carnet of the exclusive programme is refused,
// the card's line says why, and the caps list the rule whether it passes or not.
func TestStandingNotBoth(t *testing.T) {
	today := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	prog, communes := creil()
	prog.ID, prog.Name, prog.ExclusiveWith = "creuse-1", "Creuse 1", []string{"creuse-2"}
	young := Person{ID: 12, FirstName: "Inès", LastName: "Haddad", BirthDate: time.Date(2007, 5, 12, 0, 0, 0, 0, time.UTC),
		Commune: "60175", QPV: "Hauts de Creil", Diploma: "bac", Consent: true}
	free := CheckStanding(prog, young, communes, today, Holding{})
	if !free.CanIssue() {
		t.Fatalf("no other carnet: refused %v", free.Refusal)
	}
	if c, ok := free.Cap(CapExclusive); !ok || !c.OK {
		t.Errorf("exclusive rule not listed as passed: %+v", free.Caps)
	}
	held := Holding{Exclusive: []HeldCarnet{{Programme: "creuse-2", ProgrammeName: "Creuse 2", Number: "C2-0007"}}}
	s := CheckStanding(prog, young, communes, today, held)
	if s.CanIssue() || KindOf(s.Refusal) != KindConflict {
		t.Fatalf("holds a carnet of creuse-2: CanIssue %v, refusal %v", s.CanIssue(), s.Refusal)
	}
	if !strings.Contains(s.Summary(), "Creuse 1 : éligible au programme, mais le programme Creuse 1 ne se cumule pas avec le programme Creuse 2, dont la personne détient déjà le carnet C2-0007") {
		t.Errorf("summary %q does not name the other programme and the carnet", s.Summary())
	}
	plain, _ := creil()
	if _, ok := CheckStanding(plain, young, communes, today, Holding{}).Cap(CapExclusive); ok {
		t.Error("a programme without exclusive_with lists the exclusive rule")
	}
}

func TestChooseProgramme(t *testing.T) {
	one, two, _ := creuse()
	tests := []struct {
		name  string
		progs []Programme
		id    string
		want  string // programme id, "" when refused
		msg   string
	}{
		{"one programme, none named", []Programme{one}, "", "creuse-1", ""},
		{"two, none named: no guess", []Programme{one, two}, "", "", "2 programmes sont configurés : précisez lequel avec --programme ID (choix : creuse-1 (Creuse 1 — minima sociaux), creuse-2 (Creuse 2 — seniors et familles))"},
		{"two, the second named", []Programme{one, two}, "creuse-2", "creuse-2", ""},
		{"unknown", []Programme{one, two}, "creuse-3", "", `--programme : "creuse-3" inconnu (choix : creuse-1, creuse-2)`},
		{"none configured", nil, "", "", "aucun programme"},
	}
	for _, tt := range tests {
		p, err := ChooseProgramme(tt.progs, tt.id, "--programme")
		if tt.want != "" {
			if err != nil || p.ID != tt.want {
				t.Errorf("%s: got %q, %v; want %s", tt.name, p.ID, err, tt.want)
			}
			continue
		}
		if err == nil || err.Kind != KindInvalid || !strings.Contains(err.Message, tt.msg) {
			t.Errorf("%s: error %v, want invalid saying %q", tt.name, err, tt.msg)
		}
	}
}

func TestIssuable(t *testing.T) {
	one, two, _ := creuse()
	ok := func(p Programme) Standing {
		return Standing{Eligibility: Eligibility{Programme: p, Eligible: true}}
	}
	refused := ok(two)
	refused.Refusal = Errorf(KindConflict, "limite atteinte")
	tests := []struct {
		name string
		in   []Standing
		want []string
	}{
		{"both possible: the desk chooses", []Standing{ok(one), ok(two)}, []string{"creuse-1", "creuse-2"}},
		{"one refused", []Standing{ok(one), refused}, []string{"creuse-1"}},
		{"not eligible", []Standing{{Eligibility: Eligibility{Programme: one}}}, nil},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range Issuable(tt.in) {
			got = append(got, p.ID)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s: Issuable = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestMergeNotBoth(t *testing.T) {
	one, two, other := creuse()
	progs := []Programme{one, two, other}
	tests := []struct {
		name         string
		kept, merged map[string]int
		wantPairs    int
		wantFirst    string
	}{
		{"each record holds one of the two", map[string]int{one.ID: 1}, map[string]int{two.ID: 1}, 1, one.ID},
		{"both in the same programme", map[string]int{one.ID: 1}, map[string]int{one.ID: 1}, 0, ""},
		{"with a programme that combines", map[string]int{one.ID: 1}, map[string]int{other.ID: 1}, 0, ""},
		{"the kept record alone already holds both", map[string]int{one.ID: 1, two.ID: 1}, nil, 1, one.ID},
		{"nothing held", nil, nil, 0, ""},
	}
	for _, tt := range tests {
		got := MergeNotBoth(progs, tt.kept, tt.merged)
		if len(got) != tt.wantPairs || (len(got) > 0 && got[0][0].ID != tt.wantFirst) {
			t.Errorf("%s: %v", tt.name, got)
		}
	}
}
