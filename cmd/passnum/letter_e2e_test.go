package main

import (
	"database/sql"
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
	// Nothing is written on the server: the courrier only travelled over standard output.
	if files, _ := filepath.Glob(filepath.Join(filepath.Dir(c.db), "courriers", "*")); len(files) > 0 {
		t.Errorf("letter over SSH wrote on the server: %v", files)
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

// TestLetterFollowsTheReadMatrix: the courrier names its holder and their diagnostic's places,
// so printing it is a read: the desk that handed the carnet over gets it and the read is
// audited; a trainer, for whom the holder is another place's person, is refused without a name.
func TestLetterFollowsTheReadMatrix(t *testing.T) {
	c := newCLI(t)
	c.desk(1)
	if out, errOut, code := c.run("--as", "formateur-pimms", "letter", "600001"); code != 1 || strings.Contains(out+errOut, "MARTIN") || !strings.Contains(errOut, "autre prescripteur") {
		t.Errorf("a trainer's letter of someone else's holder: exit %d, want 1 without the name\n%s%s", code, out, errOut)
	}
	if out := c.must("--as", "accueil-brassens", "letter", "600001"); !strings.Contains(out, "MARTIN0") {
		t.Fatalf("the issuing desk's letter lacks its holder:\n%s", out)
	}
	db, err := sql.Open("sqlite3", c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var reads int
	db.QueryRow(`SELECT count(*) FROM audit WHERE action = 'person.read' AND after = 'courrier' AND user_id = 'accueil-brassens'`).Scan(&reads)
	var refused int
	db.QueryRow(`SELECT count(*) FROM audit WHERE action = 'person.read' AND user_id = 'formateur-pimms'`).Scan(&refused)
	if reads != 1 || refused != 0 {
		t.Errorf("person.read rows: %d for the desk's courrier (want 1), %d for the refused trainer (want 0)", reads, refused)
	}
}
