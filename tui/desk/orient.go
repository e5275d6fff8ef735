package desk

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/kit"
)

var orientKeys = struct {
	save, withdraw key.Binding
}{
	save:     key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "orienter")),
	withdraw: key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", "retirer une orientation faite par erreur")),
}

// Orient sends a person to a place with a note for it (Aulnoye-Aymeries: Pôle emploi prepares
// the welcome with the centre social). The places the diagnostic recommended come first; any
// other place may be chosen. The place's trainers then see the person announced.
type Orient struct {
	env         *kit.Env
	person      domain.Person
	recommended []domain.Recommendation
	ids, names  []string // the places of the choice field, ids and names in its order
	fs          kit.FieldSet
	place, note *kit.Field
	loaded      bool
	saving      bool // a save is on its way: another key must not record the orientation twice
	// withdrawable are the person's orientations this desk may still take back (the same day).
	withdrawable []domain.Referral
}

type orientPlaces struct {
	places       []domain.Place
	withdrawable []domain.Referral
	err          error
}

type oriented struct {
	r   domain.Referral
	err error
}

// NewOrient opens the orientation of a person; recommended are the diagnostic's places, in
// their order (none when the desk orients from the card).
func NewOrient(env *kit.Env, p domain.Person, recommended []domain.Recommendation) *Orient {
	return &Orient{env: env, person: p, recommended: recommended}
}

func (o *Orient) Title() string { return "Orienter " + o.person.DisplayName() + " vers un lieu" }

func (o *Orient) Keys() []key.Binding {
	ks := []key.Binding{orientKeys.save, kit.FieldKeys.Choose, kit.FieldKeys.Next}
	if len(o.withdrawable) > 0 {
		ks = append(ks, orientKeys.withdraw)
	}
	return ks
}

func (o *Orient) Typing() bool { return o.loaded && o.fs.Typing() }

func (o *Orient) Init() tea.Cmd {
	env, pid := o.env, o.person.ID
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		places, err := env.Store.Places(ctx)
		if err != nil {
			return orientPlaces{err: err}
		}
		w, err := env.Store.WithdrawableReferrals(ctx, env.User, pid)
		return orientPlaces{places, w, err}
	}
}

func (o *Orient) build(places []domain.Place) tea.Cmd {
	seen := map[string]bool{}
	add := func(id, name string) {
		if seen[name] { // two places of one name: the id tells them apart
			name += " (" + id + ")"
		}
		seen[id], seen[name] = true, true
		o.ids, o.names = append(o.ids, id), append(o.names, name)
	}
	for _, r := range o.recommended {
		add(r.PlaceID, r.Name+" (conseillé)")
	}
	for _, p := range places {
		if !seen[p.ID] {
			add(p.ID, p.Name)
		}
	}
	o.loaded = true
	if len(o.names) == 0 {
		return nil
	}
	o.place = kit.ChoiceField("Lieu", "←/→ ou l'initiale pour changer de lieu ; les lieux conseillés par le diagnostic viennent d'abord.", "lieu :", o.names, o.names[0])
	o.note = kit.TextField("Note pour le lieu", "Ce que le lieu doit savoir pour préparer l'accueil (facultatif).", "note pour le lieu :", "", domain.ReferralNoteMax)
	o.fs = kit.FieldSet{Fields: []*kit.Field{o.place, o.note}}
	return o.fs.Focus(0)
}

// chosen is the id of the place chosen and whether the diagnostic recommended it.
func (o *Orient) chosen() (string, bool) {
	for i, n := range o.names {
		if n == o.place.Value() {
			return o.ids[i], i < len(o.recommended)
		}
	}
	return "", false
}

func (o *Orient) save() tea.Cmd {
	if o.saving {
		return nil
	}
	o.saving = true
	env, pid, note := o.env, o.person.ID, o.note.Value()
	place, fromDiag := o.chosen()
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		r, err := env.Store.OrientPerson(ctx, env.User, pid, place, note, fromDiag)
		return oriented{r, err}
	}
}

func (o *Orient) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case orientPlaces:
		if msg.err != nil {
			return o, kit.Fail(msg.err)
		}
		o.withdrawable = msg.withdrawable
		return o, o.build(msg.places)
	case oriented:
		o.saving = false
		if msg.err != nil {
			if cmd, ok := o.fs.Blame(msg.err); ok {
				return o, tea.Batch(cmd, kit.Fail(msg.err))
			}
			return o, kit.Fail(msg.err)
		}
		text := "Orientation de " + msg.r.PersonName + " vers " + msg.r.PlaceName + " enregistrée : le lieu la voit dans « personnes orientées vers nous »."
		return o, tea.Batch(kit.Pop, kit.Status(text))
	case tea.KeyPressMsg:
		if !o.loaded || o.place == nil {
			return o, nil
		}
		switch {
		case key.Matches(msg, orientKeys.save):
			return o, o.save()
		case key.Matches(msg, orientKeys.withdraw) && len(o.withdrawable) > 0:
			return o, kit.Replace(NewUnorient(o.env, o.person, o.withdrawable)) // esc goes back to the card
		case msg.String() == "enter":
			if o.fs.Last() {
				return o, o.save()
			}
			return o, o.fs.Move(1)
		}
		cmd, _ := o.fs.Update(msg)
		return o, cmd
	}
	return o, nil
}

// SetSize is given the size the page is drawn at after every message (kit.Sized): the fields
// take the width here, in Update, not while drawing.
func (o *Orient) SetSize(w, h int) { o.fs.SetWidth(w) }

func (o *Orient) View(w, h int) string {
	switch {
	case !o.loaded:
		return kit.StyleMuted.Render("Chargement des lieux…")
	case o.place == nil:
		return kit.StyleMuted.Render(kit.Wrap("Aucun lieu enregistré : la coordination importe les lieux (passnum places import).", w))
	}
	var b strings.Builder
	b.WriteString(kit.Wrap("Le lieu choisi verra "+o.person.DisplayName()+" parmi les personnes orientées vers lui, avec votre note, et vous renverra son bilan de parcours.", w) + "\n\n")
	b.WriteString(o.fs.View(w))
	if n := len(o.withdrawable); n > 0 {
		places := make([]string, n)
		for i, r := range o.withdrawable {
			places[i] = r.PlaceName
		}
		b.WriteString("\n" + kit.Wrap("Déjà orientée aujourd'hui vers "+strings.Join(places, ", ")+" : ctrl+x pour retirer une orientation faite par erreur.", w))
	}
	b.WriteString("\n" + kit.StyleMuted.Render("ctrl+s ou entrée sur la note : orienter · échap : annuler"))
	return b.String()
}
