package main

import (
	"strings"
	"testing"
)

// TestDuplicateTUIEndToEnd: at the desk, through the real binary in tmux on the demo, a
// receptionist registers « GIRARD Elodie 09/08/1999 », who is already in the ledger as « Élodie
// Girard »: the form shows the existing record before saving anything; esc goes back to the
// form with what was typed; « c'est la même personne » opens the existing card, and the ledger
// still holds one Girard.
func TestDuplicateTUIEndToEnd(t *testing.T) {
	s := startTmux(t, 80, 24, []string{"NO_COLOR=1", "TERM=xterm-256color"}, "--config", "../../config.toml", "--demo")
	s.waitFor("Accueil", "Que voulez-vous faire ?")

	s.keys("C-n")
	s.waitFor("Nouvelle personne")
	s.text("GIRARD")
	s.keys("Tab")
	s.text("Elodie")
	s.keys("Tab")
	s.text("09/08/1999")
	s.keys("Tab") // commune: Creil
	s.waitFor("◂ Creil ▸")
	s.keys("Tab", "Tab", "Tab", "Tab") // quartier, situation, diplôme, consentement
	s.waitFor("▸ Consentement")
	s.text("o")
	s.waitFor("oui, la personne accepte")
	s.keys("C-s")
	scr := s.waitFor("Cette personne est peut-être déjà enregistrée",
		"Saisie : GIRARD Elodie · né(e) le 09/08/1999 · Creil",
		"n°9 GIRARD Élodie · né(e) le 09/08/1999 · Creil",
		"ressemblance : même nom, même prénom, même date de naissance",
		"o même personne", "n autre personne", "esc retour")
	if strings.Contains(scr, "Personne enregistrée") {
		t.Fatalf("the duplicate was saved:\n%s", scr)
	}

	// esc: back to the form, nothing lost.
	s.keys("Escape")
	s.waitFor("Nouvelle personne", "GIRARD", "Elodie", "09/08/1999", "la saisie est gardée")
	s.keys("C-s")
	s.waitFor("Cette personne est peut-être déjà enregistrée", "n°9 GIRARD Élodie")

	// « c'est la même personne »: the existing card, nothing saved.
	s.text("o")
	s.waitFor("Fiche d'Élodie GIRARD (n°9)", "Fiche existante ouverte : n°9 GIRARD Élodie")
	s.keys("Escape")
	s.waitFor("Que voulez-vous faire ?")
	s.text("girard")
	s.waitFor("Personnes (1)")

	s.keys("C-c")
	s.waitFor("[exit 0]")
}
