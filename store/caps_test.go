package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"passnum/domain"
)

func person(last, first, birth string) domain.Person {
	return domain.Person{LastName: last, FirstName: first, BirthDate: day(birth), Commune: "60175", QPV: "Hauts de Creil",
		Diploma: "bac", Status: domain.StatusOther, Consent: true}
}

func countRows(t *testing.T, s *Store, q string, args ...any) int {
	t.Helper()
	var n int
	if err := s.read.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The same person typed another way is refused until the desk says it is someone else, and
// that decision is kept: a later correction does not ask again.
func TestAddPersonRefusesLikelyDuplicate(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	first, err := s.AddPerson(ctx, desk, person("Haddad", "Inès", "2007-05-12"), PersonOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, typed := range []domain.Person{
		person("HADDAD", "Ines", "2007-05-12"),
		person("Inès", "Haddad", "2007-05-12"),   // swapped names
		person("Hadad", "Inès", "2007-05-12"),    // one typo
		person("Haddad", "Inès", "2007-12-05"),   // day and month swapped
		person(" haddad ", "INÈS", "2007-05-12"), // spaces and case
	} {
		_, err := s.AddPerson(ctx, desk, typed, PersonOptions{})
		wantKind(t, err, domain.KindConflict, "personne peut-être déjà enregistrée : n°"+strconv.FormatInt(first, 10)+" Inès HADDAD, né(e) le 12/05/2007 (Creil)")
		cands := domain.DuplicatesOf(err)
		if len(cands) != 1 || cands[0].Person.ID != first || cands[0].Reason == "" || cands[0].Person.CreatedBy != desk.ID {
			t.Errorf("%s %s: candidates = %+v", typed.LastName, typed.FirstName, cands)
		}
	}
	if n := countRows(t, s, `SELECT count(*) FROM person`); n != 1 {
		t.Fatalf("refused registrations wrote %d people", n)
	}
	// A different person: same name, another birth year.
	if _, err := s.AddPerson(ctx, desk, person("Haddad", "Inès", "2006-05-12"), PersonOptions{}); err != nil {
		t.Fatalf("same name, other year: %v", err)
	}
	second, err := s.AddPerson(ctx, desk, person("HADDAD", "Ines", "2007-05-12"), PersonOptions{NotDuplicate: true})
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.History(ctx, "person", strconv.FormatInt(second, 10))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(historyText(h), "pas la même personne que n°"+strconv.FormatInt(first, 10)) {
		t.Errorf("the decision is not audited: %s", historyText(h))
	}
	p, _ := s.Person(ctx, second)
	p.Address = "3 rue de la Paix"
	if err := s.UpdatePerson(ctx, desk, p, PersonOptions{}); err != nil {
		t.Errorf("a correction asks again about a pair already decided: %v", err)
	}
}

func historyText(h []AuditEntry) string {
	var b strings.Builder
	for _, e := range h {
		b.WriteString(e.Action + " " + e.Detail + "\n")
	}
	return b.String()
}

func householdStore(t *testing.T) (*Store, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
	prog := domain.Programme{ID: "lens", Name: "Pass Lens-Liévin", ChequeValueCents: 1000, ChequesPerCarnet: 10,
		ValidFrom: day("2026-01-01"), ValidUntil: day("2027-06-30"), Limits: domain.Limits{CarnetsPerHousehold: 1},
		Publics: []domain.Public{{ID: "tous", Name: "Habitants", Residence: domain.ResidenceTerritory}}}
	s, err := Open(filepath.Join(t.TempDir(), "passnum.db"), Options{Programmes: []domain.Programme{prog},
		Communes: []domain.Commune{{INSEE: "62498", Name: "Lens"}, {INSEE: "62510", Name: "Liévin"}}, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	nums, _ := domain.CarnetNumbers("800001", 4)
	var specs []CarnetSpec
	for _, n := range nums {
		specs = append(specs, CarnetSpec{Number: n})
	}
	if err := s.ReceiveCarnets(ctx, coord, "lens", specs); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AllocateCarnets(ctx, coord, "lens", "cs-brassens", 4); err != nil {
		t.Fatal(err)
	}
	return s, c
}

func resident(last, first, birth, commune, address string) domain.Person {
	return domain.Person{LastName: last, FirstName: first, BirthDate: day(birth), Commune: commune, Address: address, Consent: true}
}

// One carnet per foyer holds however the address is typed, and names who holds it.
func TestHouseholdCapByAddress(t *testing.T) {
	s, _ := householdStore(t)
	ctx := context.Background()
	jean, err := s.AddPerson(ctx, desk, resident("Dupont", "Jean", "1960-03-01", "62498", "12 rue Émile-Zola"), PersonOptions{})
	if err != nil {
		t.Fatal(err)
	}
	marie, err := s.AddPerson(ctx, desk, resident("Dupont", "Marie", "1962-07-09", "62498", "12, Rue Emile Zola"), PersonOptions{})
	if err != nil {
		t.Fatal(err)
	}
	elsewhere, err := s.AddPerson(ctx, desk, resident("Durand", "Luc", "1970-01-02", "62510", "12 rue Émile-Zola"), PersonOptions{})
	if err != nil {
		t.Fatal(err)
	}
	nowhere, err := s.AddPerson(ctx, desk, resident("Petit", "Léa", "1980-04-05", "62498", ""), PersonOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.IssueCarnet(ctx, desk, "800001", jean); err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.IssueCarnet(ctx, desk, "800002", marie), domain.KindConflict, "limite du foyer atteinte : 1 carnet sur 1 (Jean DUPONT : 1 carnet)")
	if c, _ := s.Carnet(ctx, "800002"); c.State != domain.CarnetAllocated {
		t.Errorf("a refused hand-over left carnet 800002 %s", c.State)
	}
	st, err := s.Standing(ctx, marie, "lens")
	if err != nil || st.CanIssue() || len(st.Housemates) != 1 || st.Housemates[0].ID != jean {
		t.Errorf("Marie's standing = %+v, %v", st, err)
	}
	// The same street in another commune is another foyer.
	if err := s.IssueCarnet(ctx, desk, "800002", elsewhere); err != nil {
		t.Errorf("same street in Liévin: %v", err)
	}
	wantKind(t, s.IssueCarnet(ctx, desk, "800003", nowhere), domain.KindInvalid, "adresse du foyer à renseigner")
	// Linked to Jean's foyer without an address: refused too.
	linked, err := s.AddPerson(ctx, desk, resident("Dupont", "Kevin", "2001-11-30", "62498", ""), PersonOptions{HouseholdOf: jean})
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.IssueCarnet(ctx, desk, "800003", linked), domain.KindConflict, "Jean DUPONT : 1 carnet")
	// A link to someone without a foyer makes one for both.
	partner, err := s.AddPerson(ctx, desk, resident("Petit", "Marc", "1979-02-03", "62498", ""), PersonOptions{HouseholdOf: nowhere})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.IssueCarnet(ctx, desk, "800003", nowhere); err != nil {
		t.Fatalf("Léa, now in a foyer: %v", err)
	}
	wantKind(t, s.IssueCarnet(ctx, desk, "800004", partner), domain.KindConflict, "Léa PETIT : 1 carnet")
	if c, _ := s.Carnet(ctx, "800001"); c.Public != "tous" {
		t.Errorf("carnet 800001 public = %q, want the public Jean matched", c.Public)
	}
}

// Earlier versions' free-text households become links: the same text, the same foyer.
func TestMigrationTurnsHouseholdTextIntoLinks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db := openRaw(t, path)
	// A ledger of schema 3, as the previous version left it.
	for _, name := range []string{"0001_init.sql", "0002_person_name_order.sql", "0003_sessions_claims.sql"} {
		body, err := migrations.ReadFile("migrations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(string(body)); err != nil {
			t.Fatal(name, err)
		}
	}
	for _, stmt := range []string{
		`PRAGMA user_version = 3`,
		`INSERT INTO person(last_name, first_name, norm_last, norm_first, birth_date, commune, household, created_at, created_by) VALUES
			('Dupont','Jean','dupont','jean','1960-03-01','62498','DUPONT 12 rue Zola','',''),
			('Dupont','Marie','dupont','marie','1962-07-09','62498','DUPONT 12 rue Zola','',''),
			('Petit','Léa','petit','lea','1980-04-05','62498','','','')`,
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatal(stmt, err)
		}
	}
	db.Close()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	jean, _ := s.Person(ctx, 1)
	marie, _ := s.Person(ctx, 2)
	lea, _ := s.Person(ctx, 3)
	if jean.Household == 0 || jean.Household != marie.Household || lea.Household != 0 {
		t.Errorf("households after migration: Jean %d, Marie %d, Léa %d", jean.Household, marie.Household, lea.Household)
	}
}

// A merge moves the carnets, diagnostics and attendance, keeps a pointer, and reports a cap
// the kept person now exceeds; the caps count the moved carnets.
func TestMergePeople(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	stock(t, s, 5)
	keep, err := s.AddPerson(ctx, desk, person("Haddad", "Inès", "2007-05-12"), PersonOptions{})
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.AddPerson(ctx, desk, person("HADDAD", "Ines", "2007-05-12"), PersonOptions{NotDuplicate: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, iss := range []struct {
		n  string
		id int64
	}{{"600001", keep}, {"600002", keep}, {"600003", other}, {"600004", other}} {
		if err := s.IssueCarnet(ctx, desk, iss.n, iss.id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SaveDiagnostic(ctx, desk, other, domain.DiagnosticInput{}, domain.DiagnosticResult{}); err != nil {
		t.Fatal(err)
	}
	// Both records on one sheet (the same person came twice under two names), the other alone
	// on a second one.
	start := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	both, alone := newSession(t, s, trainer, "pimms", start, 60, 4), newSession(t, s, trainer, "pimms", start, 60, 4)
	for _, at := range []struct {
		sess string
		id   int64
	}{{both.ID, keep}, {both.ID, other}, {alone.ID, other}} {
		if _, _, err := s.AddParticipantPerson(ctx, trainer, at.sess, at.id); err != nil {
			t.Fatal(err)
		}
	}
	_, err = s.MergePeople(ctx, desk, keep, other, "inscrite deux fois")
	wantKind(t, err, domain.KindForbidden, "fusionner deux fiches")
	_, err = s.MergePeople(ctx, coord, keep, other, " ")
	wantKind(t, err, domain.KindInvalid, "motif : obligatoire")
	m, err := s.MergePeople(ctx, coord, keep, other, "inscrite deux fois, accents différents")
	if err != nil {
		t.Fatal(err)
	}
	if m.Carnets != 2 || m.Diagnostics != 1 || len(m.OverCaps) != 1 {
		t.Fatalf("merge = %+v", m)
	}
	want := "n°" + strconv.FormatInt(keep, 10) + " Inès HADDAD détient désormais 4 carnets du programme Pass Creil pour un maximum de 2"
	if got := m.OverCaps[0].Message(); got != want {
		t.Errorf("over-cap message = %q, want %q", got, want)
	}
	for _, sess := range []string{both.ID, alone.ID} {
		ps, err := s.Participants(ctx, sess)
		if err != nil || len(ps) != 1 || ps[0].PersonID != keep {
			t.Errorf("sheet %s after the merge = %+v (%v), want one line for n°%d", sess, ps, err, keep)
		}
	}
	if carnets, _ := s.PersonCarnets(ctx, keep); len(carnets) != 4 {
		t.Errorf("kept person holds %d carnets, want 4", len(carnets))
	}
	if p, err := s.Person(ctx, other); err != nil || p.ID != keep {
		t.Errorf("the merged number leads to %d (%v), want %d", p.ID, err, keep)
	}
	wantKind(t, s.IssueCarnet(ctx, desk, "600005", keep), domain.KindConflict, "limite atteinte : 4 carnets sur 2")
	if list, _ := s.OverCaps(ctx); len(list) != 1 || list[0].Person.ID != keep {
		t.Errorf("over-caps = %+v", list)
	}
	if found, _ := s.FindPeople(ctx, "haddad", 10); len(found) != 1 {
		t.Errorf("search shows the merged record: %d people", len(found))
	}
	_, err = s.MergePeople(ctx, coord, keep, other, "encore")
	wantKind(t, err, domain.KindConflict, "déjà été fusionnée")
	if n := countRows(t, s, `SELECT count(*) FROM audit WHERE action = 'person.merge' AND entity_id = ?`, strconv.FormatInt(keep, 10)); n != 1 {
		t.Errorf("%d merge audit rows, want 1", n)
	}
}

func TestNoCarnetWithoutConsent(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	stock(t, s, 1)
	p := person("Martin", "Inès", "2006-05-04")
	p.Consent = false
	id, err := s.AddPerson(ctx, desk, p, PersonOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.IssueCarnet(ctx, desk, "600001", id), domain.KindConflict, "la personne n'a pas donné son accord pour l'enregistrement de ses données")
}

// A number names one thing: a chèque may not carry a carnet's number, in one delivery or
// across deliveries, and the refused delivery records nothing.
func TestNumbersUniqueAcrossCarnetsAndCheques(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	five := func(prefix string) []string {
		var out []string
		for i := 1; i <= 5; i++ {
			out = append(out, prefix+strconv.Itoa(i))
		}
		return out
	}
	err := s.ReceiveCarnets(ctx, coord, "creil", []CarnetSpec{
		{Number: "600001", Line: 1, Cheques: five("X1")},
		{Number: "600002", Line: 2, Cheques: []string{"X21", "600001", "X23", "X24", "X25"}},
	})
	wantKind(t, err, domain.KindInvalid, "ligne 2 : le chèque 600001 porte le numéro du carnet 600001 (ligne 1)")
	if n := countRows(t, s, `SELECT count(*) FROM carnet`); n != 0 {
		t.Fatalf("a refused delivery recorded %d carnets", n)
	}
	if err := s.ReceiveCarnets(ctx, coord, "creil", []CarnetSpec{{Number: "600001", Cheques: five("X1")}}); err != nil {
		t.Fatal(err)
	}
	err = s.ReceiveCarnets(ctx, coord, "creil", []CarnetSpec{{Number: "700001", Line: 3}, {Number: "X12", Line: 4}})
	wantKind(t, err, domain.KindConflict, "ligne 4 : le numéro de carnet X12 est déjà celui d'un chèque")
	err = s.ReceiveCarnets(ctx, coord, "creil", []CarnetSpec{{Number: "700001", Line: 7, Cheques: []string{"600001", "Y2", "Y3", "Y4", "Y5"}}})
	wantKind(t, err, domain.KindConflict, "ligne 7 : le chèque 600001 porte le numéro d'un carnet déjà enregistré")
	if n := countRows(t, s, `SELECT count(*) FROM carnet`); n != 1 {
		t.Fatalf("refused deliveries recorded carnets: %d in all", n)
	}
}

func openRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	return db
}
