package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeskPrintsTheCourrierFromTheCard: from a person's card, through the built binary in
// tmux, p then entrée writes the courrier beside the ledger, names the file on its own line,
// and, with neither browser nor printer on the computer, says to open it rather than failing.
func TestDeskPrintsTheCourrierFromTheCard(t *testing.T) {
	c := newCLI(t)
	c.desk(1)              // Inès MARTIN0 holds carnet 600001; the PIMMS is qualified
	noTools := t.TempDir() // an empty PATH: no xdg-open nor lp may open a window during the test
	s := startTmux(t, 80, 24, []string{"NO_COLOR=1", "TERM=xterm-256color", "PATH=" + noTools},
		"--config", "../../config.toml", "--db", c.db, "--as", "accueil-brassens")
	s.waitFor("Que voulez-vous faire ?")
	s.text("martin0")
	s.waitFor("Personnes (1)")
	s.keys("Enter")
	if strings.Contains(s.waitFor("Inès MARTIN0"), "Entrée : ouvrir la fiche") {
		s.keys("Enter") // the home's Enter went to the quick search's card
	}
	s.waitFor("Fiche d'Inès MARTIN0", "Éligible · 1 carnet sur 2", "p courrier")
	s.text("p")
	s.waitFor("Pas de diagnostic : lieux qualifiés du programme", "[x] PIMMS", "entrée imprimer")
	s.keys("Enter")
	scr := s.waitFor("✓ Courrier du carnet 600001 écrit :", "Ouvrez ce fichier dans un navigateur")

	// The path stands alone on its lines (hard-wrapped, never cut): rebuild it from the screen.
	lines := strings.Split(scr, "\n")
	var path strings.Builder
	for i, l := range lines {
		if strings.Contains(l, "écrit :") {
			for _, next := range lines[i+1:] {
				if strings.TrimSpace(next) == "" {
					break
				}
				path.WriteString(strings.TrimSpace(next))
			}
			break
		}
	}
	want := filepath.Join(filepath.Dir(c.db), "courriers")
	if !strings.HasPrefix(path.String(), want) || !strings.HasSuffix(path.String(), ".html") {
		t.Fatalf("path on screen %q, want a .html file in %s:\n%s", path.String(), want, scr)
	}
	b, err := os.ReadFile(path.String())
	if err != nil {
		t.Fatalf("the file named on screen: %v", err)
	}
	if body := string(b); !strings.Contains(body, "PIMMS") || !strings.Contains(body, "Inès MARTIN0") {
		t.Errorf("courrier:\n%s", body)
	}
	if fi, _ := os.Stat(path.String()); fi.Mode().Perm() != 0o600 {
		t.Errorf("courrier mode %v, want 0600", fi.Mode().Perm())
	}
	s.keys("Enter")
	s.waitFor("Fiche d'Inès MARTIN0")
	s.keys("C-c")
	s.waitFor("[exit 0]")
}
