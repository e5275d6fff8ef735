// Package domain is the rulebook of the Pass numérique: programmes, eligibility, carnets and
// chèques, places, the front-desk diagnostic and orientation. It does no I/O and imports no other
// package of this module, so every rule can be read and table-tested on its own.
package domain

import (
	"errors"
	"fmt"
)

// Kind is the one error vocabulary of passnum; every edge (CLI, TUI, SSH) maps it to French
// wording and an exit status.
type Kind int

const (
	KindInternal  Kind = iota // a bug or an I/O failure: nothing the user can fix
	KindNotFound              // no such chèque, carnet, person, place…
	KindConflict              // refused by a rule: already used, limit reached, expired…
	KindInvalid               // bad input: a field, a value, a line
	KindForbidden             // the user's role or scope does not allow it
)

// Error carries a kind and a French message meant for the person at the desk.
type Error struct {
	Kind    Kind
	Message string // French, complete, says what is wrong and how to fix it when possible
	Err     error  // underlying cause, never shown to users
}

func (e *Error) Error() string {
	if e.Message == "" && e.Err != nil {
		return e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds a domain error of the given kind with a French message. The message is
// Printable: a value it quotes from a ledger or a file (a name, a title) cannot carry an escape
// sequence to the terminal, the status line or the log that shows it.
func Errorf(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: Printable(fmt.Sprintf(format, args...))}
}

// KindOf reports the kind of err, KindInternal when it carries none.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// MessageOf is the French message of err without its kind: what a refusal inside a longer
// sentence quotes.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

// Label is the French heading of a kind, used by the edges.
func (k Kind) Label() string {
	switch k {
	case KindNotFound:
		return "introuvable"
	case KindConflict:
		return "refusé"
	case KindInvalid:
		return "saisie invalide"
	case KindForbidden:
		return "non autorisé"
	default:
		return "erreur interne"
	}
}
