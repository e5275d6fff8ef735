package kit

import tea "charm.land/bubbletea/v2"

// MenuAction is a line of a home screen's menu: what it says, and what choosing it does —
// Push the screen it opens, or OpenLookup for a page of another role.
type MenuAction struct {
	Label string
	Open  func(env *Env) tea.Cmd
}

// CursorLine is a line of a list, marked when it is the chosen one.
func CursorLine(selected bool, s string) string {
	if selected {
		return StyleSelected.Render("▸ " + s)
	}
	return "  " + s
}
