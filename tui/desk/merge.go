package desk

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"passnum/domain"
	"passnum/store"
	"passnum/tui/kit"
)

var mergeKeys = struct {
	next, field, yes, no, back key.Binding
}{
	next:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "suivant")),
	field: key.NewBinding(key.WithKeys("tab", "shift+tab", "up", "down"), key.WithHelp("tab", "autre champ")),
	yes:   key.NewBinding(key.WithKeys("o", "O"), key.WithHelp("o", "fusionner")),
	no:    key.NewBinding(key.WithKeys("n", "N"), key.WithHelp("n", "ne pas fusionner")),
	back:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "retour à la fiche")),
}

type mergeStage int

const (
	mgInput   mergeStage = iota // number of the other record, reason
	mgConfirm                   // both records side by side, one o/n question
	mgMerging                   // MergePeople running
	mgDone                      // merged: what moved, any cap now exceeded
)

// mergeSide is one record as the merge screen shows it.
type mergeSide struct {
	p         domain.Person
	carnets   int            // handed over, voided ones excluded
	byProgram map[string]int // the same, by programme
	diags     int
}

// Merge is the coordination's fusion of two records of one person: the other record's carnets,
// diagnostics, attendance and follow-ups move to the card's person, and its number then leads
// to the card.
type Merge struct {
	env      *kit.Env
	keep     mergeSide
	other    *mergeSide
	number   textinput.Model
	reason   textinput.Model
	focus    int // 0 number, 1 reason
	loading  bool
	loadErr  string // why the typed number cannot be merged, shown under it
	stage    mergeStage
	result   store.Merge
	mergeErr error
}

type mergeSideLoaded struct {
	number string // the typed number it answers, "" for the card's own record
	side   mergeSide
	err    error
}

type mergeDone struct {
	m   store.Merge
	err error
}

// NewMerge opens the merge for the person whose card it is.
func NewMerge(env *kit.Env, keep domain.Person) kit.Screen {
	m := &Merge{env: env, keep: mergeSide{p: keep}}
	m.number = kit.NewInput("", "n° de la fiche en double", 12)
	m.reason = kit.NewInput("", "ex. inscrite deux fois, accents différents", domain.MaxReasonLength)
	return m
}

func (m *Merge) Title() string {
	return fmt.Sprintf("Fusionner un doublon dans la fiche n°%d — %s", m.keep.p.ID, m.keep.p.DisplayName())
}

func (m *Merge) Keys() []key.Binding {
	switch m.stage {
	case mgConfirm:
		return []key.Binding{mergeKeys.yes, mergeKeys.no}
	case mgDone:
		return []key.Binding{mergeKeys.back}
	case mgMerging:
		return nil
	}
	return []key.Binding{mergeKeys.next, mergeKeys.field}
}

func (m *Merge) Typing() bool { return m.stage == mgInput }

func (m *Merge) Init() tea.Cmd {
	return tea.Batch(m.focusField(m.focus), m.load("", m.keep.p.ID))
}

func (m *Merge) focusField(i int) tea.Cmd {
	m.focus = i
	m.number.Blur()
	m.reason.Blur()
	if i == 0 {
		return m.number.Focus()
	}
	return m.reason.Focus()
}

// load reads one record and what it holds.
func (m *Merge) load(number string, id int64) tea.Cmd {
	env := m.env
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		msg := mergeSideLoaded{number: number}
		p, err := env.Store.Person(ctx, id)
		if err != nil {
			msg.err = err
			return msg
		}
		msg.side.p = p
		if p.ID != id {
			// Person follows merges: the typed number is already someone else's history.
			msg.err = domain.Errorf(domain.KindConflict, "la fiche n°%d a déjà été fusionnée dans la fiche n°%d", id, p.ID)
			return msg
		}
		carnets, err := env.Store.PersonCarnets(ctx, id)
		if err != nil {
			msg.err = err
			return msg
		}
		msg.side.byProgram = map[string]int{}
		for _, c := range carnets {
			if c.State == domain.CarnetIssued {
				msg.side.carnets++
				msg.side.byProgram[c.Programme]++
			}
		}
		diags, err := env.Store.PersonDiagnostics(ctx, id)
		msg.side.diags, msg.err = len(diags), err
		return msg
	}
}

