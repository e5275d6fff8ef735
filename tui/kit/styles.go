package kit

import (
	"charm.land/lipgloss/v2"
)

// Styles in one place. Colours are downsampled by the program's writer to what the terminal
// (or the SSH client) supports, and dropped under NO_COLOR.
var (
	colAccent = lipgloss.Color("#2E6FBA")
	colMuted  = lipgloss.Color("#6B7280")
	colOK     = lipgloss.Color("#15803D")
	colErr    = lipgloss.Color("#B91C1C")
	colWarn   = lipgloss.Color("#B45309")

	StyleHeader   = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#FFFFFF")).Background(colAccent).Padding(0, 1) // the top bar
	StyleTitle    = lipgloss.NewStyle().Bold(true).Foreground(colAccent)                                                     // the screen's title
	StyleMuted    = lipgloss.NewStyle().Foreground(colMuted)                                                                 // hints, secondary text
	StyleOK       = lipgloss.NewStyle().Foreground(colOK)                                                                    // success
	StyleErr      = lipgloss.NewStyle().Foreground(colErr).Bold(true)                                                        // errors, refusals
	StyleWarn     = lipgloss.NewStyle().Foreground(colWarn)                                                                  // warnings
	StyleSelected = lipgloss.NewStyle().Bold(true).Foreground(colAccent)                                                     // the chosen line, a key
	StyleBold     = lipgloss.NewStyle().Bold(true)                                                                           // headings
	StyleBox      = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(colMuted).Padding(0, 1)            // a framed panel
)

// Mark is a verdict sign readable without colour.
func Mark(ok bool) string {
	if ok {
		return StyleOK.Render("✓")
	}
	return StyleErr.Render("✗")
}
