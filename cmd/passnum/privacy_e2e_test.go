package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Under a permissive umask, the ledger, an export and a person's dossier written by the built
// binary are readable by their owner only.
func TestFilesAreOwnerOnly(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	c := newCLI(t)
	c.desk(1)
	dir := t.TempDir()
	csv, html := filepath.Join(dir, "activite.csv"), filepath.Join(dir, "dossier.html")
	c.must("export", "activity", "--month", time.Now().Format("2006-01"), "--out", csv)
	c.must("people", "export", "1", "--html", html)
	for _, f := range []string{c.db, csv, html} {
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", filepath.Base(f), st.Mode().Perm())
		}
	}
	page, _ := os.ReadFile(html)
	if !bytes.Contains(page, []byte("Martin0")) || !bytes.Contains(page, []byte("600001-01")) {
		t.Errorf("dossier lacks the person or the chèques:\n%s", page)
	}
}

// A person's rights through the binary: the dossier as JSON, anonymisation on request, and the
// retention period applied to a programme that ended long ago, the figures unchanged and no
// identity left in the ledger file or its WAL.
func TestRightsAndRetention(t *testing.T) {
	c := newCLI(t)
	c.desk(2)
	extra := c.must("people", "add", "--last-name", "Vasquez-Onyango", "--first-name", "Perpétue", "--birth-date", "09/11/1971",
		"--commune", "60175", "--address", "3 impasse des Glycines", "--postal-code", "60100", "--consent")
	id := []string{"", extra} // people add prints the new number
	var file struct {
		Person  map[string]any   `json:"person"`
		Carnets []map[string]any `json:"carnets"`
		Audit   []map[string]any `json:"audit"`
	}
	if err := json.Unmarshal([]byte(c.must("people", "export", "1", "--json")), &file); err != nil {
		t.Fatal(err)
	}
	if file.Person["last_name"] != "Martin0" || len(file.Carnets) != 2 || len(file.Audit) == 0 {
		t.Fatalf("dossier = %+v", file)
	}
	// One JSON style everywhere: the dossier's nested records are snake_case too.
	if _, ok := file.Carnets[0]["allocated_at"]; !ok {
		t.Errorf("carnet keys: %v", file.Carnets[0])
	}
	if _, ok := file.Audit[0]["entity_id"]; !ok {
		t.Errorf("audit keys: %v", file.Audit[0])
	}
	if _, errOut, code := c.run("--as", "accueil-brassens", "people", "export", "1"); code != 1 || !strings.Contains(errOut, "coordination") {
		t.Fatalf("desk export: exit %d %s", code, errOut)
	}
	if _, errOut, code := c.run("people", "anonymise", id[1]); code != 2 || !strings.Contains(errOut, "motif : obligatoire") {
		t.Fatalf("anonymise without reason: exit %d %s", code, errOut)
	}
	out := c.must("people", "anonymise", id[1], "--reason", "demande d'effacement")
	if !strings.Contains(out, "Anonyme-0000") {
		t.Fatalf("anonymise said %q", out)
	}

	// The same ledger under a configuration whose programme ended in 2024.
	cfgData, err := os.ReadFile("../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	ended := strings.Replace(strings.Replace(string(cfgData), "valid_until = 2027-12-31", "valid_until = 2024-06-30", 1), "valid_from = 2026-01-01", "valid_from = 2024-01-01", 1)
	if ended == string(cfgData) {
		t.Fatal("the shipped programme's dates moved: update this test")
	}
	cfg := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfg, []byte(ended), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		t.Helper()
		o, e, code := runExit(t, exec.Command(binary, append([]string{"--config", cfg, "--db", c.db}, args...)...))
		if code != 0 {
			t.Fatalf("passnum %v: exit %d %s%s", args, code, o, e)
		}
		return o
	}
	report := func() string {
		return regexp.MustCompile(`"as_of": "[^"]*"`).ReplaceAllString(run("report", "--json"), "")
	}
	before := report()
	if listed := run("retention"); !strings.Contains(listed, "1 fiche à anonymiser") || !strings.Contains(listed, "n°1") {
		t.Fatalf("retention listed %q", listed)
	}
	if applied := run("retention", "--apply", "--json"); !strings.Contains(applied, `"count": 1`) {
		t.Fatalf("retention --apply said %q", applied)
	}
	if after := report(); after != before {
		t.Fatalf("report changed:\nbefore %s\nafter  %s", before, after)
	}
	if again := run("retention"); !strings.Contains(again, "Aucune fiche") {
		t.Fatalf("retention after apply: %q", again)
	}
	for _, f := range []string{c.db, c.db + "-wal"} {
		data, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, secret := range []string{"Martin0", "martin0", "MARTIN0", "2006-05-04", "04/05/2006", "Vasquez", "vasquez", "VASQUEZ", "Perpétue", "perpetue", "1971-11-09", "Glycines", "glycines"} {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%q still in %s", secret, filepath.Base(f))
			}
		}
	}
}

