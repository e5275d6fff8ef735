package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"passnum/store"
)

var homeKeys = struct {
	up, down, open, newPerson, diag, handover, lookup key.Binding
}{
	up:        key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "choisir")),
	down:      key.NewBinding(key.WithKeys("down")),
	open:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "ouvrir")),
	newPerson: key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "nouvelle personne")),
	diag:      key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "diagnostic")),
	handover:  key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "remise de carnet")),
	lookup:    key.NewBinding(key.WithKeys("ctrl+f"), key.WithHelp("ctrl+f", "recherche rapide")),
}

// menuAction is a line of a home screen's menu: what it says, and the screen it opens.
type menuAction struct {
	label string
	open  func(env *Env) Screen
}

var homeActions = []menuAction{
	{"Nouvelle personne", func(env *Env) Screen { return NewPersonForm(env, nil) }},
	{"Diagnostic (sans enregistrer la personne)", func(env *Env) Screen { return NewDiagnostic(env, nil) }},
	{"Remise de carnet", func(env *Env) Screen { return NewHandover(env, nil) }},
	{"Recherche rapide (chèque, carnet, personne, lieu)", func(env *Env) Screen { return NewLookup(env, "") }},
}

// Home is the accueil: a search field that finds people as you type (or takes a scanned
// number), the day's activity, and the desk's actions.
type Home struct {
	env      *Env
	search   textinput.Model
	people   peopleSearch
	cursor   int
	activity store.Activity
}

type homeActivity struct {
	a   store.Activity
	err error
}

// NewHome builds the home screen.
func NewHome(env *Env) *Home {
	ti := newInput("Rechercher : ", "nom, prénom, ou numéro de carnet / chèque (scanner)", 80)
	return &Home{env: env, search: ti}
}

func (h *Home) Title() string { return "Accueil" }

func (h *Home) Typing() bool { return true }

func (h *Home) Keys() []key.Binding {
	return []key.Binding{homeKeys.open, homeKeys.newPerson, homeKeys.diag, homeKeys.handover, homeKeys.lookup, homeKeys.up}
}

// Init focuses the search and refreshes the day's figures (also when coming back).
func (h *Home) Init() tea.Cmd {
	return tea.Batch(h.search.Focus(), h.loadActivity(), h.query())
}

func (h *Home) loadActivity() tea.Cmd {
	env := h.env
	return func() tea.Msg {
		ctx, cancel := env.ctx()
		defer cancel()
		a, err := env.Store.ActivityOn(ctx, env.Now())
		return homeActivity{a, err}
	}
}

func (h *Home) query() tea.Cmd { return h.people.query(h.env, h.search.Value(), 8) }

func (h *Home) items() int {
	if strings.TrimSpace(h.search.Value()) == "" {
		return len(homeActions)
	}
	return len(h.people.results)
}

func (h *Home) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case peopleFound:
		cmd, _ := h.people.take(msg)
		h.cursor = min(h.cursor, max(h.items()-1, 0))
		return h, cmd
	case homeActivity:
		if msg.err != nil {
			return h, Fail(msg.err)
		}
		h.activity = msg.a
		return h, nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, homeKeys.up):
			h.cursor = max(h.cursor-1, 0)
			return h, nil
		case key.Matches(msg, homeKeys.down):
			h.cursor = min(h.cursor+1, max(h.items()-1, 0))
			return h, nil
		case key.Matches(msg, homeKeys.newPerson):
			return h, Push(NewPersonForm(h.env, nil))
		case key.Matches(msg, homeKeys.diag):
			return h, Push(NewDiagnostic(h.env, nil))
		case key.Matches(msg, homeKeys.handover):
			return h, Push(NewHandover(h.env, nil))
		case key.Matches(msg, homeKeys.lookup):
			return h, Push(NewLookup(h.env, strings.TrimSpace(h.search.Value())))
		case key.Matches(msg, homeKeys.open):
			return h, h.open()
		}
	}
	var cmd tea.Cmd
	before := h.search.Value()
	h.search, cmd = h.search.Update(msg)
	if h.search.Value() != before {
		h.cursor = 0
		return h, tea.Batch(cmd, h.query())
	}
	return h, cmd
}

// open acts on Enter: an action when the field is empty, the chosen person, or — for a scanned
// number or a name nobody matches — the quick lookup card.
func (h *Home) open() tea.Cmd {
	text := strings.TrimSpace(h.search.Value())
	if text == "" {
		return Push(homeActions[h.cursor].open(h.env))
	}
	if len(h.people.results) > 0 && !looksLikeNumber(text) {
		return Push(NewPersonScreen(h.env, h.people.results[h.cursor].ID))
	}
	h.search.SetValue("")
	h.people.clear()
	return Push(NewLookup(h.env, text))
}

func looksLikeNumber(s string) bool {
	for _, r := range s {
		if r >= '0' && r <= '9' {
			return true
		}
	}
	return false
}

func (h *Home) View(w, ht int) string {
	h.search.SetWidth(max(w-len(h.search.Prompt)-2, 10))
	var b strings.Builder
	b.WriteString(h.search.View() + "\n\n")
	text := strings.TrimSpace(h.search.Value())
	switch {
	case text == "":
		b.WriteString(styleBold.Render("Que voulez-vous faire ?") + "\n")
		for i, a := range homeActions {
			b.WriteString(cursorLine(i == h.cursor, a.label) + "\n")
		}
	case len(h.people.results) == 0:
		b.WriteString(styleMuted.Render("Personne ne correspond. Entrée : chercher « "+text+" » comme numéro ou lieu ; ctrl+n : nouvelle personne.") + "\n")
	default:
		b.WriteString(styleBold.Render(fmt.Sprintf("Personnes (%d)", len(h.people.results))) + "\n")
		for i, p := range h.people.results {
			line := fmt.Sprintf("%-28s né(e) le %s  %s", truncate(p.LastName+" "+p.FirstName, 28), p.BirthDate.Format("02/01/2006"), h.env.CommuneName(p.Commune))
			b.WriteString(cursorLine(i == h.cursor, line) + "\n")
		}
	}
	b.WriteString("\n" + styleBold.Render("Aujourd'hui") + "\n")
	b.WriteString(fmt.Sprintf("  %d carnet(s) remis · %d diagnostic(s) · %d chèque(s) utilisé(s)\n",
		h.activity.CarnetsIssued, h.activity.Diagnostics, h.activity.Redemptions))
	return b.String()
}

func cursorLine(selected bool, s string) string {
	if selected {
		return styleSelected.Render("▸ " + s)
	}
	return "  " + s
}
