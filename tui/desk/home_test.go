package desk_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui"
	"passnum/tui/desk"
	"passnum/tui/internal/tuitest"
)

func TestHomeSearchAsYouType(t *testing.T) {
	env := tuitest.Env(t)
	tuitest.Add(t, env, tuitest.Jeanne())
	tuitest.Add(t, env, domain.Person{LastName: "Lefèvre", FirstName: "Élodie", BirthDate: tuitest.Jeanne().BirthDate, Commune: "60414", Consent: true})
	a := tuitest.Open(t, env, desk.NewHome(env))
	tuitest.MustContain(t, tuitest.Screen(a), "Que voulez-vous faire ?", "▸ Nouvelle personne", "0 carnet remis")

	tuitest.Type(t, a, "ELO") // accents and case ignored
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "Personnes (1)", "Élodie LEFÈVRE", "Montataire")
	if strings.Contains(scr, "DUPONT") || strings.Contains(scr, "Dupont") {
		t.Fatalf("Jeanne Dupont must not match « ELO »:\n%s", scr)
	}
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Fiche d'Élodie LEFÈVRE")
	tuitest.Key(t, a, tea.KeyEscape)
	// Back from the card the search is empty, ready for the next person or a scan.
	tuitest.MustContain(t, tuitest.Screen(a), "Accueil", "Que voulez-vous faire ?")
	if a.Top().(*desk.Home).FieldEmpty() != true {
		t.Fatal("the search kept the old name after the card")
	}

	// A name nobody has: Enter offers the quick lookup, which says nothing matches.
	tuitest.Type(t, a, "zzz")
	tuitest.MustContain(t, tuitest.Screen(a), "Personne ne correspond")
}

func TestHomeScannedNumberOpensCard(t *testing.T) {
	env := tuitest.Env(t)
	p := tuitest.Add(t, env, tuitest.Jeanne())
	tuitest.Stock(t, env, tuitest.Desk.Prescriber, "600001")
	if err := env.Store.IssueCarnet(context.Background(), tuitest.Desk, "600001", p.ID); err != nil {
		t.Fatal(err)
	}
	a := tuitest.Open(t, env, desk.NewHome(env))
	tuitest.Type(t, a, "600001-02") // a barcode scanner: fast digits, then Enter
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Recherche rapide", "Chèque 600001-02", "disponible", "carnet 600001, position 2")
	tuitest.Key(t, a, tea.KeyEscape)
	tuitest.MustContain(t, tuitest.Screen(a), "Que voulez-vous faire ?", "1 carnet remis")
}

func TestHomeActionsAndHelp(t *testing.T) {
	env := tuitest.Env(t)
	a := tuitest.Open(t, env, desk.NewHome(env))
	tuitest.Key(t, a, tea.KeyDown)
	tuitest.Key(t, a, tea.KeyDown)
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Remise de carnet")
	tuitest.Key(t, a, tea.KeyEscape)
	tuitest.Key(t, a, 'f', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "Recherche rapide")
	tuitest.Key(t, a, tea.KeyEscape)
	tuitest.Key(t, a, tea.KeyF1)
	tuitest.MustContain(t, tuitest.Screen(a), "Aide — Accueil", "ctrl+n", "nouvelle personne", "lecteur de codes-barres")
	tuitest.Key(t, a, tea.KeyEscape)
	tuitest.MustContain(t, tuitest.Screen(a), "Que voulez-vous faire ?")
}

