package desk

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"passnum/domain"
	"passnum/store"
	"passnum/tui/kit"
)

var personKeys = struct {
	edit, diag, handover, print, merge key.Binding
	orient, parcours                   key.Binding
}{
	edit:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "corriger")),
	diag:     key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "diagnostic")),
	handover: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "remise")),
	print:    key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "courrier")),
	merge:    key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "fusionner un doublon")),
	orient:   key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "orienter vers un lieu")),
	parcours: key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "bilan de parcours")),
}

// PersonScreen is the fiche personne: identity and foyer, each programme's standing (eligibility
// criterion by criterion, then the caps), carnets with their chèques, past diagnostics.
type PersonScreen struct {
	env       *kit.Env
	id        int64
	p         *domain.Person
	carnets   []domain.Carnet
	diags     []store.Diagnostic
	standings []domain.Standing
	limited   bool               // another prescriber's or place's person: identity only
	reads     []store.PersonRead // « consulté par », the coordination's only
	err       error
	offset    int // first line shown when the fiche is taller than the screen
	height    int // body height of the last View, to clamp scrolling between frames
}

type personLoaded struct {
	id        int64
	p         domain.Person
	carnets   []domain.Carnet
	diags     []store.Diagnostic
	standings []domain.Standing
	limited   bool
	reads     []store.PersonRead
	err       error
}

// NewPersonScreen opens the fiche of person id.
func NewPersonScreen(env *kit.Env, id int64) kit.Screen {
	return &PersonScreen{env: env, id: id}
}

func (s *PersonScreen) Title() string {
	if s.p == nil {
		return "Fiche personne"
	}
	return fmt.Sprintf("Fiche %s (n°%d)", domain.OfName(s.p.DisplayName()), s.p.ID)
}

// Keys offer the hand-over only when a programme would let it through, and the merge only to
// whom may merge.
func (s *PersonScreen) Keys() []key.Binding {
	if s.limited {
		return []key.Binding{kit.ScrollKeys.Up, kit.ScrollKeys.PgUp}
	}
	var ks []key.Binding
	mayRegister := may(s.env, domain.ActRegister) // not offered to a role the store would refuse
	if mayRegister {
		ks = append(ks, personKeys.edit)
	}
	if s.canIssue() {
		ks = append(ks, personKeys.handover)
	}
	// Once a carnet is handed over, reprinting its courrier is a first-line key, before the
	// diagnostic (which the footer may then leave to the help at 80 columns).
	if s.hasIssued() {
		ks = append(ks, personKeys.print)
	}
	if mayRegister {
		ks = append(ks, personKeys.diag)
	}
	ks = append(ks, undoKeys(s.env, s.carnets)...) // x, l: card_undo.go
	if s.canMerge() {
		ks = append(ks, personKeys.merge)
	}
	if may(s.env, domain.ActOrient) {
		ks = append(ks, personKeys.orient)
	}
	if may(s.env, domain.ActReadReferrals) {
		ks = append(ks, personKeys.parcours)
	}
	return append(ks, kit.ScrollKeys.Up, kit.ScrollKeys.PgUp)
}

// canIssue reports whether some programme's standing allows a hand-over now.
func (s *PersonScreen) canIssue() bool {
	if !may(s.env, domain.ActIssue) {
		return false
	}
	for _, st := range s.standings {
		if st.CanIssue() {
			return true
		}
	}
	return false
}

// hasIssued reports a carnet handed over to the person, whose courrier can be printed.
func (s *PersonScreen) hasIssued() bool {
	for _, c := range s.carnets {
		if c.State == domain.CarnetIssued {
			return true
		}
	}
	return false
}

func (s *PersonScreen) canMerge() bool {
	return domain.Authorize(s.env.User, domain.ActMerge, domain.Scope{}) == nil
}

