package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"

	"passnum/tui"
)

// runTUI opens the front-desk screen on the configured store.
func (a *app) runTUI(ctx context.Context) error {
	env := &tui.Env{
		Store:       a.store,
		User:        a.user,
		Programmes:  a.cfg.Programmes,
		Communes:    a.cfg.Communes,
		Prescribers: a.cfg.Prescribers,
		Now:         time.Now,
		LetterDir:   a.letterDir,
	}
	if env.LetterDir == "" {
		env.LetterDir = filepath.Join(filepath.Dir(a.storePath), "courriers")
	}
	env.ExportDir = filepath.Join(filepath.Dir(env.LetterDir), "exports")
	_, err := tea.NewProgram(tui.New(env), tea.WithContext(ctx)).Run()
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("écran d'accueil : %w", err)
	}
	return nil
}
