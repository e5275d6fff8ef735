package main

import (
	"strings"
	"testing"
)

// TestDeskEndToEnd is a receptionist's morning on the demo, through the real binary in tmux:
// register a person, run the whole diagnostic with worked example P2's answers, read the
// recommended places and their reasons, hand over a carnet, find it by quick search in state
// remis; then a third carnet for the same person is refused with the reason on screen.
func TestDeskEndToEnd(t *testing.T) {
	s := startTmux(t, 80, 24, []string{"NO_COLOR=1", "TERM=xterm-256color"}, "--config", "../../config.toml", "--demo")
	s.waitFor("Accueil", "Que voulez-vous faire ?", "carnet(s) remis")

	// Register a job seeker living in a QPV of Creil.
	s.keys("C-n")
	s.waitFor("Nouvelle personne")
	s.text("Testeur")
	s.keys("Tab")
	s.text("Paul")
	s.keys("Tab")
	s.text("12/04/1991")
	s.keys("Tab") // commune: Creil is first
	s.waitFor("◂ Creil ▸")
	s.keys("Tab", "Right") // quartier: Hauts de Creil
	s.waitFor("Hauts de Creil ▸")
	s.keys("Tab")
	s.text("d") // situation: demandeur d'emploi
	s.waitFor("demandeur d'emploi ▸")
	s.keys("Tab", "Tab") // diplôme, consentement (no address: the demo caps no foyer)
	s.text("o")
	s.keys("C-s")
	s.waitFor("Fiche de Paul TESTEUR", "✓ public « Demandeurs d'emploi »", "Personne enregistrée")

	// The diagnostic with P2's context and answers.
	s.text("d")
	s.waitFor("Étape 1/7")
	s.text("2") // motif B06 emploi
	s.keys("Enter")
	s.waitFor("Étape 2/7")
	s.text("1") // smartphone
	s.text("3") // internet
	s.keys("Enter")
	s.waitFor("Étape 3/7", "(•) Creil")
	s.keys("Enter")
	s.waitFor("Étape 4/7")
	s.text("3") // loin
	s.waitFor("Étape 5/7")
	s.keys("Enter")
	s.waitFor("Étape 6/7")
	s.text("2") // collectif
	s.waitFor("Étape 7/7")
	s.text("n")
	s.waitFor("Question 1/14", "Pas concerné")
	for i, a := range []string{"3", "1", "1", "3", "2", "1", "3", "1", "2", "2", "0", "1", "2", "1"} {
		if i == 4 {
			s.waitFor("Question 5/14")
		}
		s.text(a)
	}
	scr := s.waitFor("Profil : en progression", "Lieux conseillés (3)", "Diagnostic enregistré")
	for _, want := range []string{"Emploi, CV, espace France Travail", "Interm'Aide", "[matériel]"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("result lacks %q:\n%s", want, scr)
		}
	}
	s.keys("PageDown")
	s.waitFor("Pourquoi ces lieux", "Besoin principal : Emploi, CV, espace France Travail", "Atelier collectif, comme souhaité")

	// Hand over a carnet of the desk's stock (the demo issued 600001–600005).
	s.text("r")
	s.waitFor("Remise de carnet — Paul TESTEUR")
	s.text("600006")
	s.keys("Enter")
	s.waitFor("Confirmer la remise du carnet 600006 à Paul TESTEUR ? (o/n)")
	s.text("o")
	s.waitFor("✓ Carnet 600006 remis à Paul TESTEUR.", "courrier-600006-")

	// Quick search finds it, in state remis.
	s.keys("Enter")
	s.waitFor("Fiche de Paul TESTEUR", "Éligible · 1 carnet sur 2")
	s.keys("Escape")
	s.waitFor("Que voulez-vous faire ?")
	s.keys("C-f")
	s.waitFor("Recherche rapide")
	s.text("600006")
	s.keys("Enter")
	s.waitFor("Carnet 600006", "remis à une personne", "remis le", "Paul TESTEUR")

	// A second carnet is fine, a third is refused with the reason, and nothing is offered.
	s.keys("Escape")
	s.waitFor("Que voulez-vous faire ?")
	s.text("testeur")
	s.waitFor("Personnes (1)")
	s.keys("Enter")
	s.waitFor("Fiche de Paul TESTEUR", "Éligible · 1 carnet sur 2")
	s.text("r")
	s.waitFor("Remise de carnet — Paul TESTEUR") // the number must reach the hand-over's field, not the card
	s.text("600007")
	s.keys("Enter")
	s.waitFor("Confirmer la remise du carnet 600007")
	s.text("o")
	s.waitFor("✓ Carnet 600007 remis")
	s.keys("Enter")
	s.waitFor("Fiche de Paul TESTEUR", "Éligible · 2 carnets sur 2")
	s.text("r")
	s.waitFor("Remise de carnet — Paul TESTEUR")
	s.text("600008")
	s.keys("Enter")
	scr = s.waitFor("limite atteinte : 2 carnets sur 2")
	if strings.Contains(scr, "Confirmer la remise") {
		t.Fatalf("a third carnet must not be offered for confirmation:\n%s", scr)
	}

	s.keys("C-c")
	s.waitFor("[exit 0]")
}
