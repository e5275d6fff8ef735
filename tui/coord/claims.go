package coord

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/store"
	"passnum/tui/kit"
)

var claimKeys = struct {
	month, prepare, open, paid, confirm, cancel, up, down key.Binding
}{
	month:   key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "mois")),
	prepare: key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "préparer les demandes")),
	open:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "chèques")),
	paid:    key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "payée")),
	confirm: key.NewBinding(key.WithKeys("o", "O"), key.WithHelp("o", "oui, payée")),
	cancel:  key.NewBinding(key.WithKeys("n", "N"), key.WithHelp("n", "non")),
	up:      key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "choisir")),
	down:    key.NewBinding(key.WithKeys("down")),
}

// Claims is the month's contre-paiement for every place: the claims made, the places whose
// chèques still wait for one (prepared all at once), a claim's chèques, and its payment.
type Claims struct {
	env      *kit.Env
	month    time.Time
	claims   []domain.Claim
	waiting  []store.Unclaimed
	cursor   int
	loaded   bool
	busy     bool
	confirm  bool          // « payée ? » asked for the claim under the cursor
	detail   *domain.Claim // a claim's chèques, shown over the list
	scrolled int
}

type (
	monthLoaded struct {
		month   time.Time
		claims  []domain.Claim
		waiting []store.Unclaimed
		err     error
	}
	allPrepared struct {
		made []domain.Claim
		err  error
	}
	claimOpened struct {
		c   domain.Claim
		err error
	}
	claimPaidMsg struct {
		c   domain.Claim
		err error
	}
)

// NewClaims opens on the previous month: the one whose claims are made at the start of this one.
func NewClaims(env *kit.Env) *Claims {
	from, _ := domain.MonthBounds(env.Now())
	return &Claims{env: env, month: from.AddDate(0, -1, 0)}
}

func (c *Claims) Title() string { return "Remboursements des lieux — " + domain.MonthLabel(c.month) }

func (c *Claims) Keys() []key.Binding {
	switch {
	case c.confirm:
		return []key.Binding{claimKeys.confirm, claimKeys.cancel}
	case c.detail != nil:
		return []key.Binding{claimKeys.paid, claimKeys.up}
	}
	return []key.Binding{claimKeys.prepare, claimKeys.month, claimKeys.open, claimKeys.paid, claimKeys.up}
}

func (c *Claims) Init() tea.Cmd {
	env, month := c.env, c.month
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		claims, err := env.Store.ClaimsOfMonth(ctx, env.User, month)
		if err != nil {
			return monthLoaded{month: month, err: err}
		}
		waiting, err := env.Store.UnclaimedOfMonth(ctx, env.User, month)
		return monthLoaded{month, claims, waiting, err}
	}
}

// HandleEsc closes the question, then the claim's chèques, before the page.
func (c *Claims) HandleEsc() (kit.Screen, tea.Cmd, bool) {
	switch {
	case c.confirm:
		c.confirm = false
		return c, nil, true
	case c.detail != nil:
		c.detail = nil
		return c, nil, true
	}
	return c, nil, false
}

func (c *Claims) selected() (domain.Claim, bool) {
	if c.detail != nil {
		return *c.detail, true
	}
	if c.cursor < len(c.claims) {
		return c.claims[c.cursor], true
	}
	return domain.Claim{}, false
}