// Init reloads everything: the App calls it again when a form, a diagnostic or a hand-over
// closes, and the fiche must show what they changed.
func (s *PersonScreen) Init() tea.Cmd {
	env, id, first := s.env, s.id, s.p == nil
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		m := personLoaded{id: id}
		// Opening the card is a read, audited once; coming back to it from a form is not.
		var seen domain.SeenPerson
		if first {
			seen, m.err = env.Store.ReadPerson(ctx, env.User, id, "fiche")
		} else {
			seen, m.err = env.Store.PersonAs(ctx, env.User, id)
		}
		if m.err != nil {
			return m
		}
		m.p, m.limited = seen.Person, seen.Limited()
		if env.User.Role == domain.RoleCoordination {
			if m.reads, m.err = env.Store.PersonReads(ctx, env.User, m.p.ID, 5); m.err != nil {
				return m
			}
		}
		// The number of a merged record leads to the kept one: read what that one holds.
		if m.carnets, m.err = env.Store.PersonCarnets(ctx, m.p.ID); m.err != nil {
			return m
		}
		if m.limited {
			return m // no diagnostics nor eligibility: they tell status, diploma and QPV
		}
		if m.diags, m.err = env.Store.PersonDiagnostics(ctx, m.p.ID); m.err != nil {
			return m
		}
		m.standings, m.err = env.Store.Standings(ctx, m.p.ID)
		return m
	}
}

func (s *PersonScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case personLoaded:
		if msg.id != s.id {
			return s, nil
		}
		if msg.err != nil {
			s.err = msg.err
			return s, kit.Fail(msg.err)
		}
		p := msg.p
		s.p, s.carnets, s.diags, s.standings, s.err = &p, msg.carnets, msg.diags, msg.standings, nil
		s.limited, s.reads = msg.limited, msg.reads
		return s, nil
	case tea.KeyPressMsg:
		page := max(s.height-2, 1)
		if s.height == 0 {
			page = 10 // not sized yet
		}
		if kit.Scroll(msg, &s.offset, page) {
			return s, nil
		}
		switch {
		case s.p == nil || s.limited:
			// Acting on a limited record would save its blanked fields; acting on a fiche that is not loaded would open a form on nothing.
		case key.Matches(msg, personKeys.edit):
			p := *s.p
			return s, kit.Push(NewPersonForm(s.env, &p))
		case key.Matches(msg, personKeys.diag):
			p := *s.p
			return s, kit.Push(NewDiagnostic(s.env, &p))
		case key.Matches(msg, personKeys.handover):
			// Not offered when every programme refuses (the card says why). Pressed anyway,
			// it opens the hand-over, whose checklist refuses line by line and offers no
			// confirmation: the ledger, not the key, enforces the caps.
			p := *s.p
			return s, kit.Push(NewHandover(s.env, &p))
		case key.Matches(msg, personKeys.print) && s.hasIssued():
			// Any carnet of the person, at any time: the print screen offers tab between them.
			return s, kit.Push(NewLetterPrint(s.env, *s.p, ""))
		case key.Matches(msg, personKeys.merge) && s.canMerge():
			return s, kit.Push(NewMerge(s.env, *s.p))
		case key.Matches(msg, personKeys.orient) && may(s.env, domain.ActOrient):
			return s, kit.Push(NewOrient(s.env, *s.p, nil))
		case key.Matches(msg, personKeys.parcours) && may(s.env, domain.ActReadReferrals):
			return s, kit.OpenParcours(s.p.ID) // a trainer's page: the root opens it
		case isUndoKey(msg):
			return s, openUndo(s.env, *s.p, s.carnets, msg)
		}
	}
	return s, nil
}

func (s *PersonScreen) View(w, h int) string {
	offset := s.offset // clamped by SetSize, from Update: drawing changes nothing
	return scrollLines(s.bodyLines(w), &offset, h)
}

// SetSize is given the size the card is drawn at after every message (kit.Sized): the page
// keys move by its height, and the scroll is clamped to the card's length here, not while drawing.
func (s *PersonScreen) SetSize(w, h int) {
	s.height = h
	scrollLines(s.bodyLines(w), &s.offset, h)
}

