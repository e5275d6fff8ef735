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
	helpKey := kit.GlobalKeys.HelpF1 // « ? » would be typed into the field
	if a.questionHelps() {
		helpKey = kit.GlobalKeys.Help
	}
	global := []key.Binding{kit.GlobalKeys.Back, helpKey, kit.GlobalKeys.Quit}
	if len(a.stack) == 1 {
		global = []key.Binding{helpKey, kit.GlobalKeys.Quit}
	}
	own := shortKeys(a.Top().Keys())
	h := a.help
	h.SetWidth(0) // measure whole lines; the help model would cut them itself
	fit := func(global []key.Binding, least int) (string, bool) {
		for n := len(own); n >= least; n-- {
			line := h.ShortHelpView(append(append([]key.Binding(nil), own[:n]...), global...))
			if lipgloss.Width(line) <= w {
				return line, true
			}
		}
		return "", false
	}
	// On a narrow terminal the screen's second key (« entrée suite ») matters more than
	// « ctrl+c quitter », which the full help still lists.
	if line, ok := fit(global, min(2, len(own))); ok {
		return line
	}
	if line, ok := fit(global[:len(global)-1], min(2, len(own))); ok {
		return line
	}
	return kit.TruncateANSI(h.ShortHelpView(global[:len(global)-1]), w)
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
	helpKeys := key.NewBinding(key.WithKeys("f1"), key.WithHelp("F1 ou ?", "cette aide (« ? » quand aucun texte n'est en cours de saisie)"))
	global := []key.Binding{kit.GlobalKeys.Back, helpKeys, kit.GlobalKeys.Quit}
	if a.env.SeveralProgrammes() {
		global = append([]key.Binding{kit.ProgrammeKey}, global...)
	}
	for _, k := range append(a.Top().Keys(), global...) {
		hk := k.Help()
		if hk.Key == "" {
			continue
		}
		b.WriteString("  " + kit.StyleSelected.Render(kit.PadRight(hk.Key, 12)) + " " + hk.Desc + "\n")
	}
	b.WriteString("\n")
	for _, l := range []string{
		"Un lecteur de codes-barres tape le numéro puis Entrée : il marche partout où l'on tape un numéro, et sur une fiche.",
		"ctrl+c demande confirmation s'il y a une saisie non enregistrée.",
		"? ou esc pour fermer l'aide.",
	} {
		b.WriteString(kit.StyleMuted.Render(kit.Wrap(l, w)) + "\n")
	}
	return b.String()
}
