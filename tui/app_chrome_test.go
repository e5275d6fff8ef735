package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestStatusLinesWrapAndPaths(t *testing.T) {
	long := "Refusé : le chèque 600001-03 a déjà été encaissé le 12/11/2026 au PIMMS de Creil ; vérifiez le numéro ou ctrl+n : nouvelle personne"
	for _, w := range []int{80, 60} {
		lines := statusLines(long, w)
		if len(lines) < 2 || len(lines) > 2 && w >= 80 || len(lines) > 3 {
			t.Fatalf("%d columns: %d lines %q, want the message on two (three under 80 columns)", w, len(lines), lines)
		}
		joined := strings.Join(strings.Fields(strings.Join(lines, " ")), " ") // no-break spaces read as spaces
		if !strings.Contains(joined, "ctrl+n : nouvelle personne") {
			t.Errorf("%d columns: the end of the message is lost: %q", w, lines)
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Errorf("%d columns: line %q is wider", w, l)
			}
			// French spacing: a colon or a semicolon stays with its word.
			if strings.HasPrefix(l, ":") || strings.HasPrefix(l, ";") {
				t.Errorf("%d columns: line %q starts with a colon", w, l)
			}
		}
		path := "/home/accueil/passnum/exports/bilan-centre-social-georges-brassens-2026-11.csv"
		lines = statusLines("Bilan exporté dans "+path+" (à envoyer au prescripteur).", w)
		if len(lines) != 2 || lines[0] != "Bilan exporté dans (à envoyer au prescripteur)." {
			t.Errorf("%d columns: %q, want the sentence then the path", w, lines)
		}
		if !strings.HasSuffix(lines[1], "bilan-centre-social-georges-brassens-2026-11.csv") || ansi.StringWidth(lines[1]) > w {
			t.Errorf("%d columns: path line %q must end with the file's name and fit", w, lines[1])
		}
	}
	for w := 44; w <= 100; w++ {
		for _, l := range statusLines(long, w) {
			if strings.HasPrefix(l, ":") || strings.HasPrefix(l, ";") {
				t.Errorf("%d columns: line %q starts with a colon", w, l)
			}
		}
	}
	if got := statusLines("Personne enregistrée (n°12)", 80); len(got) != 1 {
		t.Errorf("a short message takes one line, got %q", got)
	}
}
