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

	"passnum/domain"
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

var (
	actNewPerson  = kit.MenuAction{Label: "Nouvelle personne", Open: func(env *kit.Env) tea.Cmd { return kit.Push(NewPersonForm(env, nil)) }}
	actDiagnostic = kit.MenuAction{Label: "Diagnostic (sans enregistrer la personne)", Open: func(env *kit.Env) tea.Cmd { return kit.Push(NewDiagnostic(env, nil)) }}
	actHandover   = kit.MenuAction{Label: "Remise de carnet", Open: func(env *kit.Env) tea.Cmd { return kit.Push(NewHandover(env, nil)) }}
	actLookup     = kit.MenuAction{Label: "Recherche rapide (chèque, carnet, personne, lieu)", Open: func(env *kit.Env) tea.Cmd { return kit.Push(NewLookup(env, "")) }}
)

// may tells whether the user's role allows an action at all: a page does not offer what the
// store would refuse (the lecture role registers nobody and hands nothing over).
func may(env *kit.Env, a domain.Action) bool {
	return domain.Authorize(env.User, a, domain.Scope{}) == nil
}

// homeActions are the menu's lines the user's role may use.
func homeActions(env *kit.Env) []kit.MenuAction {
	var as []kit.MenuAction
	if may(env, domain.ActRegister) {
		as = append(as, actNewPerson, actDiagnostic)
	}
	if may(env, domain.ActIssue) {
		as = append(as, actHandover)
	}
	return append(as, actLookup)
}

// Home is the accueil: a search field that finds people as you type (or takes a scanned
// number), the day's activity, and the desk's actions.
type Home struct {
	env      *kit.Env
	search   textinput.Model
	people   kit.PeopleSearch
	cursor   int
	activity store.Activity
	burst    kit.ScanBurst // tells a scan from text left in the search
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

// FieldEmpty lets « ? » open the help while nothing is typed in the search.
func (h *Home) FieldEmpty() bool { return h.search.Value() == "" }

func (h *Home) Keys() []key.Binding {
	ks := []key.Binding{homeKeys.open}
	if h.search.Value() != "" {
		ks = append(ks, kit.ClearKey)
	}
	if may(h.env, domain.ActRegister) {
		ks = append(ks, homeKeys.newPerson, homeKeys.diag)
	}
	if may(h.env, domain.ActIssue) {
		ks = append(ks, homeKeys.handover)
	}
	return append(ks, homeKeys.lookup, homeKeys.up)
}

// Init focuses the search and refreshes the day's figures. Coming back from a card or a form,
// the search starts empty: a scanner would otherwise add its digits to the old name.
func (h *Home) Init() tea.Cmd {
	h.clear()
	return tea.Batch(h.search.Focus(), h.loadActivity(), h.query())
}

func (h *Home) clear() {
	h.burst.Reset()
	h.search.SetValue("")
	h.people.Clear()
	h.cursor = 0
}

// HandleEsc empties the search; on an empty search esc goes back (from another role's page).
func (h *Home) HandleEsc() (kit.Screen, tea.Cmd, bool) {
	if h.search.Value() == "" {
		return h, nil, false
	}
	h.clear()
	return h, h.query(), true
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
		return len(homeActions(h.env))
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
		case key.Matches(msg, kit.ClearKey):
			h.clear()
			return h, h.query()
		case key.Matches(msg, homeKeys.newPerson) && may(h.env, domain.ActRegister):
			return h, kit.Push(NewPersonFormNamed(h.env, h.search.Value()))
		case key.Matches(msg, homeKeys.diag) && may(h.env, domain.ActRegister):
			return h, kit.Push(NewDiagnostic(h.env, nil))
		case key.Matches(msg, homeKeys.handover) && may(h.env, domain.ActIssue):
			return h, kit.Push(NewHandover(h.env, nil))
		case key.Matches(msg, homeKeys.lookup):
			return h, kit.Push(NewLookup(h.env, strings.TrimSpace(h.search.Value())))
		case key.Matches(msg, homeKeys.open):
			return h, h.open()
		}
	}
	var cmd tea.Cmd
	before := h.search.Value()
	if k, ok := msg.(tea.KeyPressMsg); ok && k.Text != "" {
		h.burst.Key(before)
	}
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
		return homeActions(h.env)[h.cursor].Open(h.env)
	}
	// Text left in the field, then a scan: the scanner's number is what is wanted. The scan is
	// told by its speed, or, when the leftover is a name, by the number typed after it.
	if number, ok := h.burst.Scanned(h.search.Value()); ok {
		text = number
	} else if number, ok := domain.ScanAfterText(text); ok {
		text = number
	}
	if len(h.people.Results) > 0 && !kit.LooksLikeNumber(text) {
		return kit.Push(NewPersonScreen(h.env, h.people.Results[h.cursor].ID))
	}
	h.search.SetValue("")
	h.people.Clear()
	return kit.Push(NewLookup(h.env, text))
}

// SetSize is given the size the page is drawn at after every message (kit.Sized): the search field
// takes the width here, in Update, not while drawing.
func (h *Home) SetSize(w, ht int) { h.search.SetWidth(max(w-len(h.search.Prompt)-2, 10)) }

func (h *Home) View(w, ht int) string {
	var b strings.Builder
	if banner := kit.CalendarBanner(h.env, w); banner != "" {
		b.WriteString(banner + "\n")
	}
	b.WriteString(h.search.View() + "\n\n")
	text := strings.TrimSpace(h.search.Value())
	switch {
	case text == "":
		b.WriteString(kit.StyleBold.Render("Que voulez-vous faire ?") + "\n")
		for i, a := range homeActions(h.env) {
			b.WriteString(kit.CursorLine(i == h.cursor, a.Label) + "\n")
		}
	case len(h.people.Results) == 0:
		more := ""
		if may(h.env, domain.ActRegister) {
			more = " ; ctrl+n\u00a0: nouvelle personne"
		}
		b.WriteString(kit.StyleMuted.Render(kit.Wrap("Personne ne correspond. Entrée\u00a0: chercher « "+text+" » comme numéro ou lieu"+more+".", w)) + "\n")
	default:
		b.WriteString(kit.StyleBold.Render(fmt.Sprintf("Personnes (%d)", len(h.people.Results))) + "\n")
		for i, p := range h.people.Results {
			line := fmt.Sprintf("%-28s né(e) le %s  %s", kit.Truncate(p.DisplayName(), 28), p.BirthDate.Format("02/01/2006"), h.env.CommuneName(p.Commune))
			b.WriteString(kit.CursorLine(i == h.cursor, line) + "\n")
		}
	}
	b.WriteString("\n" + kit.StyleBold.Render("Aujourd'hui") + "\n")
	b.WriteString(fmt.Sprintf("  %s · %s · %s\n", domain.Plural(h.activity.CarnetsIssued, "carnet remis", "carnets remis"),
		domain.Plural(h.activity.Diagnostics, "diagnostic", "diagnostics"), domain.Plural(h.activity.Redemptions, "chèque utilisé", "chèques utilisés")))
	return b.String()
}
