package kit

import "charm.land/bubbles/v2/key"

// GlobalKeys are the same on every screen; the root handles them before the screen sees a key.
var GlobalKeys = struct {
	Quit, Back, Help key.Binding
}{
	Quit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quitter")),
	Back: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "retour")),
	Help: key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?", "aide")),
}
