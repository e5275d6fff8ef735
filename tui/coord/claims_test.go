package coord_test

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/coord"
	"passnum/tui/internal/tuitest"
)

func claimOf(t *testing.T, f *fixture, id string) domain.Claim {
	t.Helper()
	c, err := f.env.Store.Claim(ctx, id)
	must(t, err)
	return c
}

// ctrl+p prepares one claim for each place whose chèques of the month wait; a second ctrl+p
// finds nothing left.
func TestClaimsPrepareAllOnePerWaitingPlace(t *testing.T) {
	f := usedLedger(t, nil)
	a := open(t, f.env, coord.NewClaims(f.env))
	tuitest.MustContain(t, tuitest.Screen(a), "Remboursements des lieux — octobre 2026", "En attente : 4 chèques dans 3 lieux", "Aucune demande de remboursement pour ce mois.")
	tuitest.Key(t, a, 'p', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "3 demandes préparées pour 40 €.", "Aucun chèque du mois n'attend de demande.",
		"PIMMS de Creil préparée 2 20,00 €", "Médiathèque de Nogent-sur-Oise préparée 1 10,00 €", "Espace cyber de Montataire préparée 1 10,00 €")
	claims, err := f.env.Store.ClaimsOfMonth(ctx, tuitest.Coord, october(1, 0))
	must(t, err)
	per := map[string]int{}
	for _, c := range claims {
		per[c.Place]++
		if c.State != domain.ClaimPrepared {
			t.Errorf("claim %s is %s, want préparée", c.ID, c.State)
		}
	}
	if len(claims) != 3 || per["pimms-creil"] != 1 || per["mediatheque-nogent"] != 1 || per["espace-cyber-montataire"] != 1 {
		t.Fatalf("claims after ctrl+p: %+v", claims)
	}
	if left, err := f.env.Store.UnclaimedOfMonth(ctx, tuitest.Coord, october(1, 0)); err != nil || len(left) != 0 {
		t.Fatalf("chèques still waiting: %+v %v", left, err)
	}

	tuitest.Key(t, a, 'p', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "octobre 2026 n'attend de demande de remboursement.")
	if again, _ := f.env.Store.ClaimsOfMonth(ctx, tuitest.Coord, october(1, 0)); len(again) != 3 {
		t.Fatalf("a second ctrl+p made claims: %d", len(again))
	}
}

// « p » asks; « n » pays nothing, « o » pays; a paid claim says so and is not paid twice.
func TestClaimsPaidOnConfirmation(t *testing.T) {
	f := claimsLedger(t, nil)
	a := open(t, f.env, coord.NewClaims(f.env))
	tuitest.MustContain(t, tuitest.Screen(a), "▸ R2") // newest first
	tuitest.Key(t, a, 'p')
	tuitest.MustContain(t, tuitest.Screen(a), "La demande R2 (Médiathèque de Nogent-sur-Oise, 10,00 €) a-t-elle été payée ? o : oui · n : non")
	tuitest.Key(t, a, 'n')
	if c := claimOf(t, f, "R2"); c.State != domain.ClaimPrepared {
		t.Fatalf("« n » paid R2: %s", c.State)
	}
	if scr := tuitest.Screen(a); contains(scr, "a-t-elle été payée") {
		t.Fatalf("the question stays after « n »:\n%s", scr)
	}

	tuitest.Key(t, a, 'p')
	tuitest.Key(t, a, 'o')
	tuitest.MustContain(t, tuitest.Screen(a), "Demande R2 payée", "10,00 €", "R2 Médiathèque de Nogent-sur-Oise payée")
	c := claimOf(t, f, "R2")
	if c.State != domain.ClaimPaid || c.PaidBy != tuitest.Coord.ID || !c.PaidAt.Equal(tuitest.Now) {
		t.Fatalf("R2 after « o »: %s by %q at %v", c.State, c.PaidBy, c.PaidAt)
	}
	if ch, _ := f.env.Store.Cheque(ctx, "600001-03"); ch.State != domain.ChequeReimbursed {
		t.Errorf("R2's chèque is %s, want remboursé", ch.State)
	}
	if r1 := claimOf(t, f, "R1"); r1.State != domain.ClaimPrepared {
		t.Errorf("paying R2 paid R1 too: %s", r1.State)
	}

	f.clock.Set(tuitest.Now.AddDate(0, 0, 1))
	tuitest.Key(t, a, 'p')
	tuitest.MustContain(t, tuitest.Screen(a), "La demande R2 est déjà payée (le 22/11/2026).")
	if contains(tuitest.Screen(a), "a-t-elle été payée") {
		t.Errorf("a paid claim asks to be paid again")
	}
	if c2 := claimOf(t, f, "R2"); !c2.PaidAt.Equal(c.PaidAt) {
		t.Errorf("a paid claim was paid again: %v", c2.PaidAt)
	}
}

