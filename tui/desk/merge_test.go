package desk_test

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/store"
	"passnum/tui/desk"
	"passnum/tui/internal/tuitest"
	"passnum/tui/kit"
)

// phTwins registers Inès twice (the second time « pas la même personne » by mistake): n°1 with
// two carnets, n°2 with one, so that merging them puts n°1 above the cap of two.
func phTwins(t *testing.T, env *kit.Env) {
	t.Helper()
	ctx := context.Background()
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600001", "600002", "600003")
	first := tuitest.Add(t, env, phInes())
	again := phInes()
	again.FirstName = "Ines"
	second, err := env.Store.AddPerson(ctx, env.User, again, store.PersonOptions{NotDuplicate: true})
	if err != nil {
		t.Fatal(err)
	}
	for n, id := range map[string]int64{"600001": first.ID, "600002": first.ID, "600003": second} {
		if err := env.Store.IssueCarnet(ctx, env.User, n, id); err != nil {
			t.Fatal(err)
		}
	}
}

// phAs is the same desk and ledger with another user at the keyboard.
func phAs(env *kit.Env, u domain.User) *kit.Env {
	cp := *env
	cp.User = u
	return &cp
}

func TestMergeAsCoordination(t *testing.T) {
	deskEnv := tuitest.Env(t)
	phTwins(t, deskEnv)
	env := phAs(deskEnv, tuitest.Coord)
	a := tuitest.Open(t, env, desk.NewPersonScreen(env, 1))
	if !phHasKey(a, "f") {
		t.Fatal("f is not offered to the coordination")
	}
	tuitest.Type(t, a, "f")
	m, ok := a.Top().(*desk.Merge)
	if !ok {
		t.Fatalf("f opened %T", a.Top())
	}
	if !m.Typing() {
		t.Error("Typing() = false on the number field")
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Fusionner un doublon dans la fiche n°1 — Inès HADDAD", "Gardée : n°1", "2 carnets remis")

	// Its own number is refused under the field.
	tuitest.Type(t, a, "1")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "✗ n° de fiche : n°1 est cette fiche-ci")
	tuitest.Key(t, a, tea.KeyBackspace)
	tuitest.Type(t, a, "2")
	tuitest.Key(t, a, tea.KeyEnter)
	screen := tuitest.Screen(a)
	tuitest.MustContain(t, screen, "En double : n°2", "Ines HADDAD", "1 carnet remis", "né(e) le 12/05/2007")
	// A reason is required before the question.
	tuitest.Key(t, a, tea.KeyEnter)
	if m.Stage() != desk.MgInput || !strings.Contains(a.Status(), "motif : obligatoire") {
		t.Fatalf("stage %d, status %q; want the reason asked for", m.Stage(), a.Status())
	}
	tuitest.Type(t, a, "inscrite deux fois, accents différents")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Fusionner la fiche n°2 dans la fiche n°1 ? (o/n)",
		"⚠ après la fusion, la personne aura 3 carnets du programme Pass numérique Creil Sud Oise pour un maximum de 2 par personne")
	tuitest.Type(t, a, "o")

	screen = tuitest.Screen(a)
	tuitest.MustContain(t, screen,
		"✓ Fiche n°2 fusionnée dans la fiche n°1 (Inès HADDAD).",
		"Passés sur la fiche n°1 : 1 carnet, 0 diagnostic, 0 présence, 0 suivi.",
		"PLAFOND DÉPASSÉ",
		"n°1 Inès HADDAD détient désormais 3 carnets du programme Pass numérique Creil Sud Oise pour un maximum de 2",
	)
	c, err := env.Store.Carnet(context.Background(), "600003")
	if err != nil || c.PersonID != 1 {
		t.Fatalf("carnet 600003 held by %d (%v), want n°1", c.PersonID, err)
	}
	if p := mustPerson(t, env, 2); p.ID != 1 {
		t.Errorf("n°2 now leads to n°%d, want n°1", p.ID)
	}

	// Back to the card, which shows the carnet moved and offers no hand-over.
	tuitest.Key(t, a, tea.KeyEnter)
	if _, ok := a.Top().(*desk.PersonScreen); !ok || a.Depth() != 1 {
		t.Fatalf("after the merge: top %T, %d screens", a.Top(), a.Depth())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "3 carnets sur 2", "pas d'autre carnet")
	if phHasKey(a, "r") {
		t.Error("r offered above the cap")
	}
}

func TestMergeNoKeepsBothRecords(t *testing.T) {
	deskEnv := tuitest.Env(t)
	phTwins(t, deskEnv)
	env := phAs(deskEnv, tuitest.Coord)
	a := tuitest.Open(t, env, desk.NewPersonScreen(env, 1))
	tuitest.Type(t, a, "f")
	tuitest.Type(t, a, "2")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.Type(t, a, "doublon")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.Type(t, a, "n")
	m := a.Top().(*desk.Merge)
	if m.Stage() != desk.MgInput {
		t.Fatalf("n: stage %d, want back to the fields", m.Stage())
	}
	if p := mustPerson(t, env, 2); p.ID != 2 {
		t.Errorf("n°2 was merged after « n »")
	}
	// A number already merged is refused.
	if _, err := env.Store.MergePeople(context.Background(), tuitest.Coord, 1, 2, "test"); err != nil {
		t.Fatal(err)
	}
	tuitest.Key(t, a, tea.KeyTab) // back to the number
	tuitest.Key(t, a, tea.KeyBackspace)
	tuitest.Type(t, a, "2")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "✗ la fiche n°2 a déjà été fusionnée dans la fiche n°1")
}

func TestMergeKeyAbsentForDesk(t *testing.T) {
	env := tuitest.Env(t)
	phTwins(t, env)
	a := tuitest.Open(t, env, desk.NewPersonScreen(env, 1))
	if phHasKey(a, "f") {
		t.Error("f is offered to the accueil")
	}
	for _, b := range a.Top().Keys() {
		if strings.Contains(b.Help().Desc, "fusion") {
			t.Errorf("key %q offers a merge to the accueil", b.Help().Key)
		}
	}
	tuitest.Type(t, a, "f")
	if _, ok := a.Top().(*desk.PersonScreen); !ok {
		t.Fatalf("f opened %T for the accueil", a.Top())
	}
	tuitest.Type(t, a, "?")
	if strings.Contains(tuitest.Screen(a), "fusionner") {
		t.Errorf("the full help offers a merge:\n%s", tuitest.Screen(a))
	}
}
