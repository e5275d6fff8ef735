package coord

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/kit"
)

// The coordination's corrections after the day — a redemption cancelled, lost carnets voided —
// share one shape: a small form, a summary of what will change read from the ledger, and one
// confirmation before anything is written.

var correctionKeys = struct {
	check, confirm, cancel key.Binding
}{
	check:   key.NewBinding(key.WithKeys("enter", "ctrl+s"), key.WithHelp("entrée", "vérifier")),
	confirm: key.NewBinding(key.WithKeys("o", "O"), key.WithHelp("o", "oui, confirmer")),
	cancel:  key.NewBinding(key.WithKeys("n", "N"), key.WithHelp("n", "non, modifier")),
}

// correction is what a correction page does: read what will change, then change it.
type correction interface {
	title() string
	fields() []*kit.Field
	// check validates the form and reads the ledger: the summary to confirm, or why not.
	check(env *kit.Env, values []string) (summary string, err error)
	apply(env *kit.Env, values []string) (done string, err error)
}

// Correction is the page of one correction.
type Correction struct {
	env     *kit.Env
	c       correction
	form    kit.FieldSet
	summary string // set: waiting for « o »
	busy    bool
}

type (
	correctionChecked struct {
		summary string
		err     error
	}
	correctionApplied struct {
		done string
		err  error
	}
)

func newCorrection(env *kit.Env, c correction) *Correction {
	return &Correction{env: env, c: c, form: kit.FieldSet{Fields: c.fields()}}
}

func (p *Correction) Title() string { return p.c.title() }
func (p *Correction) Typing() bool  { return p.summary == "" && p.form.Typing() }
func (p *Correction) Init() tea.Cmd { return p.form.Focus(p.form.Current) }

func (p *Correction) Keys() []key.Binding {
	if p.summary != "" {
		return []key.Binding{correctionKeys.confirm, correctionKeys.cancel}
	}
	return []key.Binding{correctionKeys.check, kit.FieldKeys.Next}
}

// HandleEsc drops the pending confirmation before leaving the page.
func (p *Correction) HandleEsc() (kit.Screen, tea.Cmd, bool) {
	if p.summary != "" {
		p.summary = ""
		return p, nil, true
	}
	return p, nil, false
}

func (p *Correction) values() []string {
	out := make([]string, len(p.form.Fields))
	for i, f := range p.form.Fields {
		out[i] = f.Value()
	}
	return out
}

func (p *Correction) run(f func(*kit.Env, []string) (string, error), wrap func(string, error) tea.Msg) tea.Cmd {
	if p.busy {
		return nil
	}
	p.busy = true
	env, values := p.env, p.values()
	return func() tea.Msg { return wrap(f(env, values)) }
}

func (p *Correction) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case correctionChecked:
		p.busy = false
		if msg.err != nil {
			cmd, _ := p.form.Blame(msg.err)
			return p, tea.Batch(cmd, kit.Fail(msg.err))
		}
		p.summary = msg.summary
		return p, nil
	case correctionApplied:
		p.busy = false
		p.summary = ""
		if msg.err != nil {
			return p, kit.Fail(msg.err)
		}
		p.form = kit.FieldSet{Fields: p.c.fields()}
		return p, tea.Batch(p.form.Focus(0), kit.Status(msg.done))
	case tea.KeyPressMsg:
		if p.summary != "" {
			switch {
			case key.Matches(msg, correctionKeys.confirm):
				return p, p.run(p.c.apply, func(s string, err error) tea.Msg { return correctionApplied{s, err} })
			case key.Matches(msg, correctionKeys.cancel):
				p.summary = ""
			}
			return p, nil
		}
		if key.Matches(msg, correctionKeys.check) {
			if msg.String() == "enter" && !p.form.Last() {
				return p, p.form.Move(1)
			}
			return p, p.run(p.c.check, func(s string, err error) tea.Msg { return correctionChecked{s, err} })
		}
	}
	if p.summary == "" {
		cmd, _ := p.form.Update(msg)
		return p, cmd
	}
	return p, nil
}

// SetSize is given the size the page is drawn at after every message (kit.Sized): the fields
// take the width here, in Update, not while drawing.
func (p *Correction) SetSize(w, h int) { p.form.SetWidth(w) }

func (p *Correction) View(w, h int) string {
	var b strings.Builder
	b.WriteString(p.form.View(w))
	if p.summary != "" {
		b.WriteString("\n" + kit.Wrap(p.summary, w) + "\n\n" + kit.StyleWarn.Render("Confirmer ? o : oui · n ou esc : modifier"))
	}
	return b.String()
}

