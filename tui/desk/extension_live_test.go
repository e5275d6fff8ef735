package desk_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"passnum/cmd/passnum/config"
	"passnum/domain"
	"passnum/tui/desk"
	"passnum/tui/internal/tuitest"
	"passnum/tui/kit"
)

// TestExtensionSeenByAnOpenSession: the desk's session opened while the distribution was
// stopped (the programme ends on 01/12/2026, the clock says 22/11/2026); the coordination
// extends the programme meanwhile. Without a restart the next screen shows it: the hand-over
// is allowed with the new dates, the letter carries the new end, the home's banner is gone.
func TestExtensionSeenByAnOpenSession(t *testing.T) {
	env := tuitest.EnvWith(t, func(c *config.Config) {
		c.Programmes[0].ValidUntil = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	})
	ctx := context.Background()
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600001")
	p := tuitest.Add(t, env, tuitest.Jeanne())
	if _, err := env.Store.UpsertPlaces(ctx, tuitest.Coord, []domain.Place{tuitest.Pimms()}); err != nil {
		t.Fatal(err)
	}
	phDiagnose(t, env, p.ID)

	a := tuitest.Open(t, env, desk.NewHome(env))
	if scr := tuitest.Flat(tuitest.Screen(a)); !strings.Contains(scr, "Distribution arrêtée depuis le 16/11/2026") || !strings.Contains(scr, "fin du programme le 01/12/2026") {
		t.Fatalf("the home does not show the stop:\n%s", tuitest.Screen(a))
	}

	if _, err := env.Store.ExtendProgramme(ctx, tuitest.Coord, env.Programme().ID, time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC), "avenant du comité"); err != nil {
		t.Fatal(err)
	}
	tuitest.Send(t, a, kit.PushMsg{Screen: desk.NewHandover(env, &p)})
	tuitest.Type(t, a, "600001")
	tuitest.Key(t, a, tea.KeyEnter)
	h := a.Top().(*desk.Handover)
	tuitest.MustContain(t, tuitest.Screen(a), "✓ Distribution : ouverte jusqu'au 15/03/2027 (fin le 31/03/2027)")
	tuitest.Type(t, a, "o")
	if h.Stage() != desk.HoDone {
		t.Fatalf("hand-over after the extension: stage %d, status %q\n%s", h.Stage(), a.Status(), tuitest.Screen(a))
	}
	letter, err := os.ReadFile(h.TxtPath())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tuitest.Flat(string(letter)), "Les chèques sont valables jusqu'au 31/03/2027.") {
		t.Errorf("the letter does not carry the new end:\n%s", letter)
	}

	tuitest.Key(t, a, tea.KeyEscape)
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "Que voulez-vous faire ?")
	if got := tuitest.Flat(scr); strings.Contains(got, "Distribution arrêtée") || strings.Contains(got, "01/12/2026") {
		t.Errorf("the home still shows the old end after the extension:\n%s", scr)
	}
}

// TestRefreshProgrammesCost measures what re-reading the programmes costs each time a screen
// opens: one query per programme.
func TestRefreshProgrammesCost(t *testing.T) {
	env := tuitest.Env(t)
	if _, err := env.Store.ExtendProgramme(context.Background(), tuitest.Coord, env.Programme().ID, time.Date(2028, 6, 30, 0, 0, 0, 0, time.UTC), "avenant"); err != nil {
		t.Fatal(err)
	}
	const n = 2000
	start := time.Now()
	for range n {
		tuitest.Run(t, env.RefreshProgrammes())
	}
	per := time.Since(start) / n
	t.Logf("relecture des %d programme(s) à l'ouverture d'un écran : %s par appel", len(env.Programmes), per)
	if got := env.Programme().ValidUntil.Format("02/01/2006"); got != "30/06/2028" {
		t.Errorf("programme end after the refresh: %s", got)
	}
	if per > 2*time.Millisecond {
		t.Errorf("refreshing the programmes costs %s per screen opened", per)
	}
}
