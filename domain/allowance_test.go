package domain

import (
	"strings"
	"testing"
	"time"
)

// Hauts-de-France: 5-chèque carnets, 1 carnet alone, 2 when an adviser accompanies the person,
// 1 more on a stated request.
func TestAllowanceByAccompaniment(t *testing.T) {
	today := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	prog, communes := creil()
	prog.Limits = Limits{CarnetsPerPerson: 1, CarnetsPerPersonAccompanied: 2, ExtraOnRequest: 1}
	p := Person{ID: 12, FirstName: "Inès", LastName: "Haddad", BirthDate: time.Date(2007, 5, 12, 0, 0, 0, 0, time.UTC),
		Commune: "60175", QPV: "Hauts de Creil", Diploma: "bac", Consent: true}
	alone, with := HandOverRequest{}, HandOverRequest{Accompanied: true}
	reason := func(r HandOverRequest) HandOverRequest { r.ExtraReason = "dossier de retraite à finir"; return r }
	tests := []struct {
		name   string
		held   int
		req    HandOverRequest
		can    bool
		extra  bool
		kind   Kind
		reason string
	}{
		{"seule, premier carnet", 0, alone, true, false, 0, "aucun carnet déjà remis (1 au plus par personne)"},
		{"accompagnée, premier carnet", 0, with, true, false, 0, "(2 au plus par personne)"},
		{"accompagnée, deuxième carnet", 1, with, true, false, 0, "1 carnet déjà remis sur 2"},
		{"seule, deuxième sans motif", 1, alone, false, false, KindInvalid, "indiquez le motif de la demande"},
		{"seule, deuxième sur demande", 1, reason(alone), true, true, 0, "carnet supplémentaire sur demande (1 carnet sur 1) : dossier de retraite à finir"},
		{"seule, troisième même sur demande", 2, reason(alone), false, false, KindConflict, "limite atteinte : 2 carnets sur 1"},
		{"accompagnée, troisième sur demande", 2, reason(with), true, true, 0, "carnet supplémentaire sur demande (2 carnets sur 2)"},
		{"accompagnée, quatrième", 3, reason(with), false, false, KindConflict, "limite atteinte : 3 carnets sur 2"},
	}
	for _, tt := range tests {
		s := CheckHandOver(prog, p, communes, today, Holding{Carnets: tt.held}, tt.req)
		if s.CanIssue() != tt.can || s.Extra != tt.extra {
			t.Errorf("%s: CanIssue = %v, Extra = %v (refusal %v), want %v, %v", tt.name, s.CanIssue(), s.Extra, s.Refusal, tt.can, tt.extra)
			continue
		}
		if !tt.can && KindOf(s.Refusal) != tt.kind {
			t.Errorf("%s: refusal kind %v, want %v", tt.name, KindOf(s.Refusal), tt.kind)
		}
		if s.NeedsExtraReason() != (tt.kind == KindInvalid) {
			t.Errorf("%s: NeedsExtraReason = %v", tt.name, s.NeedsExtraReason())
		}
		c, _ := s.Cap(CapPerson)
		if !strings.Contains(c.Reason, tt.reason) {
			t.Errorf("%s: person cap says %q, want %q", tt.name, c.Reason, tt.reason)
		}
	}
}

func TestLimitsCaps(t *testing.T) {
	tests := []struct {
		l                Limits
		alone, with, max int
	}{
		{Limits{}, 0, 0, 0},
		{Limits{CarnetsPerPerson: 2}, 2, 2, 2},
		{Limits{CarnetsPerPerson: 1, CarnetsPerPersonAccompanied: 2, ExtraOnRequest: 1}, 1, 2, 3},
		{Limits{CarnetsPerPerson: 1, ExtraOnRequest: 1}, 1, 1, 2},
	}
	for _, tt := range tests {
		if a, w, m := tt.l.PersonCap(false), tt.l.PersonCap(true), tt.l.MaxPerPerson(); a != tt.alone || w != tt.with || m != tt.max {
			t.Errorf("%+v: alone %d, accompanied %d, max %d; want %d, %d, %d", tt.l, a, w, m, tt.alone, tt.with, tt.max)
		}
	}
}
