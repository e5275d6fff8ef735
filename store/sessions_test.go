package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"passnum/domain"
)

var cimsTrainer = domain.User{ID: "lea", Name: "Léa", Role: domain.RoleFormateur, Place: "cims"}

// trainerStore is a ledger with two programmes — « creil » (10 €, 1 chèque per session of at
// most 120 min, funders 61/14/25) and « ancien » (9,99 € so that funder shares need rounding,
// valid until 01/10/2026 + 30 days) — and three places: pimms and cims qualified, cyber not.
// The clock starts on 01/06/2026, when both programmes distribute.
// trainerOptions are the trainers' fixtures' rules: Creil's current programme and an older one
// that has ended, each with its funders, and Creil with its QPV.
func trainerOptions(now func() time.Time) Options {
	age := func(a int) *int { return &a }
	young := []domain.Public{{ID: "jeune", Name: "Jeunes", AgeMin: age(16), AgeMax: age(25), MaxDiploma: "bac", Residence: domain.ResidenceQPV}}
	creil := domain.Programme{ID: "creil", Name: "Pass Creil", ChequeValueCents: 1000, ChequesPerCarnet: 5,
		ValidFrom: day("2026-01-01"), ValidUntil: day("2027-06-30"), ToleranceDays: 30, ChequesPerSession: 1, MaxSessionMinutes: 120,
		Limits:  domain.Limits{CarnetsPerPerson: 2},
		Funders: []domain.Funder{{Name: "État", SharePercent: 61}, {Name: "Europe", SharePercent: 14}, {Name: "ACSO", SharePercent: 25}},
		Publics: young}
	ancien := domain.Programme{ID: "ancien", Name: "Pass 2026", ChequeValueCents: 999, ChequesPerCarnet: 5,
		ValidFrom: day("2026-01-01"), ValidUntil: day("2026-10-01"), ToleranceDays: 30, ChequesPerSession: 1, MaxSessionMinutes: 180,
		Limits:  domain.Limits{CarnetsPerPerson: 2},
		Funders: []domain.Funder{{Name: "FSE", SharePercent: 33}, {Name: "État", SharePercent: 33}, {Name: "Département", SharePercent: 34}},
		Publics: young}
	return Options{
		Programmes: []domain.Programme{creil, ancien},
		Communes:   []domain.Commune{{INSEE: "60175", Name: "Creil", QPV: []string{"Hauts de Creil"}}},
		Now:        now,
	}
}

