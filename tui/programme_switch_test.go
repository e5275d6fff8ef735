package tui_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/cmd/passnum/config"
	"passnum/tui"
	"passnum/tui/internal/tuitest"
)

// With two programmes the header names the one in use and F2 switches it, for every screen
// (kit.Env.Programme); with one, F2 does nothing and the header offers no key.
func TestF2SwitchesTheProgrammeInUse(t *testing.T) {
	env := tuitest.EnvWith(t, func(c *config.Config) {
		second := c.Programmes[0]
		second.ID, second.Name = "seniors", "Pass seniors"
		c.Programmes = append(c.Programmes, second)
	})
	a := tuitest.Open(t, env, tui.New(env).Top())
	first := env.Programmes[0].Name
	if head := strings.Split(tuitest.Screen(a), "\n")[0]; !strings.Contains(head, first+" [F2]") {
		t.Fatalf("header = %q, want %q and the key", head, first)
	}
	tuitest.Key(t, a, tea.KeyF2)
	if env.Programme().ID != "seniors" {
		t.Fatalf("after F2 the programme in use is %q", env.Programme().ID)
	}
	scr := tuitest.Screen(a)
	if head := strings.Split(scr, "\n")[0]; !strings.Contains(head, "Pass seniors [F2]") {
		t.Fatalf("header after F2 = %q", head)
	}
	tuitest.MustContain(t, scr, "Programme en cours : Pass seniors")
	tuitest.Key(t, a, tea.KeyF2)
	if env.Programme().Name != first {
		t.Errorf("F2 again: %q, want back to %q", env.Programme().Name, first)
	}

	one := tuitest.Env(t)
	b := tuitest.Open(t, one, tui.New(one).Top())
	tuitest.Key(t, b, tea.KeyF2)
	if head := strings.Split(tuitest.Screen(b), "\n")[0]; strings.Contains(head, "[F2]") || !strings.Contains(head, one.Programme().Name) {
		t.Errorf("one programme: header = %q", head)
	}
}
