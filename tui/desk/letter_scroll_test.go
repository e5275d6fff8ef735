package desk_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/desk"
	"passnum/tui/internal/tuitest"
)

// On a short terminal the list of places scrolls: the place under the cursor stays on screen
// as the agent goes down to the last one and back up to the first, and the last line says
// there is more (back at the first place, the list is not scrolled further than its line).
func TestLetterPrintScrollFollowsTheCursor(t *testing.T) {
	env, p := cardEnv(t)
	var more []domain.Place
	for i := 1; i <= 8; i++ {
		more = append(more, domain.Place{ID: fmt.Sprintf("lieu-%d", i), Name: fmt.Sprintf("Lieu numéro %d", i), Commune: "Creil", PostalCode: "60100", Qualified: true})
	}
	if _, err := env.Store.UpsertPlaces(context.Background(), tuitest.Coord, more); err != nil {
		t.Fatal(err)
	}
	a := tuitest.Open(t, env, desk.NewLetterPrint(env, p, "600001"))
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 80, Height: 12})
	cursorShown := func(step string) {
		t.Helper()
		scr := tuitest.Screen(a)
		if !strings.Contains(scr, "▸ [x]") || !strings.Contains(scr, "↑/↓ pour défiler") {
			t.Fatalf("%s: the cursor's place or the scroll line is off screen:\n%s", step, scr)
		}
	}
	cursorShown("first place")
	for i := range 9 {
		tuitest.Key(t, a, tea.KeyDown)
		cursorShown(fmt.Sprintf("down %d", i+1))
	}
	if scr := tuitest.Screen(a); strings.Contains(scr, "Pas de diagnostic") {
		t.Errorf("at the last place the list should have scrolled past its heading:\n%s", scr)
	}
	for i := range 9 {
		tuitest.Key(t, a, tea.KeyUp)
		cursorShown(fmt.Sprintf("up %d", i+1))
	}
	tuitest.MustContain(t, tuitest.Screen(a), "▸ [x] CIMS de Montataire", "lignes 2 à 8 sur 13")
}