// TestAnonymisationNamesTheBackupsThatKeepIdentities: a backup made before an anonymisation
// still holds the person's name; people anonymise and retention --apply say so on the error
// output, naming the backup, and list it in their JSON answer.
func TestAnonymisationNamesTheBackupsThatKeepIdentities(t *testing.T) {
	c := newCLI(t)
	c.desk(2)
	extra := c.must("people", "add", "--last-name", "Vasquez-Onyango", "--first-name", "Perpétue", "--birth-date", "09/11/1971",
		"--commune", "60175", "--consent")
	c.must("backup")
	backups, err := filepath.Glob(filepath.Join(filepath.Dir(c.db), "sauvegardes", "passnum-*.db"))
	if err != nil || len(backups) != 1 {
		t.Fatalf("backups: %v %v", backups, err)
	}
	if data, err := os.ReadFile(backups[0]); err != nil || !bytes.Contains(data, []byte("Vasquez")) {
		t.Fatalf("the backup should hold the name before the anonymisation (%v)", err)
	}

	out, errOut, code := c.run("people", "anonymise", extra, "--reason", "demande d'effacement", "--json")
	var js struct {
		Copies []string `json:"copies_with_identities"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &js) != nil || len(js.Copies) != 1 || js.Copies[0] != backups[0] {
		t.Fatalf("anonymise --json: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"Attention : l'anonymisation ne touche que le registre.", "Cette copie, faite avant, contient encore les noms, dates de naissance et adresses", backups[0], "passnum backup --to"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("anonymise's warning lacks %q:\n%s", want, errOut)
		}
	}
	if data, _ := os.ReadFile(backups[0]); !bytes.Contains(data, []byte("Vasquez")) {
		t.Fatal("the warning would be wrong: the backup no longer holds the name")
	}

	// retention --apply on a programme long over: the same warning; nothing to apply, nothing said.
	cfgData, err := os.ReadFile("../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	ended := strings.Replace(strings.Replace(string(cfgData), "valid_until = 2027-12-31", "valid_until = 2024-06-30", 1), "valid_from = 2026-01-01", "valid_from = 2024-01-01", 1)
	cfg := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfg, []byte(ended), 0o600); err != nil {
		t.Fatal(err)
	}
	retention := func() (string, string, int) {
		return runExit(t, exec.Command(binary, "--config", cfg, "--db", c.db, "retention", "--apply"))
	}
	out, errOut, code = retention()
	if code != 0 || !strings.Contains(out, "1 fiche anonymisée (") || !strings.Contains(errOut, backups[0]) || !strings.Contains(errOut, "contient encore les noms") {
		t.Fatalf("retention --apply: exit %d\n%s%s", code, out, errOut)
	}
	if out, errOut, code = retention(); code != 0 || !strings.Contains(out, "Aucune fiche") || errOut != "" {
		t.Errorf("retention --apply with nothing left: exit %d\n%s%s", code, out, errOut)
	}
}
