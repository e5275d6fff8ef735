package main

import (
	"context"

	"passnum/domain"
)

// dispatchTrainer runs the trainers' and coordinators' commands (sessions, claims, export).
func (a *app) dispatchTrainer(ctx context.Context, cmd, action string, args []string) error {
	return domain.Errorf(domain.KindInvalid, "passnum %s : action inconnue %q (passnum help)", cmd, action)
}
