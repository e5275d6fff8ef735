package kit

import (
	"strings"

	"passnum/domain"

	"charm.land/bubbles/v2/textinput"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Truncate cuts plain text to w cells with an ellipsis.
func Truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, "…")
}

// TruncateANSI cuts styled text to w cells.
func TruncateANSI(s string, w int) string { return ansi.Truncate(s, w, "…") }

// PadRight pads s with spaces to w cells (domain.PadRight, which the courrier shares).
func PadRight(s string, w int) string { return domain.PadRight(s, w) }

// Wrap breaks plain text at w cells, on words, the French way: never before « : », « ; », « ? »,
// « ! » nor inside « » — domain.Typo's no-break spaces, which stay in the text, hold them to
// their word.
func Wrap(s string, w int) string {
	if w <= 0 {
		return s
	}
	return ansi.Wordwrap(domain.Typo(s), w, "")
}

// NewInput is a one-line field with a steady cursor: calmer at a desk, and no timer for a
// screen or a test to wait on.
func NewInput(prompt, placeholder string, limit int) textinput.Model {
	ti := textinput.New()
	ti.Prompt = prompt
	ti.Placeholder = placeholder
	ti.CharLimit = limit
	st := ti.Styles()
	st.Cursor.Blink = false
	ti.SetStyles(st)
	return ti
}

// Fit pads or cuts a block to exactly h lines no wider than w.
func Fit(s string, w, h int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if lipgloss.Width(l) > w {
			lines[i] = TruncateANSI(l, w)
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// LooksLikeNumber tells a scanned or typed number from a name: any digit makes it a number.
func LooksLikeNumber(s string) bool {
	for _, r := range s {
		if r >= '0' && r <= '9' {
			return true
		}
	}
	return false
}
