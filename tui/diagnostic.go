package tui

import "passnum/domain"

var _ = domain.Person{}

// NewDiagnostic is a placeholder until the screen is written.
func NewDiagnostic(env *Env, p *domain.Person) Screen { return stub{"diagnostic"} }