func trainerStore(t testing.TB) (*Store, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)}
	s, err := Open(filepath.Join(t.TempDir(), "passnum.db"), trainerOptions(c.now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.UpsertPlaces(context.Background(), coord, []domain.Place{
		{ID: "pimms", Name: "PIMMS de Creil", Qualified: true},
		{ID: "cims", Name: "CIMS", Qualified: true},
		{ID: "cyber", Name: "Cyber-Formation Pro"},
	}); err != nil {
		t.Fatal(err)
	}
	return s, c
}

var personSeq int

// handOver receives n carnets of a programme from first, allocates them and hands each to a new
// eligible person; it returns the people, one per carnet.
func handOver(t testing.TB, s *Store, programme, first string, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	nums, _ := domain.CarnetNumbers(first, n)
	var specs []CarnetSpec
	for _, x := range nums {
		specs = append(specs, CarnetSpec{Number: x})
	}
	if err := s.ReceiveCarnets(ctx, coord, programme, specs); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AllocateCarnets(ctx, coord, programme, "cs-brassens", n); err != nil {
		t.Fatal(err)
	}
	var people []int64
	for _, x := range nums {
		personSeq++
		id := addYoung(t, s, fmt.Sprintf("Martin%d", personSeq))
		if err := s.IssueCarnet(ctx, desk, x, id); err != nil {
			t.Fatal(err)
		}
		people = append(people, id)
	}
	return people
}

func newSession(t testing.TB, s *Store, by domain.User, place string, start time.Time, minutes, capacity int) domain.Session {
	t.Helper()
	sess, err := s.CreateSession(context.Background(), by, domain.Session{Place: place, Title: "Créer son adresse e-mail", Themes: []string{"E-mail"},
		Level: "Débutant", Type: domain.SessionCollective, Start: start, DurationMinutes: minutes, Capacity: capacity, Equipment: []string{"Ordinateur"}})
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

// lengthen gives a session a length the programme no longer pays for, as a session planned
// before its rule changed: creating or correcting it so is refused, closing its sheet still must be.
func lengthen(t testing.TB, s *Store, sess domain.Session, minutes int) domain.Session {
	t.Helper()
	n, _ := domain.ParseSessionID(sess.ID)
	if _, err := s.write.Exec(`UPDATE session SET duration_minutes = ? WHERE id = ?`, minutes, n); err != nil {
		t.Fatal(err)
	}
	sess.DurationMinutes = minutes
	return sess
}

func scan(t testing.TB, s *Store, by domain.User, session, cheque string) domain.Participant {
	t.Helper()
	p, _, err := s.AddParticipantByCheque(context.Background(), by, session, cheque)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// outcome finds the line of a participant in the result of closing a sheet.
func outcome(t *testing.T, res []SheetRedemption, participant int64) SheetRedemption {
	t.Helper()
	for _, r := range res {
		if r.Participant.ID == participant {
			return r
		}
	}
	t.Fatalf("participant %d missing from %+v", participant, res)
	return SheetRedemption{}
}

func wantRefusal(t *testing.T, r SheetRedemption, phrase string) {
	t.Helper()
	if r.Err == nil || domain.KindOf(r.Err) != domain.KindConflict || !strings.Contains(r.Err.Error(), phrase) || len(r.Redeemed) != 0 {
		t.Fatalf("%s: got %+v (err %v), want a refusal saying %q", r.Participant.Label(), r, r.Err, phrase)
	}
}

func TestCreateSession(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	c.t = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	start := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	a := newSession(t, s, trainer, "pimms", start, 90, 8)
	b := newSession(t, s, coord, "cims", start.Add(time.Hour), 60, 4)
	if a.ID != "S1" || b.ID != "S2" || a.Trainer != "karim" || a.PlaceName != "PIMMS de Creil" || a.Level != "Débutant" {
		t.Fatalf("sessions = %+v, %+v", a, b)
	}
	_, err := s.CreateSession(ctx, trainer, domain.Session{Place: "cims", Title: "X", Themes: []string{"E-mail"}, Level: "Débutant", Type: "collectif", Start: start, DurationMinutes: 60, Capacity: 4})
	wantKind(t, err, domain.KindForbidden, "que pour son lieu (pimms)")
	_, err = s.CreateSession(ctx, desk, domain.Session{Place: "pimms", Title: "X", Themes: []string{"E-mail"}, Level: "Débutant", Type: "collectif", Start: start, DurationMinutes: 60, Capacity: 4})
	wantKind(t, err, domain.KindForbidden, "gérer les séances")
	_, err = s.CreateSession(ctx, trainer, domain.Session{Place: "pimms", Title: "X", Themes: []string{"Cuisine"}, Level: "Débutant", Type: "collectif", Start: start, DurationMinutes: 60, Capacity: 4})
	wantKind(t, err, domain.KindInvalid, "thème : \"Cuisine\" inconnu")
	_, err = s.CreateSession(ctx, coord, domain.Session{Place: "nulle-part", Title: "X", Themes: []string{"E-mail"}, Level: "Débutant", Type: "collectif", Start: start, DurationMinutes: 60, Capacity: 4})
	wantKind(t, err, domain.KindNotFound, "lieu \"nulle-part\" introuvable")

	week, err := s.SessionsOn(ctx, "", day("2026-11-23"), day("2026-11-30"))
	if err != nil || len(week) != 2 {
		t.Fatalf("week: %d sessions, %v", len(week), err)
	}
	pimms, _ := s.SessionsOn(ctx, "pimms", day("2026-11-23"), day("2026-11-24"))
	none, _ := s.SessionsOn(ctx, "pimms", day("2026-11-24"), day("2026-11-30"))
	if len(pimms) != 1 || pimms[0].ID != "S1" || len(none) != 0 {
		t.Fatalf("pimms on the 23rd: %+v; later: %+v", pimms, none)
	}
	got, err := s.Session(ctx, "s1")
	if err != nil || got.Title != "Créer son adresse e-mail" || !got.Start.Equal(start) || got.Equipment[0] != "Ordinateur" {
		t.Fatalf("Session(s1) = %+v, %v", got, err)
	}
	_, err = s.Session(ctx, "S99")
	wantKind(t, err, domain.KindNotFound, "séance S99 introuvable")
	h, _ := s.History(ctx, "session", "S1")
	if len(h) != 1 || h[0].Action != "session.create" || h[0].User != "karim" {
		t.Fatalf("audit = %+v", h)
	}
}

// TestRedeemRefusals closes sheets that meet every refusal of a redemption: place not qualified,
// chèque not issued, already used (when, where), expired, session too long, capacity exceeded —
// plus a person paying twice, a session not yet held and a session of another place.
func TestRedeemRefusals(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	people := handOver(t, s, "creil", "600001", 4)
	handOver(t, s, "ancien", "700001", 1)
	if err := s.ReceiveCarnets(ctx, coord, "creil", []CarnetSpec{{Number: "650001"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AllocateCarnets(ctx, coord, "creil", "cs-brassens", 1); err != nil {
		t.Fatal(err)
	}
	c.t = time.Date(2026, 11, 20, 11, 30, 0, 0, time.UTC)
	if _, err := s.Redeem(ctx, trainer, "600002-01", "pimms", ""); err != nil {
		t.Fatal(err)
	}
	day23 := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	sheet := newSession(t, s, trainer, "pimms", day23, 90, 8)
	valid := scan(t, s, trainer, sheet.ID, "600001-01")
	used := scan(t, s, trainer, sheet.ID, "600002-01")
	expired := scan(t, s, trainer, sheet.ID, "700001-01")
	notIssued := scan(t, s, trainer, sheet.ID, "650001-01")
	if valid.Name == "" || valid.PersonID != people[0] || valid.Warning != "" {
		t.Fatalf("a valid scan names its holder and warns of nothing: %+v", valid)
	}
	if !strings.Contains(used.Warning, "déjà utilisé") || !strings.Contains(notIssued.Warning, "pas encore remis") || notIssued.PersonID != 0 {
		t.Fatalf("scan warnings: used %q, not issued %q", used.Warning, notIssued.Warning)
	}
	c.t = day23.Add(2 * time.Hour)
	if !strings.Contains(scan(t, s, trainer, sheet.ID, "700001-01").Warning, "expiré") {
		t.Fatal("a scan after the tolerance must warn that the chèque is expired")
	}
	res, err := s.RedeemForSession(ctx, trainer, sheet.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r := outcome(t, res, valid.ID); r.Err != nil || len(r.Redeemed) != 1 || r.Redeemed[0] != "600001-01" {
		t.Fatalf("valid chèque: %+v", r)
	}
	wantRefusal(t, outcome(t, res, used.ID), "chèque 600002-01 déjà utilisé le 20/11/2026 à "+time.Date(2026, 11, 20, 11, 30, 0, 0, time.UTC).Local().Format("15:04")+" (PIMMS de Creil)")
	wantRefusal(t, outcome(t, res, expired.ID), "chèque 700001-01 expiré : le programme Pass 2026 a pris fin le 01/10/2026 (tolérance jusqu'au 31/10/2026)")
	wantRefusal(t, outcome(t, res, notIssued.ID), "chèque 650001-01 pas encore remis")

	unqualified := newSession(t, s, coord, "cyber", day23, 60, 8)
	p := scan(t, s, coord, unqualified.ID, "600003-01")
	res, _ = s.RedeemForSession(ctx, coord, unqualified.ID)
	wantRefusal(t, outcome(t, res, p.ID), "Cyber-Formation Pro n'est pas qualifié pour le programme Pass Creil")

	long := lengthen(t, s, newSession(t, s, trainer, "pimms", day23, 120, 8), 150)
	p = scan(t, s, trainer, long.ID, "600003-02")
	res, _ = s.RedeemForSession(ctx, trainer, long.ID)
	wantRefusal(t, outcome(t, res, p.ID), "la séance "+long.ID+" dure 150 min, le programme Pass Creil paie des séances de 120 min au plus")

	// A full sheet refuses one more person at once, whichever way they come (the closing's
	// « capacité dépassée » is left for chèques redeemed before the capacity was lowered).
	full := newSession(t, s, trainer, "pimms", day23, 60, 1)
	if _, err := s.Redeem(ctx, trainer, "600003-03", "pimms", full.ID); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.AddParticipantByCheque(ctx, trainer, full.ID, "600004-01")
	wantKind(t, err, domain.KindConflict, "capacité 1 atteinte : la séance "+full.ID+" est complète")
	_, _, err = s.AddParticipantPerson(ctx, trainer, full.ID, people[3])
	wantKind(t, err, domain.KindConflict, "capacité 1 atteinte")
	_, err = s.AddAnonymous(ctx, trainer, full.ID, domain.CoopProfile{Gender: domain.NotCommunicated, AgeBand: domain.NotCommunicated, Status: domain.NotCommunicated})
	wantKind(t, err, domain.KindConflict, "capacité 1 atteinte")

	// The same person cannot pay one session twice, whichever way the chèque comes.
	_, err = s.Redeem(ctx, trainer, "600001-02", "pimms", sheet.ID)
	wantKind(t, err, domain.KindConflict, "a déjà payé la séance "+sheet.ID+" (1 chèque par séance)")
	tomorrow := newSession(t, s, trainer, "pimms", day23.AddDate(0, 0, 1), 60, 8)
	_, err = s.Redeem(ctx, trainer, "600004-02", "pimms", tomorrow.ID)
	wantKind(t, err, domain.KindConflict, "s'encaissent à partir de ce jour-là")
	_, err = s.Redeem(ctx, coord, "600004-02", "cims", sheet.ID)
	wantKind(t, err, domain.KindInvalid, "la séance "+sheet.ID+" a lieu à PIMMS de Creil, pas à CIMS")
	_, err = s.Redeem(ctx, trainer, "600004-02", "pimms", "S99")
	wantKind(t, err, domain.KindInvalid, `séance inconnue : "S99"`)
	_, err = s.RedeemForSession(ctx, cimsTrainer, sheet.ID)
	wantKind(t, err, domain.KindForbidden, "que pour son lieu (cims)")

	// Refusals change nothing: the refused chèques are as they were.
	for number, want := range map[string]domain.ChequeState{"600002-01": domain.ChequeUsed, "700001-01": domain.ChequeExpired, "650001-01": domain.ChequeInactive, "600004-01": domain.ChequeAvailable, "600003-02": domain.ChequeAvailable} {
		if ch, _ := s.Cheque(ctx, number); ch.State != want {
			t.Errorf("chèque %s is %s after a refusal, want %s", number, ch.State, want)
		}
	}
	got, _ := s.Session(ctx, sheet.ID)
	if got.Participants != 4 || got.Present != 4 || got.Redeemed != 1 {
		t.Fatalf("sheet counts = %d participants, %d present, %d redeemed", got.Participants, got.Present, got.Redeemed)
	}
}

func TestSheetByNameAnonymousAndAbsent(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	people := handOver(t, s, "creil", "600001", 3)
	c.t = time.Date(2026, 11, 23, 16, 0, 0, 0, time.UTC)
	sess := newSession(t, s, trainer, "pimms", time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC), 90, 8)
	byName, added, err := s.AddParticipantPerson(ctx, trainer, sess.ID, people[0])
	if err != nil || !added || byName.Profile.AgeBand != "18-24" || byName.Profile.Gender != domain.NotCommunicated {
		t.Fatalf("by name: %+v %v %v", byName, added, err)
	}
	if again, added, _ := s.AddParticipantPerson(ctx, trainer, sess.ID, people[0]); added || again.ID != byName.ID {
		t.Fatalf("adding someone twice must return their line, got %+v added=%v", again, added)
	}
	absent, _, _ := s.AddParticipantPerson(ctx, trainer, sess.ID, people[1])
	if _, err := s.MarkPresence(ctx, trainer, sess.ID, absent.ID, false); err != nil {
		t.Fatal(err)
	}
	anon, err := s.AddAnonymous(ctx, trainer, sess.ID, domain.CoopProfile{Gender: "Féminin", AgeBand: "60-69", Status: "retraité"})
	if err != nil || !anon.Anonymous || anon.Profile.Status != "Retraité" {
		t.Fatalf("anonymous: %+v %v", anon, err)
	}
	_, err = s.AddAnonymous(ctx, trainer, sess.ID, domain.CoopProfile{Gender: "Autre"})
	wantKind(t, err, domain.KindInvalid, "genre : \"Autre\" inconnu")
	_, _, err = s.AddParticipantByCheque(ctx, trainer, sess.ID, "999999-01")
	wantKind(t, err, domain.KindNotFound, "chèque 999999-01 introuvable")
	_, _, err = s.AddParticipantPerson(ctx, cimsTrainer, sess.ID, people[2])
	wantKind(t, err, domain.KindForbidden, "que pour son lieu (cims)")

	res, err := s.RedeemForSession(ctx, trainer, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r := outcome(t, res, byName.ID); r.Err != nil || len(r.Redeemed) != 1 || r.Redeemed[0] != "600001-01" {
		t.Fatalf("a person found by name pays with their next available chèque: %+v", r)
	}
	if r := outcome(t, res, absent.ID); r.Skipped == "" || len(r.Redeemed) != 0 {
		t.Fatalf("absent: %+v", r)
	}
	if r := outcome(t, res, anon.ID); !strings.Contains(r.Skipped, "anonyme") {
		t.Fatalf("anonymous: %+v", r)
	}
	// Closing the sheet again redeems nothing more.
	res, _ = s.RedeemForSession(ctx, trainer, sess.ID)
	if r := outcome(t, res, byName.ID); r.Err != nil || len(r.Redeemed) != 0 || len(r.Already) != 1 {
		t.Fatalf("second close: %+v", r)
	}
	_, err = s.MarkPresence(ctx, trainer, sess.ID, byName.ID, false)
	wantKind(t, err, domain.KindConflict, "annulez d'abord l'encaissement")
	// Scanning the chèque of someone already on the sheet by name attaches it to their line.
	line := scan(t, s, trainer, sess.ID, "600002-03")
	if line.ID != absent.ID || line.Cheque != "600002-03" {
		t.Fatalf("scan of a listed person: %+v", line)
	}
	_, _, err = s.AddParticipantByCheque(ctx, trainer, sess.ID, "600002-04")
	wantKind(t, err, domain.KindConflict, "déjà sur la feuille de S1 avec le chèque 600002-03")
	if _, err := s.MarkPresence(ctx, trainer, sess.ID, absent.ID, true); err != nil {
		t.Fatal(err)
	}
	res, _ = s.RedeemForSession(ctx, trainer, sess.ID)
	if r := outcome(t, res, absent.ID); r.Err != nil || len(r.Redeemed) != 1 || r.Redeemed[0] != "600002-03" {
		t.Fatalf("the scanned chèque is the one used: %+v", r)
	}
	sheet, _ := s.Participants(ctx, sess.ID)
	if len(sheet) != 3 || len(sheet[0].Cheques) != 1 || len(sheet[1].Cheques) != 1 || len(sheet[2].Cheques) != 0 {
		t.Fatalf("sheet = %+v", sheet)
	}
	h, _ := s.History(ctx, "session", sess.ID)
	var presence int
	for _, e := range h {
		if e.Action == "session.presence" {
			presence++
		}
	}
	if presence != 2 {
		t.Fatalf("want 2 presence audit rows, got %+v", h)
	}
}

func TestCancelRedemption(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	handOver(t, s, "creil", "600001", 1)
	monday := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	c.t = monday
	for _, n := range []string{"600001-01", "600001-02", "600001-03"} {
		// one workshop a chèque: the same person pays each once
		if _, err := s.Redeem(ctx, trainer, n, "pimms", newSession(t, s, trainer, "pimms", monday, 60, 8).ID); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.CancelRedemption(ctx, trainer, "600001-01", "  ")
	wantKind(t, err, domain.KindInvalid, "motif : obligatoire")
	_, err = s.CancelRedemption(ctx, cimsTrainer, "600001-01", "erreur")
	wantKind(t, err, domain.KindForbidden, "que les encaissements de son lieu (cims)")
	_, err = s.CancelRedemption(ctx, desk, "600001-01", "erreur")
	wantKind(t, err, domain.KindForbidden, "annuler un encaissement")
	_, err = s.CancelRedemption(ctx, trainer, "600001-04", "erreur")
	wantKind(t, err, domain.KindConflict, "aucun encaissement en cours, rien à annuler")
	_, err = s.CancelRedemption(ctx, trainer, "000000-01", "erreur")
	wantKind(t, err, domain.KindNotFound, "introuvable")

	c.t = monday.Add(6 * time.Hour)
	ch, err := s.CancelRedemption(ctx, trainer, "600001-01", "scanné par erreur")
	if err != nil || ch.State != domain.ChequeAvailable || ch.UsedPlace != "" {
		t.Fatalf("same-day cancellation by the trainer: %+v %v", ch, err)
	}
	c.t = monday.AddDate(0, 0, 1)
	_, err = s.CancelRedemption(ctx, trainer, "600001-02", "oubli")
	wantKind(t, err, domain.KindForbidden, "que le jour même")
	if ch, err = s.CancelRedemption(ctx, coord, "600001-02", "doublon signalé par le lieu"); err != nil || ch.State != domain.ChequeAvailable {
		t.Fatalf("coordinator the next day: %+v %v", ch, err)
	}
	_, err = s.CancelRedemption(ctx, coord, "600001-02", "encore")
	wantKind(t, err, domain.KindConflict, "rien à annuler")

	// The chèque can be used again; the cancelled redemption stays in the ledger with its reason.
	if _, err := s.Redeem(ctx, trainer, "600001-01", "pimms", ""); err != nil {
		t.Fatalf("a cancelled chèque must be usable again: %v", err)
	}
	var live, cancelled int
	var reason string
	s.read.QueryRow(`SELECT count(*) FROM redemption WHERE cheque = '600001-01' AND cancelled_at IS NULL`).Scan(&live)
	s.read.QueryRow(`SELECT count(*), max(cancel_reason) FROM redemption WHERE cheque = '600001-01' AND cancelled_at IS NOT NULL`).Scan(&cancelled, &reason)
	if live != 1 || cancelled != 1 || reason != "scanné par erreur" {
		t.Fatalf("redemptions of 600001-01: %d live, %d cancelled (%q)", live, cancelled, reason)
	}
	h, _ := s.History(ctx, "cheque", "600001-01")
	if len(h) != 3 || h[1].Action != "cheque.cancel" || h[1].User != "karim" || h[1].Before != "utilise" || h[1].After != "disponible" ||
		!strings.Contains(h[1].Detail, "scanné par erreur") || !strings.Contains(domain.HistorySentence(h[1].Entry(time.UTC), domain.HistoryNames{}), "annulée : scanné par erreur") {
		t.Fatalf("audit of 600001-01 = %+v", h)
	}
	h, _ = s.History(ctx, "cheque", "600001-02")
	if last := h[len(h)-1]; last.Action != "cheque.cancel" || last.User != "coord" || last.Time().Day() != 24 {
		t.Fatalf("audit of 600001-02 = %+v", h)
	}

	// A chèque of a carnet voided meanwhile goes back to void, not to usable.
	if err := s.VoidCarnet(ctx, coord, "600001", "perdu"); err != nil {
		t.Fatal(err)
	}
	if ch, err = s.CancelRedemption(ctx, coord, "600001-03", "erreur"); err != nil || ch.State != domain.ChequeVoid {
		t.Fatalf("voided carnet: %+v %v", ch, err)
	}
}

func TestFollowUpAndBilan(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	people := handOver(t, s, "creil", "600001", 2)
	first := time.Date(2026, 11, 9, 14, 0, 0, 0, time.UTC)
	second := first.AddDate(0, 0, 7)
	c.t = first.Add(3 * time.Hour)
	s1 := newSession(t, s, trainer, "pimms", first, 90, 8)
	s2 := newSession(t, s, trainer, "pimms", second, 90, 8)
	for _, sess := range []domain.Session{s1, s2} {
		for _, id := range people {
			if _, _, err := s.AddParticipantPerson(ctx, trainer, sess.ID, id); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := s.RedeemForSession(ctx, trainer, s1.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordFollowUp(ctx, trainer, s1.ID, people[0], "avec guidage", "découvre la souris"); err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.RecordFollowUp(ctx, trainer, s1.ID, people[0], "Expert", ""), domain.KindInvalid, "autonomie : \"Expert\" inconnu")
	wantKind(t, s.RecordFollowUp(ctx, cimsTrainer, s1.ID, people[0], "Autonome", ""), domain.KindForbidden, "que pour son lieu")
	outsider := addYoung(t, s, "Dehors")
	wantKind(t, s.RecordFollowUp(ctx, trainer, s1.ID, outsider, "Autonome", ""), domain.KindConflict, "n'est pas sur la feuille d'émargement de S1")

	c.t = second.Add(3 * time.Hour)
	sheet, _ := s.Participants(ctx, s2.ID)
	if _, err := s.MarkPresence(ctx, trainer, s2.ID, sheet[1].ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RedeemForSession(ctx, trainer, s2.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordFollowUp(ctx, trainer, s2.ID, people[0], "Autonome avec guidage en cas de besoin", "premier e-mail seule"); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordFollowUp(ctx, trainer, s2.ID, people[0], "Autonome", "a envoyé sa candidature"); err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.RecordFollowUp(ctx, trainer, s2.ID, people[1], "Autonome", ""), domain.KindConflict, "était absent(e)")
	h, _ := s.History(ctx, "person", fmt.Sprint(people[0]))
	last := h[len(h)-1]
	if last.Action != "session.follow_up" || last.Before != "Autonome avec guidage en cas de besoin" || last.After != "Autonome" || !strings.Contains(last.Detail, "S2") {
		t.Fatalf("follow-up audit = %+v", last)
	}

	lines, err := s.Bilan(ctx, desk, "cs-brassens", "")
	if err != nil || len(lines) != 2 {
		t.Fatalf("bilan: %+v %v", lines, err)
	}
	a, b := lines[0], lines[1]
	if a.Person.ID != people[0] || a.Sessions != 2 || a.ChequesUsed != 2 || a.FirstAutonomy != "Avec guidage" || a.LastAutonomy != "Autonome" ||
		a.Progression() != "en progrès" || a.LastComment != "a envoyé sa candidature" || !a.LastSession.Equal(second) || a.Carnets != 1 {
		t.Fatalf("bilan of the first person = %+v", a)
	}
	if b.Sessions != 1 || b.ChequesUsed != 1 || b.Progression() != "non évaluée" {
		t.Fatalf("bilan of the second person = %+v", b)
	}
	_, err = s.Bilan(ctx, domain.User{Name: "ML", Role: domain.RoleAccueil, Prescriber: "ml"}, "cs-brassens", "")
	wantKind(t, err, domain.KindForbidden, "que le bilan de son prescripteur")
	_, err = s.Bilan(ctx, trainer, "cs-brassens", "")
	wantKind(t, err, domain.KindForbidden, "indiquez --place pimms")
	atCims, err := s.Bilan(ctx, coord, "cs-brassens", "cims")
	if err != nil || len(atCims) != 0 {
		t.Fatalf("bilan restricted to a place no one came to names people: %+v %v", atCims, err)
	}
	if mine, err := s.Bilan(ctx, trainer, "cs-brassens", "pimms"); err != nil || mine[0].Sessions != 2 {
		t.Fatalf("trainer's bilan for their place: %+v %v", mine, err)
	}
}

// A person found by name pays with a chèque that is valid today, even when an older carnet of an
// ended programme still holds unused chèques.
func TestByNamePrefersAUsableCheque(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	id := handOver(t, s, "ancien", "700001", 1)[0]
	if err := s.ReceiveCarnets(ctx, coord, "creil", []CarnetSpec{{Number: "600001"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AllocateCarnets(ctx, coord, "creil", "cs-brassens", 1); err != nil {
		t.Fatal(err)
	}
	c.t = c.t.Add(time.Hour)
	if err := s.IssueCarnet(ctx, desk, "600001", id); err != nil {
		t.Fatal(err)
	}
	c.t = time.Date(2026, 11, 23, 16, 0, 0, 0, time.UTC)
	sess := newSession(t, s, trainer, "pimms", time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC), 90, 8)
	p, _, err := s.AddParticipantPerson(ctx, trainer, sess.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.RedeemForSession(ctx, trainer, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r := outcome(t, res, p.ID); r.Err != nil || len(r.Redeemed) != 1 || r.Redeemed[0] != "600001-01" {
		t.Fatalf("want the valid 600001-01 used, got %+v", r)
	}
}

// A person whose scanned chèque will be refused hands over another one: it replaces the first on
// their line, and only a refused first chèque can be replaced.
func TestScanReplacesARefusedCheque(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	handOver(t, s, "creil", "600001", 1)
	c.t = time.Date(2026, 11, 23, 16, 0, 0, 0, time.UTC)
	if _, err := s.Redeem(ctx, trainer, "600001-01", "pimms", ""); err != nil {
		t.Fatal(err)
	}
	sess := newSession(t, s, trainer, "pimms", time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC), 90, 8)
	first := scan(t, s, trainer, sess.ID, "600001-01")
	if !strings.Contains(first.Warning, "déjà utilisé") {
		t.Fatalf("scan of a used chèque must warn: %+v", first)
	}
	second, added, err := s.AddParticipantByCheque(ctx, trainer, sess.ID, "600001-02")
	if err != nil || added || second.ID != first.ID || second.Cheque != "600001-02" || second.Warning != "" {
		t.Fatalf("second chèque of the same person: %+v added=%v err=%v", second, added, err)
	}
	_, _, err = s.AddParticipantByCheque(ctx, trainer, sess.ID, "600001-03")
	wantKind(t, err, domain.KindConflict, "déjà sur la feuille de "+sess.ID+" avec le chèque 600001-02")
	res, err := s.RedeemForSession(ctx, trainer, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r := outcome(t, res, first.ID); r.Err != nil || len(r.Redeemed) != 1 || r.Redeemed[0] != "600001-02" {
		t.Fatalf("the replacing chèque is the one used: %+v", r)
	}
	h, _ := s.History(ctx, "session", sess.ID)
	replaced := false
	for _, e := range h {
		replaced = replaced || (e.Before == "chèque 600001-01" && e.After == "chèque 600001-02")
	}
	if !replaced {
		t.Fatalf("the replacement must be audited: %+v", h)
	}
}
