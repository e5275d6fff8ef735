package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"passnum/tui/kit"
)

// helpLine shows as many of the screen's first keys as fit, and always how to get the full help
// and how to go back: a key cut off at 80 columns would be a key nobody finds.
func (a *App) helpLine(w int) string {
	global := []key.Binding{kit.GlobalKeys.Back, kit.GlobalKeys.Help, kit.GlobalKeys.Quit}
	if len(a.stack) == 1 {
		global = []key.Binding{kit.GlobalKeys.Help, kit.GlobalKeys.Quit}
	}
	own := shortKeys(a.Top().Keys())
	h := a.help
	h.SetWidth(0) // measure whole lines; the help model would cut them itself
	for n := len(own); n >= 0; n-- {
		line := h.ShortHelpView(append(append([]key.Binding(nil), own[:n]...), global...))
		if lipgloss.Width(line) <= w || n == 0 {
			return kit.TruncateANSI(line, w)
		}
	}
	return ""
}

func shortKeys(ks []key.Binding) []key.Binding {
	if len(ks) > 5 {
		return ks[:5]
	}
	return ks
}

func (a *App) fullHelp(w int) string {
	var b strings.Builder
	b.WriteString(kit.StyleBold.Render("Aide — "+a.Top().Title()) + "\n\n")
	for _, k := range append(a.Top().Keys(), kit.GlobalKeys.Back, kit.GlobalKeys.Help, kit.GlobalKeys.Quit) {
		hk := k.Help()
		if hk.Key == "" {
			continue
		}
		b.WriteString("  " + kit.StyleSelected.Render(kit.PadRight(hk.Key, 12)) + " " + hk.Desc + "\n")
	}
	b.WriteString("\n" + kit.StyleMuted.Render("Un lecteur de codes-barres tape le numéro puis Entrée : il marche partout où l'on tape un numéro.\n? ou esc pour fermer l'aide."))
	return b.String()
}
