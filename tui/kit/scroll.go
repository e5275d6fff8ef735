package kit

import (
	"math"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// ScrollKeys move a page taller than the screen: a line, a page, its start and its end. The
// help lists Up, PgUp and Home, each for its pair.
var ScrollKeys = struct {
	Up, Down, PgUp, PgDown, Home, End key.Binding
}{
	Up:     key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "défiler")),
	Down:   key.NewBinding(key.WithKeys("down")),
	PgUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pg↑/pg↓", "page précédente / suivante")),
	PgDown: key.NewBinding(key.WithKeys("pgdown")),
	Home:   key.NewBinding(key.WithKeys("home"), key.WithHelp("début/fin", "haut, bas de la page")),
	End:    key.NewBinding(key.WithKeys("end")),
}

// Scroll applies a scroll key to *offset, the first line shown, page lines a page; false when
// msg is none. The page clamps *offset to its length in SetSize (End sets it past the end).
func Scroll(msg tea.KeyPressMsg, offset *int, page int) bool {
	page = max(page, 1)
	switch {
	case key.Matches(msg, ScrollKeys.Up):
		*offset = max(*offset-1, 0)
	case key.Matches(msg, ScrollKeys.Down):
		*offset++
	case key.Matches(msg, ScrollKeys.PgUp):
		*offset = max(*offset-page, 0)
	case key.Matches(msg, ScrollKeys.PgDown):
		*offset += page
	case key.Matches(msg, ScrollKeys.Home):
		*offset = 0
	case key.Matches(msg, ScrollKeys.End):
		*offset = math.MaxInt32
	default:
		return false
	}
	return true
}
