package desk

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/kit"
)

// The card's two ways back from a hand-over: « Annuler la remise » (a mistake of the day, the
// carnet returns to the prescriber's stock) and « Déclarer perdu » (its unused chèques are
// voided). Both ask for a reason, then one confirmation, before anything is written; the
// ledger checks again what the card offered.

var cardUndoKeys = struct {
	cancelIssue, lost, check, confirm, no key.Binding
}{
	cancelIssue: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "annuler la remise")),
	lost:        key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "déclarer perdu")),
	check:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "vérifier")),
	confirm:     key.NewBinding(key.WithKeys("o", "O"), key.WithHelp("o", "oui, confirmer")),
	no:          key.NewBinding(key.WithKeys("n", "N"), key.WithHelp("n", "non, modifier")),
}

type undoKind int

const (
	undoHandover undoKind = iota // « Annuler la remise »
	undoLost                     // « Déclarer perdu »
)

// undoable lists the person's carnets the user may act on now: for a cancellation, those handed
// over today by the user's prescriber with no chèque used; for a loss, those handed over.
func undoable(env *kit.Env, kind undoKind, carnets []domain.Carnet) []domain.Carnet {
	var out []domain.Carnet
	today := domain.CalendarDay(env.Now())
	for _, c := range carnets {
		if c.State != domain.CarnetIssued {
			continue
		}
		sc := domain.Scope{Prescriber: c.Prescriber}
		act := domain.ActDeclareLost
		if kind == undoHandover {
			if !domain.CalendarDay(c.IssuedAt).Equal(today) || usedCount(c) > 0 {
				continue
			}
			sc.SameDay, act = true, domain.ActCancelIssue
		}
		if domain.Authorize(env.User, act, sc) == nil {
			out = append(out, c)
		}
	}
	return out
}

func usedCount(c domain.Carnet) int {
	n := 0
	for _, ch := range c.Cheques {
		if ch.State == domain.ChequeUsed || ch.State == domain.ChequeReimbursed {
			n++
		}
	}
	return n
}

// undoKeys are the card's x and l, each offered only when it applies to one of the carnets.
func undoKeys(env *kit.Env, carnets []domain.Carnet) []key.Binding {
	var ks []key.Binding
	if len(undoable(env, undoHandover, carnets)) > 0 {
		ks = append(ks, cardUndoKeys.cancelIssue)
	}
	if len(undoable(env, undoLost, carnets)) > 0 {
		ks = append(ks, cardUndoKeys.lost)
	}
	return ks
}

// isUndoKey tells the card that x or l was pressed.
func isUndoKey(msg tea.KeyPressMsg) bool {
	return key.Matches(msg, cardUndoKeys.cancelIssue, cardUndoKeys.lost)
}

// openUndo opens the page of the key pressed, or says why there is nothing to do.
func openUndo(env *kit.Env, p domain.Person, carnets []domain.Carnet, msg tea.KeyPressMsg) tea.Cmd {
	kind := undoLost
	if key.Matches(msg, cardUndoKeys.cancelIssue) {
		kind = undoHandover
	}
	list := undoable(env, kind, carnets)
	if len(list) == 0 {
		why := "aucune remise faite aujourd'hui par votre structure sans chèque utilisé : une remise ne s'annule que le jour même ; un carnet que la personne n'a plus se déclare perdu (l)"
		if kind == undoLost {
			why = "aucun carnet remis par votre structure à cette personne"
		}
		return kit.Fail(domain.Errorf(domain.KindConflict, "%s", why))
	}
	return kit.Push(newCardUndo(env, kind, p, list))
}

// NewCardUndo opens « Déclarer perdu » (lost) or « Annuler la remise » on the person's carnets
// the user may act on; nil when there is none.
func NewCardUndo(env *kit.Env, lost bool, p domain.Person, carnets []domain.Carnet) *CardUndo {
	kind := undoHandover
	if lost {
		kind = undoLost
	}
	list := undoable(env, kind, carnets)
	if len(list) == 0 {
		return nil
	}
	return newCardUndo(env, kind, p, list)
}

