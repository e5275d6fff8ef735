package domain

import (
	"strings"
	"testing"
	"time"
)

func TestFirstCame(t *testing.T) {
	at := time.Date(2026, 3, 2, 15, 0, 0, 0, time.Local)
	morning, next, before := time.Date(2026, 3, 2, 9, 0, 0, 0, time.Local), time.Date(2026, 3, 9, 14, 0, 0, 0, time.Local), time.Date(2026, 3, 1, 14, 0, 0, 0, time.Local)
	tests := []struct {
		name   string
		starts []time.Time
		want   time.Time
	}{
		{"not yet", nil, time.Time{}},
		{"only before", []time.Time{before}, time.Time{}},
		{"same day, earlier hour", []time.Time{next, morning}, morning},
		{"a week later", []time.Time{before, next}, next},
	}
	for _, tt := range tests {
		if got := FirstCame(at, tt.starts); !got.Equal(tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	if (Referral{}).CameText() != "pas encore venue" || (Referral{CameAt: next}).CameText() != "venue le 09/03/2026" {
		t.Error("CameText")
	}
}

func TestWithdrawReferral(t *testing.T) {
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.Local)
	r := Referral{PersonName: "Jeanne DUPONT", PlaceName: "CIMS", Prescriber: "pole-emploi", At: at}
	came := r
	came.CameAt = at.Add(48 * time.Hour)
	desk := User{Name: "Accueil Pôle emploi", Role: RoleAccueil, Prescriber: "pole-emploi"}
	other := User{Name: "Mission locale", Role: RoleAccueil, Prescriber: "ml"}
	coord := User{Name: "Coordination", Role: RoleCoordination}
	sameDay, nextDay := at.Add(6*time.Hour), at.Add(30*time.Hour)
	for _, c := range []struct {
		name   string
		by     User
		r      Referral
		reason string
		now    time.Time
		ok     bool
		kind   Kind
		phrase string
	}{
		{"the desk, the same day", desk, r, " erreur de lieu ", sameDay, true, 0, ""},
		{"no reason", desk, r, "  ", sameDay, false, KindInvalid, "motif : obligatoire"},
		{"the desk, the next day", desk, r, "erreur", nextDay, false, KindForbidden, "le jour même seulement"},
		{"another prescriber", other, r, "erreur", sameDay, false, KindForbidden, "faite par un autre prescripteur"},
		{"the coordination, later", coord, r, "erreur", nextDay, true, 0, ""},
		{"the person came", coord, came, "erreur", nextDay.Add(48 * time.Hour), false, KindConflict, "est venue à CIMS le 22/11/2026"},
		{"on a sheet still to come", coord, came, "erreur", nextDay, true, 0, ""},
		{"another desk learns nothing of the visit", other, came, "erreur", nextDay.Add(48 * time.Hour), false, KindForbidden, "faite par un autre prescripteur"},
		{"a desk without prescriber", User{Name: "Guichet", Role: RoleAccueil}, r, "erreur", sameDay, false, KindForbidden, "n'est rattaché à aucun prescripteur"},
	} {
		reason, err := WithdrawReferral(c.by, c.r, c.reason, c.now)
		switch {
		case c.ok && (err != nil || reason != strings.TrimSpace(c.reason)):
			t.Errorf("%s: %q, %v; want allowed", c.name, reason, err)
		case !c.ok && (KindOf(err) != c.kind || !strings.Contains(err.Error(), c.phrase)):
			t.Errorf("%s: %v, want %v saying %q", c.name, err, c.kind, c.phrase)
		}
	}
}

func TestParcoursForPlace(t *testing.T) {
	p := Parcours{
		Referrals: []Referral{{Place: "cims"}, {Place: "pimms"}},
		Sessions:  []ParcoursSession{{Session: "S1", Place: "cims"}, {Session: "S2", Place: "pimms"}},
		Notes:     []FollowUpNote{{Session: "S1", Comment: "à l'aise"}, {Session: "S2", Comment: "difficultés avec la CAF"}},
	}
	got := p.ForPlace("cims")
	if len(got.Referrals) != 1 || got.Referrals[0].Place != "cims" || len(got.Sessions) != 1 || got.Sessions[0].Session != "S1" ||
		len(got.Notes) != 1 || got.Notes[0].Comment != "à l'aise" {
		t.Errorf("the CIMS reads only its own: %+v", got)
	}
}
