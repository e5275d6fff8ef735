package coord

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/store"
	"passnum/tui/kit"
)

var stockKeys = struct {
	key, preview, confirm, cancel, up, down key.Binding
}{
	up:      key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "faire défiler")),
	down:    key.NewBinding(key.WithKeys("down")),
	key:     key.NewBinding(key.WithKeys("k"), key.WithHelp("k", "clé de répartition")),
	preview: key.NewBinding(key.WithKeys("enter", "ctrl+s"), key.WithHelp("entrée", "aperçu")),
	confirm: key.NewBinding(key.WithKeys("o", "O"), key.WithHelp("o", "oui, attribuer ainsi")),
	cancel:  key.NewBinding(key.WithKeys("n", "N"), key.WithHelp("n", "non, modifier")),
}

// stockMode is what the stock page shows: the stock, the allocation key's form, or its preview
// waiting for the one confirmation.
type stockMode int

const (
	stockList stockMode = iota
	stockForm
	stockPreview
)

// Stock is a programme's carnets: the central stock and each prescriber's, with their
// numbers, and the allocation key (Lens-Liévin) shown before it allocates anything.
type Stock struct {
	env      *kit.Env
	prog     domain.Programme
	stock    *store.ProgrammeStock
	mode     stockMode
	form     kit.FieldSet
	shares   []domain.KeyShare
	overlaps []domain.KeyOverlap // what the key's preview must say before the confirmation
	scroll   int                 // first line of a table longer than the page
	busy     bool
}

type (
	stockLoaded struct {
		s   store.ProgrammeStock
		err error
	}
	keyChecked struct {
		shares []domain.KeyShare
		err    error
	}
	keyApplied struct {
		given []store.KeyAllocation
		err   error
	}
)

// NewStock opens on the programme's stock.
func NewStock(env *kit.Env, prog domain.Programme) *Stock {
	return &Stock{env: env, prog: prog}
}

func (s *Stock) Title() string {
	switch s.mode {
	case stockForm:
		return "Clé de répartition — " + s.prog.Name
	case stockPreview:
		return "Aperçu de la répartition — " + s.prog.Name
	}
	return "Stock de carnets — " + s.prog.Name
}

func (s *Stock) Typing() bool { return s.mode == stockForm && s.form.Typing() }

func (s *Stock) Keys() []key.Binding {
	switch s.mode {
	case stockForm:
		return []key.Binding{stockKeys.preview, kit.FieldKeys.Next}
	case stockPreview:
		return []key.Binding{stockKeys.confirm, stockKeys.cancel, stockKeys.up}
	}
	return []key.Binding{stockKeys.key, stockKeys.up}
}

func (s *Stock) Init() tea.Cmd {
	env, prog := s.env, s.prog
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		list, err := env.Store.Stock(ctx, env.User, prog.ID)
		if err != nil || len(list) == 0 {
			return stockLoaded{err: err}
		}
		return stockLoaded{s: list[0]}
	}
}

// HandleEsc leaves the preview for the form, the form for the stock.
func (s *Stock) HandleEsc() (kit.Screen, tea.Cmd, bool) {
	switch s.mode {
	case stockPreview:
		s.mode = stockForm
		return s, nil, true
	case stockForm:
		s.mode = stockList
		return s, nil, true
	}
	return s, nil, false
}

func (s *Stock) openForm() tea.Cmd {
	s.mode = stockForm
	s.form = kit.FieldSet{Fields: []*kit.Field{
		kit.TextField("Carnets à répartir", "combien de carnets du stock central la clé partage", "nombre", "", 7),
		kit.TextField("Part fixe", "carnets donnés à chaque prescripteur avant la part proportionnelle (0 : aucune)", "part fixe", "0", 5),
	}}
	return s.form.Focus(0)
}

