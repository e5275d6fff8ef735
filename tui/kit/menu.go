package kit

// MenuAction is a line of a home screen's menu: what it says, and the screen it opens.
type MenuAction struct {
	Label string
	Open  func(env *Env) Screen
}

// CursorLine is a line of a list, marked when it is the chosen one.
func CursorLine(selected bool, s string) string {
	if selected {
		return StyleSelected.Render("▸ " + s)
	}
	return "  " + s
}
