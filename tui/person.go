package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"passnum/domain"
	"passnum/store"
)

var personKeys = struct {
	edit, diag, handover, up, down, pgUp, pgDown key.Binding
}{
	edit:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "corriger")),
	diag:     key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "diagnostic")),
	handover: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "remise de carnet")),
	up:       key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "défiler")),
	down:     key.NewBinding(key.WithKeys("down")),
	pgUp:     key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pg↑/pg↓", "page précédente / suivante")),
	pgDown:   key.NewBinding(key.WithKeys("pgdown")),
}

// PersonScreen is the fiche personne: identity, eligibility criterion by criterion, carnets
// with their chèques, past diagnostics.
type PersonScreen struct {
	env     *Env
	id      int64
	p       *domain.Person
	carnets []domain.Carnet
	diags   []store.Diagnostic
	err     error
	offset  int // first line shown when the fiche is taller than the screen
	height  int // body height of the last View, to clamp scrolling between frames
}

type personLoaded struct {
	id      int64
	p       domain.Person
	carnets []domain.Carnet
	diags   []store.Diagnostic
	err     error
}

// NewPersonScreen opens the fiche of person id.
func NewPersonScreen(env *Env, id int64) Screen {
	return &PersonScreen{env: env, id: id}
}

func (s *PersonScreen) Title() string {
	if s.p == nil {
		return "Fiche personne"
	}
	return fmt.Sprintf("Fiche %s (n°%d)", ofName(letterPersonName(*s.p)), s.p.ID)
}

func (s *PersonScreen) Keys() []key.Binding {
	return []key.Binding{personKeys.edit, personKeys.diag, personKeys.handover, personKeys.up, personKeys.pgUp}
}

// Init reloads everything: the App calls it again when a form, a diagnostic or a hand-over
// closes, and the fiche must show what they changed.
func (s *PersonScreen) Init() tea.Cmd {
	env, id := s.env, s.id
	return func() tea.Msg {
		ctx, cancel := env.ctx()
		defer cancel()
		m := personLoaded{id: id}
		if m.p, m.err = env.Store.Person(ctx, id); m.err != nil {
			return m
		}
		if m.carnets, m.err = env.Store.PersonCarnets(ctx, id); m.err != nil {
			return m
		}
		m.diags, m.err = env.Store.PersonDiagnostics(ctx, id)
		return m
	}
}

func (s *PersonScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case personLoaded:
		if msg.id != s.id {
			return s, nil
		}
		if msg.err != nil {
			s.err = msg.err
			return s, Fail(msg.err)
		}
		p := msg.p
		s.p, s.carnets, s.diags, s.err = &p, msg.carnets, msg.diags, nil
		return s, nil
	case tea.KeyPressMsg:
		page := max(s.height-2, 1)
		if s.height == 0 {
			page = 10 // not drawn yet
		}
		switch {
		case key.Matches(msg, personKeys.up):
			s.offset = max(s.offset-1, 0)
		case key.Matches(msg, personKeys.down):
			s.offset++
		case key.Matches(msg, personKeys.pgUp):
			s.offset = max(s.offset-page, 0)
		case key.Matches(msg, personKeys.pgDown):
			s.offset += page
		case s.p == nil:
			// Acting on a fiche that is not loaded would open a form on nothing.
		case key.Matches(msg, personKeys.edit):
			p := *s.p
			return s, Push(NewPersonForm(s.env, &p))
		case key.Matches(msg, personKeys.diag):
			p := *s.p
			return s, Push(NewDiagnostic(s.env, &p))
		case key.Matches(msg, personKeys.handover):
			p := *s.p
			return s, Push(NewHandover(s.env, &p))
		}
	}
	return s, nil
}

func (s *PersonScreen) View(w, h int) string {
	s.height = h
	var lines []string
	switch {
	case s.err != nil && s.p == nil:
		lines = sheetWrap(styleErr.Render("✗ ")+ErrorText(s.err), w, 0, 2)
	case s.p == nil:
		lines = []string{styleMuted.Render("Chargement de la fiche…")}
	default:
		lines = s.lines(w)
	}
	return scrollLines(lines, &s.offset, h)
}

// scrollLines shows h lines from *offset, keeping the last one to say there is more.
func scrollLines(lines []string, offset *int, h int) string {
	if len(lines) <= h || h < 3 {
		*offset = 0
		return strings.Join(lines, "\n")
	}
	shown := h - 1
	*offset = min(max(*offset, 0), len(lines)-shown)
	out := append([]string(nil), lines[*offset:*offset+shown]...)
	more := fmt.Sprintf("— lignes %d à %d sur %d · ↑/↓ pour défiler —", *offset+1, *offset+shown, len(lines))
	return strings.Join(append(out, styleMuted.Render(more)), "\n")
}

