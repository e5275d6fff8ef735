// Package tui is the root of the terminal: one model, App, holding a stack of screens under a
// header, with a status line and a help line, and New, which opens each role on its home. The
// pages live in one package per role (tui/desk for the accueil, tui/trainer for the formateurs)
// and share tui/kit; only the root knows them all. Screens talk to the ledger through the
// store's domain-level methods, always from a tea.Cmd so the screen never blocks.
package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"passnum/tui/desk"
	"passnum/tui/kit"
	"passnum/tui/trainer"
)

// App is the root model: header, the current screen, a status line and a help line.
type App struct {
	env      *kit.Env
	stack    []kit.Screen
	width    int
	height   int
	status   string
	statusOK bool
	showHelp bool
	help     help.Model
	quitAsk  bool   // ctrl+c pressed over unsaved work: the next key answers « Quitter sans enregistrer ? »
	scan     string // digits a scanner is typing on a screen without a field (kit.ScanTarget)
	place    string // the trainer's place, named in the header once read
}

// placeNamed carries the name of the user's place, read once for the header.
type placeNamed struct{ name string }

// NewWith opens the desk on a given first screen (tests, direct links).
func NewWith(env *kit.Env, first kit.Screen) *App {
	return &App{env: env, stack: []kit.Screen{first}, width: 80, height: 24, help: help.New(), statusOK: true}
}

// Top is the screen on top of the stack, the one the user sees.
func (a *App) Top() kit.Screen { return a.stack[len(a.stack)-1] }

// Depth is how many screens are open, the first included.
func (a *App) Depth() int { return len(a.stack) }

// Status is the status line's text.
func (a *App) Status() string { return a.status }

// StatusOK is false when the status line shows an error.
func (a *App) StatusOK() bool { return a.statusOK }

// Size is the terminal's size, as last told.
func (a *App) Size() (width, height int) { return a.width, a.height }

// Init starts the first screen.
func (a *App) Init() tea.Cmd {
	if a.env.User.Place == "" || a.env.Store == nil {
		return tea.Batch(a.Top().Init(), a.env.RefreshProgrammes())
	}
	env := a.env
	return tea.Batch(a.Top().Init(), a.env.RefreshProgrammes(), func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		p, err := env.Store.Place(ctx, env.User.Place)
		if err != nil {
			return placeNamed{env.User.Place} // the header still says where, by its id
		}
		return placeNamed{p.Name}
	})
}

// Update routes global keys and navigation, and gives everything else to the current screen;
// then it tells the screen now on top the size it will be drawn at (kit.Sized), since the
// message may have resized the terminal, changed the status line or changed the screen.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := a.update(msg)
	if s, ok := a.Top().(kit.Sized); ok {
		s.SetSize(a.bodySize())
	}
	return m, cmd
}

func (a *App) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.help.SetWidth(msg.Width)
	case tea.KeyPressMsg:
		if a.quitAsk {
			return a, a.answerQuit(msg)
		}
		switch {
		case key.Matches(msg, kit.GlobalKeys.Quit):
			if what := a.unsaved(); what != "" {
				a.quitAsk = true
				a.status, a.statusOK = "Quitter sans enregistrer ? (o/n) — "+what+".", false
				return a, nil
			}
			return a, tea.Quit
		case a.showHelp:
			if key.Matches(msg, kit.GlobalKeys.Help, kit.GlobalKeys.Back) {
				a.showHelp = false
			}
			return a, nil
		case key.Matches(msg, kit.GlobalKeys.HelpF1) || (a.questionHelps() && key.Matches(msg, kit.GlobalKeys.Help)):
			a.showHelp = true
			return a, nil
		case a.env.SeveralProgrammes() && key.Matches(msg, kit.ProgrammeKey):
			p := a.env.NextProgramme()
			a.status, a.statusOK = "Programme en cours : "+p.Name+" (F2 pour changer).", true
			return a, nil
		case key.Matches(msg, kit.GlobalKeys.Back):
			a.scan = ""
			if h, ok := a.Top().(kit.EscHandler); ok {
				if s, cmd, handled := h.HandleEsc(); handled {
					a.stack[len(a.stack)-1] = s
					return a, cmd
				}
			}
			return a, a.pop()
		}
		if cmd, used := a.routeScan(msg); used {
			return a, cmd
		}
		a.status = ""
	case placeNamed:
		a.place = msg.name
		return a, nil
	case kit.PushMsg:
		return a, a.push(msg.Screen)
	case kit.OpenLookupMsg:
		return a, a.push(desk.NewLookup(a.env, msg.Text))
	case kit.OpenParcoursMsg:
		return a, a.push(trainer.NewParcours(a.env, msg.Person))
	case kit.OpenDeskMsg:
		return a, a.push(desk.NewHome(a.env))
	case kit.PopMsg:
		return a, a.pop()
	case kit.ReplaceMsg:
		a.stack[len(a.stack)-1] = msg.Screen
		return a, tea.Batch(msg.Screen.Init(), a.env.RefreshProgrammes())
	case kit.StatusMsg:
		a.status, a.statusOK = msg.Text, !msg.Err
		return a, nil
	}
	s, cmd := a.Top().Update(msg)
	a.stack[len(a.stack)-1] = s
	return a, cmd
}

// push opens s on top of the current screen.
func (a *App) push(s kit.Screen) tea.Cmd {
	a.stack = append(a.stack, s)
	a.status, a.scan = "", ""
	// A screen that opens reads the programmes' ends again: an extension made meanwhile shows.
	return tea.Batch(s.Init(), a.env.RefreshProgrammes())
}

// pop goes back one screen; the home screen stays, and the screen below refreshes.
func (a *App) pop() tea.Cmd {
	if len(a.stack) == 1 {
		return nil
	}
	a.stack = a.stack[:len(a.stack)-1]
	a.scan = ""
	return tea.Batch(a.Top().Init(), a.env.RefreshProgrammes())
}

// bodySize is the size the top screen's View is drawn at: the terminal (at least 20×8) less the
// header, title, status and help lines.
func (a *App) bodySize() (w, h int) {
	w, h = max(a.width, 20), max(a.height, 8)
	status := 1
	if a.status != "" {
		status = len(statusLines(a.status, w))
	}
	return w, h - 3 - status
}

// View draws header, body, status and help within the terminal's size.
func (a *App) View() tea.View {
	w := max(a.width, 20)
	head, padded := a.headerText(w - 2)
	hs := kit.StyleHeader
	if !padded {
		hs = hs.Padding(0)
	}
	header := hs.Width(w).MaxWidth(w).Render(head)
	title := kit.StyleTitle.Render(kit.Truncate(a.Top().Title(), w))
	var status []string
	if a.status != "" {
		st := kit.StyleOK
		if !a.statusOK {
			st = kit.StyleErr
		}
		for _, l := range statusLines(a.status, w) {
			status = append(status, st.Render(l))
		}
	} else {
		status = []string{""}
	}
	_, bodyH := a.bodySize()
	var body string
	if a.showHelp {
		body = a.fullHelp(w)
	} else {
		body = a.Top().View(w, bodyH)
	}
	body = kit.Fit(body, w, bodyH)
	helpLine := a.helpLine(w)
	parts := append([]string{header, title, body}, status...)
	v := tea.NewView(lipgloss.JoinVertical(lipgloss.Left, append(parts, helpLine)...))
	v.AltScreen = true
	v.WindowTitle = "passnum"
	return v
}
