// Package tui is the front-desk terminal: one root model holding a stack of screens, each its
// own model with its own keymap and help line. Screens talk to the ledger through the store's
// domain-level methods, always from a tea.Cmd so the screen never blocks.
package tui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/store"
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

// Typing is implemented by screens whose focused field takes free text: « ? » and « q » then
// go to the field, not to the help.
type Typing interface{ Typing() bool }

// EscHandler is implemented by screens that use esc themselves (closing a sub-view) before
// the app goes back.
type EscHandler interface {
	HandleEsc() (Screen, tea.Cmd, bool)
}

// Env is what every screen may use: the ledger, who works at the desk, the territory's rules.
type Env struct {
	Store       *store.Store
	User        domain.User
	Programmes  []domain.Programme
	Communes    []domain.Commune
	Prescribers []domain.Prescriber
	Users       []domain.User // to name who registered a person
	Now         func() time.Time
	LetterDir   string // where hand-over letters are written
	ExportDir   string // where the CSV exports a trainer makes (bilan, claims) are written
	// Remote is set for a screen served over SSH: files written on the server are out of the
	// user's reach, so exports tell them the command that brings the file to their machine.
	Remote bool
}

// Programme is the default programme (the first configured).
func (e *Env) Programme() domain.Programme {
	if len(e.Programmes) == 0 {
		return domain.Programme{}
	}
	return e.Programmes[0]
}

// Commune returns the configured commune with this INSEE code.
func (e *Env) Commune(insee string) (domain.Commune, bool) {
	for _, c := range e.Communes {
		if c.INSEE == insee {
			return c, true
		}
	}
	return domain.Commune{}, false
}

// CommuneName is the commune's name, or its code when unknown.
func (e *Env) CommuneName(insee string) string {
	if c, ok := e.Commune(insee); ok {
		return c.Name
	}
	return insee
}

// PrescriberName is the prescriber's name, or its id when unknown.
func (e *Env) PrescriberName(id string) string {
	for _, p := range e.Prescribers {
		if p.ID == id {
			return p.Name
		}
	}
	return id
}

func (e *Env) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 15*time.Second)
}

// Navigation and status messages, sent by screens as commands.
type (
	pushMsg    struct{ s Screen }
	popMsg     struct{}
	replaceMsg struct{ s Screen }
	statusMsg  struct {
		text string
		err  bool
	}
)

// Push opens a screen on top of the current one.
func Push(s Screen) tea.Cmd { return func() tea.Msg { return pushMsg{s} } }

// Pop goes back to the previous screen.
func Pop() tea.Msg { return popMsg{} }

// Replace swaps the current screen for another (a form that becomes the record it created).
func Replace(s Screen) tea.Cmd { return func() tea.Msg { return replaceMsg{s} } }

// Status shows a message in the status line.
func Status(text string) tea.Cmd { return func() tea.Msg { return statusMsg{text: text} } }

// Fail shows an error in the status line, in French, with what to do.
func Fail(err error) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: ErrorText(err), err: true} }
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
