package main

import (
	"encoding/json"
	"testing"
)

// TestHandoverAsksAccompanimentEndToEnd: on the Aulnoye-Aymeries configuration the hand-over
// asks whether an adviser accompanies the person; a person who came alone and already holds her
// carnet gets a second one only with a reason, which the report then counts.
func TestHandoverAsksAccompanimentEndToEnd(t *testing.T) {
	a := newAulnoye(t)
	a.must("carnets", "receive", "--programme", "hauts-de-france-aptic", "--first", "800001", "--count", "3")
	a.must("carnets", "allocate", "--prescriber", "pole-emploi-aulnoye", "--count", "3")
	id := a.must("--as", "accueil-pole-emploi", "people", "add", "--last-name", "Dupont", "--first-name", "Jeanne", "--birth-date", "04/05/1980",
		"--commune", "59033", "--status", "demandeur_emploi", "--consent")
	a.must("--as", "accueil-pole-emploi", "carnets", "issue", "800001", "--person", id)

	s := startTmux(t, 80, 24, []string{"NO_COLOR=1", "TERM=xterm-256color"}, "--config", "../../configs/hauts-de-france-aulnoye.toml", "--db", a.db, "--as", "accueil-pole-emploi")
	s.waitFor("Que voulez-vous faire ?")
	s.keys("C-f")
	s.waitFor("Recherche rapide", "Scannez ou tapez")
	s.text("Dupont")
	s.waitFor("Numéro ou nom : Dupont")
	s.keys("Enter")
	s.waitFor("Jeanne DUPONT (n°"+id+")", "Entrée : ouvrir la fiche")
	s.keys("Enter")
	s.waitFor("Fiche de Jeanne DUPONT")
	s.text("r")
	s.waitFor("Remise de carnet — Jeanne DUPONT", "N° du carnet")
	s.text("800002")
	s.waitFor("800002")
	s.keys("Enter")
	s.waitFor("Un conseiller accompagne-t-il Jeanne DUPONT ? (o/n)", "remet 2 carnets à une personne")
	s.text("n")
	s.waitFor("Carnet supplémentaire sur demande (1 au plus) : indiquez le motif", "Motif :", "supplémentaire est possible sur demande")
	s.text("dossier de retraite à finir")
	s.waitFor("Motif : dossier de retraite à finir")
	s.keys("Enter")
	s.waitFor("Confirmer la remise du carnet 800002 à Jeanne DUPONT ? (o/n)", "carnet supplémentaire sur demande")
	s.text("o")
	s.waitFor("Carnet 800002 remis à Jeanne DUPONT")

	var rep struct {
		Carnets struct {
			Issued int `json:"issued"`
			Extra  int `json:"issued_extra_on_request"`
		} `json:"carnets"`
	}
	if err := json.Unmarshal([]byte(a.must("--json", "report")), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Carnets.Issued != 2 || rep.Carnets.Extra != 1 {
		t.Errorf("report carnets = %+v, want 2 issued, 1 extra on request", rep.Carnets)
	}
}
