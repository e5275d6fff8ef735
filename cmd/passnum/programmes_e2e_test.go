package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const creuseConfig = "../../configs/creuse.toml"

// creuseCLI runs the built binary on the two-programme Creuse test configuration.
func creuseCLI(t *testing.T) func(args ...string) (string, string, int) {
	db := filepath.Join(t.TempDir(), "passnum.db")
	run := func(args ...string) (string, string, int) {
		return runExit(t, exec.Command(binary, append([]string{"--config", creuseConfig, "--db", db}, args...)...))
	}
	if out, errOut, code := run("init"); code != 0 {
		t.Fatalf("init: exit %d\n%s%s", code, out, errOut)
	}
	return run
}

// TestCommandsRefuseToGuessTheProgramme: with two programmes configured, every command that
// works on one programme and is not told which exits 2 with the ids, the names and how to
// choose, and writes nothing; told which, it works on that one.
func TestCommandsRefuseToGuessTheProgramme(t *testing.T) {
	run := creuseCLI(t)
	mustRun := func(args ...string) string {
		t.Helper()
		out, errOut, code := run(args...)
		if code != 0 {
			t.Fatalf("passnum %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
		return out
	}
	mustRun("carnets", "receive", "--programme", "creuse-2", "--first", "200001", "--count", "3")
	if out := mustRun("check-config"); !strings.Contains(out, "ne se cumule pas avec : creuse-2") || !strings.Contains(out, "ne se cumule pas avec : creuse-1") ||
		!strings.Contains(out, "2 programmes : les commandes qui portent sur un programme demandent --programme ID") {
		t.Errorf("check-config does not say the rule and how to choose:\n%s", out)
	}
	if out := mustRun("--json", "check-config"); !strings.Contains(out, `"exclusive_with": [`) || !strings.Contains(out, `"creuse-2"`) {
		t.Errorf("check-config --json does not give the « not both » rule:\n%s", out)
	}
	for _, args := range [][]string{
		{"carnets", "allocate", "--prescriber", "aliso", "--count", "1"},
		{"carnets", "allocate", "--key", "--count", "2"},
		{"report"},
		{"diagnose", "--answers", "testdata/nothing.json"},
	} {
		out, errOut, code := run(args...)
		if code != 2 {
			t.Errorf("passnum %s: exit %d, want 2\n%s%s", strings.Join(args, " "), code, out, errOut)
			continue
		}
		for _, want := range []string{"2 programmes sont configurés : précisez lequel avec --programme ID",
			"creuse-1 (Pass numérique Creuse — minima sociaux)", "creuse-2 (Pass numérique Creuse — seniors et familles)"} {
			if !strings.Contains(errOut, want) {
				t.Errorf("passnum %s: stderr lacks %q:\n%s", strings.Join(args, " "), want, errOut)
			}
		}
	}
	// The refused allocations allocated nothing: the first carnet is still there to allocate.
	out := mustRun("carnets", "allocate", "--programme", "creuse-2", "--prescriber", "aliso", "--count", "1")
	if !strings.Contains(out, "1 carnet attribué à Réseau Aliso, acteurs creusois du lien social : du 200001") {
		t.Errorf("allocation with --programme: %s", out)
	}
	if _, errOut, code := run("report", "--programme", "creuse-3"); code != 2 || !strings.Contains(errOut, `--programme : "creuse-3" inconnu (choix : creuse-1, creuse-2)`) {
		t.Errorf("unknown programme: exit %d, %s", code, errOut)
	}
}

// TestQuotientFamilialFromTheCommandLine: the quotient familial given at registration or
// corrected later is what the families' public reads; the eligibility answer names each
// programme it is about.
func TestQuotientFamilialFromTheCommandLine(t *testing.T) {
	run := creuseCLI(t)
	id, errOut, code := run("people", "add", "--last-name", "Petit", "--first-name", "Zoé", "--birth-date", "01/01/1990",
		"--commune", "23096", "--quotient-familial", "820", "--consent")
	if code != 0 {
		t.Fatalf("people add: exit %d, %s", code, errOut)
	}
	id = strings.TrimSpace(id)
	out, _, code := run("eligibility", id)
	if code != 1 || !strings.Contains(out, "quotient familial 820 € — plafond du public Familles sous plafond de quotient familial : 700 €") {
		t.Fatalf("over the ceiling: exit %d\n%s", code, out)
	}
	for _, name := range []string{"Non éligible au programme Pass numérique Creuse — minima sociaux", "Non éligible au programme Pass numérique Creuse — seniors et familles"} {
		if !strings.Contains(out, name) {
			t.Errorf("the answer does not name %q:\n%s", name, out)
		}
	}
	if out, errOut, code := run("people", "edit", id, "--quotient-familial", "650"); code != 0 || !strings.Contains(out, "quotient familial 650 €") {
		t.Fatalf("people edit: exit %d\n%s%s", code, out, errOut)
	}
	out, _, code = run("eligibility", id, "--json")
	if code != 0 || !strings.Contains(out, `"programme_name": "Pass numérique Creuse — seniors et familles"`) || !strings.Contains(out, `"can_issue": true`) {
		t.Fatalf("under the ceiling: exit %d\n%s", code, out)
	}
	if _, errOut, code := run("people", "edit", id, "--quotient-familial", "beaucoup"); code != 2 || !strings.Contains(errOut, `--quotient-familial : "beaucoup" n'est pas un montant en euros`) {
		t.Errorf("bad amount: exit %d, %s", code, errOut)
	}
}
