package store

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"passnum/domain"
)

func redeemAt(t *testing.T, s *Store, c *clock, at time.Time, by domain.User, place string, cheques ...string) {
	t.Helper()
	c.t = at
	for _, n := range cheques {
		if _, err := s.Redeem(context.Background(), by, n, place, ""); err != nil {
			t.Fatal(err)
		}
	}
}

// redeemEach redeems each chèque for a workshop of its own at that time, so one person may give
// several chèques the same day.
func redeemEach(t *testing.T, s *Store, c *clock, at time.Time, by domain.User, place string, cheques ...string) {
	t.Helper()
	c.t = at
	for _, n := range cheques {
		sess := newSession(t, s, by, place, at, 60, 8)
		if _, err := s.Redeem(context.Background(), by, n, place, sess.ID); err != nil {
			t.Fatal(err)
		}
	}
}

func TestClaimLifecycle(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	handOver(t, s, "creil", "600001", 2)
	handOver(t, s, "ancien", "700001", 1)
	october := time.Date(2026, 10, 1, 0, 0, 0, 0, time.Local)
	redeemAt(t, s, c, time.Date(2026, 9, 30, 12, 0, 0, 0, time.UTC), trainer, "pimms", "600001-05")
	redeemEach(t, s, c, time.Date(2026, 10, 5, 10, 0, 0, 0, time.UTC), trainer, "pimms", "600001-01", "600001-02", "700001-01")
	redeemAt(t, s, c, time.Date(2026, 10, 5, 11, 0, 0, 0, time.UTC), cimsTrainer, "cims", "600002-01")
	redeemAt(t, s, c, time.Date(2026, 10, 6, 10, 0, 0, 0, time.UTC), trainer, "pimms", "600001-03")
	if _, err := s.CancelRedemption(ctx, trainer, "600001-03", "erreur"); err != nil {
		t.Fatal(err)
	}

	_, err := s.ClaimsPrepare(ctx, cimsTrainer, "pimms", october)
	wantKind(t, err, domain.KindForbidden, "que pour son lieu (cims)")
	_, err = s.ClaimsPrepare(ctx, desk, "pimms", october)
	wantKind(t, err, domain.KindForbidden, "demandes de remboursement")
	claim, err := s.ClaimsPrepare(ctx, trainer, "pimms", october)
	if err != nil {
		t.Fatal(err)
	}
	var numbers []string
	for _, it := range claim.Items {
		numbers = append(numbers, it.Cheque)
	}
	if claim.ID != "R1" || claim.State != domain.ClaimPrepared || claim.Cheques != 3 || claim.AmountCents != 2999 ||
		strings.Join(numbers, " ") != "600001-01 600001-02 700001-01" || claim.PlaceName != "PIMMS de Creil" || domain.MonthLabel(claim.Month) != "octobre 2026" {
		t.Fatalf("claim = %+v", claim)
	}
	var shares []string
	for _, sh := range claim.Shares {
		shares = append(shares, sh.Programme+"/"+sh.Funder+"/"+CSVAmount(sh.AmountCents))
	}
	if got := strings.Join(shares, " "); got != "creil/État/12,20 creil/Europe/2,80 creil/ACSO/5,00 ancien/FSE/3,30 ancien/État/3,30 ancien/Département/3,39" {
		t.Fatalf("shares = %s", got)
	}

	_, err = s.ClaimsPrepare(ctx, trainer, "pimms", october)
	wantKind(t, err, domain.KindConflict, "rien à réclamer : aucun chèque utilisé à PIMMS de Creil en octobre 2026 n'attend de remboursement (déjà demandé : R1)")
	redeemAt(t, s, c, time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC), trainer, "pimms", "600001-04")
	late, err := s.ClaimsPrepare(ctx, coord, "pimms", october)
	if err != nil || late.ID != "R2" || late.Cheques != 1 || late.Items[0].Cheque != "600001-04" {
		t.Fatalf("a later chèque of the month goes in a new claim: %+v %v", late, err)
	}
	_, err = s.CancelRedemption(ctx, coord, "600001-01", "erreur")
	wantKind(t, err, domain.KindConflict, "figure dans la demande de remboursement R1")

	_, err = s.ClaimPaid(ctx, trainer, "R1")
	wantKind(t, err, domain.KindForbidden, "enregistrer le paiement")
	paid, err := s.ClaimPaid(ctx, coord, "r1")
	if err != nil || paid.State != domain.ClaimPaid || paid.PaidBy != "coord" || paid.PaidAt.IsZero() {
		t.Fatalf("paid = %+v %v", paid, err)
	}
	for _, n := range numbers {
		if ch, _ := s.Cheque(ctx, n); ch.State != domain.ChequeReimbursed {
			t.Errorf("chèque %s of a paid claim is %s", n, ch.State)
		}
	}
	if ch, _ := s.Cheque(ctx, "600001-04"); ch.State != domain.ChequeUsed {
		t.Errorf("a chèque of an unpaid claim stays used, got %s", ch.State)
	}
	_, err = s.ClaimPaid(ctx, coord, "R1")
	wantKind(t, err, domain.KindConflict, "la demande R1 est déjà payée")
	_, err = s.ClaimPaid(ctx, coord, "R9")
	wantKind(t, err, domain.KindNotFound, "R9 introuvable")
	_, err = s.Redeem(ctx, trainer, "600001-01", "pimms", "")
	wantKind(t, err, domain.KindConflict, "déjà utilisé le 05/10/2026")

	h, _ := s.History(ctx, "claim", "R1")
	if len(h) != 2 || h[0].Action != "claim.prepare" || h[0].User != "karim" || h[1].Action != "claim.paid" || h[1].Before != "preparee" || h[1].After != "payee" {
		t.Fatalf("claim audit = %+v", h)
	}
	h, _ = s.History(ctx, "cheque", "700001-01")
	if len(h) != 3 || h[1].Action != "cheque.claim" || h[2].Action != "cheque.reimburse" || h[2].After != "rembourse" || !strings.Contains(h[2].Detail, "R1") {
		t.Fatalf("chèque audit = %+v", h)
	}
	list, err := s.Claims(ctx, "pimms")
	if err != nil || len(list) != 2 || list[0].ID != "R2" || list[1].State != domain.ClaimPaid {
		t.Fatalf("claims = %+v %v", list, err)
	}
	if other, _ := s.Claims(ctx, "cims"); len(other) != 0 {
		t.Fatalf("cims has no claim yet: %+v", other)
	}
}

