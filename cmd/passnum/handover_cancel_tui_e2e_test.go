package main

import (
	"strings"
	"testing"
)

// TestDeskCancelsHandoverEndToEnd is a desk's mistake of the day through the built binary in
// tmux: hand a carnet over from the person's card, take it back from the card with a reason and
// a confirmation, and find it back in the prescriber's stock (passnum stock, lookup).
func TestDeskCancelsHandoverEndToEnd(t *testing.T) {
	c := newCLI(t)
	c.must("places", "import", "testdata/places_min.csv")
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", "2")
	c.must("carnets", "allocate", "--prescriber", "centre-social-georges-brassens", "--count", "2")
	c.must(append([]string{"--as", "accueil-brassens"}, addArgs(haddad)...)...) // registered at this desk: its full card
	before, _ := c.stock().inHand()

	s := startTmux(t, 80, 24, []string{"NO_COLOR=1", "TERM=xterm-256color"}, "--config", "../../config.toml", "--db", c.db, "--as", "accueil-brassens")
	s.waitFor("Que voulez-vous faire ?")
	s.text("haddad")
	s.waitFor("Personnes (1)")
	s.keys("Enter")
	s.waitFor("Fiche d'Inès HADDAD", "Carnets (0)")
	s.text("r")
	s.waitFor("Remise de carnet — Inès HADDAD")
	s.text("600001")
	s.keys("Enter")
	s.waitFor("Confirmer la remise du carnet 600001 à Inès HADDAD ? (o/n)")
	s.text("o")
	s.waitFor("✓ Carnet 600001 remis à Inès HADDAD.")
	s.keys("Enter")
	s.waitFor("Fiche d'Inès HADDAD", "Carnets (1)")
	if n, _ := c.stock().inHand(); n["centre-social-georges-brassens"] != before["centre-social-georges-brassens"]-1 {
		t.Fatalf("after the hand-over: %d in hand, want %d", n["centre-social-georges-brassens"], before["centre-social-georges-brassens"]-1)
	}

	// The same day, x takes it back: reason, confirmation, then the card no longer lists it.
	s.text("x")
	s.waitFor("Annuler la remise d'un carnet — Inès HADDAD", "◂ 600001 ▸")
	s.text("remis à la mauvaise personne")
	s.keys("Enter")
	s.waitFor("La remise du carnet 600001 à Inès HADDAD sera annulée", "Confirmer ? o : oui")
	s.text("o")
	scr := s.waitFor("Carnet 600001 revenu dans le stock", "Fiche d'Inès HADDAD", "Carnets (0)")
	if strings.Contains(scr, "600001 — remis") {
		t.Fatalf("the card still shows the carnet handed over:\n%s", scr)
	}
	s.keys("C-c")
	s.waitFor("[exit 0]")

	after, ranges := c.stock().inHand()
	if after["centre-social-georges-brassens"] != before["centre-social-georges-brassens"] {
		t.Errorf("in hand: %d before, %d after the cancellation, want the same", before["centre-social-georges-brassens"], after["centre-social-georges-brassens"])
	}
	if r := ranges["centre-social-georges-brassens"]; len(r) != 1 || r[0] != "600001-600002" {
		t.Errorf("ranges in hand = %v, want [600001-600002]", r)
	}
	c.wantRun(0, "attribué", "lookup", "600001")
	if n := c.count(`SELECT count(*) FROM audit WHERE action = 'carnet.unissue' AND entity_id = '600001' AND user_id = 'accueil-brassens' AND detail LIKE '%: remis à la mauvaise personne'`); n != 1 {
		t.Errorf("audit rows = %d, want 1", n)
	}
}
