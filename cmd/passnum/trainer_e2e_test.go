package main

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// oldProgramme is a second programme appended to the shipped configuration: valid until the end
// of next year in one file, so a carnet can be handed over today, and over since 2025 in the
// other, so that the same carnet's chèques are expired.
const oldProgramme = `
[[programmes]]
id = "ancien"
name = "Pass numérique 2025"
operator = "APTIC"
cheque_value_cents = 1000
cheques_per_carnet = 5
valid_from = 2025-01-01
valid_until = %s
tolerance_days = 30
max_session_minutes = 120

[[programmes.funders]]
name = "État"
share_percent = 100

[[programmes.publics]]
id = "tous"
name = "Tout public"
residence = "any"
`

// configs writes the shipped configuration plus the old programme, still open and already over.
func configs(t *testing.T) (open, over string) {
	t.Helper()
	base, err := os.ReadFile("../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, until string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, append(append([]byte(nil), base...), fmt.Sprintf(oldProgramme, until)...), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	return write("open.toml", time.Now().AddDate(1, 0, 0).Format("2006")+"-12-31"), write("over.toml", "2025-06-30")
}

var (
	frAmountCell = regexp.MustCompile(`^\d+,\d\d$`)
	frDateCell   = regexp.MustCompile(`^\d\d/\d\d/\d{4}$`)
)

// readCSV reads an export as a French spreadsheet does: BOM, then « ; »-separated cells.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		t.Fatalf("%s: no UTF-8 BOM", path)
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma, r.FieldsPerRecord = ';', -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func personID(t *testing.T, c *cli, name string) string {
	t.Helper()
	var found []struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal([]byte(c.must("people", "find", name, "--json")), &found); err != nil || len(found) != 1 {
		t.Fatalf("people find %s: %v %v", name, found, err)
	}
	return fmt.Sprint(found[0].ID)
}

// trainerDay prepares a trainer's three chèques: Inès Martin0's 600001-01 is valid, Inès
// Martin2's 600003-01 was used earlier today at the PIMMS (for yesterday's workshop S1, so the
// trainer's day starts with no session and theirs is S2), Paul Durand's 700001-01 belongs to a
// programme that is over in the configuration returned.
func trainerDay(t *testing.T) (c *cli, over string) {
	t.Helper()
	c = newCLI(t)
	c.desk(4) // Martin0: 600001, 600002; Martin2: 600003, 600004
	open, over := configs(t)
	c.must("--config", open, "carnets", "receive", "--programme", "ancien", "--first", "700001", "--count", "1")
	c.must("--config", open, "carnets", "allocate", "--programme", "ancien", "--prescriber", "centre-social-georges-brassens", "--count", "1")
	durand := c.must("--config", open, "people", "add", "--last-name", "Durand", "--first-name", "Paul", "--birth-date", "01/01/1960", "--commune", "60175", "--consent")
	c.must("--config", open, "carnets", "issue", "700001", "--person", durand)
	c.must("sessions", "add", "--place", "pimms-creil", "--title", "Atelier de la veille", "--theme", "E-mail", "--level", "Débutant",
		"--date", time.Now().AddDate(0, 0, -1).Format("02/01/2006"), "--start", "09:00", "--duration", "60", "--capacity", "8")
	c.must("redeem", "600003-01", "--place", "pimms-creil", "--session", "S1")
	return c, over
}

// TestTrainerSessionToClaim is a trainer's day through the built binary: create a session, scan
// three chèques (one valid, one already used, one expired), close the sheet — one success, two
// precise refusals — record a follow-up, then find the valid chèque in the month's claim export.
func TestTrainerSessionToClaim(t *testing.T) {
	c, over := trainerDay(t)
	now := time.Now()
	trainer := []string{"--config", over, "--as", "formateur-pimms"}
	as := func(args ...string) []string { return append(append([]string(nil), trainer...), args...) }

	session := c.must(as("sessions", "add", "--title", "Créer son adresse e-mail", "--theme", "E-mail,Bureautique", "--level", "Débutant",
		"--type", "collectif", "--date", now.Format("02/01/2006"), "--start", "00:00", "--duration", "90", "--capacity", "8", "--equipment", "Ordinateur,Téléphone")...)
	if session != "S2" {
		t.Fatalf("sessions add printed %q, want the id S2", session)
	}
	if out := c.must(as("sessions", "list", "--json")...); !strings.Contains(out, `"id": "S2"`) || !strings.Contains(out, `"level": "Débutant"`) {
		t.Fatalf("sessions list --json: %s", out)
	}
	if out := c.must(as("sessions", "list", "--week")...); !strings.Contains(out, "S2") || !strings.Contains(out, "Créer son adresse e-mail") {
		t.Fatalf("sessions list --week: %s", out)
	}
	out := c.must(as("sessions", "attend", "S2", "--cheque", "600001-01")...)
	if !strings.Contains(out, "Inès MARTIN0 est sur la feuille de S2") || strings.Contains(out, "Attention") {
		t.Fatalf("valid scan: %s", out)
	}
	if out := c.must(as("sessions", "attend", "S2", "--cheque", "600003-01")...); !strings.Contains(out, "Attention : chèque 600003-01 déjà utilisé") {
		t.Fatalf("used chèque scan: %s", out)
	}
	if out := c.must(as("sessions", "attend", "S2", "--cheque", "700001-01")...); !strings.Contains(out, "Attention : chèque 700001-01 expiré") {
		t.Fatalf("expired chèque scan: %s", out)
	}
	c.must(as("sessions", "attend", "S2", "--anonymous", "--gender", "Féminin", "--age-band", "60-69", "--status", "Retraité")...)
	c.must(as("sessions", "attend", "S2", "--anonymous", "--absent")...)

	out, errOut, code := c.run(as("sessions", "redeem", "S2")...)
	if code != 1 {
		t.Fatalf("closing a sheet with refusals: exit %d, want 1\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"✓ Inès MARTIN0 : chèque 600001-01 encaissé",
		"✗ Inès MARTIN2 : chèque 600003-01 déjà utilisé le " + now.Format("02/01/2006") + " à ",
		"(PIMMS de Creil)",
		"✗ Paul DURAND : chèque 700001-01 expiré : le programme Pass numérique 2025 a pris fin le 30/06/2025 (tolérance jusqu'au 30/07/2025)",
		"S2 : 1 chèque encaissé, 2 refus.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("sessions redeem output lacks %q:\n%s", want, out)
		}
	}
	if out, _, _ := c.run(as("sessions", "redeem", "S2")...); !strings.Contains(out, "✓ Inès MARTIN0 : déjà encaissé (600001-01)") || !strings.Contains(out, "0 chèque encaissé") {
		t.Fatalf("closing the sheet again must redeem nothing more:\n%s", out)
	}
	martin0 := personID(t, c, "Martin0")
	c.must(as("sessions", "follow-up", "S2", "--person", martin0, "--autonomy", "Autonome avec guidage en cas de besoin", "--comment", "a créé sa boîte")...)

	month := now.Format("2006-01")
	if out := c.must(as("claims", "prepare", "--month", month)...); !strings.Contains(out, "Demande R1 (préparée) : PIMMS de Creil") || !strings.Contains(out, "2 chèques, 20,00 €") {
		t.Fatalf("claims prepare: %s", out)
	}
	dir := t.TempDir()
	claimFile := filepath.Join(dir, "R1.csv")
	c.must(as("claims", "export", "R1", "--out", claimFile)...)
	cheques, sum, total := claimFiles(t, claimFile)
	if cheques["600001-01"] != "S2" || total != "20,00" || sum != 2000 {
		t.Fatalf("claim files: chèques %v, total %q, lines add up to %d cents", cheques, total, sum)
	}

	activity := filepath.Join(dir, "activite.csv")
	c.must(as("export", "activity", "--month", month, "--out", activity)...)
	rows := readCSV(t, activity)
	if len(rows) != 2 {
		t.Fatalf("activity: %v", rows)
	}
	col := func(name string) string {
		for i, h := range rows[0] {
			if h == name {
				return rows[1][i]
			}
		}
		t.Fatalf("activity has no column %q", name)
		return ""
	}
	if col("participants") != "4" || col("chèques utilisés") != "1" || col("genre : Féminin") != "1" || col("thèmes") != "E-mail|Bureautique" || col("niveau") != "Débutant" {
		t.Fatalf("activity line: %v", rows)
	}
	if out := c.must("export", "bilan", "--prescriber", "centre-social-georges-brassens"); !strings.Contains(out, "Autonome avec guidage en cas de besoin") || !strings.Contains(out, "« a créé sa boîte »") {
		t.Fatalf("bilan: %s", out)
	}
	bilan := filepath.Join(dir, "bilan.csv")
	c.must("export", "bilan", "--prescriber", "centre-social-georges-brassens", "--out", bilan)
	if rows := readCSV(t, bilan); len(rows) != 4 || rows[0][0] != "n° personne" { // Martin0, Martin2, Durand
		t.Fatalf("bilan file: %v", rows)
	}

	if _, errOut, code := c.run(as("claims", "paid", "R1")...); code != 1 || !strings.Contains(errOut, "non autorisé") {
		t.Fatalf("a trainer marked a claim paid: exit %d %s", code, errOut)
	}
	c.must("claims", "paid", "R1")
	if out := c.must("lookup", "600001-01", "--json"); !strings.Contains(out, `"state": "rembourse"`) {
		t.Fatalf("a chèque of a paid claim: %s", out)
	}
	if _, errOut, code := c.run(as("sessions", "cancel-redemption", "600001-01", "--reason", "erreur")...); code != 1 || !strings.Contains(errOut, "figure dans la demande de remboursement R1") {
		t.Fatalf("cancelling a reimbursed chèque: exit %d %s", code, errOut)
	}
}

func TestTrainerCommandsRefuseAndCancel(t *testing.T) {
	c := newCLI(t)
	c.desk(2)
	trainer := func(args ...string) []string { return append([]string{"--as", "formateur-pimms"}, args...) }
	today := time.Now().Format("02/01/2006")
	c.must(trainer("sessions", "add", "--title", "Atelier", "--theme", "E-mail", "--level", "Débutant", "--date", today, "--start", "00:00", "--duration", "60", "--capacity", "4")...)
	tests := []struct {
		args   []string
		code   int
		phrase string
	}{
		{trainer("sessions", "add", "--title", "X", "--theme", "Cuisine", "--level", "Débutant", "--start", "10:00", "--duration", "60", "--capacity", "4"), 2, "thème : \"Cuisine\" inconnu"},
		{trainer("sessions", "add", "--title", "X", "--theme", "E-mail", "--level", "Débutant", "--start", "25:00", "--duration", "60", "--capacity", "4"), 2, "--start"},
		{trainer("sessions", "add", "--place", "cims-creil", "--title", "X", "--theme", "E-mail", "--level", "Débutant", "--start", "10:00", "--duration", "60", "--capacity", "4"), 1, "que pour son lieu"},
		{trainer("sessions", "attend", "S99", "--cheque", "600001-01"), 1, "séance S99 introuvable"},
		{trainer("sessions", "attend", "S1", "--cheque", "600001-01", "--anonymous"), 2, "une seule façon"}, // --person with --cheque is one way (sessions attend --person ID --cheque N)
		{trainer("sessions", "attend", "S1", "--anonymous", "--age-band", "18-25"), 2, "tranche d'âge : \"18-25\" inconnu"},
		{trainer("sessions", "cancel-redemption", "600001-01"), 2, "motif : obligatoire"},
		{trainer("sessions", "cancel-redemption", "600001-02", "--reason", "x"), 1, "rien à annuler"},
		{trainer("sessions", "follow-up", "S1", "--person", "1", "--autonomy", "Expert"), 2, "autonomie : \"Expert\" inconnu"},
		{trainer("claims", "prepare", "--month", "novembre"), 2, "--month : \"novembre\" n'est pas un mois"},
		{trainer("claims", "prepare"), 2, "--month est obligatoire"},
		{trainer("claims", "export", "R7"), 1, "R7 introuvable"},
		{[]string{"--as", "accueil-brassens", "sessions", "redeem", "S1"}, 1, "ne peut pas encaisser"},
		{[]string{"sessions", "frobnicate"}, 2, "action inconnue"},
	}
	for _, tt := range tests {
		out, errOut, code := c.run(tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.phrase) {
			t.Errorf("passnum %s: exit %d %q%q, want exit %d saying %q", strings.Join(tt.args, " "), code, out, errOut, tt.code, tt.phrase)
		}
	}
	c.must(trainer("sessions", "attend", "S1", "--cheque", "600001-01")...)
	c.must(trainer("sessions", "redeem", "S1")...)
	out := c.must(trainer("sessions", "cancel-redemption", "600001-01", "--reason", "scanné par erreur")...)
	if !strings.Contains(out, "Encaissement du chèque 600001-01 annulé : il est de nouveau disponible") {
		t.Fatalf("same-day cancellation: %s", out)
	}
	if out := c.must("lookup", "600001-01"); !strings.Contains(out, "à PIMMS de Creil (séance S1) annulée par Médiateur du PIMMS : scanné par erreur") {
		t.Fatalf("the chèque's history must show the cancellation and its reason: %s", out)
	}
	if out := c.must(trainer("sessions", "redeem", "S1")...); !strings.Contains(out, "✓ Inès MARTIN0 : chèque 600001-01 encaissé") {
		t.Fatalf("after a cancellation the sheet can be closed again: %s", out)
	}
}

// TestConcurrentClaimPreparesInTwoProcesses runs four `claims prepare` processes at once on the
// same place and month: one claim holds every chèque once, the others are told there is nothing
// left to claim.
func TestConcurrentClaimPreparesInTwoProcesses(t *testing.T) {
	c := newCLI(t)
	c.desk(2)
	// One holder, ten chèques: ten workshops today, one chèque each.
	c.workshops(10, 8)
	for i := 0; i < 2; i++ {
		for pos := 1; pos <= 5; pos++ {
			c.must("redeem", fmt.Sprintf("%d-%02d", 600001+i, pos), "--place", "pimms-creil", "--session", fmt.Sprintf("S%d", i*5+pos))
		}
	}
	month := time.Now().Format("2006-01")
	type result struct {
		code        int
		out, stderr string
	}
	results := make([]result, 4)
	var wg sync.WaitGroup
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			out, errOut, code := c.run("claims", "prepare", "--place", "pimms-creil", "--month", month)
			results[i] = result{code, out, errOut}
		}(i)
	}
	wg.Wait()
	won := 0
	for _, r := range results {
		switch {
		case r.code == 0 && strings.Contains(r.out, "10 chèques, 100,00 €"):
			won++
		case r.code == 1 && strings.Contains(r.stderr, "rien à réclamer"):
		default:
			t.Fatalf("claims prepare: exit %d %q %q", r.code, r.out, r.stderr)
		}
	}
	if won != 1 {
		t.Fatalf("%d claims prepared, want exactly one: %+v", won, results)
	}
	db, err := sql.Open("sqlite3", c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var items, distinct, claims int
	db.QueryRow(`SELECT count(*), count(DISTINCT cheque) FROM claim_item`).Scan(&items, &distinct)
	db.QueryRow(`SELECT count(*) FROM claim`).Scan(&claims)
	if items != 10 || distinct != 10 || claims != 1 {
		t.Fatalf("ledger: %d claim items (%d chèques) in %d claims, want 10 in 1", items, distinct, claims)
	}
}