// bodyLines are the lines of the page before scrolling.
func (s *PersonScreen) bodyLines(w int) []string {
	switch {
	case s.err != nil && s.p == nil:
		return sheetWrap(kit.StyleErr.Render("✗ ")+kit.ErrorText(s.err), w, 0, 2)
	case s.p == nil:
		return []string{kit.StyleMuted.Render("Chargement de la fiche…")}
	}
	return s.lines(w)
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
	return strings.Join(append(out, kit.StyleMuted.Render(more)), "\n")
}

func (s *PersonScreen) lines(w int) []string {
	env, p, now := s.env, *s.p, s.env.Now()
	var out []string
	add := func(ls ...string) { out = append(out, ls...) }
	text := func(indent int, t string) { add(sheetWrap(t, w, indent, 2)...) }

	if s.limited {
		text(2, fmt.Sprintf("Né(e) le %s (%d ans) · %s", p.BirthDate.Format("02/01/2006"), p.AgeOn(now), env.CommuneName(p.Commune)))
		text(2, kit.StyleMuted.Render("« "+domain.LimitedNote+" » · "+domain.Plural(len(s.carnets), "carnet remis", "carnets remis")))
		return out
	}
	// One line per programme first, so the desk reads the answer before the details.
	for _, st := range s.standings {
		line := standingLine(st)
		if len(s.standings) > 1 {
			line = st.Programme.Name + " : " + line
		}
		style := kit.StyleOK
		if !st.CanIssue() && !st.Eligible {
			style = kit.StyleErr
		}
		add(sheetWrap(style.Render(line), w, 2, 2)...)
	}
	if c := choiceLine(s.standings); c != "" {
		text(2, c)
	}
	if len(s.standings) > 0 {
		add("")
	}
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
	text(2, s.foyerLine()+" · Consentement enregistré : "+consent)
	if p.ID != s.id {
		text(2, kit.StyleMuted.Render(fmt.Sprintf("La fiche n°%d a été fusionnée dans celle-ci.", s.id)))
	}

	add("", kit.StyleBold.Render("Éligibilité"))
	if len(s.standings) == 0 {
		text(2, "Aucun programme configuré.")
	}
	for _, st := range s.standings {
		head := st.Summary()
		if st.CanIssue() && st.Public.Name != "" {
			// The counts are in the line at the top, the public on the next line: here, the
			// programme and what to ask for.
			head = st.Programme.Name
			if st.Public.Proof != "" {
				head += ", justificatif à demander : " + st.Public.Proof
			}
		}
		add(sheetWrap(kit.Mark(st.CanIssue())+" "+head, w, 2, 2)...)
		for _, pv := range st.Publics {
			add(sheetWrap(kit.Mark(pv.Eligible)+" public « "+pv.Public.Name+" »", w, 4, 2)...)
			for _, c := range pv.Criteria {
				add(sheetWrap(kit.Mark(c.OK)+" "+c.Reason, w, 6, 2)...)
			}
		}
	}
	// The help line offers r when a carnet can be handed over; otherwise the card says why.
	if refusal := s.refusal(); refusal != "" && len(s.standings) > 0 {
		add(sheetWrap(kit.StyleErr.Render("✗ Remise de carnet impossible : ")+refusal, w, 2, 2)...)
	}

	add("", kit.StyleBold.Render(fmt.Sprintf("Carnets (%d)", len(s.carnets))))
	if s.hasIssued() {
		text(2, kit.StyleMuted.Render("p : imprimer le courrier d'accompagnement d'un carnet."))
	}
	if len(s.carnets) == 0 {
		none := "Aucun carnet remis."
		if s.canIssue() {
			none += " r : remettre un carnet."
		}
		text(2, kit.StyleMuted.Render(none))
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
			line := kit.PadRight(ch.Number, 14) + domain.ChequeStateLabel(ch.State)
			if !ch.UsedAt.IsZero() {
				line += " le " + localTime(env, ch.UsedAt).Format("02/01/2006 à 15:04")
			}
			if where := orUnknown(ch.PlaceName, ch.UsedPlace); where != "" {
				line += " · " + where
			}
			text(4, line)
		}
	}

	add("", kit.StyleBold.Render(fmt.Sprintf("Diagnostics (%d)", len(s.diags))))
	if len(s.diags) == 0 && may(s.env, domain.ActRegister) {
		text(2, kit.StyleMuted.Render("Aucun diagnostic enregistré. d : faire le diagnostic."))
	} else if len(s.diags) == 0 {
		text(2, kit.StyleMuted.Render("Aucun diagnostic enregistré."))
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
	if env.User.Role == domain.RoleCoordination {
		// The last reads of the record: who, when, from where (coordination only).
		add("", kit.StyleBold.Render("Consulté par"))
		if len(s.reads) == 0 {
			text(2, kit.StyleMuted.Render("Aucune consultation enregistrée."))
		}
		for _, r := range s.reads {
			text(2, domain.HistoryLine(r.Entry(env.Now().Location()), domain.HistoryNames{User: func(id string) string { return userName(env, id) }}))
		}
	}
	return out
}

