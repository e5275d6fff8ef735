package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"passnum/domain"
)

// TestCloseProgramme: the « ancien » programme ends 01/10/2026 with 30 days of tolerance, so its
// chèques expire at the local midnight of 01/11/2026. Three carnets are handed over, one stays
// in stock; three chèques of the first are used (two claimed in June, one used in July), the
// others expire, the programme closes, and every write on it is refused.
func TestCloseProgramme(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	handOver(t, s, "ancien", "700001", 3)
	if err := s.ReceiveCarnets(ctx, coord, "ancien", []CarnetSpec{{Number: "700004"}}); err != nil {
		t.Fatal(err)
	}
	redeemEach(t, s, c, time.Date(2026, 6, 10, 10, 0, 0, 0, time.UTC), trainer, "pimms", "700001-01")
	redeemEach(t, s, c, time.Date(2026, 6, 11, 10, 0, 0, 0, time.UTC), trainer, "pimms", "700001-02")
	redeemEach(t, s, c, time.Date(2026, 7, 10, 10, 0, 0, 0, time.UTC), trainer, "pimms", "700001-03")
	june, _ := domain.ParseMonth("m", "2026-06")
	july, _ := domain.ParseMonth("m", "2026-07")
	c.t = time.Date(2026, 8, 3, 9, 0, 0, 0, time.UTC)
	claim, err := s.ClaimsPrepare(ctx, trainer, "pimms", june)
	if err != nil {
		t.Fatal(err)
	}

	// Within the tolerance: the chèques are still available, closing is refused with its date.
	c.t = time.Date(2026, 10, 20, 9, 0, 0, 0, time.UTC)
	if ch, _ := s.Cheque(ctx, "700002-01"); ch.State != domain.ChequeAvailable {
		t.Fatalf("before the end of the tolerance: %s", ch.State)
	}
	_, err = s.CloseProgramme(ctx, coord, "ancien", nil)
	wantKind(t, err, domain.KindConflict, "clôture possible à partir du 01/11/2026")

	// After it: expired everywhere.
	c.t = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	if ch, _ := s.Cheque(ctx, "700002-01"); ch.State != domain.ChequeExpired || domain.ChequeStateLabel(ch.State) != "expiré" {
		t.Fatalf("after the tolerance: %s", ch.State)
	}
	_, err = s.Redeem(ctx, trainer, "700002-01", "pimms", "")
	wantKind(t, err, domain.KindConflict, "expiré")

	before, err := s.ClosingFacts(ctx, coord, "ancien")
	if err != nil {
		t.Fatal(err)
	}
	if before.Closed {
		t.Fatal("closed before closing")
	}
	_, err = s.CloseProgramme(ctx, desk, "ancien", nil)
	wantKind(t, err, domain.KindForbidden, "clore un programme")
	names := []domain.Prescriber{{ID: "cs-brassens", Name: "Centre social Georges Brassens"}}
	cl, err := s.CloseProgramme(ctx, coord, "ancien", names)
	if err != nil {
		t.Fatal(err)
	}
	if !cl.Closed || cl.By != "coord" || !cl.At.Equal(c.t) {
		t.Errorf("closing: %+v", cl)
	}
	// 700001: 2 chèques left; 700002 and 700003: 5 each, never started; 700004 never handed over.
	if cl.Issued != 3 || cl.IssuedNotStarted != 2 || cl.Unused != 12 || cl.NotHandedOver != 1 || cl.CreditBackCents != 12*999 {
		t.Errorf("totals: %+v", cl)
	}
	want := []int64{3956, 3956, 4076} // 11 988 ¢ by 33/33/34 %, the cent left to the largest remainder
	for i, fu := range cl.Funders {
		if fu.CreditBackCents != want[i] {
			t.Errorf("funder %s: %d, want %d", fu.Name, fu.CreditBackCents, want[i])
		}
	}
	if len(cl.ClaimsOpen) != 1 || cl.ClaimsOpen[0].ID != claim.ID || cl.ClaimsOpen[0].Cheques != 2 || cl.ClaimsCents != 2*999 {
		t.Errorf("open claims: %+v", cl.ClaimsOpen)
	}
	if len(cl.Prescribers) != 2 || cl.Prescribers[0].ID != "cs-brassens" || cl.Prescribers[0].Unused != 12 || cl.Prescribers[1].NotHandedOver != 1 {
		t.Errorf("prescribers: %+v", cl.Prescribers)
	}
	var stored int64
	var audits int
	if err := s.read.QueryRow(`SELECT credit_back_cents FROM programme_closing WHERE programme = 'ancien'`).Scan(&stored); err != nil || stored != 12*999 {
		t.Errorf("stored credit back %d, %v", stored, err)
	}
	if err := s.read.QueryRow(`SELECT count(*) FROM audit WHERE action = 'programme.close' AND entity_id = 'ancien'`).Scan(&audits); err != nil || audits != 1 {
		t.Errorf("audit rows %d, %v", audits, err)
	}
	again, err := s.ClosingFacts(ctx, coord, "ancien")
	if err != nil || !again.Closed || !again.At.Equal(c.t) || again.ClosedBy != "coord" {
		t.Errorf("statement after closing: %+v, %v", again, err)
	}

	_, err = s.CloseProgramme(ctx, coord, "ancien", nil)
	wantKind(t, err, domain.KindConflict, "déjà clos le 02/11/2026")
	closed := "programme ancien clos le 02/11/2026 : plus aucune opération"
	wantKind(t, s.VoidCarnet(ctx, coord, "700004", "perdu"), domain.KindConflict, closed)
	wantKind(t, s.IssueCarnet(ctx, desk, "700004", 1), domain.KindConflict, closed)
	wantKind(t, s.ReceiveCarnets(ctx, coord, "ancien", []CarnetSpec{{Number: "700009"}}), domain.KindConflict, closed)
	_, err = s.AllocateCarnets(ctx, coord, "ancien", "ml", 1)
	wantKind(t, err, domain.KindConflict, closed)
	_, err = s.AllocateByKey(ctx, coord, "ancien", []domain.KeyShare{{Prescriber: "ml", Total: 1}})
	wantKind(t, err, domain.KindConflict, closed)
	_, err = s.ReturnCarnets(ctx, coord, []string{"700004"}, "erreur")
	wantKind(t, err, domain.KindConflict, closed)
	_, err = s.TransferCarnets(ctx, coord, []string{"700004"}, "ml", "erreur")
	wantKind(t, err, domain.KindConflict, closed)
	_, err = s.Redeem(ctx, trainer, "700002-01", "pimms", "")
	wantKind(t, err, domain.KindConflict, closed)
	_, err = s.CancelRedemption(ctx, coord, "700001-03", "erreur")
	wantKind(t, err, domain.KindConflict, closed)
	_, err = s.ClaimsPrepare(ctx, trainer, "pimms", july)
	wantKind(t, err, domain.KindConflict, closed)
	_, err = s.ExtendProgramme(ctx, coord, "ancien", c.t.AddDate(0, 6, 0), "avenant trop tard")
	wantKind(t, err, domain.KindConflict, closed)
	// A chèque of the closed programme goes on no sheet either.
	sess, err := s.CreateSession(ctx, trainer, domain.Session{Place: "pimms", Title: "Après la clôture", Themes: []string{"E-mail"}, Level: "Débutant",
		Type: domain.SessionCollective, Start: c.t, DurationMinutes: 60, Capacity: 4})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = s.AddParticipantByCheque(ctx, trainer, sess.ID, "700002-02")
	wantKind(t, err, domain.KindConflict, closed)
	if lines, err := s.Participants(ctx, sess.ID); err != nil || len(lines) != 0 {
		t.Errorf("sheet after a refused chèque: %+v %v", lines, err)
	}
	// The open claim can still be paid, and another programme still works.
	if _, err := s.ClaimPaid(ctx, coord, claim.ID); err != nil {
		t.Fatal(err)
	}
	// The statement reprinted later is the one frozen at the closing: the claim paid since is
	// still open in it, the names are those of the closing (the caller now gives none).
	c.t = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	reprint, err := s.ClosingStatement(ctx, desk, "ancien", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(normalTimes(reprint), normalTimes(cl)) {
		t.Errorf("reprinted statement differs from the one at the closing:\n got %+v\nwant %+v", reprint, cl)
	}
	if len(reprint.ClaimsOpen) != 1 || reprint.ClaimsCents != 2*999 || reprint.Prescribers[0].Name != "Centre social Georges Brassens" || !reprint.At.Equal(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("reprint: %+v", reprint)
	}
	if now, _ := s.ClosingFacts(ctx, coord, "ancien"); len(now.ClaimsOpen) != 0 {
		t.Errorf("the ledger itself has the claim paid: %+v", now.ClaimsOpen)
	}
	_, err = s.ClosingStatement(ctx, domain.User{ID: "x", Name: "X", Role: "inconnu"}, "ancien", nil)
	wantKind(t, err, domain.KindForbidden, "")
	handOver(t, s, "creil", "600001", 1)
}

// normalTimes drops the monotonic clock and location of a statement's times, which JSON does
// not keep, so that a statement and its stored copy compare equal.
func normalTimes(c domain.Closing) domain.Closing {
	c.At, c.ExpiredAt = c.At.UTC(), c.ExpiredAt.UTC()
	claims := make([]domain.OpenClaim, len(c.ClaimsOpen))
	for i, cl := range c.ClaimsOpen {
		cl.PreparedAt = cl.PreparedAt.UTC()
		claims[i] = cl
	}
	c.ClaimsOpen = claims
	return c
}
