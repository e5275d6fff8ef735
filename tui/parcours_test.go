package tui_test

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/desk"
	"passnum/tui/internal/tuitest"
	"passnum/tui/trainer"
)

// From the person's card the desk orients her (o) with a note and reads her bilan de parcours
// (b): a trainer's page, which the root opens for the desk.
func TestDeskCardOrientsAndOpensTheParcours(t *testing.T) {
	env := tuitest.Env(t)
	ctx := context.Background()
	if _, err := env.Store.UpsertPlaces(ctx, tuitest.Coord, []domain.Place{tuitest.Pimms()}); err != nil {
		t.Fatal(err)
	}
	p := tuitest.Add(t, env, tuitest.Jeanne())
	a := tuitest.Open(t, env, desk.NewPersonScreen(env, p.ID))
	tuitest.Type(t, a, "o")
	if _, ok := a.Top().(*desk.Orient); !ok {
		t.Fatalf("o opened %T, want the orientation", a.Top())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Orienter Jeanne DUPONT vers un lieu", "◂ PIMMS de Creil ▸")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "Aide pour la CAF")
	tuitest.Key(t, a, 's', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "Orientation de Jeanne DUPONT vers PIMMS de Creil enregistrée")
	list, err := env.Store.ReferralsTo(ctx, tuitest.Trainer, "pimms-creil")
	if err != nil || len(list) != 1 || list[0].Note != "Aide pour la CAF" || list[0].FromDiagnostic {
		t.Fatalf("referrals = %+v, %v", list, err)
	}
	tuitest.Type(t, a, "b")
	if _, ok := a.Top().(*trainer.Parcours); !ok {
		t.Fatalf("b opened %T, want the bilan de parcours", a.Top())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Bilan de parcours — Jeanne DUPONT", "vers PIMMS de Creil — pas encore venue", "« Aide pour la CAF »")
}

// A second ctrl+s while the orientation is being saved records nothing more: the trainers' list
// must not show the person twice.
func TestOrientSavesOnce(t *testing.T) {
	env := tuitest.Env(t)
	ctx := context.Background()
	if _, err := env.Store.UpsertPlaces(ctx, tuitest.Coord, []domain.Place{tuitest.Pimms()}); err != nil {
		t.Fatal(err)
	}
	p := tuitest.Add(t, env, tuitest.Jeanne())
	o := desk.NewOrient(env, p, nil)
	a := tuitest.Open(t, env, o)
	tuitest.MustContain(t, tuitest.Screen(a), "◂ PIMMS de Creil ▸")
	ctrlS := tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
	_, first := o.Update(ctrlS)
	_, second := o.Update(ctrlS)
	if first == nil || second != nil {
		t.Fatalf("ctrl+s twice: commands %v, %v; want one save", first != nil, second != nil)
	}
	tuitest.Run(t, first)
	if list, err := env.Store.ReferralsTo(ctx, tuitest.Trainer, "pimms-creil"); err != nil || len(list) != 1 {
		t.Fatalf("referrals = %d, %v; want 1", len(list), err)
	}
}

// An orientation made by mistake is taken back from the orientation page the same day (ctrl+x),
// with a reason: the place's list no longer shows the person.
func TestDeskWithdrawsAnOrientationOfTheDay(t *testing.T) {
	env := tuitest.Env(t)
	ctx := context.Background()
	if _, err := env.Store.UpsertPlaces(ctx, tuitest.Coord, []domain.Place{tuitest.Pimms()}); err != nil {
		t.Fatal(err)
	}
	p := tuitest.Add(t, env, tuitest.Jeanne())
	a := tuitest.Open(t, env, desk.NewPersonScreen(env, p.ID))
	tuitest.Type(t, a, "o")
	if contains := tuitest.Screen(a); strings.Contains(contains, "ctrl+x") {
		t.Fatalf("nothing to withdraw yet, yet ctrl+x is offered:\n%s", contains)
	}
	tuitest.Key(t, a, 's', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "Orientation de Jeanne DUPONT vers PIMMS de Creil enregistrée")

	tuitest.Type(t, a, "o")
	tuitest.MustContain(t, tuitest.Screen(a), "Déjà orientée aujourd'hui vers PIMMS de Creil : ctrl+x pour retirer une orientation faite par erreur.")
	tuitest.Key(t, a, 'x', tea.ModCtrl)
	if _, ok := a.Top().(*desk.Unorient); !ok {
		t.Fatalf("ctrl+x opened %T, want the withdrawal", a.Top())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Retirer une orientation de Jeanne DUPONT", "◂ PIMMS de Creil (orientée à")
	tuitest.Key(t, a, 's', tea.ModCtrl) // no reason yet
	tuitest.MustContain(t, tuitest.Screen(a), "motif : obligatoire")
	if list, _ := env.Store.ReferralsTo(ctx, tuitest.Trainer, "pimms-creil"); len(list) != 1 {
		t.Fatalf("a refused withdrawal withdrew: %+v", list)
	}
	tuitest.Type(t, a, "erreur de lieu") // the refusal put the cursor on the reason
	tuitest.Key(t, a, 's', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "Orientation de Jeanne DUPONT vers PIMMS de Creil retirée")
	if _, ok := a.Top().(*desk.PersonScreen); !ok {
		t.Errorf("after the withdrawal the desk is on %T, want the card", a.Top())
	}
	if list, err := env.Store.ReferralsTo(ctx, tuitest.Trainer, "pimms-creil"); err != nil || len(list) != 0 {
		t.Errorf("the place still lists the person: %+v %v", list, err)
	}
}
