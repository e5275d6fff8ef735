package coord_test

import (
	"strings"
	"testing"
	"time"

	"passnum/domain"
	"passnum/tui/coord"
	"passnum/tui/internal/tuitest"
)

// yesterdayLedger is Jeanne's carnet 600001, handed over on 20 November, and its first chèque
// used at the PIMMS yesterday, 21 November at 15:00 (today is the 22nd).
func yesterdayLedger(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, nil)
	f.clock.Set(time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	f.addPlaces(t)
	f.receive(t, "creil-sud-oise", 600001, 30)
	f.allocate(t, "creil-sud-oise", tuitest.Desk.Prescriber, 3)
	f.issue(t, "600001", f.person(t, "Dupont", "Jeanne"))
	f.clock.Set(tuitest.Now)
	f.redeemAt(t, time.Date(2026, 11, 21, 15, 0, 0, 0, time.UTC), "600001-01", "pimms-creil")
	return f
}

func chequeState(t *testing.T, f *fixture, n string) domain.ChequeState {
	t.Helper()
	ch, err := f.env.Store.Cheque(ctx, n)
	must(t, err)
	return ch.State
}

func carnetState(t *testing.T, f *fixture, n string) domain.CarnetState {
	t.Helper()
	c, err := f.env.Store.Carnet(ctx, n)
	must(t, err)
	return c.State
}

// The day after, the trainer can no longer undo a redemption; the coordination can, with a
// reason, after a summary and « o ».
func TestCancelYesterdaysRedemption(t *testing.T) {
	f := yesterdayLedger(t)
	if _, err := f.env.Store.CancelRedemption(ctx, tuitest.Trainer, "600001-01", "erreur"); domain.KindOf(err) != domain.KindForbidden {
		t.Fatalf("the trainer cancelled yesterday's redemption: %v", err)
	}
	a := openHome(t, f.env)
	tuitest.Key(t, a, 'a')
	tuitest.MustContain(t, tuitest.Screen(a), "Annuler un encaissement", "▸ Chèque")
	tuitest.Type(t, a, "600001-01")
	enter(t, a)
	tuitest.Type(t, a, "chèque d'un autre atelier")
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "Le chèque 600001-01, encaissé le 21/11/2026 15:00 à PIMMS de Creil, redeviendra utilisable.",
		"Motif : « chèque d'un autre atelier ».", "Confirmer ? o : oui")
	if st := chequeState(t, f, "600001-01"); st != domain.ChequeUsed {
		t.Fatalf("the summary changed the chèque: %s", st)
	}
	tuitest.Key(t, a, 'o')
	tuitest.MustContain(t, tuitest.Screen(a), "Encaissement du chèque 600001-01 annulé : il est disponible.", "▸ Chèque")
	if st := chequeState(t, f, "600001-01"); st != domain.ChequeAvailable {
		t.Fatalf("after « o » the chèque is %s, want disponible", st)
	}
	h, err := f.env.Store.History(ctx, "cheque", "600001-01")
	must(t, err)
	last := h[len(h)-1]
	if last.Action != "cheque.cancel" || last.User != tuitest.Coord.ID || !strings.Contains(last.Detail, "chèque d'un autre atelier") {
		t.Fatalf("the audit trail lacks the cancellation and its reason: %+v", last)
	}
	// Asked again, the chèque has nothing left to cancel.
	tuitest.Type(t, a, "600001-01")
	enter(t, a)
	tuitest.Type(t, a, "encore")
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "chèque 600001-01 : disponible, aucun encaissement à annuler")
}

// Without a reason nothing is cancelled; the error is under « Motif ».
func TestCancelNeedsAReason(t *testing.T) {
	f := yesterdayLedger(t)
	a := open(t, f.env, coord.NewCancel(f.env))
	tuitest.Type(t, a, "600001-01")
	enter(t, a)
	enter(t, a)
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "▸ Motif", "motif : obligatoire")
	if contains(scr, "Confirmer ?") {
		t.Fatalf("a cancellation without reason reached the question:\n%s", scr)
	}
	tuitest.Key(t, a, 'o') // typed into the reason, not a confirmation
	if st := chequeState(t, f, "600001-01"); st != domain.ChequeUsed {
		t.Fatalf("a cancellation without reason changed the chèque: %s", st)
	}
	// An empty number is named too.
	b := open(t, f.env, coord.NewCancel(f.env))
	enter(t, b)
	enter(t, b)
	tuitest.MustContain(t, tuitest.Screen(b), "chèque : tapez ou scannez le numéro du chèque")
}