func (c *Claims) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case monthLoaded:
		if !msg.month.Equal(c.month) {
			return c, nil
		}
		if msg.err != nil {
			return c, kit.Fail(msg.err)
		}
		c.claims, c.waiting, c.loaded = msg.claims, msg.waiting, true
		c.cursor = min(c.cursor, max(len(c.claims)-1, 0))
	case allPrepared:
		c.busy = false
		var cents int64
		for _, cl := range msg.made {
			cents += cl.AmountCents
		}
		text := fmt.Sprintf("%s pour %s.", domain.Plural(len(msg.made), "demande préparée", "demandes préparées"), domain.RoundEuros(cents))
		if msg.err != nil {
			if len(msg.made) == 0 {
				return c, tea.Batch(c.Init(), kit.Fail(msg.err))
			}
			return c, tea.Batch(c.Init(), kit.Fail(domain.Errorf(domain.KindOf(msg.err), "%s %s", text, msg.err.Error())))
		}
		return c, tea.Batch(c.Init(), kit.Status(text))
	case claimOpened:
		if msg.err != nil {
			return c, kit.Fail(msg.err)
		}
		c.detail, c.scrolled = &msg.c, 0
	case claimPaidMsg:
		c.busy, c.confirm = false, false
		if msg.err != nil {
			return c, kit.Fail(msg.err)
		}
		if c.detail != nil {
			c.detail = &msg.c
		}
		return c, tea.Batch(c.Init(), kit.Status(fmt.Sprintf("Demande %s payée (%s, %s) : %s.",
			msg.c.ID, domain.Euros(msg.c.AmountCents), domain.Plural(msg.c.Cheques, "chèque remboursé", "chèques remboursés"), orID(msg.c.PlaceName, msg.c.Place))))
	case tea.KeyPressMsg:
		if c.confirm {
			switch {
			case key.Matches(msg, claimKeys.confirm):
				return c, c.markPaid()
			case key.Matches(msg, claimKeys.cancel):
				c.confirm = false
			}
			return c, nil
		}
		switch {
		case key.Matches(msg, claimKeys.paid):
			if cl, ok := c.selected(); ok {
				if cl.State == domain.ClaimPaid {
					return c, kit.Status(fmt.Sprintf("La demande %s est déjà payée (le %s).", cl.ID, cl.PaidAt.Local().Format("02/01/2006")))
				}
				c.confirm = true
			}
		case key.Matches(msg, claimKeys.up):
			if c.detail != nil {
				c.scrolled = max(c.scrolled-1, 0)
			} else {
				c.cursor = max(c.cursor-1, 0)
			}
		case key.Matches(msg, claimKeys.down):
			if c.detail != nil {
				c.scrolled = min(c.scrolled+1, max(len(c.detail.Items)-1, 0))
			} else {
				c.cursor = min(c.cursor+1, max(len(c.claims)-1, 0))
			}
		case c.detail != nil:
		case key.Matches(msg, claimKeys.month):
			if msg.String() == "left" {
				c.month = c.month.AddDate(0, -1, 0)
			} else if next := c.month.AddDate(0, 1, 0); !next.After(c.env.Now()) {
				c.month = next
			}
			c.loaded, c.cursor = false, 0
			return c, c.Init()
		case key.Matches(msg, claimKeys.prepare):
			return c, c.prepareAll()
		case key.Matches(msg, claimKeys.open):
			return c, c.open()
		}
	}
	return c, nil
}

func (c *Claims) prepareAll() tea.Cmd {
	if c.busy {
		return nil
	}
	if len(c.waiting) == 0 {
		return kit.Status("Aucun chèque " + domain.OfName(domain.MonthLabel(c.month)) + " n'attend de demande de remboursement.")
	}
	c.busy = true
	env, month := c.env, c.month
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		made, err := env.Store.ClaimsPrepareAll(ctx, env.User, month)
		return allPrepared{made, err}
	}
}

func (c *Claims) open() tea.Cmd {
	cl, ok := c.selected()
	if !ok {
		return nil
	}
	env := c.env
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		full, err := env.Store.Claim(ctx, cl.ID)
		return claimOpened{full, err}
	}
}

func (c *Claims) markPaid() tea.Cmd {
	cl, ok := c.selected()
	if !ok || c.busy {
		return nil
	}
	c.busy = true
	env := c.env
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		paid, err := env.Store.ClaimPaid(ctx, env.User, cl.ID)
		return claimPaidMsg{paid, err}
	}
}

