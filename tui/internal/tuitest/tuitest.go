// Package tuitest drives the root App in the tests of the page packages (tui/desk,
// tui/trainer): a real ledger on the shipped configuration, the people and places the tests
// share, and keys sent one at a time as a user or a barcode scanner does. The page packages'
// tests are external (package desk_test…): the root imports the pages, so a page's own
// package cannot import the root.
package tuitest

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"passnum"
	"passnum/cmd/passnum/config"
	"passnum/domain"
	"passnum/store"
	"passnum/tui"
	"passnum/tui/kit"
)

// The clock, the coordination and the front desk the tests share.
var (
	Now   = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	Coord = domain.User{ID: "coord", Name: "Coordination ACSO", Role: domain.RoleCoordination}
	Desk  = domain.User{ID: "accueil-brassens", Name: "Accueil Brassens", Role: domain.RoleAccueil, Prescriber: "centre-social-georges-brassens"}
)

// Env is the desk of the centre social Georges Brassens on the shipped Creil Sud Oise
// configuration, with a real SQLite ledger.
func Env(t *testing.T) *kit.Env {
	t.Helper()
	return EnvWith(t, nil)
}

// EnvWith is Env on a configuration changed by edit before the store opens (a per-foyer
// cap, say), so that the store and the screens apply the same rules.
func EnvWith(t *testing.T, edit func(*config.Config)) *kit.Env {
	t.Helper()
	dir := t.TempDir()
	cfg, err := config.Parse(passnum.DefaultConfig, dir)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(cfg)
	}
	now := func() time.Time { return Now }
	st, err := store.Open(filepath.Join(dir, "passnum.db"), store.Options{Programmes: cfg.Programmes, Communes: cfg.Communes, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &kit.Env{Store: st, User: Desk, Programmes: cfg.Programmes, Communes: cfg.Communes, Prescribers: cfg.Prescribers,
		Now: now, LetterDir: filepath.Join(dir, "courriers")}
}

// Stock receives carnets and allocates them to a prescriber, as the coordination does.
func Stock(t *testing.T, env *kit.Env, prescriber string, numbers ...string) {
	t.Helper()
	ctx := context.Background()
	var specs []store.CarnetSpec
	for _, n := range numbers {
		specs = append(specs, store.CarnetSpec{Number: n})
	}
	if err := env.Store.ReceiveCarnets(ctx, Coord, env.Programme().ID, specs); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Store.AllocateCarnets(ctx, Coord, env.Programme().ID, prescriber, len(numbers)); err != nil {
		t.Fatal(err)
	}
}

// Jeanne is 22, has the bac and lives in the QPV of Creil: eligible as a young person, not as
// a job seeker.
func Jeanne() domain.Person {
	return domain.Person{LastName: "Dupont", FirstName: "Jeanne", BirthDate: time.Date(2004, 3, 5, 0, 0, 0, 0, time.UTC),
		Commune: "60175", QPV: "Hauts de Creil", Status: domain.StatusOther, Diploma: "bac", Consent: true}
}

// Add records p as the env's user and returns it as stored.
func Add(t *testing.T, env *kit.Env, p domain.Person) domain.Person {
	t.Helper()
	id, err := env.Store.AddPerson(context.Background(), env.User, p, store.PersonOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, err = env.Store.Person(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Open opens the desk on one screen at 80×24 and runs its Init.
func Open(t *testing.T, env *kit.Env, s kit.Screen) *tui.App {
	t.Helper()
	a := tui.NewWith(env, s)
	Send(t, a, tea.WindowSizeMsg{Width: 80, Height: 24})
	Send(t, a, Run(t, a.Init()))
	return a
}

// Send gives messages to the app and runs every command they cause, and the commands their
// messages cause, until the app is idle: the test sees the screen as the user would once the
// ledger has answered.
func Send(t *testing.T, a *tui.App, msgs ...tea.Msg) {
	t.Helper()
	queue := append([]tea.Msg(nil), msgs...)
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 500 {
			t.Fatal("the app does not settle: more than 500 messages")
		}
		msg := queue[0]
		queue = queue[1:]
		switch m := msg.(type) {
		case nil:
			continue
		case tea.BatchMsg:
			for _, c := range m {
				queue = append(queue, Run(t, c))
			}
			continue
		case tea.QuitMsg:
			continue
		}
		_, cmd := a.Update(msg)
		queue = append(queue, Run(t, cmd))
	}
}

// Run runs one command, failing rather than hanging on one that waits (a blinking cursor).
func Run(t *testing.T, cmd tea.Cmd) tea.Msg {
	t.Helper()
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case m := <-done:
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("a command did not return within 10 s")
		return nil
	}
}

// Type types text one key at a time, as a person or a barcode scanner does.
func Type(t *testing.T, a *tui.App, text string) {
	t.Helper()
	for _, r := range text {
		Send(t, a, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// Key presses one key, with modifiers.
func Key(t *testing.T, a *tui.App, code rune, mod ...tea.KeyMod) {
	t.Helper()
	k := tea.KeyPressMsg{Code: code}
	for _, m := range mod {
		k.Mod |= m
	}
	Send(t, a, k)
}

// Screen is what the terminal shows, without colours.
func Screen(a *tui.App) string { return ansi.Strip(a.View().Content) }

// MustContain checks that screen fits 80 columns and shows every phrase of wants.
func MustContain(t *testing.T, screen string, wants ...string) {
	t.Helper()
	for _, l := range strings.Split(screen, "\n") {
		if ansi.StringWidth(l) > 80 {
			t.Errorf("line wider than the 80-column terminal: %q", l)
		}
	}
	flat := Flat(screen)
	for _, w := range wants {
		if !strings.Contains(flat, Flat(w)) {
			t.Errorf("screen lacks %q:\n%s", w, screen)
		}
	}
}

// Flat joins wrapped lines so a phrase is found whatever the width cut it at.
func Flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// Pimms is the PIMMS de Creil, a qualified place where the trainers work.
func Pimms() domain.Place {
	return domain.Place{ID: "pimms-creil", Pivot: "12345678900017", Name: "PIMMS de Creil", Commune: "Creil", PostalCode: "60100", INSEE: "60175",
		Address: "12 rue Jules Michelet", Phone: "+33344000000", Hours: "Mo-Fr 09:00-12:00,14:00-17:00",
		Services: []string{"Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien"}, Qualified: true}
}

// Trainer is the PIMMS de Creil's mediator.
var Trainer = domain.User{ID: "formateur-pimms", Name: "Médiateur du PIMMS", Role: domain.RoleFormateur, Place: "pimms-creil"}

// TrainerEnv is the PIMMS trainer's terminal; Jeanne holds carnet 600001, handed over by the desk.
func TrainerEnv(t *testing.T) *kit.Env {
	t.Helper()
	env := Env(t)
	ctx := context.Background()
	if _, err := env.Store.UpsertPlaces(ctx, Coord, []domain.Place{Pimms()}); err != nil {
		t.Fatal(err)
	}
	Stock(t, env, "centre-social-georges-brassens", "600001")
	jeanne := Add(t, env, Jeanne())
	if err := env.Store.IssueCarnet(ctx, Desk, "600001", jeanne.ID); err != nil {
		t.Fatal(err)
	}
	env.User = Trainer
	return env
}

// Session is a collective workshop at the PIMMS that began an hour ago, with 8 places.
func Session(t *testing.T, env *kit.Env) domain.Session {
	t.Helper()
	s, err := env.Store.CreateSession(context.Background(), env.User, domain.Session{Place: "pimms-creil", Title: "Créer son adresse e-mail",
		Themes: []string{"E-mail"}, Level: "Débutant", Type: domain.SessionCollective, Start: Now.Add(-time.Hour), DurationMinutes: 90,
		Capacity: 8, Equipment: []string{"Ordinateur"}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
