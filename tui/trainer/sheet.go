package trainer

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/store"
	"passnum/tui/kit"
)

var sheetKeys = struct {
	enter, up, down, presence, redeem, followUp, cancel, anonymous key.Binding
}{
	enter:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "ajouter")),
	redeem:    key.NewBinding(key.WithKeys("ctrl+e"), key.WithHelp("ctrl+e", "encaisser")),
	presence:  key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "présent/absent")),
	anonymous: key.NewBinding(key.WithKeys("ctrl+a"), key.WithHelp("ctrl+a", "anonyme")),
	followUp:  key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "suivi")),
	cancel:    key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", "annuler encaissement")),
	up:        key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "choisir une ligne")),
	down:      key.NewBinding(key.WithKeys("down")),
}

// Sheet is a session's feuille d'émargement: participants come by a scanned chèque, by name, or
// anonymously; the trainer marks who is present, then closes the sheet, which redeems one chèque
// (or the programme's number) per present participant and says, line by line, what was refused
// and why. Follow-up and same-day cancellation happen here too.
type Sheet struct {
	env     *kit.Env
	id      string
	sess    domain.Session
	lines   []domain.Participant
	loaded  bool
	input   textinput.Model // a scanned chèque number, or a name to search
	people  kit.PeopleSearch
	pick    int // in people.results
	cursor  int // in lines
	notes   map[int64]note
	summary string
	panel   *panel
	busy    bool
	// confirm is the question before closing the sheet; printed, the file the sheet to sign
	// was written to (printHint, the command over SSH). See sheet_close.go.
	confirm   *sheetConfirm
	printed   string
	printHint string
}

// note is what the sheet says under a line: a warning at scan time, the outcome once closed.
type note struct {
	ok   bool
	text string
}

type (
	sheetLoaded struct {
		sess  domain.Session
		lines []domain.Participant
		err   error
	}
	// sheetAdded is a participant put on the sheet (scan, name or anonymous).
	sheetAdded struct {
		p     domain.Participant
		added bool
		err   error
	}
	sheetClosed struct {
		results []store.SheetRedemption
		err     error
	}
	// sheetDone is any other change: a status line, then the sheet is read again.
	sheetDone struct {
		status string
		err    error
	}
)

// NewSheet opens the attendance sheet of a session.
func NewSheet(env *kit.Env, sessionID string) *Sheet {
	in := kit.NewInput("Scanner un chèque ou chercher : ", "numéro du chèque, ou nom de la personne", 60)
	return &Sheet{env: env, id: sessionID, input: in, notes: map[int64]note{}}
}

func (s *Sheet) Title() string {
	if s.sess.Title != "" {
		return "Feuille d'émargement — " + s.id + " " + s.sess.Title
	}
	return "Feuille d'émargement — " + s.id
}

func (s *Sheet) Keys() []key.Binding {
	if s.panel != nil {
		return s.panel.Keys()
	}
	if s.confirm != nil {
		return []key.Binding{confirmKeys.yes, confirmKeys.no}
	}
	return []key.Binding{sheetKeys.enter, sheetKeys.redeem, printKey, sheetKeys.presence, sheetKeys.followUp, sheetKeys.anonymous, sheetKeys.cancel, sheetKeys.up}
}

func (s *Sheet) Typing() bool {
	if s.panel != nil {
		return s.panel.fs.Typing()
	}
	return true
}

// FieldEmpty lets « ? » open the help while nothing is typed (kit.FieldEmpty).
func (s *Sheet) FieldEmpty() bool {
	if s.panel != nil {
		return s.panel.fs.FocusedEmpty()
	}
	return s.input.Value() == ""
}

// Unsaved is an open panel's typing (follow-up, reason) or a write under way (kit.Unsaved).
func (s *Sheet) Unsaved() string {
	switch {
	case s.busy:
		return "un enregistrement est en cours"
	case s.panel != nil:
		return "la saisie en cours sur la feuille n'est pas enregistrée"
	}
	return ""
}

func (s *Sheet) Init() tea.Cmd { return tea.Batch(s.input.Focus(), s.reload()) }

func (s *Sheet) reload() tea.Cmd {
	env, id := s.env, s.id
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		sess, err := env.Store.Session(ctx, id)
		if err != nil {
			return sheetLoaded{err: err}
		}
		lines, err := env.Store.Participants(ctx, id)
		return sheetLoaded{sess, lines, err}
	}
}

