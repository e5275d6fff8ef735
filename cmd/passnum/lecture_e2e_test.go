package main

import (
	"strings"
	"testing"
)

// TestLectureSeesFiguresNotPeople: the steering committee's read-only account gets the figures
// and the stock, and no name, birth date or address, from the CLI and over SSH alike.
func TestLectureSeesFiguresNotPeople(t *testing.T) {
	c := newCLI(t)
	c.desk(1) // one carnet handed to Martin0 Inès
	const refused = "Comité de suivi (lecture seule) voit les chiffres du programme, pas les personnes"

	for _, args := range [][]string{
		{"lookup", "Martin0"},
		{"lookup", "Inès"},
		{"lookup", "Personne-Inconnue"}, // refused alike: the answer never says who is here
		{"people", "find", "Martin0"},
		{"eligibility", "1"},
	} {
		out, errOut, code := c.run(append([]string{"--as", "lecture"}, args...)...)
		if code != 1 || !strings.Contains(errOut, refused) || strings.Contains(out+errOut, "04/05/2006") || strings.Contains(strings.ToUpper(out), "MARTIN0") {
			t.Errorf("lecture %v: exit %d, want 1 with the refusal and no name\n%s%s", args, code, out, errOut)
		}
	}
	// A carnet or a chèque still answers, without its holder.
	out := c.must("--as", "lecture", "lookup", "600001")
	if !strings.Contains(out, "remis le") || strings.Contains(strings.ToUpper(out), "MARTIN0") || strings.Contains(out, "n°1") {
		t.Errorf("lecture lookup of a carnet names its holder:\n%s", out)
	}
	if out := c.must("--as", "lecture", "--json", "lookup", "600001"); strings.Contains(out, `"person"`) {
		t.Errorf("lecture carnet JSON carries the holder's number:\n%s", out)
	}
	if out := c.must("--as", "coord", "lookup", "600001"); !strings.Contains(out, "Inès MARTIN0") {
		t.Errorf("coordination lookup of a carnet lost its holder:\n%s", out)
	}
	if out := c.must("--as", "lecture", "report", "--json"); !strings.Contains(out, `"issued": 1`) {
		t.Errorf("lecture report: %s", out)
	}

	f := startSSH(t, c, "")
	if out, errOut, code := f.ssh("lecture", "lookup", "Martin0"); code != 1 || !strings.Contains(errOut, refused) || strings.Contains(strings.ToUpper(out), "MARTIN0") {
		t.Errorf("lecture lookup of a name over SSH: exit %d, want 1\n%s%s", code, out, errOut)
	}
	if _, errOut, code := f.ssh("coord", "init"); code != 2 || !strings.Contains(errOut, "il se lance sur le serveur, pas à travers SSH") {
		t.Errorf("init over SSH: exit %d\n%s", code, errOut)
	}
	if out, errOut, code := f.ssh("lecture", "report"); code != 0 || !strings.Contains(out, "arnets") {
		t.Errorf("lecture report over SSH: exit %d\n%s%s", code, out, errOut)
	}
	if out, errOut, code := f.ssh("accueil-brassens", "lookup", "Martin0"); code != 0 || !strings.Contains(out, "Martin0") && !strings.Contains(out, "MARTIN0") {
		t.Errorf("desk lookup of a name over SSH: exit %d\n%s%s", code, out, errOut)
	}
}