func (s *Stock) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case stockLoaded:
		if msg.err != nil {
			return s, kit.Fail(msg.err)
		}
		s.stock = &msg.s
		return s, nil
	case keyChecked:
		s.busy = false
		if msg.err != nil {
			if cmd, ok := s.form.Blame(msg.err); ok {
				return s, tea.Batch(cmd, kit.Fail(msg.err))
			}
			return s, kit.Fail(msg.err)
		}
		s.shares, s.mode, s.scroll = msg.shares, stockPreview, 0
		return s, nil
	case keyApplied:
		s.busy = false
		if msg.err != nil {
			s.mode = stockForm
			return s, kit.Fail(msg.err)
		}
		n, to := 0, 0
		for _, g := range msg.given {
			n += len(g.Numbers)
			if len(g.Numbers) > 0 {
				to++
			}
		}
		s.mode, s.shares = stockList, nil
		return s, tea.Batch(s.Init(), kit.Status(fmt.Sprintf("%s entre %s.",
			domain.Plural(n, "carnet attribué", "carnets attribués"), domain.Plural(to, "prescripteur", "prescripteurs"))))
	case tea.KeyPressMsg:
		switch s.mode {
		case stockList, stockPreview:
			switch {
			case key.Matches(msg, stockKeys.up):
				s.scroll = max(s.scroll-1, 0)
				return s, nil
			case key.Matches(msg, stockKeys.down):
				s.scroll++ // SetSize clamps it to the table
				return s, nil
			}
		}
		switch s.mode {
		case stockList:
			if key.Matches(msg, stockKeys.key) {
				s.scroll = 0
				return s, s.openForm()
			}
			return s, nil
		case stockPreview:
			switch {
			case key.Matches(msg, stockKeys.confirm):
				return s, s.apply()
			case key.Matches(msg, stockKeys.cancel):
				s.mode = stockForm
			}
			return s, nil
		case stockForm:
			if key.Matches(msg, stockKeys.preview) && (msg.String() == "ctrl+s" || s.form.Last()) {
				return s, s.preview()
			}
			if msg.String() == "enter" {
				return s, s.form.Move(1)
			}
		}
	}
	if s.mode == stockForm {
		cmd, _ := s.form.Update(msg)
		return s, cmd
	}
	return s, nil
}

// preview computes the key (pure) and checks the stock holds it, writing nothing.
func (s *Stock) preview() tea.Cmd {
	if s.busy {
		return nil
	}
	f := s.form.Fields
	count, err := strconv.Atoi(strings.ReplaceAll(f[0].Value(), " ", ""))
	if err != nil {
		e := domain.Errorf(domain.KindInvalid, "nombre : %q n'est pas un nombre de carnets (ex. 120)", f[0].Value())
		cmd, _ := s.form.Blame(e)
		return tea.Batch(cmd, kit.Fail(e))
	}
	fixed, err := strconv.Atoi(strings.TrimSpace(f[1].Value()))
	if err != nil {
		e := domain.Errorf(domain.KindInvalid, "part fixe : %q n'est pas un nombre de carnets (0 pour aucune)", f[1].Value())
		cmd, _ := s.form.Blame(e)
		return tea.Batch(cmd, kit.Fail(e))
	}
	// The configuration gives the communes' population in QPV only (qpv_population): the
	// whole population (--by population) waits for the official communes.
	weights, err := domain.KeyWeights(domain.KeyByQPVPopulation, s.env.Prescribers, s.env.Communes)
	if err != nil {
		return kit.Fail(err)
	}
	shares, err := domain.AllocationKey(count, fixed, weights)
	if err != nil {
		return kit.Fail(err)
	}
	s.overlaps = domain.KeyOverlaps(s.env.Prescribers, weights, count-fixed*len(weights))
	s.busy = true
	env, prog := s.env, s.prog
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		return keyChecked{shares, env.Store.CheckKeyStock(ctx, env.User, prog.ID, count)}
	}
}

func (s *Stock) apply() tea.Cmd {
	if s.busy {
		return nil
	}
	s.busy = true
	env, prog, shares := s.env, s.prog, s.shares
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		given, err := env.Store.AllocateByKey(ctx, env.User, prog.ID, shares)
		return keyApplied{given, err}
	}
}

func (s *Stock) View(w, h int) string {
	scroll := s.scroll // clamped by SetSize, from Update: drawing changes nothing
	return s.draw(w, h, &scroll)
}

// SetSize is given the size the page is drawn at after every message (kit.Sized): the key's
// fields take the width, and the scroll of the prescribers' table is clamped to it, here, in
// Update, not while drawing.
func (s *Stock) SetSize(w, h int) {
	s.form.SetWidth(w)
	if s.mode != stockForm {
		s.draw(w, h, &s.scroll)
	}
}

