package desk

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/store"
	"passnum/tui/kit"
)

var lookupKeys = struct {
	search, open, up, down key.Binding
}{
	search: key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "chercher / ouvrir")),
	open:   key.NewBinding(key.WithKeys("enter")),
	up:     key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "choisir")),
	down:   key.NewBinding(key.WithKeys("down")),
}

// Lookup is the recherche rapide: any number or name gives a card (chèque, carnet, person,
// place) with its state and history.
type Lookup struct {
	env     *kit.Env
	input   textinput.Model
	found   *store.Found
	holder  *domain.Person // holder of the carnet shown
	cursor  int
	loading bool
	query   string // the text of the card shown: Enter on the same text opens, on new text searches
}

type lookupResult struct {
	f      store.Found
	holder *domain.Person
	err    error
}

// NewLookup opens the quick search, searching text at once when given (a scanned number).
func NewLookup(env *kit.Env, text string) kit.Screen {
	ti := kit.NewInput("Numéro ou nom : ", "600001-03, 600001, Dupont, pimms-creil…", 80)
	ti.SetValue(text)
	return &Lookup{env: env, input: ti}
}

func (l *Lookup) Title() string { return "Recherche rapide" }
func (l *Lookup) Typing() bool  { return true }
func (l *Lookup) Keys() []key.Binding {
	return []key.Binding{lookupKeys.search, lookupKeys.up}
}

func (l *Lookup) Init() tea.Cmd {
	cmds := []tea.Cmd{l.input.Focus()}
	if strings.TrimSpace(l.input.Value()) != "" {
		cmds = append(cmds, l.search())
	}
	return tea.Batch(cmds...)
}

func (l *Lookup) search() tea.Cmd {
	env, text := l.env, strings.TrimSpace(l.input.Value())
	l.loading, l.query = true, text
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		f, err := env.Store.LookupAs(ctx, env.User, text)
		var holder *domain.Person
		if err == nil && f.Kind == "carnet" && f.Carnet.PersonID != 0 {
			if p, err := env.Store.Person(ctx, f.Carnet.PersonID); err == nil {
				holder = &p
			}
		}
		return lookupResult{f, holder, err}
	}
}

func (l *Lookup) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case lookupResult:
		l.loading = false
		if msg.err != nil {
			l.found = nil
			return l, kit.Fail(msg.err)
		}
		l.found, l.holder, l.cursor = &msg.f, msg.holder, 0
		return l, nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, lookupKeys.up):
			l.cursor = max(l.cursor-1, 0)
			return l, nil
		case key.Matches(msg, lookupKeys.down):
			if l.found != nil {
				l.cursor = min(l.cursor+1, max(len(l.found.People)+len(l.found.Places)-1, 0))
			}
			return l, nil
		case key.Matches(msg, lookupKeys.open):
			if l.found != nil && l.found.Kind == "" && strings.TrimSpace(l.input.Value()) == l.lastQuery() {
				return l, l.openMatch()
			}
			if l.found != nil && l.found.Kind == "person" && strings.TrimSpace(l.input.Value()) == l.lastQuery() {
				return l, kit.Push(NewPersonScreen(l.env, l.found.Person.ID))
			}
			if strings.TrimSpace(l.input.Value()) == "" {
				return l, kit.Status("Tapez ou scannez un numéro, ou un nom.")
			}
			return l, l.search()
		}
	}
	var cmd tea.Cmd
	l.input, cmd = l.input.Update(msg)
	return l, cmd
}

func (l *Lookup) lastQuery() string { return l.query }

// openMatch opens the chosen person or place of a list of matches.
func (l *Lookup) openMatch() tea.Cmd {
	if l.cursor < len(l.found.People) {
		return kit.Push(NewPersonScreen(l.env, l.found.People[l.cursor].ID))
	}
	i := l.cursor - len(l.found.People)
	if i < len(l.found.Places) {
		l.input.SetValue(l.found.Places[i].ID)
		return l.search()
	}
	return nil
}

// SetSize is given the size the page is drawn at after every message (kit.Sized): the field
// takes the width here, in Update, not while drawing.
func (l *Lookup) SetSize(w, h int) { l.input.SetWidth(max(w-len(l.input.Prompt)-2, 10)) }

func (l *Lookup) View(w, h int) string {
	var b strings.Builder
	b.WriteString(l.input.View() + "\n\n")
	switch {
	case l.loading:
		b.WriteString(kit.StyleMuted.Render("Recherche…"))
	case l.found == nil:
		b.WriteString(kit.StyleMuted.Render("Scannez ou tapez un numéro de chèque (600001-03), de carnet (600001), un nom ou un identifiant de lieu, puis Entrée."))
	default:
		b.WriteString(l.card(w))
	}
	return b.String()
}

