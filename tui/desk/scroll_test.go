package desk_test

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"passnum/store"
	"passnum/tui"
	"passnum/tui/desk"
	"passnum/tui/internal/tuitest"
)

// These tests check that the screens lay out their scroll in Update (kit.Sized), not while
// drawing: the screen is not drawn between the keys and the resize, so a scroll only clamped
// while drawing would start from a position past the end.

var scrollSpanRe = regexp.MustCompile(`lignes (\d+)(?: à |-)(\d+) sur (\d+)`)

// scrollSpan reads « lignes a à b sur n » (or « lignes a-b sur n ») on the screen.
func scrollSpan(t *testing.T, a *tui.App, step string) (from, to, of int) {
	t.Helper()
	scr := tuitest.Screen(a)
	m := scrollSpanRe.FindStringSubmatch(scr)
	if m == nil {
		t.Fatalf("%s: no « lignes … sur … » line:\n%s", step, scr)
	}
	from, _ = strconv.Atoi(m[1])
	to, _ = strconv.Atoi(m[2])
	of, _ = strconv.Atoi(m[3])
	return from, to, of
}

// At the end of a long card, a taller terminal still shows its end, and ↑ at once shows one line
// less of it (the offset was clamped when the terminal grew, not left past the end).
func TestPersonScreenScrollAfterResize(t *testing.T) {
	env, p := cardEnv(t)
	a := tuitest.Open(t, env, desk.NewPersonScreen(env, p.ID))
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 80, Height: 12})
	for range 10 {
		tuitest.Key(t, a, tea.KeyPgDown)
	}
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 80, Height: 16})
	tuitest.Key(t, a, tea.KeyUp)
	if _, to, of := scrollSpan(t, a, "up"); to != of-1 {
		t.Errorf("↑ after the resize shows lines up to %d of %d, want one line short of the end", to, of)
	}
}

// The hand-over's checklist scrolls between the person and the question; after a resize to a
// terminal where it still does not fit, ↑ moves up from its end, and on a tall terminal it no
// longer scrolls and the help line stops offering ↑/↓.
func TestHandoverScrollAfterResize(t *testing.T) {
	env := hoFoyerEnv(t)
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600001")
	j := tuitest.Jeanne()
	j.Address, j.PostalCode = "12 rue Émile-Zola", "60100"
	jeanne := tuitest.Add(t, env, j)
	a, _ := hoCheck(t, env, jeanne, "600001")
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 80, Height: 14})
	for range 20 {
		tuitest.Key(t, a, tea.KeyDown)
	}
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 80, Height: 16})
	tuitest.Key(t, a, tea.KeyUp)
	if _, to, of := scrollSpan(t, a, "up"); to != of-1 {
		t.Errorf("↑ after the resize shows lines up to %d of %d, want one line short of the end", to, of)
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Confirmer la remise du carnet 600001")
	if !offersScroll(a) {
		t.Error("the checklist scrolls but the keys do not offer ↑/↓")
	}
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 80, Height: 40})
	if offersScroll(a) { // asked before drawing
		t.Error("on a tall terminal the keys still offer ↑/↓")
	}
	if scr := tuitest.Screen(a); scrollSpanRe.MatchString(scr) {
		t.Errorf("on a tall terminal the checklist still scrolls:\n%s", scr)
	}
}

// offersScroll is true when the top screen's keys (the « ? » help) offer ↑/↓ to scroll.
func offersScroll(a *tui.App) bool {
	return slices.ContainsFunc(a.Top().Keys(), func(b key.Binding) bool { return b.Help().Desc == "défiler" })
}

// The duplicate panel keeps the selected candidate on screen as the terminal shrinks and as the
// agent goes down to the last candidate and back up to the first, scrolling no more than needed.
func TestDuplicatePanelScrollFollowsTheCursorAfterResize(t *testing.T) {
	env := tuitest.Env(t)
	tuitest.Add(t, env, phInes())
	for _, n := range []string{"Ines", "Ine", "Inés"} {
		s := phInes()
		s.FirstName = n
		if _, err := env.Store.AddPerson(context.Background(), env.User, s, store.PersonOptions{NotDuplicate: true}); err != nil {
			t.Fatal(err)
		}
	}
	a := tuitest.Open(t, env, desk.NewPersonForm(env, nil))
	phTypeInes(t, a)
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 80, Height: 24})
	for range 3 {
		tuitest.Key(t, a, tea.KeyDown)
	}
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 80, Height: 22})
	// One up stays within the page the last candidate scrolled to: it stays under the cursor.
	tuitest.Key(t, a, tea.KeyUp)
	tuitest.MustContain(t, tuitest.Screen(a), "▸ n°3 Ine HADDAD", "n°4 Inés HADDAD", "fiche 3 sur 4", "Est-ce la même personne ?")
	for range 2 {
		tuitest.Key(t, a, tea.KeyUp)
	}
	tuitest.MustContain(t, tuitest.Screen(a), "▸ n°1 Inès HADDAD", "fiche 1 sur 4", "Est-ce la même personne ?")
}

// On a short terminal the form scrolls to the focused field, an error under it making it
// taller than the screen, and back to the first field, across a resize.
func TestPersonFormScrollFollowsTheFocusAfterResize(t *testing.T) {
	env := tuitest.Env(t)
	a := tuitest.Open(t, env, desk.NewPersonForm(env, nil))
	tuitest.Type(t, a, "x")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "1")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "99/99/9999")
	tuitest.Key(t, a, 's', tea.ModCtrl)
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 80, Height: 14})
	for range 5 { // from the date, where the refused save left the focus, to the consent
		tuitest.Key(t, a, tea.KeyTab)
	}
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 70, Height: 13})
	// One field up stays within the page: the form does not move, the consent stays under it.
	tuitest.Key(t, a, tea.KeyTab, tea.ModShift)
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "▸ Diplôme", "Consentement")
	if strings.Contains(scr, "Prénom") {
		t.Errorf("near the consent the form should have scrolled past the first fields:\n%s", scr)
	}
	for range 6 {
		tuitest.Key(t, a, tea.KeyTab, tea.ModShift)
	}
	tuitest.MustContain(t, tuitest.Screen(a), "▸ Nom")
}

// The diagnostic's result scrolls: at its end, a taller terminal still shows the end, ↑ at once
// moves up from it, and pg↓ moves by the new height.
func TestDiagnosticResultScrollAfterResize(t *testing.T) {
	env := diagTestEnv(t)
	a := diagNewApp(t, env, diagTestPerson(t, env))
	diagType(t, a, append(slices.Clone(diagP1Context), diagP1Answers...)...)
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 80, Height: 12})
	tuitest.Screen(a) // drawn at 12 lines
	diagType(t, a, "end")
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 80, Height: 16})
	diagType(t, a, "up")
	if _, to, of := scrollSpan(t, a, "up"); to != of-1 {
		t.Errorf("↑ after the resize shows lines up to %d of %d, want one line short of the end", to, of)
	}
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 80, Height: 12})
	tuitest.Screen(a)
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 80, Height: 16})
	diagType(t, a, "home", "pgdown")
	// The body is 16 lines less the header, title, status and help lines: 12; a page is 11.
	if f, tt, _ := scrollSpan(t, a, "pgdown"); f != 12 {
		t.Errorf("pg↓ from the top shows lines %d-%d, want from line 12 (a page of the new height)", f, tt)
	}
}
