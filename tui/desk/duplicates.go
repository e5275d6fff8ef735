package desk

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/kit"
)

var dupKeys = struct {
	same, notSame, up, down key.Binding
}{
	same:    key.NewBinding(key.WithKeys("o", "O", "enter"), key.WithHelp("o", "même personne")),
	notSame: key.NewBinding(key.WithKeys("n", "N"), key.WithHelp("n", "autre personne")),
	up:      key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "choisir")),
	down:    key.NewBinding(key.WithKeys("down")),
}

// duplicateChosen is the desk's answer: same (the typed person is candidate, open their card) or
// not (none of the candidates is the typed person, save anyway).
type duplicateChosen struct {
	same      bool
	candidate domain.DuplicateCandidate
}

// DuplicatePanel shows the people already registered that the typed record probably is, and
// asks the desk whether it is the same person. It is a component of the person form: the form
// gives it keys while it is open and acts on the duplicateChosen message it sends.
type DuplicatePanel struct {
	env    *kit.Env
	typed  domain.Person
	cands  []domain.DuplicateCandidate
	isNew  bool // a registration; false for a correction
	cursor int
	offset int // first candidate line shown when the list is taller than its room
}

// NewDuplicatePanel opens the panel for typed, which the store refused because of cands.
func NewDuplicatePanel(env *kit.Env, typed domain.Person, cands []domain.DuplicateCandidate, isNew bool) *DuplicatePanel {
	return &DuplicatePanel{env: env, typed: typed, cands: cands, isNew: isNew}
}

// Keys are the panel's bindings; ↑/↓ only when there is a choice to make.
func (d *DuplicatePanel) Keys() []key.Binding {
	ks := []key.Binding{dupKeys.same, dupKeys.notSame}
	if len(d.cands) > 1 {
		ks = append(ks, dupKeys.up)
	}
	return ks
}

// Update moves between candidates or answers; esc is the form's (it closes the panel).
func (d *DuplicatePanel) Update(msg tea.Msg) (*DuplicatePanel, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return d, nil
	}
	switch {
	case key.Matches(k, dupKeys.up):
		d.cursor = max(d.cursor-1, 0)
	case key.Matches(k, dupKeys.down):
		d.cursor = min(d.cursor+1, len(d.cands)-1)
	case key.Matches(k, dupKeys.same):
		c := d.cands[d.cursor]
		return d, func() tea.Msg { return duplicateChosen{same: true, candidate: c} }
	case key.Matches(k, dupKeys.notSame):
		return d, func() tea.Msg { return duplicateChosen{same: false} }
	}
	return d, nil
}

// userName is who registered a record, by name when the desk knows the user (kit.Env.UserName);
// nothing for no one.
func userName(env *kit.Env, id string) string {
	name := env.UserName(id)
	if id == "demo" && name == id { // passnum --demo's seeding user, in no configuration
		return "données de démonstration"
	}
	return name
}

// candidateLines describes one candidate in three lines: who, what they hold and who
// registered them, why they look like the typed person.
func (d *DuplicatePanel) candidateLines(c domain.DuplicateCandidate, selected bool, w int) []string {
	p := c.Person
	head := fmt.Sprintf("n°%d %s · né(e) le %s · %s", p.ID, p.DisplayName(), p.BirthDate.Format("02/01/2006"), d.env.CommuneName(p.Commune))
	prefix := "  "
	if selected {
		prefix = kit.StyleSelected.Render("▸ ")
		head = kit.StyleSelected.Render(head)
	}
	held := "aucun carnet remis"
	if c.Carnets > 0 {
		held = domain.Plural(c.Carnets, "carnet remis", "carnets remis")
	}
	reg := "fiche créée"
	if !p.CreatedAt.IsZero() {
		reg += " le " + localTime(d.env, p.CreatedAt).Format("02/01/2006")
	}
	if by := userName(d.env, p.CreatedBy); by != "" {
		reg += " par " + by
	}
	var out []string
	out = append(out, sheetWrap(prefix+head, w, 0, 4)...)
	out = append(out, sheetWrap(held+" · "+reg, w, 4, 2)...)
	out = append(out, sheetWrap(kit.StyleWarn.Render("ressemblance : "+c.Reason), w, 4, 2)...)
	return out
}

