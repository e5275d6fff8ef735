package coord_test

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/tui/coord"
	"passnum/tui/internal/tuitest"
)

// The preview's table of sixteen prescribers scrolls between the heading and the question:
// after ↓ well past its end and a resize, the page not drawn in between, the first ↑ already
// leaves one prescriber below (the scroll was clamped to the table in Update, not left past it).
func TestStockPreviewScrollAfterResize(t *testing.T) {
	f := newFixture(t, manyPrescribers)
	f.receive(t, "creil-sud-oise", 600001, 60)
	a := open(t, f.env, coord.NewStock(f.env, f.env.Programme()))
	keyForm(t, a, "40", "1")
	enter(t, a)
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 80, Height: 20})
	for range 30 {
		tuitest.Key(t, a, tea.KeyDown)
	}
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 80, Height: 22})
	tuitest.Key(t, a, tea.KeyUp)
	tuitest.MustContain(t, tuitest.Screen(a), "1 en dessous (16 prescripteurs en tout)", "Attribuer ces 40 carnets ?")
}
