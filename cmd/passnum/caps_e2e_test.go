package main

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// wantRun runs a command and checks its exit status and a phrase of what it printed.
func (c *cli) wantRun(code int, phrase string, args ...string) string {
	c.t.Helper()
	out, errOut, got := c.run(args...)
	if got != code || !strings.Contains(out+errOut, phrase) {
		c.t.Fatalf("passnum %s: exit %d, want %d saying %q\n%s%s", strings.Join(args, " "), got, code, phrase, out, errOut)
	}
	return strings.TrimSpace(out)
}

func (c *cli) count(query string, args ...any) int {
	c.t.Helper()
	db, err := sql.Open("sqlite3", "file:"+c.db+"?_query_only=on")
	if err != nil {
		c.t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		c.t.Fatal(err)
	}
	return n
}

var haddad = []string{"--last-name", "Haddad", "--first-name", "Inès", "--birth-date", "12/05/2007", "--commune", "60175", "--qpv", "Hauts de Creil", "--diploma", "bac", "--consent"}

func addArgs(person []string, more ...string) []string {
	return append(append([]string{"people", "add"}, person...), more...)
}

// The Haddad case of the bug report: the same young woman typed with other accents and case is
// refused (exit 1, nothing written), and accepted once the desk says she is someone else.
func TestCapsDuplicateRegistrationRefused(t *testing.T) {
	c := newCLI(t)
	first := c.must(addArgs(haddad)...)
	other := []string{"--last-name", "HADDAD", "--first-name", "Ines", "--birth-date", "12/05/2007", "--commune", "60175", "--qpv", "Hauts de Creil", "--diploma", "bac", "--consent"}
	c.wantRun(1, "personne peut-être déjà enregistrée : n°"+first+" Inès HADDAD, né(e) le 12/05/2007 (Creil) — si ce n'est pas la même personne, relancez avec --not-duplicate", addArgs(other)...)
	swapped := []string{"--last-name", "Inès", "--first-name", "Haddad", "--birth-date", "05/12/2007", "--commune", "60175", "--consent"}
	c.wantRun(1, "personne peut-être déjà enregistrée", addArgs(swapped)...)
	if n := c.count(`SELECT count(*) FROM person`); n != 1 {
		t.Fatalf("refused registrations wrote %d people", n)
	}
	second := c.must(addArgs(other, "--not-duplicate")...)
	if n := c.count(`SELECT count(*) FROM audit WHERE action = 'person.not_duplicate' AND entity_id = ? AND detail LIKE ?`, second, "%n°"+first+"%"); n != 1 {
		t.Errorf("the desk's decision is not audited (%d rows)", n)
	}
}

// Consent is stated, never assumed, and a person who refused gets no carnet.
func TestCapsConsentExplicit(t *testing.T) {
	c := newCLI(t)
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", "1")
	c.must("carnets", "allocate", "--prescriber", "centre-social-georges-brassens", "--count", "1")
	noFlag := haddad[:len(haddad)-1]
	c.wantRun(2, "indiquez --consent si la personne accepte l'enregistrement de ses données, --no-consent sinon", addArgs(noFlag)...)
	c.wantRun(2, "--no-consent", addArgs(haddad, "--no-consent")...)
	id := c.must(addArgs(noFlag, "--no-consent")...)
	c.wantRun(1, "la personne n'a pas donné son accord pour l'enregistrement de ses données", "carnets", "issue", "600001", "--person", id)
	c.wantRun(1, "éligible au programme, mais la personne n'a pas donné son accord", "eligibility", id)
}

// Two records of one person each got two carnets; the merge moves them, the caps count them,
// the coordinator is told, and the merged number leads to the kept record.
func TestCapsMergeCountsTheCarnets(t *testing.T) {
	c := newCLI(t)
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", "5")
	c.must("carnets", "allocate", "--prescriber", "centre-social-georges-brassens", "--count", "5")
	keep := c.must(addArgs(haddad)...)
	other := c.must("people", "add", "--last-name", "HADDAD", "--first-name", "Ines", "--birth-date", "12/05/2007", "--commune", "60175",
		"--qpv", "Hauts de Creil", "--diploma", "bac", "--consent", "--not-duplicate")
	for i, p := range []string{keep, keep, other, other} {
		c.must("carnets", "issue", []string{"600001", "600002", "600003", "600004"}[i], "--person", p)
	}
	c.wantRun(1, "éligible au programme, mais limite atteinte : 2 carnets sur 2", "eligibility", keep)
	c.wantRun(1, "ne peut pas fusionner deux fiches", "--as", "accueil-brassens", "people", "merge", keep, other, "--reason", "doublon")
	out := c.wantRun(0, "n°"+keep+" Inès HADDAD détient désormais 4 carnets du programme Pass numérique Creil Sud Oise pour un maximum de 2",
		"people", "merge", keep, other, "--reason", "inscrite deux fois")
	if !strings.Contains(out, "2 carnets") {
		t.Errorf("merge output does not say what moved:\n%s", out)
	}
	c.wantRun(1, "limite atteinte : 4 carnets sur 2", "carnets", "issue", "600005", "--person", keep)
	c.wantRun(0, "détient désormais 4 carnets", "people", "over-cap")
	var found map[string]any
	if err := json.Unmarshal([]byte(c.must("lookup", other, "--json")), &found); err != nil {
		t.Fatal(err)
	}
	if id, _ := strconv.Atoi(keep); found["id"] != float64(id) {
		t.Errorf("lookup %s leads to %v, want the kept record %s", other, found["id"], keep)
	}
}

