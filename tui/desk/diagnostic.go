package desk

import (
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/kit"
)

// The front-desk diagnostic (diagnostic.md): the receptionist reads each question aloud and types
// one key per answer. One screen walks through the seven context questions, the fourteen items
// and the result, so going back never loses an answer.

type diagPhase int

const (
	diagContext   diagPhase = iota // K1…K7
	diagItems                      // Q01…Q14
	diagComputing                  // waiting for the places
	diagResult
)

// Context steps, in the order they are asked.
const (
	stepMotif = iota
	stepEquipment
	stepCommune
	stepMobility
	stepSupport
	stepPreference
	stepUrgent
	contextSteps
)

// skipAnswer is the key of « pas concerné », the scale's null answer.
const skipAnswer = "n"

// Diagnostic is the diagnostic screen, for a recorded person or an anonymous one.
type Diagnostic struct {
	env    *kit.Env
	person *domain.Person // nil: the person is not recorded; the diagnostic is kept anonymously

	phase  diagPhase
	step   int // context step
	cursor int // line under the cursor in multi-choice steps
	item   int // index in domain.DiagItems

	motifs     []domain.Need // most important first
	equipment  domain.Equipment
	commune    int // index in env.Communes
	mobility   int // index in domain.Mobilities
	support    []string
	preference int // index in domain.Preferences
	freeOnly   bool
	urgent     bool
	answers    []string // per item: an AnswerScale key, "" while unanswered

	hint         string // a one-off remark shown under the question (e.g. too many motifs)
	confirmLeave bool   // esc was pressed once with answers in hand

	in           domain.DiagnosticInput
	res          *domain.DiagnosticResult
	savedID      int64
	saveFailed   bool
	showExcluded bool
	scroll       int
	jumpExcluded bool // scroll to the excluded places at the next SetSize
	pageHeight   int  // body height, from SetSize, for pgup/pgdown
}

// diagComputed carries the result computed against the places of the ledger.
type diagComputed struct {
	res domain.DiagnosticResult
	err error
}

type diagSaved struct {
	id  int64
	err error
}

// NewDiagnostic opens a diagnostic; p nil means the person is not (yet) recorded.
func NewDiagnostic(env *kit.Env, p *domain.Person) kit.Screen {
	d := &Diagnostic{env: env, person: p, freeOnly: true, answers: make([]string, len(domain.DiagItems))}
	if p != nil {
		for i, c := range env.Communes {
			if c.INSEE == p.Commune {
				d.commune = i
			}
		}
	}
	d.cursor = d.stepCursor()
	return d
}

func (d *Diagnostic) Title() string {
	if d.person != nil {
		return "Diagnostic — " + d.person.DisplayName()
	}
	return "Diagnostic (personne non enregistrée)"
}

// Typing is false: every key is a command, so « ? » opens the help.
func (d *Diagnostic) Typing() bool { return false }

func (d *Diagnostic) Init() tea.Cmd { return nil }

// HandleEsc closes the excluded places first, and asks once before dropping answers already given.
func (d *Diagnostic) HandleEsc() (kit.Screen, tea.Cmd, bool) {
	switch {
	case d.phase == diagResult && d.showExcluded:
		d.showExcluded = false
		return d, nil, true
	case (d.phase == diagContext || d.phase == diagItems) && d.answeredCount() > 0 && !d.confirmLeave:
		d.confirmLeave = true
		d.hint = "Les réponses seront perdues : esc encore pour abandonner le diagnostic, une autre touche pour continuer."
		return d, nil, true
	}
	return d, nil, false
}

// Unsaved is the diagnostic under way: answers given and not yet recorded.
func (d *Diagnostic) Unsaved() string {
	switch {
	case (d.phase == diagContext || d.phase == diagItems) && (d.answeredCount() > 0 || d.step > 0 || len(d.motifs) > 0):
		return "le diagnostic en cours n'est pas enregistré"
	case d.phase == diagResult && d.saveFailed:
		return "le diagnostic n'a pas pu être enregistré"
	}
	return ""
}

