package coord_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/tui"
	"passnum/tui/coord"
	"passnum/tui/internal/tuitest"
)

// footer is the help line, the screen's last.
func footer(a *tui.App) string {
	lines := strings.Split(tuitest.Screen(a), "\n")
	return lines[len(lines)-1]
}

// askHelp checks the coordination's typing screens the way the desk's work: on an empty field
// the footer says « ? aide » and « ? » opens the help; once something is typed « ? » is text and
// the footer says F1.
func askHelp(t *testing.T, a *tui.App, title string) {
	t.Helper()
	if f := footer(a); !strings.Contains(f, "? aide") || strings.Contains(f, "F1 aide") {
		t.Errorf("%s, empty field: footer %q, want « ? aide »", title, f)
	}
	tuitest.Type(t, a, "?")
	tuitest.MustContain(t, tuitest.Screen(a), "Aide — "+title)
	tuitest.Type(t, a, "?") // closes it
	if strings.Contains(tuitest.Screen(a), "Aide — ") {
		t.Fatalf("%s: « ? » did not close the help", title)
	}
	tuitest.Type(t, a, "6")
	if f := footer(a); !strings.Contains(f, "F1 aide") {
		t.Errorf("%s, typed field: footer %q, want « F1 aide »", title, f)
	}
	tuitest.Type(t, a, "?")
	if strings.Contains(tuitest.Screen(a), "Aide — ") || !strings.Contains(tuitest.Screen(a), "6?") {
		t.Errorf("%s: « ? » after text must be typed into the field:\n%s", title, tuitest.Screen(a))
	}
}

func TestCoordFieldsOpenHelpWhenEmpty(t *testing.T) {
	t.Run("lookup", func(t *testing.T) {
		f := newFixture(t, nil)
		askHelp(t, open(t, f.env, coord.NewLookup(f.env)), "Consulter un numéro")
	})
	t.Run("places filter", func(t *testing.T) {
		f := newFixture(t, nil)
		f.addPlaces(t)
		a := open(t, f.env, coord.NewPlaces(f.env))
		tuitest.Key(t, a, '/')
		askHelp(t, a, "Lieux")
	})
	t.Run("stock key", func(t *testing.T) {
		f := stockLedger(t)
		a := openHome(t, f.env)
		tuitest.Key(t, a, 's')
		tuitest.Key(t, a, 'k')
		tuitest.MustContain(t, tuitest.Screen(a), "▸ Carnets à répartir")
		for range 6 { // the count field may hold a suggestion
			tuitest.Key(t, a, tea.KeyBackspace)
		}
		askHelp(t, a, "Clé de répartition — Pass numérique Creil Sud Oise")
	})
	t.Run("correction", func(t *testing.T) {
		f := yesterdayLedger(t)
		a := openHome(t, f.env)
		tuitest.Key(t, a, 'a')
		tuitest.MustContain(t, tuitest.Screen(a), "▸ Chèque")
		askHelp(t, a, "Annuler un encaissement")
	})
}

// The lookup as it opens: its footer offers « ? aide », which works on the empty field.
func TestLookupEmptyGolden(t *testing.T) {
	f := newFixture(t, nil)
	a := open(t, f.env, coord.NewLookup(f.env))
	tuitest.RequireAppGolden(t, a)
}
