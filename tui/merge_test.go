package tui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/store"
	"passnum/tui/kit"
)

// phTwins registers Inès twice (the second time « pas la même personne » by mistake): n°1 with
// two carnets, n°2 with one, so that merging them puts n°1 above the cap of two.
func phTwins(t *testing.T, env *kit.Env) {
	t.Helper()
	ctx := context.Background()
	phStock(t, env, "centre-social-georges-brassens", "600001", "600002", "600003")
	first := phAdd(t, env, phInes())
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
	desk := phEnv(t)
	phTwins(t, desk)
	env := phAs(desk, phCoord)
	a := phApp(t, env, NewPersonScreen(env, 1))
	if !phHasKey(a, "f") {
		t.Fatal("f is not offered to the coordination")
	}
	phType(t, a, "f")
	m, ok := a.top().(*Merge)
	if !ok {
		t.Fatalf("f opened %T", a.top())
	}
	if !m.Typing() {
		t.Error("Typing() = false on the number field")
	}
	phMustContain(t, phScreen(a), "Fusionner un doublon dans la fiche n°1 — HADDAD Inès", "Gardée : n°1", "2 carnets remis")

	// Its own number is refused under the field.
	phType(t, a, "1")
	phKey(t, a, tea.KeyEnter)
	phMustContain(t, phScreen(a), "✗ n° de fiche : n°1 est cette fiche-ci")
	phKey(t, a, tea.KeyBackspace)
	phType(t, a, "2")
	phKey(t, a, tea.KeyEnter)
	screen := phScreen(a)
	phMustContain(t, screen, "En double : n°2", "HADDAD Ines", "1 carnet remis", "né(e) le 12/05/2007")
	// A reason is required before the question.
	phKey(t, a, tea.KeyEnter)
	if m.stage != mgInput || !strings.Contains(a.status, "motif : obligatoire") {
		t.Fatalf("stage %d, status %q; want the reason asked for", m.stage, a.status)
	}
	phType(t, a, "inscrite deux fois, accents différents")
	phKey(t, a, tea.KeyEnter)
	phMustContain(t, phScreen(a), "Fusionner la fiche n°2 dans la fiche n°1 ? (o/n)",
		"⚠ après la fusion, la personne aura 3 carnets du programme Pass numérique Creil Sud Oise pour un maximum de 2 par personne")
	phType(t, a, "o")

	screen = phScreen(a)
	phMustContain(t, screen,
		"✓ Fiche n°2 fusionnée dans la fiche n°1 (HADDAD Inès).",
		"Passés sur la fiche n°1 : 1 carnet, 0 diagnostic, 0 présence, 0 suivi.",
		"PLAFOND DÉPASSÉ",
		"n°1 HADDAD Inès détient désormais 3 carnets du programme Pass numérique Creil Sud Oise pour un maximum de 2",
	)
	c, err := env.Store.Carnet(context.Background(), "600003")
	if err != nil || c.PersonID != 1 {
		t.Fatalf("carnet 600003 held by %d (%v), want n°1", c.PersonID, err)
	}
	if p := mustPerson(t, env, 2); p.ID != 1 {
		t.Errorf("n°2 now leads to n°%d, want n°1", p.ID)
	}

	// Back to the card, which shows the carnet moved and offers no hand-over.
	phKey(t, a, tea.KeyEnter)
	if _, ok := a.top().(*PersonScreen); !ok || len(a.stack) != 1 {
		t.Fatalf("after the merge: top %T, %d screens", a.top(), len(a.stack))
	}
	phMustContain(t, phScreen(a), "Carnets (3)")
	if phHasKey(a, "r") {
		t.Error("r offered above the cap")
	}
}

func TestMergeNoKeepsBothRecords(t *testing.T) {
	desk := phEnv(t)
	phTwins(t, desk)
	env := phAs(desk, phCoord)
	a := phApp(t, env, NewPersonScreen(env, 1))
	phType(t, a, "f")
	phType(t, a, "2")
	phKey(t, a, tea.KeyEnter)
	phType(t, a, "doublon")
	phKey(t, a, tea.KeyEnter)
	phType(t, a, "n")
	m := a.top().(*Merge)
	if m.stage != mgInput {
		t.Fatalf("n: stage %d, want back to the fields", m.stage)
	}
	if p := mustPerson(t, env, 2); p.ID != 2 {
		t.Errorf("n°2 was merged after « n »")
	}
	// A number already merged is refused.
	if _, err := env.Store.MergePeople(context.Background(), phCoord, 1, 2, "test"); err != nil {
		t.Fatal(err)
	}
	phKey(t, a, tea.KeyTab) // back to the number
	phKey(t, a, tea.KeyBackspace)
	phType(t, a, "2")
	phKey(t, a, tea.KeyEnter)
	phMustContain(t, phScreen(a), "✗ la fiche n°2 a déjà été fusionnée dans la fiche n°1")
}

func TestMergeKeyAbsentForDesk(t *testing.T) {
	env := phEnv(t)
	phTwins(t, env)
	a := phApp(t, env, NewPersonScreen(env, 1))
	if phHasKey(a, "f") {
		t.Error("f is offered to the accueil")
	}
	for _, b := range a.top().Keys() {
		if strings.Contains(b.Help().Desc, "fusion") {
			t.Errorf("key %q offers a merge to the accueil", b.Help().Key)
		}
	}
	phType(t, a, "f")
	if _, ok := a.top().(*PersonScreen); !ok {
		t.Fatalf("f opened %T for the accueil", a.top())
	}
	phType(t, a, "?")
	if strings.Contains(phScreen(a), "fusionner") {
		t.Errorf("the full help offers a merge:\n%s", phScreen(a))
	}
}
