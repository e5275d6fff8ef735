package kit_test

import (
	"strings"
	"testing"

	"passnum/tui/kit"
)

// A wrapped line never starts with the colon, semicolon or question mark of the line before:
// French keeps them with their word, and the words stay as written.
func TestWrapKeepsFrenchPunctuationWithItsWord(t *testing.T) {
	for _, c := range []struct {
		text string
		w    int
	}{
		{"Saisie invalide : durée", 15},       // « invalide » ends the line at 15 cells
		{"Que voulez-vous faire ? Rien", 22},  // « faire » reaches the edge
		{"un deux trois ; quatre cinq", 13},   // « trois » at the edge
		{"ctrl+n : nouvelle personne", 6},     // « ctrl+n » fills the line
		{"Motif : « perdus » enfin ! oui", 9}, // several marks
	} {
		got := kit.Wrap(c.text, c.w)
		for _, l := range strings.Split(got, "\n") {
			if l = strings.TrimSpace(l); l != "" && strings.ContainsRune(":;?!»", []rune(l)[0]) {
				t.Errorf("Wrap(%q, %d) starts a line with %q:\n%s", c.text, c.w, l, got)
			}
		}
		if strings.Join(strings.Fields(got), " ") != c.text {
			t.Errorf("Wrap(%q, %d) changed the words: %q", c.text, c.w, got)
		}
	}
	// Before the change a plain word wrap put the colon at the start of the next line.
	if got := kit.Wrap("Saisie invalide : durée", 15); !strings.HasPrefix(got, "Saisie\n") {
		t.Errorf("Wrap kept « invalide » on a line too short for « invalide : »: %q", got)
	}
}