// HandleEsc closes an open panel, or the search results, before leaving the sheet.
func (s *Sheet) HandleEsc() (kit.Screen, tea.Cmd, bool) {
	switch {
	case s.confirm != nil:
		s.confirm = nil
		return s, kit.Status("Feuille non clôturée : rien n'a été encaissé."), true
	case s.panel != nil:
		s.panel = nil
		return s, s.input.Focus(), true
	case s.input.Value() != "":
		s.input.SetValue("")
		s.people.Clear()
		return s, nil, true
	}
	return s, nil, false
}

func (s *Sheet) selected() (domain.Participant, bool) {
	if s.cursor < 0 || s.cursor >= len(s.lines) {
		return domain.Participant{}, false
	}
	return s.lines[s.cursor], true
}

func (s *Sheet) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sheetLoaded:
		if msg.err != nil {
			return s, kit.Fail(msg.err)
		}
		s.sess, s.lines, s.loaded = msg.sess, msg.lines, true
		s.cursor = min(s.cursor, max(len(s.lines)-1, 0))
		s.keepNotes()
		return s, nil
	case sheetPrinted:
		s.busy = false
		if msg.err != nil {
			return s, kit.Fail(msg.err)
		}
		s.printed, s.printHint = msg.path, ""
		return s, kit.Status("Feuille d'émargement écrite : ouvrez-la pour l'imprimer (chemin sous l'en-tête).")
	case kit.PeopleFound:
		cmd, ok := s.people.Take(msg)
		if ok {
			s.pick = 0
		}
		return s, cmd
	case sheetAdded:
		s.busy = false
		if msg.err != nil && s.panel != nil {
			cmd, _ := s.panel.fs.Blame(msg.err)
			return s, tea.Batch(cmd, kit.Fail(msg.err))
		}
		if msg.err != nil {
			return s, kit.Fail(msg.err)
		}
		focus := tea.Cmd(nil)
		if s.panel != nil {
			s.panel, focus = nil, s.input.Focus()
		}
		return s, tea.Batch(s.afterAdd(msg), s.reload(), focus)
	case sheetClosed:
		s.busy = false
		if msg.err != nil {
			return s, tea.Batch(kit.Fail(msg.err), s.reload())
		}
		return s, tea.Batch(s.afterClose(msg.results), s.reload())
	case sheetDone:
		s.busy = false
		if msg.err != nil && s.panel != nil {
			// The panel stays open with the field to fix.
			cmd, _ := s.panel.fs.Blame(msg.err)
			return s, tea.Batch(cmd, kit.Fail(msg.err))
		}
		if msg.err != nil {
			return s, tea.Batch(kit.Fail(msg.err), s.reload())
		}
		s.panel = nil
		return s, tea.Batch(kit.Status(msg.status), s.input.Focus(), s.reload())
	case tea.KeyPressMsg:
		if s.panel != nil {
			return s, s.panel.Update(msg)
		}
		if s.confirm != nil {
			return s, s.confirmKey(msg)
		}
		if cmd, ok := s.key(msg); ok {
			return s, cmd
		}
	}
	if s.panel != nil {
		return s, s.panel.Update(msg)
	}
	before := s.input.Value()
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	if s.input.Value() != before {
		return s, tea.Batch(cmd, s.search())
	}
	return s, cmd
}

func (s *Sheet) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, sheetKeys.up):
		if len(s.people.Results) > 0 {
			s.pick = max(s.pick-1, 0)
		} else {
			s.cursor = max(s.cursor-1, 0)
		}
	case key.Matches(msg, sheetKeys.down):
		if len(s.people.Results) > 0 {
			s.pick = min(s.pick+1, len(s.people.Results)-1)
		} else {
			s.cursor = min(s.cursor+1, max(len(s.lines)-1, 0))
		}
	case key.Matches(msg, sheetKeys.enter):
		return s.add(), true
	case key.Matches(msg, sheetKeys.redeem):
		return s.askClose(), true
	case key.Matches(msg, printKey):
		return s.print(), true
	case key.Matches(msg, sheetKeys.presence):
		return s.togglePresence(), true
	case key.Matches(msg, sheetKeys.anonymous):
		s.panel = newAnonymousPanel(s)
		return s.panel.fs.Focus(s.panel.fs.Current), true
	case key.Matches(msg, sheetKeys.followUp):
		p, ok := s.selected()
		if !ok || p.PersonID == 0 {
			return kit.Status("Le suivi concerne une personne inscrite : choisissez sa ligne avec ↑/↓."), true
		}
		s.panel = newFollowUpPanel(s, p)
		return s.panel.fs.Focus(s.panel.fs.Current), true
	case key.Matches(msg, sheetKeys.cancel):
		p, ok := s.selected()
		if !ok || len(p.Cheques) == 0 {
			return kit.Status("Aucun chèque encaissé sur cette ligne : rien à annuler."), true
		}
		s.panel = newCancelPanel(s, p)
		return s.panel.fs.Focus(s.panel.fs.Current), true
	default:
		return nil, false
	}
	return nil, true
}

