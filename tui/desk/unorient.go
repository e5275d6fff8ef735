package desk

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/kit"
)

var unorientKeys = struct {
	save key.Binding
}{
	save: key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "retirer l'orientation")),
}

// Unorient takes back an orientation made by mistake (the wrong place, the wrong person), with
// its reason: the place then no longer sees the person as sent to it. The desk may do it the
// day it oriented; the choice lists only those (store.WithdrawableReferrals).
type Unorient struct {
	env            *kit.Env
	person         domain.Person
	referrals      []domain.Referral
	names          []string // the choices, in referrals' order
	fs             kit.FieldSet
	choice, reason *kit.Field
	saving         bool
}

type unoriented struct {
	r         domain.Referral
	remaining int
	err       error
}

// NewUnorient opens the withdrawal of one of referrals, the person's orientations this desk
// may still take back.
func NewUnorient(env *kit.Env, p domain.Person, referrals []domain.Referral) *Unorient {
	u := &Unorient{env: env, person: p, referrals: referrals}
	names := make([]string, len(referrals))
	for i, r := range referrals {
		names[i] = r.PlaceName + " (orientée à " + r.At.Local().Format("15:04") + ")"
	}
	u.names = names
	u.choice = kit.ChoiceField("Orientation", "←/→ pour choisir l'orientation à retirer.", "orientation :", names, names[0])
	u.reason = kit.TextField("Motif", "Pourquoi l'orientation est retirée : « erreur de lieu », « mauvaise personne »… (obligatoire, gardé au dossier).", "motif :", "", domain.ReferralNoteMax)
	u.fs = kit.FieldSet{Fields: []*kit.Field{u.choice, u.reason}}
	return u
}

func (u *Unorient) Title() string { return "Retirer une orientation de " + u.person.DisplayName() }

func (u *Unorient) Keys() []key.Binding {
	return []key.Binding{unorientKeys.save, kit.FieldKeys.Choose, kit.FieldKeys.Next}
}

func (u *Unorient) Typing() bool { return u.fs.Typing() }

func (u *Unorient) Init() tea.Cmd { return u.fs.Focus(0) }

func (u *Unorient) chosen() domain.Referral {
	for i, n := range u.names {
		if n == u.choice.Value() {
			return u.referrals[i]
		}
	}
	return u.referrals[0]
}

func (u *Unorient) save() tea.Cmd {
	if u.saving {
		return nil
	}
	u.saving = true
	env, pid, place, reason := u.env, u.person.ID, u.chosen().Place, u.reason.Value()
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		r, remaining, err := env.Store.WithdrawOrientation(ctx, env.User, pid, place, reason)
		return unoriented{r, remaining, err}
	}
}

func (u *Unorient) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case unoriented:
		u.saving = false
		if msg.err != nil {
			if cmd, ok := u.fs.Blame(msg.err); ok {
				return u, tea.Batch(cmd, kit.Fail(msg.err))
			}
			return u, kit.Fail(msg.err)
		}
		return u, tea.Batch(kit.Pop, kit.Status(domain.WithdrawnText(msg.r, msg.remaining)))
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, unorientKeys.save):
			return u, u.save()
		case msg.String() == "enter":
			if u.fs.Last() {
				return u, u.save()
			}
			return u, u.fs.Move(1)
		}
		cmd, _ := u.fs.Update(msg)
		return u, cmd
	}
	return u, nil
}

// SetSize is given the size the page is drawn at after every message (kit.Sized).
func (u *Unorient) SetSize(w, h int) { u.fs.SetWidth(w) }

func (u *Unorient) View(w, h int) string {
	return kit.Wrap("Le lieu ne verra plus "+u.person.DisplayName()+" parmi les personnes orientées vers lui ; le dossier de la personne garde l'orientation, son retrait et le motif.", w) +
		"\n\n" + u.fs.View(w) + "\n" + kit.StyleMuted.Render("ctrl+s ou entrée sur le motif : retirer · échap : garder l'orientation")
}
