package coord_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"passnum/cmd/passnum/config"
	"passnum/domain"
	"passnum/tui/coord"
	"passnum/tui/desk"
	"passnum/tui/internal/tuitest"
)

// The bars say what the ledger holds: carnets received and handed over, chèques used, and the
// money paid once a claim is paid.
func TestDashboardFiguresMatchTheLedger(t *testing.T) {
	f := claimsLedger(t, nil)
	st := programmeStock(t, f.env)
	issued, inHand := 0, 0
	for _, h := range st.Holders {
		issued += h.Issued
		inHand += h.InHand
	}
	used := 0
	for _, n := range []string{"600001-01", "600001-02", "600001-03", "600001-04", "600001-05"} {
		if ch, err := f.env.Store.Cheque(ctx, n); err == nil && ch.State == domain.ChequeUsed {
			used++
		}
	}
	claims, err := f.env.Store.ClaimsOfMonth(ctx, tuitest.Coord, october(1, 0))
	must(t, err)
	var claimed int64
	for _, c := range claims {
		claimed += c.AmountCents
	}

	a := openHome(t, f.env)
	if _, ok := a.Top().(*coord.Dashboard); !ok {
		t.Fatalf("the coordination starts on %T, want the tableau de bord", a.Top())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Tableau de bord — Pass numérique Creil Sud Oise", "au 22 novembre 2026",
		fmt.Sprintf("Carnets remis %s %d / %d reçus", strings.Repeat("█", 1)+strings.Repeat("░", 19), issued, st.Received),
		fmt.Sprintf("%d / %d remis (80,0 %%)", used, issued*5),
		fmt.Sprintf("0 € payés, %s demandés", domain.RoundEuros(claimed)),
		fmt.Sprintf("Stock : %d au central · %d chez les prescripteurs", st.InStock, inHand))
	if issued != 1 || st.Received != 30 || used != 4 || claimed != 3000 {
		t.Fatalf("the ledger is not the one the test means: issued %d, received %d, used %d, claimed %d", issued, st.Received, used, claimed)
	}

	// R1 (the PIMMS, 20 €) paid at the ledger: « g » reloads the figures and the alerts.
	var r1 domain.Claim
	for _, c := range claims {
		if c.Place == "pimms-creil" {
			r1 = c
		}
	}
	paid, err := f.env.Store.ClaimPaid(ctx, tuitest.Coord, r1.ID)
	must(t, err)
	tuitest.Key(t, a, 'g')
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, fmt.Sprintf("%s payés, 30 € demandés", domain.RoundEuros(paid.AmountCents)),
		"1 demande de remboursement à payer aux lieux (10 €)", "4 / 5 remis")
	if strings.Contains(scr, "2 demandes de remboursement") {
		t.Errorf("the paid claim is still to pay:\n%s", scr)
	}
}

// twoProgrammes adds a second programme, the 2028 one, running too.
func twoProgrammes(cfg *config.Config) {
	p := cfg.Programmes[0]
	p.ID, p.Name = "creil-sud-oise-2028", "Pass numérique 2028"
	p.ValidFrom, p.ValidUntil = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2028, 12, 31, 0, 0, 0, 0, time.UTC)
	p.Funders = append([]domain.Funder(nil), p.Funders...)
	cfg.Programmes = append(cfg.Programmes, p)
}

// ←/→ turn the tableau de bord to the other programme and back, each with its own figures.
func TestDashboardSwitchesProgramme(t *testing.T) {
	f := newFixture(t, twoProgrammes)
	f.receive(t, "creil-sud-oise", 600001, 30)
	f.receive(t, "creil-sud-oise-2028", 700001, 12)
	a := openHome(t, f.env)
	tuitest.MustContain(t, tuitest.Screen(a), "Tableau de bord — Pass numérique Creil Sud Oise", "0 / 30 reçus")
	tuitest.Key(t, a, tea.KeyRight)
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "Tableau de bord — Pass numérique 2028", "0 / 12 reçus", "Stock : 12 au central")
	if strings.Contains(scr, "/ 30 reçus") {
		t.Errorf("the 2028 programme shows the first one's figures:\n%s", scr)
	}
	tuitest.Key(t, a, tea.KeyRight) // round the list
	tuitest.MustContain(t, tuitest.Screen(a), "Tableau de bord — Pass numérique Creil Sud Oise", "0 / 30 reçus")
	tuitest.Key(t, a, tea.KeyLeft)
	tuitest.MustContain(t, tuitest.Screen(a), "Tableau de bord — Pass numérique 2028", "0 / 12 reçus")

	// The stock page opened from there is the 2028 programme's.
	tuitest.Key(t, a, 's')
	tuitest.MustContain(t, tuitest.Screen(a), "Stock de carnets — Pass numérique 2028", "Stock central : 12 carnets")
}

