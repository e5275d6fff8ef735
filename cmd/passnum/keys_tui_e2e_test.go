package main

import (
	"strings"
	"testing"
)

// TestKeysEndToEnd checks the keyboard conventions through the real binary in tmux: « ? » opens
// the help on the empty search and is typed into it otherwise (F1 always helps), esc clears the
// search, and ctrl+c asks before losing a half-filled form, then quits with status 0.
func TestKeysEndToEnd(t *testing.T) {
	s := startTmux(t, 80, 24, []string{"NO_COLOR=1", "TERM=xterm-256color"}, "--config", "../../config.toml", "--demo")
	s.waitFor("Que voulez-vous faire ?", "? aide")

	s.press("?", "Aide — Accueil", "F1 ou ?")
	s.press("Escape", "Que voulez-vous faire ?")

	s.text("Dup?")
	s.waitFor("Rechercher : Dup?", "F1 aide", "ctrl+u effacer")
	s.press("F1", "Aide — Accueil")
	s.press("F1", "Rechercher : Dup?")
	scr := s.press("Escape", "Que voulez-vous faire ?", "? aide")
	if strings.Contains(scr, "Dup?") {
		t.Fatalf("esc left the search:\n%s", scr)
	}

	// Untouched work is none: ctrl+c on a half-filled form asks, « n » keeps it.
	s.press("C-n", "Date de naissance", "ctrl+s enregistrer") // the home's menu names « Nouvelle personne » too
	s.fill("Testeur")
	s.press("C-c", "Quitter sans enregistrer ? (o/n)", "la fiche en cours de saisie")
	scr = s.press("n", "Rien n'est perdu", "Testeur")
	if strings.Contains(scr, "Testeurn") || strings.Contains(scr, "[exit") {
		t.Fatalf("the answer « n » was typed or quit:\n%s", scr)
	}
	s.press("C-c", "Quitter sans enregistrer ? (o/n)")
	s.press("o", "[exit 0]")
}
