package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
)

func TestHandoverHappyPath(t *testing.T) {
	env := phEnv(t)
	ctx := context.Background()
	phStock(t, env, "centre-social-georges-brassens", "600001", "600002")
	p := phAdd(t, env, phJeanne())
	if _, err := env.Store.UpsertPlaces(ctx, phCoord, []domain.Place{phPimms()}); err != nil {
		t.Fatal(err)
	}
	phDiagnose(t, env, p.ID)

	// From the home screen's action: nobody chosen yet.
	a := phApp(t, env, NewHandover(env, nil))
	phType(t, a, "dupo")
	phMustContain(t, phScreen(a), "▸ DUPONT Jeanne", "05/03/2004", "Creil")
	phKey(t, a, tea.KeyEnter)
	h := a.top().(*Handover)
	if h.stage != hoNumber || h.person == nil || h.person.ID != p.ID {
		t.Fatalf("after choosing: stage %d, person %v", h.stage, h.person)
	}
	phType(t, a, "600001") // a scanner types the digits then Enter
	phKey(t, a, tea.KeyEnter)
	if h.stage != hoConfirm {
		t.Fatalf("stage = %d, want the confirmation; screen:\n%s", h.stage, phScreen(a))
	}
	phMustContain(t, phScreen(a),
		"✓ Carnet de votre structure : attribué à Centre social Georges Brassens",
		"✓ État du carnet : attribué, prêt à être remis",
		"✓ Éligibilité : public « Jeunes 16–25 ans sans diplôme au-delà du bac »",
		"✓ Nombre de carnets : aucun carnet déjà remis (2 au plus par personne)",
		"✓ Distribution : ouverte jusqu'au 16/12/2027",
		"Confirmer la remise du carnet 600001 à Jeanne DUPONT ? (o/n)")

	phType(t, a, "o")
	if h.stage != hoDone {
		t.Fatalf("stage = %d after o, status %q", h.stage, a.status)
	}
	c, err := env.Store.Carnet(ctx, "600001")
	if err != nil {
		t.Fatal(err)
	}
	if c.State != domain.CarnetIssued || c.PersonID != p.ID {
		t.Fatalf("carnet after hand-over: state %s, person %d", c.State, c.PersonID)
	}
	if a.status != "Carnet 600001 remis à Jeanne DUPONT." || !a.statusOK {
		t.Errorf("status = %q", a.status)
	}

	wantTxt := filepath.Join(env.LetterDir, "courrier-600001-2026-11-22.txt")
	wantHTML := filepath.Join(env.LetterDir, "courrier-600001-2026-11-22.html")
	if h.txtPath != wantTxt || h.htmlPath != wantHTML {
		t.Errorf("letter paths = %q, %q", h.txtPath, h.htmlPath)
	}
	for _, path := range []string{wantTxt, wantHTML} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"PIMMS de Creil", "12 rue Jules Michelet", "03 44 00 00 00", "600001", "Jeanne DUPONT", "5 chèques de 10 €", "31/12/2027", "1 chèque = 1 atelier"} {
			if !strings.Contains(phFlat(string(b)), want) {
				t.Errorf("%s lacks %q", filepath.Base(path), want)
			}
		}
	}
	screen := phScreen(a)
	phMustContain(t, screen, "✓ Carnet 600001 remis à Jeanne DUPONT.", "Le courrier donne 1 lieu recommandé par le dernier diagnostic.", "Imprimez le fichier HTML depuis un navigateur")
	if !strings.Contains(strings.Join(strings.Fields(screen), ""), wantHTML) {
		t.Errorf("the screen does not show the HTML letter's path:\n%s", screen)
	}

	// Enter opens the fiche, which now lists the carnet.
	phKey(t, a, tea.KeyEnter)
	if _, ok := a.top().(*PersonScreen); !ok {
		t.Fatalf("enter after the hand-over opened %T", a.top())
	}
}

