package trainer

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/domain/doc"
	"passnum/tui/kit"
)

var claimKeys = struct {
	month, prepare, export, up, down key.Binding
}{
	month:   key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "mois")),
	prepare: key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "préparer la demande du mois")),
	export:  key.NewBinding(key.WithKeys("enter", "ctrl+e"), key.WithHelp("entrée", "exporter la demande (CSV)")),
	up:      key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "choisir")),
	down:    key.NewBinding(key.WithKeys("down")),
}

// Claims is the contre-paiement of the trainer's place: the month's chèques used and not yet
// claimed become one claim, exported as CSV for the funders; earlier claims stay listed with
// their state.
type Claims struct {
	env    *kit.Env
	month  time.Time
	claims []domain.Claim
	cursor int
	loaded bool
	busy   bool
	place  string // the place's name, once read
}

type (
	claimsLoaded struct {
		list  []domain.Claim
		place string
		err   error
	}
	claimPrepared struct {
		c   domain.Claim
		err error
	}
	claimExported struct {
		c    domain.Claim
		path string
		err  error
	}
)

// NewClaims opens on the current month.
func NewClaims(env *kit.Env) *Claims {
	from, _ := domain.MonthBounds(env.Now())
	return &Claims{env: env, month: from}
}

func (c *Claims) Title() string {
	if c.place != "" {
		return "Remboursements — " + c.place
	}
	return "Remboursements"
}

func (c *Claims) Keys() []key.Binding {
	return []key.Binding{claimKeys.prepare, claimKeys.export, claimKeys.month, claimKeys.up}
}

func (c *Claims) Init() tea.Cmd {
	env := c.env
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		list, err := env.Store.Claims(ctx, env.User.Place)
		return claimsLoaded{list, placeName(env), err}
	}
}

func (c *Claims) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case claimsLoaded:
		if msg.err != nil {
			return c, kit.Fail(msg.err)
		}
		c.claims, c.loaded, c.place = msg.list, true, msg.place
		c.cursor = min(c.cursor, max(len(c.claims)-1, 0))
	case claimPrepared:
		c.busy = false
		if msg.err != nil {
			return c, kit.Fail(msg.err)
		}
		c.cursor = 0
		return c, tea.Batch(c.Init(), kit.Status(fmt.Sprintf("Demande %s préparée : %s, %s. Entrée pour l'exporter.", msg.c.ID, domain.Plural(msg.c.Cheques, "chèque", "chèques"), domain.Euros(msg.c.AmountCents))))
	case claimExported:
		c.busy = false
		if msg.err != nil {
			return c, kit.Fail(msg.err)
		}
		return c, kit.Status(fmt.Sprintf("Demande %s exportée dans %s (financeurs et XLSX à côté)", msg.c.ID, msg.path))
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, claimKeys.month):
			if msg.String() == "left" {
				c.month = c.month.AddDate(0, -1, 0)
			} else if next := c.month.AddDate(0, 1, 0); !next.After(c.env.Now()) {
				c.month = next
			}
		case key.Matches(msg, claimKeys.up):
			c.cursor = max(c.cursor-1, 0)
		case key.Matches(msg, claimKeys.down):
			c.cursor = min(c.cursor+1, max(len(c.claims)-1, 0))
		case key.Matches(msg, claimKeys.prepare):
			return c, c.prepare()
		case key.Matches(msg, claimKeys.export):
			return c, c.export()
		}
	}
	return c, nil
}

func (c *Claims) prepare() tea.Cmd {
	if c.busy {
		return nil
	}
	c.busy = true
	env, month := c.env, c.month
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		cl, err := env.Store.ClaimsPrepare(ctx, env.User, env.User.Place, month)
		return claimPrepared{cl, err}
	}
}

func (c *Claims) export() tea.Cmd {
	if c.busy || len(c.claims) == 0 {
		return nil
	}
	env, cl := c.env, c.claims[c.cursor]
	if env.Remote {
		return kit.Status(fmt.Sprintf("Par SSH, tapez sur votre poste : ssh … claims export %s > %s.csv", cl.ID, cl.ID))
	}
	c.busy = true
	name := fmt.Sprintf("remboursement-%s-%s-%s.csv", cl.ID, kit.SafeFileName(cl.Place, "carnet"), cl.Month.Format("2006-01"))
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		got, err := env.Store.ClaimExport(ctx, env.User, cl.ID)
		if err != nil {
			return claimExported{err: err}
		}
		// The chèques and the funders' split, each a CSV with its XLSX beside it.
		paths, err := kit.WriteTables(env.ExportDir, name, doc.ClaimTables(got))
		if err != nil {
			return claimExported{err: err}
		}
		return claimExported{got, paths[0], nil}
	}
}

func (c *Claims) View(w, h int) string {
	var b strings.Builder
	b.WriteString("Mois à demander : " + kit.StyleSelected.Render("◂ "+domain.MonthLabel(c.month)+" ▸") + "\n")
	b.WriteString(kit.StyleMuted.Render(kit.Wrap("ctrl+p rassemble les chèques encaissés ce mois-là et pas encore demandés ; un chèque n'est jamais dans deux demandes.", w)) + "\n\n")
	switch {
	case !c.loaded:
		b.WriteString(kit.StyleMuted.Render("Chargement…"))
		return b.String()
	case len(c.claims) == 0:
		b.WriteString(kit.StyleMuted.Render("Aucune demande de remboursement pour ce lieu."))
		return b.String()
	}
	b.WriteString(kit.StyleBold.Render(fmt.Sprintf("%-5s %-16s %-9s %8s %12s", "N°", "mois", "état", "chèques", "montant")) + "\n")
	for i, cl := range c.claims {
		line := fmt.Sprintf("%-5s %-16s %-9s %8d %12s", cl.ID, domain.MonthLabel(cl.Month), domain.ClaimStateLabel(cl.State), cl.Cheques, domain.Euros(cl.AmountCents))
		b.WriteString(kit.CursorLine(i == c.cursor, line) + "\n")
	}
	return b.String()
}
