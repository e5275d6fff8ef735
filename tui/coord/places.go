package coord

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

var placeKeys = struct {
	filter, qualify, edit, save, up, down key.Binding
}{
	filter:  key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filtrer")),
	qualify: key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "qualifier")),
	edit:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "modifier")),
	save:    key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "enregistrer")),
	up:      key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "choisir")),
	down:    key.NewBinding(key.WithKeys("down")),
}

// Places lists the territory's places: the coordinator qualifies them for the programme and
// corrects the levels, needs and communes the orientation reads (what places set does).
type Places struct {
	env       *kit.Env
	all       []domain.Place
	keys      []string // each place's name, commune and id, normalised once for the filter
	shown     []int    // indexes in all matching the filter
	cursor    int
	filter    textinput.Model
	filtering bool
	editing   *domain.Place
	form      kit.FieldSet
	loaded    bool
}

type (
	placesLoaded struct {
		list []domain.Place
		err  error
	}
	placeSaved struct {
		p   domain.Place
		err error
	}
)

// NewPlaces opens on every place, qualified ones first.
func NewPlaces(env *kit.Env) *Places {
	return &Places{env: env, filter: kit.NewInput("/ ", "nom, commune ou identifiant", 60)}
}

func (p *Places) Title() string {
	if p.editing != nil {
		return "Lieu — " + p.editing.Name
	}
	return "Lieux"
}

func (p *Places) Typing() bool { return p.filtering || (p.editing != nil && p.form.Typing()) }

func (p *Places) Keys() []key.Binding {
	if p.editing != nil {
		return []key.Binding{placeKeys.save, kit.FieldKeys.Next, kit.FieldKeys.Choose}
	}
	return []key.Binding{placeKeys.qualify, placeKeys.edit, placeKeys.filter, placeKeys.up}
}

func (p *Places) Init() tea.Cmd {
	env := p.env
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		list, err := env.Store.Places(ctx)
		return placesLoaded{list, err}
	}
}

// HandleEsc closes the filter or the form before the page.
func (p *Places) HandleEsc() (kit.Screen, tea.Cmd, bool) {
	switch {
	case p.editing != nil:
		p.editing = nil
		return p, nil, true
	case p.filtering:
		p.filtering = false
		p.filter.Blur()
		return p, nil, true
	}
	return p, nil, false
}

func (p *Places) refilter() {
	text := domain.Normalize(p.filter.Value())
	p.shown = p.shown[:0]
	for i := range p.all {
		if text == "" || strings.Contains(p.keys[i], text) {
			p.shown = append(p.shown, i)
		}
	}
	p.cursor = min(p.cursor, max(len(p.shown)-1, 0))
}

func (p *Places) current() (domain.Place, bool) {
	if p.cursor < len(p.shown) {
		return p.all[p.shown[p.cursor]], true
	}
	return domain.Place{}, false
}

func (p *Places) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case placesLoaded:
		if msg.err != nil {
			return p, kit.Fail(msg.err)
		}
		p.all, p.loaded = msg.list, true
		p.keys = make([]string, len(p.all))
		for i, pl := range p.all {
			p.keys[i] = domain.Normalize(pl.Name + " " + pl.Commune + " " + pl.ID)
		}
		p.refilter()
		return p, nil
	case placeSaved:
		if msg.err != nil {
			if cmd, ok := p.form.Blame(msg.err); ok && p.editing != nil {
				return p, tea.Batch(cmd, kit.Fail(msg.err))
			}
			return p, kit.Fail(msg.err)
		}
		for i := range p.all {
			if p.all[i].ID == msg.p.ID {
				p.all[i] = msg.p
				p.keys[i] = domain.Normalize(msg.p.Name + " " + msg.p.Commune + " " + msg.p.ID)
			}
		}
		p.editing = nil
		q := "non qualifié"
		if msg.p.Qualified {
			q = "qualifié pour le Pass numérique"
		}
		return p, kit.Status(fmt.Sprintf("%s : %s ; niveaux : %s ; besoins : %s.", msg.p.Name, q, levelsWords(msg.p.Levels), needsWords(msg.p.Needs)))
	case tea.KeyPressMsg:
		if p.editing != nil {
			if key.Matches(msg, placeKeys.save) {
				return p, p.save()
			}
			cmd, _ := p.form.Update(msg)
			return p, cmd
		}
		if p.filtering {
			if msg.String() == "enter" || msg.String() == "down" {
				p.filtering = false
				p.filter.Blur()
				return p, nil
			}
			var cmd tea.Cmd
			p.filter, cmd = p.filter.Update(msg)
			p.refilter()
			return p, cmd
		}
		switch {
		case key.Matches(msg, placeKeys.filter):
			p.filtering = true
			return p, p.filter.Focus()
		case key.Matches(msg, placeKeys.up):
			p.cursor = max(p.cursor-1, 0)
		case key.Matches(msg, placeKeys.down):
			p.cursor = min(p.cursor+1, max(len(p.shown)-1, 0))
		case key.Matches(msg, placeKeys.qualify):
			if pl, ok := p.current(); ok {
				q := !pl.Qualified
				return p, p.set(pl.ID, store.PlaceChanges{Qualified: &q})
			}
		case key.Matches(msg, placeKeys.edit):
			if pl, ok := p.current(); ok {
				return p, p.edit(pl)
			}
		}
	}
	return p, nil
}

