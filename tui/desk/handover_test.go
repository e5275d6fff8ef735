package desk_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"passnum/cmd/passnum/config"
	"passnum/domain"
	"passnum/store"
	"passnum/tui"
	"passnum/tui/desk"
	"passnum/tui/internal/tuitest"
	"passnum/tui/kit"
)

func TestHandoverHappyPath(t *testing.T) {
	env := tuitest.Env(t)
	ctx := context.Background()
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600001", "600002")
	p := tuitest.Add(t, env, tuitest.Jeanne())
	if _, err := env.Store.UpsertPlaces(ctx, tuitest.Coord, []domain.Place{tuitest.Pimms()}); err != nil {
		t.Fatal(err)
	}
	phDiagnose(t, env, p.ID)

	// From the home screen's action: nobody chosen yet.
	a := tuitest.Open(t, env, desk.NewHandover(env, nil))
	tuitest.Type(t, a, "dupo")
	tuitest.MustContain(t, tuitest.Screen(a), "▸ Jeanne DUPONT", "05/03/2004", "Creil")
	tuitest.Key(t, a, tea.KeyEnter)
	h := a.Top().(*desk.Handover)
	if h.Stage() != desk.HoNumber || h.Person() == nil || h.Person().ID != p.ID {
		t.Fatalf("after choosing: stage %d, person %v", h.Stage(), h.Person())
	}
	tuitest.Type(t, a, "600001") // a scanner types the digits then Enter
	tuitest.Key(t, a, tea.KeyEnter)
	if h.Stage() != desk.HoConfirm {
		t.Fatalf("stage = %d, want the confirmation; screen:\n%s", h.Stage(), tuitest.Screen(a))
	}
	tuitest.MustContain(t, tuitest.Screen(a),
		"✓ Carnet de votre structure : attribué à Centre social Georges Brassens",
		"✓ État du carnet : attribué, prêt à être remis",
		"✓ Éligibilité : public « Jeunes 16–25 ans sans diplôme au-delà du bac »",
		"✓ Nombre de carnets : aucun carnet déjà remis (2 au plus par personne)",
		"✓ Distribution : ouverte jusqu'au 15/12/2027",
		"Confirmer la remise du carnet 600001 à Jeanne DUPONT ? (o/n)")

	tuitest.Type(t, a, "o")
	if h.Stage() != desk.HoDone {
		t.Fatalf("stage = %d after o, status %q", h.Stage(), a.Status())
	}
	c, err := env.Store.Carnet(ctx, "600001")
	if err != nil {
		t.Fatal(err)
	}
	if c.State != domain.CarnetIssued || c.PersonID != p.ID {
		t.Fatalf("carnet after hand-over: state %s, person %d", c.State, c.PersonID)
	}
	if a.Status() != "Carnet 600001 remis à Jeanne DUPONT." || !a.StatusOK() {
		t.Errorf("status = %q", a.Status())
	}

	wantTxt := filepath.Join(env.LetterDir, "courrier-600001-2026-11-22.txt")
	wantHTML := filepath.Join(env.LetterDir, "courrier-600001-2026-11-22.html")
	if h.TxtPath() != wantTxt || h.HTMLPath() != wantHTML {
		t.Errorf("letter paths = %q, %q", h.TxtPath(), h.HTMLPath())
	}
	for _, path := range []string{wantTxt, wantHTML} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"PIMMS de Creil", "12 rue Jules Michelet", "03 44 00 00 00", "600001", "Jeanne DUPONT", "5 chèques de 10 €", "31/12/2027", "1 chèque = 1 atelier"} {
			if !strings.Contains(tuitest.Flat(string(b)), want) {
				t.Errorf("%s lacks %q", filepath.Base(path), want)
			}
		}
	}
	screen := tuitest.Screen(a)
	tuitest.MustContain(t, screen, "✓ Carnet 600001 remis à Jeanne DUPONT.", "Le courrier donne 1 lieu recommandé par le dernier diagnostic.", "p : imprimer le courrier")
	if !strings.Contains(strings.Join(strings.Fields(screen), ""), wantHTML) {
		t.Errorf("the screen does not show the HTML letter's path:\n%s", screen)
	}

	// Enter opens the fiche, which now lists the carnet.
	tuitest.Key(t, a, tea.KeyEnter)
	if _, ok := a.Top().(*desk.PersonScreen); !ok {
		t.Fatalf("enter after the hand-over opened %T", a.Top())
	}
}

