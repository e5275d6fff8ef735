package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"passnum/domain"
	"passnum/tui/kit"
)

// headerText is the top bar's text within w cells: who and in which role, their place, the
// programme. Rather than cutting the programme's name, it drops the app's name, then puts the
// place with the role; only then is the user's name cut. A name that already says the role in
// brackets (« Comité de suivi (lecture seule) ») does not get it twice.
// padded is false when the text only fits without the bar's one-cell margins.
func (a *App) headerText(w int) (text string, padded bool) {
	u := a.env.User
	who, role := u.Name, u.Role.Label()
	if strings.Contains(strings.ToLower(who), "("+strings.ToLower(role)+")") {
		role = ""
	}
	prog := ""
	if p := a.env.Programme().Name; p != "" {
		prog = " · " + p
		if a.env.SeveralProgrammes() {
			prog += " [F2]" // the key that switches it, where there is another
		}
	}
	tag := func(parts ...string) string { // « (formateur, PIMMS de Creil) »
		var kept []string
		for _, p := range parts {
			if p != "" {
				kept = append(kept, p)
			}
		}
		if len(kept) == 0 {
			return ""
		}
		return " (" + strings.Join(kept, ", ") + ")"
	}
	place := ""
	if a.place != "" {
		place = " · " + a.place
	}
	long := tag(role) + place + prog
	for _, c := range []string{"passnum · " + who + long, who + long, who + tag(role, a.place) + prog} {
		if lipgloss.Width(c) <= w {
			return c, true
		}
		if lipgloss.Width(c) <= w+2 && !strings.HasPrefix(c, "passnum") {
			return c, false // fits without the bar's margins
		}
	}
	tail := tag(role, a.place) + prog
	return kit.Truncate(who, max(w-lipgloss.Width(tail), 8)) + tail, true
}

// unsaved is what quitting now would lose, on any open screen ("" when nothing).
func (a *App) unsaved() string {
	for i := len(a.stack) - 1; i >= 0; i-- {
		if u, ok := a.stack[i].(kit.Unsaved); ok {
			if what := u.Unsaved(); what != "" {
				return what
			}
		}
	}
	return ""
}

// answerQuit takes the key after « Quitter sans enregistrer ? »: o (or ctrl+c again) quits,
// anything else keeps the work.
func (a *App) answerQuit(msg tea.KeyPressMsg) tea.Cmd {
	a.quitAsk = false
	switch strings.ToLower(msg.String()) {
	case "o", "y", "ctrl+c":
		return tea.Quit
	}
	a.status, a.statusOK = "Rien n'est perdu : la saisie continue.", true
	return nil
}

// questionHelps tells whether « ? » opens the help now: not while it is text typed in a field.
func (a *App) questionHelps() bool {
	t, ok := a.Top().(kit.Typing)
	if !ok || !t.Typing() {
		return true
	}
	e, ok := a.Top().(kit.FieldEmpty)
	return ok && e.FieldEmpty()
}

// routeScan gathers the digits a barcode scanner types on a screen without a field and, on its
// Enter, gives the screen the number: on a card or a trainer's sessions a scan is not lost.
func (a *App) routeScan(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	target, ok := a.Top().(kit.ScanTarget)
	if !ok {
		return nil, false
	}
	if t, ok := a.Top().(kit.Typing); ok && t.Typing() {
		return nil, false
	}
	switch r := msg.Text; {
	case len(r) == 1 && (r[0] >= '0' && r[0] <= '9' || r == "-" && a.scan != ""):
		a.scan += r
		a.status, a.statusOK = "Lecture d'un numéro : "+a.scan, true
		return nil, true
	case msg.String() == "enter" && a.scan != "":
		number := a.scan
		a.scan, a.status = "", ""
		if !domain.ScannedNumber(number) {
			a.status, a.statusOK = "« "+number+" » n'est pas un numéro de carnet ou de chèque complet : scannez-le de nouveau.", false
			return nil, true
		}
		return target.Scanned(number), true
	}
	if a.scan != "" {
		a.scan, a.status = "", ""
	}
	return nil, false
}

// statusLines lays a status message on two lines of w cells (three under 80 columns): wrapped
// on words rather than cut where the useful part often is (a refusal's reason, a key to press), and a file path
// on a line of its own, cut from its left end if it must be, so the file's name stays.
func statusLines(text string, w int) []string {
	var path string
	words := strings.Fields(text)
	for i, f := range words {
		if looksLikePath(f) {
			path = strings.TrimRight(f, ".,;)")
			words[i] = strings.TrimPrefix(f, path)
			text = strings.Join(words, " ")
			break
		}
	}
	if path != "" {
		first := kit.Truncate(strings.Join(strings.Fields(text), " "), w)
		if lipgloss.Width(path) > w {
			r := []rune(path)
			for lipgloss.Width(string(r))+1 > w && len(r) > 1 {
				r = r[1:]
			}
			path = "…" + string(r)
		}
		return []string{first, path}
	}
	most := 2
	if w < 80 {
		most = 3
	}
	lines := strings.Split(kit.Wrap(text, w), "\n")
	if len(lines) > most {
		lines[most-1] = kit.Truncate(strings.Join(lines[most-1:], " "), w)
		lines = lines[:most]
	}
	for i, l := range lines {
		lines[i] = kit.Truncate(l, w) // a word longer than the line
	}
	return lines
}

func looksLikePath(s string) bool {
	return strings.Count(s, "/") >= 2 && (strings.HasPrefix(s, "/") || strings.HasPrefix(s, "./") || strings.HasPrefix(s, "~/")) ||
		strings.HasPrefix(s, `\\`) || len(s) > 3 && s[1] == ':' && s[2] == '\\'
}
