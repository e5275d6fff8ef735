package desk

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"passnum/domain"
	"passnum/domain/doc"
	"passnum/tui/kit"
)

var handoverKeys = struct {
	up, down, scroll, choose, check, yes, no, newPerson, fiche, back, print key.Binding
}{
	up:        key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "parcourir")),
	down:      key.NewBinding(key.WithKeys("down")),
	scroll:    key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "défiler")),
	choose:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "choisir")),
	check:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "vérifier le carnet")),
	yes:       key.NewBinding(key.WithKeys("o", "O", "enter"), key.WithHelp("o/entrée", "confirmer la remise")),
	no:        key.NewBinding(key.WithKeys("n", "N"), key.WithHelp("n", "ne pas remettre")),
	newPerson: key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "nouvelle personne")),
	fiche:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "ouvrir la fiche de la personne")),
	print:     key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "imprimer le courrier")),
	back:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "retour à la fiche")),
}

type handoverStage int

const (
	hoFind     handoverStage = iota // who receives the carnet
	hoNumber                        // scan or type the carnet number
	hoChecking                      // checks running
	hoConfirm                       // every check passed: one o/n question
	hoIssuing                       // IssueCarnet running
	hoDone                          // carnet handed over, letter written
	hoAsk                           // « un conseiller accompagne-t-il … ? » (o/n), when the programme's cap depends on it
	hoReason                        // the reason of a carnet beyond the cap, typed
)

// handoverCheck is one line of the checklist shown before a hand-over.
type handoverCheck struct {
	Label   string
	OK      bool
	Reason  string
	Details []string // failing criteria, who else lives in the foyer: one per line
	Todo    string   // what the desk can do about a ✗
	Person  bool     // the line is about the person, not the carnet: another carnet will not do
}

// Handover is the remise de carnet: who, which carnet, a checklist computed from the ledger and
// the rules, one confirmation, then the courrier d'accompagnement.
type Handover struct {
	env        *kit.Env
	stage      handoverStage
	person     *domain.Person
	searched   bool // the person was chosen here, so esc goes back to the search
	fromFiche  bool // opened for a known person (from their fiche): done goes back to it
	search     textinput.Model
	people     kit.PeopleSearch
	cursor     int
	number     textinput.Model
	checkedFor string // carnet number the checklist is about
	checks     []handoverCheck
	offset     int  // first checklist line shown when it is taller than the screen
	overflow   bool // set by View: the checklist scrolls
	prog       domain.Programme
	issuable   []domain.Programme // programmes the person may receive a carnet of now, read on arrival
	txtPath    string
	htmlPath   string
	places     int
	from       doc.PlacesFrom
	letterErr  error
	allowance  handoverAllowance // accompanied or not, reason of an extra carnet (handover_allowance.go)
}

// handoverOptions says of which programmes the person may receive a carnet now: with two, the
// desk chooses (the programme in use, F2) before scanning.
type handoverOptions struct {
	person   int64
	issuable []domain.Programme
}

type handoverChecked struct {
	needsReason bool // the cap is reached, the programme gives one more on a stated reason
	number      string
	person      domain.Person
	prog        domain.Programme
	checks      []handoverCheck
	err         error // the checks could not be computed (not a failed check)
}

type handoverIssued struct {
	number    string
	places    int            // places the letter lists
	from      doc.PlacesFrom // the diagnostic's recommendations or the programme's qualified places
	txtPath   string
	htmlPath  string
	letterErr error
	err       error
}

// NewHandover opens the remise de carnet for p, or asks who when p is nil.
func NewHandover(env *kit.Env, p *domain.Person) kit.Screen {
	h := &Handover{env: env, stage: hoNumber}
	h.search = kit.NewInput("Nom : ", "nom ou prénom de la personne", 80)
	h.number = kit.NewInput("N° du carnet : ", "scannez ou tapez le numéro imprimé sur la couverture", 40)
	if p == nil {
		h.stage = hoFind
	} else {
		cp := *p
		h.person, h.fromFiche = &cp, true
	}
	return h
}

