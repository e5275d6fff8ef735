// Package tui is the front-desk terminal: one root model holding a stack of screens, each its
// own model with its own keymap and help line. Screens talk to the ledger through the store's
// domain-level methods, always from a tea.Cmd so the screen never blocks.
package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"passnum/domain"
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
}

// New opens the desk on the user's home screen.
func New(env *kit.Env) *App { return NewWith(env, home(env)) }

// home is each role's first screen: a trainer starts from their sessions, everyone else from
// the front desk's search. A role with its own pages adds its case here.
func home(env *kit.Env) kit.Screen {
	switch env.User.Role {
	case domain.RoleFormateur:
		return trainer.NewHome(env)
	default:
		return desk.NewHome(env)
	}
}

// NewWith opens the desk on a given first screen (tests, direct links).
func NewWith(env *kit.Env, first kit.Screen) *App {
	return &App{env: env, stack: []kit.Screen{first}, width: 80, height: 24, help: help.New(), statusOK: true}
}

// top is the screen on top of the stack, the one the user sees.
func (a *App) Top() kit.Screen { return a.stack[len(a.stack)-1] }

// Depth is how many screens are open, the first included.
func (a *App) Depth() int { return len(a.stack) }

// Status is the status line's text; StatusOK tells a report from an error.
func (a *App) Status() string { return a.status }

// StatusOK is false when the status line shows an error.
func (a *App) StatusOK() bool { return a.statusOK }

// Size is the terminal's size, as last told.
func (a *App) Size() (width, height int) { return a.width, a.height }

// Init starts the first screen.
func (a *App) Init() tea.Cmd { return a.Top().Init() }

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
	case kit.PopMsg:
		return a, a.pop()
	case kit.ReplaceMsg:
		a.stack[len(a.stack)-1] = msg.Screen
		return a, msg.Screen.Init()
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
	return s.Init()
}

// pop goes back one screen; the home screen stays, and the screen below refreshes.
func (a *App) pop() tea.Cmd {
	if len(a.stack) == 1 {
		return nil
	}
	a.stack = a.stack[:len(a.stack)-1]
	return a.Top().Init()
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