// With one programme, ←/→ change nothing.
func TestDashboardOneProgrammeIgnoresArrows(t *testing.T) {
	f := stockLedger(t)
	a := openHome(t, f.env)
	before := tuitest.Screen(a)
	tuitest.Key(t, a, tea.KeyRight)
	tuitest.Key(t, a, tea.KeyLeft)
	if after := tuitest.Screen(a); after != before {
		t.Errorf("the arrows changed a single programme's tableau de bord:\n%s", after)
	}
}

// The committee's keys to change the ledger do nothing: it stays on the tableau de bord.
func TestLectureDashboardKeysChangeNothing(t *testing.T) {
	f := claimsLedger(t, nil)
	f.env.User = Lecture
	a := openHome(t, f.env)
	before := tuitest.Screen(a)
	tuitest.MustContain(t, before, "Tableau de bord", "1 / 30 reçus")
	for _, k := range "srlavpk" {
		tuitest.Key(t, a, k)
		if _, ok := a.Top().(*coord.Dashboard); !ok || a.Depth() != 1 {
			t.Fatalf("the committee's « %c » opened %T (%d screens)", k, a.Top(), a.Depth())
		}
		if a.Status() != "" && !a.StatusOK() {
			t.Errorf("« %c » ended on an error: %s", k, a.Status())
		}
	}
	if after := tuitest.Screen(a); after != before {
		t.Errorf("the committee's keys changed the screen:\n%s", after)
	}
	// Exports and the lookup are the committee's.
	tuitest.Key(t, a, 'e')
	tuitest.MustContain(t, tuitest.Screen(a), "Exports — Pass numérique Creil Sud Oise")
	esc(t, a)
	tuitest.Key(t, a, 'c')
	tuitest.MustContain(t, tuitest.Screen(a), "Consulter un numéro")
}

// The coordination's « p » opens the accueil over the tableau de bord; esc comes back.
func TestCoordinationOpensTheAccueil(t *testing.T) {
	f := stockLedger(t)
	a := openHome(t, f.env)
	tuitest.Key(t, a, 'p')
	if _, ok := a.Top().(*desk.Home); !ok || a.Depth() != 2 {
		t.Fatalf("« p » opened %T (%d screens), want the accueil over the tableau de bord", a.Top(), a.Depth())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Accueil", "Que voulez-vous faire ?")
	esc(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "Tableau de bord", "1 / 30 reçus")
}

// Each of the coordination's keys opens its page.
func TestDashboardKeysOpenThePages(t *testing.T) {
	f := stockLedger(t)
	a := openHome(t, f.env)
	for _, c := range []struct {
		key   rune
		title string
	}{{'s', "Stock de carnets"}, {'r', "Remboursements des lieux — octobre 2026"}, {'l', "Lieux"}, {'a', "Annuler un encaissement"},
		{'v', "Carnets perdus ou abîmés"}, {'e', "Exports"}, {'c', "Consulter un numéro"}, {'/', "Consulter un numéro"}} {
		tuitest.Key(t, a, c.key)
		if a.Depth() != 2 {
			t.Fatalf("« %c » opened nothing (%d screens)", c.key, a.Depth())
		}
		tuitest.MustContain(t, tuitest.Screen(a), c.title)
		esc(t, a)
		if a.Depth() != 1 {
			t.Fatalf("esc from « %c » left %d screens", c.key, a.Depth())
		}
	}
}

// Alerts are what a coordinator acts on: at 80×24 none may vanish without a word. With nine
// alerts (budget, two warnings, six prescribers low on carnets) the last ones must show, or a
// line must say how many more there are.
func TestDashboardNeverDropsAlertsSilently(t *testing.T) {
	f := claimsLedger(t, smallBudget)
	for _, p := range f.env.Prescribers[:5] {
		f.allocate(t, "creil-sud-oise", p.ID, 1)
	}
	a := openHome(t, f.env)
	scr := tuitest.Screen(a)
	if !contains(scr, "Agence Pôle emploi de Nogent-sur-Oise n'a plus qu'un carnet en main") && !contains(scr, "autre") {
		t.Errorf("alerts dropped from the tableau de bord:\n%s", scr)
	}
}
