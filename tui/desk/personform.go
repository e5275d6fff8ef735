package desk

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/store"
	"passnum/tui/kit"
)

var formKeys = struct {
	next, prev, choose, save, enter key.Binding
}{
	next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "champ suivant")),
	prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("⇧tab/↑", "champ précédent")),
	choose: key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "changer le choix")),
	save:   key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "enregistrer")),
	enter:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "suivant (enregistre au dernier champ)")),
}

type formField int

const (
	ffLast formField = iota
	ffFirst
	ffBirth
	ffCommune
	ffQPV
	ffStatus
	ffDiploma
	ffQuotient    // asked only when a public sets a quotient familial ceiling
	ffAddress     // asked only when a programme caps carnets per foyer
	ffPostal      // idem
	ffHouseholdOf // idem: a person number whose foyer this person joins
	ffConsent
	ffCount
)

var formLabels = [ffCount]string{"Nom", "Prénom", "Date de naissance", "Commune", "Quartier prioritaire", "Situation", "Diplôme",
	"Quotient familial (€)", "Adresse", "Code postal", "Même foyer que (n°)", "Consentement"}

var formHints = [ffCount]string{
	ffLast:    "Nom de famille, comme sur la pièce d'identité.",
	ffFirst:   "Prénom usuel.",
	ffBirth:   "JJ/MM/AAAA, par exemple 05/03/2004 ; 05032004, 05-03-2004 ou 05/03/04 aussi.",
	ffCommune: "←/→ pour changer de commune, ou tapez son nom ou son code postal.",
	ffQPV:     "←/→ : le quartier prioritaire (QPV) de la commune, ou « aucun ».",
	ffStatus:  "←/→ pour choisir ; « non renseignée » si la personne ne souhaite pas le dire.",
	ffDiploma: "←/→ : le plus haut diplôme obtenu.",
	ffAddress: "Numéro et rue, ex. « 12 rue Émile-Zola » : l'adresse identifie le foyer, le programme limite les carnets par foyer.",
	ffPostal:  "Cinq chiffres, ex. 60100. Facultatif.",
	ffHouseholdOf: "Sans adresse (hébergée, même logement qu'une personne déjà inscrite) : le n° de sa fiche. " +
		"Laissez vide sinon.",
	ffConsent: "o / n, ou ←/→.",
}

// formConsentRule is shown under the consent field and as its error: the desk must not record
// someone who refused, and has an anonymous alternative.
const formConsentRule = "la personne doit accepter l'enregistrement de ses données ; sinon faites un diagnostic anonyme (accueil, ctrl+d)"

// fieldByPrefix maps the field names that start the domain's messages (« date de naissance : … »)
// to the form field the message belongs to.
var fieldByPrefix = []struct {
	prefix string
	field  formField
}{
	{"nom :", ffLast}, {"prénom :", ffFirst}, {"date de naissance :", ffBirth}, {"commune :", ffCommune},
	{"quartier :", ffQPV}, {"situation :", ffStatus}, {"diplôme :", ffDiploma}, {"quotient familial :", ffQuotient},
	{"adresse :", ffAddress}, {"code postal :", ffPostal}, {"foyer :", ffHouseholdOf},
}

// PersonForm records a new person or corrects one, field by field, each checked when left.
type PersonForm struct {
	env      *kit.Env
	orig     *domain.Person // nil for a new person
	inputs   [ffCount]textinput.Model
	commune  int    // index in env.Communes
	typedIn  string // what was typed in the commune field: a name or a postal code (commune_typed.go)
	qpv      int    // 0 = aucun, else index+1 in the commune's QPV
	status   int    // 0 = non renseignée, else index+1 in domain.Statuses
	diploma  int    // 0 = non renseigné, else index+1 in domain.Diplomas
	consent  bool
	fields   []formField // the fields shown, in order: the foyer's only under a per-foyer cap
	focus    formField
	errs     [ffCount]string
	saving   bool
	typed    domain.Person   // the record last sent to the store, that the duplicate panel shows
	dups     *DuplicatePanel // open when the store found people this one probably is
	initial  string          // snapshot to tell whether leaving loses anything
	leaveAsk bool            // esc pressed once on a changed form
	ageAsked string          // the birth date typed when the desk was asked to confirm an age over 110 years
	offset   int
}

type personSaved struct {
	id  int64
	err error
}

