package kit

import (
	"context"
	"time"

	"passnum/domain"
	"passnum/store"
)

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

// Context bounds one call to the ledger, so that a stuck store cannot hold a screen for ever.
func (e *Env) Context() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 15*time.Second)
}
