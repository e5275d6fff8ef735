// Package trainer holds the formateur's pages: the home with the sessions of their place, the
// session form, the attendance sheet and its panels (anonymous participant, follow-up,
// cancelled redemption), the people sent to the place and their bilan de parcours, the
// prescriber's bilan and the monthly claims.
package trainer

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/kit"
)

var trainerKeys = struct {
	up, down, open, edit, newSession, bilan, claims, lookup key.Binding
}{
	edit:       key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "corriger")),
	up:         key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "choisir")),
	down:       key.NewBinding(key.WithKeys("down")),
	open:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "ouvrir")),
	newSession: key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "nouvelle séance")),
	bilan:      key.NewBinding(key.WithKeys("ctrl+b"), key.WithHelp("ctrl+b", "bilan prescripteur")),
	claims:     key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "remboursements")),
	lookup:     key.NewBinding(key.WithKeys("ctrl+f"), key.WithHelp("ctrl+f", "recherche rapide")),
}

// trainerActions are the trainer's menu, under their sessions.
var trainerActions = []kit.MenuAction{
	{Label: "Nouvelle séance", Open: func(env *kit.Env) tea.Cmd { return kit.Push(NewSessionForm(env)) }},
	{Label: "Bilan pour un prescripteur", Open: func(env *kit.Env) tea.Cmd { return kit.Push(NewBilan(env)) }},
	{Label: "Remboursements (contre-paiement du mois)", Open: func(env *kit.Env) tea.Cmd { return kit.Push(NewClaims(env)) }},
	{Label: "Recherche rapide (chèque, carnet, personne, lieu)", Open: func(*kit.Env) tea.Cmd { return kit.OpenLookup("") }},
	{Label: "Personnes orientées vers nous (bilan de parcours)", Open: func(env *kit.Env) tea.Cmd { return kit.Push(NewReferrals(env)) }},
}

// Home is the formateur's first screen: the sessions of their place today and this week,
// each opening its attendance sheet, the past month's (for a follow-up entered the next day),
// then what else a trainer does.
type Home struct {
	env       *kit.Env
	place     string
	placeName string
	sessions  []domain.Session
	past      []domain.Session // the last 30 days, most recent first
	cursor    int              // over sessions, past sessions, then actions
	loaded    bool
}

type trainerSessions struct {
	list, past []domain.Session
	placeName  string
	err        error
}

// PastDays is how far back « Mes séances » lists past sessions.
const PastDays = 30

// pastShown is how many past sessions the home lists; the oldest are reached with
// passnum sessions list --date.
const pastShown = 6

// NewHome builds the trainer's home for the user's place.
func NewHome(env *kit.Env) *Home {
	return &Home{env: env, place: env.User.Place}
}

func (h *Home) Title() string {
	if h.placeName != "" {
		return "Mes séances — " + h.placeName
	}
	return "Mes séances"
}

// PlaceName is the name of the trainer's place once read ("" before): the root's header may
// name it.
func (h *Home) PlaceName() string { return h.placeName }

func (h *Home) Keys() []key.Binding {
	return []key.Binding{trainerKeys.open, trainerKeys.edit, trainerKeys.newSession, trainerKeys.bilan, trainerKeys.claims, trainerKeys.lookup, trainerKeys.up}
}

// Init reloads the sessions: coming back from a sheet shows its new counts.
func (h *Home) Init() tea.Cmd {
	env, place := h.env, h.place
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		from := domain.CalendarDay(env.Now())
		list, err := env.Store.SessionsOn(ctx, place, from, from.AddDate(0, 0, 7))
		if err != nil {
			return trainerSessions{err: err}
		}
		past, err := env.Store.SessionsOn(ctx, place, from.AddDate(0, 0, -PastDays), from)
		for i, j := 0, len(past)-1; i < j; i, j = i+1, j-1 {
			past[i], past[j] = past[j], past[i]
		}
		return trainerSessions{list: list, past: past, placeName: placeName(env), err: err}
	}
}

func (h *Home) shownPast() []domain.Session { return h.past[:min(len(h.past), pastShown)] }

func (h *Home) items() int { return len(h.sessions) + len(h.shownPast()) + len(trainerActions) }

// session is the session under the cursor, if it is on one.
func (h *Home) session() (domain.Session, bool) {
	switch past := h.shownPast(); {
	case h.cursor < len(h.sessions):
		return h.sessions[h.cursor], true
	case h.cursor < len(h.sessions)+len(past):
		return past[h.cursor-len(h.sessions)], true
	}
	return domain.Session{}, false
}