// CardUndo is the page of « Annuler la remise » or « Déclarer perdu » for one of the person's
// carnets.
type CardUndo struct {
	env     *kit.Env
	kind    undoKind
	person  domain.Person
	carnets []domain.Carnet
	form    kit.FieldSet
	reason  string // the reason as checked, once the summary waits for « o »
	summary string
	busy    bool
}

type undoApplied struct {
	done string
	err  error
}

func newCardUndo(env *kit.Env, kind undoKind, p domain.Person, carnets []domain.Carnet) *CardUndo {
	numbers := make([]string, len(carnets))
	for i, c := range carnets {
		numbers[i] = c.Number
	}
	hint := "←/→ : choisir le carnet"
	if len(numbers) == 1 {
		hint = "le seul carnet concerné"
	}
	why := "mauvaise personne, mauvais carnet… (gardé dans l'historique)"
	if kind == undoLost {
		why = "perdu, volé, abîmé… (gardé dans l'historique)"
	}
	fields := []*kit.Field{
		kit.ChoiceField("Carnet", hint, "carnet", numbers, numbers[0]),
		kit.TextField("Motif", why, "motif", "", domain.MaxReasonLength),
	}
	u := &CardUndo{env: env, kind: kind, person: p, carnets: carnets, form: kit.FieldSet{Fields: fields}}
	u.form.Current = 1 // the carnet is often the only one: start on the reason
	return u
}

func (u *CardUndo) Title() string {
	if u.kind == undoLost {
		return "Déclarer un carnet perdu — " + u.person.DisplayName()
	}
	return "Annuler la remise d'un carnet — " + u.person.DisplayName()
}

// Confirming tells that the summary waits for « o ».
func (u *CardUndo) Confirming() bool { return u.summary != "" }

func (u *CardUndo) Init() tea.Cmd { return u.form.Focus(u.form.Current) }
func (u *CardUndo) Typing() bool  { return u.summary == "" && u.form.Typing() }

func (u *CardUndo) Keys() []key.Binding {
	if u.summary != "" {
		return []key.Binding{cardUndoKeys.confirm, cardUndoKeys.no}
	}
	return []key.Binding{cardUndoKeys.check, kit.FieldKeys.Next, kit.FieldKeys.Choose}
}

// HandleEsc drops a pending confirmation before leaving the page.
func (u *CardUndo) HandleEsc() (kit.Screen, tea.Cmd, bool) {
	if u.summary != "" {
		u.summary = ""
		return u, nil, true
	}
	return u, nil, false
}

// chosen is the carnet the choice field shows.
func (u *CardUndo) chosen() domain.Carnet {
	n := u.form.Fields[0].Value()
	for _, c := range u.carnets {
		if c.Number == n {
			return c
		}
	}
	return u.carnets[0]
}

func (u *CardUndo) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case undoApplied:
		u.busy, u.summary = false, ""
		if msg.err != nil {
			return u, kit.Fail(msg.err)
		}
		return u, tea.Batch(kit.Pop, kit.Status(msg.done))
	case tea.KeyPressMsg:
		if u.summary != "" {
			switch {
			case key.Matches(msg, cardUndoKeys.confirm):
				return u, u.apply()
			case key.Matches(msg, cardUndoKeys.no):
				u.summary = ""
			}
			return u, nil
		}
		if key.Matches(msg, cardUndoKeys.check) {
			if !u.form.Last() {
				return u, u.form.Move(1)
			}
			return u, u.check()
		}
	}
	if u.summary == "" {
		cmd, _ := u.form.Update(msg)
		return u, cmd
	}
	return u, nil
}