func (h *Handover) Title() string {
	if h.person == nil {
		return "Remise de carnet"
	}
	return "Remise de carnet — " + h.person.DisplayName()
}

func (h *Handover) Keys() []key.Binding {
	switch h.stage {
	case hoFind:
		return []key.Binding{handoverKeys.choose, handoverKeys.up, handoverKeys.newPerson}
	case hoNumber:
		if h.overflow && len(h.checks) > 0 {
			return []key.Binding{handoverKeys.check, handoverKeys.scroll}
		}
		return []key.Binding{handoverKeys.check}
	case hoConfirm:
		if h.overflow {
			return []key.Binding{handoverKeys.yes, handoverKeys.no, handoverKeys.scroll}
		}
		return []key.Binding{handoverKeys.yes, handoverKeys.no}
	case hoDone:
		if h.fromFiche {
			return []key.Binding{handoverKeys.print, handoverKeys.back}
		}
		return []key.Binding{handoverKeys.print, handoverKeys.fiche}
	}
	return nil
}

// Typing is true while a name or a number is being typed (a scanner types digits too).
func (h *Handover) Typing() bool {
	return h.stage == hoFind || h.stage == hoNumber || h.stage == hoReason
}

// Init focuses the field of the current stage; coming back from a new person's form, it also
// refreshes the search.
func (h *Handover) Init() tea.Cmd {
	switch h.stage {
	case hoFind:
		h.number.Blur()
		return tea.Batch(h.search.Focus(), h.query())
	case hoNumber:
		h.search.Blur()
		return tea.Batch(h.number.Focus(), h.options())
	}
	return nil
}

// options reads the programmes the person may receive a carnet of, only when several are
// configured: with one, there is nothing to choose.
func (h *Handover) options() tea.Cmd {
	if h.person == nil || !h.env.SeveralProgrammes() || h.env.Store == nil {
		return nil
	}
	env, pid := h.env, h.person.ID
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		sts, err := env.Store.Standings(ctx, pid)
		if err != nil {
			return handoverOptions{person: pid} // the checks after the scan say what is wrong
		}
		return handoverOptions{person: pid, issuable: domain.Issuable(sts)}
	}
}

// chosen is the programme the desk hands a carnet of, when the person may receive one of
// several: the programme in use (F2 switches it). ok is false when there is no choice to make.
func (h *Handover) chosen() (domain.Programme, bool) {
	if len(h.issuable) < 2 {
		return domain.Programme{}, false
	}
	cur := h.env.Programme()
	for _, p := range h.issuable {
		if p.ID == cur.ID {
			return p, true
		}
	}
	return h.issuable[0], true
}

// HandleEsc steps back inside the hand-over before leaving it.
func (h *Handover) HandleEsc() (kit.Screen, tea.Cmd, bool) {
	switch {
	case h.stage == hoConfirm || h.stage == hoAsk || h.stage == hoReason:
		return h, h.cancel(), true
	case h.stage == hoNumber && h.searched:
		h.stage, h.person, h.searched, h.checks = hoFind, nil, false, nil
		h.number.SetValue("")
		return h, h.Init(), true
	}
	return h, nil, false
}

func (h *Handover) cancel() tea.Cmd {
	h.allowance.reset()
	h.stage, h.checks, h.checkedFor = hoNumber, nil, ""
	h.number.SetValue("")
	return tea.Batch(h.number.Focus(), kit.Status("Remise annulée : le carnet n'a pas été remis."))
}

func (h *Handover) query() tea.Cmd { return h.people.Query(h.env, h.search.Value(), 8) }

