package main

import (
	"testing"
)

// A hand-over made by mistake is cancelled the same day from the command line by the desk of
// the prescriber: the carnet is back in its stock; once a chèque is used it is refused.
func TestCarnetsCancelThroughTheBinary(t *testing.T) {
	c := newCLI(t)
	c.desk(2) // 600001 and 600002 handed to person 1
	before, _ := c.stock().inHand()
	c.wantRun(0, "Remise annulée : carnet 600002 revenu dans le stock de Centre social Georges Brassens.",
		"--as", "accueil-brassens", "carnets", "cancel", "600002", "--reason", "remis à la mauvaise personne")
	after, ranges := c.stock().inHand()
	if after["centre-social-georges-brassens"] != before["centre-social-georges-brassens"]+1 {
		t.Errorf("in hand: %d before, %d after, want one more", before["centre-social-georges-brassens"], after["centre-social-georges-brassens"])
	}
	if r := ranges["centre-social-georges-brassens"]; len(r) != 1 || r[0] != "600002" {
		t.Errorf("ranges in hand = %v, want [600002]", r)
	}
	c.wantRun(0, "attribué", "lookup", "600002")
	if n := c.count(`SELECT count(*) FROM audit WHERE action = 'carnet.unissue' AND entity_id = '600002' AND user_id = 'accueil-brassens' AND detail LIKE '%: remis à la mauvaise personne'`); n != 1 {
		t.Errorf("audit rows = %d", n)
	}
	c.workshops(1, 5)
	c.must("redeem", "600001-01", "--place", "pimms-creil", "--session", "S1")
	c.wantRun(1, "ne peut plus être annulée : chèque 600001-01 utilisé", "--as", "accueil-brassens", "carnets", "cancel", "600001", "--reason", "erreur")
	c.wantRun(1, "il n'y a pas de remise à annuler", "carnets", "cancel", "600002", "--reason", "erreur")
}