func (d *Diagnostic) answeredCount() int {
	n := 0
	for _, a := range d.answers {
		if a != "" {
			n++
		}
	}
	return n
}

func (d *Diagnostic) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case diagComputed:
		return d, d.computed(msg)
	case diagSaved:
		if msg.err != nil {
			d.saveFailed = true
			return d, kit.Fail(msg.err)
		}
		d.savedID = msg.id
		if d.person == nil {
			return d, kit.Status("Diagnostic enregistré anonymement (personne non enregistrée)")
		}
		return d, kit.Status("Diagnostic enregistré")
	case tea.KeyPressMsg:
		if d.confirmLeave {
			d.confirmLeave, d.hint = false, ""
		}
		switch d.phase {
		case diagContext:
			return d, d.contextKey(msg)
		case diagItems:
			return d, d.itemKey(msg)
		case diagResult:
			return d, d.resultKey(msg)
		}
	}
	return d, nil
}

// stepCursor is where the cursor starts on the current step: on the chosen answer when the step
// is a single choice, so coming back shows what was answered.
func (d *Diagnostic) stepCursor() int {
	switch d.step {
	case stepCommune:
		return d.commune
	case stepMobility:
		return d.mobility
	case stepPreference:
		return d.preference
	case stepUrgent:
		if d.urgent {
			return 0
		}
		return 1
	}
	return 0
}

// stepLines is how many lines the cursor moves over on the current step.
func (d *Diagnostic) stepLines() int {
	switch d.step {
	case stepMotif:
		return len(domain.Motifs)
	case stepEquipment:
		return 3
	case stepCommune:
		return len(d.env.Communes)
	case stepMobility:
		return len(domain.Mobilities)
	case stepSupport:
		return len(domain.SupportNeeds)
	case stepPreference:
		return len(domain.Preferences)
	}
	return 2
}

func (d *Diagnostic) goStep(step int) {
	d.phase, d.step, d.hint = diagContext, step, ""
	d.cursor = d.stepCursor()
}

func (d *Diagnostic) nextStep() {
	if d.step+1 < contextSteps {
		d.goStep(d.step + 1)
		return
	}
	d.phase, d.item, d.hint = diagItems, 0, ""
}

// moveCursor handles ↑/↓ and the page keys on a list of n lines; single-choice steps follow the
// cursor so that entrée takes the highlighted line.
func (d *Diagnostic) moveCursor(k string) {
	n := d.stepLines()
	switch k {
	case "up":
		d.cursor--
	case "down":
		d.cursor++
	case "pgup":
		d.cursor -= 10
	case "pgdown":
		d.cursor += 10
	case "home":
		d.cursor = 0
	case "end":
		d.cursor = n - 1
	}
	d.cursor = max(0, min(d.cursor, n-1))
	d.choose(d.cursor)
}

// choose selects line i on a single-choice step.
func (d *Diagnostic) choose(i int) {
	switch d.step {
	case stepCommune:
		d.commune = i
	case stepMobility:
		d.mobility = i
	case stepPreference:
		d.preference = i
	case stepUrgent:
		d.urgent = i == 0
	}
}

// digit is the number a key stands for in lists numbered from 1 (0 being the tenth line), -1 if none.
func digit(k string) int {
	if len(k) != 1 || k[0] < '0' || k[0] > '9' {
		return -1
	}
	if k[0] == '0' {
		return 9
	}
	return int(k[0] - '1')
}

