package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"passnum/domain"
)

// A hand-over made by mistake is taken back the same day: the carnet is in the prescriber's
// stock again, its chèques are inactive, the person's cap no longer counts it, and the audit
// says who, when and why, with the reason as trimmed.
func TestCancelHandover(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	stock(t, s, 2)
	id := addYoung(t, s, "Martin")
	if err := s.IssueCarnet(ctx, desk, "600001", id); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Standing(ctx, id, "creil"); st.Carnets != 1 {
		t.Fatalf("before: %d carnets counted", st.Carnets)
	}
	_, err := s.CancelHandover(ctx, desk, "600001", "   ")
	wantKind(t, err, domain.KindInvalid, "motif : obligatoire")
	c, err := s.CancelHandover(ctx, desk, "600001", "  remis à la mauvaise personne  ")
	if err != nil {
		t.Fatal(err)
	}
	if c.State != domain.CarnetAllocated || c.Prescriber != "cs-brassens" || c.PersonID != 0 || !c.IssuedAt.IsZero() || c.Public != "" {
		t.Fatalf("cancelled carnet = %+v, want back in cs-brassens's stock with no holder", c)
	}
	for _, ch := range c.Cheques {
		if ch.State != domain.ChequeInactive {
			t.Errorf("chèque %s is %s, want inactive", ch.Number, ch.State)
		}
	}
	if st, _ := s.Standing(ctx, id, "creil"); st.Carnets != 0 || st.ChequesLeft != 0 {
		t.Errorf("after: %d carnets, %d chèques counted, want none", st.Carnets, st.ChequesLeft)
	}
	if cs, _ := s.PersonCarnets(ctx, id); len(cs) != 0 {
		t.Errorf("the card still lists %d carnets", len(cs))
	}
	h, _ := s.History(ctx, "carnet", "600001")
	last := h[len(h)-1]
	if last.Action != "carnet.unissue" || last.User != "awa" || last.Before != "remis" || last.After != "attribue" ||
		!strings.HasSuffix(last.Detail, ": remis à la mauvaise personne") {
		t.Errorf("audit = %+v", last)
	}
	if line := domain.HistorySentence(last.Entry(time.UTC), domain.HistoryNames{}); line != "remise annulée le jour même : remis à la mauvaise personne" {
		t.Errorf("history line = %q", line)
	}
	_, err = s.Redeem(ctx, trainer, "600001-01", "pimms", "")
	wantKind(t, err, domain.KindConflict, "pas encore remis")
	// The carnet can be handed over again, to the right person.
	other := addYoung(t, s, "Bernard")
	if err := s.IssueCarnet(ctx, desk, "600001", other); err != nil {
		t.Fatalf("hand-over again after the cancellation: %v", err)
	}
}