// HandleEsc goes back from the question to the fields; elsewhere esc leaves.
func (m *Merge) HandleEsc() (kit.Screen, tea.Cmd, bool) {
	if m.stage == mgConfirm {
		m.stage = mgInput
		return m, m.focusField(1), true
	}
	if m.stage == mgMerging {
		return m, nil, true // the merge is written or not, never half: wait for it
	}
	return m, nil, false
}

// otherNumber reads the typed record number.
func (m *Merge) otherNumber() (int64, error) {
	v := strings.ToLower(strings.TrimSpace(m.number.Value()))
	for _, p := range []string{"n°", "no", "n"} {
		if rest, ok := strings.CutPrefix(v, p); ok {
			v = strings.TrimSpace(rest)
			break
		}
	}
	id, err := strconv.ParseInt(v, 10, 64)
	switch {
	case v == "":
		return 0, domain.Errorf(domain.KindInvalid, "n° de fiche : tapez le numéro de la fiche en double (il est affiché dans le titre de sa fiche)")
	case err != nil || id <= 0:
		return 0, domain.Errorf(domain.KindInvalid, "n° de fiche : %q n'est pas un numéro de fiche", m.number.Value())
	case id == m.keep.p.ID:
		return 0, domain.Errorf(domain.KindInvalid, "n° de fiche : n°%d est cette fiche-ci ; tapez le numéro de l'autre fiche, celle en double", id)
	}
	return id, nil
}

func (m *Merge) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case mergeSideLoaded:
		if msg.number == "" {
			if msg.err != nil {
				return m, kit.Fail(msg.err)
			}
			m.keep = msg.side
			return m, nil
		}
		if msg.number != strings.TrimSpace(m.number.Value()) {
			return m, nil // typed over since
		}
		m.loading = false
		if msg.err != nil {
			m.other, m.loadErr = nil, msg.err.Error()
			return m, kit.Fail(msg.err)
		}
		side := msg.side
		m.other, m.loadErr = &side, ""
		return m, nil
	case mergeDone:
		if msg.err != nil {
			m.stage, m.mergeErr = mgConfirm, msg.err
			return m, kit.Fail(msg.err)
		}
		m.stage, m.result, m.mergeErr = mgDone, msg.m, nil
		done := fmt.Sprintf("Fiche n°%d fusionnée dans la fiche n°%d", m.other.p.ID, m.keep.p.ID)
		if len(msg.m.OverCaps) > 0 {
			warn := done + " — plafond dépassé, à régulariser"
			return m, func() tea.Msg { return kit.StatusMsg{Text: warn, Err: true} }
		}
		return m, kit.Status(done + ".")
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return m.typeInto(msg)
}

func (m *Merge) key(msg tea.KeyPressMsg) (kit.Screen, tea.Cmd) {
	switch m.stage {
	case mgMerging:
		return m, nil
	case mgDone:
		if key.Matches(msg, mergeKeys.back) {
			return m, kit.Pop
		}
		return m, nil
	case mgConfirm:
		switch {
		case key.Matches(msg, mergeKeys.yes):
			m.stage = mgMerging
			return m, m.merge()
		case key.Matches(msg, mergeKeys.no):
			m.stage = mgInput
			return m, tea.Batch(m.focusField(1), kit.Status("Fusion abandonnée : rien n'a changé."))
		}
		return m, nil
	}
	switch {
	case key.Matches(msg, mergeKeys.field):
		return m, m.leaveNumber(1 - m.focus)
	case key.Matches(msg, mergeKeys.next):
		if m.focus == 0 {
			return m, m.leaveNumber(1)
		}
		return m, m.ask()
	}
	return m.typeInto(msg)
}

// leaveNumber focuses field i, reading the typed record when the number field is left.
func (m *Merge) leaveNumber(i int) tea.Cmd {
	cmds := []tea.Cmd{m.focusField(i)}
	if i == 1 && (m.other == nil || strconv.FormatInt(m.other.p.ID, 10) != m.cleanNumber()) {
		id, err := m.otherNumber()
		if err != nil {
			m.other, m.loadErr = nil, err.Error()
			return tea.Batch(append(cmds, m.focusField(0), kit.Fail(err))...)
		}
		m.loading, m.loadErr = true, ""
		cmds = append(cmds, m.load(strings.TrimSpace(m.number.Value()), id))
	}
	return tea.Batch(cmds...)
}