// NewPersonForm opens the form: empty for a new person (p nil), filled to correct p otherwise.
func NewPersonForm(env *kit.Env, p *domain.Person) kit.Screen {
	f := &PersonForm{env: env}
	for i := range f.inputs {
		ti := textinput.New()
		ti.Prompt = ""
		ti.CharLimit = 60
		st := ti.Styles()
		// A steady cursor: calmer at a desk, and tests need no timer.
		st.Cursor.Blink = false
		ti.SetStyles(st)
		f.inputs[i] = ti
	}
	f.inputs[ffBirth].CharLimit = 10
	f.inputs[ffBirth].Placeholder = "JJ/MM/AAAA"
	f.inputs[ffAddress].CharLimit = domain.MaxAddressLength
	f.inputs[ffAddress].Placeholder = "numéro et rue"
	f.inputs[ffPostal].CharLimit = 5
	f.inputs[ffHouseholdOf].CharLimit = 12
	f.inputs[ffQuotient].CharLimit = 8
	f.inputs[ffHouseholdOf].Placeholder = "vide, ou n° de fiche"
	for ff := range ffCount {
		if (!isFoyerField(ff) || householdCapped(env)) && (ff != ffQuotient || quotientAsked(env)) {
			f.fields = append(f.fields, ff)
		}
	}
	if p != nil {
		cp := *p
		f.orig = &cp
		f.inputs[ffLast].SetValue(p.LastName)
		f.inputs[ffFirst].SetValue(p.FirstName)
		if !p.BirthDate.IsZero() {
			f.inputs[ffBirth].SetValue(p.BirthDate.Format("02/01/2006"))
		}
		f.inputs[ffAddress].SetValue(p.Address)
		f.inputs[ffPostal].SetValue(p.PostalCode)
		if p.QuotientFamilial != nil {
			f.inputs[ffQuotient].SetValue(strconv.Itoa(*p.QuotientFamilial))
		}
		f.commune = max(communeIndex(env.Communes, p.Commune), 0)
		if c, ok := f.currentCommune(); ok {
			for i, q := range c.QPV {
				if q == p.QPV {
					f.qpv = i + 1
				}
			}
		}
		for i, s := range domain.Statuses {
			if s.Code == p.Status {
				f.status = i + 1
			}
		}
		f.diploma = p.Diploma.Rank() + 1
		f.consent = p.Consent
	} else {
		// The desk's own commune is the likeliest: most people live near their centre social.
		for _, pr := range env.Prescribers {
			if pr.ID == env.User.Prescriber {
				f.commune = max(communeIndex(env.Communes, pr.Commune), 0)
			}
		}
	}
	f.initial = f.snapshot()
	return f
}

// NewPersonFormNamed opens an empty form with the name typed in the home search carried over:
// the desk does not type it twice.
func NewPersonFormNamed(env *kit.Env, typed string) kit.Screen {
	f := NewPersonForm(env, nil).(*PersonForm)
	last, first := splitTypedName(typed)
	f.inputs[ffLast].SetValue(last)
	f.inputs[ffFirst].SetValue(first)
	if last != "" && first != "" {
		f.focus = ffBirth
	} else if last != "" {
		f.focus = ffFirst
	}
	// The carried name is not work of this form: leaving it at once loses nothing.
	f.initial = f.snapshot()
	return f
}

// splitTypedName reads a name typed in a search as last name and first name: « Dupont, Jeanne »,
// « Jeanne DUPONT » (the capitals are the last name), else the last name first, as the search
// lists people. A number (a scan) carries nothing.
func splitTypedName(s string) (last, first string) {
	if kit.LooksLikeNumber(s) {
		return "", ""
	}
	if l, f, ok := strings.Cut(s, ","); ok {
		return strings.TrimSpace(l), strings.TrimSpace(f)
	}
	words := strings.Fields(s)
	if len(words) == 0 {
		return "", ""
	}
	var caps, others []string
	for _, w := range words {
		if len([]rune(w)) > 1 && w == strings.ToUpper(w) && w != strings.ToLower(w) {
			caps = append(caps, w)
		} else {
			others = append(others, w)
		}
	}
	if len(caps) > 0 && len(others) > 0 {
		return strings.Join(caps, " "), strings.Join(others, " ")
	}
	return words[0], strings.Join(words[1:], " ")
}

