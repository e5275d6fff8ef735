package trainer_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"passnum/tui"
	"passnum/tui/internal/tuitest"
)

// requireGolden compares the screen at 80×24 (colours stripped, trailing blanks trimmed) with
// testdata/<test>.golden; go test ./tui/trainer -update rewrites them.
func requireGolden(t *testing.T, a *tui.App) {
	t.Helper()
	if w, h := a.Size(); w != 80 || h != 24 {
		t.Fatalf("a golden is drawn at 80×24, the app is %d×%d", w, h)
	}
	lines := strings.Split(tuitest.Screen(a), "\n")
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
