package tui

import "passnum/domain"

var _ = domain.Person{}

// NewPersonForm is a placeholder until the screen is written.
func NewPersonForm(env *Env, p *domain.Person) Screen { return stub{"personform"} }