// cancelRedemption undoes a redemption after its day (the trainer can only on the day).
type cancelRedemption struct{}

// NewCancel opens the cancellation of a redemption.
func NewCancel(env *kit.Env) *Correction { return newCorrection(env, cancelRedemption{}) }

func (cancelRedemption) title() string { return "Annuler un encaissement" }

func (cancelRedemption) fields() []*kit.Field {
	return []*kit.Field{
		kit.TextField("Chèque", "numéro du chèque encaissé par erreur (scanné ou tapé, ex. 600001-03)", "chèque", "", 40),
		kit.TextField("Motif", "pourquoi l'encaissement est annulé (gardé dans l'historique)", "motif", "", domain.MaxReasonLength),
	}
}

func (cancelRedemption) check(env *kit.Env, v []string) (string, error) {
	if v[0] == "" {
		return "", domain.Errorf(domain.KindInvalid, "chèque : tapez ou scannez le numéro du chèque")
	}
	if _, err := domain.ValidateReason(v[1]); err != nil {
		return "", err
	}
	ctx, cancel := env.Context()
	defer cancel()
	ch, err := env.Store.Cheque(ctx, v[0])
	if err != nil {
		return "", err
	}
	if ch.State != domain.ChequeUsed {
		return "", domain.Errorf(domain.KindConflict, "chèque %s : %s, aucun encaissement à annuler", ch.Number, domain.ChequeStateLabel(ch.State))
	}
	return fmt.Sprintf("Le chèque %s, encaissé le %s à %s, redeviendra utilisable. Motif : « %s ».",
		ch.Number, ch.UsedAt.Local().Format("02/01/2006 15:04"), orID(ch.PlaceName, ch.UsedPlace), v[1]), nil
}

func (cancelRedemption) apply(env *kit.Env, v []string) (string, error) {
	ctx, cancel := env.Context()
	defer cancel()
	ch, err := env.Store.CancelRedemption(ctx, env.User, v[0], v[1])
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Encaissement du chèque %s annulé : il est %s.", ch.Number, domain.ChequeStateLabel(ch.State)), nil
}

// voidCarnets cancels lost or damaged carnets, all or nothing.
type voidCarnets struct{}

// NewVoid opens the cancellation of lost carnets.
func NewVoid(env *kit.Env) *Correction { return newCorrection(env, voidCarnets{}) }

func (voidCarnets) title() string { return "Carnets perdus ou abîmés" }

func (voidCarnets) fields() []*kit.Field {
	return []*kit.Field{
		kit.TextField("Carnets", "numéros ou plages : 600001, 600010-600015", "carnets", "", 400),
		kit.TextField("Motif", "perdu, abîmé, volé… (gardé dans l'historique)", "motif", "", domain.MaxReasonLength),
	}
}

func (voidCarnets) check(env *kit.Env, v []string) (string, error) {
	numbers, err := domain.ParseCarnetList(v[0])
	if err != nil {
		return "", err
	}
	if _, err := domain.ValidateReason(v[1]); err != nil {
		return "", err
	}
	ctx, cancel := env.Context()
	defer cancel()
	states := map[domain.CarnetState]int{}
	for _, n := range numbers {
		c, err := env.Store.Carnet(ctx, n)
		if err != nil {
			return "", err
		}
		if c.State == domain.CarnetVoid {
			return "", domain.Errorf(domain.KindConflict, "carnet %s : déjà annulé (%s)", c.Number, c.VoidReason)
		}
		states[c.State]++
	}
	// Where the carnets are, in words that stay true for any count.
	where := map[domain.CarnetState]string{
		domain.CarnetInStock:   "au stock central",
		domain.CarnetAllocated: "chez un prescripteur",
		domain.CarnetIssued:    "déjà remis à une personne",
	}
	var parts []string
	for _, st := range []domain.CarnetState{domain.CarnetInStock, domain.CarnetAllocated, domain.CarnetIssued} {
		if n := states[st]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, where[st]))
		}
	}
	return fmt.Sprintf("%s (%s) seront annulés, leurs chèques inutilisables. Motif : « %s ».",
		domain.Plural(len(numbers), "carnet", "carnets"), strings.Join(parts, ", "), v[1]), nil
}

func (voidCarnets) apply(env *kit.Env, v []string) (string, error) {
	numbers, err := domain.ParseCarnetList(v[0])
	if err != nil {
		return "", err
	}
	ctx, cancel := env.Context()
	defer cancel()
	if err := env.Store.VoidCarnets(ctx, env.User, numbers, v[1]); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s : %s.", domain.Plural(len(numbers), "carnet annulé", "carnets annulés"), domain.RangesText(domain.CarnetRanges(numbers), 3)), nil
}
