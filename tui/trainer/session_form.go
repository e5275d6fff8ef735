package trainer

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/kit"
)

var sessionFormKeys = struct {
	save, enter key.Binding
}{
	save:  key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "créer la séance")),
	enter: key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "suivant (crée au dernier champ)")),
}

// SessionForm creates a session at the trainer's place; once created, its attendance sheet
// opens in its place.
type SessionForm struct {
	env    *kit.Env
	fs     kit.FieldSet
	title  *kit.Field
	typ    *kit.Field
	theme  *kit.Field
	level  *kit.Field
	date   *kit.Field
	start  *kit.Field
	length *kit.Field
	cap    *kit.Field
	equip  *kit.Field
	saving bool
}

type sessionCreated struct {
	s   domain.Session
	err error
}

// NewSessionForm opens an empty session form with the likeliest values: today, the next full
// hour, the longest session the programme pays for (up to 1 h 30), 8 places, computers.
func NewSessionForm(env *kit.Env) *SessionForm {
	now := env.Now().Local()
	length := 90
	if m := env.Programme().MaxSessionMinutes; m > 0 && m < length {
		length = m
	}
	f := &SessionForm{env: env}
	f.title = kit.TextField("Titre", "Ce que les personnes apprendront, ex. « Créer son adresse e-mail ».", "titre :", "", domain.MaxTitleLength)
	f.typ = kit.ChoiceField("Type", "Atelier collectif, ou accompagnement individuel d'une personne.", "type :",
		[]string{string(domain.SessionCollective), string(domain.SessionIndividual)}, string(domain.SessionCollective))
	f.theme = kit.ChoiceField("Thème", "←/→ ou première lettre : le thème principal, dans le vocabulaire de la Coop.", "thème :", domain.CoopThemes, "E-mail")
	f.level = kit.ChoiceField("Niveau", "Niveau de l'atelier.", "niveau :", domain.CoopLevels, domain.CoopLevels[0])
	f.date = kit.TextField("Date", "JJ/MM/AAAA.", "date :", now.Format("02/01/2006"), 10)
	f.start = kit.TextField("Début", "HH:MM, ex. 14:00 ou 14h.", "début :", now.Truncate(time.Hour).Add(time.Hour).Format("15:04"), 5)
	f.length = kit.TextField("Durée (min)", "En minutes. Le programme paie des séances de "+strconv.Itoa(env.Programme().MaxSessionMinutes)+" min au plus.", "durée :", strconv.Itoa(length), 3)
	f.cap = kit.TextField("Capacité", "Nombre de places.", "capacité :", "8", 3)
	f.equip = kit.ChoiceField("Matériel", "Le matériel utilisé pendant la séance.", "matériel :", domain.CoopEquipment, "Ordinateur")
	collective := func() bool { return f.typ.Value() == string(domain.SessionCollective) }
	f.level.Hidden = func() bool { return !collective() }
	f.cap.Hidden = f.level.Hidden
	f.fs.Fields = []*kit.Field{f.title, f.typ, f.theme, f.level, f.date, f.start, f.length, f.cap, f.equip}
	return f
}

func (f *SessionForm) Title() string { return "Nouvelle séance" }

func (f *SessionForm) Keys() []key.Binding {
	return []key.Binding{kit.FieldKeys.Next, kit.FieldKeys.Choose, sessionFormKeys.save, kit.FieldKeys.Prev, sessionFormKeys.enter}
}

func (f *SessionForm) Typing() bool { return f.fs.Typing() }

func (f *SessionForm) Init() tea.Cmd { return f.fs.Focus(f.fs.Current) }

func (f *SessionForm) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sessionCreated:
		f.saving = false
		if msg.err != nil {
			cmd, _ := f.fs.Blame(msg.err)
			return f, tea.Batch(cmd, kit.Fail(msg.err))
		}
		return f, tea.Batch(kit.Replace(NewSheet(f.env, msg.s.ID)), kit.Status("Séance "+msg.s.ID+" créée : scannez les chèques des participants."))
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, sessionFormKeys.save):
			return f, f.save()
		case key.Matches(msg, sessionFormKeys.enter):
			if f.fs.Last() {
				return f, f.save()
			}
			return f, f.fs.Move(1)
		}
	}
	cmd, _ := f.fs.Update(msg)
	return f, cmd
}

// session reads the form; the domain checks the rest field by field.
func (f *SessionForm) session() (domain.Session, error) {
	s := domain.Session{Place: f.env.User.Place, Title: f.title.Value(), Type: domain.SessionType(f.typ.Value()),
		Themes: []string{f.theme.Value()}, Equipment: []string{f.equip.Value()}}
	if s.Type == domain.SessionCollective {
		s.Level = f.level.Value()
		n, err := strconv.Atoi(f.cap.Value())
		if err != nil {
			return s, domain.Errorf(domain.KindInvalid, "capacité : %q n'est pas un nombre de places (ex. 8)", f.cap.Value())
		}
		s.Capacity = n
	}
	day, err := domain.ParseDate("date", f.date.Value())
	if err != nil {
		return s, err
	}
	h, m, err := domain.ParseClock("début", f.start.Value())
	if err != nil {
		return s, err
	}
	y, mo, d := day.Date()
	s.Start = time.Date(y, mo, d, h, m, 0, 0, time.Local)
	if s.DurationMinutes, err = strconv.Atoi(strings.TrimSpace(f.length.Value())); err != nil {
		return s, domain.Errorf(domain.KindInvalid, "durée : %q n'est pas un nombre de minutes (ex. 90)", f.length.Value())
	}
	return s, nil
}

func (f *SessionForm) save() tea.Cmd {
	if f.saving {
		return nil
	}
	s, err := f.session()
	if err != nil {
		cmd, _ := f.fs.Blame(err)
		return tea.Batch(cmd, kit.Fail(err))
	}
	f.saving = true
	env := f.env
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		got, err := env.Store.CreateSession(ctx, env.User, s)
		return sessionCreated{got, err}
	}
}

func (f *SessionForm) View(w, h int) string {
	var b strings.Builder
	b.WriteString(kit.StyleMuted.Render("Lieu : "+f.env.User.Place) + "\n\n")
	b.WriteString(f.fs.View(w))
	return b.String()
}
