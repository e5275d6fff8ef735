package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeskEndToEnd is a receptionist's morning on the demo, through the real binary in tmux:
// register a person, run the whole diagnostic with worked example P2's answers, read the
// recommended places and their reasons, hand over a carnet, print its courrier from the card
// (one place unticked; the file exists and the screen names it), cancel the hand-over the same
// day and find the carnet back in the desk's stock (passnum stock, the lookup); then two carnets
// are handed over and a third is refused with the reason on screen.
func TestDeskEndToEnd(t *testing.T) {
	// The demo's throw-away ledger and courriers go under TMPDIR: the test reads them there. An
	// empty PATH: no browser nor printer may open a window during the test.
	tmp, noTools := t.TempDir(), t.TempDir()
	s := startTmux(t, 80, 24, []string{"NO_COLOR=1", "TERM=xterm-256color", "TMPDIR=" + tmp, "PATH=" + noTools},
		"--config", "../../config.toml", "--demo")
	s.waitFor("Accueil", "Que voulez-vous faire ?", "remis ·")
	dbs, _ := filepath.Glob(filepath.Join(tmp, "passnum-demo-*", "demo.db"))
	if len(dbs) != 1 {
		t.Fatalf("demo ledgers under TMPDIR: %v, want one", dbs)
	}
	c := &cli{t: t, db: dbs[0]}
	const desk = "centre-social-georges-brassens" // the demo's desk: its stock starts at 600006
	before, _ := c.stock().inHand()

	// Register a job seeker living in a QPV of Creil.
	s.press("C-n", "Date de naissance", "Consentement")
	s.fill("Testeur")
	s.keys("Tab")
	s.fill("Paul")
	s.keys("Tab")
	s.fill("12/04/1991")
	s.press("Tab", "◂ Creil ▸") // commune: Creil is first
	s.keys("Tab", "Right")      // quartier: Hauts de Creil
	s.waitFor("Hauts de Creil ▸")
	s.keys("Tab")
	s.press("d", "demandeur d'emploi ▸") // situation
	s.keys("Tab", "Tab")                 // diplôme, consentement (no address: the demo caps no foyer)
	s.press("o", "oui, la personne accepte")
	s.press("C-s", "Fiche de Paul TESTEUR", "✓ public « Demandeurs d'emploi »", "Personne enregistrée")

	// The diagnostic with P2's context and answers, each typed once its step shows.
	s.press("d", "Étape 1/7")
	s.text("2") // motif: emploi
	s.press("Enter", "Étape 2/7")
	s.text("1") // smartphone
	s.text("3") // internet
	s.press("Enter", "Étape 3/7", "(•) Creil")
	s.press("Enter", "Étape 4/7")
	s.press("3", "Étape 5/7") // loin
	s.press("Enter", "Étape 6/7")
	s.press("2", "Étape 7/7") // collectif
	s.press("n", "Question 1/14", "Pas concerné")
	answers := []string{"3", "1", "1", "3", "2", "1", "3", "1", "2", "2", "0", "1", "2", "1"}
	for i, a := range answers[:len(answers)-1] {
		s.press(a, fmt.Sprintf("Question %d/14", i+2))
	}
	scr := s.press(answers[len(answers)-1], "Profil : en progression", "Lieux conseillés (3)", "Diagnostic enregistré")
	for _, want := range []string{"Emploi, CV, espace France Travail", "Interm'Aide", "[matériel]"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("result lacks %q:\n%s", want, scr)
		}
	}
	s.press("PageDown", "Pourquoi ces lieux", "Besoin principal : Emploi, CV, espace France Travail", "Atelier collectif, comme souhaité")

	// Hand over a carnet of the desk's stock (the demo handed 600001–600005 over).
	s.press("r", "Remise de carnet — Paul TESTEUR", "N° du carnet")
	s.fill("600006")
	s.press("Enter", "Confirmer la remise du carnet 600006 à Paul TESTEUR ? (o/n)")
	s.press("o", "✓ Carnet 600006 remis à Paul TESTEUR.", "Courrier d'accompagnement :")
	s.press("Enter", "Fiche de Paul TESTEUR", "Éligible · 1 carnet sur 2", "p courrier")
	if n, _ := c.stock().inHand(); n[desk] != before[desk]-1 {
		t.Fatalf("after the hand-over: %d in the desk's hands, want %d", n[desk], before[desk]-1)
	}

	// Print the courrier from the card: the diagnostic's places, the first one unticked.
	scr = s.press("p", "Lieux recommandés par le diagnostic", "Le courrier listera 3 lieux", "entrée imprimer")
	unticked := ""
	for _, l := range strings.Split(scr, "\n") {
		if i := strings.Index(l, "▸ [x] "); i >= 0 {
			unticked, _, _ = strings.Cut(l[i+len("▸ [x] "):], " · ")
			unticked = strings.TrimSpace(unticked)
		}
	}
	if unticked == "" {
		t.Fatalf("no place under the cursor:\n%s", scr)
	}
	s.press("Space", "▸ [ ] "+unticked, "Le courrier listera 2 lieux")
	scr = s.press("Enter", "✓ Courrier du carnet 600006 écrit :", "Ouvrez ce fichier dans un navigateur")
	path := pathAfter(scr, "écrit :")
	if want := filepath.Join(filepath.Dir(c.db), "courriers"); filepath.Dir(path) != want || !strings.HasSuffix(path, ".html") {
		t.Fatalf("path on screen %q, want a .html file in %s:\n%s", path, want, scr)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the file named on screen: %v", err)
	}
	body := strings.NewReplacer("&#39;", "'", "\u00a0", " ", "\u202f", " ").Replace(string(b))
	if !strings.Contains(body, "Paul TESTEUR") || !strings.Contains(body, "600006") || !strings.Contains(body, "Interm'Aide") && unticked != "Interm'Aide" {
		t.Errorf("courrier %s:\n%s", path, body)
	}
	if strings.Contains(body, unticked) {
		t.Errorf("the courrier lists %q, unticked before printing", unticked)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("courrier mode %v, want 0600", fi.Mode().Perm())
	}

	// The same day, x takes the hand-over back: reason, confirmation, the card no longer lists it.
	s.press("Enter", "Fiche de Paul TESTEUR", "Éligible · 1 carnet sur 2")
	s.press("x", "Annuler la remise d'un carnet — Paul TESTEUR", "◂ 600006 ▸")
	s.fill("remis à la mauvaise personne")
	s.press("Enter", "La remise du carnet 600006 à Paul TESTEUR sera annulée", "Confirmer ? o : oui")
	scr = s.press("o", "Carnet 600006 revenu dans le stock", "Fiche de Paul TESTEUR", "Carnets (0)")
	if strings.Contains(scr, "600006 — remis") {
		t.Fatalf("the card still shows the carnet handed over:\n%s", scr)
	}
	after, ranges := c.stock().inHand()
	if after[desk] != before[desk] {
		t.Errorf("in the desk's hands: %d before, %d after the cancellation, want the same", before[desk], after[desk])
	}
	if r := ranges[desk]; len(r) == 0 || !strings.HasPrefix(r[0], "600006-") {
		t.Errorf("ranges in the desk's hands = %v, want the first from 600006", r)
	}
	c.wantRun(0, "attribué", "lookup", "600006")
	if n := c.count(`SELECT count(*) FROM audit WHERE action = 'carnet.unissue' AND entity_id = '600006' AND detail LIKE '%: remis à la mauvaise personne'`); n != 1 {
		t.Errorf("cancellation audit rows = %d, want 1", n)
	}

	// Two carnets are fine: the quick search finds the first in state remis.
	s.press("r", "Remise de carnet — Paul TESTEUR", "N° du carnet") // the number must reach the hand-over's field, not the card
	s.fill("600007")
	s.press("Enter", "Confirmer la remise du carnet 600007")
	s.press("o", "✓ Carnet 600007 remis")
	s.press("Enter", "Fiche de Paul TESTEUR", "Éligible · 1 carnet sur 2")
	s.press("Escape", "Que voulez-vous faire ?")
	s.press("C-f", "Numéro ou nom :") // the lookup's field: the home's menu names « Recherche rapide » too
	s.fill("600007")
	s.press("Enter", "Carnet 600007", "remis à une personne", "remis le", "Paul TESTEUR")
	s.press("Escape", "Que voulez-vous faire ?")
	s.fill("testeur")
	s.waitFor("Personnes (1)")
	s.press("Enter", "Fiche de Paul TESTEUR", "Éligible · 1 carnet sur 2")
	s.press("r", "Remise de carnet — Paul TESTEUR", "N° du carnet")
	s.fill("600008")
	s.press("Enter", "Confirmer la remise du carnet 600008")
	s.press("o", "✓ Carnet 600008 remis")
	s.press("Enter", "Fiche de Paul TESTEUR", "Éligible · 2 carnets sur 2")

	// A third is refused with the reason, and nothing is offered.
	s.press("r", "Remise de carnet — Paul TESTEUR", "N° du carnet")
	s.fill("600009")
	scr = s.press("Enter", "limite atteinte : 2 carnets sur 2")
	if strings.Contains(scr, "Confirmer la remise") {
		t.Fatalf("a third carnet must not be offered for confirmation:\n%s", scr)
	}

	s.keys("C-c")
	s.waitFor("[exit 0]")
}
