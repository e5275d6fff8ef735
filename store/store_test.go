package store

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"passnum/domain"
)

var (
	coord   = domain.User{ID: "coord", Name: "Coordination", Role: domain.RoleCoordination}
	desk    = domain.User{ID: "awa", Name: "Awa", Role: domain.RoleAccueil, Prescriber: "cs-brassens"}
	trainer = domain.User{ID: "karim", Name: "Karim", Role: domain.RoleFormateur, Place: "pimms"}
)

func day(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func testStore(t *testing.T) (*Store, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
	age := func(a int) *int { return &a }
	prog := domain.Programme{ID: "creil", Name: "Pass Creil", ChequeValueCents: 1000, ChequesPerCarnet: 5,
		ValidFrom: day("2026-01-01"), ValidUntil: day("2027-06-30"), ToleranceDays: 30,
		Limits:  domain.Limits{CarnetsPerPerson: 2},
		Publics: []domain.Public{{ID: "jeune", Name: "Jeunes", AgeMin: age(16), AgeMax: age(25), MaxDiploma: "bac", Residence: domain.ResidenceQPV}}}
	s, err := Open(filepath.Join(t.TempDir(), "passnum.db"), Options{
		Programmes: []domain.Programme{prog},
		Communes:   []domain.Commune{{INSEE: "60175", Name: "Creil", QPV: []string{"Hauts de Creil"}}},
		Now:        c.now,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.UpsertPlaces(context.Background(), coord, []domain.Place{
		{ID: "pimms", Name: "PIMMS de Creil", Qualified: true, Services: []string{domain.SvcAdmin}},
		{ID: "cyber", Name: "Cyber-Formation Pro"},
	}); err != nil {
		t.Fatal(err)
	}
	return s, c
}

func addYoung(t testing.TB, s *Store, name string) int64 {
	t.Helper()
	// Fixtures share a birth date and near names on purpose; duplicates are tested on their own.
	id, err := s.AddPerson(context.Background(), desk, domain.Person{LastName: name, FirstName: "Inès", BirthDate: day("2006-05-04"),
		Commune: "60175", QPV: "Hauts de Creil", Diploma: "bac", Status: domain.StatusOther, Consent: true}, PersonOptions{NotDuplicate: true})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// stock receives n carnets from 600001 and allocates them to the desk's prescriber.
func stock(t *testing.T, s *Store, n int) {
	t.Helper()
	ctx := context.Background()
	nums, _ := domain.CarnetNumbers("600001", n)
	var specs []CarnetSpec
	for _, x := range nums {
		specs = append(specs, CarnetSpec{Number: x})
	}
	if err := s.ReceiveCarnets(ctx, coord, "creil", specs); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AllocateCarnets(ctx, coord, "creil", "cs-brassens", n); err != nil {
		t.Fatal(err)
	}
}

func wantKind(t *testing.T, err error, kind domain.Kind, phrase string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want a %s error saying %q, got nil", kind.Label(), phrase)
	}
	if domain.KindOf(err) != kind || !strings.Contains(err.Error(), phrase) {
		t.Fatalf("got %q (%s), want %s saying %q", err, domain.KindOf(err).Label(), kind.Label(), phrase)
	}
}

func TestCarnetLifecycle(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	stock(t, s, 3)
	id := addYoung(t, s, "Martin")
	for _, n := range []string{"600001", "600002"} {
		if err := s.IssueCarnet(ctx, desk, n, id); err != nil {
			t.Fatal(err)
		}
	}
	wantKind(t, s.IssueCarnet(ctx, desk, "600003", id), domain.KindConflict, "limite atteinte : 2 carnets sur 2")
	c, err := s.Carnet(ctx, "600003")
	if err != nil || c.State != domain.CarnetAllocated {
		t.Fatalf("a refused hand-over must leave the carnet allocated, got %v %v", c.State, err)
	}
	c, _ = s.Carnet(ctx, "600001")
	if c.State != domain.CarnetIssued || len(c.Cheques) != 5 || c.Cheques[0].Number != "600001-01" || c.Cheques[4].State != domain.ChequeAvailable {
		t.Fatalf("issued carnet = %+v", c)
	}
	h, _ := s.History(ctx, "carnet", "600001")
	if len(h) != 2 || h[1].Action != "carnet.issue" || h[1].User != "awa" || h[1].Before != "attribue" || h[1].After != "remis" {
		t.Fatalf("audit trail = %+v", h)
	}
	wantKind(t, s.IssueCarnet(ctx, desk, "600001", id), domain.KindConflict, "remis à une personne")
	wantKind(t, s.IssueCarnet(ctx, desk, "999999", id), domain.KindNotFound, "carnet 999999 introuvable")
}

func TestIssueRefusals(t *testing.T) {
	s, c := testStore(t)
	ctx := context.Background()
	stock(t, s, 2)
	old, err := s.AddPerson(ctx, desk, domain.Person{LastName: "Durand", FirstName: "Paul", BirthDate: day("1990-01-01"), Commune: "60175", QPV: "Hauts de Creil", Diploma: "aucun", Consent: true}, PersonOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.IssueCarnet(ctx, desk, "600001", old), domain.KindConflict, "le public Jeunes demande 16 à 25 ans")
	other := domain.User{ID: "ml", Name: "Mission locale", Role: domain.RoleAccueil, Prescriber: "ml-vallee-oise"}
	young := addYoung(t, s, "Martin")
	wantKind(t, s.IssueCarnet(ctx, other, "600001", young), domain.KindForbidden, "autre prescripteur")
	wantKind(t, s.IssueCarnet(ctx, trainer, "600001", young), domain.KindForbidden, "ne peut pas remettre un carnet")
	c.t = day("2027-06-20") // inside the last fifteen days
	wantKind(t, s.IssueCarnet(ctx, desk, "600001", young), domain.KindConflict, "distribution arrêtée")
}

func TestRedeem(t *testing.T) {
	s, c := testStore(t)
	ctx := context.Background()
	stock(t, s, 2)
	id := addYoung(t, s, "Martin")
	if err := s.IssueCarnet(ctx, desk, "600001", id); err != nil {
		t.Fatal(err)
	}
	c.t = time.Date(2026, 11, 23, 13, 5, 0, 0, time.UTC)
	if _, err := s.Redeem(ctx, trainer, "600001-01", "pimms", ""); err != nil {
		t.Fatal(err)
	}
	_, err := s.Redeem(ctx, trainer, "600001-01", "pimms", "")
	wantKind(t, err, domain.KindConflict, "déjà utilisé le 23/11/2026 à "+time.Date(2026, 11, 23, 13, 5, 0, 0, time.UTC).Local().Format("15:04")+" (PIMMS de Creil)")
	_, err = s.Redeem(ctx, trainer, "600002-01", "pimms", "")
	wantKind(t, err, domain.KindConflict, "pas encore remis")
	_, err = s.Redeem(ctx, coord, "600001-02", "cyber", "")
	wantKind(t, err, domain.KindConflict, "n'est pas qualifié")
	_, err = s.Redeem(ctx, trainer, "600001-02", "cyber", "")
	wantKind(t, err, domain.KindForbidden, "que pour son lieu")
	_, err = s.Redeem(ctx, desk, "600001-02", "pimms", "")
	wantKind(t, err, domain.KindForbidden, "encaisser")
	c.t = day("2027-08-15") // after the end and the 30-day tolerance
	_, err = s.Redeem(ctx, trainer, "600001-02", "pimms", "")
	wantKind(t, err, domain.KindConflict, "expiré")
	ch, _ := s.Cheque(ctx, "600001-02")
	if ch.State != domain.ChequeExpired {
		t.Errorf("an unused chèque past the tolerance shows %s, want expire", ch.State)
	}
	if err := s.VoidCarnet(ctx, coord, "600001", "perdu"); err != nil {
		t.Fatal(err)
	}
	ch, _ = s.Cheque(ctx, "600001-01")
	if ch.State != domain.ChequeUsed {
		t.Errorf("voiding keeps used chèques used, got %s", ch.State)
	}
}

func TestRedeemConcurrentlyOnce(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	stock(t, s, 1)
	id := addYoung(t, s, "Martin")
	if err := s.IssueCarnet(ctx, desk, "600001", id); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Redeem(ctx, trainer, "600001-03", "pimms", "")
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				wins++
			} else if !strings.Contains(err.Error(), "déjà utilisé") {
				t.Errorf("unexpected refusal: %v", err)
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Fatalf("%d redemptions of one chèque succeeded, want exactly 1", wins)
	}
}

func TestReceiveAllOrNothing(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	stock(t, s, 2)
	err := s.ReceiveCarnets(ctx, coord, "creil", []CarnetSpec{{Number: "700001"}, {Number: "600002"}})
	wantKind(t, err, domain.KindConflict, "600002 est déjà enregistré")
	if _, err := s.Carnet(ctx, "700001"); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("a refused delivery must record nothing, got %v", err)
	}
	_, err = s.AllocateCarnets(ctx, coord, "creil", "cs-brassens", 1)
	wantKind(t, err, domain.KindConflict, "stock insuffisant : 0 carnet en stock")
}

func TestFindPeopleIgnoresAccentsAndCase(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	for _, n := range [][2]string{{"Dupont", "Élodie"}, {"D'Hoker", "Jean"}, {"Durand", "Eloïse"}} {
		if _, err := s.AddPerson(ctx, desk, domain.Person{LastName: n[0], FirstName: n[1], BirthDate: day("2000-01-01"), Commune: "60175"}, PersonOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	tests := map[string]int{"dupont": 1, "ELODIE": 1, "elo": 2, "du": 2, "d hoker": 1, "dupont elo": 1, "zzz": 0}
	for q, want := range tests {
		got, err := s.FindPeople(ctx, q, 10)
		if err != nil || len(got) != want {
			t.Errorf("FindPeople(%q) = %d people (%v), want %d", q, len(got), err, want)
		}
	}
	f, err := s.Lookup(ctx, "dupont")
	if err != nil || f.Kind != "person" || f.Person.FirstName != "Élodie" {
		t.Fatalf("lookup by name = %+v, %v", f, err)
	}
}

func TestMigrateReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	for i := 0; i < 2; i++ {
		s, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var v int
		s.read.QueryRow("PRAGMA user_version").Scan(&v)
		if entries, _ := migrations.ReadDir("migrations"); v != len(entries) {
			t.Fatalf("user_version = %d", v)
		}
		s.Close()
	}
}
