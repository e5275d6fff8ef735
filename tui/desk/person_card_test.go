package desk_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui"
	"passnum/tui/desk"
	"passnum/tui/internal/tuitest"
	"passnum/tui/kit"
)

// cardEnv is the desk with two qualified places and Jeanne holding carnet 600001.
func cardEnv(t *testing.T) (*kit.Env, domain.Person) {
	t.Helper()
	env := tuitest.Env(t)
	ctx := context.Background()
	other := domain.Place{ID: "cims-montataire", Name: "CIMS de Montataire", Commune: "Montataire", PostalCode: "60160", Qualified: true}
	if _, err := env.Store.UpsertPlaces(ctx, tuitest.Coord, []domain.Place{tuitest.Pimms(), other}); err != nil {
		t.Fatal(err)
	}
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600001")
	p := tuitest.Add(t, env, tuitest.Jeanne())
	if err := env.Store.IssueCarnet(ctx, tuitest.Desk, "600001", p.ID); err != nil {
		t.Fatal(err)
	}
	return env, p
}

// The card's first line answers the desk's question before any detail.
func TestPersonCardSummaryLine(t *testing.T) {
	env, p := cardEnv(t)
	a := tuitest.Open(t, env, desk.NewPersonScreen(env, p.ID))
	lines := strings.Split(tuitest.Screen(a), "\n")
	top := tuitest.Flat(strings.Join(lines[2:4], " "))
	if want := "Éligible · 1 carnet sur 2 · 5 chèques restants (50 €) · valables jusqu'au 31/12/2027"; !strings.HasPrefix(top, want) {
		t.Errorf("card summary = %q, want %q", top, want)
	}
	if !phHasKey(a, "p") || !strings.Contains(phHelpLine(a), "p courrier") {
		t.Errorf("p (courrier) not offered in the footer: %q", phHelpLine(a))
	}

	// Outside a QPV, Jeanne lacks one thing only; the card says it above the details.
	out := tuitest.Jeanne()
	out.FirstName, out.QPV = "Inès", ""
	q := tuitest.Add(t, env, out)
	a = tuitest.Open(t, env, desk.NewPersonScreen(env, q.ID))
	screen := tuitest.Screen(a)
	top = tuitest.Flat(strings.Join(strings.Split(screen, "\n")[2:4], " "))
	if want := "Non éligible · il manque seulement : habiter un QPV (public « Jeunes 16–25 ans sans diplôme au-delà du bac »)"; !strings.HasPrefix(top, want) {
		t.Errorf("non-eligible summary = %q, want %q", top, want)
	}
	if strings.Index(screen, "il manque seulement") > strings.Index(screen, "Éligibilité") {
		t.Error("the missing criterion is not above the details")
	}
	if phHasKey(a, "p") {
		t.Error("p offered to a person without a carnet")
	}
	if title := a.Top().Title(); title != "Fiche d'Inès DUPONT (n°2)" {
		t.Errorf("title %q", title)
	}
}

func TestPersonCardGolden(t *testing.T) {
	env, p := cardEnv(t)
	teaGolden(t, env, desk.NewPersonScreen(env, p.ID), nil, func(a *tui.App) bool {
		return strings.Contains(tuitest.Screen(a), "Éligible ·")
	})
}

// fakeOpener records what the print screen asked to open, instead of a browser.
func fakeOpener(t *testing.T) *[]string {
	t.Helper()
	var opened []string
	old := desk.Opener
	desk.Opener = func(html, txt string) (string, error) {
		opened = append(opened, html)
		return "ouvert dans le navigateur", nil
	}
	t.Cleanup(func() { desk.Opener = old })
	return &opened
}

// From the card, p prints the courrier of the person's carnet: the agent may take a place out,
// the file is written for its owner only, opened, and its path shown on its own line.
func TestPersonCardPrintsTheCourrier(t *testing.T) {
	env, p := cardEnv(t)
	opened := fakeOpener(t)
	a := tuitest.Open(t, env, desk.NewPersonScreen(env, p.ID))
	tuitest.Type(t, a, "p")
	if _, ok := a.Top().(*desk.LetterPrint); !ok {
		t.Fatalf("p opened %T", a.Top())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Pas de diagnostic : lieux qualifiés du programme", "[x] CIMS de Montataire", "[x] PIMMS de Creil", "Le courrier listera 2 lieux")
	tuitest.Key(t, a, tea.KeySpace) // CIMS comes first (sorted by name): take it out
	tuitest.MustContain(t, tuitest.Screen(a), "[ ] CIMS de Montataire", "Le courrier listera 1 lieu.")
	tuitest.Key(t, a, tea.KeyEnter)
	screen := tuitest.Screen(a)
	html := filepath.Join(env.LetterDir, "courrier-600001-2026-11-22.html")
	tuitest.MustContain(t, screen, "✓ Courrier du carnet 600001 écrit", "Courrier ouvert dans le navigateur")
	if !strings.Contains(strings.Join(strings.Fields(screen), ""), html) {
		t.Errorf("the path is not on screen:\n%s", screen)
	}
	if len(*opened) != 1 || (*opened)[0] != html {
		t.Errorf("opened %v, want %s", *opened, html)
	}
	b, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	if body := string(b); !strings.Contains(body, "PIMMS de Creil") || strings.Contains(body, "CIMS de Montataire") || !strings.Contains(body, "Accueil Brassens") {
		t.Errorf("courrier:\n%s", body)
	}
	if fi, _ := os.Stat(html); fi.Mode().Perm() != 0o600 {
		t.Errorf("courrier mode %v", fi.Mode().Perm())
	}
	if fi, _ := os.Stat(env.LetterDir); fi.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v", fi.Mode().Perm())
	}
	tuitest.Key(t, a, tea.KeyEnter)
	if _, ok := a.Top().(*desk.PersonScreen); !ok {
		t.Errorf("entrée after printing: %T, want the card", a.Top())
	}
}