func (h *Handover) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case kit.PeopleFound:
		cmd, _ := h.people.Take(msg)
		h.cursor = min(h.cursor, max(len(h.people.Results)-1, 0))
		return h, cmd
	case handoverOptions:
		if h.person != nil && msg.person == h.person.ID {
			h.issuable = msg.issuable
		}
		return h, nil
	case handoverChecked:
		if h.stage != hoChecking || msg.number != h.checkedFor {
			return h, nil
		}
		if msg.err != nil {
			h.stage = hoNumber
			return h, tea.Batch(h.number.Focus(), kit.Fail(msg.err))
		}
		p := msg.person
		h.person, h.prog, h.checks, h.offset = &p, msg.prog, msg.checks, 0
		if next, cmd, ok := h.allowanceStage(msg); ok {
			h.stage = next
			return h, cmd
		}
		if handoverAllOK(h.checks) {
			h.stage = hoConfirm
			h.number.Blur()
			return h, nil
		}
		// Cleared so the next scan starts a new number instead of adding to this one.
		h.stage = hoNumber
		h.number.SetValue("")
		return h, h.number.Focus()
	case handoverIssued:
		if h.stage != hoIssuing || msg.number != h.checkedFor {
			return h, nil
		}
		if msg.err != nil {
			h.stage, h.checks, h.checkedFor = hoNumber, nil, ""
			h.number.SetValue("")
			return h, tea.Batch(h.number.Focus(), kit.Fail(msg.err))
		}
		h.stage, h.txtPath, h.htmlPath, h.places, h.from, h.letterErr = hoDone, msg.txtPath, msg.htmlPath, msg.places, msg.from, msg.letterErr
		done := kit.Status(fmt.Sprintf("Carnet %s remis à %s.", msg.number, h.person.DisplayName()))
		if msg.letterErr != nil {
			done = kit.Fail(fmt.Errorf("carnet %s bien remis, mais le courrier n'a pas pu être écrit : %w", msg.number, msg.letterErr))
		}
		return h, done
	case tea.KeyPressMsg:
		return h.key(msg)
	}
	return h.typeInto(msg)
}

func (h *Handover) key(msg tea.KeyPressMsg) (kit.Screen, tea.Cmd) {
	if (h.stage == hoNumber || h.stage == hoConfirm) && len(h.checks) > 0 {
		switch {
		case key.Matches(msg, handoverKeys.up):
			h.offset = max(h.offset-1, 0)
			return h, nil
		case key.Matches(msg, handoverKeys.down):
			h.offset++ // View clamps it to the checklist
			return h, nil
		}
	}
	if h.stage == hoAsk || h.stage == hoReason {
		return h.allowanceKey(msg)
	}
	switch h.stage {
	case hoFind:
		switch {
		case key.Matches(msg, handoverKeys.up):
			h.cursor = max(h.cursor-1, 0)
			return h, nil
		case key.Matches(msg, handoverKeys.down):
			h.cursor = min(h.cursor+1, max(len(h.people.Results)-1, 0))
			return h, nil
		case key.Matches(msg, handoverKeys.newPerson):
			return h, kit.Push(NewPersonForm(h.env, nil))
		case key.Matches(msg, handoverKeys.choose):
			if h.cursor >= len(h.people.Results) {
				return h, nil
			}
			p := h.people.Results[h.cursor]
			h.person, h.searched, h.stage = &p, true, hoNumber
			return h, h.Init()
		}
	case hoNumber:
		if key.Matches(msg, handoverKeys.check) {
			number := strings.TrimSpace(h.number.Value())
			if number == "" {
				return h, kit.Status("Scannez le carnet ou tapez son numéro, puis entrée.")
			}
			h.stage, h.checkedFor, h.checks = hoChecking, number, nil
			want, _ := h.chosen()
			return h, h.runChecks(number, want.ID)
		}
	case hoConfirm:
		switch {
		case key.Matches(msg, handoverKeys.yes):
			h.stage = hoIssuing
			return h, h.issue()
		case key.Matches(msg, handoverKeys.no):
			return h, h.cancel()
		case msg.Text != "":
			// Another carnet scanned at the question: its digits start a new number, so the
			// Enter the scanner sends checks that carnet instead of confirming this one.
			h.stage, h.checks, h.checkedFor = hoNumber, nil, ""
			h.number.SetValue("")
			focus := h.number.Focus()
			_, cmd := h.typeInto(msg)
			return h, tea.Batch(focus, cmd)
		}
		return h, nil
	case hoDone:
		if key.Matches(msg, handoverKeys.print) {
			return h, kit.Push(NewLetterPrint(h.env, *h.person, h.checkedFor))
		}
		if key.Matches(msg, handoverKeys.fiche) {
			if h.fromFiche {
				return h, kit.Pop // the fiche below reloads and shows the new carnet
			}
			return h, kit.Replace(NewPersonScreen(h.env, h.person.ID))
		}
		return h, nil
	default:
		return h, nil // checking or issuing: a key must not start a second operation
	}
	return h.typeInto(msg)
}

