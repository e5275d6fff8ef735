package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTrainerCorrectsClosesAndPrints is a trainer through the built binary in tmux: correct the
// duration of a session from « Mes séances » (a length the programme does not pay is refused
// under its field), scan a chèque, close the sheet after its confirmation, then print the
// attendance sheet to sign: the file exists and the screen names it.
func TestTrainerCorrectsClosesAndPrints(t *testing.T) {
	c, over := trainerDay(t)
	trainer := []string{"--config", over, "--as", "formateur-pimms"}
	c.must(append(trainer, "sessions", "add", "--title", "Envoyer un e-mail", "--theme", "E-mail", "--level", "Débutant",
		"--date", time.Now().Format("02/01/2006"), "--start", "00:00", "--duration", "90", "--capacity", "8")...) // S2

	s := startTmux(t, 80, 24, []string{"NO_COLOR=1", "TERM=xterm-256color"}, "--config", over, "--db", c.db, "--as", "formateur-pimms")
	s.waitFor("Mes séances — PIMMS de Creil", "Envoyer un e-mail", "Séances passées (30 derniers jours)", "Atelier de la veille")

	s.keys("e")
	s.waitFor("Corriger la séance S2", "▸ Titre")
	s.keys("Tab", "Tab", "Tab", "Tab")
	s.waitFor("▸ Durée (min)")
	s.keys("BSpace", "BSpace", "BSpace")
	s.text("180")
	s.keys("C-s")
	s.waitFor("durée : 180 min : le programme paie des séances de 120 min au plus")
	s.keys("BSpace", "BSpace", "BSpace")
	s.text("60")
	s.keys("C-s")
	s.waitFor("Mes séances", "Séance S2 corrigée : 1 h, 8 places.")
	if out := c.must("--json", "sessions", "show", "S2"); !strings.Contains(out, `"duration_minutes": 60`) {
		t.Fatalf("the ledger does not hold the correction: %s", out)
	}

	s.keys("Enter")
	s.waitFor("Feuille d'émargement — S2 Envoyer un e-mail", "00:00–01:00 (60 min)")
	s.text("600001-01")
	s.keys("Enter")
	s.waitFor("Inès MARTIN0 est sur la feuille.")
	s.keys("C-e")
	s.waitFor("Clôturer la feuille de S2 et encaisser les chèques de 1 personne présente ?", "esc : non")
	s.keys("Enter")
	s.waitFor("S2 clos : 1 chèque encaissé, 0 refus.", "✓ chèque 600001-01 encaissé")

	s.keys("C-r")
	scr := s.waitFor("Feuille à imprimer et faire signer, écrite dans :")
	file := filepath.Join(filepath.Dir(c.db), "exports", "emargement-S2-"+time.Now().Format("2006-01-02")+".html")
	b, err := os.ReadFile(file)
	if err != nil || !strings.Contains(string(b), "Inès MARTIN0") || !strings.Contains(string(b), "Feuille d'émargement") {
		t.Fatalf("attendance sheet %s: %v", file, err)
	}
	if shown := pathAfter(scr, "écrite dans :"); shown != file {
		t.Fatalf("the screen names %q, the file is %s:\n%s", shown, file, scr)
	}

	s.keys("Escape")
	s.waitFor("Mes séances")
	s.keys("e")
	s.waitFor("Séance S2 close : ses chèques sont encaissés, elle ne se corrige plus.")
}