// TestConcurrentClaimsNeverShareACheque has eight coordinators prepare the same place and month
// at once: one claim gets every chèque, the others are told there is nothing left to claim.
func TestConcurrentClaimsNeverShareACheque(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	handOver(t, s, "creil", "600001", 4)
	var all []string
	for _, carnet := range []string{"600001", "600002", "600003", "600004"} {
		for pos := 1; pos <= 5; pos++ {
			all = append(all, domain.ChequeNumber(carnet, pos))
		}
	}
	redeemEach(t, s, c, time.Date(2026, 11, 10, 10, 0, 0, 0, time.UTC), trainer, "pimms", all...)
	november := time.Date(2026, 11, 1, 0, 0, 0, 0, time.Local)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var won []domain.Claim
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			claim, err := s.ClaimsPrepare(ctx, coord, "pimms", november)
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				won = append(won, claim)
			} else if domain.KindOf(err) != domain.KindConflict || !strings.Contains(err.Error(), "rien à réclamer") {
				t.Errorf("unexpected refusal: %v", err)
			}
		}()
	}
	wg.Wait()
	if len(won) != 1 || won[0].Cheques != 20 || won[0].AmountCents != 20000 {
		t.Fatalf("claims prepared: %+v, want one of 20 chèques", won)
	}
	var items, distinct int
	s.read.QueryRow(`SELECT count(*), count(DISTINCT cheque) FROM claim_item`).Scan(&items, &distinct)
	if items != 20 || distinct != 20 {
		t.Fatalf("claim_item: %d rows, %d chèques", items, distinct)
	}
	// The schema itself refuses a chèque in a second claim, whatever the code above it does.
	_, err := s.write.Exec(`INSERT INTO claim(place_id, month, state, cheques, amount_cents, prepared_at, prepared_by) VALUES ('pimms','2026-11','preparee',1,1000,'','x')`)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.write.Exec(`INSERT INTO claim_item(claim_id, cheque, programme, value_cents, used_at) VALUES (2, '600001-01', 'creil', 1000, '')`)
	if !isConstraint(err) {
		t.Fatalf("a second claim_item for one chèque must break a constraint, got %v", err)
	}
}
