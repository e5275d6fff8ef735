package main

import (
	"strings"
	"testing"
)

// coordLedger is a programme a coordinator follows: 30 carnets received, 2 allocated to the
// centre social, one handed to Inès Martin and one of its chèques used at the PIMMS today.
func coordLedger(t *testing.T) (c *cli, cfg string) {
	t.Helper()
	c, cfg = newCLI(t), keyConfig(t)
	k := func(args ...string) []string { return append([]string{"--config", cfg}, args...) }
	c.must(k("places", "import", "testdata/places_min.csv")...)
	c.must(k("places", "set", "pimms-creil", "--qualified")...)
	c.must(k("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", "30")...)
	c.must(k("carnets", "allocate", "--prescriber", "centre-social-georges-brassens", "--count", "2")...)
	person := c.must(k("people", "add", "--last-name", "Martin", "--first-name", "Inès", "--birth-date", "04/05/2006",
		"--commune", "60175", "--qpv", "Hauts de Creil", "--diploma", "bac", "--consent")...)
	c.must(k("carnets", "issue", "600001", "--person", person)...)
	c.must(k("--as", "formateur-pimms", "redeem", "600001-01", "--place", "pimms-creil")...)
	return c, cfg
}

// TestCoordinationScreensEndToEnd is a coordinator's morning through the real binary in tmux:
// the tableau de bord, the allocation key shown then applied on one confirmation, the month's
// claim prepared and marked paid, and the figures of the tableau de bord following.
func TestCoordinationScreensEndToEnd(t *testing.T) {
	c, cfg := coordLedger(t)
	s := startTmux(t, 80, 24, []string{"NO_COLOR=1", "TERM=xterm-256color"}, "--config", cfg, "--db", c.db, "--as", "coord")
	s.waitFor("Tableau de bord — Pass numérique Creil Sud Oise", "Carnets remis", "1 / 30 reçus (3,3 %)",
		"Chèques utilisés", "1 / 5 remis", "Stock : 28 au central · 1 chez les prescripteurs", "Alertes", "? aide")

	s.keys("s")
	s.waitFor("Stock de carnets", "Stock central : 28 carnets", "Centre social Georges Brassens")
	s.keys("k")
	s.waitFor("Clé de répartition", "▸ Carnets à répartir")
	s.text("20")
	s.keys("Tab", "BSpace")
	s.text("2")
	s.keys("Enter", "Enter")
	scr := s.waitFor("Aperçu de la répartition", "20 carnets du stock central", "Attribuer ces 20 carnets ?")
	for _, want := range []string{"Agence Pôle emploi de Montataire", "3 000"} {
		if !strings.Contains(scr, want) {
			t.Errorf("key preview lacks %q:\n%s", want, scr)
		}
	}
	if n := c.count(`SELECT count(*) FROM audit WHERE action = 'carnet.allocate'`); n != 2 {
		t.Fatalf("the preview wrote: %d allocation rows, want the 2 of the setup", n)
	}
	s.keys("o")
	s.waitFor("20 carnets attribués entre 6 prescripteurs.", "Stock central : 8 carnets")
	s.keys("Escape")
	s.waitFor("Tableau de bord", "Stock : 8 au central · 21 chez les prescripteurs")

	s.keys("r")
	s.waitFor("Remboursements des lieux")
	s.keys("Right")
	s.waitFor("En attente : 1 chèque dans 1 lieu")
	s.keys("C-p")
	s.waitFor("1 demande préparée pour 10 €", "R1", "PIMMS")
	s.keys("p")
	s.waitFor("La demande R1 (PIMMS de Creil, 10,00 €) a-t-elle été payée ?")
	s.keys("o")
	s.waitFor("Demande R1 payée (10,00 €, 1 chèque remboursé) : PIMMS de Creil.")
	s.keys("Escape")
	s.waitFor("Tableau de bord", "10 € payés, 10 € demandés")
	if got := c.count(`SELECT count(*) FROM claim WHERE state = 'payee'`); got != 1 {
		t.Errorf("%d paid claims in the ledger, want 1", got)
	}
}

// TestLectureScreensEndToEnd: the committee's account opens on the same tableau de bord, has no
// key that changes the ledger, and a lookup of a person is refused while a carnet answers
// without its holder.
func TestLectureScreensEndToEnd(t *testing.T) {
	c, cfg := coordLedger(t)
	s := startTmux(t, 80, 24, []string{"NO_COLOR=1", "TERM=xterm-256color"}, "--config", cfg, "--db", c.db, "--as", "lecture")
	scr := s.waitFor("Tableau de bord — Pass numérique Creil Sud Oise", "1 / 30 reçus", "Alertes", "e exports", "c consulter")
	if strings.Contains(scr, "répartition") || strings.Contains(scr, "remboursements") {
		t.Errorf("the committee's help line offers a change:\n%s", scr)
	}
	s.keys("s") // stock and allocation: not the committee's
	s.keys("c")
	s.waitFor("Consulter un numéro", "Numéro :")
	s.text("Martin")
	s.keys("Enter")
	scr = s.waitFor("voit les chiffres du programme,", "pas les personnes")
	if strings.Contains(scr, "Inès") {
		t.Errorf("a refused lookup shows the person:\n%s", scr)
	}
	s.keys("C-u")
	s.text("600001")
	s.keys("Enter")
	scr = s.waitFor("Carnet 600001 — remis", "Centre social Georges Brassens")
	if strings.Contains(scr, "Martin") || strings.Contains(scr, "Inès") {
		t.Errorf("the committee sees the holder of a carnet:\n%s", scr)
	}
}