// check validates the reason and writes what will change; nothing is written yet.
func (u *CardUndo) check() tea.Cmd {
	reason, err := domain.ValidateReason(u.form.Fields[1].Value())
	if err != nil {
		cmd, _ := u.form.Blame(err)
		return tea.Batch(cmd, kit.Fail(err))
	}
	c, name := u.chosen(), u.person.DisplayName()
	u.reason = reason
	if u.kind == undoLost {
		left := len(c.Cheques) - usedCount(c)
		u.summary = fmt.Sprintf("Le carnet %s %s sera déclaré perdu : %s, les chèques déjà utilisés restent payés. Motif : « %s ».",
			c.Number, domain.OfName(name), domain.Plural(left, "chèque non utilisé sera annulé", "chèques non utilisés seront annulés"), reason)
		return nil
	}
	u.summary = fmt.Sprintf("La remise du carnet %s à %s sera annulée : il revient dans le stock %s et ses chèques ne seront plus acceptés. Motif : « %s ».",
		c.Number, name, domain.OfName(u.env.PrescriberName(c.Prescriber)), reason)
	return nil
}

func (u *CardUndo) apply() tea.Cmd {
	if u.busy {
		return nil
	}
	u.busy = true
	env, kind, c, personID, reason := u.env, u.kind, u.chosen(), u.person.ID, u.reason
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		if kind == undoLost {
			if err := env.Store.DeclareLost(ctx, env.User, c.Number, personID, reason); err != nil {
				return undoApplied{err: err}
			}
			done := fmt.Sprintf("Carnet %s déclaré perdu : %s.", c.Number, domain.Plural(len(c.Cheques)-usedCount(c), "chèque annulé", "chèques annulés"))
			if prog, ok := envProgramme(env, c.Programme); ok {
				done += " " + domain.CapitalFirst(prog.Limits.Lost.Text(prog.Name)) + "."
			}
			return undoApplied{done: done}
		}
		back, err := env.Store.CancelHandover(ctx, env.User, c.Number, reason)
		if err != nil {
			return undoApplied{err: err}
		}
		return undoApplied{done: fmt.Sprintf("Carnet %s revenu dans le stock %s.", back.Number, domain.OfName(env.PrescriberName(back.Prescriber)))}
	}
}

// SetSize is given the size the page is drawn at after every message (kit.Sized): the fields
// take the width here, in Update, not while drawing.
func (u *CardUndo) SetSize(w, h int) { u.form.SetWidth(w) }

func (u *CardUndo) View(w, h int) string {
	c := u.chosen()
	var b strings.Builder
	var intro string
	if u.kind == undoLost {
		intro = fmt.Sprintf("Carnet perdu par %s : ses chèques non utilisés ne seront plus acceptés.", u.person.DisplayName())
		if prog, ok := envProgramme(u.env, c.Programme); ok {
			intro += " " + domain.CapitalFirst(prog.Limits.Lost.Text(prog.Name)) + "."
		}
	} else {
		intro = fmt.Sprintf("Remise faite par erreur aujourd'hui à %s : le carnet revient dans le stock %s, sans compter pour la personne.",
			u.person.DisplayName(), domain.OfName(u.env.PrescriberName(c.Prescriber)))
	}
	b.WriteString(kit.Wrap(intro, w) + "\n\n")
	issued := ""
	if !c.IssuedAt.IsZero() {
		issued = " le " + localTime(u.env, c.IssuedAt).Format("02/01/2006")
	}
	used := "aucun chèque utilisé"
	if n := usedCount(c); n > 0 {
		used = fmt.Sprintf("%s sur %d", domain.Plural(n, "chèque utilisé", "chèques utilisés"), len(c.Cheques))
	}
	b.WriteString(kit.StyleMuted.Render(kit.Wrap(fmt.Sprintf("Carnet %s remis%s · %s", c.Number, issued, used), w)) + "\n\n")
	b.WriteString(u.form.View(w))
	if u.summary != "" {
		b.WriteString("\n" + kit.Wrap(u.summary, w) + "\n\n" + kit.StyleWarn.Render("Confirmer ? o : oui · n ou esc : modifier"))
	}
	return b.String()
}
