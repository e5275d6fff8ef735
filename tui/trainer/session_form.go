package trainer

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/store"
	"passnum/tui/kit"
)

var sessionFormKeys = struct {
	save, enter, saveEdit, enterEdit key.Binding
}{
	save:      key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "créer la séance")),
	enter:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "suivant (crée au dernier champ)")),
	saveEdit:  key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "enregistrer la correction")),
	enterEdit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "suivant (enregistre au dernier champ)")),
}

// SessionForm creates a session at the trainer's place; once created, its attendance sheet
// opens in its place. The same form corrects a session from « Mes séances » until its sheet is
// closed (editing set): title, theme, day, start, duration and capacity.
type SessionForm struct {
	env     *kit.Env
	editing domain.Session // the session corrected; zero ID when creating
	place   string         // the place's name, once read
	fs      kit.FieldSet
	title   *kit.Field
	typ     *kit.Field
	theme   *kit.Field
	level   *kit.Field
	date    *kit.Field
	start   *kit.Field
	length  *kit.Field
	cap     *kit.Field
	equip   *kit.Field
	saving  bool
}

type sessionCreated struct {
	s   domain.Session
	err error
}

// sessionSaved is a correction written (or refused).
type sessionSaved struct {
	s   domain.Session
	err error
}

type sessionFormPlace struct{ name string }

// NewSessionEditForm opens the form on a session to correct it; the type, level and equipment
// stay as they are (a different kind of session is a new session).
func NewSessionEditForm(env *kit.Env, sess domain.Session) *SessionForm {
	start := sess.Start.Local()
	theme := "E-mail"
	if len(sess.Themes) > 0 {
		theme = sess.Themes[0]
	}
	f := newSessionForm(env, sessionValues{title: sess.Title, typ: string(sess.Type), theme: theme, date: start.Format("02/01/2006"),
		start: start.Format("15:04"), length: strconv.Itoa(sess.DurationMinutes), capacity: strconv.Itoa(sess.Capacity)})
	f.editing = sess
	f.fs.Fields = []*kit.Field{f.title, f.theme, f.date, f.start, f.length, f.cap}
	return f
}

// NewSessionForm opens an empty session form with the likeliest values: today, the next full
// hour, the longest session the programme pays for (up to 1 h 30), 8 places, computers.
func NewSessionForm(env *kit.Env) *SessionForm {
	now := env.Now().Local()
	length := 90
	if m := env.Programme().MaxSessionMinutes; m > 0 && m < length {
		length = m
	}
	return newSessionForm(env, sessionValues{typ: string(domain.SessionCollective), theme: "E-mail", date: now.Format("02/01/2006"),
		start: now.Truncate(time.Hour).Add(time.Hour).Format("15:04"), length: strconv.Itoa(length), capacity: "8"})
}

// sessionValues are what the form's fields start with.
type sessionValues struct {
	title, typ, theme, date, start, length, capacity string
}

func newSessionForm(env *kit.Env, v sessionValues) *SessionForm {
	f := &SessionForm{env: env}
	f.title = kit.TextField("Titre", "Ce que les personnes apprendront, ex. « Créer son adresse e-mail ».", "titre :", v.title, domain.MaxTitleLength)
	f.typ = kit.ChoiceField("Type", "Atelier collectif, ou accompagnement individuel d'une personne.", "type :",
		[]string{string(domain.SessionCollective), string(domain.SessionIndividual)}, v.typ)
	f.theme = kit.ChoiceField("Thème", "←/→ ou première lettre : le thème principal, dans le vocabulaire de la Coop.", "thème :", domain.CoopThemes, v.theme)
	f.level = kit.ChoiceField("Niveau", "Niveau de l'atelier.", "niveau :", domain.CoopLevels, domain.CoopLevels[0])
	f.date = kit.TextField("Date", "JJ/MM/AAAA.", "date :", v.date, 10)
	f.start = kit.TextField("Début", "HH:MM, ex. 14:00 ou 14h.", "début :", v.start, 5)
	f.length = kit.TextField("Durée (min)", durationHint(env.Programme().MaxSessionMinutes), "durée :", v.length, 3)
	f.cap = kit.TextField("Capacité", "Nombre de places.", "capacité :", v.capacity, 3)
	f.equip = kit.ChoiceField("Matériel", "Le matériel utilisé pendant la séance.", "matériel :", domain.CoopEquipment, "Ordinateur")
	collective := func() bool { return f.typ.Value() == string(domain.SessionCollective) }
	f.level.Hidden = func() bool { return !collective() }
	f.cap.Hidden = f.level.Hidden
	f.fs.Fields = []*kit.Field{f.title, f.typ, f.theme, f.level, f.date, f.start, f.length, f.cap, f.equip}
	return f
}