// typeInto gives a message to the field of the current stage.
func (h *Handover) typeInto(msg tea.Msg) (kit.Screen, tea.Cmd) {
	var cmd tea.Cmd
	switch h.stage {
	case hoFind:
		before := h.search.Value()
		h.search, cmd = h.search.Update(msg)
		if h.search.Value() != before {
			h.cursor = 0
			return h, tea.Batch(cmd, h.query())
		}
	case hoNumber:
		h.number, cmd = h.number.Update(msg)
	case hoReason:
		h.allowance.reason, cmd = h.allowance.reason.Update(msg)
	}
	return h, cmd
}

func handoverAllOK(checks []handoverCheck) bool {
	for _, c := range checks {
		if !c.OK {
			return false
		}
	}
	return len(checks) > 0
}

// runChecks computes the checklist from the ledger and the rules. IssueCarnet checks the same
// things again in its transaction; this list is there so the desk can explain a refusal before
// anyone says yes.
// want is the programme the desk chose when the person may receive a carnet of several ("" when
// there was no choice): a carnet of another one is refused before anyone says yes.
func (h *Handover) runChecks(number, want string) tea.Cmd {
	env, pid, req := h.env, h.person.ID, h.allowance.request()
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		return handoverCompute(ctx, env, pid, number, want, req)
	}
}

func handoverCompute(ctx context.Context, env *kit.Env, personID int64, number, want string, req domain.HandOverRequest) handoverChecked {
	out := handoverChecked{number: number}
	p, err := env.Store.Person(ctx, personID)
	if err != nil {
		out.err = err
		return out
	}
	out.person = p
	add := func(c handoverCheck) { out.checks = append(out.checks, c) }
	c, err := env.Store.Carnet(ctx, number)
	if domain.KindOf(err) == domain.KindNotFound {
		add(handoverCheck{Label: "Carnet", Reason: fmt.Sprintf("carnet %s introuvable : vérifiez le numéro imprimé sur la couverture", number)})
		return out
	} else if err != nil {
		out.err = err
		return out
	}
	now := env.Now()

	owner := handoverCheck{Label: "Carnet de votre structure", OK: true}
	switch {
	case c.Prescriber == "" && env.User.Role != domain.RoleCoordination:
		owner.OK, owner.Reason = false, "le carnet n'est attribué à aucun prescripteur : la coordination doit d'abord l'attribuer à "+env.PrescriberName(env.User.Prescriber)
	case c.Prescriber == "":
		owner.Reason = "pas encore attribué (la coordination peut remettre tout carnet)"
	default:
		owner.Reason = "attribué à " + env.PrescriberName(c.Prescriber)
		if env.User.Role == domain.RoleCoordination && c.Prescriber != env.User.Prescriber {
			owner.Reason += " (la coordination peut remettre tout carnet)"
		}
	}
	if err := domain.Authorize(env.User, domain.ActIssue, domain.Scope{Prescriber: c.Prescriber}); err != nil {
		owner.OK, owner.Reason = false, err.Error()
	}
	add(owner)

	state := handoverCheck{Label: "État du carnet", Reason: domain.CarnetStateLabel(c.State)}
	switch c.State {
	case domain.CarnetAllocated:
		state.OK, state.Reason = true, "attribué, prêt à être remis"
	case domain.CarnetInStock:
		state.Reason = "encore en stock : il doit d'abord être attribué à un prescripteur"
	case domain.CarnetIssued:
		who := "à une autre personne"
		if c.PersonID == p.ID {
			who = "à cette personne"
		}
		state.Reason = "déjà remis " + who + " le " + localTime(env, c.IssuedAt).Format("02/01/2006")
	case domain.CarnetVoid:
		state.Reason = "annulé"
		if c.VoidReason != "" {
			state.Reason += " (" + c.VoidReason + ")"
		}
	}
	add(state)

	prog, ok := env.ProgrammeNow(c.Programme) // the end the ledger says now, not as the screen opened
	if !ok {
		add(handoverCheck{Label: "Programme", Reason: fmt.Sprintf("programme %q inconnu de la configuration", c.Programme)})
		return out
	}
	out.prog = prog
	if env.SeveralProgrammes() {
		line := handoverCheck{Label: "Programme", OK: true, Reason: prog.Name}
		if w, ok := env.ProgrammeByID(want); ok && want != prog.ID {
			line.OK = false
			line.Reason = fmt.Sprintf("le carnet %s est du programme %s, la remise est au titre du programme %s", number, prog.Name, w.Name)
			line.Todo = "scannez un carnet du programme " + w.Name + ", ou F2 pour changer de programme puis rescannez"
		}
		add(line)
	}

	st, err := env.Store.StandingFor(ctx, p.ID, prog.ID, req)
	if err != nil {
		out.err = err
		return out
	}
	out.needsReason = st.NeedsExtraReason()
	for _, c := range standingChecks(env, p, prog, st) {
		add(c)
	}

	dist := handoverCheck{Label: "Distribution", OK: true}
	if err := prog.DistributionOpen(now); err != nil {
		dist.OK, dist.Reason = false, err.Error()
	} else if !prog.ValidUntil.IsZero() {
		cal := prog.Calendar()
		dist.Reason = fmt.Sprintf("ouverte jusqu'au %s (fin le %s)", domain.ShortDate(cal.LastHandoverDay()), domain.ShortDate(cal.End))
	} else {
		dist.Reason = "ouverte"
	}
	add(dist)
	return out
}