// A range of lost carnets, with a reason, is voided whole on « o »; the others stay.
func TestVoidRange(t *testing.T) {
	f := stockLedger(t)
	a := openHome(t, f.env)
	tuitest.Key(t, a, 'v')
	tuitest.Type(t, a, "600002-600003")
	enter(t, a)
	tuitest.Type(t, a, "perdus")
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "2 carnets", "seront annulés, leurs chèques inutilisables. Motif : « perdus ».")
	if st := carnetState(t, f, "600002"); st != domain.CarnetAllocated {
		t.Fatalf("the summary voided 600002: %s", st)
	}
	tuitest.Key(t, a, 'o')
	tuitest.MustContain(t, tuitest.Screen(a), "2 carnets annulés : 600002-600003.")
	for n, want := range map[string]domain.CarnetState{"600001": domain.CarnetIssued, "600002": domain.CarnetVoid, "600003": domain.CarnetVoid, "600004": domain.CarnetInStock} {
		if st := carnetState(t, f, n); st != want {
			t.Errorf("carnet %s is %s, want %s", n, st, want)
		}
	}
	if st := chequeState(t, f, "600002-05"); st != domain.ChequeVoid {
		t.Errorf("a voided carnet's chèque is %s", st)
	}
	c, _ := f.env.Store.Carnet(ctx, "600003")
	if c.VoidReason != "perdus" {
		t.Errorf("void reason %q", c.VoidReason)
	}
	esc(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "Tableau de bord", "2 annulés")
}

// A carnet voided already is refused, and its neighbour is not voided alone.
func TestVoidRefusesAVoidedCarnet(t *testing.T) {
	f := stockLedger(t)
	must(t, f.env.Store.VoidCarnets(ctx, tuitest.Coord, []string{"600002"}, "abîmé"))
	a := open(t, f.env, coord.NewVoid(f.env))
	tuitest.Type(t, a, "600002-600003")
	enter(t, a)
	tuitest.Type(t, a, "perdus")
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "carnet 600002 : déjà annulé (abîmé)")
	if a.StatusOK() || contains(tuitest.Screen(a), "Confirmer ?") {
		t.Fatalf("a voided carnet reached the question: %q", a.Status())
	}
	tuitest.Key(t, a, 'o')
	if st := carnetState(t, f, "600003"); st != domain.CarnetAllocated {
		t.Fatalf("600003 is %s after the refusal", st)
	}
}

// « n » after the summary writes nothing and gives the form back as it was.
func TestVoidNoWritesNothing(t *testing.T) {
	f := stockLedger(t)
	a := open(t, f.env, coord.NewVoid(f.env))
	tuitest.Type(t, a, "600004, 600010-600012")
	enter(t, a)
	tuitest.Type(t, a, "volés")
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "4 carnets (4 au stock central) seront annulés")
	tuitest.Key(t, a, 'n')
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "Carnets 600004, 600010-600012", "Motif volés")
	if contains(scr, "Confirmer ?") {
		t.Errorf("the question stays after « n »:\n%s", scr)
	}
	for _, n := range []string{"600004", "600010", "600011", "600012"} {
		if st := carnetState(t, f, n); st != domain.CarnetInStock {
			t.Errorf("carnet %s is %s after « n »", n, st)
		}
	}
	if n := f.count(t, `SELECT count(*) FROM audit WHERE action = 'carnet.void'`); n != 0 {
		t.Errorf("%d void audit rows after « n »", n)
	}
}

// Counting the carnets of a summary agrees in number: « 2 attribués », not « 2 attribué ».
func TestVoidSummaryAgreesInNumber(t *testing.T) {
	f := stockLedger(t)
	a := open(t, f.env, coord.NewVoid(f.env))
	tuitest.Type(t, a, "600002-600003")
	enter(t, a)
	tuitest.Type(t, a, "perdus")
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "2 carnets (2 chez un prescripteur)")
}
