package tui

import "passnum/domain"

var _ = domain.Person{}

// NewPersonScreen is a placeholder until the screen is written.
func NewPersonScreen(env *Env, id int64) Screen { return stub{"person"} }
