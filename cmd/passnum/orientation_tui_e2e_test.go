package main

import (
	"strings"
	"testing"
	"time"
)

// TestOrientationLoopEndToEnd is Aulnoye-Aymeries's loop through the real binary in tmux: Pôle
// emploi's desk runs a diagnostic for a job seeker and orients her to the centre social with a
// note; the centre social's trainer sees her announced, then types in the sheet's follow-up
// panel a first comment with a Pix positioning per domain (a mistyped level is refused on its
// field) and, later, a second comment with a new positioning; the bilan de parcours shows the
// first and latest positioning per domain, dated, and both comments, dated.
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
	desk.waitFor("Orientation de Jeanne DUPONT vers Centre social Guy-Moquet enregistrée")

	// Today's session is planned (CLI) before the trainer opens the app: the home lists it
	// first, the menu follows.
	tr := func(args ...string) { a.must(append([]string{"--as", "formateur-guy-moquet"}, args...)...) }
	tr("sessions", "add", "--title", "Premiers pas", "--theme", "E-mail", "--level", "Débutant", "--start", "00:00", "--duration", "60", "--capacity", "8")

	trainer := startTmux(t, 80, 24, env, "--config", "../../configs/hauts-de-france-aulnoye.toml", "--db", a.db, "--as", "formateur-guy-moquet")
	trainer.waitFor("Mes séances", "S1", "Personnes orientées vers nous")
	for range 5 { // one session, then the menu: its fifth line
		trainer.keys("Down")
	}
	trainer.press("Enter", "pas encore venue")
	trainer.waitFor("Jeanne DUPONT", "« CV et candidatures en ligne »", "1 personne orientée, 0 venue")
	trainer.keys("Escape")
	trainer.waitFor("Que voulez-vous faire ?")

	// She comes: her name goes on the sheet (CLI); the trainer opens the sheet and TYPES two
	// follow-ups in its panel, each with a Pix positioning per domain.
	tr("sessions", "attend", "S1", "--person", id)
	for range 5 {
		trainer.keys("Up")
	}
	trainer.press("Enter", "Feuille d'émargement — S1", "Jeanne DUPONT")
	trainer.press("C-o", "Suivi — Jeanne DUPONT", "▸ Autonomie", "◂ Avec guidage ▸")
	trainer.press("Enter", "▸ Commentaire")
	trainer.fill("positionnement de départ")
	trainer.press("Enter", "▸ Positionnement Pix")
	trainer.fill("96 pix, informations 9")
	trainer.press("Enter", "« informations 9 » : niveau 9 en Informations", "un niveau va de 0 à 8") // refused, the panel stays
	trainer.keys("C-u")
	trainer.fill("96 pix, informations 1, communication 2")
	trainer.press("Enter", "Suivi enregistré pour Jeanne DUPONT")

	trainer.press("C-o", "Déjà noté :", "positionnement de départ", "Pix : 96 pix ·", "Informations et données niveau 1 · Communication et collaboration niveau 2")
	trainer.keys("Right", "Right")
	trainer.waitFor("◂ Autonome ▸")
	trainer.press("Enter", "▸ Commentaire")
	trainer.fill("dépose ses candidatures seule")
	trainer.press("Enter", "▸ Positionnement Pix")
	trainer.fill("1:3 2:3 5:2")
	trainer.keys("Enter")
	trainer.waitFor("Suivi enregistré pour Jeanne DUPONT", "suivi : Autonome")
	trainer.keys("Escape")
	trainer.waitFor("Que voulez-vous faire ?")

	for range 5 {
		trainer.keys("Down")
	}
	trainer.press("Enter", "venue le")
	trainer.waitFor("Jeanne DUPONT", "1 personne orientée, 1 venue")
	today := time.Now()
	scr := trainer.press("Enter", "Bilan de parcours — Jeanne DUPONT", "Avec guidage → Autonome",
		"Score Pix : 96 pix le "+today.Format("02/01/2006"),
		"Informations et données : niveau 1 le "+today.Format("02/01/2006")+" → niveau 3 le "+today.Format("02/01/2006"),
		"Environnement numérique : niveau 2 le "+today.Format("02/01/2006"))
	if !strings.Contains(scr, "Agence Pôle emploi d'Aulnoye-Aymeries") {
		t.Errorf("the bilan names the prescriber:\n%s", scr)
	}
	// Both comments, each dated, in the follow-ups: the whole bilan holds in 80x24.
	for _, c := range []string{"positionnement de départ", "dépose ses candidatures seule"} {
		if !lineWith(scr, today.Format("02/01")+" (S1) :", c) {
			t.Errorf("the bilan lacks %q, dated:\n%s", c, scr)
		}
	}
	trainer.keys("C-p")
	trainer.waitFor("Bilan de parcours écrit", "parcours-"+id)
}