func (d *Diagnostic) contextKey(msg tea.KeyPressMsg) tea.Cmd {
	k := msg.String()
	switch {
	case k == "left" || k == "backspace":
		if d.step > 0 {
			d.goStep(d.step - 1)
		}
		return nil
	case k == "enter":
		return d.confirmStep()
	case slices.Contains([]string{"up", "down", "pgup", "pgdown", "home", "end"}, k):
		d.moveCursor(k)
		return nil
	}
	d.hint = ""
	switch d.step {
	case stepMotif:
		if k == "space" {
			d.toggleMotif(d.cursor)
		} else if i := digit(k); i >= 0 && i < len(domain.Motifs) {
			d.cursor = i
			d.toggleMotif(i)
		}
	case stepEquipment:
		switch i := digit(k); {
		case k == "space":
			d.toggleEquipment(d.cursor, nil)
		case i >= 0 && i < 3:
			d.cursor = i
			d.toggleEquipment(i, nil)
		case k == "o" || k == "n":
			yes := k == "o"
			d.toggleEquipment(d.cursor, &yes)
			d.cursor = min(d.cursor+1, 2)
		}
	case stepCommune:
		d.jumpToInitial(k)
	case stepMobility, stepPreference:
		if i := digit(k); i >= 0 && i < d.stepLines() {
			d.cursor = i
			d.choose(i)
			return d.confirmStep()
		} else if k == "g" && d.step == stepPreference {
			d.freeOnly = !d.freeOnly
		}
	case stepSupport:
		if k == "space" {
			d.toggleSupport(d.cursor)
		} else if i := digit(k); i >= 0 && i < len(domain.SupportNeeds) {
			d.cursor = i
			d.toggleSupport(i)
		}
	case stepUrgent:
		if k == "o" || k == "n" {
			d.urgent = k == "o"
			d.cursor = d.stepCursor()
			return d.confirmStep()
		}
	}
	return nil
}

// confirmStep leaves the current step when its answer is complete.
func (d *Diagnostic) confirmStep() tea.Cmd {
	switch d.step {
	case stepMotif:
		if len(d.motifs) == 0 {
			d.hint = "Cochez au moins un motif (« Autre, curiosité » s'il n'y en a pas)."
			return nil
		}
	case stepCommune:
		if len(d.env.Communes) == 0 {
			d.hint = "Aucune commune n'est configurée : la coordination doit compléter la configuration."
			return nil
		}
	}
	d.nextStep()
	return nil
}

func (d *Diagnostic) toggleMotif(i int) {
	n := domain.Motifs[i].Need
	if j := slices.Index(d.motifs, n); j >= 0 {
		d.motifs = slices.Delete(d.motifs, j, j+1)
		return
	}
	if len(d.motifs) >= domain.MaxMotifs {
		d.hint = "Deux motifs au plus : décochez-en un pour en choisir un autre."
		return
	}
	d.motifs = append(d.motifs, n)
}

// toggleEquipment flips line i, or sets it when to is given.
func (d *Diagnostic) toggleEquipment(i int, to *bool) {
	fields := []*bool{&d.equipment.Smartphone, &d.equipment.Computer, &d.equipment.Internet}
	if to != nil {
		*fields[i] = *to
	} else {
		*fields[i] = !*fields[i]
	}
}

// toggleSupport keeps the codes in the order of domain.SupportNeeds, whatever order they were ticked in.
func (d *Diagnostic) toggleSupport(i int) {
	code := domain.SupportNeeds[i].Code
	var out []string
	for _, s := range domain.SupportNeeds {
		if has := slices.Contains(d.support, s.Code); has != (s.Code == code) {
			out = append(out, s.Code)
		}
	}
	d.support = out
}

// jumpToInitial moves to the next commune whose name starts with the letter, after the cursor,
// so pressing it again walks through communes sharing an initial.
func (d *Diagnostic) jumpToInitial(k string) {
	if len(k) != 1 || len(d.env.Communes) == 0 {
		return
	}
	n := len(d.env.Communes)
	for off := 1; off <= n; off++ {
		i := (d.cursor + off) % n
		name := domain.Normalize(d.env.Communes[i].Name)
		if strings.HasPrefix(name, k) {
			d.cursor = i
			d.choose(i)
			return
		}
	}
}

func (d *Diagnostic) itemKey(msg tea.KeyPressMsg) tea.Cmd {
	k := msg.String()
	d.hint = ""
	switch {
	case k == "left" || k == "backspace":
		if d.item == 0 {
			d.goStep(contextSteps - 1)
		} else {
			d.item--
		}
	case k == "right" || k == "enter":
		if d.answers[d.item] != "" {
			return d.advance()
		}
		d.hint = "Pas encore de réponse : 0 à 3, ou n."
	case slices.ContainsFunc(domain.AnswerScale, func(o domain.AnswerOption) bool { return o.Key == k }):
		d.answers[d.item] = k
		return d.advance()
	}
	return nil
}

