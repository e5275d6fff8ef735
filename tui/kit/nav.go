package kit

import (
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
)

// Navigation and status messages, sent by screens as commands and handled by the root.
type (
	PushMsg    struct{ Screen Screen }
	PopMsg     struct{}
	ReplaceMsg struct{ Screen Screen }
	StatusMsg  struct {
		Text string
		Err  bool // shown as an error
	}
)

// Push opens a screen on top of the current one.
func Push(s Screen) tea.Cmd { return func() tea.Msg { return PushMsg{s} } }

// Pop goes back to the previous screen.
func Pop() tea.Msg { return PopMsg{} }

// Replace swaps the current screen for another (a form that becomes the record it created).
func Replace(s Screen) tea.Cmd { return func() tea.Msg { return ReplaceMsg{s} } }

// OpenLookupMsg asks the root to open the recherche rapide on Text. The lookup is a desk page
// that the trainers' home offers too; a page never imports another role's package, so it asks
// the root, which knows every role's pages.
type OpenLookupMsg struct{ Text string }

// OpenLookup opens the recherche rapide, searching text at once when given.
func OpenLookup(text string) tea.Cmd { return func() tea.Msg { return OpenLookupMsg{text} } }

// OpenParcoursMsg asks the root to open the bilan de parcours of a person: a trainer's page
// (tui/trainer) the desk that sent the person reads too.
type OpenParcoursMsg struct{ Person int64 }

// OpenParcours opens the bilan de parcours of a person.
func OpenParcours(id int64) tea.Cmd { return func() tea.Msg { return OpenParcoursMsg{id} } }

// OpenDeskMsg asks the root to open the accueil's search on top of the current page: the
// coordination works from its tableau de bord and still registers, hands over and merges.
type OpenDeskMsg struct{}

// OpenDesk opens the accueil (people search) from another role's page.
func OpenDesk() tea.Msg { return OpenDeskMsg{} }

// Status shows a message in the status line.
func Status(text string) tea.Cmd { return func() tea.Msg { return StatusMsg{Text: text} } }

// Fail shows an error in the status line, in French, with what to do.
func Fail(err error) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: ErrorText(err), Err: true} }
}

// ErrorText is the French line for an error: its kind then its message.
func ErrorText(err error) string {
	k := domain.KindOf(err)
	msg := err.Error()
	if k == domain.KindInternal {
		msg = "erreur inattendue (" + msg + ") : réessayez, puis prévenez la coordination si elle revient"
	}
	return capitalise(k.Label()) + " : " + msg
}

func capitalise(s string) string {
	for i, r := range s {
		if i == 0 && r >= 'a' && r <= 'z' {
			return string(r-32) + s[1:]
		}
		break
	}
	return s
}