// durationHint says what the programme pays for, before the trainer types a length it refuses.
func durationHint(max int) string {
	if max <= 0 {
		return "En minutes."
	}
	return "En minutes. Le programme paie des séances de " + strconv.Itoa(max) + " min au plus."
}

func (f *SessionForm) Title() string {
	if f.editing.ID != "" {
		return "Corriger la séance " + f.editing.ID
	}
	return "Nouvelle séance"
}

func (f *SessionForm) Keys() []key.Binding {
	save, enter := sessionFormKeys.save, sessionFormKeys.enter
	if f.editing.ID != "" {
		save, enter = sessionFormKeys.saveEdit, sessionFormKeys.enterEdit
	}
	return []key.Binding{save, kit.FieldKeys.Next, kit.FieldKeys.Choose, kit.FieldKeys.Prev, enter}
}

func (f *SessionForm) Typing() bool { return f.fs.Typing() }

func (f *SessionForm) Init() tea.Cmd {
	env := f.env
	return tea.Batch(f.fs.Focus(f.fs.Current), func() tea.Msg { return sessionFormPlace{placeName(env)} })
}

// placeName is the name of the trainer's place, its id when it cannot be read: a title says
// « PIMMS de Creil », not « pimms-creil ». Called from a command (it reads the ledger).
func placeName(env *kit.Env) string {
	if env.User.Place == "" {
		return ""
	}
	ctx, cancel := env.Context()
	defer cancel()
	if p, err := env.Store.Place(ctx, env.User.Place); err == nil && p.Name != "" {
		return p.Name
	}
	return env.User.Place
}

func (f *SessionForm) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sessionFormPlace:
		f.place = msg.name
		return f, nil
	case sessionSaved:
		f.saving = false
		if msg.err != nil {
			cmd, _ := f.fs.Blame(msg.err)
			return f, tea.Batch(cmd, kit.Fail(msg.err))
		}
		return f, tea.Batch(kit.Pop, kit.Status("Séance "+msg.s.ID+" corrigée : "+domain.DurationLabel(msg.s.DurationMinutes)+", "+
			domain.Plural(msg.s.Capacity, "place", "places")+"."))
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
	if f.editing.ID != "" {
		id, title, start, length := f.editing.ID, s.Title, s.Start, s.DurationMinutes
		e := store.SessionEdit{Title: &title, Themes: s.Themes, Start: &start, DurationMinutes: &length}
		if s.Type == domain.SessionCollective {
			e.Capacity = &s.Capacity
		}
		return func() tea.Msg {
			ctx, cancel := env.Context()
			defer cancel()
			got, err := env.Store.UpdateSession(ctx, env.User, id, e)
			return sessionSaved{got, err}
		}
	}
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		got, err := env.Store.CreateSession(ctx, env.User, s)
		return sessionCreated{got, err}
	}
}

// SetSize is given the size the page is drawn at after every message (kit.Sized): the fields
// take the width here, in Update, not while drawing.
func (f *SessionForm) SetSize(w, h int) { f.fs.SetWidth(w) }

func (f *SessionForm) View(w, h int) string {
	var b strings.Builder
	place := f.place
	if place == "" {
		place = f.env.User.Place
	}
	b.WriteString(kit.StyleMuted.Render("Lieu : "+place) + "\n")
	if f.editing.ID != "" {
		b.WriteString(kit.StyleMuted.Render(kit.Wrap("Corrigeable tant que la feuille n'est pas close ; le type, le niveau et le matériel ne changent pas.", w)) + "\n")
	}
	b.WriteString("\n")
	b.WriteString(f.fs.View(w))
	return b.String()
}
