package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A session is corrected from the command line until its sheet is closed, and its attendance
// sheet is printed to a file or to standard output (the way over SSH).
func TestSessionsEditAndSheet(t *testing.T) {
	c := newCLI(t)
	c.desk(1)
	c.workshops(1, 5)
	out := c.must("sessions", "edit", "S1", "--duration", "90", "--title", "Envoyer une pièce jointe")
	if !strings.Contains(out, "Séance S1 corrigée : Envoyer une pièce jointe (Débutant)") || !strings.Contains(out, "1 h 30") {
		t.Fatalf("edit said %q", out)
	}
	c.wantRun(2, "durée : 180 min : le programme paie des séances de 120 min au plus", "sessions", "edit", "S1", "--duration", "180")
	c.wantRun(2, "capacité : 0 place", "sessions", "edit", "S1", "--capacity", "0")
	if got := c.must("--json", "sessions", "show", "S1"); !strings.Contains(got, `"duration_minutes": 90`) && !strings.Contains(got, `"duration_minutes":90`) {
		t.Fatalf("the refused corrections changed the session: %s", got)
	}

	// By name, with the paper chèque the person hands over: it must be theirs.
	c.must("people", "add", "--last-name", "Durand", "--first-name", "Léa", "--birth-date", "03/04/2005", "--commune", "60175", "--consent") // person 2
	c.wantRun(1, "chèque : 600001-01 n'est pas dans un carnet remis à cette personne", "sessions", "attend", "S1", "--person", "2", "--cheque", "600001-01")
	if out := c.must("sessions", "attend", "S1", "--person", "1", "--cheque", "600001-01"); !strings.Contains(out, "MARTIN0 est sur la feuille de S1") {
		t.Fatalf("attend by name with a chèque: %s", out)
	}
	page := c.must("sessions", "sheet", "S1", "--html", "-")
	for _, want := range []string{"<title>Feuille d'émargement — S1 Envoyer une pièce jointe</title>", "Inès MARTIN0", "600001-01", `class="sign"`} {
		if !strings.Contains(page, want) {
			t.Errorf("sheet on standard output without %q", want)
		}
	}
	// The sheet names who came: a front desk does not print it.
	c.wantRun(1, "ne voit pas les feuilles d'émargement", "--as", "accueil-brassens", "sessions", "sheet", "S1", "--html", "-")
	file := filepath.Join(t.TempDir(), "emargement.html")
	if out := c.must("sessions", "sheet", "S1", "--html", file); !strings.Contains(out, "Feuille d'émargement écrite : "+file) {
		t.Fatalf("sheet to a file said %q", out)
	}
	if b, err := os.ReadFile(file); err != nil || !strings.Contains(string(b), "Inès MARTIN0") {
		t.Fatalf("sheet file: %v", err)
	}

	c.must("sessions", "redeem", "S1")
	c.wantRun(1, "séance S1 close le", "sessions", "edit", "S1", "--duration", "60")
}
