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

	s.press("C-n", "Date de naissance", "Consentement") // the home's menu names « Nouvelle personne » too
	s.fill("GIRARD")
	s.keys("Tab")
	s.fill("Elodie")
	s.keys("Tab")
	s.fill("09/08/1999")
	s.press("Tab", "◂ Creil ▸")        // commune: Creil
	s.keys("Tab", "Tab", "Tab", "Tab") // quartier, situation, diplôme, consentement
	s.waitFor("▸ Consentement")
	s.press("o", "oui, la personne accepte")
	scr := s.press("C-s", "Cette personne est peut-être déjà enregistrée",
		"ressemblance : même nom, même prénom, même date de naissance",
		"o même personne", "n autre personne", "esc retour")
	if strings.Contains(scr, "Personne enregistrée") {
		t.Fatalf("the duplicate was saved:\n%s", scr)
	}
	// What was typed and the record found, each on its line, whichever way the names are written.
	if !lineWith(scr, "Saisie :", "GIRARD", "Elodie", "né(e) le 09/08/1999 · Creil") || !lineWith(scr, "n°9", "GIRARD", "Élodie", "né(e) le 09/08/1999 · Creil") {
		t.Fatalf("the panel does not show the typed person and the existing one:\n%s", scr)
	}

	// esc: back to the form, nothing lost.
	s.press("Escape", "Date de naissance", "GIRARD", "Elodie", "09/08/1999") // the form again, as typed
	s.press("C-s", "Cette personne est peut-être déjà enregistrée", "n°9")

	// « c'est la même personne »: the existing card, nothing saved.
	s.press("o", "Fiche d'Élodie GIRARD (n°9)", "Fiche existante ouverte")
	s.press("Escape", "Que voulez-vous faire ?")
	s.fill("girard")
	s.waitFor("Personnes (1)")

	s.keys("C-c")
	s.waitFor("[exit 0]")
}
