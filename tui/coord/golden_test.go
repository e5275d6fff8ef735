package coord_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/cmd/passnum/config"
	"passnum/tui/coord"
	"passnum/tui/internal/tuitest"
)

// smallBudget is a budget of 20 carnets (1 000 €): the 30 received overrun it, the urgent alert.
func smallBudget(cfg *config.Config) { cfg.Programmes[0].BudgetCents = 100000 }

// The tableau de bord of the coordination: an urgent alert (budget), warnings (claims to pay,
// chèques of October never claimed) and an information (the centre social's last carnets).
func TestDashboardGoldenCoordination(t *testing.T) {
	f := claimsLedger(t, smallBudget)
	a := openHome(t, f.env)
	tuitest.MustContain(t, tuitest.Screen(a), "! budget dépassé", "▲ 2 demandes de remboursement à payer", "▲ 1 chèque utilisé des mois passés",
		"• Centre social Georges Brassens n'a plus que 2 carnets en main")
	tuitest.RequireAppGolden(t, a)
}

// The committee's tableau de bord: the same figures and alerts, no key that changes the ledger.
func TestDashboardGoldenLecture(t *testing.T) {
	f := claimsLedger(t, smallBudget)
	f.env.User = Lecture
	a := openHome(t, f.env)
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "Tableau de bord", "! budget dépassé", "e exports")
	help := strings.Split(scr, "\n")[23]
	for _, k := range []string{"s stock", "r remboursements", "p accueil", "l lieux", "v carnets", "i importer"} {
		if strings.Contains(scr, k) {
			t.Errorf("the committee is offered %q (help line %q)", k, help)
		}
	}
	tuitest.RequireAppGolden(t, a)
}

// The allocation key's preview: Creil counts three prescribers and Montataire two, each
// weighed as many times, said before the question.
func TestStockKeyPreviewGolden(t *testing.T) {
	f := newFixture(t, withQPVPopulation)
	f.receive(t, "creil-sud-oise", 600001, 30)
	a := open(t, f.env, coord.NewStock(f.env, f.env.Programme()))
	keyForm(t, a, "20", "2")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Aperçu de la répartition", "Attention : Creil pèse 3 fois", "Attention : Montataire pèse 2 fois", "Attribuer ces 20 carnets ?")
	tuitest.RequireAppGolden(t, a)
}

// The claims of October: R1 and R2 prepared, the espace cyber waiting for its claim.
func TestClaimsGolden(t *testing.T) {
	f := claimsLedger(t, nil)
	a := open(t, f.env, coord.NewClaims(f.env))
	tuitest.MustContain(t, tuitest.Screen(a), "En attente : 1 chèque dans 1 lieu", "R1", "R2")
	tuitest.RequireAppGolden(t, a)
}

// The places filtered by a name typed without its accents.
func TestPlacesFilteredGolden(t *testing.T) {
	f := newFixture(t, nil)
	f.addPlaces(t)
	a := open(t, f.env, coord.NewPlaces(f.env))
	tuitest.Type(t, a, "/mediatheque")
	tuitest.MustContain(t, tuitest.Screen(a), "Médiathèque de Nogent-sur-Oise", "1 affichés")
	tuitest.RequireAppGolden(t, a)
}

// The summary of lost carnets, waiting for its one confirmation.
func TestVoidConfirmationGolden(t *testing.T) {
	f := stockLedger(t)
	a := open(t, f.env, coord.NewVoid(f.env))
	tuitest.Type(t, a, "600002-600003")
	enter(t, a)
	tuitest.Type(t, a, "perdus lors du déménagement")
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "2 carnets", "seront annulés", "Confirmer ? o : oui")
	tuitest.RequireAppGolden(t, a)
}

// The exports of the whole programme, into a folder named the same on every machine.
func TestExportsGolden(t *testing.T) {
	f := claimsLedger(t, nil)
	f.env.ExportDir = "/srv/passnum/exports"
	a := open(t, f.env, coord.NewExports(f.env, f.env.Programme()))
	tuitest.MustContain(t, tuitest.Screen(a), "tout le programme", "/srv/passnum/exports")
	tuitest.RequireAppGolden(t, a)
}