// One carnet per foyer, as in Lens-Liévin: the same address typed two ways is one foyer.
func TestCapsHouseholdAddress(t *testing.T) {
	c := newCLI(t)
	shipped, err := os.ReadFile("../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(t.TempDir(), "foyer.toml")
	text := strings.Replace(string(shipped), "carnets_per_household = 0", "carnets_per_household = 1", 1)
	if text == string(shipped) {
		t.Fatal("the shipped configuration no longer has carnets_per_household = 0")
	}
	if err := os.WriteFile(cfg, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) []string { return append([]string{"--config", cfg}, args...) }
	c.must(run("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", "3")...)
	c.must(run("carnets", "allocate", "--prescriber", "centre-social-georges-brassens", "--count", "3")...)
	jean := c.must(run("people", "add", "--last-name", "Dupont", "--first-name", "Jean", "--birth-date", "01/03/1980", "--commune", "60175",
		"--qpv", "Hauts de Creil", "--status", "demandeur_emploi", "--consent", "--address", "12 rue Émile-Zola", "--postal-code", "60100")...)
	marie := c.must(run("people", "add", "--last-name", "Dupont", "--first-name", "Marie", "--birth-date", "09/07/1982", "--commune", "60175",
		"--qpv", "Hauts de Creil", "--status", "demandeur_emploi", "--consent", "--address", "12, Rue Emile Zola")...)
	alone := c.must(run("people", "add", "--last-name", "Petit", "--first-name", "Léa", "--birth-date", "05/04/1990", "--commune", "60175",
		"--qpv", "Hauts de Creil", "--status", "demandeur_emploi", "--consent")...)
	c.wantRun(0, "foyer : 0 carnet sur 1", run("eligibility", marie)...)
	c.must(run("carnets", "issue", "600001", "--person", jean)...)
	c.wantRun(1, "limite du foyer atteinte : 1 carnet sur 1 (Jean DUPONT : 1 carnet)", run("carnets", "issue", "600002", "--person", marie)...)
	c.wantRun(1, "même foyer : Jean DUPONT (n°"+jean+"), 1 carnet", run("eligibility", marie)...)
	c.wantRun(2, "adresse du foyer à renseigner", run("carnets", "issue", "600002", "--person", alone)...)
	kevin := c.must(run("people", "add", "--last-name", "Dupont", "--first-name", "Kevin", "--birth-date", "30/11/2001", "--commune", "60175",
		"--qpv", "Hauts de Creil", "--status", "demandeur_emploi", "--consent", "--household-of", jean)...)
	c.wantRun(1, "Jean DUPONT : 1 carnet", run("carnets", "issue", "600002", "--person", kevin)...)
	c.wantRun(2, "code postal", run("people", "add", "--last-name", "Roux", "--first-name", "Paul", "--birth-date", "01/01/1970",
		"--commune", "60175", "--consent", "--postal-code", "6010")...)
	if n := c.count(`SELECT count(*) FROM carnet WHERE state = 'remis'`); n != 1 {
		t.Errorf("%d carnets handed over, want 1 for the whole foyer", n)
	}
}

// The eligibility answer carries the caps and what is left.
func TestCapsEligibilitySaysWhatIsLeft(t *testing.T) {
	c := newCLI(t)
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", "1")
	c.must("carnets", "allocate", "--prescriber", "centre-social-georges-brassens", "--count", "1")
	id := c.must(addArgs(haddad)...)
	c.must("carnets", "issue", "600001", "--person", id)
	c.wantRun(0, "éligible · 1 carnet sur 2 · 5 chèques restants (50 €)", "eligibility", id)
	c.wantRun(0, "éligible · 1 carnet sur 2 · 5 chèques restants (50 €)", "lookup", id)
	var v []map[string]any
	if err := json.Unmarshal([]byte(c.must("eligibility", id, "--json")), &v); err != nil {
		t.Fatal(err)
	}
	if len(v) != 1 || v[0]["can_issue"] != true || v[0]["carnets"] != float64(1) || v[0]["cheques_left"] != float64(5) {
		t.Errorf("eligibility --json = %v", v)
	}
	if n := c.count(`SELECT count(*) FROM carnet WHERE number = '600001' AND public = 'jeune'`); n != 1 {
		t.Error("the hand-over did not record the public the person matched")
	}
}

// A delivery whose chèque carries a carnet's number is refused whole, with its line.
func TestCapsChequeNumberMayNotBeACarnetNumber(t *testing.T) {
	c := newCLI(t)
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", "2")
	file := filepath.Join(t.TempDir(), "livraison.csv")
	if err := os.WriteFile(file, []byte("X1;X11;X12;X13;X14;X15\nX2;600002;X22;X23;X24;X25\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.wantRun(1, "ligne 2 : le chèque 600002 porte le numéro d'un carnet déjà enregistré", "carnets", "receive", "--programme", "creil-sud-oise", "--file", file)
	if n := c.count(`SELECT count(*) FROM carnet`); n != 2 {
		t.Errorf("the refused delivery recorded carnets: %d in all, want 2", n)
	}
	c.wantRun(0, "Carnet 600002", "lookup", "600002")
}

// Over SSH, a quick lookup of a person answers with the caps too.
func TestCapsLookupOverSSH(t *testing.T) {
	c := newCLI(t)
	c.desk(2) // Inès Martin0 holds 600001 and 600002
	f := startSSH(t, c, "")
	out, errOut, code := f.ssh("accueil-brassens", "lookup", "1")
	if code != 0 || !strings.Contains(out, "éligible au programme, mais limite atteinte : 2 carnets sur 2") {
		t.Fatalf("ssh lookup 1: exit %d\n%s%s", code, out, errOut)
	}
}