// householdCapped reports whether a configured programme caps carnets per foyer: only then does
// the desk ask for the address and the foyer.
func householdCapped(env *kit.Env) bool {
	for _, p := range env.Programmes {
		if p.Limits.CarnetsPerHousehold > 0 {
			return true
		}
	}
	return false
}

func isFoyerField(ff formField) bool { return ff == ffAddress || ff == ffPostal || ff == ffHouseholdOf }

func (f *PersonForm) shown(ff formField) bool {
	for _, x := range f.fields {
		if x == ff {
			return true
		}
	}
	return false
}

func communeIndex(cs []domain.Commune, insee string) int {
	for i, c := range cs {
		if c.INSEE == insee {
			return i
		}
	}
	return -1
}

func (f *PersonForm) Title() string {
	if f.orig == nil {
		return "Nouvelle personne"
	}
	return "Corriger la fiche — " + f.orig.DisplayName()
}

func (f *PersonForm) Keys() []key.Binding {
	if f.dups != nil {
		return f.dups.Keys()
	}
	// How to save comes first: it is the one key a desk cannot guess.
	if f.isText(f.focus) {
		return []key.Binding{formKeys.save, formKeys.next, formKeys.prev, formKeys.enter}
	}
	return []key.Binding{formKeys.save, formKeys.choose, formKeys.next, formKeys.prev, formKeys.enter}
}

// FieldEmpty lets « ? » open the help on an empty text field.
func (f *PersonForm) FieldEmpty() bool { return f.isText(f.focus) && f.inputs[f.focus].Value() == "" }

// Unsaved is the typed record when it differs from what the form opened with.
func (f *PersonForm) Unsaved() string {
	if f.saving || f.snapshot() == f.initial {
		return ""
	}
	if f.orig != nil {
		return "la correction de la fiche n'est pas enregistrée"
	}
	return "la fiche en cours de saisie n'est pas enregistrée"
}

func (f *PersonForm) isText(ff formField) bool {
	return ff == ffLast || ff == ffFirst || ff == ffBirth || ff == ffQuotient || isFoyerField(ff)
}

// Typing is true on text fields, so « ? » and letters go into the field; the duplicate panel
// takes letters as choices.
func (f *PersonForm) Typing() bool { return f.dups == nil && f.isText(f.focus) }

func (f *PersonForm) Init() tea.Cmd { return f.focusField(f.focus) }

func (f *PersonForm) focusField(ff formField) tea.Cmd {
	for i := range f.inputs {
		f.inputs[i].Blur()
	}
	f.focus, f.typedIn = ff, ""
	if f.isText(ff) {
		f.inputs[ff].CursorEnd()
		return f.inputs[ff].Focus()
	}
	return nil
}

// HandleEsc closes the duplicate panel back to the form, then asks once before throwing typed
// data away.
func (f *PersonForm) HandleEsc() (kit.Screen, tea.Cmd, bool) {
	if f.dups != nil {
		f.dups = nil
		return f, tea.Batch(f.focusField(f.focus), kit.Status("Retour au formulaire : la saisie est gardée, rien n'est enregistré.")), true
	}
	if f.snapshot() == f.initial || f.leaveAsk {
		return f, nil, false
	}
	f.leaveAsk = true
	return f, kit.Status("Esc encore une fois pour abandonner la saisie, ctrl+s pour enregistrer."), true
}

func (f *PersonForm) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case personSaved:
		f.saving = false
		if cands := domain.DuplicatesOf(msg.err); len(cands) > 0 {
			f.dups = NewDuplicatePanel(f.env, f.typed, cands, f.orig == nil)
			warn := fmt.Sprintf("À vérifier : %s a peut-être déjà une fiche — o ou n", f.typed.DisplayName())
			return f, func() tea.Msg { return kit.StatusMsg{Text: warn, Err: true} }
		}
		if msg.err != nil {
			if ff, ok := f.fieldOfError(msg.err); ok {
				f.errs[ff] = msg.err.Error()
				return f, tea.Batch(f.focusField(ff), kit.Fail(msg.err))
			}
			return f, kit.Fail(msg.err)
		}
		done := kit.Status(fmt.Sprintf("Personne enregistrée (n°%d)", msg.id))
		if f.orig != nil {
			// A correction is opened from the fiche, which reloads when shown again: replacing
			// the form would stack a second fiche of the same person.
			return f, tea.Batch(kit.Pop, done)
		}
		return f, tea.Batch(kit.Replace(NewPersonScreen(f.env, msg.id)), done)
	case duplicateChosen:
		return f.chosen(msg)
	case tea.KeyPressMsg:
		f.leaveAsk = false
		if f.saving {
			return f, nil
		}
		if f.dups != nil {
			var cmd tea.Cmd
			f.dups, cmd = f.dups.Update(msg)
			return f, cmd
		}
		switch {
		case key.Matches(msg, formKeys.save):
			return f, f.save(false)
		case key.Matches(msg, formKeys.enter):
			if f.focus == ffConsent {
				return f, f.save(false)
			}
			return f, f.move(1)
		case key.Matches(msg, formKeys.next):
			return f, f.move(1)
		case key.Matches(msg, formKeys.prev):
			return f, f.move(-1)
		}
		if !f.isText(f.focus) {
			f.choose(msg)
			return f, nil
		}
	}
	if f.isText(f.focus) {
		var cmd tea.Cmd
		before := f.inputs[f.focus].Value()
		f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
		if f.inputs[f.focus].Value() != before {
			f.errs[f.focus] = "" // the error was about the old value
		}
		return f, cmd
	}
	return f, nil
}