// draw draws the page with the table scrolled from *scroll, which it clamps to the table.
func (s *Stock) draw(w, h int, scroll *int) string {
	switch s.mode {
	case stockForm:
		return s.form.View(w) + "\n" + kit.StyleMuted.Render(kit.Wrap("Le reste, après les parts fixes, est partagé au prorata de la population en QPV de la commune de chaque prescripteur (qpv_population). Entrée sur le dernier champ : l'aperçu, rien n'est attribué avant votre confirmation.", w))
	case stockPreview:
		return s.previewView(w, h, scroll)
	}
	if s.stock == nil {
		return kit.StyleMuted.Render("Chargement du stock…")
	}
	st := s.stock
	var b strings.Builder
	fmt.Fprintf(&b, "Stock central : %s", kit.StyleBold.Render(domain.Plural(st.InStock, "carnet", "carnets")))
	if len(st.InStockRanges) > 0 {
		b.WriteString(" (" + domain.RangesText(st.InStockRanges, 3) + ")")
	}
	b.WriteString("\n" + kit.StyleMuted.Render(fmt.Sprintf("%s reçus", domain.Grouped(int64(st.Received)))))
	if st.Budget.HasBudget {
		b.WriteString(kit.StyleMuted.Render(fmt.Sprintf(", d'une valeur de %s pour un budget de %s", domain.RoundEuros(st.Budget.ValueCents), domain.RoundEuros(st.Budget.BudgetCents))))
	}
	b.WriteString("\n")
	if st.Budget.OverBudget {
		b.WriteString(kit.StyleErr.Render(fmt.Sprintf("Budget dépassé de %s", domain.RoundEuros(st.Budget.OverrunCents))) + "\n")
	}
	b.WriteString("\n" + kit.StyleBold.Render(fmt.Sprintf("%-36s %7s %6s %7s  %s", "Prescripteur", "en main", "remis", "annulés", "numéros en main")) + "\n")
	if len(st.Holders) == 0 {
		b.WriteString(kit.StyleMuted.Render("Aucun carnet attribué : k répartit le stock par la clé.") + "\n")
	}
	var rows []string
	for _, hs := range st.Holders {
		line := fmt.Sprintf("%-36s %7d %6d %7d  %s", kit.Truncate(s.env.PrescriberName(hs.Prescriber), 36), hs.InHand, hs.Issued, hs.Voided, domain.RangesText(hs.InHandRanges, 2))
		rows = append(rows, kit.Truncate(line, w))
	}
	above := strings.Count(b.String(), "\n")
	b.WriteString(s.window(rows, h-above, scroll))
	return b.String()
}

// window shows the rows of a table that fit in room lines from the scroll position, saying
// how many are above and below: a prescriber cut off the page would be a share nobody checks.
// It clamps *scroll to the rows.
func (s *Stock) window(rows []string, room int, scroll *int) string {
	if len(rows) <= room {
		*scroll = 0
		return strings.Join(rows, "\n") + "\n"
	}
	room = max(room-1, 1) // the line saying what is hidden
	*scroll = max(0, min(*scroll, len(rows)-room))
	var b strings.Builder
	for _, r := range rows[*scroll : *scroll+room] {
		b.WriteString(r + "\n")
	}
	b.WriteString(kit.StyleMuted.Render(fmt.Sprintf("↑/↓ : %d au-dessus, %d en dessous (%s en tout)", *scroll, len(rows)-room-*scroll,
		domain.Plural(len(rows), "prescripteur", "prescripteurs"))) + "\n")
	return b.String()
}

// previewView keeps the warnings and the question on the page whatever the number of
// prescribers: the table scrolls between them.
func (s *Stock) previewView(w, h int, scroll *int) string {
	var b strings.Builder
	total := domain.KeyTotal(s.shares)
	fmt.Fprintf(&b, "%s du stock central, au plus fort reste :\n\n", domain.Plural(total, "carnet", "carnets"))
	b.WriteString(kit.StyleBold.Render(fmt.Sprintf("%-40s %9s %5s %8s %6s", "Prescripteur", "poids", "fixe", "variable", "total")) + "\n")
	var rows []string
	for _, sh := range s.shares {
		rows = append(rows, fmt.Sprintf("%-40s %9s %5d %8d %6d", kit.Truncate(s.env.PrescriberName(sh.Prescriber), 40), domain.Grouped(int64(sh.Weight)), sh.Fixed, sh.Variable, sh.Total))
	}
	// One line a commune; config.toml says more.
	var tail strings.Builder
	for _, ov := range s.overlaps {
		tail.WriteString(kit.StyleWarn.Render(kit.Truncate(fmt.Sprintf("Attention : %s pèse %d fois (%d prescripteurs) — voir config.toml",
			s.env.CommuneName(ov.Commune), len(ov.Names), len(ov.Names)), w)) + "\n")
	}
	tail.WriteString("\n" + kit.StyleWarn.Render(kit.Truncate(fmt.Sprintf("Attribuer ces %s ? o : oui · n ou esc : modifier", domain.Plural(total, "carnet", "carnets")), w)))
	b.WriteString(s.window(rows, h-4-strings.Count(tail.String(), "\n")-1, scroll))
	b.WriteString(tail.String())
	return b.String()
}
