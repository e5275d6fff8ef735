package trainer

import (
	"fmt"
	"io"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/domain/doc"
	"passnum/tui/kit"
)

var parcoursKeys = struct {
	export, print key.Binding
}{
	export: key.NewBinding(key.WithKeys("ctrl+e"), key.WithHelp("ctrl+e", "exporter (CSV, XLSX)")),
	print:  key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "page à imprimer")),
}

// Parcours is the bilan de parcours of one person, what goes back to the prescriber who sent
// them: where they were sent, their positioning, the sessions and every follow-up with its date.
// Opening it is an audited read of the person.
type Parcours struct {
	env    *kit.Env
	id     int64
	p      domain.Parcours
	loaded bool
	offset int
	room   int // lines the parcours had at the last SetSize: a page for pg↑/pg↓
	hint   string
}

type parcoursLoaded struct {
	p   domain.Parcours
	err error
}

type parcoursWritten struct {
	paths []string
	err   error
}

// NewParcours opens the bilan de parcours of a person.
func NewParcours(env *kit.Env, id int64) *Parcours { return &Parcours{env: env, id: id} }

func (s *Parcours) Title() string {
	if s.loaded {
		return "Bilan de parcours — " + s.p.Person.FirstName + " " + strings.ToUpper(s.p.Person.LastName)
	}
	return "Bilan de parcours"
}

func (s *Parcours) Keys() []key.Binding {
	return []key.Binding{parcoursKeys.export, parcoursKeys.print, kit.ScrollKeys.Up, kit.ScrollKeys.PgUp}
}

func (s *Parcours) Init() tea.Cmd {
	env, id := s.env, s.id
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		p, err := env.Store.PersonParcours(ctx, env.User, id)
		domain.NamePrescribers(p.Referrals, env.Prescribers)
		return parcoursLoaded{p, err}
	}
}

func (s *Parcours) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case parcoursLoaded:
		if msg.err != nil {
			return s, kit.Fail(msg.err)
		}
		s.p, s.loaded = msg.p, true
	case parcoursWritten:
		if msg.err != nil {
			return s, kit.Fail(msg.err)
		}
		return s, kit.Status("Bilan de parcours écrit : " + strings.Join(msg.paths, ", ") + " (à envoyer au prescripteur).")
	case tea.KeyPressMsg:
		if kit.Scroll(msg, &s.offset, s.room-1) {
			return s, nil
		}
		switch {
		case key.Matches(msg, parcoursKeys.export):
			return s, s.write(false)
		case key.Matches(msg, parcoursKeys.print):
			return s, s.write(true)
		}
	}
	return s, nil
}

// write writes the export (CSV and XLSX) or the printable page in the export folder.
func (s *Parcours) write(html bool) tea.Cmd {
	if !s.loaded {
		return nil
	}
	if s.env.Remote {
		s.hint = fmt.Sprintf("Par SSH, le fichier ne peut pas s'écrire sur votre poste depuis cet écran. Tapez sur votre poste : ssh … people parcours %d --html - > parcours.html", s.id)
		return nil
	}
	p, dir, now := s.p, s.env.ExportDir, s.env.Now()
	name := fmt.Sprintf("parcours-%d-%s", p.Person.ID, now.Format("2006-01-02"))
	return func() tea.Msg {
		if html {
			path, err := kit.WriteExport(dir, name+".html", func(w io.Writer) error { return doc.WriteParcoursHTML(w, p, now) })
			return parcoursWritten{[]string{path}, err}
		}
		paths, err := kit.WriteTables(dir, name+".csv", doc.ParcoursTables(p))
		return parcoursWritten{paths, err}
	}
}

