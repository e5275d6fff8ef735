package trainer

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/kit"
)

var referralKeys = struct {
	up, down, open key.Binding
}{
	up:   key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "choisir")),
	down: key.NewBinding(key.WithKeys("down")),
	open: key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "bilan de parcours")),
}

// Referrals is « personnes orientées vers nous »: the people a prescriber sent to the trainer's
// place, with the prescriber's note and whether they came (on a sheet of the place since). Each
// opens the person's bilan de parcours, to report back to the prescriber.
type Referrals struct {
	env    *kit.Env
	list   []domain.Referral
	loaded bool
	cursor int
}

type referralsLoaded struct {
	list []domain.Referral
	err  error
}

// NewReferrals lists the people sent to the user's place.
func NewReferrals(env *kit.Env) *Referrals { return &Referrals{env: env} }

func (r *Referrals) Title() string { return "Personnes orientées vers nous" }

func (r *Referrals) Keys() []key.Binding {
	return []key.Binding{referralKeys.open, referralKeys.up}
}

// Init reloads the list: coming back from a sheet shows who came since.
func (r *Referrals) Init() tea.Cmd {
	env := r.env
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		list, err := env.Store.ReferralsTo(ctx, env.User, env.User.Place)
		return referralsLoaded{list, err}
	}
}

func (r *Referrals) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case referralsLoaded:
		r.loaded = true
		if msg.err != nil {
			return r, kit.Fail(msg.err)
		}
		r.list = msg.list
		r.cursor = min(r.cursor, max(len(r.list)-1, 0))
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, referralKeys.up):
			r.cursor = max(r.cursor-1, 0)
		case key.Matches(msg, referralKeys.down):
			r.cursor = min(r.cursor+1, max(len(r.list)-1, 0))
		case key.Matches(msg, referralKeys.open) && len(r.list) > 0:
			return r, kit.Push(NewParcours(r.env, r.list[r.cursor].PersonID))
		}
	}
	return r, nil
}

func (r *Referrals) View(w, h int) string {
	var b strings.Builder
	switch {
	case !r.loaded:
		return kit.StyleMuted.Render("Chargement…")
	case len(r.list) == 0:
		return kit.StyleMuted.Render(kit.Wrap("Personne n'a encore été orientée vers votre lieu : les prescripteurs le font depuis le diagnostic ou par passnum people orient.", w))
	}
	came := 0
	for _, x := range r.list {
		if x.Came() {
			came++
		}
	}
	b.WriteString(kit.StyleMuted.Render(kit.Truncate(fmt.Sprintf("%s, %s · entrée : son bilan de parcours",
		domain.Plural(len(r.list), "personne orientée", "personnes orientées"), domain.Plural(came, "venue", "venues")), w)) + "\n\n")
	// Two lines a person: who, when, whether they came; then who sent them and the note.
	room := max((h-3)/2, 1)
	start := max(0, r.cursor-room+1)
	for i := start; i < len(r.list) && i < start+room; i++ {
		x := r.list[i]
		status := kit.StyleWarn.Render(x.CameText())
		if x.Came() {
			status = kit.StyleOK.Render(x.CameText())
		}
		head := kit.Truncate(x.PersonName, max(w-40, 10)) + " — orientée le " + x.At.Local().Format("02/01/2006") + " — "
		b.WriteString(kit.CursorLine(i == r.cursor, head+status) + "\n")
		from := "    par " + r.env.PrescriberName(x.Prescriber)
		if x.Note != "" {
			from += " : « " + x.Note + " »"
		}
		b.WriteString(kit.StyleMuted.Render(kit.Truncate(from, w)) + "\n")
	}
	return b.String()
}
