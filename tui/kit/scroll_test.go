package kit

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestScroll(t *testing.T) {
	for _, c := range []struct {
		key        rune
		from, want int
	}{
		{tea.KeyUp, 0, 0}, {tea.KeyUp, 5, 4}, {tea.KeyDown, 5, 6}, {tea.KeyPgUp, 5, 0}, {tea.KeyPgUp, 25, 15},
		{tea.KeyPgDown, 5, 15}, {tea.KeyHome, 25, 0},
	} {
		off := c.from
		if !Scroll(tea.KeyPressMsg{Code: c.key}, &off, 10) || off != c.want {
			t.Errorf("key %v from %d: %d, want %d", c.key, c.from, off, c.want)
		}
	}
	off := 3
	if !Scroll(tea.KeyPressMsg{Code: tea.KeyEnd}, &off, 10) || off < 1_000_000 {
		t.Errorf("end leaves %d: the page must clamp it to its last line", off)
	}
	if Scroll(tea.KeyPressMsg{Code: 'a', Text: "a"}, &off, 10) {
		t.Error("a letter is no scroll key")
	}
}
