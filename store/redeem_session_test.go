package store

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"passnum/domain"
)

// ledgerCounts is what a refused redemption must leave as it was.
type ledgerCounts struct{ audit, redemptions, sessions, participants int }

func countLedger(t *testing.T, s *Store) ledgerCounts {
	t.Helper()
	var n ledgerCounts
	for q, dst := range map[string]*int{
		`SELECT count(*) FROM audit`:       &n.audit,
		`SELECT count(*) FROM redemption`:  &n.redemptions,
		`SELECT count(*) FROM session`:     &n.sessions,
		`SELECT count(*) FROM participant`: &n.participants,
	} {
		if err := s.read.QueryRow(q).Scan(dst); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// wantUntouched checks that a refusal wrote nothing and left the chèque available.
func wantUntouched(t *testing.T, s *Store, before ledgerCounts, cheque string) {
	t.Helper()
	if after := countLedger(t, s); after != before {
		t.Fatalf("a refused redemption wrote to the ledger: before %+v, after %+v", before, after)
	}
	ch, err := s.Cheque(context.Background(), cheque)
	if err != nil || ch.State != domain.ChequeAvailable || ch.Session != "" || ch.UsedPlace != "" {
		t.Fatalf("chèque %s after a refusal: %+v, %v", cheque, ch, err)
	}
}

var printedSessionID = regexp.MustCompile(`^S[1-9][0-9]*$`)

// The bug report: « redeem 600011-03 --session " S1" » (or S1x, S-1) was stored as a free label,
// so a person paid twice for S1 and its rules never applied. Every near miss is now refused as
// invalid input, names the day's sessions and writes nothing.
func TestRedeemRefusesANearMissSession(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	handOver(t, s, "creil", "600001", 2)
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.Local)
	c.t = today.Add(10 * time.Hour)
	s1 := newSession(t, s, trainer, "pimms", today.Add(14*time.Hour), 90, 8)
	s2 := newSession(t, s, trainer, "pimms", today.Add(16*time.Hour), 90, 8)
	s3 := newSession(t, s, coord, "cims", today.Add(14*time.Hour), 90, 8)
	newSession(t, s, trainer, "pimms", today.AddDate(0, 0, 1).Add(14*time.Hour), 90, 8) // S4, tomorrow: not of the day
	if s1.ID != "S1" || s2.ID != "S2" || s3.ID != "S3" {
		t.Fatalf("sessions %s %s %s, want S1 S2 S3", s1.ID, s2.ID, s3.ID)
	}

	before := countLedger(t, s)
	for _, bad := range []string{" S1", "S1 ", "s1 ", "s1", "S1x", "S-1", "S01", "1", "S 1", "S99", "atelier-demo-1"} {
		_, err := s.Redeem(ctx, trainer, "600001-01", "pimms", bad)
		wantKind(t, err, domain.KindInvalid, fmt.Sprintf("séance inconnue : %q ; les séances du jour : S1, S2", bad))
		if strings.Contains(err.Error(), "S4") || strings.Contains(err.Error(), "S3") {
			t.Fatalf("%q: only the sessions of the place today are offered: %v", bad, err)
		}
		wantUntouched(t, s, before, "600001-01")
	}
	// A session of another place: refused the same way, never kept as a label.
	_, err := s.Redeem(ctx, trainer, "600001-01", "pimms", s3.ID)
	wantKind(t, err, domain.KindInvalid, "la séance S3 a lieu à CIMS, pas à PIMMS de Creil ; les séances du jour à PIMMS de Creil : S1, S2")
	wantUntouched(t, s, before, "600001-01")
	// A place with no session today says how to go on.
	_, err = s.Redeem(ctx, coord, "600001-01", "cyber", "S9")
	wantKind(t, err, domain.KindInvalid, `séance inconnue : "S9" ; aucune séance aujourd'hui à Cyber-Formation Pro — créez-la (passnum sessions add) ou encaissez sans --session pour un accompagnement individuel`)
	_, err = s.Redeem(ctx, coord, "600001-01", "cyber", s1.ID)
	wantKind(t, err, domain.KindInvalid, "la séance S1 a lieu à PIMMS de Creil, pas à Cyber-Formation Pro ; aucune séance aujourd'hui à Cyber-Formation Pro")
	wantUntouched(t, s, before, "600001-01")

	// The session spelled as printed is accepted, and its rules apply.
	r, err := s.Redeem(ctx, trainer, "600001-01", "pimms", "S1")
	if err != nil {
		t.Fatal(err)
	}
	if r.Session != "S1" || r.Individual || r.Cheque.Session != "S1" || r.Participant == 0 {
		t.Fatalf("redemption for S1 = %+v", r)
	}
	var label string
	s.read.QueryRow(`SELECT session_id FROM redemption WHERE cheque = '600001-01'`).Scan(&label)
	if label != "S1" {
		t.Fatalf("redemption.session_id = %q, want S1", label)
	}

	// The same person cannot pay twice for S1, by any spelling.
	before = countLedger(t, s)
	for _, spelling := range []string{"S1", " S1", "S1 ", "s1", "S01", "S1x", "S-1", "1"} {
		_, err := s.Redeem(ctx, trainer, "600001-02", "pimms", spelling)
		if spelling == "S1" {
			wantKind(t, err, domain.KindConflict, "a déjà payé la séance S1 (1 chèque par séance)")
		} else {
			wantKind(t, err, domain.KindInvalid, fmt.Sprintf("séance inconnue : %q", spelling))
		}
		wantUntouched(t, s, before, "600001-02")
	}
	var live int
	s.read.QueryRow(`SELECT count(*) FROM redemption WHERE cancelled_at IS NULL`).Scan(&live)
	if got, _ := s.Session(ctx, "S1"); live != 1 || got.Redeemed != 1 {
		t.Fatalf("%d live redemptions, S1 counts %d; want 1 and 1", live, got.Redeemed)
	}
	// Another person pays for S1; the holder of the first chèque may pay for S2.
	if _, err := s.Redeem(ctx, trainer, "600002-01", "pimms", "S1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Redeem(ctx, trainer, "600001-02", "pimms", "S2"); err != nil {
		t.Fatal(err)
	}
}

// Without --session, the chèque pays for its holder's individual accompaniment of the day at the
// place, under the same rules as any session.
func TestRedeemWithoutSessionIsAnIndividualAccompaniment(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	people := handOver(t, s, "creil", "600001", 3)
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.Local)
	c.t = today.Add(10 * time.Hour)

	first, err := s.Redeem(ctx, trainer, "600001-01", "pimms", "")
	if err != nil {
		t.Fatal(err)
	}
	if !first.Individual || !printedSessionID.MatchString(first.Session) || first.Cheque.Session != first.Session || first.Participant == 0 {
		t.Fatalf("redemption without session = %+v", first)
	}
	sess, err := s.Session(ctx, first.Session)
	if err != nil {
		t.Fatal(err)
	}
	if sess.Type != domain.SessionIndividual || sess.Capacity != 1 || sess.Title != "Accompagnement individuel" || sess.Place != "pimms" ||
		sess.DurationMinutes != 120 || sess.Trainer != "karim" || len(sess.Themes) != 0 || !sess.Start.Equal(c.t) || sess.Redeemed != 1 {
		t.Fatalf("individual session = %+v", sess)
	}
	var themes string
	s.read.QueryRow(`SELECT themes FROM session WHERE id = ?`, strings.TrimPrefix(sess.ID, "S")).Scan(&themes)
	if themes != "[]" {
		t.Fatalf("themes = %q, want []", themes)
	}
	sheet, _ := s.Participants(ctx, sess.ID)
	if len(sheet) != 1 || sheet[0].PersonID != people[0] || !sheet[0].Present || len(sheet[0].Cheques) != 1 || sheet[0].Cheques[0] != "600001-01" ||
		sheet[0].ID != first.Participant {
		t.Fatalf("sheet of %s = %+v", sess.ID, sheet)
	}
	h, _ := s.History(ctx, "session", sess.ID)
	if len(h) < 1 || h[0].Action != "session.create" || h[0].User != "karim" || !strings.Contains(h[0].After, "Accompagnement individuel") {
		t.Fatalf("audit of %s = %+v", sess.ID, h)
	}
	if ch, _ := s.Cheque(ctx, "600001-01"); ch.Session != sess.ID {
		t.Fatalf("chèque session = %q, want %s", ch.Session, sess.ID)
	}

	// A second chèque of the same person the same day at the same place: one chèque per session.
	before := countLedger(t, s)
	_, err = s.Redeem(ctx, trainer, "600001-02", "pimms", "")
	wantKind(t, err, domain.KindConflict, "a déjà payé la séance "+sess.ID+" (1 chèque par séance)")
	wantUntouched(t, s, before, "600001-02")

	// Another person gets their own accompaniment.
	other, err := s.Redeem(ctx, trainer, "600002-01", "pimms", "")
	if err != nil {
		t.Fatal(err)
	}
	if other.Session == sess.ID || !printedSessionID.MatchString(other.Session) {
		t.Fatalf("another holder shares %s: %+v", sess.ID, other)
	}
	if sheet, _ := s.Participants(ctx, other.Session); len(sheet) != 1 || sheet[0].PersonID != people[1] {
		t.Fatalf("sheet of %s = %+v", other.Session, sheet)
	}
	// Another place is another accompaniment.
	elsewhere, err := s.Redeem(ctx, cimsTrainer, "600001-02", "cims", "")
	if err != nil {
		t.Fatal(err)
	}
	if elsewhere.Session == sess.ID || elsewhere.Session == other.Session {
		t.Fatalf("an accompaniment at CIMS reuses %s", elsewhere.Session)
	}

	// A cancelled redemption frees the accompaniment: the next chèque goes to the same session.
	if _, err := s.CancelRedemption(ctx, trainer, "600001-01", "scanné par erreur"); err != nil {
		t.Fatal(err)
	}
	again, err := s.Redeem(ctx, trainer, "600001-03", "pimms", "")
	if err != nil || again.Session != sess.ID {
		t.Fatalf("after a cancellation: %+v, %v; want %s again", again, err, sess.ID)
	}

	// The next day is another accompaniment.
	c.t = c.t.AddDate(0, 0, 1)
	next, err := s.Redeem(ctx, trainer, "600001-04", "pimms", "")
	if err != nil {
		t.Fatal(err)
	}
	if next.Session == sess.ID {
		t.Fatalf("the next day reuses %s", sess.ID)
	}

	// Refusals before the session is looked for create none.
	before = countLedger(t, s)
	_, err = s.Redeem(ctx, coord, "600003-01", "cyber", "")
	wantKind(t, err, domain.KindConflict, "n'est pas qualifié")
	wantUntouched(t, s, before, "600003-01")
	_, err = s.Redeem(ctx, trainer, "600001-04", "pimms", "")
	wantKind(t, err, domain.KindConflict, "déjà utilisé")
	if after := countLedger(t, s); after != before {
		t.Fatalf("a refusal wrote to the ledger: before %+v, after %+v", before, after)
	}
}