// refusal says why no carnet can be handed over now, "" when one can: each refusing programme's
// reason, named when several programmes are configured.
func (s *PersonScreen) refusal() string {
	if s.canIssue() {
		return ""
	}
	var why []string
	for _, st := range s.standings {
		r := "la personne n'est pas éligible (critères ci-dessus)"
		if st.Eligible && st.Refusal != nil {
			r = st.Refusal.Message
		}
		if len(s.standings) > 1 {
			r = st.Programme.Name + " : " + r
		}
		why = append(why, r)
	}
	return strings.Join(why, " ; ")
}

// foyerLine is « Foyer : 12 rue Émile-Zola, 60100 — aussi : Jean DUPONT (1 carnet) ».
func (s *PersonScreen) foyerLine() string {
	p := *s.p
	addr := p.Address
	if addr != "" && p.PostalCode != "" {
		addr += ", " + p.PostalCode
	}
	if p.Household == 0 {
		if addr == "" {
			return "Adresse : non renseignée"
		}
		return "Adresse : " + addr
	}
	if addr == "" {
		addr = "sans adresse, rattachée à un foyer"
	}
	// The housemates of the programme that caps foyers, else of the first: the carnets counted
	// are that programme's.
	var h *domain.Standing
	for i := range s.standings {
		if h == nil || (s.standings[i].Programme.Limits.CarnetsPerHousehold > 0 && h.Programme.Limits.CarnetsPerHousehold == 0) {
			h = &s.standings[i]
		}
	}
	if h == nil {
		return "Foyer : " + addr
	}
	if len(h.Housemates) == 0 {
		return "Foyer : " + addr + " — personne d'autre enregistrée dans ce foyer"
	}
	var names []string
	for _, m := range h.Housemates {
		names = append(names, fmt.Sprintf("%s (%s)", m.Name, domain.Plural(m.Carnets, "carnet", "carnets")))
	}
	return "Foyer : " + addr + " — aussi : " + strings.Join(names, ", ")
}

// sheetWrap wraps styled text to w cells, indented, with a hanging indent so continuation lines
// sit under the text rather than under its ✓/✗ mark.
func sheetWrap(s string, w, indent, hang int) []string {
	width := max(w-indent-hang, 10)
	ls := strings.Split(ansi.Wrap(domain.Typo(s), width, ""), "\n")
	for i := range ls {
		pad := indent
		if i > 0 {
			pad += hang
		}
		ls[i] = strings.Repeat(" ", pad) + ls[i]
	}
	return ls
}

func orUnknown(s, unknown string) string {
	if strings.TrimSpace(s) == "" {
		return unknown
	}
	return s
}

// localTime shows a stored (UTC) instant in the desk's time zone, the one its clock gives.
func localTime(env *kit.Env, t time.Time) time.Time { return t.In(env.Now().Location()) }

// envProgramme finds a configured programme by id, with its end as the ledger last said.
func envProgramme(env *kit.Env, id string) (domain.Programme, bool) { return env.ProgrammeByID(id) }