func (l *Lookup) card(w int) string {
	f := l.found
	var b strings.Builder
	line := func(format string, args ...any) { b.WriteString(fmt.Sprintf(format, args...) + "\n") }
	switch f.Kind {
	case "cheque":
		c := f.Cheque
		line("%s  %s", kit.StyleBold.Render("Chèque "+c.Number), stateBadge(string(c.State), domain.ChequeStateLabel(c.State)))
		line("  carnet %s, position %d", c.Carnet, c.Position)
		if !c.UsedAt.IsZero() {
			line("  utilisé le %s à %s", c.UsedAt.Local().Format("02/01/2006 à 15:04"), orDash(c.PlaceName, c.UsedPlace))
		}
	case "carnet":
		c := f.Carnet
		line("%s  %s", kit.StyleBold.Render("Carnet "+c.Number), stateBadge(string(c.State), domain.CarnetStateLabel(c.State)))
		if c.Prescriber != "" {
			line("  prescripteur : %s", l.env.PrescriberName(c.Prescriber))
		}
		if l.holder != nil {
			line("  remis le %s à %s (n°%d)", c.IssuedAt.Local().Format("02/01/2006"), l.holder.DisplayName(), l.holder.ID)
		}
		if c.VoidReason != "" {
			line("  annulé : %s", c.VoidReason)
		}
		for _, ch := range c.Cheques {
			s := fmt.Sprintf("  %-12s %s", ch.Number, domain.ChequeStateLabel(ch.State))
			if !ch.UsedAt.IsZero() {
				s += fmt.Sprintf(" le %s à %s", ch.UsedAt.Local().Format("02/01/2006"), orDash(ch.PlaceName, ch.UsedPlace))
			}
			line("%s", s)
		}
	case "person":
		p := f.Person
		line("%s", kit.StyleBold.Render(fmt.Sprintf("%s (n°%d)", p.DisplayName(), p.ID)))
		line("  né(e) le %s · %s", p.BirthDate.Format("02/01/2006"), l.env.CommuneName(p.Commune))
		line("%s", kit.StyleMuted.Render("  Entrée : ouvrir la fiche"))
	case "place":
		p := f.Place
		q := "non qualifié pour le Pass numérique"
		if p.Qualified {
			q = "qualifié pour le Pass numérique"
		}
		line("%s  %s", kit.StyleBold.Render(p.Name), stateBadge(map[bool]string{true: "ok"}[p.Qualified], q))
		line("  %s, %s %s", p.Address, p.PostalCode, p.Commune)
		if p.Phone != "" {
			line("  tél. %s", domain.PhoneLabel(p.Phone))
		}
		if p.Hours != "" {
			line("%s", kit.Wrap("  horaires : "+domain.HoursLabel(p.Hours), w))
		}
		if len(p.Services) > 0 {
			line("%s", kit.Wrap("  services : "+strings.Join(p.Services, ", "), w))
		}
	default:
		line("%s", kit.StyleBold.Render("Plusieurs résultats — ↑/↓ puis Entrée"))
		i := 0
		for _, p := range f.People {
			line("%s", kit.CursorLine(i == l.cursor, fmt.Sprintf("personne  %s, né(e) le %s", p.DisplayName(), p.BirthDate.Format("02/01/2006"))))
			i++
		}
		for _, p := range f.Places {
			line("%s", kit.CursorLine(i == l.cursor, "lieu      "+p.Name))
			i++
		}
	}
	if len(f.History) > 0 {
		b.WriteString("\n" + kit.StyleBold.Render("Historique") + "\n")
		names := l.historyNames()
		for _, e := range f.History {
			b.WriteString("  " + strings.ReplaceAll(kit.Wrap(domain.HistoryLine(e.Entry(time.Local), names), w-4), "\n", "\n    ") + "\n")
		}
	}
	return domain.Typo(b.String())
}

// historyNames resolves what the journal names by id: the carnet's holder or the person found,
// the places the lookup named, prescribers, publics and users from the configuration.
func (l *Lookup) historyNames() domain.HistoryNames {
	return domain.HistoryNames{
		User:       func(id string) string { return userName(l.env, id) },
		Prescriber: l.env.PrescriberName,
		Public:     l.env.PublicName,
		Place:      func(id string) string { return l.found.PlaceNames[id] },
		Person: func(id string) string {
			for _, p := range []*domain.Person{l.holder, l.found.Person} {
				if p != nil && strconv.FormatInt(p.ID, 10) == id {
					return p.DisplayName()
				}
			}
			return l.found.PersonNames[id]
		},
	}
}

// stateBadge shows a state in words, coloured when colour is available.
func stateBadge(state, label string) string {
	switch state {
	case "disponible", "remis", "ok":
		return kit.StyleOK.Render("● " + label)
	case "utilise", "rembourse", "attribue", "en_stock":
		return kit.StyleWarn.Render("● " + label)
	default:
		return kit.StyleErr.Render("● " + label)
	}
}

func orDash(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return "—"
}
