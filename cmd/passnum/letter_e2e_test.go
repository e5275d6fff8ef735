package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLetterOverSSHGivesTheHTML: « ssh … letter CARNET > courrier.html » brings the printable
// courrier to the agent's computer (nothing is written on the server); it names the issuing
// structure with its phone, the agent, the funders with the European mention, and without a
// diagnostic the programme's qualified places; --pdf is refused with what to do instead.
func TestLetterOverSSHGivesTheHTML(t *testing.T) {
	c := newCLI(t)
	c.desk(1)
	f := startSSH(t, c, "")

	out, errOut, code := f.ssh("accueil-brassens", "letter", "600001")
	if code != 0 || !strings.HasPrefix(out, "<!DOCTYPE html>") {
		t.Fatalf("letter over SSH: exit %d\n%s%s", code, out, errOut)
	}
	flat := strings.Join(strings.Fields(strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(out)), " ")
	for _, want := range []string{
		"Inès MARTIN0", "600001",
		"Carnet remis par Centre social Georges Brassens, tél. 03 44 00 01 01.",
		"Votre interlocuteur : Accueil du centre social Georges Brassens.",
		"Sans diagnostic, voici les lieux qualifiés du programme", "PIMMS",
		"Financé par : État, Europe et ACSO.", "Ce projet est cofinancé par l&#39;Union européenne.",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the courrier over SSH lacks %q:\n%s", want, out)
		}
	}
	for _, id := range []string{"centre-social-georges-brassens", "accueil-brassens", "pimms-creil", "voir la liste"} {
		if strings.Contains(out, id) {
			t.Errorf("the courrier shows %q", id)
		}
	}
	if _, errOut, code := f.ssh("accueil-brassens", "letter", "600001", "--out", "/tmp/x.html"); code != 2 || !strings.Contains(errOut, "ssh … letter CARNET > courrier.html") {
		t.Errorf("--out over SSH: exit %d, want 2\n%s", code, errOut)
	}
	if _, errOut, code := f.ssh("accueil-brassens", "letter", "600001", "--pdf"); code != 2 || !strings.Contains(errOut, "Imprimer → Enregistrer en PDF") {
		t.Errorf("--pdf: exit %d, want 2 and how to make a PDF\n%s", code, errOut)
	}
	if text, errOut, code := f.ssh("accueil-brassens", "carnets", "letter", "600001"); code != 0 || strings.Contains(text, "<html") || !strings.Contains(text, "COURRIER D'ACCOMPAGNEMENT") {
		t.Errorf("carnets letter (the older name, text): exit %d\n%s%s", code, text, errOut)
	}
}

// TestLetterSkipsUntickedPlaces: --skip takes a place out of the courrier, an unknown one is
// refused; a local --out writes the file for its owner only.
func TestLetterSkipsUntickedPlaces(t *testing.T) {
	c := newCLI(t)
	c.desk(1)
	path := filepath.Join(t.TempDir(), "courrier.html")
	c.must("letter", "600001", "--skip", "pimms-creil", "--out", path)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "PIMMS") || !strings.Contains(string(b), "Aucun lieu qualifié") {
		t.Errorf("--skip pimms-creil still lists it:\n%s", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("courrier mode %v, want 0600", fi.Mode().Perm())
	}
	if _, errOut, code := c.run("letter", "600001", "--skip", "nulle-part"); code != 2 || !strings.Contains(errOut, "« nulle-part » n'est pas dans ce courrier") {
		t.Errorf("--skip of an unknown place: exit %d\n%s", code, errOut)
	}
}