func (d *DuplicatePanel) View(w, h int) string {
	head, list, foot, sel := d.parts(w)
	room := h - len(head) - len(foot)
	if room < len(list) && room > 1 {
		shown := room - 1
		offset := dupOffset(d.offset, sel, shown, len(list)) // laid out by SetSize: drawing changes nothing
		more := kit.StyleMuted.Render(fmt.Sprintf("— fiche %d sur %d · ↑/↓ —", d.cursor+1, len(d.cands)))
		list = append(append([]string(nil), list[offset:offset+shown]...), more)
	}
	return strings.Join(append(append(head, list...), foot...), "\n")
}

// SetSize is given the size the panel is drawn at after every message (through the form, which
// is kit.Sized): the scroll follows the selected candidate here, in Update, not while drawing.
func (d *DuplicatePanel) SetSize(w, h int) {
	head, list, foot, sel := d.parts(w)
	if room := h - len(head) - len(foot); room < len(list) && room > 1 {
		d.offset = dupOffset(d.offset, sel, room-1, len(list))
	}
}

// dupOffset keeps the selected candidate's lines sel in view, the question always under them,
// when shown lines of the n of the list fit.
func dupOffset(offset int, sel [2]int, shown, n int) int {
	if sel[0] < offset {
		offset = sel[0]
	}
	if sel[1] > offset+shown {
		offset = sel[1] - shown
	}
	return min(max(offset, 0), n-shown)
}

// parts are the lines of the panel above the candidates, the candidates' and those under them,
// and where the selected candidate's lines start and end in the list.
func (d *DuplicatePanel) parts(w int) (head, list, foot []string, sel [2]int) {
	t := d.typed
	head = []string{kit.StyleErr.Render("⚠ Cette personne est peut-être déjà enregistrée")}
	head = append(head, sheetWrap(fmt.Sprintf("Saisie : %s · né(e) le %s · %s", t.DisplayName(), t.BirthDate.Format("02/01/2006"), d.env.CommuneName(t.Commune)), w, 0, 2)...)
	title := "Fiche qui lui ressemble :"
	if len(d.cands) > 1 {
		title = fmt.Sprintf("%d fiches lui ressemblent (↑/↓ pour choisir) :", len(d.cands))
	}
	head = append(head, "", kit.StyleBold.Render(title))

	same := fmt.Sprintf("oui, c'est la même personne — ouvrir la fiche n°%d ; rien n'est enregistré", d.cands[d.cursor].Person.ID)
	notSame := "non, c'est une autre personne — enregistrer la nouvelle fiche"
	if !d.isNew {
		notSame = "non, c'est une autre personne — enregistrer la correction"
	}
	if len(d.cands) > 1 {
		notSame = strings.Replace(notSame, "c'est une autre personne", "aucune de ces fiches", 1)
	}
	foot = append(foot, "", kit.StyleBold.Render("Est-ce la même personne ?"))
	foot = append(foot, sheetWrap(kit.StyleSelected.Render("o")+" ou "+kit.StyleSelected.Render("entrée")+" : "+same, w, 2, 4)...)
	foot = append(foot, sheetWrap(kit.StyleSelected.Render("n")+" : "+notSame, w, 2, 4)...)
	foot = append(foot, sheetWrap(kit.StyleSelected.Render("esc")+" : revenir au formulaire, la saisie est gardée", w, 2, 4)...)

	for i, c := range d.cands {
		if i == d.cursor {
			sel[0] = len(list)
		}
		list = append(list, d.candidateLines(c, i == d.cursor, w)...)
		if i == d.cursor {
			sel[1] = len(list)
		}
	}
	return head, list, foot, sel
}