func (p *Places) edit(pl domain.Place) tea.Cmd {
	p.editing = &pl
	pmr := "non"
	if pl.PMR {
		pmr = "oui"
	}
	p.form = kit.FieldSet{Fields: []*kit.Field{
		kit.TextField("Niveaux", "debutant, en_progression, autonome (séparés par des virgules)", "niveaux", levelsText(pl.Levels), 80),
		kit.TextField("Besoins", "codes B01 à B12 (séparés par des virgules)", "besoins", needsText(pl.Needs), 80),
		kit.TextField("Communes desservies", "codes INSEE, pour un lieu itinérant (vide : aucune)", "communes", strings.Join(pl.Serves, ", "), 200),
		kit.ChoiceField("Accessible PMR", "accès aux personnes à mobilité réduite", "pmr", []string{"oui", "non"}, pmr),
	}}
	return p.form.Focus(0)
}

func (p *Places) save() tea.Cmd {
	f := p.form.Fields
	fail := func(err error) tea.Cmd {
		cmd, _ := p.form.Blame(err)
		return tea.Batch(cmd, kit.Fail(err))
	}
	levels, err := domain.ParseLevels("niveaux", f[0].Value())
	if err != nil {
		return fail(err)
	}
	needs, err := domain.ParseNeeds("besoins", f[1].Value())
	if err != nil {
		return fail(err)
	}
	serves, err := domain.ParseServes("communes", f[2].Value(), p.env.Communes)
	if err != nil {
		return fail(err)
	}
	pmr := f[3].Value() == "oui"
	return p.set(p.editing.ID, store.PlaceChanges{Levels: &levels, Needs: &needs, Serves: &serves, PMR: &pmr})
}

func (p *Places) set(id string, ch store.PlaceChanges) tea.Cmd {
	env := p.env
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		pl, err := env.Store.SetPlace(ctx, env.User, id, ch)
		return placeSaved{pl, err}
	}
}

func levelsText(ls []domain.Level) string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = string(l)
	}
	return strings.Join(out, ", ")
}

// levelsWords and needsWords say what was saved in words; the form keeps the codes it reads.
func levelsWords(ls []domain.Level) string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = domain.LevelLabel(l)
	}
	return orNone(strings.Join(out, ", "))
}

func needsWords(ns []domain.Need) string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = string(n)
		if info, ok := domain.LookupNeed(n); ok {
			r := []rune(info.Label)
			out[i] = strings.ToLower(string(r[:1])) + string(r[1:])
		}
	}
	return orNone(strings.Join(out, ", "))
}

func orNone(s string) string {
	if s == "" {
		return "aucun"
	}
	return s
}

func needsText(ns []domain.Need) string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = string(n)
	}
	return strings.Join(out, ", ")
}

// SetSize is given the size the page is drawn at after every message (kit.Sized): the filter
// and the place's form take the width here, in Update, not while drawing.
func (p *Places) SetSize(w, h int) {
	p.filter.SetWidth(max(w-len(p.filter.Prompt)-2, 10))
	p.form.SetWidth(w)
}

func (p *Places) View(w, h int) string {
	if p.editing != nil {
		pl := p.editing
		return kit.StyleMuted.Render(kit.Truncate(fmt.Sprintf("%s · %s %s", pl.ID, pl.PostalCode, pl.Commune), w)) + "\n\n" + p.form.View(w)
	}
	var b strings.Builder
	if p.filtering || p.filter.Value() != "" {
		b.WriteString(p.filter.View() + "\n")
	}
	if !p.loaded {
		return b.String() + kit.StyleMuted.Render("Chargement des lieux…")
	}
	qualified := 0
	for _, pl := range p.all {
		if pl.Qualified {
			qualified++
		}
	}
	b.WriteString(kit.StyleMuted.Render(fmt.Sprintf("%s, dont %s · %d affichés", domain.Plural(len(p.all), "lieu", "lieux"),
		domain.Plural(qualified, "qualifié", "qualifiés"), len(p.shown))) + "\n")
	rows := max(h-3, 1)
	top := 0
	if p.cursor >= rows {
		top = p.cursor - rows + 1
	}
	for i := top; i < len(p.shown) && i < top+rows; i++ {
		pl := p.all[p.shown[i]]
		// The id is what passnum places takes and what the filter matches: kept, muted, last.
		line := fmt.Sprintf("%s %-34s %-18s %s", kit.Mark(pl.Qualified), kit.Truncate(pl.Name, 34), kit.Truncate(pl.Commune, 18), kit.StyleMuted.Render(pl.ID))
		b.WriteString(kit.TruncateANSI(kit.CursorLine(i == p.cursor, line), w) + "\n")
	}
	return b.String()
}