// chosen acts on the desk's answer in the duplicate panel.
func (f *PersonForm) chosen(msg duplicateChosen) (kit.Screen, tea.Cmd) {
	f.dups = nil
	if !msg.same {
		// The desk looked and says these are other people: save again, the store audits it.
		return f, f.save(true)
	}
	c := msg.candidate.Person
	note := fmt.Sprintf("Fiche existante ouverte : n°%d %s — même personne, la saisie n'a pas été enregistrée.", c.ID, c.DisplayName())
	if f.orig != nil {
		note = fmt.Sprintf("Fiche n°%d ouverte, correction de la n°%d non enregistrée : même personne, fiches à fusionner (coordination).", c.ID, f.orig.ID)
	}
	return f, tea.Batch(kit.Replace(NewPersonScreen(f.env, c.ID)), kit.Status(note))
}

// move leaves the focused field, checking it, and focuses the next or previous shown one.
func (f *PersonForm) move(d int) tea.Cmd {
	f.errs[f.focus] = f.fieldError(f.focus)
	i := 0
	for k, ff := range f.fields {
		if ff == f.focus {
			i = k
		}
	}
	n := len(f.fields)
	return f.focusField(f.fields[(i+d+n)%n])
}

// choose changes the value of a choice field: ←/→, space, or a first letter.
func (f *PersonForm) choose(msg tea.KeyPressMsg) {
	n := f.optionCount(f.focus)
	if n == 0 {
		return
	}
	if f.focus == ffCommune && f.typeCommune(msg) {
		return
	}
	cur := f.optionIndex(f.focus)
	switch msg.String() {
	case "right", "space":
		cur, f.typedIn = (cur+1)%n, ""
	case "left":
		cur, f.typedIn = (cur-1+n)%n, ""
	default:
		if f.focus == ffConsent {
			switch strings.ToLower(msg.Text) {
			case "o":
				cur = 1
			case "n":
				cur = 0
			}
			break
		}
		letter := domain.Normalize(msg.Text)
		if letter == "" {
			return
		}
		// Next option starting with the letter, after the current one, so pressing it again
		// walks through Saint-Leu, Saint-Maximin, Saint-Vaast…
		for k := 1; k <= n; k++ {
			i := (cur + k) % n
			if strings.HasPrefix(domain.Normalize(f.optionLabel(f.focus, i)), letter) {
				cur = i
				break
			}
		}
	}
	f.setOption(f.focus, cur)
	f.errs[f.focus] = ""
}

func (f *PersonForm) currentCommune() (domain.Commune, bool) {
	if f.commune < 0 || f.commune >= len(f.env.Communes) {
		return domain.Commune{}, false
	}
	return f.env.Communes[f.commune], true
}

func (f *PersonForm) optionCount(ff formField) int {
	switch ff {
	case ffCommune:
		return len(f.env.Communes)
	case ffQPV:
		c, _ := f.currentCommune()
		return len(c.QPV) + 1
	case ffStatus:
		return len(domain.Statuses) + 1
	case ffDiploma:
		return len(domain.Diplomas) + 1
	case ffConsent:
		return 2
	}
	return 0
}

