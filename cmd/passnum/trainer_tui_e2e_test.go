package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTrainerScreensEndToEnd is a trainer's session through the real binary in tmux: create the
// session, scan three chèques (one valid, one already used, one expired) and see the warnings,
// close the sheet — one success, two precise refusals —, record a follow-up, read it in the
// prescriber's bilan, then prepare and export the month's claim and find the valid chèque in the
// file, with totals that match the ledger.
func TestTrainerScreensEndToEnd(t *testing.T) {
	c, over := trainerDay(t)

	s := startTmux(t, 80, 24, []string{"NO_COLOR=1", "TERM=xterm-256color"}, "--config", over, "--db", c.db, "--as", "formateur-pimms")
	s.waitFor("Mes séances", "Aucune séance prévue", "? aide")

	s.press("C-n", "Nouvelle séance", "▸ Titre") // the home's menu names « Nouvelle séance » too
	s.fill("Créer son adresse e-mail")
	s.press("C-s", "Feuille d'émargement — S2", "Séance S2 créée")

	s.text("600001-01")
	s.keys("Enter")
	s.waitFor("Inès MARTIN0 est sur la feuille.")
	s.text("600003-01")
	s.keys("Enter")
	s.waitFor("Attention : chèque 600003-01 déjà utilisé le " + time.Now().Format("02/01/2006"))
	s.text("700001-01")
	s.keys("Enter")
	s.waitFor("Attention : chèque 700001-01 expiré", "3 présents sur 8 places")

	s.keys("C-e")
	s.waitFor("Clôturer la feuille de S2 et encaisser les chèques de 3 personnes présentes ?")
	s.keys("Enter")
	scr := s.waitFor("S2 clos : 1 chèque encaissé, 2 refus.")
	for _, want := range []string{
		"✓ chèque 600001-01 encaissé",
		"✗ chèque 600003-01 déjà utilisé le",
		"✗ chèque 700001-01 expiré : le programme Pass numérique 2025 a pris fin le",
		"1 chèque encaissé",
	} {
		if !strings.Contains(scr, want) {
			t.Errorf("closed sheet lacks %q:\n%s", want, scr)
		}
	}

	// Follow-up for the first participant, then leave the sheet.
	s.keys("Up", "Up")
	s.keys("C-o")
	s.waitFor("Suivi — Inès MARTIN0", "▸ Autonomie")
	s.keys("Right", "Enter")
	s.text("a créé sa boîte")
	s.keys("Enter")
	s.waitFor("▸ Positionnement Pix")
	s.keys("Enter")
	s.waitFor("Suivi enregistré pour Inès MARTIN0", "suivi : Autonome")
	s.keys("Escape")
	s.waitFor("Mes séances", "S2", "3/8 présents · 1 chèque")

	s.keys("C-b")
	s.waitFor("Bilan pour le prescripteur", "◂ Agence Pôle emploi")
	s.text("c") // the initial of the centre social that handed the carnets over
	s.waitFor("◂ Centre social Georges Brassens ▸", "Inès MARTIN0", "« a créé sa boîte »")
	s.keys("Escape")
	s.waitFor("Mes séances")

	s.keys("C-t")
	s.waitFor("Remboursements", "Aucune demande de remboursement")
	s.keys("C-p")
	s.waitFor("Demande R1 préparée : 2 chèques, 20,00 €", "R1")
	s.keys("Enter")
	s.waitFor("Demande R1 exportée dans")

	file := filepath.Join(filepath.Dir(c.db), "exports", fmt.Sprintf("remboursement-R1-pimms-creil-%s.csv", time.Now().Format("2006-01")))
	cheques, sum, total := claimFiles(t, file)
	if cheques["600001-01"] != "S2" || len(cheques) != 2 || total != "20,00" || sum != 2000 {
		t.Fatalf("claim export: chèques %v, total %q, lines sum to %d cents", cheques, total, sum)
	}
	if _, ok := cheques["700001-01"]; ok {
		t.Fatalf("the expired chèque must not be claimed: %v", cheques)
	}
	// The ledger agrees with the file.
	if out := c.must("lookup", "600001-01"); !strings.Contains(out, "utilisé") {
		t.Fatalf("ledger: %s", out)
	}
}
