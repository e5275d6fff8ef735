package coord

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

var lookupKeys = struct{ search key.Binding }{
	search: key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "consulter")),
}

// Lookup answers a chèque, carnet or place number for the coordination and the committee.
// People stay with the desks: an answer naming anyone is refused to the committee, whole.
type Lookup struct {
	env   *kit.Env
	input textinput.Model
	found *store.Found
	err   error // the refusal or the miss, shown whole under the field
}

type lookupDone struct {
	f   store.Found
	err error
}

// NewLookup opens with an empty field.
func NewLookup(env *kit.Env) *Lookup {
	in := kit.NewInput("Numéro : ", "chèque, carnet ou lieu", 80)
	in.Focus()
	return &Lookup{env: env, input: in}
}

func (l *Lookup) Title() string       { return "Consulter un numéro" }
func (l *Lookup) Typing() bool        { return true }
func (l *Lookup) Keys() []key.Binding { return []key.Binding{lookupKeys.search} }
func (l *Lookup) Init() tea.Cmd       { return nil }

func (l *Lookup) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case lookupDone:
		if msg.err == nil && (msg.f.Kind == "person" || len(msg.f.People) > 0) {
			msg.err = domain.Authorize(l.env.User, domain.ActReadPeople, domain.Scope{})
		}
		if msg.err != nil {
			l.found, l.err = nil, msg.err
			return l, kit.Fail(msg.err)
		}
		l.found, l.err = &msg.f, nil
		return l, nil
	case tea.KeyPressMsg:
		if key.Matches(msg, lookupKeys.search) {
			return l, l.search()
		}
	}
	var cmd tea.Cmd
	l.input, cmd = l.input.Update(msg)
	return l, cmd
}

func (l *Lookup) search() tea.Cmd {
	text := strings.TrimSpace(l.input.Value())
	if text == "" {
		return kit.Status("Tapez ou scannez un numéro de chèque ou de carnet, ou l'identifiant d'un lieu.")
	}
	env := l.env
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		f, err := env.Store.LookupAs(ctx, env.User, text)
		return lookupDone{f, err}
	}
}

// SetSize is given the size the page is drawn at after every message (kit.Sized): the field
// takes the width here, in Update, not while drawing.
func (l *Lookup) SetSize(w, h int) {
	l.input.SetWidth(max(w-len(l.input.Prompt)-2, 10)) // unsized, the field shows one letter of its placeholder
}

func (l *Lookup) View(w, h int) string {
	var b strings.Builder
	b.WriteString(l.input.View() + "\n\n")
	f := l.found
	if l.err != nil {
		b.WriteString(kit.StyleErr.Render(kit.Wrap(kit.ErrorText(l.err), w)))
		return b.String()
	}
	if f == nil {
		b.WriteString(kit.StyleMuted.Render(kit.Wrap("Un lecteur de codes-barres tape le numéro puis Entrée.", w)))
		return b.String()
	}
	switch f.Kind {
	case "cheque":
		c := f.Cheque
		fmt.Fprintf(&b, "Chèque %s — %s\n  carnet %s, position %d\n", c.Number, domain.ChequeStateLabel(c.State), c.Carnet, c.Position)
		if !c.UsedAt.IsZero() {
			fmt.Fprintf(&b, "  utilisé le %s à %s\n", c.UsedAt.Local().Format("02/01/2006 15:04"), orID(c.PlaceName, c.UsedPlace))
		}
	case "carnet":
		c := f.Carnet
		prog := c.Programme
		if pr, ok := l.env.ProgrammeByID(c.Programme); ok && pr.Name != "" {
			prog = pr.Name
		}
		fmt.Fprintf(&b, "Carnet %s — %s\n  programme : %s\n", c.Number, domain.CarnetStateLabel(c.State), prog)
		if c.Prescriber != "" {
			fmt.Fprintf(&b, "  prescripteur : %s\n", l.env.PrescriberName(c.Prescriber))
		}
		if !c.IssuedAt.IsZero() {
			fmt.Fprintf(&b, "  remis le %s\n", c.IssuedAt.Local().Format("02/01/2006"))
		}
		if c.VoidReason != "" {
			fmt.Fprintf(&b, "  annulé : %s\n", c.VoidReason)
		}
		if p := c.Progress(); p != "" {
			fmt.Fprintf(&b, "  %s\n", p)
		}
	case "place":
		p := f.Place
		q := "non qualifié"
		if p.Qualified {
			q = "qualifié pour le Pass numérique"
		}
		fmt.Fprintf(&b, "%s — %s\n", p.Name, q)
		if where := strings.Join(nonEmpty(p.Address, p.PostalCode+" "+p.Commune), ", "); where != "" {
			b.WriteString(kit.Wrap("  "+where, w) + "\n")
		}
		if p.Phone != "" {
			fmt.Fprintf(&b, "  tél. %s\n", domain.PhoneLabel(p.Phone))
		}
		if p.Hours != "" {
			b.WriteString(kit.Wrap("  horaires : "+domain.HoursLabel(p.Hours), w) + "\n")
		}
	case "person":
		fmt.Fprintf(&b, "Personne n°%d : %s\n", f.Person.ID, f.Person.DisplayName())
	default:
		for _, p := range f.Places {
			b.WriteString(kit.Truncate("  lieu      "+strings.Join(nonEmpty(p.Name, p.Commune), " · "), w) + "\n")
		}
		for _, p := range f.People {
			fmt.Fprintf(&b, "  personne n°%-6d %s\n", p.ID, p.DisplayName())
		}
	}
	if len(f.History) > 0 {
		b.WriteString("\n" + kit.StyleBold.Render("Historique") + "\n")
		names := historyNames(l.env, f)
		for _, e := range f.History {
			b.WriteString("  " + strings.ReplaceAll(kit.Wrap(domain.HistoryLine(e.Entry(time.Local), names), w-4), "\n", "\n    ") + "\n")
		}
	}
	return b.String()
}

// historyNames resolves what the journal names by id: the people and places the lookup named
// (none to the committee: the store tells it no holder), prescribers, publics and users from the
// configuration.
func historyNames(env *kit.Env, f *store.Found) domain.HistoryNames {
	return domain.HistoryNames{
		User:       env.UserName,
		Prescriber: env.PrescriberName,
		Place:      func(id string) string { return f.PlaceNames[id] },
		Public:     env.PublicName,
		Person: func(id string) string {
			if f.Person != nil && strconv.FormatInt(f.Person.ID, 10) == id {
				return f.Person.DisplayName()
			}
			return f.PersonNames[id]
		},
	}
}

// nonEmpty keeps the parts of an address that are there.
func nonEmpty(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, strings.TrimSpace(p))
		}
	}
	return out
}

func orID(name, id string) string {
	if name != "" {
		return name
	}
	return id
}