func (f *PersonForm) optionIndex(ff formField) int {
	switch ff {
	case ffCommune:
		return f.commune
	case ffQPV:
		return f.qpv
	case ffStatus:
		return f.status
	case ffDiploma:
		return f.diploma
	case ffConsent:
		if f.consent {
			return 1
		}
	}
	return 0
}

func (f *PersonForm) setOption(ff formField, i int) {
	switch ff {
	case ffCommune:
		if i != f.commune {
			f.qpv = 0 // a QPV belongs to one commune
			f.errs[ffQPV] = ""
		}
		f.commune = i
	case ffQPV:
		f.qpv = i
	case ffStatus:
		f.status = i
	case ffDiploma:
		f.diploma = i
	case ffConsent:
		f.consent = i == 1
	}
}

func (f *PersonForm) optionLabel(ff formField, i int) string {
	switch ff {
	case ffCommune:
		if i < len(f.env.Communes) {
			return f.env.Communes[i].Name
		}
	case ffQPV:
		c, _ := f.currentCommune()
		if i == 0 {
			if len(c.QPV) == 0 {
				return "aucun (" + c.Name + " n'a pas de quartier prioritaire)"
			}
			return "aucun"
		}
		return c.QPV[i-1]
	case ffStatus:
		if i == 0 {
			return "non renseignée"
		}
		return domain.Statuses[i-1].Label
	case ffDiploma:
		if i == 0 {
			return "non renseigné"
		}
		return domain.DiplomaLabel(domain.Diplomas[i-1])
	case ffConsent:
		if i == 1 {
			return "oui, la personne accepte l'enregistrement"
		}
		return "non"
	}
	return ""
}

// person is the record the form describes; the birth date is zero when it does not parse.
func (f *PersonForm) person() domain.Person {
	var p domain.Person
	if f.orig != nil {
		p = *f.orig // keeps what the form does not show (quotient familial, creation date)
	}
	p.LastName = strings.TrimSpace(f.inputs[ffLast].Value())
	p.FirstName = strings.TrimSpace(f.inputs[ffFirst].Value())
	p.BirthDate, _ = domain.ParseBirthDate("date de naissance", f.inputs[ffBirth].Value(), f.env.Now())
	if f.shown(ffAddress) {
		p.Address = strings.Join(strings.Fields(f.inputs[ffAddress].Value()), " ")
		p.PostalCode = strings.TrimSpace(f.inputs[ffPostal].Value())
	}
	c, _ := f.currentCommune()
	p.Commune = c.INSEE
	p.QPV = ""
	if f.qpv > 0 && f.qpv <= len(c.QPV) {
		p.QPV = c.QPV[f.qpv-1]
	}
	p.Status = ""
	if f.status > 0 {
		p.Status = domain.Statuses[f.status-1].Code
	}
	p.Diploma = ""
	if f.diploma > 0 {
		p.Diploma = domain.Diplomas[f.diploma-1]
	}
	p.Consent = f.consent
	if f.shown(ffQuotient) {
		p.QuotientFamilial, _ = parseQuotient(f.inputs[ffQuotient].Value())
	}
	return p
}

// householdOf is the person number typed in « Même foyer que », 0 when empty or not a number.
func (f *PersonForm) householdOf() (int64, error) {
	if !f.shown(ffHouseholdOf) {
		return 0, nil
	}
	v := strings.ToLower(strings.TrimSpace(f.inputs[ffHouseholdOf].Value()))
	for _, p := range []string{"n°", "no", "n"} {
		if rest, ok := strings.CutPrefix(v, p); ok {
			v = strings.TrimSpace(rest)
			break
		}
	}
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.KindInvalid, "foyer : %q n'est pas un numéro de fiche (le n° affiché sur la fiche, ex. 12)", f.inputs[ffHouseholdOf].Value())
	}
	if f.orig != nil && id == f.orig.ID {
		return 0, domain.Errorf(domain.KindInvalid, "foyer : n°%d est la fiche que vous corrigez ; indiquez le n° d'une autre personne du foyer", id)
	}
	return id, nil
}

func (f *PersonForm) snapshot() string {
	p := f.person()
	return fmt.Sprintf("%q|%s|%v", p.LastName+"|"+p.FirstName+"|"+f.inputs[ffBirth].Value()+"|"+p.Address+"|"+p.PostalCode+"|"+f.inputs[ffHouseholdOf].Value()+"|"+f.inputs[ffQuotient].Value(),
		p.Commune+"|"+p.QPV+"|"+string(p.Status)+"|"+string(p.Diploma), p.Consent)
}

