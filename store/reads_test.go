package store

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"passnum/domain"
)

var otherDesk = domain.User{ID: "ml", Name: "Mission locale", Role: domain.RoleAccueil, Prescriber: "ml-vallee-oise"}

// Who may read whom, through the store: the desk that registered a person or handed them a
// carnet, the place they came to and the coordination read the whole record; another desk or
// place gets what duplicate checks need; the committee nothing.
func TestPersonAsMatrix(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	ids := handOver(t, s, "creil", "600001", 1) // registered by desk, carnet of cs-brassens
	holder := ids[0]
	mlPerson, err := s.AddPerson(ctx, otherDesk, domain.Person{LastName: "Zerbib", FirstName: "Noa", BirthDate: day("2004-02-03"),
		Commune: "60175", QPV: "Hauts de Creil", Diploma: "bac", Status: domain.StatusOther, Consent: true}, PersonOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The holder comes to a session at pimms.
	start := time.Date(2026, 11, 9, 14, 0, 0, 0, time.UTC)
	c.t = start.Add(time.Hour)
	sess := newSession(t, s, trainer, "pimms", start, 90, 8)
	if _, _, err := s.AddParticipantPerson(ctx, trainer, sess.ID, holder); err != nil {
		t.Fatal(err)
	}
	reader := domain.User{ID: "comite", Name: "Comité", Role: domain.RoleLecture}
	tests := []struct {
		u    domain.User
		id   int64
		want domain.View
	}{
		{coord, holder, domain.ViewFull}, {coord, mlPerson, domain.ViewFull},
		{desk, holder, domain.ViewFull}, {desk, mlPerson, domain.ViewLimited},
		{otherDesk, holder, domain.ViewLimited}, {otherDesk, mlPerson, domain.ViewFull},
		{trainer, holder, domain.ViewFull}, {trainer, mlPerson, domain.ViewLimited},
		{cimsTrainer, holder, domain.ViewLimited},
		{reader, holder, domain.ViewNone}, {reader, mlPerson, domain.ViewNone},
	}
	for _, tt := range tests {
		p, err := s.PersonAs(ctx, tt.u, tt.id)
		if tt.want == domain.ViewNone {
			wantKind(t, err, domain.KindForbidden, "pas les personnes")
			continue
		}
		if err != nil || p.View != tt.want || p.ID != tt.id || p.LastName == "" {
			t.Errorf("%s reads n°%d: %+v %v, want view %v", tt.u.ID, tt.id, p, err, tt.want)
		}
		if tt.want == domain.ViewLimited && (p.Status != "" || p.Diploma != "" || p.QPV != "") {
			t.Errorf("%s reads n°%d limited, yet sees %+v", tt.u.ID, tt.id, p)
		}
		if tt.want == domain.ViewFull && p.QPV == "" {
			t.Errorf("%s reads n°%d in full, yet misses the QPV: %+v", tt.u.ID, tt.id, p)
		}
	}
	// The search lists everyone for the duplicate check, limited as the card.
	found, err := s.FindPeopleAs(ctx, desk, "zerbib", 10)
	if err != nil || len(found) != 1 || !found[0].Limited() || found[0].Status != "" {
		t.Fatalf("desk searches another prescriber's person: %+v %v", found, err)
	}
	if _, err := s.FindPeopleAs(ctx, reader, "zerbib", 10); domain.KindOf(err) != domain.KindForbidden {
		t.Fatalf("committee searches people: %v", err)
	}
	// A lookup that lands on a limited record has no history (corrections hold the old values).
	f, err := s.LookupAs(ctx, desk, "#"+strconv.FormatInt(mlPerson, 10))
	if err != nil || f.Kind != "person" || f.View != domain.ViewLimited || f.Person.Status != "" || len(f.History) != 0 {
		t.Fatalf("desk looks up another prescriber's person: %+v %v", f, err)
	}
	f, err = s.LookupAs(ctx, desk, "Zerbib Noa")
	if err != nil || f.Kind != "person" || f.View != domain.ViewLimited {
		t.Fatalf("desk looks up by name: %+v %v", f, err)
	}
}

// Reads are audited: one row per opening, with who, what and from where; a search is no read;
// only the coordination sees them, in a record's history and in « consulté par ».
func TestReadsAreAudited(t *testing.T) {
	s, _ := trainerStore(t)
	ctx := context.Background()
	id := handOver(t, s, "creil", "600001", 1)[0]
	viaSSH := desk
	viaSSH.Via = "ssh SHA256:abc"
	reads := func() []PersonRead {
		t.Helper()
		r, err := s.PersonReads(ctx, coord, id, 10)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if _, err := s.FindPeopleAs(ctx, desk, "martin", 10); err != nil {
		t.Fatal(err)
	}
	if n := len(reads()); n != 0 {
		t.Fatalf("a search wrote %d reads", n)
	}
	if _, err := s.ReadPerson(ctx, viaSSH, id, "fiche"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LookupAs(ctx, desk, "#"+strconv.FormatInt(id, 10)); err != nil {
		t.Fatal(err)
	}
	r := reads()
	if len(r) != 2 || r[0].What != "lookup" || r[0].From != "local" || r[1].What != "fiche" || r[1].From != "ssh SHA256:abc" || r[1].User != desk.ID || r[1].Time().IsZero() {
		t.Fatalf("reads = %+v", r)
	}
	if _, err := s.PersonReads(ctx, desk, id, 10); domain.KindOf(err) != domain.KindForbidden {
		t.Fatalf("a desk sees who read a record: %v", err)
	}
	// The desk's history of the record leaves the reads out; the coordination's keeps them.
	f, _ := s.LookupAs(ctx, desk, "#"+strconv.FormatInt(id, 10))
	for _, h := range f.History {
		if h.Action == ActionPersonRead {
			t.Fatalf("desk history shows a read: %+v", h)
		}
	}
	f, _ = s.LookupAs(ctx, coord, "#"+strconv.FormatInt(id, 10))
	var seen int
	for _, h := range f.History {
		if h.Action == ActionPersonRead {
			seen++
		}
	}
	if seen != 3 {
		t.Fatalf("coordination history shows %d reads, want 3", seen)
	}
	if err := s.RecordReads(ctx, desk, "export bilan", id, id+100); err != nil {
		t.Fatal(err)
	}
	if n := len(reads()); n != 5 {
		t.Fatalf("after an export of 2: %d reads", n)
	}
}

// A read-only store (a CLI lookup) still writes the audit of its reads.
func TestReadOnlyStoreAuditsReads(t *testing.T) {
	c := &clock{t: time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)}
	path := filepath.Join(t.TempDir(), "passnum.db")
	s, err := Open(path, trainerOptions(c.now))
	if err != nil {
		t.Fatal(err)
	}
	id := addYoung(t, s, "Lecture")
	ro, err := OpenReadOnly(path, trainerOptions(c.now))
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.ReadPerson(context.Background(), desk, id, "eligibility"); err != nil {
		t.Fatal(err)
	}
	r, err := s.PersonReads(context.Background(), coord, id, 10)
	if err != nil || len(r) != 1 || r[0].What != "eligibility" {
		t.Fatalf("reads through a read-only store: %+v %v", r, err)
	}
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}
