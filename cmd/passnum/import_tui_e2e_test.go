package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// waitLine polls the screen until one of its lines holds every part (a form's field and its
// value, whatever the padding between them), failing with the last screen.
func (s *tmuxSession) waitLine(parts ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var scr string
	for time.Now().Before(deadline) {
		if scr = s.screen(); lineWith(scr, parts...) {
			return scr
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("aucune ligne de l'écran ne montre %q après 15 s :\n%s", parts, scr)
	return ""
}

// TestImportPeopleScreenEndToEnd: a coordinator opens the import from the tableau de bord,
// previews the Creil desk's LibreOffice CSV (Windows-1252) with everyone's agreement and the
// refused rows ignored, confirms once, and the ledger holds the four new people; the refused
// rows are written beside the file.
func TestImportPeopleScreenEndToEnd(t *testing.T) {
	c := newCLI(t)
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", "240")
	data, err := os.ReadFile("testdata/import/beneficiaires.csv")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "beneficiaires.csv")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := filepath.Abs("../../config.toml")
	if err != nil {
		t.Fatal(err)
	}

	s := startTmux(t, 80, 24, []string{"NO_COLOR=1", "TERM=xterm-256color"}, "--config", cfg, "--db", c.db, "--as", "coord")
	s.waitFor("Tableau de bord", "i importer des personnes")
	s.press("i", "Importer des personnes", "▸ Fichier")
	s.text(file)
	s.waitFor("beneficiaires.csv")
	s.keys("Tab", "Tab", "Tab")
	s.waitFor("▸ Accord de tous")
	s.text("o") // the choice starting with o: oui
	s.waitLine("Accord de tous", "◂ oui ▸")
	s.keys("Tab")
	s.waitFor("▸ Ignorer les refus")
	s.text("o")
	s.waitLine("Ignorer les refus", "◂ oui ▸")
	s.press("Enter", "Importer des personnes — aperçu", "beneficiaires.csv (Windows-1252, « ; ») — rien n'est enregistré",
		"ligne 3 · nouvelle personne · PETIT Noé · carnet 600010 remis le 05/03/2026",
		"4 nouvelles personnes, 1 personne existante", "2 lignes refusées ignorées")
	if n := c.count(`SELECT count(*) FROM person`); n != 0 {
		t.Fatalf("the preview recorded %d people", n)
	}
	s.press("Enter", "Enregistrer 4 nouvelles personnes et 4 carnets remis ? o : oui")
	s.press("o", "Import enregistré : 4 nouvelles personnes, 4 carnets remis.", "Importer des personnes — résultat")
	if n := c.count(`SELECT count(*) FROM person`); n != 4 {
		t.Errorf("%d people in the ledger after the import, want the 4 new ones", n)
	}
	if n := c.count(`SELECT count(*) FROM carnet WHERE person_id IS NOT NULL`); n != 4 {
		t.Errorf("%d carnets handed over, want 4", n)
	}
	if out := c.must("lookup", "600200"); !strings.Contains(strings.ToLower(out), "haddad") {
		t.Errorf("lookup 600200 after the import:\n%s", out)
	}

	s.press("r", "Lignes refusées écrites")
	st, err := os.Stat(filepath.Join(filepath.Dir(file), "beneficiaires-refus.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("the refused rows' file has mode %v, want 0600", st.Mode().Perm())
	}
	s.keys("C-c")
	s.waitFor("[exit 0]")
}
