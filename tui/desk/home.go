// Package desk holds the accueil's pages: the home and its search, the person's card and form
// with the duplicates panel and the merge, the diagnostic, the hand-over and its letter, and the
// quick lookup, which the other roles' pages open through the root (kit.OpenLookup).
package desk

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"passnum/store"
	"passnum/tui/kit"
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

var homeActions = []kit.MenuAction{
	{Label: "Nouvelle personne", Open: func(env *kit.Env) tea.Cmd { return kit.Push(NewPersonForm(env, nil)) }},
	{Label: "Diagnostic (sans enregistrer la personne)", Open: func(env *kit.Env) tea.Cmd { return kit.Push(NewDiagnostic(env, nil)) }},
	{Label: "Remise de carnet", Open: func(env *kit.Env) tea.Cmd { return kit.Push(NewHandover(env, nil)) }},
	{Label: "Recherche rapide (chèque, carnet, personne, lieu)", Open: func(env *kit.Env) tea.Cmd { return kit.Push(NewLookup(env, "")) }},
}

// Home is the accueil: a search field that finds people as you type (or takes a scanned
// number), the day's activity, and the desk's actions.
type Home struct {
	env      *kit.Env
	search   textinput.Model
	people   kit.PeopleSearch
	cursor   int
	activity store.Activity
}

type homeActivity struct {
	a   store.Activity
	err error
}

// NewHome builds the home screen.
func NewHome(env *kit.Env) *Home {
	ti := kit.NewInput("Rechercher : ", "nom, prénom, ou numéro de carnet / chèque (scanner)", 80)
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
		ctx, cancel := env.Context()
		defer cancel()
		a, err := env.Store.ActivityOn(ctx, env.Now())
		return homeActivity{a, err}
	}
}

func (h *Home) query() tea.Cmd { return h.people.Query(h.env, h.search.Value(), 8) }

func (h *Home) items() int {
	if strings.TrimSpace(h.search.Value()) == "" {
		return len(homeActions)
	}
	return len(h.people.Results)
}

func (h *Home) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case kit.PeopleFound:
		cmd, _ := h.people.Take(msg)
		h.cursor = min(h.cursor, max(h.items()-1, 0))
		return h, cmd
	case homeActivity:
		if msg.err != nil {
			return h, kit.Fail(msg.err)
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
			return h, kit.Push(NewPersonForm(h.env, nil))
		case key.Matches(msg, homeKeys.diag):
			return h, kit.Push(NewDiagnostic(h.env, nil))
		case key.Matches(msg, homeKeys.handover):
			return h, kit.Push(NewHandover(h.env, nil))
		case key.Matches(msg, homeKeys.lookup):
			return h, kit.Push(NewLookup(h.env, strings.TrimSpace(h.search.Value())))
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
		return homeActions[h.cursor].Open(h.env)
	}
	if len(h.people.Results) > 0 && !kit.LooksLikeNumber(text) {
		return kit.Push(NewPersonScreen(h.env, h.people.Results[h.cursor].ID))
	}
	h.search.SetValue("")
	h.people.Clear()
	return kit.Push(NewLookup(h.env, text))
}

func (h *Home) View(w, ht int) string {
	h.search.SetWidth(max(w-len(h.search.Prompt)-2, 10))
	var b strings.Builder
	if banner := kit.CalendarBanner(h.env, w); banner != "" {
		b.WriteString(banner + "\n")
	}
	b.WriteString(h.search.View() + "\n\n")
	text := strings.TrimSpace(h.search.Value())
	switch {
	case text == "":
		b.WriteString(kit.StyleBold.Render("Que voulez-vous faire ?") + "\n")
		for i, a := range homeActions {
			b.WriteString(kit.CursorLine(i == h.cursor, a.Label) + "\n")
		}
	case len(h.people.Results) == 0:
		b.WriteString(kit.StyleMuted.Render("Personne ne correspond. Entrée : chercher « "+text+" » comme numéro ou lieu ; ctrl+n : nouvelle personne.") + "\n")
	default:
		b.WriteString(kit.StyleBold.Render(fmt.Sprintf("Personnes (%d)", len(h.people.Results))) + "\n")
		for i, p := range h.people.Results {
			line := fmt.Sprintf("%-28s né(e) le %s  %s", kit.Truncate(p.LastName+" "+p.FirstName, 28), p.BirthDate.Format("02/01/2006"), h.env.CommuneName(p.Commune))
			b.WriteString(kit.CursorLine(i == h.cursor, line) + "\n")
		}
	}
	b.WriteString("\n" + kit.StyleBold.Render("Aujourd'hui") + "\n")
	b.WriteString(fmt.Sprintf("  %d carnet(s) remis · %d diagnostic(s) · %d chèque(s) utilisé(s)\n",
		h.activity.CarnetsIssued, h.activity.Diagnostics, h.activity.Redemptions))
	return b.String()
}
