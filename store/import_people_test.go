package store

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"passnum/domain"
)

// importRow is a spreadsheet row as domain/sheet reads it: a young Creil resident eligible to
// the test programme, and the carnet handed over on day.
func importRow(line int, last, first, birth, carnet, issued string) domain.PersonImportRow {
	p := person(last, first, birth)
	r := domain.PersonImportRow{Line: line, Person: p, Carnet: carnet}
	if issued != "" {
		r.IssuedAt = day(issued)
	}
	return r
}

// importCounts are the rows an import may write.
func importCounts(t *testing.T, s *Store) [5]int {
	t.Helper()
	return [5]int{countRows(t, s, `SELECT count(*) FROM person`), countRows(t, s, `SELECT count(*) FROM audit`),
		countRows(t, s, `SELECT count(*) FROM carnet WHERE state = 'remis'`), countRows(t, s, `SELECT count(*) FROM cheque WHERE state = 'disponible'`),
		countRows(t, s, `SELECT count(*) FROM import_row`)}
}

func outcomes(rep domain.ImportReport) string {
	var b strings.Builder
	for _, r := range rep.Rows {
		b.WriteString(string(r.Outcome)[:1])
	}
	return b.String()
}

// TestImportPeople: one file with a new person, an existing one, the same new person twice
// (the second time over the cap of 2), a row the reader refused and carnets that cannot be
// handed over. The dry run says it row by row and writes nothing; all-or-nothing refuses the
// lot; --skip-invalid records the good rows, dated as in the file, audited as imported, counted
// in the figures; importing the file again changes nothing.
func TestImportPeople(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	stock(t, s, 6)
	known := addYoung(t, s, "Martin")
	other := addYoung(t, s, "Bernard")
	if err := s.IssueCarnet(ctx, desk, "600006", other); err != nil {
		t.Fatal(err)
	}
	rows := []domain.PersonImportRow{
		importRow(2, "Petit", "Noé", "2004-02-01", "600001", "2026-03-05"),
		importRow(3, "MARTIN", "Ines", "2006-05-04", "600002", "2026-03-06"),
		importRow(4, "Petit", "Noe", "2004-02-01", "600003", "2026-04-01"),
		importRow(5, "PETIT", "Noé", "2004-02-01", "600004", "2026-04-02"),
		{Line: 6, Refusal: "ligne 6, colonne Date de naissance : vide — la date de naissance est obligatoire"},
		importRow(7, "Durand", "Léa", "2005-04-03", "600006", "2026-03-07"),
		importRow(8, "Moreau", "José", "2005-06-07", "699999", "2026-03-07"),
		importRow(9, "Leroy", "Anna", "2005-08-09", "", ""),
	}
	before := importCounts(t, s)

	dry, err := s.ImportPeople(ctx, coord, "/home/coord/beneficiaires.xlsx", rows, domain.ImportOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := outcomes(dry); got != "neerrrrn" {
		t.Fatalf("dry run outcomes %s, want neerrrrn: %+v", got, dry.Rows)
	}
	if dry.File != "beneficiaires.xlsx" || !dry.DryRun || dry.Applied {
		t.Errorf("dry run report %+v", dry)
	}
	if r := dry.Rows[1]; r.Candidate == nil || r.Candidate.Person.ID != known || !r.HandedOver {
		t.Errorf("line 3 is Martin n°%d receiving 600002: %+v", known, r)
	}
	if r := dry.Rows[2]; r.SameAsLine != 2 || !r.HandedOver {
		t.Errorf("line 4 is the person line 2 registers: %+v", r)
	}
	for i, want := range map[int]string{
		3: "ligne 5 : le carnet 600004 ne peut pas être remis à PETIT Noé (la personne de la ligne 2) le 02/04/2026 : limite atteinte : 2 carnets sur 2",
		4: "ligne 6, colonne Date de naissance : vide",
		5: "ligne 7 : le carnet 600006 est déjà remis à quelqu'un d'autre",
		6: "ligne 8 : carnet 699999 inconnu du registre",
	} {
		if !strings.Contains(dry.Rows[i].Reason, want) {
			t.Errorf("row %d: reason %q, want %q", dry.Rows[i].Line, dry.Rows[i].Reason, want)
		}
	}
	if after := importCounts(t, s); after != before {
		t.Fatalf("the dry run wrote: %v before, %v after", before, after)
	}

	_, err = s.ImportPeople(ctx, coord, "beneficiaires.xlsx", rows, domain.ImportOptions{})
	wantKind(t, err, domain.KindInvalid, "4 lignes refusées : rien n'est enregistré")
	if after := importCounts(t, s); after != before {
		t.Fatalf("a refused all-or-nothing import wrote: %v before, %v after", before, after)
	}

	rep, err := s.ImportPeople(ctx, coord, "beneficiaires.xlsx", rows, domain.ImportOptions{SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := outcomes(rep); got != "neerrrrn" || !rep.Applied || rep.HandedOver() != 3 {
		t.Fatalf("applied %s, %d handed over: %+v", got, rep.HandedOver(), rep.Rows)
	}
	noe := rep.Rows[0].Person.ID
	c, _ := s.Carnet(ctx, "600003")
	if c.State != domain.CarnetIssued || c.PersonID != noe || c.IssuedAt.Format("2006-01-02") != "2026-04-01" {
		t.Errorf("600003 must be Noé's (n°%d) since 01/04/2026: %+v", noe, c)
	}
	if c.ReceivedAt.Format("2006-01-02") != "2026-04-01" || c.AllocatedAt.Format("2006-01-02") != "2026-04-01" {
		t.Errorf("600003, received on 22/11 and handed over on 01/04, must count as received and allocated by then: %+v", c)
	}
	if n := countRows(t, s, `SELECT count(*) FROM audit WHERE action = 'carnet.backdate' AND entity_id = '600003' AND detail LIKE 'réception du 22/11/2026 et attribution du 22/11/2026 ramenées au 01/04/2026, jour de sa remise, import de beneficiaires.xlsx, ligne 4'`); n != 1 {
		t.Error("moving the reception back must be audited")
	}
	if n := countRows(t, s, `SELECT count(*) FROM person WHERE norm_last = 'petit'`); n != 1 {
		t.Errorf("the same person twice in the file gave %d records", n)
	}
	if n := countRows(t, s, `SELECT count(*) FROM audit WHERE user_id = 'coord' AND detail LIKE '%import de beneficiaires.xlsx, ligne _%'
		AND action IN ('person.import', 'carnet.issue')`); n != 5 {
		t.Errorf("%d audit rows name the file and row, want 5 (2 people, 3 carnets)", n)
	}
	march, err := s.ReportFacts(ctx, coord, "creil", domain.PeriodMonth(day("2026-03-01")))
	if err != nil {
		t.Fatal(err)
	}
	issued := 0
	for _, g := range march.Groups {
		if g.Dim == domain.ByPublic {
			issued += g.Issued
		}
	}
	if issued != 2 {
		t.Errorf("March's figures count %d carnets issued, want the 2 the file dates in March", issued)
	}

	applied := importCounts(t, s)
	again, err := s.ImportPeople(ctx, coord, "beneficiaires-copie.csv", rows, domain.ImportOptions{SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := outcomes(again); got != "aaarrrra" {
		t.Errorf("re-import outcomes %s, want aaarrrra: %+v", got, again.Rows)
	}
	if again.Rows[0].ImportedFile != "beneficiaires.xlsx" {
		t.Errorf("the earlier import is named: %+v", again.Rows[0])
	}
	if after := importCounts(t, s); after != applied {
		t.Errorf("importing the same rows again changed the ledger: %v, then %v", applied, after)
	}
}

// TestImportPeopleHandOverRules: a carnet still in the central stock is allocated to the
// structure the file names (and refused without one); another structure's carnet, a day outside
// the distribution, a person without consent and a closed programme are refused.
func TestImportPeopleHandOverRules(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	stock(t, s, 2)
	if err := s.ReceiveCarnets(ctx, coord, "creil", []CarnetSpec{{Number: "700001"}, {Number: "700002"}}); err != nil {
		t.Fatal(err)
	}
	fromStock := importRow(2, "Petit", "Noé", "2004-02-01", "700001", "2026-03-05")
	fromStock.Prescriber = "ccas-creil"
	noStructure := importRow(3, "Durand", "Léa", "2005-04-03", "700002", "2026-03-05")
	elsewhere := importRow(4, "Moreau", "José", "2005-06-07", "600001", "2026-03-05")
	elsewhere.Prescriber = "ccas-creil"
	early := importRow(5, "Leroy", "Anna", "2005-08-09", "600001", "2025-12-01")
	noConsent := importRow(6, "Roux", "Eva", "2005-10-11", "600002", "2026-03-05")
	noConsent.Person.Consent = false
	rep, err := s.ImportPeople(ctx, coord, "f.csv", []domain.PersonImportRow{fromStock, noStructure, elsewhere, early, noConsent}, domain.ImportOptions{SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := outcomes(rep); got != "nrrrr" {
		t.Fatalf("outcomes %s: %+v", got, rep.Rows)
	}
	for i, want := range []string{"", "ligne 3 : le carnet 700002 est encore dans le stock central — indiquez la structure",
		"ligne 4 : le carnet 600001 a été attribué à cs-brassens, pas à ccas-creil",
		"ligne 5, remise du 01/12/2025 : distribution pas encore ouverte",
		"ligne 6 : accord de ROUX Eva non renseigné — aucun carnet ne se remet sans"} {
		if !strings.Contains(rep.Rows[i].Reason, want) {
			t.Errorf("row %d: %q, want %q", rep.Rows[i].Line, rep.Rows[i].Reason, want)
		}
	}
	c, _ := s.Carnet(ctx, "700001")
	if c.State != domain.CarnetIssued || c.Prescriber != "ccas-creil" {
		t.Errorf("700001 from the stock must be allocated to ccas-creil and issued: %+v", c)
	}
	// The refused rows left nothing behind: no person, no import record.
	if n := countRows(t, s, `SELECT count(*) FROM person`); n != 1 {
		t.Errorf("%d people registered, want only Noé", n)
	}
	if n := countRows(t, s, `SELECT count(*) FROM import_row`); n != 1 {
		t.Errorf("%d rows recorded as imported, want 1", n)
	}

	if _, err := s.ImportPeople(ctx, desk, "f.csv", nil, domain.ImportOptions{DryRun: true}); domain.KindOf(err) != domain.KindForbidden {
		t.Errorf("a desk agent imports: %v", err)
	}
}

// TestImportPeopleAfterAnonymisation: the old spreadsheet imported again after a person was
// anonymised does not register them anew.
func TestImportPeopleAfterAnonymisation(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	rows := []domain.PersonImportRow{importRow(2, "Petit", "Noé", "2004-02-01", "", ""), importRow(3, "Leroy", "Anna", "2005-08-09", "", "")}
	rep, err := s.ImportPeople(ctx, coord, "f.csv", rows, domain.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Anonymise(ctx, coord, rep.Rows[0].Person.ID, "demande de la personne"); err != nil {
		t.Fatal(err)
	}
	again, err := s.ImportPeople(ctx, coord, "f.csv", rows, domain.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := outcomes(again); got != "aa" {
		t.Errorf("re-import after anonymisation: %s, want aa", got)
	}
	if n := countRows(t, s, `SELECT count(*) FROM person`); n != 2 {
		t.Errorf("%d people, want 2: the anonymised one is not registered again", n)
	}
	if n := countRows(t, s, `SELECT count(*) FROM import_row WHERE person_id = ? AND line = 0`, rep.Rows[0].Person.ID); n != 1 {
		t.Error("the anonymised person's import row must no longer give the spreadsheet's line")
	}
}

// TestImportPeopleRowPolicies: a row repeated in the file is the earlier row's person, not an
// earlier import; a likely duplicate spelled otherwise is refused rather than given a carnet;
// an address puts the person in a foyer.
func TestImportPeopleRowPolicies(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	stock(t, s, 4)
	known := addYoung(t, s, "Martin")
	typo := importRow(4, "Martn", "Inès", "2006-05-04", "600002", "2026-03-05")
	housed := importRow(6, "Leroy", "Anna", "2005-08-09", "", "")
	housed.Person.Address = "12 rue Émile Zola"
	rows := []domain.PersonImportRow{
		importRow(2, "Petit", "Noé", "2004-02-01", "600001", "2026-03-05"),
		importRow(3, "Petit", "Noé", "2004-02-01", "600001", "2026-03-05"),
		typo, housed,
	}
	rep, err := s.ImportPeople(ctx, coord, "f.csv", rows, domain.ImportOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := outcomes(rep); got != "nern" {
		t.Fatalf("outcomes %s: %+v", got, rep.Rows)
	}
	if r := rep.Rows[1]; r.SameAsLine != 2 || !r.CarnetHeld || r.HandedOver || r.Candidate == nil || r.Candidate.Person.ID != rep.Rows[0].Person.ID {
		t.Errorf("a repeated row is line 2's, carnet already theirs: %+v", r)
	}
	for i, want := range map[int]string{
		2: "ligne 4 : peut-être déjà enregistrée sous une autre écriture : n°" + strconv.FormatInt(known, 10) + " MARTIN Inès, né(e) le 04/05/2006 (",
	} {
		if !strings.Contains(rep.Rows[i].Reason, want) {
			t.Errorf("row %d: %q, want %q", rep.Rows[i].Line, rep.Rows[i].Reason, want)
		}
	}
	// Two records spelled alike (registered at the desk as different people): the import
	// does not choose.
	twin, err := s.AddPerson(ctx, desk, person("Martin", "Inès", "2006-05-04"), PersonOptions{NotDuplicate: true})
	if err != nil {
		t.Fatal(err)
	}
	twins, err := s.ImportPeople(ctx, coord, "f.csv", []domain.PersonImportRow{importRow(7, "Martin", "Inès", "2006-05-04", "600004", "2026-03-05")}, domain.ImportOptions{DryRun: true})
	if err != nil || len(twins.Rows) != 1 || !strings.Contains(twins.Rows[0].Reason, "ligne 7 : plusieurs fiches portent ce nom et cette date de naissance (n°"+strconv.FormatInt(known, 10)) ||
		!strings.Contains(twins.Rows[0].Reason, "n°"+strconv.FormatInt(twin, 10)) {
		t.Errorf("two records spelled alike: %+v %v", twins.Rows, err)
	}
	if _, err := s.ImportPeople(ctx, coord, "f.csv", rows, domain.ImportOptions{SkipInvalid: true}); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, s, `SELECT count(*) FROM import_row`); n != 2 {
		t.Errorf("%d rows recorded, want 2 (Noé once, Anna)", n)
	}
	if n := countRows(t, s, `SELECT count(*) FROM person p JOIN household h ON h.id = p.household_id WHERE p.norm_last = 'leroy' AND h.address_key <> ''`); n != 1 {
		t.Error("Anna's address must put her in a foyer, as at the desk")
	}
}
