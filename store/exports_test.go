package store

import (
	"bytes"
	"context"
	"encoding/csv"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"passnum/domain"
	"passnum/domain/doc"
)

// CSVAmount is the amount as the claim file writes it (claims_test.go compares shares with it).
func CSVAmount(cents int64) string { return doc.CSVAmount(cents) }

// readFrenchCSV reads an export back as a spreadsheet would: it must start with the UTF-8 BOM,
// and its cells are separated by « ; ». Empty lines (between tables) are dropped.
func readFrenchCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		t.Fatalf("export without UTF-8 BOM: %q", b[:min(len(b), 20)])
	}
	if !bytes.Contains(b, []byte("\r\n")) {
		t.Fatal("export without CRLF line ends")
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma = ';'
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

var (
	frAmount = regexp.MustCompile(`^\d+,\d\d$`)
	frDate   = regexp.MustCompile(`^\d\d/\d\d/\d{4}$`)
)

// cents parses a French amount (« 29,99 ») back to cents, failing on anything else.
func cents(t *testing.T, s string) int64 {
	t.Helper()
	if !frAmount.MatchString(s) {
		t.Fatalf("amount %q is not written « 1234,50 »", s)
	}
	euros, c, _ := strings.Cut(s, ",")
	e, _ := strconv.ParseInt(euros, 10, 64)
	x, _ := strconv.ParseInt(c, 10, 64)
	return e*100 + x
}

func column(t *testing.T, header []string, name string) int {
	t.Helper()
	for i, h := range header {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q in %v", name, header)
	return -1
}

// TestExportsAgreeWithTheLedger builds a month of activity at a place, exports the claim, the
// Coop activity and the bilan, reads the files back and checks every total against the ledger.
func TestExportsAgreeWithTheLedger(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	people := handOver(t, s, "creil", "600001", 3)
	old := handOver(t, s, "ancien", "700001", 1)
	october := time.Date(2026, 10, 1, 0, 0, 0, 0, time.Local)

	c.t = time.Date(2026, 10, 12, 16, 0, 0, 0, time.UTC)
	s1 := newSession(t, s, trainer, "pimms", time.Date(2026, 10, 12, 14, 0, 0, 0, time.UTC), 90, 8)
	scan(t, s, trainer, s1.ID, "600001-01")
	s.AddParticipantPerson(ctx, trainer, s1.ID, people[1])
	absent, _, _ := s.AddParticipantPerson(ctx, trainer, s1.ID, people[2])
	s.MarkPresence(ctx, trainer, s1.ID, absent.ID, false)
	s.AddAnonymous(ctx, trainer, s1.ID, domain.CoopProfile{Gender: "Féminin", AgeBand: "60-69", Status: "Retraité"})
	s.AddAnonymous(ctx, trainer, s1.ID, domain.CoopProfile{Gender: "Masculin", AgeBand: "18-24", Status: "Sans emploi"})
	if _, err := s.RedeemForSession(ctx, trainer, s1.ID); err != nil {
		t.Fatal(err)
	}
	c.t = time.Date(2026, 10, 13, 11, 0, 0, 0, time.UTC)
	s2, err := s.CreateSession(ctx, trainer, domain.Session{Place: "pimms", Themes: []string{"Aide aux démarches administratives", "E-mail"}, Type: "individuel",
		Start: time.Date(2026, 10, 13, 10, 0, 0, 0, time.UTC), DurationMinutes: 45, Equipment: []string{"Téléphone"}})
	if err != nil {
		t.Fatal(err)
	}
	s.AddParticipantByCheque(ctx, trainer, s2.ID, "700001-01")
	if _, err := s.RedeemForSession(ctx, trainer, s2.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordFollowUp(ctx, trainer, s2.ID, old[0], "Autonome", "=HYPERLINK(\"x\")"); err != nil {
		t.Fatal(err)
	}
	// Redeemed without a session: the day's individual accompaniment, whose first chèque was a
	// mistake cancelled before the right one was taken.
	redeemAt(t, s, c, time.Date(2026, 10, 14, 9, 0, 0, 0, time.UTC), trainer, "pimms", "600003-04")
	if _, err := s.CancelRedemption(ctx, trainer, "600003-04", "erreur"); err != nil {
		t.Fatal(err)
	}
	redeemAt(t, s, c, time.Date(2026, 10, 14, 9, 0, 0, 0, time.UTC), trainer, "pimms", "600003-05")
	redeemAt(t, s, c, time.Date(2026, 10, 14, 9, 0, 0, 0, time.UTC), cimsTrainer, "cims", "600003-03")

	claim, err := s.ClaimsPrepare(ctx, trainer, "pimms", october)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := s.ClaimExport(ctx, cimsTrainer, claim.ID); domain.KindOf(err) != domain.KindForbidden {
		t.Fatalf("another place's trainer exported the claim: %v", err)
	}
	exported, err := s.ClaimExport(ctx, trainer, claim.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.WriteClaimCSV(&buf, exported); err != nil {
		t.Fatal(err)
	}

	// The ledger: every chèque used at the place in October, valued by its programme.
	ledger := map[string]int64{}
	var ledgerTotal int64
	perProgramme := map[string]int64{}
	rows, err := s.read.Query(`SELECT ch.number, c.programme FROM cheque ch JOIN carnet c ON c.number = ch.carnet
		WHERE ch.place_id = 'pimms' AND ch.state IN ('utilise','rembourse') AND ch.used_at LIKE '2026-10-%'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n, prog string
		rows.Scan(&n, &prog)
		p, _ := s.programme(prog)
		ledger[n] = int64(p.ChequeValueCents)
		ledgerTotal += int64(p.ChequeValueCents)
		perProgramme[prog] += int64(p.ChequeValueCents)
	}
	rows.Close()
	if len(ledger) != 4 {
		t.Fatalf("ledger has %d chèques used at pimms in October, the scenario makes 4", len(ledger))
	}

	table := readFrenchCSV(t, buf.Bytes())
	if strings.Join(table[0], ";") != strings.Join(doc.ClaimCSVHeader, ";") {
		t.Fatalf("claim header = %v", table[0])
	}
	h := table[0]
	var itemsTotal int64
	itemsPerProgramme := map[string]int64{}
	named := 0
	for _, row := range table[1:] {
		number := row[column(t, h, "numéro de chèque")]
		value, ok := ledger[number]
		if !ok {
			t.Fatalf("claim line for chèque %s, which the ledger does not have as used here in October", number)
		}
		delete(ledger, number)
		if got := cents(t, row[column(t, h, "montant")]); got != value {
			t.Errorf("chèque %s: %d cents in the file, %d in the ledger", number, got, value)
		}
		if !frDate.MatchString(row[column(t, h, "date d'utilisation")]) || row[0] != claim.ID || row[column(t, h, "lieu")] != "PIMMS de Creil" ||
			row[column(t, h, "identifiant du lieu")] != "pimms" || row[column(t, h, "nom du programme")] == "" {
			t.Errorf("claim line %v", row)
		}
		// Names next to ids: the session's title and date beside its number.
		if sess := row[column(t, h, "séance")]; sess == s1.ID {
			if row[column(t, h, "titre de la séance")] != "Créer son adresse e-mail" || !frDate.MatchString(row[column(t, h, "date de la séance")]) {
				t.Errorf("session %s named %q on %q", sess, row[column(t, h, "titre de la séance")], row[column(t, h, "date de la séance")])
			}
			named++
		}
		itemsTotal += value
		itemsPerProgramme[row[column(t, h, "programme")]] += value
	}
	if len(ledger) != 0 {
		t.Fatalf("chèques of the ledger missing from the claim file: %v", ledger)
	}
	if named == 0 {
		t.Errorf("no line of the claim names session %s", s1.ID)
	}
	// The funders' split is a file of its own.
	buf.Reset()
	if err := doc.WriteClaimSharesCSV(&buf, exported); err != nil {
		t.Fatal(err)
	}
	table = readFrenchCSV(t, buf.Bytes())
	if strings.Join(table[0], ";") != strings.Join(doc.ClaimCSVSharesHeader, ";") {
		t.Fatalf("funder file header: %v", table[0])
	}
	h = table[0]
	sharesPerProgramme := map[string]int64{}
	var total int64 = -1
	for _, row := range table[1:] {
		if row[column(t, h, "financeur")] == "Total" {
			total = cents(t, row[column(t, h, "montant")])
			continue
		}
		sharesPerProgramme[row[column(t, h, "programme")]] += cents(t, row[column(t, h, "montant")])
	}
	for prog, want := range perProgramme {
		if sharesPerProgramme[prog] != want || itemsPerProgramme[prog] != want {
			t.Errorf("programme %s: ledger %d, chèque lines %d, funder shares %d", prog, want, itemsPerProgramme[prog], sharesPerProgramme[prog])
		}
	}
	if total != ledgerTotal || itemsTotal != ledgerTotal || claim.AmountCents != ledgerTotal {
		t.Fatalf("totals: ledger %d, file total %d, lines %d, claim %d", ledgerTotal, total, itemsTotal, claim.AmountCents)
	}

	// Activity in the Coop vocabulary: counts agree with the sheet and with the redemptions.
	lines, err := s.Activity(ctx, trainer, "pimms", october)
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := doc.WriteActivityCSV(&buf, lines); err != nil {
		t.Fatal(err)
	}
	table = readFrenchCSV(t, buf.Bytes())
	header := table[0]
	if len(table) != 4 {
		t.Fatalf("activity: %d lines, want a header and 3 sessions (the workshop, the individual session, the accompaniment of the 14th)", len(table))
	}
	for _, row := range table[1:] {
		sum := func(prefix string) int {
			n := 0
			for j, h := range header {
				if strings.HasPrefix(h, prefix) {
					v, _ := strconv.Atoi(row[j])
					n += v
				}
			}
			return n
		}
		present, _ := strconv.Atoi(row[column(t, header, "participants")])
		if sum("genre : ") != present || sum("âge : ") != present || sum("statut : ") != present {
			t.Errorf("session of %s: %d present, genders %d, ages %d, statuses %d", row[0], present, sum("genre : "), sum("âge : "), sum("statut : "))
		}
		if !frDate.MatchString(row[0]) || row[column(t, header, "type de lieu")] != "Lieu d'activité" {
			t.Errorf("activity row %v", row)
		}
	}
	collective, individual := table[1], table[2]
	var s1Cheques, s2Cheques int
	s.read.QueryRow(`SELECT count(*) FROM redemption WHERE session_id = ? AND cancelled_at IS NULL`, s1.ID).Scan(&s1Cheques)
	s.read.QueryRow(`SELECT count(*) FROM redemption WHERE session_id = ? AND cancelled_at IS NULL`, s2.ID).Scan(&s2Cheques)
	checks := map[string][2]string{
		"collective participants":     {collective[column(t, header, "participants")], "4"},
		"collective chèques":          {collective[column(t, header, "chèques utilisés")], strconv.Itoa(s1Cheques)},
		"collective title":            {collective[column(t, header, "titre")], "Créer son adresse e-mail"},
		"collective level":            {collective[column(t, header, "niveau")], "Débutant"},
		"collective women":            {collective[column(t, header, "genre : Féminin")], "1"},
		"collective not communicated": {collective[column(t, header, "genre : Non communiqué")], "2"},
		"collective 60-69":            {collective[column(t, header, "âge : 60-69")], "1"},
		"collective 18-24":            {collective[column(t, header, "âge : 18-24")], "3"},
		"individual type":             {individual[column(t, header, "type")], "individuel"},
		"individual themes":           {individual[column(t, header, "thèmes")], "Aide aux démarches administratives|E-mail"},
		"individual autonomy":         {individual[column(t, header, "autonomie")], "Autonome"},
		"individual level":            {individual[column(t, header, "niveau")], ""},
		"individual chèques":          {individual[column(t, header, "chèques utilisés")], strconv.Itoa(s2Cheques)},
		"individual duration":         {individual[column(t, header, "durée (min)")], "45"},
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %q, want %q", name, c[0], c[1])
		}
	}

	// Bilan: chèques used per person as the ledger counts them.
	bilan, err := s.Bilan(ctx, coord, "cs-brassens", "")
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := doc.WriteBilanCSV(&buf, bilan); err != nil {
		t.Fatal(err)
	}
	table = readFrenchCSV(t, buf.Bytes())
	header = table[0]
	if len(table) != 5 {
		t.Fatalf("bilan: %d lines, want a header and 4 people", len(table))
	}
	for _, row := range table[1:] {
		var used int
		s.read.QueryRow(`SELECT count(*) FROM cheque ch JOIN carnet c ON c.number = ch.carnet WHERE c.person_id = ? AND ch.state IN ('utilise','rembourse')`,
			row[column(t, header, "n° personne")]).Scan(&used)
		if row[column(t, header, "chèques utilisés")] != strconv.Itoa(used) {
			t.Errorf("bilan of %s: %s chèques used, ledger %d", row[1], row[column(t, header, "chèques utilisés")], used)
		}
		if strconv.Itoa(int(old[0])) == row[0] && (row[column(t, header, "dernier commentaire")] != "'=HYPERLINK(\"x\")" || row[column(t, header, "progression")] != "une seule évaluation") {
			t.Errorf("bilan of the individual session's person: %v", row)
		}
	}
}