// fixFiche is what the desk does when the person's record is wrong or incomplete.
const fixFiche = "corrigez la fiche de la personne (touche e sur sa fiche), puis rescannez le carnet"

// standingChecks are the lines about the person: eligibility, consent, the person's cap and,
// when the programme has one, the foyer's — every rule at once, so the desk sees each obstacle.
func standingChecks(env *kit.Env, p domain.Person, prog domain.Programme, st domain.Standing) []handoverCheck {
	var out []handoverCheck
	elig := handoverCheck{Label: "Éligibilité", OK: st.Eligible, Person: true}
	if st.Eligible {
		elig.Reason = "public « " + st.Public.Name + " »"
		if env.SeveralProgrammes() {
			elig.Reason += " du programme " + prog.Name
		}
		if st.Public.Proof != "" {
			elig.Details = append(elig.Details, "justificatif à demander : "+st.Public.Proof)
		}
	} else {
		elig.Reason = "aucun public du programme " + prog.Name + " ne correspond"
		for _, pv := range st.Publics {
			var why []string
			for _, cr := range pv.Criteria {
				if !cr.OK {
					why = append(why, cr.Reason)
				}
			}
			elig.Details = append(elig.Details, pv.Public.Name+" : "+strings.Join(why, " ; "))
		}
		elig.Todo = "si la fiche est inexacte, " + fixFiche + " ; sinon, pas de carnet de ce programme"
	}
	out = append(out, elig)
	// The rules and their wording are the domain's; the screen adds where to look and what to do.
	for _, c := range st.Caps {
		line := handoverCheck{OK: c.OK, Reason: c.Reason, Person: true}
		switch c.Rule {
		case domain.CapConsent:
			line.Label = "Accord de la personne"
			if !c.OK {
				line.Todo = "si elle donne son accord, " + fixFiche
			}
		case domain.CapPerson:
			line.Label = "Nombre de carnets"
			if !c.OK && st.NeedsExtraReason() {
				line.Todo = "un carnet supplémentaire est possible sur demande : le motif est demandé ci-dessous"
			} else if !c.OK {
				line.Todo = "pas d'autre carnet pour cette personne"
				if st.ChequesLeft > 0 {
					line.Todo += fmt.Sprintf(" ; il lui reste %s (%s) à utiliser", domain.Plural(st.ChequesLeft, "chèque", "chèques"), strings.ReplaceAll(domain.RoundEuros(int64(st.ChequesLeft*prog.ChequeValueCents)), " ", "\u00a0"))
				}
			}
		case domain.CapHousehold:
			line.Label = "Foyer"
			line.Details = foyerDetails(env, p, st)
			switch {
			case !st.InHousehold:
				line.Todo = fixFiche
			case !c.OK:
				line.Todo = "pas d'autre carnet pour ce foyer ; si la personne n'y habite plus, " + fixFiche
			}
		case domain.CapExclusive:
			line.Label = "Cumul des programmes"
			if !c.OK {
				line.Todo = "un seul de ces programmes par personne : pas de carnet de celui-ci"
			}
		case domain.CapLost:
			line.Label = "Carnet perdu"
			if !c.OK {
				line.Todo = "la coordination décide d'un éventuel remplacement"
			}
		default:
			line.Label = "Remise"
		}
		out = append(out, line)
	}
	return out
}