// An individual session of the day longer than the programme pays for is the holder's
// accompaniment: the chèque redeemed without a session is refused on its duration, and nothing
// is written.
func TestRedeemWithoutSessionAppliesTheDuration(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	people := handOver(t, s, "creil", "600001", 1)
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.Local)
	c.t = today.Add(15 * time.Hour)
	long, err := s.CreateSession(ctx, trainer, domain.Session{Place: "pimms", Themes: []string{"E-mail"}, Type: domain.SessionIndividual,
		Start: today.Add(14 * time.Hour), DurationMinutes: 120, Capacity: 1})
	if err != nil {
		t.Fatal(err)
	}
	long = lengthen(t, s, long, 150)
	if _, _, err := s.AddParticipantPerson(ctx, trainer, long.ID, people[0]); err != nil {
		t.Fatal(err)
	}
	before := countLedger(t, s)
	_, err = s.Redeem(ctx, trainer, "600001-01", "pimms", "")
	wantKind(t, err, domain.KindConflict, "la séance "+long.ID+" dure 150 min, le programme Pass Creil paie des séances de 120 min au plus")
	wantUntouched(t, s, before, "600001-01")
	// Named, the same session is refused the same way.
	_, err = s.Redeem(ctx, trainer, "600001-01", "pimms", long.ID)
	wantKind(t, err, domain.KindConflict, "dure 150 min")
	wantUntouched(t, s, before, "600001-01")
}

// Chèques of one holder redeemed at once without a session: one accompaniment is created and
// exactly one chèque pays for it.
func TestRedeemWithoutSessionConcurrently(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	handOver(t, s, "creil", "600001", 1)
	c.t = time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for pos := 1; pos <= 5; pos++ {
		wg.Add(1)
		go func(number string) {
			defer wg.Done()
			_, err := s.Redeem(ctx, trainer, number, "pimms", "")
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				wins++
			case domain.KindOf(err) != domain.KindConflict || !strings.Contains(err.Error(), "a déjà payé la séance"):
				t.Errorf("%s: unexpected refusal %v", number, err)
			}
		}(fmt.Sprintf("600001-%02d", pos))
	}
	wg.Wait()
	n := countLedger(t, s)
	if wins != 1 || n.sessions != 1 || n.redemptions != 1 || n.participants != 1 {
		t.Fatalf("%d redemptions succeeded, ledger %+v; want 1 success in 1 session", wins, n)
	}
}
