package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestHouseholdHandoverRefusedOnScreen: on a programme that allows one carnet per foyer, two
// people typed at the same address another way are one foyer. The first holds a carnet; at the
// desk, the second one's hand-over checklist names her and offers no confirmation, and the
// carnet stays with the prescriber.
func TestHouseholdHandoverRefusedOnScreen(t *testing.T) {
	dir := t.TempDir()
	shipped, err := os.ReadFile("../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(shipped), "carnets_per_household = 0", "carnets_per_household = 1", 1)
	if text == string(shipped) {
		t.Fatal("the shipped configuration no longer has carnets_per_household = 0")
	}
	cfg, db := filepath.Join(dir, "foyer.toml"), filepath.Join(dir, "passnum.db")
	if err := os.WriteFile(cfg, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	cli := func(args ...string) string {
		t.Helper()
		out, errOut, code := runExit(t, exec.Command(binary, append([]string{"--config", cfg, "--db", db}, args...)...))
		if code != 0 {
			t.Fatalf("passnum %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
		return strings.TrimSpace(out)
	}
	cli("init")
	cli("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", "2")
	cli("carnets", "allocate", "--prescriber", "centre-social-georges-brassens", "--count", "2", "--programme", "creil-sud-oise")
	jeanne := cli("people", "add", "--last-name", "Dupont", "--first-name", "Jeanne", "--birth-date", "05/03/2004", "--commune", "60175",
		"--qpv", "Hauts de Creil", "--diploma", "bac", "--consent", "--address", "12 rue Émile-Zola", "--postal-code", "60100")
	cli("people", "add", "--last-name", "Martin", "--first-name", "Inès", "--birth-date", "04/05/2006", "--commune", "60175",
		"--qpv", "Hauts de Creil", "--diploma", "bac", "--consent", "--address", "12, Rue Emile Zola")
	cli("carnets", "issue", "600001", "--person", jeanne)

	s := startTmux(t, 80, 24, []string{"NO_COLOR=1", "TERM=xterm-256color"}, "--config", cfg, "--db", db)
	s.waitFor("Tableau de bord") // the local user is the coordination: p opens the accueil
	s.press("p", "Que voulez-vous faire ?")
	s.fill("martin")
	s.waitFor("Personnes (1)")
	s.press("Enter", "Fiche d'Inès MARTIN (n°") // the home's list names her too
	s.press("r", "Remise de carnet — Inès MARTIN", "N° du carnet")
	s.fill("600002")
	scr := s.press("Enter", "Vérifications pour le carnet 600002", "✗ Foyer : limite du foyer atteinte : 1 carnet sur 1",
		"aussi : Jeanne DUPONT, 1 carnet", "Remise impossible")
	if !strings.Contains(strings.Join(strings.Fields(scr), " "), "(Jeanne DUPONT : 1 carnet)") {
		t.Errorf("the refusal does not name who holds the foyer's carnet:\n%s", scr)
	}
	if strings.Contains(scr, "Confirmer la remise") {
		t.Fatalf("a confirmation is offered to a foyer that holds its carnet:\n%s", scr)
	}
	// « o » is not an answer here: it goes into the number field.
	s.press("o", "N° du carnet : o")

	s.keys("C-c")
	s.waitFor("[exit 0]")

	var carnet map[string]any
	if err := json.Unmarshal([]byte(cli("lookup", "600002", "--json")), &carnet); err != nil {
		t.Fatal(err)
	}
	if carnet["state"] != "attribue" || carnet["person"] != nil {
		t.Errorf("carnet 600002 after the refusal: %v, want still attribué to the prescriber", carnet)
	}
}