// foyerDetails says where the foyer is and who else lives there, with what they hold.
func foyerDetails(env *kit.Env, p domain.Person, st domain.Standing) []string {
	if !st.InHousehold {
		return nil
	}
	where := "foyer sans adresse"
	if p.Address != "" {
		where = p.Address + ", " + strings.TrimSpace(p.PostalCode+" "+env.CommuneName(p.Commune))
	} else if len(st.Housemates) > 0 {
		where = "même foyer que " + st.Housemates[0].Name
	}
	var also []string
	for _, m := range st.Housemates {
		also = append(also, m.Name+", "+domain.Plural(m.Carnets, "carnet", "carnets"))
	}
	who := "personne d'autre n'est enregistré dans ce foyer"
	if len(also) > 0 {
		who = "aussi : " + strings.Join(also, " ; ")
	}
	return []string{where, who}
}

// issue hands the carnet over, then writes the letter. The store checks everything again: the
// checklist may be minutes old, or another desk may have used the same carnet.
func (h *Handover) issue() tea.Cmd {
	env, p, number, prog, req := h.env, *h.person, h.checkedFor, h.prog, h.allowance.request()
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		out := handoverIssued{number: number}
		if out.err = env.Store.IssueCarnetFor(ctx, env.User, number, p.ID, req); out.err != nil {
			return out
		}
		c, err := env.Store.Carnet(ctx, number)
		if err != nil {
			out.letterErr = err
			return out
		}
		if ep, err := env.Store.Programme(prog.ID); err == nil {
			prog = ep // the end the ledger says now (an extension made since the screen opened)
		}
		places, from, err := env.Store.LetterPlaces(ctx, p.ID, prog)
		if err != nil {
			out.letterErr = err
			return out
		}
		out.places, out.from = len(places), from
		if ep, ok := env.ProgrammeNow(prog.ID); ok {
			prog = ep // the end the ledger says now (an extension made since the screen opened)
		}
		out.txtPath, out.htmlPath, out.letterErr = WriteLetter(env.LetterDir, doc.NewLetter(env.User, env.Prescribers, p, c, prog, places, from, env.Now()))
		return out
	}
}

func (h *Handover) View(w, ht int) string {
	head, list, foot, checklist := h.parts(w)
	if !checklist {
		return scrollLines(head, new(int), ht)
	}
	room := ht - len(head) - len(foot)
	if len(list) <= room {
		return strings.Join(append(append(head, list...), foot...), "\n")
	}
	offset := h.offset // clamped by SetSize, from Update: drawing changes nothing
	out := append(head, scrollLines(list, &offset, room))
	return strings.Join(append(out, foot...), "\n")
}