func TestHandoverThirdCarnetRefused(t *testing.T) {
	env := phEnv(t)
	ctx := context.Background()
	phStock(t, env, "centre-social-georges-brassens", "600001", "600002", "600003")
	p := phAdd(t, env, phJeanne())
	for _, n := range []string{"600001", "600002"} {
		if err := env.Store.IssueCarnet(ctx, env.User, n, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	a := phApp(t, env, NewHandover(env, &p))
	phType(t, a, "600003")
	phKey(t, a, tea.KeyEnter)
	h := a.top().(*Handover)
	screen := phScreen(a)
	phMustContain(t, screen,
		"✗ Nombre de carnets : limite atteinte : cette personne a déjà 2 carnet(s) du programme Pass numérique Creil Sud Oise, le maximum est 2 par personne",
		"Remise impossible")
	if strings.Contains(screen, "Confirmer") || h.stage == hoConfirm {
		t.Fatalf("a confirmation is offered for a third carnet:\n%s", screen)
	}
	// « o » now goes into the number field, not into a hand-over.
	phType(t, a, "o")
	if c, _ := env.Store.Carnet(ctx, "600003"); c.State != domain.CarnetAllocated {
		t.Errorf("carnet 600003 is %s, want still attribué", c.State)
	}
}

func TestHandoverOtherPrescriberRefused(t *testing.T) {
	env := phEnv(t)
	phStock(t, env, "espace-huberte-dhoker", "700001")
	p := phAdd(t, env, phJeanne())
	a := phApp(t, env, NewHandover(env, &p))
	phType(t, a, "700001")
	phKey(t, a, tea.KeyEnter)
	screen := phScreen(a)
	phMustContain(t, screen, "✗ Carnet de votre structure : ce carnet est attribué à un autre prescripteur (espace-huberte-dhoker)")
	if strings.Contains(screen, "Confirmer") || a.top().(*Handover).stage == hoConfirm {
		t.Fatalf("a confirmation is offered for another prescriber's carnet:\n%s", screen)
	}

	// The coordination may hand over any carnet.
	env.User = phCoord
	b := phApp(t, env, NewHandover(env, &p))
	phType(t, b, "700001")
	phKey(t, b, tea.KeyEnter)
	phMustContain(t, phScreen(b), "✓ Carnet de votre structure : attribué à Espace Huberte d'Hoker (la coordination peut remettre tout carnet)",
		"Confirmer la remise du carnet 700001")
}

func TestHandoverUnknownCarnetAndCancel(t *testing.T) {
	env := phEnv(t)
	phStock(t, env, "centre-social-georges-brassens", "600001")
	p := phAdd(t, env, phJeanne())
	a := phApp(t, env, NewHandover(env, &p))
	phType(t, a, "999999")
	phKey(t, a, tea.KeyEnter)
	phMustContain(t, phScreen(a), "✗ Carnet : carnet 999999 introuvable : vérifiez le numéro imprimé sur la couverture")

	phType(t, a, "600001")
	phKey(t, a, tea.KeyEnter)
	h := a.top().(*Handover)
	if h.stage != hoConfirm {
		t.Fatalf("stage = %d, want the confirmation", h.stage)
	}
	phType(t, a, "n")
	if h.stage != hoNumber || !strings.Contains(a.status, "Remise annulée") {
		t.Fatalf("after n: stage %d, status %q", h.stage, a.status)
	}
	if c, _ := env.Store.Carnet(context.Background(), "600001"); c.State != domain.CarnetAllocated {
		t.Errorf("carnet is %s after a refusal", c.State)
	}
}

// The confirmation screen, the last thing the agent reads before the carnet leaves the desk,
// must fit 80×24 and stay as reviewed.
func TestHandoverConfirmGolden(t *testing.T) {
	env := phEnv(t)
	phStock(t, env, "centre-social-georges-brassens", "600001")
	p := phAdd(t, env, phJeanne())
	var keys []tea.Msg
	for _, r := range "600001" {
		keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	keys = append(keys, tea.KeyPressMsg{Code: tea.KeyEnter})
	teaGolden(t, env, NewHandover(env, &p), keys, func(a *App) bool {
		h, ok := a.top().(*Handover)
		return ok && h.stage == hoConfirm
	})
}

// The checklist may be minutes old when the agent says yes: the store's own refusal must reach
// the status line, and nothing must be handed over.
func TestHandoverStoreRefusalShownInStatus(t *testing.T) {
	env := phEnv(t)
	ctx := context.Background()
	phStock(t, env, "centre-social-georges-brassens", "600001")
	p := phAdd(t, env, phJeanne())
	other := phJeanne()
	other.FirstName = "Inès"
	q := phAdd(t, env, other)
	a := phApp(t, env, NewHandover(env, &p))
	phType(t, a, "600001")
	phKey(t, a, tea.KeyEnter)
	h := a.top().(*Handover)
	if h.stage != hoConfirm {
		t.Fatalf("stage = %d, want the confirmation", h.stage)
	}
	if err := env.Store.IssueCarnet(ctx, env.User, "600001", q.ID); err != nil { // another desk, meanwhile
		t.Fatal(err)
	}
	phKey(t, a, tea.KeyEnter)
	if a.statusOK || !strings.HasPrefix(a.status, "Refusé : ") || !strings.Contains(a.status, "600001") {
		t.Errorf("status = %q (ok=%v), want the store's refusal", a.status, a.statusOK)
	}
	if h.stage != hoNumber {
		t.Errorf("stage = %d, want back to the number", h.stage)
	}
	if c, _ := env.Store.Carnet(ctx, "600001"); c.PersonID != q.ID {
		t.Errorf("carnet now held by %d, want %d", c.PersonID, q.ID)
	}
	if _, err := os.Stat(env.LetterDir); !os.IsNotExist(err) {
		t.Errorf("a letter was written for a refused hand-over (%v)", err)
	}
}

func TestHandoverFromFicheGoesBackToIt(t *testing.T) {
	env := phEnv(t)
	phStock(t, env, "centre-social-georges-brassens", "600001")
	p := phAdd(t, env, phJeanne())
	a := phApp(t, env, NewPersonScreen(env, p.ID))
	phType(t, a, "r")
	if _, ok := a.top().(*Handover); !ok {
		t.Fatalf("r opened %T", a.top())
	}
	phType(t, a, "600001")
	phKey(t, a, tea.KeyEnter)
	phType(t, a, "o")
	phMustContain(t, phScreen(a), "Pas de diagnostic : le courrier renvoie à la liste des lieux qualifiés de l'accueil", "entrée : retour à la fiche")
	phKey(t, a, tea.KeyEnter)
	if _, ok := a.top().(*PersonScreen); !ok || len(a.stack) != 1 {
		t.Fatalf("after the hand-over: top %T, %d screens; want the fiche alone", a.top(), len(a.stack))
	}
	phMustContain(t, phScreen(a), "Carnets (1)")
}

// A scanner types a number then Enter: scanning a second carnet at the question must check
// that carnet, never confirm the first.
func TestHandoverScanAtConfirmationChecksTheNewCarnet(t *testing.T) {
	env := phEnv(t)
	phStock(t, env, "centre-social-georges-brassens", "600001", "600002")
	p := phAdd(t, env, phJeanne())
	a := phApp(t, env, NewHandover(env, &p))
	phType(t, a, "600001")
	phKey(t, a, tea.KeyEnter)
	phType(t, a, "600002")
	phKey(t, a, tea.KeyEnter)
	h := a.top().(*Handover)
	if h.stage != hoConfirm || h.checkedFor != "600002" {
		t.Fatalf("stage %d for %q, want the question about 600002", h.stage, h.checkedFor)
	}
	for _, n := range []string{"600001", "600002"} {
		if c, _ := env.Store.Carnet(context.Background(), n); c.State != domain.CarnetAllocated {
			t.Errorf("carnet %s is %s, want still attribué", n, c.State)
		}
	}
}
