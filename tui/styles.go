package tui

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

	styleHeader   = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#FFFFFF")).Background(colAccent).Padding(0, 1)
	styleTitle    = lipgloss.NewStyle().Bold(true).Foreground(colAccent)
	styleMuted    = lipgloss.NewStyle().Foreground(colMuted)
	styleOK       = lipgloss.NewStyle().Foreground(colOK)
	styleErr      = lipgloss.NewStyle().Foreground(colErr).Bold(true)
	styleWarn     = lipgloss.NewStyle().Foreground(colWarn)
	styleSelected = lipgloss.NewStyle().Bold(true).Foreground(colAccent)
	styleBold     = lipgloss.NewStyle().Bold(true)
	styleBox      = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(colMuted).Padding(0, 1)
)

// mark is a verdict sign readable without colour.
func mark(ok bool) string {
	if ok {
		return styleOK.Render("✓")
	}
	return styleErr.Render("✗")
}