func (h *Home) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case trainerSessions:
		if msg.err != nil {
			return h, kit.Fail(msg.err)
		}
		h.sessions, h.past, h.placeName, h.loaded = msg.list, msg.past, msg.placeName, true
		h.cursor = min(h.cursor, h.items()-1)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, trainerKeys.up):
			h.cursor = max(h.cursor-1, 0)
		case key.Matches(msg, trainerKeys.down):
			h.cursor = min(h.cursor+1, h.items()-1)
		case key.Matches(msg, trainerKeys.newSession):
			return h, kit.Push(NewSessionForm(h.env))
		case key.Matches(msg, trainerKeys.bilan):
			return h, kit.Push(NewBilan(h.env))
		case key.Matches(msg, trainerKeys.claims):
			return h, kit.Push(NewClaims(h.env))
		case key.Matches(msg, trainerKeys.lookup):
			return h, kit.OpenLookup("") // a desk page: the root opens it (see kit.OpenLookupMsg)
		case key.Matches(msg, trainerKeys.edit):
			sess, ok := h.session()
			switch {
			case !ok:
				return h, kit.Status("Choisissez d'abord une séance avec ↑/↓, puis e pour la corriger.")
			case sess.Closed() || sess.Redeemed > 0: // the store refuses it too
				return h, func() tea.Msg {
					return kit.StatusMsg{Text: "Séance " + sess.ID + " close : ses chèques sont encaissés, elle ne se corrige plus.", Err: true}
				}
			}
			return h, kit.Push(NewSessionEditForm(h.env, sess))
		case key.Matches(msg, trainerKeys.open):
			if sess, ok := h.session(); ok {
				return h, kit.Push(NewSheet(h.env, sess.ID))
			}
			return h, trainerActions[h.cursor-len(h.sessions)-len(h.shownPast())].Open(h.env)
		}
	}
	return h, nil
}

func (h *Home) View(w, ht int) string {
	var b strings.Builder
	today := domain.CalendarDay(h.env.Now())
	if banner := kit.CalendarBanner(h.env, w); banner != "" {
		b.WriteString(banner + "\n")
	}
	b.WriteString(kit.StyleBold.Render("Séances d'aujourd'hui et des 7 jours à venir") + "\n")
	switch {
	case !h.loaded:
		b.WriteString(kit.StyleMuted.Render("  Chargement…") + "\n")
	case len(h.sessions) == 0:
		b.WriteString(kit.StyleMuted.Render("  Aucune séance prévue : ctrl+n pour en créer une.") + "\n")
	}
	for i, s := range h.sessions {
		b.WriteString(kit.CursorLine(i == h.cursor, sessionLine(s, today)) + "\n")
	}
	past := h.shownPast()
	if len(past) > 0 {
		b.WriteString("\n" + kit.StyleBold.Render(fmt.Sprintf("Séances passées (%d derniers jours) : suivi à compléter", PastDays)) + "\n")
		for i, s := range past {
			b.WriteString(kit.CursorLine(len(h.sessions)+i == h.cursor, sessionLine(s, today)) + "\n")
		}
		if more := len(h.past) - len(past); more > 0 {
			b.WriteString(kit.StyleMuted.Render(fmt.Sprintf("  … et %s (passnum sessions list --date JJ/MM/AAAA)", domain.Plural(more, "plus ancienne", "plus anciennes"))) + "\n")
		}
	}
	b.WriteString("\n" + kit.StyleBold.Render("Que voulez-vous faire ?") + "\n")
	for i, a := range trainerActions {
		b.WriteString(kit.CursorLine(len(h.sessions)+len(past)+i == h.cursor, a.Label) + "\n")
	}
	return b.String()
}

// sessionLine is a session in a list: when, id, title, and how full its sheet is.
func sessionLine(s domain.Session, today time.Time) string {
	start := s.Start.Local()
	day := start.Format("02/01")
	if domain.CalendarDay(start).Equal(today) {
		day = "auj. "
	}
	title := s.Title
	if title == "" {
		title = "Accompagnement individuel"
	}
	return fmt.Sprintf("%s %s  %-4s %-30s %d/%d présents · %s", day, start.Format("15:04"), s.ID,
		kit.Truncate(title, 30), s.Present, s.Capacity, domain.Plural(s.Redeemed, "chèque", "chèques"))
}

// Scanned opens the quick lookup on a chèque or carnet scanned on the sessions list
// (kit.ScanTarget): the card says its state and where it can be used.
func (h *Home) Scanned(number string) tea.Cmd { return kit.OpenLookup(number) }
