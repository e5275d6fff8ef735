package trainer_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/internal/tuitest"
	"passnum/tui/trainer"
)

// The people sent to the PIMMS are listed with the note, not yet come, then come once on a
// sheet; entrée opens the bilan de parcours with the Pix positioning and both dated follow-ups,
// and ctrl+p writes its printable page. Everything fits 80×24.
func TestReferralsAndParcours(t *testing.T) {
	env := tuitest.TrainerEnv(t)
	env.ExportDir = t.TempDir()
	ctx := context.Background()
	people, err := env.Store.FindPeople(ctx, "Dupont", 1)
	if err != nil || len(people) != 1 {
		t.Fatal(people, err)
	}
	id := people[0].ID
	if _, err := env.Store.OrientPerson(ctx, tuitest.Desk, id, "pimms-creil", "Démarches en ligne pour la CAF", true); err != nil {
		t.Fatal(err)
	}
	a := tuitest.Open(t, env, trainer.NewReferrals(env))
	tuitest.MustContain(t, tuitest.Screen(a), "1 personne orientée, 0 venue", "Jeanne DUPONT — orientée le", "pas encore venue", "par Centre social Georges Brassens : « Démarches en ligne pour la CAF »")

	sess := tuitest.Session(t, env)
	if _, _, err := env.Store.AddParticipantPerson(ctx, env.User, sess.ID, id); err != nil {
		t.Fatal(err)
	}
	for _, n := range []domain.FollowUpNote{{Autonomy: "Avec guidage", Comment: "test de départ", Pix: "128"}, {Autonomy: "Autonome", Comment: "a rempli sa déclaration"}} {
		if err := env.Store.RecordFollowUpNote(ctx, env.User, sess.ID, id, n); err != nil {
			t.Fatal(err)
		}
	}
	a = tuitest.Open(t, env, trainer.NewReferrals(env))
	tuitest.MustContain(t, tuitest.Screen(a), "1 personne orientée, 1 venue", "venue le")
	tuitest.Key(t, a, tea.KeyEnter)
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "Bilan de parcours — Jeanne DUPONT", "1 séance suivie · autonomie : Avec guidage → Autonome",
		"Score Pix : 128 pix le ", "« test de départ »", "« a rempli sa déclaration » · Autonome", "par Centre social Georges Brassens")
	for _, l := range strings.Split(scr, "\n") {
		if w := len([]rune(l)); w > 80 {
			t.Errorf("line of %d cells: %q", w, l)
		}
	}
	tuitest.Key(t, a, 'p', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "Bilan de parcours écrit")
	files, _ := filepath.Glob(filepath.Join(env.ExportDir, "parcours-*.html"))
	if len(files) != 1 {
		t.Fatalf("printable page: %v", files)
	}
	page, _ := os.ReadFile(files[0])
	if !strings.Contains(string(page), "<td>128 pix</td>") {
		t.Error("the page lacks the Pix result")
	}
}