func TestHandoverThirdCarnetRefused(t *testing.T) {
	env := tuitest.Env(t)
	ctx := context.Background()
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600001", "600002", "600003")
	p := tuitest.Add(t, env, tuitest.Jeanne())
	for _, n := range []string{"600001", "600002"} {
		if err := env.Store.IssueCarnet(ctx, env.User, n, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	a := tuitest.Open(t, env, desk.NewHandover(env, &p))
	tuitest.Type(t, a, "600003")
	tuitest.Key(t, a, tea.KeyEnter)
	h := a.Top().(*desk.Handover)
	screen := tuitest.Screen(a)
	tuitest.MustContain(t, screen,
		"✗ Nombre de carnets : limite atteinte : 2 carnets sur 2",
		"→ pas d'autre carnet pour cette personne ; il lui reste 10 chèques (100 €) à utiliser",
		"Remise impossible pour cette personne")
	if strings.Contains(screen, "Confirmer") || h.Stage() == desk.HoConfirm {
		t.Fatalf("a confirmation is offered for a third carnet:\n%s", screen)
	}
	// « o » now goes into the number field, not into a hand-over.
	tuitest.Type(t, a, "o")
	if c, _ := env.Store.Carnet(ctx, "600003"); c.State != domain.CarnetAllocated {
		t.Errorf("carnet 600003 is %s, want still attribué", c.State)
	}
}

func TestHandoverOtherPrescriberRefused(t *testing.T) {
	env := tuitest.Env(t)
	tuitest.Stock(t, env, "espace-huberte-dhoker", "700001")
	p := tuitest.Add(t, env, tuitest.Jeanne())
	a := tuitest.Open(t, env, desk.NewHandover(env, &p))
	tuitest.Type(t, a, "700001")
	tuitest.Key(t, a, tea.KeyEnter)
	screen := tuitest.Screen(a)
	tuitest.MustContain(t, screen, "✗ Carnet de votre structure : ce carnet est attribué à un autre prescripteur (espace-huberte-dhoker)")
	if strings.Contains(screen, "Confirmer") || a.Top().(*desk.Handover).Stage() == desk.HoConfirm {
		t.Fatalf("a confirmation is offered for another prescriber's carnet:\n%s", screen)
	}

	// The coordination may hand over any carnet.
	env.User = tuitest.Coord
	b := tuitest.Open(t, env, desk.NewHandover(env, &p))
	tuitest.Type(t, b, "700001")
	tuitest.Key(t, b, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(b), "✓ Carnet de votre structure : attribué à Espace Huberte d'Hoker (la coordination peut remettre tout carnet)",
		"Confirmer la remise du carnet 700001")
}

func TestHandoverUnknownCarnetAndCancel(t *testing.T) {
	env := tuitest.Env(t)
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600001")
	p := tuitest.Add(t, env, tuitest.Jeanne())
	a := tuitest.Open(t, env, desk.NewHandover(env, &p))
	tuitest.Type(t, a, "999999")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "✗ Carnet : carnet 999999 introuvable : vérifiez le numéro imprimé sur la couverture")

	tuitest.Type(t, a, "600001")
	tuitest.Key(t, a, tea.KeyEnter)
	h := a.Top().(*desk.Handover)
	if h.Stage() != desk.HoConfirm {
		t.Fatalf("stage = %d, want the confirmation", h.Stage())
	}
	tuitest.Type(t, a, "n")
	if h.Stage() != desk.HoNumber || !strings.Contains(a.Status(), "Remise annulée") {
		t.Fatalf("after n: stage %d, status %q", h.Stage(), a.Status())
	}
	if c, _ := env.Store.Carnet(context.Background(), "600001"); c.State != domain.CarnetAllocated {
		t.Errorf("carnet is %s after a refusal", c.State)
	}
}

// The confirmation screen, the last thing the agent reads before the carnet leaves the desk,
// must fit 80×24 and stay as reviewed.
func TestHandoverConfirmGolden(t *testing.T) {
	env := tuitest.Env(t)
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600001")
	p := tuitest.Add(t, env, tuitest.Jeanne())
	var keys []tea.Msg
	for _, r := range "600001" {
		keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	keys = append(keys, tea.KeyPressMsg{Code: tea.KeyEnter})
	teaGolden(t, env, desk.NewHandover(env, &p), keys, func(a *tui.App) bool {
		h, ok := a.Top().(*desk.Handover)
		return ok && h.Stage() == desk.HoConfirm
	})
}

// The checklist may be minutes old when the agent says yes: the store's own refusal must reach
// the status line, and nothing must be handed over.
func TestHandoverStoreRefusalShownInStatus(t *testing.T) {
	env := tuitest.Env(t)
	ctx := context.Background()
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600001")
	p := tuitest.Add(t, env, tuitest.Jeanne())
	other := tuitest.Jeanne()
	other.FirstName = "Inès"
	q := tuitest.Add(t, env, other)
	a := tuitest.Open(t, env, desk.NewHandover(env, &p))
	tuitest.Type(t, a, "600001")
	tuitest.Key(t, a, tea.KeyEnter)
	h := a.Top().(*desk.Handover)
	if h.Stage() != desk.HoConfirm {
		t.Fatalf("stage = %d, want the confirmation", h.Stage())
	}
	if err := env.Store.IssueCarnet(ctx, env.User, "600001", q.ID); err != nil { // another desk, meanwhile
		t.Fatal(err)
	}
	tuitest.Key(t, a, tea.KeyEnter)
	if a.StatusOK() || !strings.HasPrefix(a.Status(), "Refusé : ") || !strings.Contains(a.Status(), "600001") {
		t.Errorf("status = %q (ok=%v), want the store's refusal", a.Status(), a.StatusOK())
	}
	if h.Stage() != desk.HoNumber {
		t.Errorf("stage = %d, want back to the number", h.Stage())
	}
	if c, _ := env.Store.Carnet(ctx, "600001"); c.PersonID != q.ID {
		t.Errorf("carnet now held by %d, want %d", c.PersonID, q.ID)
	}
	if _, err := os.Stat(env.LetterDir); !os.IsNotExist(err) {
		t.Errorf("a letter was written for a refused hand-over (%v)", err)
	}
}

func TestHandoverFromFicheGoesBackToIt(t *testing.T) {
	env := tuitest.Env(t)
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600001")
	p := tuitest.Add(t, env, tuitest.Jeanne())
	a := tuitest.Open(t, env, desk.NewPersonScreen(env, p.ID))
	tuitest.Type(t, a, "r")
	if _, ok := a.Top().(*desk.Handover); !ok {
		t.Fatalf("r opened %T", a.Top())
	}
	tuitest.Type(t, a, "600001")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.Type(t, a, "o")
	tuitest.MustContain(t, tuitest.Screen(a), "Pas de diagnostic et aucun lieu qualifié enregistré : le courrier renvoie à votre structure.", "entrée : retour à la fiche")
	tuitest.Key(t, a, tea.KeyEnter)
	if _, ok := a.Top().(*desk.PersonScreen); !ok || a.Depth() != 1 {
		t.Fatalf("after the hand-over: top %T, %d screens; want the fiche alone", a.Top(), a.Depth())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Éligible · 1 carnet sur 2 · 5 chèques restants (50 €)")
}

// A scanner types a number then Enter: scanning a second carnet at the question must check
// that carnet, never confirm the first.
func TestHandoverScanAtConfirmationChecksTheNewCarnet(t *testing.T) {
	env := tuitest.Env(t)
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600001", "600002")
	p := tuitest.Add(t, env, tuitest.Jeanne())
	a := tuitest.Open(t, env, desk.NewHandover(env, &p))
	tuitest.Type(t, a, "600001")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.Type(t, a, "600002")
	tuitest.Key(t, a, tea.KeyEnter)
	h := a.Top().(*desk.Handover)
	if h.Stage() != desk.HoConfirm || h.CheckedFor() != "600002" {
		t.Fatalf("stage %d for %q, want the question about 600002", h.Stage(), h.CheckedFor())
	}
	for _, n := range []string{"600001", "600002"} {
		if c, _ := env.Store.Carnet(context.Background(), n); c.State != domain.CarnetAllocated {
			t.Errorf("carnet %s is %s, want still attribué", n, c.State)
		}
	}
}

// hoFoyerEnv is tuitest.Env on a programme that allows one carnet per foyer.
func hoFoyerEnv(t *testing.T) *kit.Env {
	t.Helper()
	return tuitest.EnvWith(t, func(cfg *config.Config) { cfg.Programmes[0].Limits.CarnetsPerHousehold = 1 })
}

// hoInes is another young person of Creil, not a likely duplicate of Jeanne.
func hoInes() domain.Person {
	return domain.Person{LastName: "Martin", FirstName: "Inès", BirthDate: time.Date(2006, 5, 4, 0, 0, 0, 0, time.UTC),
		Commune: "60175", QPV: "Hauts de Creil", Status: domain.StatusOther, Diploma: "bac", Consent: true}
}

// hoCheck runs the checklist for p and a carnet, the way a scan does.
func hoCheck(t *testing.T, env *kit.Env, p domain.Person, number string) (*tui.App, *desk.Handover) {
	t.Helper()
	a := tuitest.Open(t, env, desk.NewHandover(env, &p))
	tuitest.Type(t, a, number)
	tuitest.Key(t, a, tea.KeyEnter)
	return a, a.Top().(*desk.Handover)
}

func hoStillAllocated(t *testing.T, env *kit.Env, number string) {
	t.Helper()
	c, err := env.Store.Carnet(context.Background(), number)
	if err != nil {
		t.Fatal(err)
	}
	if c.State != domain.CarnetAllocated || c.PersonID != 0 {
		t.Errorf("carnet %s is %s (person %d), want still attribué", number, c.State, c.PersonID)
	}
}

// One carnet per foyer: two people typed at the same address another way share one foyer; the
// first receives a carnet through the screen, the second is refused before any question, with
// the name of who already holds the foyer's carnet.
func TestHandoverOnePerFoyer(t *testing.T) {
	env := hoFoyerEnv(t)
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600001", "600002")
	j := tuitest.Jeanne()
	j.Address, j.PostalCode = "12 rue Émile-Zola", "60100"
	jeanne := tuitest.Add(t, env, j)
	i := hoInes()
	i.Address = "12, Rue Emile Zola"
	ines := tuitest.Add(t, env, i)
	if jeanne.Household == 0 || ines.Household != jeanne.Household {
		t.Fatalf("foyers %d and %d, want one foyer for one address", jeanne.Household, ines.Household)
	}

	a, h := hoCheck(t, env, jeanne, "600001")
	if h.Stage() != desk.HoConfirm {
		t.Fatalf("stage = %d, want the confirmation; screen:\n%s", h.Stage(), tuitest.Screen(a))
	}
	tuitest.MustContain(t, tuitest.Screen(a),
		"✓ Accord de la personne : enregistré",
		"✓ Nombre de carnets : aucun carnet déjà remis (2 au plus par personne)",
		"✓ Foyer : aucun carnet remis au foyer (1 au plus par foyer)",
		"· aussi : Inès MARTIN, 0 carnet",
		"· 12 rue Émile-Zola, 60100 Creil",
		"Confirmer la remise du carnet 600001 à Jeanne DUPONT ? (o/n)")
	tuitest.Type(t, a, "o")
	if h.Stage() != desk.HoDone {
		t.Fatalf("stage = %d after o, status %q", h.Stage(), a.Status())
	}

	b, h := hoCheck(t, env, ines, "600002")
	screen := tuitest.Screen(b)
	tuitest.MustContain(t, screen,
		"✓ Éligibilité",
		"✓ Accord de la personne : enregistré",
		"✓ Nombre de carnets : aucun carnet déjà remis",
		"✗ Foyer : limite du foyer atteinte : 1 carnet sur 1 (Jeanne DUPONT : 1 carnet)",
		"· 12, Rue Emile Zola, Creil",
		"· aussi : Jeanne DUPONT, 1 carnet",
		"→ pas d'autre carnet pour ce foyer ; si la personne n'y habite plus, corrigez la fiche de la personne (touche e sur sa fiche)",
		"Remise impossible pour cette personne")
	if h.Stage() == desk.HoConfirm || strings.Contains(screen, "Confirmer") {
		t.Fatalf("a confirmation is offered to a foyer that holds its carnet:\n%s", screen)
	}
	tuitest.Type(t, b, "o") // goes into the number field, hands nothing over
	hoStillAllocated(t, env, "600002")
	if err := env.Store.IssueCarnet(context.Background(), env.User, "600002", ines.ID); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("the store issues what the screen refused: %v", err)
	}
}

// Without an address or a link, nobody can tell whether the foyer already has its carnet.
func TestHandoverFoyerToFillIn(t *testing.T) {
	env := hoFoyerEnv(t)
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600001")
	p := tuitest.Add(t, env, tuitest.Jeanne())
	a, h := hoCheck(t, env, p, "600001")
	tuitest.MustContain(t, tuitest.Screen(a),
		"✗ Foyer : adresse du foyer à renseigner : le programme Pass numérique Creil Sud Oise limite à 1 carnet par foyer ; indiquez l'adresse de la personne ou rattachez-la au foyer d'une autre personne",
		"→ corrigez la fiche de la personne (touche e sur sa fiche), puis rescannez le carnet",
		"Remise impossible pour cette personne")
	if h.Stage() == desk.HoConfirm {
		t.Fatal("a confirmation is offered without a foyer")
	}
	hoStillAllocated(t, env, "600001")

	// Linked to another person's foyer instead: the line names the foyer by that person.
	id, err := env.Store.AddPerson(context.Background(), env.User, hoInes(), store.PersonOptions{HouseholdOf: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	ines, err := env.Store.Person(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	b, h := hoCheck(t, env, ines, "600001")
	tuitest.MustContain(t, tuitest.Screen(b), "✓ Foyer : aucun carnet remis au foyer", "· même foyer que Jeanne DUPONT", "· aussi : Jeanne DUPONT, 0 carnet", "Confirmer la remise")
	if h.Stage() != desk.HoConfirm {
		t.Fatalf("stage = %d, want the confirmation", h.Stage())
	}
}

func TestHandoverWithoutConsent(t *testing.T) {
	env := tuitest.Env(t)
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600001")
	j := tuitest.Jeanne()
	j.Consent = false
	p := tuitest.Add(t, env, j)
	a, h := hoCheck(t, env, p, "600001")
	screen := tuitest.Screen(a)
	tuitest.MustContain(t, screen,
		"✓ Éligibilité",
		"✗ Accord de la personne : la personne n'a pas donné son accord pour l'enregistrement de ses données",
		"→ si elle donne son accord, corrigez la fiche de la personne",
		"Remise impossible pour cette personne")
	if h.Stage() == desk.HoConfirm || strings.Contains(screen, "Confirmer") {
		t.Fatalf("a confirmation is offered without consent:\n%s", screen)
	}
	hoStillAllocated(t, env, "600001")
}

// Every rule failing at once: each line says so, the verdict stays on screen at 80×24 and the
// checklist scrolls.
func TestHandoverEveryRefusalFits(t *testing.T) {
	env := hoFoyerEnv(t)
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600001")
	j := tuitest.Jeanne()
	j.BirthDate, j.QPV, j.Consent = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), "", false
	p := tuitest.Add(t, env, j)
	a, h := hoCheck(t, env, p, "600001")
	screen := tuitest.Screen(a)
	tuitest.MustContain(t, screen, "Remise impossible pour cette personne", "esc pour revenir")
	if len(strings.Split(screen, "\n")) > 24 {
		t.Fatalf("screen taller than 24 lines:\n%s", screen)
	}
	if !h.Overflow() {
		t.Fatalf("the checklist should not fit here:\n%s", screen)
	}
	var seen strings.Builder
	seen.WriteString(screen)
	for range 30 {
		tuitest.Key(t, a, tea.KeyDown)
		seen.WriteString("\n" + tuitest.Screen(a))
	}
	tuitest.MustContain(t, seen.String(), "✗ Éligibilité", "✗ Accord de la personne", "✗ Foyer : adresse du foyer à renseigner", "✓ Distribution")
	tuitest.MustContain(t, tuitest.Screen(a), "Remise impossible pour cette personne")
	if h.NumberInput().Value() != "" {
		t.Errorf("↓ typed into the number field: %q", h.NumberInput().Value())
	}
}
