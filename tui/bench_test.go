package tui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"passnum"
	"passnum/cmd/passnum/config"
	"passnum/domain"
	"passnum/store"
	"passnum/tui/kit"
)

// benchDesk is a desk on the benchmark ledger (store.BenchLedger) for the shipped
// configuration, at PASSNUM_BENCH_SCALE: a year of a large territory, built once and shared.
func benchDesk(b *testing.B) (*kit.Env, string) {
	b.Helper()
	cfg, err := config.Parse(passnum.DefaultConfig, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	var prescribers []string
	for _, p := range cfg.Prescribers {
		prescribers = append(prescribers, p.ID)
	}
	spec := store.BenchSpecFor(prescribers, "pimms-creil", "formateur-pimms")
	path, _, err := store.BenchLedger(spec, store.Options{Programmes: cfg.Programmes, Communes: cfg.Communes})
	if err != nil {
		b.Fatal(err)
	}
	return &kit.Env{User: domain.User{ID: "a", Name: "Awa", Role: domain.RoleAccueil}, Programmes: cfg.Programmes,
		Communes: cfg.Communes, Prescribers: cfg.Prescribers, Now: time.Now}, path
}

// runCmds runs a screen's commands as the program would, feeding their messages back.
func runCmds(a *App, cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch m := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, m...)
		default:
			_, next := a.Update(m)
			queue = append(queue, next)
		}
	}
}

// BenchmarkFirstScreen is launch to the first full screen: open the ledger, build the home
// screen, load the day's figures, draw 80×24.
func BenchmarkFirstScreen(b *testing.B) {
	env, path := benchDesk(b)
	cfgProgs, communes := env.Programmes, env.Communes
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st, err := store.Open(path, store.Options{Programmes: cfgProgs, Communes: communes})
		if err != nil {
			b.Fatal(err)
		}
		env.Store = st
		a := New(env)
		a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		runCmds(a, a.Init())
		_ = a.View()
		st.Close()
	}
}

// BenchmarkSearchKeystroke is one keystroke in the home search field: the query it causes and
// the redraw.
func BenchmarkSearchKeystroke(b *testing.B) {
	env, path := benchDesk(b)
	st, err := store.Open(path, store.Options{Programmes: env.Programmes, Communes: env.Communes})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	env.Store = st
	a := New(env)
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	runCmds(a, a.Init())
	keys := []rune("dubois")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var msg tea.Msg = tea.KeyPressMsg{Code: keys[i%len(keys)], Text: string(keys[i%len(keys)])}
		if i%len(keys) == 0 && i > 0 {
			for range keys {
				_, c := a.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
				runCmds(a, c)
			}
		}
		_, cmd := a.Update(msg)
		runCmds(a, cmd)
		_ = a.View()
	}
}
