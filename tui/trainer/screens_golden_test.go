package trainer_test

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/internal/tuitest"
	"passnum/tui/trainer"
)

// The trainer's screens a person may read over the trainer's shoulder, pinned at 80×24 and
// scanned by tui's TestGoldenScreensSpeakToPeople: the sheet, the follow-up, the bilan, the claims.
func TestTrainerScreensGolden(t *testing.T) {
	env := tuitest.TrainerEnv(t)
	ctx := context.Background()
	yesterday, err := env.Store.CreateSession(ctx, env.User, domain.Session{Place: "pimms-creil", Title: "Atelier d'hier",
		Themes: []string{"E-mail"}, Level: "Débutant", Type: domain.SessionCollective, Start: tuitest.Now.Add(-24 * time.Hour), DurationMinutes: 90, Capacity: 8})
	if err != nil {
		t.Fatal(err)
	}
	jeanne, _, err := env.Store.AddParticipantByCheque(ctx, env.User, yesterday.ID, "600001-01")
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Store.RecordFollowUp(ctx, env.User, yesterday.ID, jeanne.PersonID, "Avec guidage", "découvre la souris"); err != nil {
		t.Fatal(err)
	}
	if err := env.Store.RecordFollowUpNote(ctx, env.User, yesterday.ID, jeanne.PersonID,
		domain.FollowUpNote{Autonomy: "Autonome", Comment: "premier e-mail envoyé", Pix: "312"}); err != nil {
		t.Fatal(err)
	}
	t.Run("sheet", func(t *testing.T) {
		a := tuitest.Open(t, env, trainer.NewSheet(env, yesterday.ID))
		tuitest.MustContain(t, tuitest.Screen(a), "Jeanne DUPONT")
		tuitest.RequireAppGolden(t, a)
	})
	t.Run("follow-up", func(t *testing.T) {
		a := tuitest.Open(t, env, trainer.NewSheet(env, yesterday.ID))
		tuitest.Key(t, a, 'o', tea.ModCtrl)
		tuitest.MustContain(t, tuitest.Screen(a), "Suivi — Jeanne DUPONT", "Pix : 312 pix")
		tuitest.RequireAppGolden(t, a)
	})
	t.Run("bilan", func(t *testing.T) {
		a := tuitest.Open(t, env, trainer.NewBilan(env))
		tuitest.Type(t, a, "c") // the centre social, who prescribed Jeanne's carnet
		tuitest.MustContain(t, tuitest.Screen(a), "Jeanne DUPONT", "Pix : 312 pix")
		tuitest.RequireAppGolden(t, a)
	})
	t.Run("claims", func(t *testing.T) {
		a := tuitest.Open(t, env, trainer.NewClaims(env))
		tuitest.MustContain(t, tuitest.Screen(a), "Remboursements — PIMMS de Creil")
		tuitest.RequireAppGolden(t, a)
	})
}