func (m *Merge) cleanNumber() string {
	id, err := m.otherNumber()
	if err != nil {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// ask moves to the o/n question once both records and a reason are there.
func (m *Merge) ask() tea.Cmd {
	switch {
	case m.other == nil || m.loading:
		if m.loadErr != "" {
			return tea.Batch(m.focusField(0), kit.Fail(domain.Errorf(domain.KindInvalid, "%s", m.loadErr)))
		}
		return m.leaveNumber(1)
	case strings.TrimSpace(m.reason.Value()) == "":
		return kit.Fail(domain.Errorf(domain.KindInvalid, "motif : obligatoire (par exemple « inscrite deux fois, accents différents »)"))
	}
	if _, err := domain.ValidateReason(m.reason.Value()); err != nil {
		return kit.Fail(err)
	}
	m.stage = mgConfirm
	m.number.Blur()
	m.reason.Blur()
	return nil
}

func (m *Merge) merge() tea.Cmd {
	env, keep, other, reason := m.env, m.keep.p.ID, m.other.p.ID, strings.TrimSpace(m.reason.Value())
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		res, err := env.Store.MergePeople(ctx, env.User, keep, other, reason)
		return mergeDone{res, err}
	}
}

func (m *Merge) typeInto(msg tea.Msg) (kit.Screen, tea.Cmd) {
	if m.stage != mgInput {
		return m, nil
	}
	var cmd tea.Cmd
	if m.focus == 0 {
		before := m.number.Value()
		m.number, cmd = m.number.Update(msg)
		if m.number.Value() != before {
			m.other, m.loadErr, m.loading = nil, "", false
		}
	} else {
		m.reason, cmd = m.reason.Update(msg)
	}
	return m, cmd
}

// SetSize is given the size the page is drawn at after every message (kit.Sized): the fields
// take the width here, in Update, not while drawing.
func (m *Merge) SetSize(w, h int) {
	m.number.SetWidth(max(w-28, 10))
	m.reason.SetWidth(max(w-28, 10))
}

func (m *Merge) View(w, h int) string {
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	text := func(indent int, t string) { add(sheetWrap(t, w, indent, 2)...) }

	if m.stage == mgDone {
		return m.doneView(w, h)
	}
	text(0, kit.StyleMuted.Render(fmt.Sprintf("Les carnets, diagnostics, présences et suivis de la fiche en double passent sur la fiche n°%d, qui est gardée ; le numéro de l'autre y mène ensuite.", m.keep.p.ID)))
	add("")
	fieldLine := func(i int, label string, in textinput.Model) {
		prefix, lab := "  ", kit.PadRight(label, 24)
		if m.focus == i && m.stage == mgInput {
			prefix, lab = kit.StyleSelected.Render("▸ "), kit.StyleSelected.Render(lab)
		}
		value := in.View()
		if m.stage != mgInput {
			value = in.Value()
		}
		add(prefix + lab + value)
	}
	fieldLine(0, "Fiche en double (n°)", m.number)
	if m.loadErr != "" {
		add(sheetWrap(kit.StyleErr.Render("✗ "+m.loadErr), w, 26, 2)...)
	}
	fieldLine(1, "Motif", m.reason)
	add("")
	add(m.sideBySide(w)...)
	add("")
	switch m.stage {
	case mgConfirm, mgMerging:
		if m.mergeErr != nil {
			text(0, kit.StyleErr.Render("✗ ")+kit.ErrorText(m.mergeErr))
		}
		if over := m.overCapWarning(); over != "" {
			text(0, kit.StyleWarn.Render("⚠ "+over))
		}
		q := fmt.Sprintf("Fusionner la fiche n°%d dans la fiche n°%d ? (o/n)", m.other.p.ID, m.keep.p.ID)
		if m.stage == mgMerging {
			q = "Fusion en cours…"
		}
		text(0, kit.StyleBold.Render(q))
	default:
		if m.loading {
			text(0, kit.StyleMuted.Render("Lecture de la fiche…"))
		} else {
			text(0, kit.StyleMuted.Render("Tapez le n° de la fiche en double, entrée, puis le motif et entrée : les deux fiches s'affichent côte à côte avant la question."))
		}
	}
	return scrollLines(lines, new(int), h)
}

// overCapWarning foresees, before the question, a merge that puts the person above a per-person
// cap: the merge is still allowed (the carnets are in people's hands), the coordination then
// voids the extra ones.
func (m *Merge) overCapWarning() string {
	if m.other == nil {
		return ""
	}
	var warn []string
	for _, o := range domain.MergeOverCaps(m.env.Programmes, m.keep.p, m.keep.byProgram, m.other.byProgram) {
		warn = append(warn, fmt.Sprintf("après la fusion, la personne aura %s du programme %s pour un maximum de %d par personne : la coordination devra annuler le carnet en trop",
			domain.Plural(o.Carnets, "carnet", "carnets"), o.Programme.Name, o.Programme.Limits.MaxPerPerson()))
	}
	for _, pair := range domain.MergeNotBoth(m.env.Programmes, m.keep.byProgram, m.other.byProgram) {
		warn = append(warn, fmt.Sprintf("après la fusion, la personne aura des carnets des programmes %s et %s, qui ne se cumulent pas : la coordination devra en annuler un",
			pair[0].Name, pair[1].Name))
	}
	return strings.Join(warn, " ; ")
}

// sideBySide shows the kept record and the other one in two columns.
func (m *Merge) sideBySide(w int) []string {
	colW := max((w-3)/2, 20)
	col := func(title string, s *mergeSide) string {
		ls := []string{kit.StyleBold.Render(title)}
		if s == nil {
			ls = append(ls, kit.StyleMuted.Render("—"))
			return strings.Join(ls, "\n")
		}
		p := s.p
		qpv := "hors QPV"
		if p.QPV != "" {
			qpv = "QPV " + p.QPV
		}
		addr := orUnknown(p.Address, "adresse non renseignée")
		if p.PostalCode != "" && p.Address != "" {
			addr += ", " + p.PostalCode
		}
		reg := "fiche créée"
		if !p.CreatedAt.IsZero() {
			reg += " le " + localTime(m.env, p.CreatedAt).Format("02/01/2006")
		}
		if by := userName(m.env, p.CreatedBy); by != "" {
			reg += " par " + by
		}
		consent := "consentement : non"
		if p.Consent {
			consent = "consentement : oui"
		}
		for _, l := range []string{
			p.DisplayName(),
			"né(e) le " + p.BirthDate.Format("02/01/2006"),
			m.env.CommuneName(p.Commune) + " · " + qpv,
			addr,
			domain.Plural(s.carnets, "carnet remis", "carnets remis") + " · " + domain.Plural(s.diags, "diagnostic", "diagnostics"),
			consent,
			reg,
		} {
			ls = append(ls, kit.Wrap(l, colW))
		}
		return strings.Join(ls, "\n")
	}
	left := col(fmt.Sprintf("Gardée : n°%d", m.keep.p.ID), &m.keep)
	otherTitle := "En double"
	if m.other != nil {
		otherTitle = fmt.Sprintf("En double : n°%d", m.other.p.ID)
	}
	right := col(otherTitle, m.other)
	box := lipgloss.NewStyle().Width(colW)
	sepH := max(lipgloss.Height(left), lipgloss.Height(right))
	sep := strings.TrimRight(strings.Repeat(" │ \n", sepH), "\n")
	return strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, box.Render(left), kit.StyleMuted.Render(sep), box.Render(right)), "\n")
}

