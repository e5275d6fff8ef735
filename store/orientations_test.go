package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"passnum/domain"
)

// TestOrientationLoop: a desk sends a person to the CIMS with a note; the CIMS trainer sees them
// announced, not yet come; once on a sheet of the CIMS they came; the parcours shows the
// session and every follow-up with its date and Pix result, and its reading is audited.
func TestOrientationLoop(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	id := addYoung(t, s, "Orientee")
	other := addYoung(t, s, "Ailleurs")

	// A trainer orients no one, and a note is bounded.
	if _, err := s.OrientPerson(ctx, cimsTrainer, id, "cims", "", false); domain.KindOf(err) != domain.KindForbidden {
		t.Fatalf("trainer orienting: %v, want forbidden", err)
	}
	_, err := s.OrientPerson(ctx, desk, id, "cims", strings.Repeat("a", domain.ReferralNoteMax+1), false)
	wantKind(t, err, domain.KindInvalid, "note pour le lieu : 500 caractères au plus")
	_, err = s.OrientPerson(ctx, desk, id, "nulle-part", "", false)
	wantKind(t, err, domain.KindNotFound, "lieu \"nulle-part\" introuvable")
	// Another prescriber's desk reads the person limited: orienting would open the record to
	// the place's trainers behind the prescriber's back.
	ml := domain.User{ID: "accueil-ml", Name: "Mission locale", Role: domain.RoleAccueil, Prescriber: "ml-vallee-oise"}
	_, err = s.OrientPerson(ctx, ml, id, "cims", "", false)
	wantKind(t, err, domain.KindForbidden, "c'est au prescripteur qui l'a inscrite de l'orienter")

	r, err := s.OrientPerson(ctx, desk, id, "cims", "  Recherche d'emploi :   CV en ligne  ", true)
	if err != nil {
		t.Fatal(err)
	}
	if r.Note != "Recherche d'emploi : CV en ligne" || r.PlaceName != "CIMS" || r.PersonName != "Inès ORIENTEE" {
		t.Errorf("referral = %+v", r)
	}
	if _, err := s.OrientPerson(ctx, desk, other, "pimms", "", false); err != nil {
		t.Fatal(err)
	}
	var audits int
	s.read.QueryRow(`SELECT count(*) FROM audit WHERE action = ? AND entity_id = ? AND detail = ?`, ActionOrient, id, "vers CIMS (note au dossier)").Scan(&audits)
	if audits != 1 {
		t.Errorf("%d orientation audit rows, want 1", audits)
	}

	// The CIMS sees only its own, the PIMMS's list is not theirs to read.
	list, err := s.ReferralsTo(ctx, cimsTrainer, "cims")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].PersonID != id || list[0].Came() || list[0].CameText() != "pas encore venue" || !list[0].FromDiagnostic {
		t.Fatalf("announced at the CIMS: %+v", list)
	}
	if _, err := s.ReferralsTo(ctx, cimsTrainer, "pimms"); domain.KindOf(err) != domain.KindForbidden {
		t.Errorf("CIMS trainer reading the PIMMS's list: %v, want forbidden", err)
	}
	// Announced, the person is read whole by the CIMS before any sheet lists them.
	if p, err := s.PersonAs(ctx, cimsTrainer, id); err != nil || p.Limited() {
		t.Errorf("oriented person seen by the place: limited=%v, %v", p.Limited(), err)
	}

	// A session of the CIMS the next day: the person comes, a Pix positioning, then a second
	// comment a week later.
	c.t = c.t.Add(24 * time.Hour)
	sess := newSession(t, s, cimsTrainer, "cims", c.t.Add(time.Hour), 60, 8)
	if _, _, err := s.AddParticipantPerson(ctx, cimsTrainer, sess.ID, id); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordFollowUpNote(ctx, cimsTrainer, sess.ID, id, domain.FollowUpNote{Autonomy: "Avec guidage", Comment: "positionnement initial", Pix: "128"}); err != nil {
		t.Fatal(err)
	}
	c.t = c.t.Add(7 * 24 * time.Hour)
	if err := s.RecordFollowUpNote(ctx, cimsTrainer, sess.ID, id, domain.FollowUpNote{Autonomy: "Autonome", Comment: "CV déposé seule"}); err != nil {
		t.Fatal(err)
	}
	list, _ = s.ReferralsTo(ctx, cimsTrainer, "cims")
	if !list[0].Came() || !list[0].CameAt.Equal(sess.Start) {
		t.Errorf("after the session: came at %v, want %v", list[0].CameAt, sess.Start)
	}

	par, err := s.PersonParcours(ctx, desk, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(par.Referrals) != 1 || len(par.Sessions) != 1 || par.Attended() != 1 || len(par.Notes) != 2 {
		t.Fatalf("parcours: %d referrals, %d sessions, %d notes", len(par.Referrals), len(par.Sessions), len(par.Notes))
	}
	if pos := par.Positionings(); len(pos) != 1 || pos[0].Pix != "128" {
		t.Errorf("positionings = %+v", pos)
	}
	if par.Notes[0].At.Equal(par.Notes[1].At) || par.Notes[1].Comment != "CV déposé seule" || par.Autonomy() != "Avec guidage → Autonome" {
		t.Errorf("notes = %+v, autonomy %q", par.Notes, par.Autonomy())
	}
	var reads int
	s.read.QueryRow(`SELECT count(*) FROM audit WHERE action = ? AND entity_id = ? AND after = 'parcours'`, ActionPersonRead, id).Scan(&reads)
	if reads != 1 {
		t.Errorf("%d parcours reads audited, want 1", reads)
	}
	// The PIMMS's trainer, who never had the person, may not read the parcours.
	pimms := domain.User{ID: "max", Name: "Max", Role: domain.RoleFormateur, Place: "pimms"}
	if _, err := s.PersonParcours(ctx, pimms, id); domain.KindOf(err) != domain.KindForbidden {
		t.Errorf("other place reading the parcours: %v, want forbidden", err)
	}
	lecture := domain.User{ID: "com", Name: "Comité", Role: domain.RoleLecture}
	if _, err := s.PersonParcours(ctx, lecture, id); domain.KindOf(err) != domain.KindForbidden {
		t.Errorf("lecture reading the parcours: %v, want forbidden", err)
	}

	// Once the person was on a PIMMS sheet too, each place's trainer reads its own part: the
	// CIMS not the PIMMS's comment, while the desk reads both.
	there := newSession(t, s, pimms, "pimms", c.t.Add(time.Hour), 60, 8)
	if _, _, err := s.AddParticipantPerson(ctx, pimms, there.ID, id); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordFollowUpNote(ctx, pimms, there.ID, id, domain.FollowUpNote{Autonomy: "Avec guidage", Comment: "dossier CAF en cours"}); err != nil {
		t.Fatal(err)
	}
	mine, err := s.PersonParcours(ctx, cimsTrainer, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(mine.Sessions) != 1 || mine.Sessions[0].Session != sess.ID || len(mine.Notes) != 2 {
		t.Errorf("the CIMS reads its own session and notes only: %+v", mine)
	}
	for _, n := range mine.Notes {
		if strings.Contains(n.Comment, "CAF") {
			t.Errorf("the CIMS reads the PIMMS's comment %q", n.Comment)
		}
	}
	if whole, _ := s.PersonParcours(ctx, desk, id); len(whole.Sessions) != 2 || len(whole.Notes) != 3 {
		t.Errorf("the desk reads the whole parcours: %d sessions, %d notes", len(whole.Sessions), len(whole.Notes))
	}
}

// TestIssueCarnetForAllowance: the accompanied cap and the extra on request are applied in the
// hand-over's transaction, kept on the carnet, in the audit and in the report's facts.
func TestIssueCarnetForAllowance(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
	opts := trainerOptions(c.now)
	opts.Programmes = opts.Programmes[:1]
	opts.Programmes[0].Limits = domain.Limits{CarnetsPerPerson: 1, CarnetsPerPersonAccompanied: 2, ExtraOnRequest: 1}
	s, err := Open(t.TempDir()+"/passnum.db", opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	nums, _ := domain.CarnetNumbers("600001", 4)
	var specs []CarnetSpec
	for _, x := range nums {
		specs = append(specs, CarnetSpec{Number: x})
	}
	if err := s.ReceiveCarnets(ctx, coord, "creil", specs); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AllocateCarnets(ctx, coord, "creil", "cs-brassens", 4); err != nil {
		t.Fatal(err)
	}
	alone := addYoung(t, s, "Seule")
	with := addYoung(t, s, "Accompagnee")
	if err := s.IssueCarnetFor(ctx, desk, "600001", alone, domain.HandOverRequest{}); err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.IssueCarnetFor(ctx, desk, "600002", alone, domain.HandOverRequest{}), domain.KindInvalid, "indiquez le motif de la demande")
	wantKind(t, s.IssueCarnetFor(ctx, desk, "600002", alone, domain.HandOverRequest{ExtraReason: strings.Repeat("x", 201)}), domain.KindInvalid, "200 caractères au plus")
	if err := s.IssueCarnetFor(ctx, desk, "600002", alone, domain.HandOverRequest{ExtraReason: " dossier  de retraite "}); err != nil {
		t.Fatal(err)
	}
	if err := s.IssueCarnetFor(ctx, desk, "600003", with, domain.HandOverRequest{Accompanied: true, ExtraReason: "pas nécessaire"}); err != nil {
		t.Fatal(err)
	}
	var accompanied int
	var reason string
	s.read.QueryRow(`SELECT accompanied, extra_reason FROM carnet WHERE number = '600002'`).Scan(&accompanied, &reason)
	if accompanied != 0 || reason != "dossier de retraite" {
		t.Errorf("600002: accompanied %d, reason %q", accompanied, reason)
	}
	s.read.QueryRow(`SELECT accompanied, extra_reason FROM carnet WHERE number = '600003'`).Scan(&accompanied, &reason)
	if accompanied != 1 || reason != "" {
		t.Errorf("600003 (within the accompanied cap, the reason is not kept): accompanied %d, reason %q", accompanied, reason)
	}
	var detail string
	s.read.QueryRow(`SELECT detail FROM audit WHERE action = 'carnet.issue' AND entity_id = '600002'`).Scan(&detail)
	// The reason is free text about the person: in the carnet row, wiped by anonymisation, never
	// in the audit trail.
	if !strings.Contains(detail, "carnet supplémentaire sur demande (motif au dossier)") || strings.Contains(detail, "retraite") {
		t.Errorf("audit detail %q", detail)
	}
	f, err := s.ReportFacts(ctx, coord, "creil", domain.Period{})
	if err != nil {
		t.Fatal(err)
	}
	if f.IssuedAccompanied != 1 || f.IssuedExtra != 1 {
		t.Errorf("facts: %d accompanied, %d extra; want 1 and 1", f.IssuedAccompanied, f.IssuedExtra)
	}
	st, err := s.StandingFor(ctx, with, "creil", domain.HandOverRequest{Accompanied: true})
	if err != nil || !st.CanIssue() {
		t.Errorf("accompanied, 1 carnet of 2: %v %v", st.Refusal, err)
	}
	if st, _ := s.StandingFor(ctx, alone, "creil", domain.HandOverRequest{}); st.CanIssue() || st.NeedsExtraReason() {
		t.Errorf("alone with 2 carnets: can %v, needs a reason %v (the extra is used)", st.CanIssue(), st.NeedsExtraReason())
	}
}

// TestWithdrawOrientation: the desk takes back both of its orientations of the day to a place;
// one by the coordination remains and is said; another prescriber's desk learns nothing; an
// anonymised record changes no more.
func TestWithdrawOrientation(t *testing.T) {
	s, _ := trainerStore(t)
	ctx := context.Background()
	id := addYoung(t, s, "Orientee")
	for _, by := range []domain.User{desk, desk, coord} {
		if _, err := s.OrientPerson(ctx, by, id, "cims", "", false); err != nil {
			t.Fatal(err)
		}
	}
	ml := domain.User{ID: "accueil-ml", Name: "Mission locale", Role: domain.RoleAccueil, Prescriber: "ml-vallee-oise"}
	_, _, err := s.WithdrawOrientation(ctx, ml, id, "cims", "erreur")
	wantKind(t, err, domain.KindNotFound, "n'est pas orientée vers le lieu cims")
	_, _, err = s.WithdrawOrientation(ctx, desk, id, "nulle-part", "erreur")
	wantKind(t, err, domain.KindNotFound, "lieu \"nulle-part\" introuvable")

	r, remaining, err := s.WithdrawOrientation(ctx, desk, id, "cims", "erreur de lieu")
	if err != nil || r.Place != "cims" || remaining != 1 {
		t.Fatalf("desk withdrawal: %+v, %d remaining, %v; want cims and the coordination's remaining", r, remaining, err)
	}
	if list, _ := s.ReferralsTo(ctx, cimsTrainer, "cims"); len(list) != 1 || list[0].Prescriber != "" {
		t.Errorf("only the coordination's orientation stays in force: %+v", list)
	}
	if _, _, err := s.WithdrawOrientation(ctx, coord, id, "cims", "erreur"); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.ReferralsTo(ctx, cimsTrainer, "cims"); len(list) != 0 {
		t.Errorf("after the coordination's withdrawal the CIMS still lists %+v", list)
	}
	if _, err := s.OrientPerson(ctx, desk, id, "cims", "", false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Anonymise(ctx, coord, id, "demande de la personne"); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.WithdrawOrientation(ctx, coord, id, "cims", "erreur")
	wantKind(t, err, domain.KindConflict, "est anonymisée")
}