// Over SSH nothing is written on the server: the screen gives the command to type at home.
func TestPersonCardPrintOverSSHShowsTheCommand(t *testing.T) {
	env, p := cardEnv(t)
	env.Remote = true
	opened := fakeOpener(t)
	a := tuitest.Open(t, env, desk.NewPersonScreen(env, p.ID))
	tuitest.Type(t, a, "p")
	tuitest.Key(t, a, tea.KeySpace)
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Par SSH, le courrier s'imprime depuis votre poste", "ssh … letter 600001 --skip cims-montataire > courrier-600001.html")
	if _, err := os.Stat(env.LetterDir); err == nil || len(*opened) > 0 {
		t.Error("a courrier was written or opened on the server")
	}
}

// The print screen, where the agent checks the places before the courrier leaves the desk.
func TestLetterPrintGolden(t *testing.T) {
	env, p := cardEnv(t)
	teaGolden(t, env, desk.NewLetterPrint(env, p, "600001"), nil, func(a *tui.App) bool {
		return strings.Contains(tuitest.Screen(a), "Le courrier listera")
	})
}

// At the end of a hand-over, p opens the same print screen for the carnet just handed over.
func TestHandoverDonePrintsTheCourrier(t *testing.T) {
	env := tuitest.Env(t)
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600001", "600002")
	p := tuitest.Add(t, env, tuitest.Jeanne())
	if err := env.Store.IssueCarnet(context.Background(), tuitest.Desk, "600001", p.ID); err != nil {
		t.Fatal(err)
	}
	a := tuitest.Open(t, env, desk.NewHandover(env, &p))
	tuitest.Type(t, a, "600002")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.Type(t, a, "o")
	tuitest.MustContain(t, tuitest.Screen(a), "✓ Carnet 600002 remis", "p : imprimer le courrier")
	tuitest.Type(t, a, "p")
	lp, ok := a.Top().(*desk.LetterPrint)
	if !ok {
		t.Fatalf("p opened %T", a.Top())
	}
	if title := lp.Title(); title != "Courrier du carnet 600002 — Jeanne DUPONT" {
		t.Errorf("title %q", title)
	}
	// Two carnets: tab goes to the other one.
	tuitest.MustContain(t, tuitest.Screen(a), "Carnet 600002 (2 carnets remis) · tab : autre carnet")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.MustContain(t, tuitest.Screen(a), "Carnet 600001 (2 carnets remis)")
}

// After a diagnostic that named no place, the print screen and the courrier say so, rather
// than « pas de diagnostic ».
func TestPersonCardCourrierAfterADiagnosticNamingNoPlace(t *testing.T) {
	env, p := cardEnv(t)
	fakeOpener(t)
	none := domain.DiagnosticResult{Status: domain.DiagComplete, Profile: domain.LevelBeginner}
	if _, err := env.Store.SaveDiagnostic(context.Background(), env.User, p.ID, domain.DiagnosticInput{Commune: "60175"}, none); err != nil {
		t.Fatal(err)
	}
	a := tuitest.Open(t, env, desk.NewPersonScreen(env, p.ID))
	tuitest.Type(t, a, "p")
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "Le diagnostic n'a désigné aucun lieu : lieux qualifiés du programme", "[x] PIMMS de Creil")
	if strings.Contains(scr, "Pas de diagnostic") {
		t.Errorf("the print screen says there was no diagnostic:\n%s", scr)
	}
	tuitest.Key(t, a, tea.KeyEnter)
	b, err := os.ReadFile(filepath.Join(env.LetterDir, "courrier-600001-2026-11-22.txt"))
	if err != nil || !strings.Contains(tuitest.Flat(string(b)), "Le diagnostic n'a pas désigné de lieu en particulier") || strings.Contains(string(b), "Sans diagnostic") {
		t.Errorf("the courrier (%v):\n%s", err, b)
	}
}
