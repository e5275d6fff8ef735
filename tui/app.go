package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"passnum/domain"
)

// Global keys, the same on every screen.
var (
	keyQuit = key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quitter"))
	keyBack = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "retour"))
	keyHelp = key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?", "aide"))
)

// App is the root model: header, the current screen, a status line and a help line.
type App struct {
	env      *Env
	stack    []Screen
	width    int
	height   int
	status   string
	statusOK bool
	showHelp bool
	help     help.Model
}

// New opens the desk on the user's home screen: a trainer starts from their sessions, everyone
// else from the front desk's search.
func New(env *Env) *App {
	if env.User.Role == domain.RoleFormateur {
		return NewWith(env, NewTrainerHome(env))
	}
	return NewWith(env, NewHome(env))
}

// NewWith opens the desk on a given first screen (tests, direct links).
func NewWith(env *Env, first Screen) *App {
	return &App{env: env, stack: []Screen{first}, width: 80, height: 24, help: help.New(), statusOK: true}
}

func (a *App) top() Screen { return a.stack[len(a.stack)-1] }

// Init starts the first screen.
func (a *App) Init() tea.Cmd { return a.top().Init() }

// Update routes global keys and navigation, and gives everything else to the current screen.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.help.SetWidth(msg.Width)
	case tea.KeyPressMsg:
		typing := false
		if t, ok := a.top().(Typing); ok {
			typing = t.Typing()
		}
		switch {
		case key.Matches(msg, keyQuit):
			return a, tea.Quit
		case a.showHelp:
			if key.Matches(msg, keyHelp, keyBack) {
				a.showHelp = false
			}
			return a, nil
		case msg.String() == "f1" || (!typing && key.Matches(msg, keyHelp)):
			a.showHelp = true
			return a, nil
		case key.Matches(msg, keyBack):
			if h, ok := a.top().(EscHandler); ok {
				if s, cmd, handled := h.HandleEsc(); handled {
					a.stack[len(a.stack)-1] = s
					return a, cmd
				}
			}
			return a, a.pop()
		}
		a.status = ""
	case pushMsg:
		a.stack = append(a.stack, msg.s)
		a.status = ""
		return a, msg.s.Init()
	case popMsg:
		return a, a.pop()
	case replaceMsg:
		a.stack[len(a.stack)-1] = msg.s
		return a, msg.s.Init()
	case statusMsg:
		a.status, a.statusOK = msg.text, !msg.err
		return a, nil
	}
	s, cmd := a.top().Update(msg)
	a.stack[len(a.stack)-1] = s
	return a, cmd
}

// pop goes back one screen; the home screen stays, and the screen below refreshes.
func (a *App) pop() tea.Cmd {
	if len(a.stack) == 1 {
		return nil
	}
	a.stack = a.stack[:len(a.stack)-1]
	return a.top().Init()
}

// View draws header, body, status and help within the terminal's size.
func (a *App) View() tea.View {
	w, h := max(a.width, 20), max(a.height, 8)
	u := a.env.User
	head := "passnum · " + u.Name + " (" + u.Role.Label() + ") · " + a.env.Programme().Name
	header := styleHeader.Width(w).MaxWidth(w).Render(truncate(head, w-2))
	title := styleTitle.Render(truncate(a.top().Title(), w))
	bodyH := h - 4 // header, title, status and help lines
	var body string
	if a.showHelp {
		body = a.fullHelp(w)
	} else {
		body = a.top().View(w, bodyH)
	}
	body = fit(body, w, bodyH)
	status := ""
	if a.status != "" {
		st := styleOK
		if !a.statusOK {
			st = styleErr
		}
		status = st.Render(truncate(a.status, w))
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
	global := []key.Binding{keyBack, keyHelp, keyQuit}
	if len(a.stack) == 1 {
		global = []key.Binding{keyHelp, keyQuit}
	}
	own := shortKeys(a.top().Keys())
	h := a.help
	h.SetWidth(0) // measure whole lines; the help model would cut them itself
	for n := len(own); n >= 0; n-- {
		line := h.ShortHelpView(append(append([]key.Binding(nil), own[:n]...), global...))
		if lipgloss.Width(line) <= w || n == 0 {
			return truncateANSI(line, w)
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
	b.WriteString(styleBold.Render("Aide — "+a.top().Title()) + "\n\n")
	for _, k := range append(a.top().Keys(), keyBack, keyHelp, keyQuit) {
		hk := k.Help()
		if hk.Key == "" {
			continue
		}
		b.WriteString("  " + styleSelected.Render(padRight(hk.Key, 12)) + " " + hk.Desc + "\n")
	}
	b.WriteString("\n" + styleMuted.Render("Un lecteur de codes-barres tape le numéro puis Entrée : il marche partout où l'on tape un numéro.\n? ou esc pour fermer l'aide."))
	return b.String()
}

// fit pads or cuts a block to exactly h lines no wider than w.
func fit(s string, w, h int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if lipgloss.Width(l) > w {
			lines[i] = truncateANSI(l, w)
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
