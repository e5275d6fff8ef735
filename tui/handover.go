package tui

import "passnum/domain"

var _ = domain.Person{}

// NewHandover is a placeholder until the screen is written.
func NewHandover(env *Env, p *domain.Person) Screen { return stub{"handover"} }
