package tui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
)

func TestHomeSearchAsYouType(t *testing.T) {
	env := phEnv(t)
	phAdd(t, env, phJeanne())
	phAdd(t, env, domain.Person{LastName: "Lefèvre", FirstName: "Élodie", BirthDate: phJeanne().BirthDate, Commune: "60414", Consent: true})
	a := phApp(t, env, NewHome(env))
	phMustContain(t, phScreen(a), "Que voulez-vous faire ?", "▸ Nouvelle personne", "0 carnet(s) remis")

	phType(t, a, "ELO") // accents and case ignored
	scr := phScreen(a)
	phMustContain(t, scr, "Personnes (1)", "Lefèvre Élodie", "Montataire")
	if strings.Contains(scr, "DUPONT") || strings.Contains(scr, "Dupont") {
		t.Fatalf("Jeanne Dupont must not match « ELO »:\n%s", scr)
	}
	phKey(t, a, tea.KeyEnter)
	phMustContain(t, phScreen(a), "Fiche d'Élodie LEFÈVRE")
	phKey(t, a, tea.KeyEscape)
	phMustContain(t, phScreen(a), "Accueil", "Personnes (1)")

	// A name nobody has: Enter offers the quick lookup, which says nothing matches.
	for range 3 {
		phKey(t, a, tea.KeyBackspace)
	}
	phType(t, a, "zzz")
	phMustContain(t, phScreen(a), "Personne ne correspond")
}

func TestHomeScannedNumberOpensCard(t *testing.T) {
	env := phEnv(t)
	p := phAdd(t, env, phJeanne())
	phStock(t, env, phDesk.Prescriber, "600001")
	if err := env.Store.IssueCarnet(context.Background(), phDesk, "600001", p.ID); err != nil {
		t.Fatal(err)
	}
	a := phApp(t, env, NewHome(env))
	phType(t, a, "600001-02") // a barcode scanner: fast digits, then Enter
	phKey(t, a, tea.KeyEnter)
	phMustContain(t, phScreen(a), "Recherche rapide", "Chèque 600001-02", "disponible", "carnet 600001, position 2")
	phKey(t, a, tea.KeyEscape)
	phMustContain(t, phScreen(a), "Que voulez-vous faire ?", "1 carnet(s) remis")
}

func TestHomeActionsAndHelp(t *testing.T) {
	env := phEnv(t)
	a := phApp(t, env, NewHome(env))
	phKey(t, a, tea.KeyDown)
	phKey(t, a, tea.KeyDown)
	phKey(t, a, tea.KeyEnter)
	phMustContain(t, phScreen(a), "Remise de carnet")
	phKey(t, a, tea.KeyEscape)
	phKey(t, a, 'f', tea.ModCtrl)
	phMustContain(t, phScreen(a), "Recherche rapide")
	phKey(t, a, tea.KeyEscape)
	phKey(t, a, tea.KeyF1)
	phMustContain(t, phScreen(a), "Aide — Accueil", "ctrl+n", "nouvelle personne", "lecteur de codes-barres")
	phKey(t, a, tea.KeyEscape)
	phMustContain(t, phScreen(a), "Que voulez-vous faire ?")
}

func TestHomeFollowsResize(t *testing.T) {
	env := phEnv(t)
	a := phApp(t, env, NewHome(env))
	for _, size := range [][2]int{{80, 24}, {120, 40}, {60, 16}} {
		phSend(t, a, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		lines := strings.Split(phScreen(a), "\n")
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
	env := phEnv(t)
	teaGolden(t, env, NewHome(env), nil, func(a *App) bool {
		_, ok := a.top().(*Home)
		return ok && a.width == 80 && a.height == 24
	})
}

func TestLookupCards(t *testing.T) {
	env := phEnv(t)
	p := phAdd(t, env, phJeanne())
	phStock(t, env, phDesk.Prescriber, "600001")
	ctx := context.Background()
	if err := env.Store.IssueCarnet(ctx, phDesk, "600001", p.ID); err != nil {
		t.Fatal(err)
	}
	a := phApp(t, env, NewLookup(env, "600001"))
	phMustContain(t, phScreen(a), "Carnet 600001", "remis à une personne", "Jeanne Dupont", "Historique", "remise")
	for range 6 {
		phKey(t, a, tea.KeyBackspace)
	}
	phType(t, a, "999")
	phKey(t, a, tea.KeyEnter)
	phMustContain(t, phScreen(a), "Introuvable : rien ne correspond à « 999 »")
}