// search looks for people as the trainer types a name; a number is a scan, not a search.
func (s *Sheet) search() tea.Cmd {
	if kit.LooksLikeNumber(s.input.Value()) {
		s.people.Clear()
		return nil
	}
	return s.people.Query(s.env, s.input.Value(), 5)
}

// add puts on the sheet the holder of the scanned chèque, or the chosen person.
func (s *Sheet) add() tea.Cmd {
	text := strings.TrimSpace(s.input.Value())
	if text == "" || s.busy {
		return nil
	}
	env, id := s.env, s.id
	if kit.LooksLikeNumber(text) {
		s.busy = true
		s.input.SetValue("")
		return func() tea.Msg {
			ctx, cancel := env.Context()
			defer cancel()
			p, added, err := env.Store.AddParticipantByCheque(ctx, env.User, id, text)
			return sheetAdded{p, added, err}
		}
	}
	if len(s.people.Results) == 0 {
		return kit.Status("Personne ne correspond à « " + text + " » : vérifiez l'orthographe, ou ajoutez un participant anonyme (ctrl+a).")
	}
	person := s.people.Results[s.pick]
	s.input.SetValue("")
	s.people.Clear()
	// The paper chèque is collected now: the closing never picks one from the carnet silently.
	s.panel = newChequePanel(s, person)
	return s.panel.fs.Focus(s.panel.fs.Current)
}

func (s *Sheet) afterAdd(msg sheetAdded) tea.Cmd {
	p := msg.p
	delete(s.notes, p.ID)
	if p.Warning != "" {
		s.notes[p.ID] = note{text: "Attention : " + p.Warning}
	}
	// The new line becomes the selected one, where the trainer looks next.
	s.cursor = len(s.lines)
	for i, l := range s.lines {
		if l.ID == p.ID {
			s.cursor = i
		}
	}
	who := p.Label()
	switch {
	case !msg.added:
		return kit.Status(who + " est déjà sur la feuille.")
	case p.Warning != "":
		return func() tea.Msg {
			return kit.StatusMsg{Text: who + " est sur la feuille — attention : " + p.Warning + " ; demandez un autre chèque.", Err: true}
		}
	}
	return kit.Status(who + " est sur la feuille.")
}

func (s *Sheet) close() tea.Cmd {
	if s.busy {
		return nil
	}
	s.busy = true
	env, id := s.env, s.id
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		r, err := env.Store.RedeemForSession(ctx, env.User, id)
		return sheetClosed{r, err}
	}
}

// afterClose writes each line's outcome under it and sums it up.
func (s *Sheet) afterClose(results []store.SheetRedemption) tea.Cmd {
	redeemed, refused := 0, 0
	for _, r := range results {
		p := r.Participant
		switch {
		case r.Err != nil:
			refused++
			s.notes[p.ID] = note{text: "✗ " + r.Err.Error()}
		case len(r.Redeemed) > 0:
			redeemed += len(r.Redeemed)
			s.notes[p.ID] = note{ok: true, text: "✓ chèque " + strings.Join(r.Redeemed, ", ") + " encaissé"}
		case len(r.Already) > 0:
			s.notes[p.ID] = note{ok: true, text: "✓ déjà encaissé (" + strings.Join(r.Already, ", ") + ")"}
		default:
			delete(s.notes, p.ID)
		}
	}
	s.summary = fmt.Sprintf("%s clos : %s, %d refus.", s.id, domain.Plural(redeemed, "chèque encaissé", "chèques encaissés"), refused)
	if refused > 0 {
		return func() tea.Msg {
			return kit.StatusMsg{Text: s.summary + " Motif sous chaque ligne refusée.", Err: true}
		}
	}
	return kit.Status(s.summary)
}

func (s *Sheet) togglePresence() tea.Cmd {
	p, ok := s.selected()
	if !ok || s.busy {
		return nil
	}
	s.busy = true
	env, id := s.env, s.id
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		got, err := env.Store.MarkPresence(ctx, env.User, id, p.ID, !p.Present)
		return sheetDone{got.Label() + " : " + presenceWord(got.Present) + ".", err}
	}
}

