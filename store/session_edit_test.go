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

// A session is corrected until its sheet is closed: the programme's rules and the people on the
// sheet are checked as at creation, each correction is audited, a closed session is refused.
func TestUpdateSession(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	people := handOver(t, s, "creil", "600001", 3)
	day := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	c.t = day.Add(-24 * time.Hour)

	_, err := s.CreateSession(ctx, trainer, domain.Session{Place: "pimms", Title: "Atelier", Themes: []string{"E-mail"}, Level: "Débutant",
		Type: domain.SessionCollective, Start: day, DurationMinutes: 180, Capacity: 8})
	wantKind(t, err, domain.KindInvalid, "durée : 180 min : le programme paie des séances de 120 min au plus (Pass Creil)")

	sess := newSession(t, s, trainer, "pimms", day, 90, 8)
	for _, id := range people[:2] {
		if _, _, err := s.AddParticipantPerson(ctx, trainer, sess.ID, id); err != nil {
			t.Fatal(err)
		}
	}
	long, short, one, title := 180, 60, 1, "Envoyer une pièce jointe"
	_, err = s.UpdateSession(ctx, trainer, sess.ID, SessionEdit{DurationMinutes: &long})
	wantKind(t, err, domain.KindInvalid, "durée : 180 min : le programme paie des séances de 120 min au plus")
	_, err = s.UpdateSession(ctx, trainer, sess.ID, SessionEdit{Capacity: &one})
	wantKind(t, err, domain.KindInvalid, "capacité : 1 place, mais 2 personnes présentes déjà sur la feuille")
	_, err = s.UpdateSession(ctx, cimsTrainer, sess.ID, SessionEdit{DurationMinutes: &short})
	wantKind(t, err, domain.KindForbidden, "")
	if got, _ := s.Session(ctx, sess.ID); got.DurationMinutes != 90 || got.Capacity != 8 {
		t.Fatalf("a refused correction changed the session: %+v", got)
	}

	later := day.Add(time.Hour)
	got, err := s.UpdateSession(ctx, trainer, sess.ID, SessionEdit{DurationMinutes: &short, Title: &title, Start: &later, Themes: []string{"Santé"}})
	if err != nil || got.DurationMinutes != 60 || got.Title != title || !got.Start.Equal(later) || got.Themes[0] != "Santé" {
		t.Fatalf("correction: %+v %v", got, err)
	}
	h, _ := s.History(ctx, "session", sess.ID)
	last := h[len(h)-1]
	if last.Action != "session.edit" || !strings.Contains(last.Before, "90 min") || !strings.Contains(last.After, "60 min") {
		t.Fatalf("audit of the correction: %+v", last)
	}

	// Two on the sheet, capacity 2: a third is refused at once.
	two := 2
	if _, err := s.UpdateSession(ctx, trainer, sess.ID, SessionEdit{Capacity: &two}); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.AddParticipantPerson(ctx, trainer, sess.ID, people[2])
	wantKind(t, err, domain.KindConflict, "capacité 2 atteinte")

	c.t = later.Add(2 * time.Hour)
	if _, err := s.RedeemForSession(ctx, trainer, sess.ID); err != nil {
		t.Fatal(err)
	}
	closed, _ := s.Session(ctx, sess.ID)
	if !closed.Closed() {
		t.Fatalf("closing the sheet must mark the session closed: %+v", closed)
	}
	_, err = s.UpdateSession(ctx, trainer, sess.ID, SessionEdit{DurationMinutes: &long})
	wantKind(t, err, domain.KindConflict, "séance "+sess.ID+" close le")

	// A chèque encashed for a session outside its sheet (redeem --session) freezes it as well.
	other := newSession(t, s, trainer, "pimms", later, 60, 8)
	if _, err := s.Redeem(ctx, trainer, "600003-01", "pimms", other.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.UpdateSession(ctx, trainer, other.ID, SessionEdit{DurationMinutes: &short})
	wantKind(t, err, domain.KindConflict, "séance "+other.ID+" : 1 chèque encaissé déjà pour elle")
}

// A reopened sheet says why a line was refused; once the line is paid, or its redemption
// cancelled, it says nothing any more.
func TestSheetKeepsRefusals(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	handOver(t, s, "creil", "600001", 1)
	day := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	c.t = day.Add(time.Hour)
	sess := newSession(t, s, trainer, "pimms", day, 90, 8)
	p := scan(t, s, trainer, sess.ID, "600001-01")
	if _, err := s.Redeem(ctx, trainer, "600001-01", "pimms", ""); err != nil { // used elsewhere first
		t.Fatal(err)
	}
	if _, err := s.RedeemForSession(ctx, trainer, sess.ID); err != nil {
		t.Fatal(err)
	}
	sheet, _ := s.Participants(ctx, sess.ID)
	if len(sheet) != 1 || !strings.Contains(sheet[0].Refusal, "600001-01") {
		t.Fatalf("the refusal must be kept on the line: %+v", sheet)
	}
	if _, _, err := s.AddParticipantByCheque(ctx, trainer, sess.ID, "600001-02"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RedeemForSession(ctx, trainer, sess.ID); err != nil {
		t.Fatal(err)
	}
	sheet, _ = s.Participants(ctx, sess.ID)
	if sheet[0].Refusal != "" || len(sheet[0].Cheques) != 1 {
		t.Fatalf("a paid line has no refusal: %+v", sheet[0])
	}
	if _, err := s.CancelRedemption(ctx, trainer, "600001-02", "erreur"); err != nil {
		t.Fatal(err)
	}
	sheet, _ = s.Participants(ctx, sess.ID)
	if sheet[0].ID != p.ID || sheet[0].Refusal != "" || len(sheet[0].Cheques) != 0 {
		t.Fatalf("after a cancellation the line is neither paid nor refused: %+v", sheet[0])
	}
}

// A person found by name comes with the chèque they hand over, which must be theirs.
func TestAddParticipantWithCheque(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	people := handOver(t, s, "creil", "600001", 2)
	day := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	c.t = day
	sess := newSession(t, s, trainer, "pimms", day, 90, 8)
	_, _, err := s.AddParticipantWithCheque(ctx, trainer, sess.ID, people[0], "600002-01")
	wantKind(t, err, domain.KindConflict, "chèque : 600002-01 n'est pas dans un carnet remis à cette personne")
	_, _, err = s.AddParticipantWithCheque(ctx, trainer, sess.ID, people[0], "999999-01")
	wantKind(t, err, domain.KindNotFound, "chèque 999999-01 introuvable")
	p, added, err := s.AddParticipantWithCheque(ctx, trainer, sess.ID, people[0], "600001-03")
	if err != nil || !added || p.Cheque != "600001-03" || p.PersonID != people[0] {
		t.Fatalf("by name with a chèque: %+v %v %v", p, added, err)
	}
}

// Every follow-up is kept with its date and its Pix positioning (kept in its canonical form,
// an older free text as typed); the bilan reads the whole history.
func TestFollowUpHistory(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	people := handOver(t, s, "creil", "600001", 1)
	day := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	c.t = day.Add(2 * time.Hour)
	sess := newSession(t, s, trainer, "pimms", day, 90, 8)
	if _, _, err := s.AddParticipantPerson(ctx, trainer, sess.ID, people[0]); err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.RecordFollowUpNote(ctx, trainer, sess.ID, people[0], domain.FollowUpNote{Autonomy: "Autonome", Pix: "beaucoup"}), domain.KindInvalid, "positionnement Pix")
	if err := s.RecordFollowUpNote(ctx, trainer, sess.ID, people[0], domain.FollowUpNote{Autonomy: "Avec guidage", Comment: "découvre la souris"}); err != nil {
		t.Fatal(err)
	}
	c.t = c.t.AddDate(0, 0, 1) // the next day
	if err := s.RecordFollowUpNote(ctx, trainer, sess.ID, people[0], domain.FollowUpNote{Autonomy: "Autonome", Comment: "a fini le parcours", Pix: "312 pix, informations 2, communication 3"}); err != nil {
		t.Fatal(err)
	}
	sheet, _ := s.Participants(ctx, sess.ID)
	p := sheet[0]
	if p.Autonomy != "Autonome" || p.Pix != "312 1:2 2:3" || len(p.Notes) != 2 || p.Notes[0].Comment != "découvre la souris" || !p.Notes[1].At.After(p.Notes[0].At) {
		t.Fatalf("sheet line: %+v", p)
	}
	lines, err := s.Bilan(ctx, desk, "cs-brassens", "")
	if err != nil || len(lines) != 1 || len(lines[0].Notes) != 2 || lines[0].Notes[1].Pix != "312 1:2 2:3" || lines[0].Notes[0].Comment != "découvre la souris" {
		t.Fatalf("bilan history: %+v %v", lines, err)
	}
	if got := domain.PixText(lines[0].Notes[1].Pix); got != "312 pix · Informations et données niveau 2 · Communication et collaboration niveau 3" {
		t.Errorf("positioning read back as %q", got)
	}
	// A free text typed before positionings were checked is read back as typed.
	if _, err := s.write.Exec(`UPDATE follow_up_note SET pix = 'ABC Diag : 2,5' WHERE comment = 'découvre la souris'`); err != nil {
		t.Fatal(err)
	}
	sheet, _ = s.Participants(ctx, sess.ID)
	if n := sheet[0].Notes[0]; n.Pix != "ABC Diag : 2,5" || domain.PixText(n.Pix) != "ABC Diag : 2,5" {
		t.Errorf("old free text: %+v", n)
	}
}

// A ledger of the previous schema keeps its follow-ups as the first note of each history, and a
// session whose chèques were encashed from its sheet counts as closed.
func TestMigrationKeepsFollowUpsAndClosedSheets(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 23, 16, 0, 0, 0, time.UTC)}
	path := filepath.Join(t.TempDir(), "passnum.db")
	s, err := Open(path, trainerOptions(c.now))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := s.UpsertPlaces(ctx, coord, []domain.Place{{ID: "pimms", Name: "PIMMS de Creil", Qualified: true}}); err != nil {
		t.Fatal(err)
	}
	people := handOver(t, s, "creil", "600001", 1)
	paid := newSession(t, s, trainer, "pimms", c.t.Add(-2*time.Hour), 90, 8)
	open := newSession(t, s, trainer, "pimms", c.t.Add(time.Hour), 90, 8)
	scan(t, s, trainer, paid.ID, "600001-01")
	if _, err := s.RedeemForSession(ctx, trainer, paid.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordFollowUp(ctx, trainer, paid.ID, people[0], "Autonome", "a envoyé un e-mail"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// Back to schema 9: what this version adds is removed, the data of the columns kept.
	db := openRaw(t, path)
	for _, stmt := range []string{
		// 0014 (orientation columns), 0013_imports.sql and 0012_orientation.sql, applied after 0011, go first.
		`DROP TABLE import_row`,
		`DROP TABLE orientation`,
		`ALTER TABLE carnet DROP COLUMN accompanied`,
		`ALTER TABLE carnet DROP COLUMN extra_reason`,
		`DROP TABLE follow_up_note`,
		`ALTER TABLE follow_up DROP COLUMN pix`,
		`ALTER TABLE participant DROP COLUMN refusal`,
		`ALTER TABLE session DROP COLUMN closed_at`,
		`ALTER TABLE session DROP COLUMN closed_by`,
		fmt.Sprintf(`PRAGMA user_version = %d`, SchemaVersion()-4),
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatal(stmt, err)
		}
	}
	db.Close()

	s, err = Open(path, trainerOptions(c.now))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, _ := s.Session(ctx, paid.ID); !got.Closed() {
		t.Errorf("a session paid from its sheet must be closed after the migration: %+v", got)
	}
	if got, _ := s.Session(ctx, open.ID); got.Closed() {
		t.Errorf("a session with nothing encashed stays open: %+v", got)
	}
	sheet, _ := s.Participants(ctx, paid.ID)
	if len(sheet) != 1 || len(sheet[0].Notes) != 1 || sheet[0].Notes[0].Comment != "a envoyé un e-mail" || sheet[0].Notes[0].At.IsZero() {
		t.Fatalf("the follow-up must become the first note of its history: %+v", sheet)
	}
}
