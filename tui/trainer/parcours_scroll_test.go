package trainer_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/internal/tuitest"
	"passnum/tui/trainer"
)

// A long bilan de parcours scrolls: after ↓ well past its end and a resize, the page is not
// drawn in between, the first ↑ already shows « ↓ suite » again (the scroll was clamped to the
// end when the terminal changed, in Update, not left past it).
func TestParcoursScrollAfterResize(t *testing.T) {
	env := tuitest.TrainerEnv(t)
	ctx := context.Background()
	people, err := env.Store.FindPeople(ctx, "Dupont", 1)
	if err != nil || len(people) != 1 {
		t.Fatal(people, err)
	}
	id := people[0].ID
	sess := tuitest.Session(t, env)
	if _, _, err := env.Store.AddParticipantPerson(ctx, env.User, sess.ID, id); err != nil {
		t.Fatal(err)
	}
	for i := range 12 {
		if err := env.Store.RecordFollowUpNote(ctx, env.User, sess.ID, id, domain.FollowUpNote{Autonomy: "Avec guidage", Comment: fmt.Sprintf("note numéro %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	a := tuitest.Open(t, env, trainer.NewParcours(env, id))
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 80, Height: 12})
	for range 40 {
		tuitest.Key(t, a, tea.KeyDown)
	}
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 80, Height: 14})
	tuitest.Key(t, a, tea.KeyUp)
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "↓ suite", "note numéro 10")
	if strings.Contains(scr, "note numéro 11") {
		t.Errorf("one line up from the end, the last note should be under the page:\n%s", scr)
	}
}