func TestCancelHandoverRefusals(t *testing.T) {
	s, c := testStore(t)
	ctx := context.Background()
	stock(t, s, 3)
	id := addYoung(t, s, "Martin")
	for _, n := range []string{"600001", "600002"} {
		if err := s.IssueCarnet(ctx, desk, n, id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Redeem(ctx, trainer, "600001-02", "pimms", ""); err != nil {
		t.Fatal(err)
	}
	other := domain.User{ID: "ml", Name: "Mission locale", Role: domain.RoleAccueil, Prescriber: "ml-vallee-oise"}
	reader := domain.User{ID: "lea", Name: "Léa", Role: domain.RoleLecture}
	tests := []struct {
		name   string
		by     domain.User
		number string
		kind   domain.Kind
		phrase string
	}{
		{"a chèque used", desk, "600001", domain.KindConflict, "la remise du carnet 600001 ne peut plus être annulée : chèque 600001-02 utilisé le 22/11/2026 à PIMMS de Creil"},
		{"another prescriber's desk", other, "600002", domain.KindForbidden, "autre prescripteur"},
		{"a trainer", trainer, "600002", domain.KindForbidden, "ne peut pas annuler la remise d'un carnet"},
		{"a reader", reader, "600002", domain.KindForbidden, "ne peut pas annuler la remise d'un carnet"},
		{"not handed over", desk, "600003", domain.KindConflict, "attribué à un prescripteur : il n'y a pas de remise à annuler"},
		{"unknown", desk, "999999", domain.KindNotFound, "carnet 999999 introuvable"},
	}
	for _, tt := range tests {
		_, err := s.CancelHandover(ctx, tt.by, tt.number, "erreur")
		wantKind(t, err, tt.kind, tt.phrase)
	}
	c.t = c.t.Add(24 * time.Hour)
	_, err := s.CancelHandover(ctx, desk, "600002", "erreur")
	wantKind(t, err, domain.KindForbidden, "que le jour même")
	_, err = s.CancelHandover(ctx, coord, "600002", "erreur")
	wantKind(t, err, domain.KindConflict, "une remise ne s'annule que le jour même ; si la personne ne l'a plus, déclarez-le perdu")
	for _, n := range []string{"600001", "600002"} {
		if k, _ := s.Carnet(ctx, n); k.State != domain.CarnetIssued || k.PersonID != id {
			t.Errorf("a refused cancellation changed carnet %s: %+v", n, k)
		}
	}
	if n := countRows(t, s, `SELECT count(*) FROM audit WHERE action = 'carnet.unissue'`); n != 0 {
		t.Errorf("%d audit rows for refused cancellations", n)
	}
}

// A desk declares lost a carnet its prescriber handed over, from its holder's card: the unused
// chèques are void, the used one stays paid, and the programme's rule decides what follows.
func TestDeclareLost(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	stock(t, s, 4)
	id := addYoung(t, s, "Martin")
	someone := addYoung(t, s, "Bernard")
	for _, n := range []string{"600001", "600002"} {
		if err := s.IssueCarnet(ctx, desk, n, id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Redeem(ctx, trainer, "600001-01", "pimms", ""); err != nil {
		t.Fatal(err)
	}
	other := domain.User{ID: "ml", Name: "Mission locale", Role: domain.RoleAccueil, Prescriber: "ml-vallee-oise"}
	wantKind(t, s.DeclareLost(ctx, other, "600001", id, "perdu dans le bus"), domain.KindForbidden, "autre prescripteur")
	wantKind(t, s.DeclareLost(ctx, trainer, "600001", id, "perdu dans le bus"), domain.KindForbidden, "déclarer un carnet perdu")
	wantKind(t, s.DeclareLost(ctx, desk, "600001", someone, "perdu dans le bus"), domain.KindConflict, "n'est pas celui de cette personne")
	wantKind(t, s.DeclareLost(ctx, desk, "600003", id, "perdu dans le bus"), domain.KindConflict, "seul un carnet remis à une personne")
	wantKind(t, s.DeclareLost(ctx, desk, "600001", id, ""), domain.KindInvalid, "motif")
	if err := s.DeclareLost(ctx, desk, "600001", id, " perdu dans le bus "); err != nil {
		t.Fatal(err)
	}
	c, _ := s.Carnet(ctx, "600001")
	if c.State != domain.CarnetVoid || c.VoidReason != "perdu : perdu dans le bus" {
		t.Fatalf("lost carnet = %+v", c)
	}
	for _, ch := range c.Cheques {
		want := domain.ChequeVoid
		if ch.Number == "600001-01" {
			want = domain.ChequeUsed
		}
		if ch.State != want {
			t.Errorf("chèque %s is %s, want %s", ch.Number, ch.State, want)
		}
	}
	_, err := s.Redeem(ctx, trainer, "600001-02", "pimms", "")
	wantKind(t, err, domain.KindConflict, "annulé")

	// Default rule: the lost carnet no longer counts, a replacement may be handed over.
	st, _ := s.Standing(ctx, id, "creil")
	if st.Carnets != 1 || st.Lost != 1 || !st.CanIssue() {
		t.Fatalf("standing after the loss = %d held, %d lost, refusal %v", st.Carnets, st.Lost, st.Refusal)
	}
	// The lost one counted: the cap of 2 is reached.
	s.opts.Programmes[0].Limits.Lost = domain.LostRule{CountsInCap: true}
	wantKind(t, s.IssueCarnet(ctx, desk, "600003", id), domain.KindConflict, "limite atteinte : 2 carnets sur 2 (dont 1 perdu)")
	// No replacement at all.
	s.opts.Programmes[0].Limits.Lost = domain.LostRule{NoReplacement: true}
	wantKind(t, s.IssueCarnet(ctx, desk, "600003", id), domain.KindConflict, "ne remplace pas un carnet perdu")
	s.opts.Programmes[0].Limits.Lost = domain.LostRule{}
	if err := s.IssueCarnet(ctx, desk, "600003", id); err != nil {
		t.Fatalf("replacement under the default rule: %v", err)
	}
	h, _ := s.History(ctx, "carnet", "600001")
	if last := h[len(h)-1]; last.Action != "carnet.void" || last.User != "awa" || last.Detail != "perdu : perdu dans le bus" {
		t.Errorf("audit = %+v", last)
	}
}

// A chèque already scanned on an open sheet keeps its hand-over: cancelled, the carnet could go
// to someone else and the sheet would encash it on the first person's line.
func TestCancelHandoverRefusedWhileAChequeIsOnASheet(t *testing.T) {
	s, c := testStore(t)
	ctx := context.Background()
	stock(t, s, 1)
	id := addYoung(t, s, "Martin")
	if err := s.IssueCarnet(ctx, desk, "600001", id); err != nil {
		t.Fatal(err)
	}
	sess, err := s.CreateSession(ctx, trainer, domain.Session{Place: "pimms", Title: "Premiers pas", Themes: []string{"E-mail"}, Level: "Débutant",
		Type: domain.SessionCollective, Start: c.t.Add(time.Hour), DurationMinutes: 60, Capacity: 4})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AddParticipantByCheque(ctx, trainer, sess.ID, "600001-01"); err != nil {
		t.Fatal(err)
	}
	_, err = s.CancelHandover(ctx, desk, "600001", "erreur de personne")
	wantKind(t, err, domain.KindConflict, "le chèque 600001-01 est sur la feuille de la séance "+sess.ID)
	if k, _ := s.Carnet(ctx, "600001"); k.State != domain.CarnetIssued || k.PersonID != id {
		t.Errorf("a refused cancellation changed the carnet: %+v", k)
	}
}