func (m *Merge) doneView(w, h int) string {
	var lines []string
	text := func(indent int, t string) { lines = append(lines, sheetWrap(t, w, indent, 2)...) }
	r := m.result
	text(0, kit.StyleOK.Render(fmt.Sprintf("✓ Fiche n°%d fusionnée dans la fiche n°%d (%s).", m.other.p.ID, r.Kept.ID, r.Kept.DisplayName())))
	text(2, fmt.Sprintf("Passés sur la fiche n°%d : %s, %s, %s, %s.", r.Kept.ID,
		domain.Plural(r.Carnets, "carnet", "carnets"), domain.Plural(r.Diagnostics, "diagnostic", "diagnostics"),
		domain.Plural(r.Attendances, "présence", "présences"), domain.Plural(r.FollowUps, "suivi", "suivis")))
	text(2, fmt.Sprintf("Le n°%d mène désormais à cette fiche.", m.other.p.ID))
	if len(r.OverCaps) > 0 {
		lines = append(lines, "", kit.StyleErr.Render("⚠ PLAFOND DÉPASSÉ — à régulariser"))
		for _, o := range r.OverCaps {
			lines = append(lines, sheetWrap(kit.StyleErr.Render(o.Message()), w, 2, 2)...)
		}
		text(2, "Aucun carnet ne peut plus lui être remis ; la coordination choisit le carnet en trop à annuler.")
	}
	lines = append(lines, "", kit.StyleMuted.Render("entrée : retour à la fiche"))
	return scrollLines(lines, new(int), h)
}