func TestHomeFollowsResize(t *testing.T) {
	env := tuitest.Env(t)
	a := tuitest.Open(t, env, desk.NewHome(env))
	for _, size := range [][2]int{{80, 24}, {120, 40}, {60, 16}} {
		tuitest.Send(t, a, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		lines := strings.Split(tuitest.Screen(a), "\n")
		if len(lines) != size[1] {
			t.Errorf("%dx%d: %d lines", size[0], size[1], len(lines))
		}
		for i, l := range lines {
			if w := len([]rune(l)); w > size[0] {
				t.Errorf("%dx%d: line %d is %d wide", size[0], size[1], i+1, w)
			}
		}
	}
}

func TestHomeGolden(t *testing.T) {
	env := tuitest.Env(t)
	teaGolden(t, env, desk.NewHome(env), nil, func(a *tui.App) bool {
		_, ok := a.Top().(*desk.Home)
		w, h := a.Size()
		return ok && w == 80 && h == 24
	})
}

func TestLookupCards(t *testing.T) {
	env := tuitest.Env(t)
	p := tuitest.Add(t, env, tuitest.Jeanne())
	tuitest.Stock(t, env, tuitest.Desk.Prescriber, "600001")
	ctx := context.Background()
	if err := env.Store.IssueCarnet(ctx, tuitest.Desk, "600001", p.ID); err != nil {
		t.Fatal(err)
	}
	a := tuitest.Open(t, env, desk.NewLookup(env, "600001"))
	tuitest.MustContain(t, tuitest.Screen(a), "Carnet 600001", "remis à une personne", "Jeanne DUPONT", "Historique", "— remis à Jeanne DUPONT, public « Jeunes 16–25 ans", "par Accueil Brassens")
	if s := tuitest.Screen(a); strings.Contains(s, "personne "+strconv.FormatInt(p.ID, 10)) || strings.Contains(s, "centre-social-georges-brassens") || strings.Contains(s, tuitest.Desk.ID) {
		t.Errorf("the history shows ids:\n%s", s)
	}
	for range 6 {
		tuitest.Key(t, a, tea.KeyBackspace)
	}
	tuitest.Type(t, a, "999")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Introuvable : rien ne correspond à « 999 »")
}

// « ? » is text in a field holding text, and the help when the field is empty; F1 always opens
// it. The footer says which key works.
func TestHomeHelpKeys(t *testing.T) {
	env := tuitest.Env(t)
	a := tuitest.Open(t, env, desk.NewHome(env))
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "? aide")
	tuitest.Type(t, a, "?")
	tuitest.MustContain(t, tuitest.Screen(a), "Aide — Accueil", "F1 ou ?")
	tuitest.Key(t, a, tea.KeyEscape)
	tuitest.MustContain(t, tuitest.Screen(a), "Que voulez-vous faire ?")

	tuitest.Type(t, a, "dup")
	scr = tuitest.Screen(a)
	tuitest.MustContain(t, scr, "F1 aide", "ctrl+u effacer")
	if strings.Contains(scr, "? aide") {
		t.Errorf("the footer offers « ? » while it would be typed into the search:\n%s", scr)
	}
	tuitest.Type(t, a, "?")
	scr = tuitest.Screen(a)
	if strings.Contains(scr, "Aide — Accueil") || !strings.Contains(scr, "dup?") {
		t.Fatalf("« ? » in a field holding text must be typed into it:\n%s", scr)
	}
	tuitest.Key(t, a, tea.KeyF1)
	tuitest.MustContain(t, tuitest.Screen(a), "Aide — Accueil")
	tuitest.Key(t, a, tea.KeyF1)
	tuitest.MustContain(t, tuitest.Screen(a), "Rechercher : dup?")
}

func TestHomeEscAndCtrlUClearTheSearch(t *testing.T) {
	env := tuitest.Env(t)
	tuitest.Add(t, env, tuitest.Jeanne())
	a := tuitest.Open(t, env, desk.NewHome(env))
	tuitest.Type(t, a, "dupont")
	tuitest.MustContain(t, tuitest.Screen(a), "Personnes (1)")
	tuitest.Key(t, a, tea.KeyEscape)
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "Que voulez-vous faire ?", "? aide")
	if strings.Contains(scr, "dupont") || a.Depth() != 1 {
		t.Fatalf("esc must empty the search and stay on home:\n%s", scr)
	}
	tuitest.Type(t, a, "dupont")
	tuitest.Key(t, a, 'u', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "Que voulez-vous faire ?")
	if !a.Top().(*desk.Home).FieldEmpty() {
		t.Fatal("ctrl+u must empty the search")
	}
}

// A name left in the search, then a scan: the scanned number is looked up, not « diallo600001 ».
func TestHomeScanReplacesLeftoverText(t *testing.T) {
	env := tuitest.Env(t)
	p := tuitest.Add(t, env, tuitest.Jeanne())
	tuitest.Stock(t, env, tuitest.Desk.Prescriber, "600001")
	if err := env.Store.IssueCarnet(context.Background(), tuitest.Desk, "600001", p.ID); err != nil {
		t.Fatal(err)
	}
	a := tuitest.Open(t, env, desk.NewHome(env))
	tuitest.Type(t, a, "diallo")
	tuitest.Type(t, a, "600001-02")
	tuitest.Key(t, a, tea.KeyEnter)
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "Recherche rapide", "Chèque 600001-02", "disponible")
	if strings.Contains(scr, "diallo") || strings.Contains(scr, "Introuvable") {
		t.Fatalf("the leftover name was searched with the scan:\n%s", scr)
	}
}

func TestHomeNewPersonCarriesTheName(t *testing.T) {
	env := tuitest.Env(t)
	a := tuitest.Open(t, env, desk.NewHome(env))
	tuitest.Type(t, a, "Inès HADDAD")
	tuitest.Key(t, a, 'n', tea.ModCtrl)
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "Nouvelle personne", "Nom HADDAD", "Prénom Inès")
	// Nothing typed in the form itself: esc leaves at once.
	tuitest.Key(t, a, tea.KeyEscape)
	tuitest.MustContain(t, tuitest.Screen(a), "Que voulez-vous faire ?")
}

