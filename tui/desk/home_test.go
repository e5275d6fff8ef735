package desk_test

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui"
	"passnum/tui/desk"
	"passnum/tui/internal/tuitest"
)

func TestHomeSearchAsYouType(t *testing.T) {
	env := tuitest.Env(t)
	tuitest.Add(t, env, tuitest.Jeanne())
	tuitest.Add(t, env, domain.Person{LastName: "Lefèvre", FirstName: "Élodie", BirthDate: tuitest.Jeanne().BirthDate, Commune: "60414", Consent: true})
	a := tuitest.Open(t, env, desk.NewHome(env))
	tuitest.MustContain(t, tuitest.Screen(a), "Que voulez-vous faire ?", "▸ Nouvelle personne", "0 carnet(s) remis")

	tuitest.Type(t, a, "ELO") // accents and case ignored
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "Personnes (1)", "Lefèvre Élodie", "Montataire")
	if strings.Contains(scr, "DUPONT") || strings.Contains(scr, "Dupont") {
		t.Fatalf("Jeanne Dupont must not match « ELO »:\n%s", scr)
	}
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Fiche d'Élodie LEFÈVRE")
	tuitest.Key(t, a, tea.KeyEscape)
	tuitest.MustContain(t, tuitest.Screen(a), "Accueil", "Personnes (1)")

	// A name nobody has: Enter offers the quick lookup, which says nothing matches.
	for range 3 {
		tuitest.Key(t, a, tea.KeyBackspace)
	}
	tuitest.Type(t, a, "zzz")
	tuitest.MustContain(t, tuitest.Screen(a), "Personne ne correspond")
}

func TestHomeScannedNumberOpensCard(t *testing.T) {
	env := tuitest.Env(t)
	p := tuitest.Add(t, env, tuitest.Jeanne())
	tuitest.Stock(t, env, tuitest.Desk.Prescriber, "600001")
	if err := env.Store.IssueCarnet(context.Background(), tuitest.Desk, "600001", p.ID); err != nil {
		t.Fatal(err)
	}
	a := tuitest.Open(t, env, desk.NewHome(env))
	tuitest.Type(t, a, "600001-02") // a barcode scanner: fast digits, then Enter
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Recherche rapide", "Chèque 600001-02", "disponible", "carnet 600001, position 2")
	tuitest.Key(t, a, tea.KeyEscape)
	tuitest.MustContain(t, tuitest.Screen(a), "Que voulez-vous faire ?", "1 carnet(s) remis")
}

func TestHomeActionsAndHelp(t *testing.T) {
	env := tuitest.Env(t)
	a := tuitest.Open(t, env, desk.NewHome(env))
	tuitest.Key(t, a, tea.KeyDown)
	tuitest.Key(t, a, tea.KeyDown)
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Remise de carnet")
	tuitest.Key(t, a, tea.KeyEscape)
	tuitest.Key(t, a, 'f', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "Recherche rapide")
	tuitest.Key(t, a, tea.KeyEscape)
	tuitest.Key(t, a, tea.KeyF1)
	tuitest.MustContain(t, tuitest.Screen(a), "Aide — Accueil", "ctrl+n", "nouvelle personne", "lecteur de codes-barres")
	tuitest.Key(t, a, tea.KeyEscape)
	tuitest.MustContain(t, tuitest.Screen(a), "Que voulez-vous faire ?")
}

func TestHomeFollowsResize(t *testing.T) {
	env := tuitest.Env(t)
	a := tuitest.Open(t, env, desk.NewHome(env))
	for _, size := range [][2]int{{80, 24}, {120, 40}, {60, 16}} {
		tuitest.Send(t, a, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		lines := strings.Split(tuitest.Screen(a), "\n")
		if len(lines) != size[1] {
			t.Errorf("%dx%d: %d lines", size[0], size[1], len(lines))
		}
		for i, l := range lines {
			if w := len([]rune(l)); w > size[0] {
				t.Errorf("%dx%d: line %d is %d wide", size[0], size[1], i+1, w)
			}
		}
	}
}

func TestHomeGolden(t *testing.T) {
	env := tuitest.Env(t)
	teaGolden(t, env, desk.NewHome(env), nil, func(a *tui.App) bool {
		_, ok := a.Top().(*desk.Home)
		w, h := a.Size()
		return ok && w == 80 && h == 24
	})
}

func TestLookupCards(t *testing.T) {
	env := tuitest.Env(t)
	p := tuitest.Add(t, env, tuitest.Jeanne())
	tuitest.Stock(t, env, tuitest.Desk.Prescriber, "600001")
	ctx := context.Background()
	if err := env.Store.IssueCarnet(ctx, tuitest.Desk, "600001", p.ID); err != nil {
		t.Fatal(err)
	}
	a := tuitest.Open(t, env, desk.NewLookup(env, "600001"))
	tuitest.MustContain(t, tuitest.Screen(a), "Carnet 600001", "remis à une personne", "Jeanne Dupont", "Historique", "remise")
	for range 6 {
		tuitest.Key(t, a, tea.KeyBackspace)
	}
	tuitest.Type(t, a, "999")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Introuvable : rien ne correspond à « 999 »")
}
