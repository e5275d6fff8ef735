package doc

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestWrapBreaksWhereTheScreensDo compares wrapText with the terminal wrapper the courrier used
// before it left the screens (a test-only import: the package itself needs only the standard
// library). Random French-looking text, with the characters open data brings: accents, composed
// and decomposed, non-breaking and narrow spaces, tabs, hyphens and dashes, long URLs, emoji and
// CJK.
func TestWrapBreaksWhereTheScreensDo(t *testing.T) {
	pieces := []string{"a", "e", "é", "e\u0301", "Ç", "œ", "ï", "x", "Z", "1", "'", ",", ".", ":", ";", "«", "»", "—", "–", "…",
		" ", " ", " ", "  ", "\t", "\u00a0", "\u202f", "\u2009", "\u3000", "-", "--", "/", "?", "&", "=", "@", "\n",
		"😀", "☕", "日本", "한", "🇫🇷", "👍🏽", "❤\ufe0f", "👩\u200d💻", "\u200b",
		"https://www.exemple.fr/mediation-numerique/accompagnement?lieu=12345", "Maréchal-de-Lattre-de-Tassigny",
		"démarches", "administratives", "numérique", "antidisestablishmentarianismeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.IntN(40); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s, limit := b.String(), 1+rng.IntN(30)
		if n%4 == 0 {
			limit = 10 + rng.IntN(70)
		}
		if got, want := wrapText(s, limit), ansi.Wrap(s, limit, ""); got != want {
			t.Fatalf("wrapText(%q, %d)\n got %q\nwant %q", s, limit, got, want)
		}
	}
}

func TestWrapLines(t *testing.T) {
	got := wrapLines("Adresse    : 12 rue Jules Michelet, 60100 Creil", 30, 5, 13)
	want := []string{"     Adresse    :", "                  12 rue Jules", "                  Michelet,", "                  60100 Creil"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("wrapLines = %q, want %q", got, want)
	}
}