func (c *Claims) View(w, h int) string {
	if c.detail != nil {
		return c.detailView(w, h)
	}
	var b strings.Builder
	b.WriteString("Mois : " + kit.StyleSelected.Render("◂ "+domain.MonthLabel(c.month)+" ▸") + "\n")
	if !c.loaded {
		return b.String() + kit.StyleMuted.Render("Chargement…")
	}
	if len(c.waiting) > 0 {
		n := 0
		for _, u := range c.waiting {
			n += u.Cheques
		}
		b.WriteString(kit.StyleWarn.Render(kit.Truncate(fmt.Sprintf("En attente : %s dans %s — ctrl+p prépare leurs demandes",
			domain.Plural(n, "chèque", "chèques"), domain.Plural(len(c.waiting), "lieu", "lieux")), w)) + "\n")
	} else {
		b.WriteString(kit.StyleMuted.Render("Aucun chèque du mois n'attend de demande.") + "\n")
	}
	b.WriteString("\n")
	if len(c.claims) == 0 {
		b.WriteString(kit.StyleMuted.Render("Aucune demande de remboursement pour ce mois."))
	} else {
		b.WriteString(kit.StyleBold.Render(fmt.Sprintf("  %-5s %-30s %-9s %7s %12s", "N°", "lieu", "état", "chèques", "montant")) + "\n")
		// The rows leave room for the lines above and, when asked, the payment question.
		rows := h - 4
		if c.confirm {
			rows -= 3
		}
		rows = max(rows, 1)
		top := max(0, c.cursor-rows+1)
		for i := top; i < len(c.claims) && i < top+rows; i++ {
			cl := c.claims[i]
			line := fmt.Sprintf("%-5s %-30s %-9s %7d %12s", cl.ID, kit.Truncate(orID(cl.PlaceName, cl.Place), 30), domain.ClaimStateLabel(cl.State), cl.Cheques, domain.Euros(cl.AmountCents))
			b.WriteString(kit.CursorLine(i == c.cursor, line) + "\n")
		}
	}
	if c.confirm {
		cl, _ := c.selected()
		b.WriteString("\n" + kit.StyleWarn.Render(kit.Wrap(fmt.Sprintf("La demande %s (%s, %s) a-t-elle été payée ? o : oui · n : non", cl.ID, orID(cl.PlaceName, cl.Place), domain.Euros(cl.AmountCents)), w)))
	}
	return b.String()
}

func (c *Claims) detailView(w, h int) string {
	cl := c.detail
	var b strings.Builder
	fmt.Fprintf(&b, "Demande %s — %s, %s : %s\n", cl.ID, orID(cl.PlaceName, cl.Place), domain.ClaimStateLabel(cl.State), domain.Euros(cl.AmountCents))
	var shares []string
	for _, sh := range cl.Shares {
		shares = append(shares, sh.Funder+" "+domain.Euros(sh.AmountCents))
	}
	b.WriteString(kit.StyleMuted.Render(kit.Truncate("Financeurs : "+strings.Join(shares, " · "), w)) + "\n\n")
	b.WriteString(kit.StyleBold.Render(fmt.Sprintf("%-14s %-16s %-8s %10s", "chèque", "utilisé le", "séance", "valeur")) + "\n")
	rows := max(h-6, 1)
	for i := c.scrolled; i < len(cl.Items) && i < c.scrolled+rows; i++ {
		it := cl.Items[i]
		fmt.Fprintf(&b, "%-14s %-16s %-8s %10s\n", it.Cheque, it.UsedAt.Local().Format("02/01/2006 15:04"), it.Session, domain.Euros(it.ValueCents))
	}
	if c.confirm {
		b.WriteString("\n" + kit.StyleWarn.Render(fmt.Sprintf("La demande %s a-t-elle été payée ? o : oui · n : non", cl.ID)))
	}
	return b.String()
}
