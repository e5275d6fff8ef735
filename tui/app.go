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
}

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
func (a *App) Init() tea.Cmd { return tea.Batch(a.Top().Init(), a.env.RefreshProgrammes()) }

// Update routes global keys and navigation, and gives everything else to the current screen.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.help.SetWidth(msg.Width)
	case tea.KeyPressMsg:
		typing := false
		if t, ok := a.Top().(kit.Typing); ok {
			typing = t.Typing()
		}
		switch {
		case key.Matches(msg, kit.GlobalKeys.Quit):
			return a, tea.Quit
		case a.showHelp:
			if key.Matches(msg, kit.GlobalKeys.Help, kit.GlobalKeys.Back) {
				a.showHelp = false
			}
			return a, nil
		case msg.String() == "f1" || (!typing && key.Matches(msg, kit.GlobalKeys.Help)):
			a.showHelp = true
			return a, nil
		case key.Matches(msg, kit.GlobalKeys.Back):
			if h, ok := a.Top().(kit.EscHandler); ok {
				if s, cmd, handled := h.HandleEsc(); handled {
					a.stack[len(a.stack)-1] = s
					return a, cmd
				}
			}
			return a, a.pop()
		}
		a.status = ""
	case kit.PushMsg:
		return a, a.push(msg.Screen)
	case kit.OpenLookupMsg:
		return a, a.push(desk.NewLookup(a.env, msg.Text))
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
	a.status = ""
	// A screen that opens reads the programmes' ends again: an extension made meanwhile shows.
	return tea.Batch(s.Init(), a.env.RefreshProgrammes())
}

// pop goes back one screen; the home screen stays, and the screen below refreshes.
func (a *App) pop() tea.Cmd {
	if len(a.stack) == 1 {
		return nil
	}
	a.stack = a.stack[:len(a.stack)-1]
	return tea.Batch(a.Top().Init(), a.env.RefreshProgrammes())
}

// View draws header, body, status and help within the terminal's size.
func (a *App) View() tea.View {
	w, h := max(a.width, 20), max(a.height, 8)
	u := a.env.User
	head := "passnum · " + u.Name + " (" + u.Role.Label() + ") · " + a.env.Programme().Name
	header := kit.StyleHeader.Width(w).MaxWidth(w).Render(kit.Truncate(head, w-2))
	title := kit.StyleTitle.Render(kit.Truncate(a.Top().Title(), w))
	bodyH := h - 4 // header, title, status and help lines
	var body string
	if a.showHelp {
		body = a.fullHelp(w)
	} else {
		body = a.Top().View(w, bodyH)
	}
	body = kit.Fit(body, w, bodyH)
	status := ""
	if a.status != "" {
		st := kit.StyleOK
		if !a.statusOK {
			st = kit.StyleErr
		}
		status = st.Render(kit.Truncate(a.status, w))
	}
	helpLine := a.helpLine(w)
	v := tea.NewView(lipgloss.JoinVertical(lipgloss.Left, header, title, body, status, helpLine))
	v.AltScreen = true
	v.WindowTitle = "passnum"
	return v
}
