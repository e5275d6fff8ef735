package main

import (
	"strings"
	"testing"
)

// TestOrientationLoopEndToEnd is Aulnoye-Aymeries's loop through the real binary in tmux: Pôle
// emploi's desk runs a diagnostic for a job seeker and orients her to the centre social with a
// note; the centre social's trainer sees her announced, puts her on a sheet, records a Pix
// positioning and, later, a second comment; the bilan de parcours shows both, dated.
func TestOrientationLoopEndToEnd(t *testing.T) {
	a := newAulnoye(t)
	id := a.must("--as", "accueil-pole-emploi", "people", "add", "--last-name", "Dupont", "--first-name", "Jeanne", "--birth-date", "04/05/1980",
		"--commune", "59033", "--status", "demandeur_emploi", "--consent")
	env := []string{"NO_COLOR=1", "TERM=xterm-256color"}

	desk := startTmux(t, 80, 24, env, "--config", "../../configs/hauts-de-france-aulnoye.toml", "--db", a.db, "--as", "accueil-pole-emploi")
	desk.waitFor("Que voulez-vous faire ?")
	desk.keys("C-f")
	desk.waitFor("Recherche rapide", "Scannez ou tapez")
	desk.text("Dupont")
	desk.waitFor("Numéro ou nom : Dupont")
	desk.keys("Enter")
	desk.waitFor("Jeanne DUPONT (n°"+id+")", "Entrée : ouvrir la fiche")
	desk.keys("Enter")
	desk.waitFor("Fiche de Jeanne DUPONT")
	desk.text("d")
	desk.waitFor("Étape 1/7")
	desk.text("2") // motif: emploi
	desk.keys("Enter")
	desk.waitFor("Étape 2/7")
	desk.keys("Enter")
	desk.waitFor("Étape 3/7")
	desk.keys("Enter")
	desk.waitFor("Étape 4/7")
	desk.text("1")
	desk.waitFor("Étape 5/7")
	desk.keys("Enter")
	desk.waitFor("Étape 6/7")
	desk.text("1")
	desk.waitFor("Étape 7/7")
	desk.text("n")
	desk.waitFor("Question 1/14")
	for i, ans := range []string{"1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1"} {
		if i == 4 || i == 9 {
			desk.waitFor("Question " + []string{"", "", "", "", "5", "", "", "", "", "10"}[i] + "/14")
		}
		desk.text(ans)
	}
	desk.waitFor("Profil", "Diagnostic enregistré", "1. Centre social Guy-Moquet")
	desk.text("o")
	desk.waitFor("Orienter Jeanne DUPONT vers un lieu", "Centre social Guy-Moquet")
	desk.keys("Tab")
	desk.text("CV et candidatures en ligne")
	desk.keys("C-s")
	desk.waitFor("Jeanne DUPONT orientée vers Centre social Guy-Moquet")

	trainer := startTmux(t, 80, 24, env, "--config", "../../configs/hauts-de-france-aulnoye.toml", "--db", a.db, "--as", "formateur-guy-moquet")
	trainer.waitFor("Mes séances", "Personnes orientées vers nous")
	for range 4 { // no session yet: the menu's fifth line
		trainer.keys("Down")
	}
	trainer.keys("Enter")
	trainer.waitFor("Jeanne DUPONT", "pas encore venue", "« CV et candidatures en ligne »", "1 personne orientée, 0 venue")
	trainer.keys("Escape")
	trainer.waitFor("Que voulez-vous faire ?")

	// The session, the sheet and two follow-ups go through the CLI (the sheet's screens have
	// their own end-to-end test); the trainer's page then says she came.
	tr := func(args ...string) { a.must(append([]string{"--as", "formateur-guy-moquet"}, args...)...) }
	tr("sessions", "add", "--title", "Premiers pas", "--theme", "E-mail", "--level", "Débutant", "--start", "00:00", "--duration", "60", "--capacity", "8")
	tr("sessions", "attend", "S1", "--person", id)
	tr("sessions", "follow-up", "S1", "--person", id, "--autonomy", "Avec guidage", "--comment", "positionnement de départ", "--pix", "96")
	tr("sessions", "follow-up", "S1", "--person", id, "--autonomy", "Autonome", "--comment", "dépose ses candidatures seule")

	trainer.keys("Enter") // the cursor stayed on the page; opening it reads the list again

	trainer.waitFor("Jeanne DUPONT", "venue le", "1 personne orientée, 1 venue")
	trainer.keys("Enter")
	scr := trainer.waitFor("Bilan de parcours — Jeanne DUPONT", "Pix 96", "positionnement de départ", "dépose ses candidatures seule", "Avec guidage → Autonome")
	if !strings.Contains(scr, "Agence Pôle emploi d'Aulnoye-Aymeries") {
		t.Errorf("the bilan names the prescriber:\n%s", scr)
	}
	trainer.keys("C-p")
	trainer.waitFor("Bilan de parcours écrit", "parcours-"+id)
}
