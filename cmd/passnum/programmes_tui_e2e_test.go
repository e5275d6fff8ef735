package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeskTwoProgrammesEndToEnd is Aliso's desk on Creuse's two programmes, through the real
// binary in tmux at 80×24: the header names the programme in use and F2 switches it to
// programme 2; a family under the quotient familial ceiling is registered with the form's
// quotient field; the card gives one line per programme; the hand-over of a programme-2
// carnet names the programme at the question and once done, and a carnet of programme 1 is
// refused naming that programme.
func TestDeskTwoProgrammesEndToEnd(t *testing.T) {
	db, _ := creuseDesk(t)

	s := startTmux(t, 80, 24, []string{"NO_COLOR=1", "TERM=xterm-256color"}, "--config", creuseConfig, "--db", db, "--as", "accueil-aliso")
	s.waitFor("Accueil du réseau Aliso", "Pass numérique Creuse — minima sociaux [F2]", "Que voulez-vous faire ?")
	s.keys("F2")
	s.waitFor("Pass numérique Creuse — seniors et familles [F2]", "Programme en cours : Pass numérique Creuse — seniors")

	// A mother of 38, no status given: only the families' public, by her quotient familial.
	s.keys("C-n")
	s.waitFor("Nouvelle personne", "Quotient familial (€)")
	s.text("Bernard")
	s.keys("Tab")
	s.text("Lucie")
	s.keys("Tab")
	s.text("02/03/1988")
	s.keys("Tab")
	s.waitFor("◂ Guéret ▸")
	s.keys("Tab", "Tab", "Tab", "Tab") // quartier, situation, diplôme: left as they are
	s.waitFor("▸ Quotient familial (€)", "700 € au plus")
	s.text("540")
	s.keys("Tab")
	s.text("o")
	s.keys("C-s")
	scr := s.waitFor("Fiche de Lucie BERNARD", "Personne enregistrée")
	for _, want := range []string{"Pass numérique Creuse — minima sociaux : Non éligible", "Pass numérique Creuse — seniors et familles : Éligible"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("the card lacks %q:\n%s", want, scr)
		}
	}

	s.text("r")
	s.waitFor("Remise de carnet — Lucie BERNARD")
	// A carnet of programme 1, for which she is not eligible: the refusal names the programme.
	s.text("100001")
	s.keys("Enter")
	s.waitFor("✗ Éligibilité : aucun public du programme Pass numérique Creuse", "Remise impossible")
	s.text("200001")
	s.keys("Enter")
	scr = s.waitFor("Confirmer la remise du carnet 200001 (programme", "✓ Programme : Pass numérique Creuse — seniors et familles")
	if !strings.Contains(scr, "public « Familles sous plafond de quotient familial » du") {
		t.Fatalf("the eligibility line does not name the public and the programme:\n%s", scr)
	}
	s.text("o")
	s.waitFor("✓ Carnet 200001 remis à Lucie BERNARD.", "Programme : Pass numérique Creuse — seniors et familles.")

	s.keys("C-c")
	s.waitFor("[exit 0]")
}

// creuseDesk is a ledger on the Creuse test configuration with two carnets of each programme
// allocated to Aliso; prep runs a command on it.
func creuseDesk(t *testing.T) (db string, prep func(args ...string) string) {
	db = filepath.Join(t.TempDir(), "passnum.db")
	prep = func(args ...string) string {
		t.Helper()
		out, errOut, code := runExit(t, exec.Command(binary, append([]string{"--config", creuseConfig, "--db", db}, args...)...))
		if code != 0 {
			t.Fatalf("passnum %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
		return strings.TrimSpace(out)
	}
	prep("init")
	for _, c := range []struct{ prog, first string }{{"creuse-1", "100001"}, {"creuse-2", "200001"}} {
		prep("carnets", "receive", "--programme", c.prog, "--first", c.first, "--count", "2")
		prep("carnets", "allocate", "--programme", c.prog, "--prescriber", "aliso", "--count", "2")
	}
	return db, prep
}

// TestDeskChoosesBetweenTwoProgrammes: a retired RSA beneficiary of 66 may receive a carnet of
// either programme; the card and the hand-over say so, the hand-over is in the programme in
// use, a carnet of the other is refused until F2 switches, and once a carnet of programme 1 is
// handed over, programme 2 (exclusive_with) is refused on the card, naming the carnet held.
func TestDeskChoosesBetweenTwoProgrammes(t *testing.T) {
	db, prep := creuseDesk(t)
	prep("--as", "accueil-aliso", "people", "add", "--last-name", "Moreau", "--first-name", "Jeanne", "--birth-date", "14/07/1960", "--commune", "23096",
		"--status", "rsa", "--consent")

	s := startTmux(t, 80, 24, []string{"NO_COLOR=1", "TERM=xterm-256color"}, "--config", creuseConfig, "--db", db, "--as", "accueil-aliso")
	s.waitFor("Que voulez-vous faire ?")
	s.text("moreau")
	s.waitFor("Personnes (1)")
	s.keys("Enter")
	s.waitFor("Fiche de Jeanne MOREAU", "Éligible à 2 programmes : choisissez à la remise", "ils ne se cumulent pas")

	s.text("r")
	s.waitFor("Remise de carnet — Jeanne MOREAU", "Éligible à 2 programmes : remise au titre du programme", "minima sociaux (F2 pour changer)")
	s.keys("F2")
	s.waitFor("seniors et familles (F2 pour changer)")
	s.text("100001")
	s.keys("Enter")
	scr := s.waitFor("✗ Programme : le carnet 100001 est du programme Pass numérique Creuse", "Remise impossible")
	if strings.Contains(scr, "Confirmer la remise") {
		t.Fatalf("a carnet of the programme not chosen must not be offered:\n%s", scr)
	}
	s.keys("F2")
	s.waitFor("Éligible à 2 programmes : remise au titre du programme", "minima sociaux (F2 pour changer)")
	s.text("100001")
	s.keys("Enter")
	s.waitFor("Confirmer la remise du carnet 100001 (programme")
	s.text("o")
	s.waitFor("✓ Carnet 100001 remis à Jeanne MOREAU.")
	s.keys("Enter")
	s.waitFor("Fiche de Jeanne MOREAU", "pas de carnet : déjà un carnet du")
	s.keys("Down", "Down")
	s.waitFor("ne se cumule pas", "détient déjà le carnet 100001")

	s.keys("C-c")
	s.waitFor("[exit 0]")
}
