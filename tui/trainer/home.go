// Package trainer holds the formateur's pages: the home with the sessions of their place, the
// session form, the attendance sheet and its panels (anonymous participant, follow-up,
// cancelled redemption), the prescriber's bilan and the monthly claims.
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
	up, down, open, newSession, bilan, claims, lookup key.Binding
}{
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
}

// Home is the formateur's first screen: the sessions of their place today and this week,
// each opening its attendance sheet, then what else a trainer does.
type Home struct {
	env      *kit.Env
	place    string
	sessions []domain.Session
	cursor   int // over sessions then actions
	loaded   bool
}

type trainerSessions struct {
	list []domain.Session
	err  error
}

// NewHome builds the trainer's home for the user's place.
func NewHome(env *kit.Env) *Home {
	return &Home{env: env, place: env.User.Place}
}

func (h *Home) Title() string { return "Mes séances" }

func (h *Home) Keys() []key.Binding {
	return []key.Binding{trainerKeys.open, trainerKeys.newSession, trainerKeys.bilan, trainerKeys.claims, trainerKeys.lookup, trainerKeys.up}
}

// Init reloads the sessions: coming back from a sheet shows its new counts.
func (h *Home) Init() tea.Cmd {
	env, place := h.env, h.place
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		from := domain.CalendarDay(env.Now())
		list, err := env.Store.SessionsOn(ctx, place, from, from.AddDate(0, 0, 7))
		return trainerSessions{list, err}
	}
}

func (h *Home) items() int { return len(h.sessions) + len(trainerActions) }

func (h *Home) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case trainerSessions:
		if msg.err != nil {
			return h, kit.Fail(msg.err)
		}
		h.sessions, h.loaded = msg.list, true
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
		case key.Matches(msg, trainerKeys.open):
			if h.cursor < len(h.sessions) {
				return h, kit.Push(NewSheet(h.env, h.sessions[h.cursor].ID))
			}
			return h, trainerActions[h.cursor-len(h.sessions)].Open(h.env)
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
	b.WriteString("\n" + kit.StyleBold.Render("Que voulez-vous faire ?") + "\n")
	for i, a := range trainerActions {
		b.WriteString(kit.CursorLine(len(h.sessions)+i == h.cursor, a.Label) + "\n")
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
	return fmt.Sprintf("%s %s  %-4s %-30s %d/%d présents · %d chèque(s)", day, start.Format("15:04"), s.ID,
		kit.Truncate(title, 30), s.Present, s.Capacity, s.Redeemed)
}
