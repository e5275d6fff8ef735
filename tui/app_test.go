package tui_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui"
	"passnum/tui/desk"
	"passnum/tui/internal/tuitest"
)

func TestEachRoleStartsOnItsHome(t *testing.T) {
	env := tuitest.TrainerEnv(t)
	tuitest.Session(t, env)
	a := tuitest.Open(t, env, tui.New(env).Top())
	tuitest.MustContain(t, tuitest.Screen(a), "Mes séances", "S1", "Créer son adresse e-mail", "0/8 présents", "Nouvelle séance", "? aide")
	env.User = tuitest.Desk
	if _, ok := tui.New(env).Top().(*desk.Home); !ok {
		t.Fatalf("a front desk starts on the accueil home, got %T", tui.New(env).Top())
	}
}

// The quick lookup is a desk page: a trainer's home asks the root for it, by key and from its menu.
func TestTrainerHomeOpensTheLookup(t *testing.T) {
	env := tuitest.TrainerEnv(t)
	a := tuitest.Open(t, env, tui.New(env).Top())
	tuitest.Key(t, a, 'f', tea.ModCtrl)
	if _, ok := a.Top().(*desk.Lookup); !ok || a.Depth() != 2 {
		t.Fatalf("ctrl+f opened %T (%d screens), want the lookup over the home", a.Top(), a.Depth())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Recherche rapide")
	tuitest.Key(t, a, tea.KeyEscape)
	for range 3 { // no session today: the menu's fourth line
		tuitest.Key(t, a, tea.KeyDown)
	}
	tuitest.Key(t, a, tea.KeyEnter)
	if _, ok := a.Top().(*desk.Lookup); !ok {
		t.Fatalf("the menu's lookup opened %T", a.Top())
	}
}

// The header names the trainer's place and never cuts the programme at 80 columns; a user whose
// name says the role is not labelled twice.
func TestHeaderNamesThePlaceUncut(t *testing.T) {
	env := tuitest.TrainerEnv(t)
	a := tuitest.Open(t, env, tui.New(env).Top())
	head := strings.Split(tuitest.Screen(a), "\n")[0]
	if !strings.Contains(head, "PIMMS de Creil") || !strings.Contains(head, "Pass numérique Creil Sud Oise") || strings.Contains(head, "…") {
		t.Fatalf("header = %q", head)
	}
	env.User = domain.User{ID: "lecture", Name: "Comité de suivi (lecture seule)", Role: domain.RoleLecture}
	a = tuitest.Open(t, env, tui.New(env).Top())
	if head := strings.Split(tuitest.Screen(a), "\n")[0]; strings.Contains(head, "(lecture seule) (lecture seule)") || !strings.Contains(head, "(lecture seule)") {
		t.Fatalf("header = %q", head)
	}
}

// A chèque scanned on « Mes séances », where there is no field, opens its lookup card.
func TestScanOnTrainerHomeOpensTheLookup(t *testing.T) {
	env := tuitest.TrainerEnv(t)
	a := tuitest.Open(t, env, tui.New(env).Top())
	tuitest.Type(t, a, "600001-02")
	tuitest.Key(t, a, tea.KeyEnter)
	if _, ok := a.Top().(*desk.Lookup); !ok {
		t.Fatalf("the scan opened %T", a.Top())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Chèque 600001-02", "disponible")
}
