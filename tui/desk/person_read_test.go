package desk_test

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/desk"
	"passnum/tui/internal/tuitest"
	"passnum/tui/kit"
)

// Another prescriber's person: the card shows the identity only and says so, offers no action;
// the coordination's card of the same person says who read it, from where.
func TestPersonCardLimitedAndReads(t *testing.T) {
	env := tuitest.Env(t)
	other := *env
	other.User = domain.User{ID: "accueil-ml", Name: "Mission locale", Role: domain.RoleAccueil, Prescriber: "mission-locale-vallee-oise"}
	jeanne := tuitest.Add(t, &other, tuitest.Jeanne()) // registered by the other desk

	a := tuitest.Open(t, env, desk.NewPersonScreen(env, jeanne.ID))
	screen := tuitest.Screen(a)
	tuitest.MustContain(t, screen, "fiche d'un autre prescripteur : données limitées", "05/03/2004")
	for _, hidden := range []string{"Hauts de Creil", "Situation", "Diplôme", "Éligibilité", "Diagnostics"} {
		if strings.Contains(screen, hidden) {
			t.Errorf("limited card shows %q:\n%s", hidden, screen)
		}
	}
	if ks := a.Top().(kit.Screen).Keys(); len(ks) != 2 {
		t.Errorf("limited card offers %d keys, want only scrolling", len(ks))
	}

	coord := *env
	coord.User = tuitest.Coord
	c := tuitest.Open(t, &coord, desk.NewPersonScreen(&coord, jeanne.ID))
	for range 3 {
		tuitest.Key(t, c, tea.KeyPgDown)
	}
	tuitest.MustContain(t, tuitest.Screen(c), "Consulté par",
		"fiche consultée sur ce poste par "+tuitest.Coord.Name, "fiche consultée sur ce poste par "+env.User.ID) // the fixture configures no users: the id stands for the name
	reads, err := env.Store.PersonReads(context.Background(), tuitest.Coord, jeanne.ID, 10)
	if err != nil || len(reads) != 2 {
		t.Fatalf("reads = %+v %v, want the desk's and the coordination's", reads, err)
	}
}
