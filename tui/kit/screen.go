// Package kit is what every page of the terminal uses, whatever the role: the Screen interface
// and the Env, navigation and status messages, the styles, the global keys, text helpers, form
// fields, the people search, menus and the export helper. Pages live in one package per role
// (tui/desk, tui/trainer); the root, tui, stacks them and never lets one role import another.
package kit

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Screen is one page of the desk.
type Screen interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (Screen, tea.Cmd)
	// View renders the body of the page in width × height cells.
	View(width, height int) string
	Title() string
	// Keys are the screen's bindings: the first ones make the help line, all of them the « ? » help.
	Keys() []key.Binding
}

// Typing is implemented by screens whose focused field takes free text: « ? » then goes to the
// field, not to the help (unless the screen also says the field is empty, FieldEmpty), and the
// footer offers F1 instead.
type Typing interface{ Typing() bool }

// Sized is implemented by screens that lay out their scrolling in Update rather than while
// drawing: after every message the root gives the top screen the size its View will be drawn
// at (the body between the header, the status and the help line).
type Sized interface{ SetSize(width, height int) }

// EscHandler is implemented by screens that use esc themselves (closing a sub-view) before
// the app goes back.
type EscHandler interface {
	HandleEsc() (Screen, tea.Cmd, bool)
}

// FieldEmpty is implemented by typing screens that can tell their focused field is empty:
// « ? » is then no text anyone types, and opens the help (F1 always does).
type FieldEmpty interface{ FieldEmpty() bool }

// Unsaved is implemented by screens that hold work leaving would lose (a half-filled form, a
// diagnostic under way): it says what, as a clause (« la fiche en cours de saisie n'est pas
// enregistrée »), or "" when nothing is at stake. The root asks before
// ctrl+c quits over it.
type Unsaved interface{ Unsaved() string }

// ScanTarget is implemented by screens without a field where a barcode scanner may still be
// used (a person's card, a trainer's sessions): the root gathers the digits the scanner types
// and, on its Enter, gives the screen the number to route.
type ScanTarget interface {
	Scanned(number string) tea.Cmd
}
