package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestAllowanceByAccompanimentCLI is the Région's rule on the Aulnoye-Aymeries configuration
// (carnets of 5 chèques): 1 carnet for a person alone, 2 when an adviser accompanies her, 1 more
// on a stated request; the report counts the accompanied and the extra hand-overs.
func TestAllowanceByAccompanimentCLI(t *testing.T) {
	a := newAulnoye(t)
	if out := a.must("check-config"); !strings.Contains(out, "par personne : 1 carnet venue seule, 2 carnets accompagnée par un conseiller, 1 carnet de plus sur demande motivée") {
		t.Errorf("check-config does not say the rule:\n%s", out)
	}
	a.must("carnets", "receive", "--programme", "hauts-de-france-aptic", "--first", "800001", "--count", "6")
	a.must("carnets", "allocate", "--prescriber", "pole-emploi-aulnoye", "--count", "6")
	desk := func(args ...string) []string { return append([]string{"--as", "accueil-pole-emploi"}, args...) }
	add := func(last string) string {
		return a.must(desk("people", "add", "--last-name", last, "--first-name", "Jeanne", "--birth-date", "04/05/1980",
			"--commune", "59033", "--status", "demandeur_emploi", "--consent", "--not-duplicate")...)
	}
	alone, with := add("Seule"), add("Accompagnee")

	a.must(desk("carnets", "issue", "800001", "--person", alone)...)
	_, errOut, code := a.run(desk("carnets", "issue", "800002", "--person", alone)...)
	if code != 2 || !strings.Contains(errOut, "1 carnet sur 1") || !strings.Contains(errOut, "indiquez le motif de la demande") || !strings.Contains(errOut, "--extra-reason") {
		t.Errorf("second carnet alone without a reason: exit %d, %q", code, errOut)
	}
	a.must(desk("carnets", "issue", "800002", "--person", alone, "--extra-reason", "dossier de retraite à finir")...)
	_, errOut, code = a.run(desk("carnets", "issue", "800003", "--person", alone, "--extra-reason", "encore")...)
	if code != 1 || !strings.Contains(errOut, "limite atteinte : 2 carnets sur 1") {
		t.Errorf("third carnet alone: exit %d, %q", code, errOut)
	}

	if out := a.must(desk("carnets", "issue", "800003", "--person", with, "--accompanied")...); !strings.Contains(out, "avec l'accompagnement d'un conseiller") {
		t.Errorf("accompanied hand-over printed %q", out)
	}
	a.must(desk("carnets", "issue", "800004", "--person", with, "--accompanied")...)
	if _, errOut, code = a.run(desk("carnets", "issue", "800005", "--person", with, "--accompanied")...); code != 2 {
		t.Errorf("third carnet accompanied without a reason: exit %d, %q", code, errOut)
	}

	var rep struct {
		Carnets struct {
			Issued      int `json:"issued"`
			Accompanied int `json:"issued_accompanied"`
			Extra       int `json:"issued_extra_on_request"`
		} `json:"carnets"`
	}
	if err := json.Unmarshal([]byte(a.must("--json", "report")), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Carnets.Issued != 4 || rep.Carnets.Accompanied != 2 || rep.Carnets.Extra != 1 {
		t.Errorf("report carnets = %+v, want 4 issued, 2 accompanied, 1 extra", rep.Carnets)
	}
	text := a.must("report")
	for _, w := range []string{"dont à une personne accompagnée par un conseiller", "dont carnets supplémentaires sur demande motivée"} {
		if !strings.Contains(text, w) {
			t.Errorf("report lacks %q:\n%s", w, text)
		}
	}
}