// SetSize is given the size the page is drawn at after every message (kit.Sized): the fields
// take the width, and whether the checklist overflows (which the help line says) and its
// scroll are laid out here, in Update, not while drawing.
func (h *Handover) SetSize(w, ht int) {
	h.search.SetWidth(max(w-len([]rune(h.search.Prompt))-2, 10))
	h.number.SetWidth(max(w-len([]rune(h.number.Prompt))-2, 10))
	if h.stage == hoFind || h.stage == hoDone {
		return
	}
	head, list, foot, checklist := h.parts(w)
	if !checklist {
		h.overflow = false
		return
	}
	room := ht - len(head) - len(foot)
	h.overflow = len(list) > room
	if !h.overflow {
		h.offset = 0
		return
	}
	scrollLines(list, &h.offset, room) // clamped as drawn
}

// parts are the lines of the page: with the checklist (checklist true), the person and the
// number above it, its lines, and the question (or why there is none) under it; else all the
// lines, in head.
func (h *Handover) parts(w int) (head, list, foot []string, checklist bool) {
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	text := func(indent int, s string) { add(sheetWrap(s, w, indent, 0)...) }

	if h.stage == hoFind {
		text(0, "À qui remettre le carnet ? Tapez le nom ou le prénom, choisissez avec ↑/↓ puis entrée.")
		add("", h.search.View(), "")
		switch {
		case strings.TrimSpace(h.search.Value()) == "":
		case len(h.people.Results) == 0:
			text(0, kit.StyleMuted.Render("Personne ne correspond. ctrl+n : enregistrer la personne d'abord."))
		default:
			for i, p := range h.people.Results {
				line := fmt.Sprintf("%-28s né(e) le %s  %s", kit.Truncate(p.DisplayName(), 28), p.BirthDate.Format("02/01/2006"), h.env.CommuneName(p.Commune))
				add(kit.CursorLine(i == h.cursor, line))
			}
		}
		return lines, nil, nil, false
	}

	p := *h.person
	text(0, fmt.Sprintf("Personne : %s, né(e) le %s (%d ans) · %s", p.DisplayName(), p.BirthDate.Format("02/01/2006"), p.AgeOn(h.env.Now()), h.env.CommuneName(p.Commune)))
	switch h.stage {
	case hoNumber:
		if prog, ok := h.chosen(); ok {
			text(0, kit.StyleBold.Render(fmt.Sprintf("Éligible à %d programmes : remise au titre du programme %s", len(h.issuable), prog.Name))+" (F2 pour changer).")
		}
		add(h.number.View())
	case hoDone:
	default:
		add(h.number.Prompt + h.checkedFor)
	}

	if h.stage == hoDone {
		add("", kit.StyleOK.Render(fmt.Sprintf("✓ Carnet %s remis à %s.", h.checkedFor, p.DisplayName())))
		if h.prog.ID != "" && h.env.SeveralProgrammes() {
			text(2, "Programme : "+h.prog.Name+".")
		}
		if h.prog.ID != "" {
			n := h.prog.ChequesPerCarnet
			s := "  " + domain.Plural(n, "chèque", "chèques") + " de " + domain.RoundEuros(int64(h.prog.ChequeValueCents))
			if !h.prog.ValidUntil.IsZero() {
				s += ", valables jusqu'au " + h.prog.ValidUntil.Format("02/01/2006")
			}
			add(s + ".")
		}
		add("")
		if h.letterErr != nil {
			text(0, kit.StyleErr.Render("✗ Courrier d'accompagnement non écrit : "+h.letterErr.Error()))
			text(0, "Le carnet est bien remis. Imprimez le courrier plus tard depuis sa fiche (touche p).")
		} else {
			add(kit.StyleBold.Render("Courrier d'accompagnement :"))
			for _, l := range []struct{ label, path string }{{"texte : ", h.txtPath}, {"HTML  : ", h.htmlPath}} {
				// Hard-wrapped, never cut: the agent has to be able to read the whole path.
				for i, part := range strings.Split(ansi.Hardwrap(l.path, max(w-10, 10), true), "\n") {
					prefix := "  " + l.label
					if i > 0 {
						prefix = strings.Repeat(" ", len([]rune(prefix)))
					}
					add(prefix + part)
				}
			}
			add("")
			switch {
			case h.from == doc.Recommended:
				text(0, "Le courrier donne "+domain.Plural(h.places, "lieu recommandé", "lieux recommandés")+" par le dernier diagnostic.")
			case h.places > 0 && h.from == doc.NoneRecommended:
				text(0, "Le diagnostic n'a désigné aucun lieu : le courrier donne les "+domain.Plural(h.places, "lieu qualifié", "lieux qualifiés")+" du programme.")
			case h.places > 0:
				text(0, "Pas de diagnostic : le courrier donne les "+domain.Plural(h.places, "lieu qualifié", "lieux qualifiés")+" du programme.")
			default:
				text(0, kit.StyleWarn.Render("Pas de diagnostic et aucun lieu qualifié enregistré : le courrier renvoie à votre structure."))
			}
			add("")
			text(0, kit.StyleBold.Render("p : imprimer le courrier")+" (choisir les lieux, puis l'ouvrir pour l'imprimer) et remettez-le avec le carnet.")
		}
		next := "entrée : ouvrir la fiche de la personne"
		if h.fromFiche {
			next = "entrée : retour à la fiche de la personne"
		}
		add("", kit.StyleMuted.Render(next))
		return lines, nil, nil, false
	}

	switch {
	case h.stage == hoChecking:
		add("", kit.StyleMuted.Render("Vérification du carnet "+h.checkedFor+"…"))
	case h.stage == hoIssuing:
		add("", kit.StyleMuted.Render("Remise du carnet "+h.checkedFor+" en cours…"))
	case len(h.checks) == 0:
		add("")
		text(0, kit.StyleMuted.Render("Scannez le code-barres du carnet (le lecteur tape le numéro puis entrée) ou tapez le numéro."))
	}
	if len(h.checks) == 0 || h.stage == hoChecking {
		return lines, nil, nil, false
	}
	// The person and the number stay at the top, the question (or why there is none) at the
	// bottom; the checklist between them scrolls when it is taller than the screen.
	head = lines
	lines = nil
	add("", kit.StyleBold.Render("Vérifications pour le carnet "+h.checkedFor))
	for _, c := range h.checks {
		line := kit.Mark(c.OK) + " " + c.Label
		if c.Reason != "" {
			line += " : " + c.Reason
		}
		add(sheetWrap(line, w, 2, 2)...)
		for _, d := range c.Details {
			add(sheetWrap("· "+d, w, 6, 2)...)
		}
		if !c.OK && c.Todo != "" {
			add(sheetWrap("→ "+c.Todo, w, 6, 2)...)
		}
	}
	switch {
	case h.stage == hoAsk || h.stage == hoReason:
		foot = h.allowanceFoot(w)
	case h.stage == hoConfirm:
		q := fmt.Sprintf("Confirmer la remise du carnet %s à %s ? (o/n)", h.checkedFor, p.DisplayName())
		if h.env.SeveralProgrammes() && h.prog.ID != "" {
			q = fmt.Sprintf("Confirmer la remise du carnet %s (programme %s) à %s ? (o/n)", h.checkedFor, h.prog.Name, p.DisplayName())
		}
		foot = sheetWrap(kit.StyleBold.Render(q), w, 0, 0)
	case h.stage == hoNumber && handoverPersonRefused(h.checks):
		foot = sheetWrap(kit.StyleErr.Render("Remise impossible")+" pour cette personne (lignes marquées ✗ : un autre carnet n'y changera rien). esc pour revenir.", w, 0, 0)
	case h.stage == hoNumber:
		foot = sheetWrap(kit.StyleErr.Render("Remise impossible")+" (lignes marquées ✗). Scannez un autre carnet, ou esc pour revenir.", w, 0, 0)
	}
	if len(foot) > 0 {
		foot = append([]string{""}, foot...)
	}
	return head, lines, foot, true
}

// handoverPersonRefused is true when a line about the person failed: scanning another carnet
// will not help.
func handoverPersonRefused(checks []handoverCheck) bool {
	for _, c := range checks {
		if !c.OK && c.Person {
			return true
		}
	}
	return false
}