func TestHomeHelpGoldens(t *testing.T) {
	env := tuitest.Env(t)
	t.Run("empty", func(t *testing.T) {
		teaGolden(t, env, desk.NewHome(env), []tea.Msg{tea.KeyPressMsg{Code: '?', Text: "?"}}, func(a *tui.App) bool {
			return strings.Contains(tuitest.Screen(a), "Aide — Accueil")
		})
	})
	t.Run("typed", func(t *testing.T) {
		keys := []tea.Msg{}
		for _, r := range "dup?" {
			keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		teaGolden(t, env, desk.NewHome(env), keys, func(a *tui.App) bool {
			return strings.Contains(tuitest.Screen(a), "dup?") && strings.Contains(tuitest.Screen(a), "Personne ne correspond")
		})
	})
	t.Run("f1", func(t *testing.T) {
		keys := []tea.Msg{}
		for _, r := range "dup" {
			keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		keys = append(keys, tea.KeyPressMsg{Code: tea.KeyF1})
		teaGolden(t, env, desk.NewHome(env), keys, func(a *tui.App) bool {
			return strings.Contains(tuitest.Screen(a), "Aide — Accueil") && strings.Contains(tuitest.Screen(a), "ctrl+u")
		})
	})
	t.Run("scan", func(t *testing.T) {
		keys := []tea.Msg{}
		for _, r := range "diallo600001" {
			keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		keys = append(keys, tea.KeyPressMsg{Code: tea.KeyEnter})
		teaGolden(t, env, desk.NewHome(env), keys, func(a *tui.App) bool {
			_, ok := a.Top().(*desk.Lookup)
			return ok && strings.Contains(tuitest.Screen(a), "Introuvable")
		})
	})
	t.Run("esc", func(t *testing.T) {
		keys := []tea.Msg{}
		for _, r := range "dup" {
			keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		keys = append(keys, tea.KeyPressMsg{Code: tea.KeyEscape})
		var sawText bool
		teaGolden(t, env, desk.NewHome(env), keys, func(a *tui.App) bool {
			sawText = sawText || !a.Top().(*desk.Home).FieldEmpty()
			return sawText && a.Top().(*desk.Home).FieldEmpty()
		})
	})
}

// Digits left in the search, then a scan: the scan is told by its speed and replaces them.
func TestHomeFastScanReplacesLeftoverDigits(t *testing.T) {
	env := tuitest.Env(t)
	p := tuitest.Add(t, env, tuitest.Jeanne())
	tuitest.Stock(t, env, tuitest.Desk.Prescriber, "600001")
	if err := env.Store.IssueCarnet(context.Background(), tuitest.Desk, "600001", p.ID); err != nil {
		t.Fatal(err)
	}
	clock := tuitest.Now
	h := desk.NewHome(env)
	h.SetClock(func() time.Time { return clock })
	a := tuitest.Open(t, env, h)
	for _, r := range "6000" { // a person, slowly
		clock = clock.Add(300 * time.Millisecond)
		tuitest.Type(t, a, string(r))
	}
	clock = clock.Add(5 * time.Second)
	for _, r := range "600001" { // the scanner
		clock = clock.Add(4 * time.Millisecond)
		tuitest.Type(t, a, string(r))
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Rechercher : 6000600001")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Carnet 600001", "Numéro ou nom : 600001")
}

// The histories a desk reads are sentences with names: the place a chèque was used at, the
// person a carnet went to, a hand-over taken back, never a journal's code or id.
func TestLookupHistoryGolden(t *testing.T) {
	env := tuitest.Env(t)
	env.Users = []domain.User{tuitest.Coord, tuitest.Desk} // as the configuration names them
	ctx := context.Background()
	p := tuitest.Add(t, env, tuitest.Jeanne())
	tuitest.Stock(t, env, tuitest.Desk.Prescriber, "600001", "600002")
	if _, err := env.Store.UpsertPlaces(ctx, tuitest.Coord, []domain.Place{tuitest.Pimms()}); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"600001", "600002"} {
		if err := env.Store.IssueCarnet(ctx, tuitest.Desk, n, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := env.Store.Redeem(ctx, tuitest.Coord, "600001-02", "pimms-creil", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Store.CancelRedemption(ctx, tuitest.Coord, "600001-02", "scanné par erreur"); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Store.CancelHandover(ctx, tuitest.Desk, "600002", "erreur de personne"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ number, golden string }{{"600001-02", "cheque"}, {"600002", "carnet"}} {
		t.Run(c.golden, func(t *testing.T) {
			tuitest.RequireAppGolden(t, tuitest.Open(t, env, desk.NewLookup(env, c.number)))
		})
	}
}