func presenceWord(present bool) string {
	if present {
		return "présent(e)"
	}
	return "absent(e)"
}

// SetSize is given the size the page is drawn at after every message (kit.Sized): the field
// and the open panel's take the width here, in Update, not while drawing.
func (s *Sheet) SetSize(w, h int) {
	s.input.SetWidth(max(w-len([]rune(s.input.Prompt))-2, 10))
	if s.panel != nil {
		s.panel.fs.SetWidth(w)
	}
}

func (s *Sheet) View(w, h int) string {
	if !s.loaded {
		return kit.StyleMuted.Render("Chargement de la feuille…")
	}
	var top []string
	se := s.sess
	start := se.Start.Local()
	kind := string(se.Type)
	if se.Level != "" {
		kind += " · " + se.Level
	}
	top = append(top,
		kit.Truncate(fmt.Sprintf("%s · %s · %s %s–%s (%d min)", kind, strings.Join(se.Themes, ", "), start.Format("02/01/2006"),
			start.Format("15:04"), se.End().Local().Format("15:04"), se.DurationMinutes), w),
		kit.Truncate(fmt.Sprintf("%s · %s sur %s · %s", se.PlaceName, domain.Plural(se.Present, "présent", "présents"), domain.Plural(se.Capacity, "place", "places"), domain.Plural(se.Redeemed, "chèque encaissé", "chèques encaissés")), w))
	top = append(append(top, s.printedView(w)...), "")
	if s.confirm != nil {
		return strings.Join(top, "\n") + "\n" + s.confirm.View(w)
	}
	if s.panel != nil {
		return strings.Join(top, "\n") + "\n" + s.panel.View(w)
	}
	top = append(top, s.input.View())
	for i, p := range s.people.Results {
		top = append(top, kit.CursorLine(i == s.pick, kit.Truncate(fmt.Sprintf("%s  né(e) le %s", p.DisplayName(), p.BirthDate.Format("02/01/2006")), w-2)))
	}
	if len(s.people.Results) > 0 {
		top = append(top, kit.StyleMuted.Render("Entrée : ajouter la personne choisie (↑/↓)."))
	}
	top = append(top, "", kit.StyleBold.Render(fmt.Sprintf("Participants (%d)", len(s.lines))))
	if len(s.lines) == 0 {
		for _, l := range strings.Split(kit.Wrap("Scannez le chèque de chaque participant, tapez un nom, ou ctrl+a pour un participant anonyme.", w-2), "\n") {
			top = append(top, "  "+kit.StyleMuted.Render(l))
		}
	}
	// Each participant is its line and its note; the window follows the selected one.
	var rows []string
	first, last := 0, 0
	for i, p := range s.lines {
		if i == s.cursor {
			first = len(rows)
		}
		rows = append(rows, kit.CursorLine(i == s.cursor && len(s.people.Results) == 0, kit.Truncate(participantLine(p), w-2)))
		if n, ok := s.notes[p.ID]; ok {
			st := kit.StyleErr
			if n.ok {
				st = kit.StyleOK
			} else if strings.HasPrefix(n.text, "Attention") {
				st = kit.StyleWarn
			}
			for _, l := range strings.Split(kit.Wrap(n.text, w-6), "\n") {
				rows = append(rows, "    "+st.Render(l))
			}
		}
		if i == s.cursor {
			last = len(rows)
		}
	}
	bottom := []string{}
	if s.summary != "" {
		bottom = append(bottom, "", kit.StyleBold.Render(s.summary))
	}
	room := max(h-len(top)-len(bottom), 1)
	off := 0
	if last > room {
		off = min(first, last-room)
	}
	rows = rows[off:min(len(rows), off+room)]
	return strings.Join(append(append(top, rows...), bottom...), "\n")
}

// participantLine is a line of the sheet: presence, who, the chèque scanned or redeemed.
func participantLine(p domain.Participant) string {
	presence := "absent "
	if p.Present {
		presence = "présent"
	}
	cheque := p.Cheque
	if len(p.Cheques) > 0 {
		cheque = strings.Join(p.Cheques, ",") + " encaissé"
	}
	line := fmt.Sprintf("%s  %-30s %s", presence, kit.Truncate(p.Label(), 30), cheque)
	if p.Autonomy != "" {
		line += " · suivi : " + p.Autonomy
	}
	return line
}