// fieldError checks one field with the domain's own rules and words: the field's value is put
// in an otherwise valid record, so the only complaint ValidatePerson can make is about it.
func (f *PersonForm) fieldError(ff formField) string {
	if ff == ffConsent {
		if !f.consent {
			return "consentement : " + formConsentRule
		}
		return ""
	}
	if ff == ffHouseholdOf {
		if _, err := f.householdOf(); err != nil {
			return err.Error()
		}
		return ""
	}
	if ff == ffQuotient {
		if _, err := parseQuotient(f.inputs[ffQuotient].Value()); err != nil {
			return err.Error()
		}
		return ""
	}
	if ff == ffAddress {
		if v := f.person().Address; v != "" && domain.AddressKey(v) == "" {
			return fmt.Sprintf("adresse : %q ne contient ni numéro ni nom de rue", v)
		}
	}
	if ff == ffBirth {
		if v := strings.TrimSpace(f.inputs[ffBirth].Value()); v != "" {
			if _, err := domain.ParseBirthDate("date de naissance", v, f.env.Now()); err != nil {
				return err.Error()
			}
		}
	}
	c, ok := f.currentCommune()
	if !ok {
		return "commune : aucune commune n'est configurée (voir config.toml, [[communes]])"
	}
	full := f.person()
	probe := domain.Person{LastName: "x", FirstName: "x", BirthDate: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), Commune: c.INSEE}
	switch ff {
	case ffLast:
		probe.LastName = full.LastName
	case ffFirst:
		probe.FirstName = full.FirstName
	case ffBirth:
		probe.BirthDate = full.BirthDate
	case ffQPV:
		probe.QPV = full.QPV
	case ffStatus:
		probe.Status = full.Status
	case ffDiploma:
		probe.Diploma = full.Diploma
	case ffAddress:
		probe.Address = full.Address
	case ffPostal:
		probe.PostalCode = full.PostalCode
	default:
		return ""
	}
	if err := domain.ValidatePerson(probe, f.env.Communes, f.env.Now()); err != nil {
		return err.Error()
	}
	return ""
}

// fieldOfError is the shown field a domain message is about.
func (f *PersonForm) fieldOfError(err error) (formField, bool) {
	msg := err.Error()
	for _, fp := range fieldByPrefix {
		if strings.HasPrefix(msg, fp.prefix) && f.shown(fp.field) {
			return fp.field, true
		}
	}
	return 0, false
}

// save checks every shown field, then the whole record, then writes it from a command.
// notDuplicate is the desk's answer « ce n'est pas la même personne » to the duplicate panel.
func (f *PersonForm) save(notDuplicate bool) tea.Cmd {
	first := ffCount
	bad := 0
	for _, ff := range f.fields {
		f.errs[ff] = f.fieldError(ff)
		if f.errs[ff] != "" {
			bad++
			first = min(first, ff)
		}
	}
	if bad > 0 {
		msg := "1 champ à corriger"
		if bad > 1 {
			msg = fmt.Sprintf("%d champs à corriger", bad)
		}
		return tea.Batch(f.focusField(first), kit.Fail(domain.Errorf(domain.KindInvalid, "%s — %s", msg, f.errs[first])))
	}
	p := f.person()
	if err := domain.ValidatePerson(p, f.env.Communes, f.env.Now()); err != nil {
		if ff, ok := f.fieldOfError(err); ok {
			f.errs[ff] = err.Error()
			return tea.Batch(f.focusField(ff), kit.Fail(err))
		}
		return kit.Fail(err)
	}
	if age, ask := domain.ImplausibleBirth(p.BirthDate, f.env.Now()); ask && f.ageAsked != f.inputs[ffBirth].Value() {
		// More likely a mistyped year than a person of that age: the desk confirms it.
		f.ageAsked = f.inputs[ffBirth].Value()
		return tea.Batch(f.focusField(ffBirth), func() tea.Msg {
			return kit.StatusMsg{Text: fmt.Sprintf("Date de naissance %s : %d ans ? ctrl+s encore pour confirmer, ou corrigez l'année.", p.BirthDate.Format("02/01/2006"), age), Err: true}
		})
	}
	hof, _ := f.householdOf() // checked with the field above
	f.saving, f.typed = true, p
	env, isNew := f.env, f.orig == nil
	opts := store.PersonOptions{NotDuplicate: notDuplicate, HouseholdOf: hof}
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		if isNew {
			id, err := env.Store.AddPerson(ctx, env.User, p, opts)
			return personSaved{id, err}
		}
		return personSaved{p.ID, env.Store.UpdatePerson(ctx, env.User, p, opts)}
	}
}