// TestSessionsShowOnlyAtTheTrainersPlace: a sheet names who came. The PIMMS trainer reads the
// PIMMS sheets and is refused another place's, in French; the coordination reads both; a front
// desk reads none.
func TestSessionsShowOnlyAtTheTrainersPlace(t *testing.T) {
	c := newCLI(t)
	c.desk(1)
	csv, err := os.ReadFile("testdata/places_min.csv")
	if err != nil {
		t.Fatal(err)
	}
	header, row, _ := strings.Cut(string(csv), "\n")
	other := filepath.Join(t.TempDir(), "cims.csv")
	row = strings.Replace(strings.Replace(row, "pimms-creil,12345678900011,PIMMS de Creil", "cims-creil,12345678900029,CIMS de Creil", 1), "12 rue", "3 rue", 1)
	if err := os.WriteFile(other, []byte(header+"\n"+row), 0o600); err != nil {
		t.Fatal(err)
	}
	c.must("places", "import", other)
	today := time.Now().Format("02/01/2006")
	for _, place := range []string{"pimms-creil", "cims-creil"} {
		c.must("sessions", "add", "--place", place, "--title", "Atelier", "--theme", "E-mail", "--level", "Débutant", "--date", today,
			"--start", "00:00", "--duration", "60", "--capacity", "4")
	}
	c.must("sessions", "attend", "S2", "--person", "1")

	if out, errOut, code := c.run("--as", "formateur-pimms", "sessions", "show", "S1"); code != 0 || !strings.Contains(out, "PIMMS de Creil") {
		t.Errorf("the trainer's own sheet: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code := c.run("--as", "formateur-pimms", "sessions", "show", "S2", "--json")
	if code != 1 || out != "" || !strings.Contains(errOut, "la séance S2 a lieu à CIMS de Creil ; Médiateur du PIMMS ne voit que les feuilles d'émargement de son lieu (pimms-creil)") {
		t.Errorf("another place's sheet for the trainer: exit %d, want 1 and the refusal\n%s%s", code, out, errOut)
	}
	if out, errOut, code := c.run("--as", "accueil-brassens", "sessions", "show", "S2"); code != 1 || strings.Contains(strings.ToUpper(out+errOut), "MARTIN0") ||
		!strings.Contains(errOut, "ne voit pas les feuilles d'émargement") {
		t.Errorf("a sheet for the front desk: exit %d, want 1\n%s%s", code, out, errOut)
	}
	for _, s := range []string{"S1", "S2"} {
		if out, errOut, code := c.run("sessions", "show", s); code != 0 || s == "S2" && !strings.Contains(out, "Inès MARTIN0") {
			t.Errorf("sheet %s for the coordination: exit %d\n%s%s", s, code, out, errOut)
		}
	}
}
