package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"

	"passnum/tui"
	"passnum/tui/kit"
)

// runTUI opens the front-desk screen on the configured store.
func (a *app) runTUI(ctx context.Context) error {
	if a.remote {
		// A session's screen is started by the SSH server with the session's streams; here it
		// would open on the server's own terminal.
		return fmt.Errorf("écran d'accueil demandé hors d'une session SSH avec terminal")
	}
	_, err := tea.NewProgram(tui.New(a.tuiEnv()), tea.WithContext(ctx)).Run()
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("écran d'accueil : %w", err)
	}
	return nil
}

// tuiEnv is what the screens need: the store, who acts, the territory.
func (a *app) tuiEnv() *kit.Env {
	env := &kit.Env{
		Store:       a.store,
		User:        a.user,
		Programmes:  a.programmes(),
		Communes:    a.cfg.Communes,
		Prescribers: a.cfg.Prescribers,
		Users:       a.cfg.Users,
		Now:         time.Now,
		LetterDir:   a.letterDir,
	}
	if env.LetterDir == "" {
		env.LetterDir = filepath.Join(filepath.Dir(a.storePath), "courriers")
	}
	env.ExportDir = filepath.Join(filepath.Dir(env.LetterDir), "exports")
	env.Remote = a.remote
	return env
}