// advance goes to the next item, or computes the result after the last one.
func (d *Diagnostic) advance() tea.Cmd {
	if d.item+1 < len(domain.DiagItems) {
		d.item++
		return nil
	}
	return d.finish()
}

// input is what was entered, in the domain's form.
func (d *Diagnostic) input() domain.DiagnosticInput {
	in := domain.DiagnosticInput{
		Motifs:     slices.Clone(d.motifs),
		Equipment:  d.equipment,
		Mobility:   domain.Mobility(domain.Mobilities[d.mobility].Code),
		Support:    append([]string{}, d.support...),
		Preference: domain.Preference(domain.Preferences[d.preference].Code),
		Urgent:     d.urgent,
		Answers:    make(map[string]*int, len(domain.DiagItems)),
	}
	free := d.freeOnly
	in.FreeOnly = &free
	if d.commune < len(d.env.Communes) {
		in.Commune = d.env.Communes[d.commune].INSEE
	}
	for i, it := range domain.DiagItems {
		for _, o := range domain.AnswerScale {
			if o.Key == d.answers[i] {
				in.Answers[it.Code] = o.Value
			}
		}
	}
	return in
}

// finish validates the answers and computes the result against the ledger's places.
func (d *Diagnostic) finish() tea.Cmd {
	in := d.input()
	known := func(insee string) bool { _, ok := d.env.Commune(insee); return ok }
	if err := in.Validate(known); err != nil {
		return kit.Fail(err)
	}
	d.in, d.phase = in, diagComputing
	env := d.env
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		places, err := env.Store.Places(ctx)
		if err != nil {
			return diagComputed{err: err}
		}
		return diagComputed{res: domain.Diagnose(in, places, env.Communes, env.Programme().RecognisedLabels)}
	}
}

// computed shows the result and records it; a failure to read the places leaves the person on
// the last question, where answering again retries.
func (d *Diagnostic) computed(msg diagComputed) tea.Cmd {
	if d.phase != diagComputing {
		return nil
	}
	if msg.err != nil {
		d.phase = diagItems
		return kit.Fail(msg.err)
	}
	res := msg.res
	d.res, d.phase, d.scroll = &res, diagResult, 0
	env, in := d.env, d.in
	var personID int64
	if d.person != nil {
		personID = d.person.ID
	}
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		id, err := env.Store.SaveDiagnostic(ctx, env.User, personID, in, res)
		return diagSaved{id, err}
	}
}

func (d *Diagnostic) resultKey(msg tea.KeyPressMsg) tea.Cmd {
	page := max(d.pageHeight-1, 1)
	d.hint = ""
	switch k := msg.String(); k {
	case "up":
		d.scroll--
	case "down":
		d.scroll++
	case "pgup":
		d.scroll -= page
	case "pgdown":
		d.scroll += page
	case "home":
		d.scroll = 0
	case "end":
		d.scroll = 1 << 30 // clamped by SetSize, which knows the content's length
	case "x":
		d.showExcluded = !d.showExcluded
		d.jumpExcluded = d.showExcluded
	case "r":
		if d.person != nil {
			return kit.Replace(NewHandover(d.env, d.person)) // the result is saved: after the hand-over, back to the fiche
		}
		d.hint = "Personne non enregistrée : enregistrez-la (ctrl+n à l'accueil) pour lui remettre un carnet."
	case "o":
		if d.person != nil && d.res != nil {
			return kit.Push(NewOrient(d.env, *d.person, d.res.Recommendations)) // back to this result after
		}
		d.hint = "Personne non enregistrée : enregistrez-la (ctrl+n à l'accueil) pour l'orienter vers un lieu."
	}
	d.scroll = max(d.scroll, 0)
	return nil
}