const formLabelWidth = 22

func (f *PersonForm) View(w, h int) string {
	if f.dups != nil {
		return f.dups.View(w, h)
	}
	lines, focusLine := f.formLines(w)
	offset := formOffset(f.offset, focusLine, len(lines), h) // laid out by SetSize: drawing changes nothing
	return scrollLines(lines, &offset, h)
}

// SetSize is given the size the form is drawn at after every message (kit.Sized): the fields
// take the width, and the scroll follows the focused field here, in Update, not while drawing.
func (f *PersonForm) SetSize(w, h int) {
	if f.dups != nil {
		f.dups.SetSize(w, h)
		return
	}
	for _, ff := range f.fields {
		if f.isText(ff) {
			f.inputs[ff].SetWidth(max(w-formLabelWidth-4, 10))
		}
	}
	lines, focusLine := f.formLines(w)
	f.offset = formOffset(f.offset, focusLine, len(lines), h)
	scrollLines(lines, &f.offset, h) // clamped as drawn
}

// formOffset keeps the focused field in view when errors make the form taller than the screen.
func formOffset(offset, focusLine, n, h int) int {
	if n > h && h > 3 {
		if focusLine < offset {
			offset = focusLine
		}
		if focusLine >= offset+h-1 {
			offset = focusLine - h + 2
		}
	}
	return offset
}

// formLines are the lines of the form before scrolling, and the focused field's line.
func (f *PersonForm) formLines(w int) (lines []string, focusLine int) {
	intro := "Enregistrer une personne : nom, prénom et date de naissance sont obligatoires ; ctrl+s enregistre."
	if f.orig != nil {
		intro = fmt.Sprintf("Correction de la fiche n°%d : modifiez puis enregistrez (ctrl+s).", f.orig.ID)
	}
	lines = append(lines, sheetWrap(kit.StyleMuted.Render(intro), w, 0, 0)...)
	lines = append(lines, "")
	for _, ff := range f.fields {
		focused := ff == f.focus
		label := kit.PadRight(formLabels[ff], formLabelWidth)
		prefix := "  "
		if focused {
			prefix = kit.StyleSelected.Render("▸ ")
			label = kit.StyleSelected.Render(label)
			focusLine = len(lines)
		}
		var value string
		if f.isText(ff) {
			if focused {
				value = f.inputs[ff].View()
			} else {
				value = f.inputs[ff].Value()
				if value == "" {
					value = kit.StyleMuted.Render("—")
				}
			}
		} else {
			value = f.optionLabel(ff, f.optionIndex(ff))
			if focused {
				value = kit.StyleSelected.Render("◂ ") + value + kit.StyleSelected.Render(" ▸")
			}
		}
		lines = append(lines, prefix+label+value)
		if ff == ffBirth && f.errs[ff] == "" && f.ageAsked != "" && f.ageAsked == f.inputs[ffBirth].Value() {
			age, _ := domain.ImplausibleBirth(f.person().BirthDate, f.env.Now())
			lines = append(lines, sheetWrap(kit.StyleWarn.Render(fmt.Sprintf("! %d ans : vérifiez l'année ; ctrl+s encore pour confirmer.", age)), w, formLabelWidth+2, 2)...)
		}
		if f.errs[ff] != "" {
			lines = append(lines, sheetWrap(kit.StyleErr.Render("✗ "+f.errs[ff]), w, formLabelWidth+2, 2)...)
		}
	}
	lines = append(lines, "")
	if f.focus == ffQuotient {
		lines = append(lines, sheetWrap(kit.StyleMuted.Render(quotientHint(f.env)), w, 2, 0)...)
	} else if hint := formHints[f.focus]; hint != "" {
		lines = append(lines, sheetWrap(kit.StyleMuted.Render(hint), w, 2, 0)...)
	}
	if f.errs[ffConsent] == "" {
		lines = append(lines, sheetWrap(kit.StyleWarn.Render("Consentement : "+formConsentRule+"."), w, 2, 0)...)
	}
	if f.saving {
		lines = append(lines, kit.StyleMuted.Render("  Enregistrement…"))
	}
	return lines, focusLine
}