// Enter shows a claim's chèques; esc closes them before leaving the page; « p » works there too.
func TestClaimsLinesThenEsc(t *testing.T) {
	f := claimsLedger(t, nil)
	a := openHome(t, f.env)
	tuitest.Key(t, a, 'r')
	tuitest.Key(t, a, tea.KeyDown) // R1, the PIMMS
	enter(t, a)
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "Demande R1 — PIMMS de Creil, préparée : 20,00 €", "Financeurs : État 12,20 € · Europe 2,80 € · ACSO 5,00 €",
		"600001-01 06/10/2026 14:00", "600001-02 13/10/2026 14:00")
	if contains(scr, "600001-03") {
		t.Errorf("R1's lines show the médiathèque's chèque:\n%s", scr)
	}
	tuitest.Key(t, a, 'p')
	tuitest.Key(t, a, 'o')
	tuitest.MustContain(t, tuitest.Screen(a), "Demande R1 — PIMMS de Creil, payée", "Demande R1 payée")
	if c := claimOf(t, f, "R1"); c.State != domain.ClaimPaid {
		t.Fatalf("R1 paid from its lines is %s", c.State)
	}
	esc(t, a)
	if _, ok := a.Top().(*coord.Claims); !ok {
		t.Fatalf("esc on the lines left the claims page for %T", a.Top())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Remboursements des lieux", "R1 PIMMS de Creil payée", "R2 Médiathèque de Nogent-sur-Oise préparée")
	esc(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "Tableau de bord", "20 € payés, 30 € demandés")
}

// ←/→ walk the months, never past this one.
func TestClaimsMonths(t *testing.T) {
	f := claimsLedger(t, nil)
	a := open(t, f.env, coord.NewClaims(f.env))
	tuitest.Key(t, a, tea.KeyRight)
	tuitest.MustContain(t, tuitest.Screen(a), "Remboursements des lieux — novembre 2026", "Aucune demande de remboursement pour ce mois.")
	tuitest.Key(t, a, tea.KeyRight)
	tuitest.MustContain(t, tuitest.Screen(a), "Remboursements des lieux — novembre 2026")
	tuitest.Key(t, a, tea.KeyLeft)
	tuitest.Key(t, a, tea.KeyLeft)
	tuitest.MustContain(t, tuitest.Screen(a), "Remboursements des lieux — septembre 2026", "Aucune demande")
}

// Nothing left to claim is said in French: « d'octobre », not « de octobre ».
func TestClaimsNothingLeftElidesTheMonth(t *testing.T) {
	f := claimsLedger(t, nil)
	a := open(t, f.env, coord.NewClaims(f.env))
	tuitest.Key(t, a, 'p', tea.ModCtrl) // the espace cyber's claim
	tuitest.Key(t, a, 'p', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "Aucun chèque d'octobre 2026 n'attend de demande de remboursement.")
}

// manyClaimsLedger is twenty places with one chèque each in October, all claimed (R1 to R20).
func manyClaimsLedger(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, nil)
	f.clock.Set(october(1, 9))
	var ps []domain.Place
	for i := range 20 {
		ps = append(ps, place(fmt.Sprintf("lieu-%02d", i), fmt.Sprintf("Lieu numéro %02d", i), 10+i, "Creil", "60100", "60175"))
	}
	_, err := f.env.Store.UpsertPlaces(ctx, tuitest.Coord, ps)
	must(t, err)
	f.receive(t, "creil-sud-oise", 600001, 30)
	f.allocate(t, "creil-sud-oise", tuitest.Desk.Prescriber, 4)
	p1, p2 := f.person(t, "Dupont", "Jeanne"), f.person(t, "Martin", "Inès")
	for _, n := range []string{"600001", "600002"} {
		f.issue(t, n, p1)
	}
	for _, n := range []string{"600003", "600004"} {
		f.issue(t, n, p2)
	}
	for i := range 20 {
		f.redeemAt(t, october(2+i, 10), fmt.Sprintf("60000%d-0%d", 1+i/5, 1+i%5), fmt.Sprintf("lieu-%02d", i))
	}
	f.clock.Set(tuitest.Now)
	made, err := f.env.Store.ClaimsPrepareAll(ctx, tuitest.Coord, october(1, 0))
	must(t, err)
	if len(made) != 20 {
		t.Fatalf("%d claims, want 20", len(made))
	}
	return f
}

// The cursor follows ↓ through a list longer than the screen.
func TestClaimsListScrolls(t *testing.T) {
	f := manyClaimsLedger(t)
	a := open(t, f.env, coord.NewClaims(f.env))
	for range 19 {
		tuitest.Key(t, a, tea.KeyDown)
	}
	tuitest.MustContain(t, tuitest.Screen(a), "▸ R1 Lieu numéro 00")
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "Demande R1 — Lieu numéro 00", "600001-01")
}

// « p » must show its question, whatever the number of claims above it.
func TestClaimsQuestionShowsWithManyClaims(t *testing.T) {
	f := manyClaimsLedger(t)
	a := open(t, f.env, coord.NewClaims(f.env))
	tuitest.Key(t, a, 'p')
	tuitest.MustContain(t, tuitest.Screen(a), "La demande R20 (Lieu numéro 19, 10,00 €) a-t-elle été payée ?")
}