// lines is the bilan as the screen shows it, before scrolling.
func (s *Parcours) lines(w int) []string {
	p := s.p
	var out []string
	add := func(style func(...string) string, text string) { out = append(out, style(kit.Truncate(text, w))) }
	plain := func(x ...string) string { return strings.Join(x, "") }
	// wrapped keeps a long line whole (a domain's name, a positioning): continued, indented.
	wrapped := func(text string) {
		for i, l := range strings.Split(kit.Wrap(text, max(w-4, 10)), "\n") {
			if i == 0 {
				out = append(out, "  "+l)
			} else {
				out = append(out, "    "+l)
			}
		}
	}
	head := domain.Plural(p.Attended(), "séance suivie", "séances suivies")
	if a := p.Autonomy(); a != "" {
		head += " · autonomie : " + a
	}
	add(plain, head)
	add(kit.StyleBold.Render, "Orientations")
	if len(p.Referrals) == 0 {
		add(kit.StyleMuted.Render, "  aucune")
	}
	for _, r := range p.Referrals {
		add(plain, fmt.Sprintf("  %s vers %s — %s", r.At.Local().Format("02/01/2006"), r.PlaceName, r.CameText()))
		add(plain, "    par "+s.env.PrescriberName(r.Prescriber))
		if r.Note != "" {
			add(kit.StyleMuted.Render, "    « "+r.Note+" »")
		}
	}
	add(kit.StyleBold.Render, "Positionnement Pix (premier → dernier)")
	if len(p.Positionings()) == 0 {
		add(kit.StyleMuted.Render, "  aucun")
	}
	// Per domain, the first and the latest positioning, wrapped: a domain's name is long.
	for _, g := range p.Progression() {
		wrapped(g.String())
	}
	// A result typed before positionings were checked reads as typed.
	for _, n := range p.Positionings() {
		if x := domain.PixFromStored(n.Pix); x.Free != "" {
			add(plain, fmt.Sprintf("  %s (%s) : Pix %s%s", n.At.Local().Format("02/01/2006"), n.Session, x.Free, quote(n.Comment)))
		}
	}
	add(kit.StyleBold.Render, "Séances")
	if len(p.Sessions) == 0 {
		add(kit.StyleMuted.Render, "  aucune")
	}
	for _, x := range p.Sessions {
		present := "présent(e)"
		if !x.Present {
			present = "absent(e)"
		}
		add(plain, fmt.Sprintf("  %s %s %s à %s — %s", x.Start.Local().Format("02/01 15:04"), x.Session, x.Title, x.PlaceName, present))
	}
	add(kit.StyleBold.Render, "Suivis et évaluations")
	if len(p.Notes) == 0 {
		add(kit.StyleMuted.Render, "  aucun")
	}
	for _, n := range p.Notes {
		wrapped(bilanNote(n))
	}
	return out
}

func quote(s string) string {
	if s == "" {
		return ""
	}
	return " — « " + s + " »"
}

// SetSize is given the size the page is drawn at after every message (kit.Sized): the scroll
// is clamped to the parcours' length here, in Update, not while drawing.
func (s *Parcours) SetSize(w, h int) {
	if !s.loaded {
		return
	}
	s.room = max(h-strings.Count(s.hintLines(w), "\n")-1, 1)
	s.offset = min(s.offset, max(len(s.lines(w))-s.room, 0))
}

// hintLines are the warning over the parcours, if any, each line ended by a newline.
func (s *Parcours) hintLines(w int) string {
	if s.hint == "" {
		return ""
	}
	return kit.StyleWarn.Render(kit.Wrap(s.hint, w)) + "\n"
}

func (s *Parcours) View(w, h int) string {
	if !s.loaded {
		return kit.StyleMuted.Render("Chargement…")
	}
	var b strings.Builder
	b.WriteString(s.hintLines(w))
	lines := s.lines(w)
	room := max(h-strings.Count(b.String(), "\n")-1, 1)
	offset := min(s.offset, max(len(lines)-room, 0)) // clamped by SetSize already: drawing changes nothing
	end := min(offset+room, len(lines))
	b.WriteString(strings.Join(lines[offset:end], "\n"))
	if end < len(lines) {
		b.WriteString("\n" + kit.StyleMuted.Render("  ↓ suite"))
	}
	return b.String()
}