func (s *PersonScreen) lines(w int) []string {
	env, p, now := s.env, *s.p, s.env.Now()
	var out []string
	add := func(ls ...string) { out = append(out, ls...) }
	text := func(indent int, t string) { add(sheetWrap(t, w, indent, 2)...) }

	qpv := "hors quartier prioritaire"
	if p.QPV != "" {
		qpv = "quartier prioritaire : " + p.QPV
	}
	text(2, fmt.Sprintf("Né(e) le %s (%d ans) · %s · %s", p.BirthDate.Format("02/01/2006"), p.AgeOn(now), env.CommuneName(p.Commune), qpv))
	text(2, fmt.Sprintf("Situation : %s · Diplôme : %s", orUnknown(domain.StatusLabel(p.Status), "non renseignée"), orUnknown(domain.DiplomaLabel(p.Diploma), "non renseigné")))
	consent := "non"
	if p.Consent {
		consent = "oui"
	}
	text(2, fmt.Sprintf("Foyer : %s · Consentement enregistré : %s", orUnknown(p.Household, "non renseigné"), consent))

	add("", styleBold.Render("Éligibilité"))
	if len(env.Programmes) == 0 {
		text(2, "Aucun programme configuré.")
	}
	for _, prog := range env.Programmes {
		e := domain.CheckEligibility(prog, p, env.Communes, now)
		verdict := "non éligible"
		if e.Eligible {
			verdict = "éligible"
		}
		add(sheetWrap(mark(e.Eligible)+" "+prog.Name+" : "+verdict, w, 2, 2)...)
		for _, pv := range e.Publics {
			add(sheetWrap(mark(pv.Eligible)+" public « "+pv.Public.Name+" »", w, 4, 2)...)
			for _, c := range pv.Criteria {
				add(sheetWrap(mark(c.OK)+" "+c.Reason, w, 6, 2)...)
			}
			if pv.Eligible && pv.Public.Proof != "" {
				text(6, "justificatif à demander : "+pv.Public.Proof)
			}
		}
	}

	add("", styleBold.Render(fmt.Sprintf("Carnets (%d)", len(s.carnets))))
	if len(s.carnets) == 0 {
		text(2, styleMuted.Render("Aucun carnet remis. r : remettre un carnet."))
	}
	for _, c := range s.carnets {
		head := c.Number + " — " + domain.CarnetStateLabel(c.State)
		if !c.IssuedAt.IsZero() {
			head += " le " + localTime(env, c.IssuedAt).Format("02/01/2006")
		}
		if pr, ok := envProgramme(env, c.Programme); ok {
			head += " · " + pr.Name
		}
		switch c.Progress() {
		case "entame":
			head += " · entamé"
		case "epuise":
			head += " · épuisé"
		}
		text(2, head)
		for _, ch := range c.Cheques {
			line := padRight(ch.Number, 14) + domain.ChequeStateLabel(ch.State)
			if !ch.UsedAt.IsZero() {
				line += " le " + localTime(env, ch.UsedAt).Format("02/01/2006 à 15:04")
			}
			if where := orUnknown(ch.PlaceName, ch.UsedPlace); where != "" {
				line += " · " + where
			}
			text(4, line)
		}
	}

	add("", styleBold.Render(fmt.Sprintf("Diagnostics (%d)", len(s.diags))))
	if len(s.diags) == 0 {
		text(2, styleMuted.Render("Aucun diagnostic enregistré. d : faire le diagnostic."))
	}
	for _, d := range s.diags {
		profile := "profil non établi (diagnostic incomplet)"
		if d.Result.Profile != "" {
			profile = "profil " + domain.LevelLabel(d.Result.Profile)
		}
		var names []string
		for _, r := range d.Result.Recommendations {
			names = append(names, r.Name)
		}
		places := "aucun lieu recommandé"
		if len(names) > 0 {
			places = "lieux : " + strings.Join(names, ", ")
		}
		text(2, localTime(env, d.At).Format("02/01/2006")+" — "+profile+" — "+places)
	}
	return out
}

// sheetWrap wraps styled text to w cells, indented, with a hanging indent so continuation lines
// sit under the text rather than under its ✓/✗ mark.
func sheetWrap(s string, w, indent, hang int) []string {
	width := max(w-indent-hang, 10)
	ls := strings.Split(ansi.Wrap(s, width, ""), "\n")
	for i := range ls {
		pad := indent
		if i > 0 {
			pad += hang
		}
		ls[i] = strings.Repeat(" ", pad) + ls[i]
	}
	return ls
}

// ofName is « de Jeanne DUPONT » or, before a vowel, « d'Amina LEFÈVRE ».
func ofName(name string) string {
	for _, r := range name {
		if strings.ContainsRune("AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜaeiouyàâäéèêëîïôöùûü", r) {
			return "d'" + name
		}
		break
	}
	return "de " + name
}

func orUnknown(s, unknown string) string {
	if strings.TrimSpace(s) == "" {
		return unknown
	}
	return s
}

// localTime shows a stored (UTC) instant in the desk's time zone, the one its clock gives.
func localTime(env *Env, t time.Time) time.Time { return t.In(env.Now().Location()) }

// envProgramme finds a configured programme by id.
func envProgramme(env *Env, id string) (domain.Programme, bool) {
	for _, p := range env.Programmes {
		if p.ID == id {
			return p, true
		}
	}
	return domain.Programme{}, false
}
