package kit_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/internal/tuitest"
	"passnum/tui/kit"
)

// search runs one query of a PeopleSearch to its answer, as a screen does.
func search(t *testing.T, env *kit.Env, ps *kit.PeopleSearch, text string) tea.Cmd {
	t.Helper()
	msg, ok := tuitest.Run(t, ps.Query(env, text, 8)).(kit.PeopleFound)
	if !ok {
		t.Fatal("the search did not answer with PeopleFound")
	}
	cmd, taken := ps.Take(msg)
	if !taken {
		t.Fatal("the latest answer was dropped")
	}
	return cmd
}

// TestPeopleSearchFollowsTheReadMatrix: the search screens share obeys who may read whom — a
// front desk lists another prescriber's person without status, diploma nor QPV, its own in
// full; the steering committee is refused.
func TestPeopleSearchFollowsTheReadMatrix(t *testing.T) {
	env := tuitest.Env(t)
	env.User = tuitest.Coord
	other := tuitest.Add(t, env, tuitest.Jeanne()) // registered by the coordination, no carnet
	env.User = tuitest.Desk
	mine := tuitest.Jeanne()
	mine.FirstName = "Jeannine"
	tuitest.Add(t, env, mine)

	var ps kit.PeopleSearch
	if cmd := search(t, env, &ps, "Dupont"); cmd != nil {
		t.Fatalf("search as the front desk failed: %v", tuitest.Run(t, cmd))
	}
	if len(ps.Results) != 2 {
		t.Fatalf("%d results, want 2", len(ps.Results))
	}
	for i, p := range ps.Results {
		limited := p.ID == other.ID
		if ps.Limited(i) != limited {
			t.Errorf("%s: limited %v, want %v", p.FirstName, ps.Limited(i), limited)
		}
		if limited && (p.QPV != "" || p.Status != "" || p.Diploma != "") {
			t.Errorf("another prescriber's person listed with QPV %q, status %q, diploma %q", p.QPV, p.Status, p.Diploma)
		}
		if !limited && p.QPV != "Hauts de Creil" {
			t.Errorf("the desk's own person listed without their QPV: %+v", p)
		}
		if p.LastName != "Dupont" || p.BirthDate.IsZero() || p.Commune == "" {
			t.Errorf("a listed person lacks what the duplicate check needs: %+v", p)
		}
	}

	env.User = domain.User{ID: "lecture", Name: "Comité de suivi", Role: domain.RoleLecture}
	cmd := search(t, env, &ps, "Dupont")
	st, ok := tuitest.Run(t, cmd).(kit.StatusMsg)
	if !ok || !st.Err || !strings.Contains(st.Text, "voit les chiffres du programme, pas les personnes") {
		t.Fatalf("search as the steering committee: %+v", st)
	}
}
