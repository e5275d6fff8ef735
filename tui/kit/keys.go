package kit

import "charm.land/bubbles/v2/key"

// GlobalKeys are the same on every screen; the root handles them before the screen sees a key.
// Help is « ? » where no text is being typed (or the field is empty); HelpF1 is the key that
// always works, shown instead of « ? » while a field holds text.
var GlobalKeys = struct {
	Quit, Back, Help, HelpF1 key.Binding
}{
	Quit:   key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quitter")),
	Back:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "retour")),
	Help:   key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?", "aide")),
	HelpF1: key.NewBinding(key.WithKeys("f1"), key.WithHelp("F1", "aide")),
}

// ClearKey empties the focused text field (the textinput's own ctrl+u); screens list it so the
// help line says it.
var ClearKey = key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "effacer"))

// ProgrammeKey switches the programme in use when several are configured (F2: ctrl+p is taken
// by the claims and the attendance sheet). The root handles it on every screen.
var ProgrammeKey = key.NewBinding(key.WithKeys("f2"), key.WithHelp("F2", "changer de programme"))
