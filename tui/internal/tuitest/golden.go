package tuitest

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"passnum/tui"
)

// RequireGolden compares a screen drawn at 80×24 (colours already stripped) with
// testdata/<test>.golden, trailing blanks trimmed, after checking it is 24 lines of at most 80
// cells. The -update flag is golden's, registered by this import in every test binary that uses
// tuitest: go test ./tui/desk -update (or ./tui/trainer, ./tui/coord) rewrites the files.
func RequireGolden(t *testing.T, screen string) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
		if w := ansi.StringWidth(lines[i]); w > 80 {
			t.Errorf("line %d is %d cells wide: %q", i+1, w, lines[i])
		}
	}
	if len(lines) != 24 {
		t.Errorf("%d lines, want 24", len(lines))
	}
	golden.RequireEqual(t, strings.Join(lines, "\n")+"\n")
}

// RequireAppGolden is RequireGolden of the app's current screen, which must be 80×24.
func RequireAppGolden(t *testing.T, a *tui.App) {
	t.Helper()
	if w, h := a.Size(); w != 80 || h != 24 {
		t.Fatalf("a golden is drawn at 80×24, the app is %d×%d", w, h)
	}
	RequireGolden(t, Screen(a))
}
