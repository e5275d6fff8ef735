package desk_test

import (
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"passnum/tui"
	"passnum/tui/internal/tuitest"
	"passnum/tui/kit"
)

// probe lets a teatest program say when the app reached a state, without reading the model
// from another goroutine: the renderer writes only changed cells, so the byte stream cannot tell.
type probe struct {
	*tui.App
	ready func(*tui.App) bool
	once  sync.Once
	done  chan struct{}
}

func (p *probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := p.App.Update(msg)
	if p.ready(p.App) {
		p.once.Do(func() { close(p.done) })
	}
	return p, cmd
}

// teaGolden runs the app on a first screen in a real program at 80×24, sends keys, waits for
// ready, quits, and compares the final screen (ANSI stripped, trailing blanks trimmed) with
// testdata/<test>.golden (go test ./tui/desk -update rewrites them).
func teaGolden(t *testing.T, env *kit.Env, first kit.Screen, keys []tea.Msg, ready func(*tui.App) bool) {
	t.Helper()
	p := &probe{App: tui.NewWith(env, first), ready: ready, done: make(chan struct{})}
	tm := teatest.NewTestModel(t, p, teatest.WithInitialTermSize(80, 24))
	for _, k := range keys {
		tm.Send(k)
	}
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the app never reached the expected state")
	}
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*probe)
	tuitest.RequireGolden(t, ansi.Strip(final.View().Content))
}
