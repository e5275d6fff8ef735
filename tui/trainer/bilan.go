package trainer

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/domain/doc"
	"passnum/tui/kit"
)

var bilanKeys = struct {
	choose, export, up, down key.Binding
}{
	choose: key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→ ou initiale", "prescripteur")),
	export: key.NewBinding(key.WithKeys("ctrl+e"), key.WithHelp("ctrl+e", "exporter (CSV)")),
	up:     key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "défiler")),
	down:   key.NewBinding(key.WithKeys("down")),
}

// Bilan is what a prescriber learns about the people it sent: sessions attended, chèques used,
// autonomy progression. A trainer sees what happened at their place; a front desk, its own
// prescriber's people.
type Bilan struct {
	env        *kit.Env
	prescriber int // index in env.Prescribers
	fixed      bool
	lines      []domain.BilanLine
	loaded     bool
	offset     int
	hint       string // how to get the export over SSH, once asked
	placeName  string // the trainer's place, once read
}

type bilanLoaded struct {
	prescriber string
	lines      []domain.BilanLine
	placeName  string
	err        error
}

type bilanExported struct {
	path string
	err  error
}

// NewBilan opens the bilan on the user's prescriber, or the first one.
func NewBilan(env *kit.Env) *Bilan {
	b := &Bilan{env: env}
	for i, p := range env.Prescribers {
		if p.ID == env.User.Prescriber {
			b.prescriber, b.fixed = i, true
		}
	}
	return b
}

func (b *Bilan) Title() string { return "Bilan pour le prescripteur" }

func (b *Bilan) Keys() []key.Binding {
	// The export first: it is what the trainer came for, and the help line keeps the first keys.
	if b.fixed {
		return []key.Binding{bilanKeys.export, bilanKeys.up}
	}
	return []key.Binding{bilanKeys.export, bilanKeys.choose, bilanKeys.up}
}

func (b *Bilan) prescriberID() string {
	if len(b.env.Prescribers) == 0 {
		return ""
	}
	return b.env.Prescribers[b.prescriber].ID
}

// place is the trainer's own place: a trainer never reports on other places.
func (b *Bilan) place() string {
	if b.env.User.Role == domain.RoleFormateur {
		return b.env.User.Place
	}
	return ""
}

func (b *Bilan) Init() tea.Cmd {
	env, pr, place := b.env, b.prescriberID(), b.place()
	b.loaded, b.hint = false, ""
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		lines, err := env.Store.Bilan(ctx, env.User, pr, place)
		name := ""
		if place != "" {
			name = placeName(env)
		}
		return bilanLoaded{pr, lines, name, err}
	}
}

func (b *Bilan) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case bilanLoaded:
		if msg.prescriber != b.prescriberID() {
			return b, nil
		}
		b.loaded, b.placeName = true, msg.placeName
		if msg.err != nil {
			b.lines = nil
			return b, kit.Fail(msg.err)
		}
		b.lines, b.offset = msg.lines, 0
	case bilanExported:
		if msg.err != nil {
			return b, kit.Fail(msg.err)
		}
		return b, kit.Status("Bilan exporté dans " + msg.path + ", XLSX à côté (à envoyer au prescripteur).")
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, bilanKeys.choose) && !b.fixed && len(b.env.Prescribers) > 0:
			d := 1
			if msg.String() == "left" {
				d = -1
			}
			n := len(b.env.Prescribers)
			b.prescriber = (b.prescriber + d + n) % n
			return b, b.Init()
		case !b.fixed && len(msg.Text) == 1 && len(b.env.Prescribers) > 0:
			// First letter: the next prescriber whose name starts with it.
			letter := domain.Normalize(msg.Text)
			n := len(b.env.Prescribers)
			for step := 1; step <= n; step++ {
				j := (b.prescriber + step) % n
				if strings.HasPrefix(domain.Normalize(b.env.Prescribers[j].Name), letter) {
					b.prescriber = j
					return b, b.Init()
				}
			}
		case key.Matches(msg, bilanKeys.up):
			b.offset = max(b.offset-1, 0)
		case key.Matches(msg, bilanKeys.down):
			b.offset = min(b.offset+1, max(len(b.lines)-1, 0))
		case key.Matches(msg, bilanKeys.export):
			return b, b.export()
		}
	}
	return b, nil
}

func (b *Bilan) export() tea.Cmd {
	if !b.loaded {
		return nil
	}
	if b.env.Remote {
		b.hint = "Par SSH, le fichier ne peut pas s'écrire sur votre poste depuis cet écran. Tapez sur votre poste : ssh … export bilan --prescriber " + b.prescriberID() + " > bilan.csv"
		return nil
	}
	lines, dir := b.lines, b.env.ExportDir
	name := fmt.Sprintf("bilan-%s-%s.csv", kit.SafeFileName(b.prescriberID(), "carnet"), b.env.Now().Format("2006-01-02"))
	return func() tea.Msg {
		paths, err := kit.WriteTables(dir, name, []doc.Table{doc.BilanTable(lines)}) // the CSV, its XLSX beside it
		if err != nil {
			return bilanExported{err: err}
		}
		return bilanExported{paths[0], nil}
	}
}

func (b *Bilan) View(w, h int) string {
	var s strings.Builder
	name := "aucun prescripteur configuré"
	if len(b.env.Prescribers) > 0 {
		name = b.env.Prescribers[b.prescriber].Name
	}
	if b.fixed {
		s.WriteString("Prescripteur : " + kit.StyleBold.Render(name) + "\n")
	} else {
		s.WriteString("Prescripteur : " + kit.StyleSelected.Render("◂ "+name+" ▸") + "\n")
	}
	if p := b.place(); p != "" {
		if b.placeName != "" {
			p = b.placeName
		}
		s.WriteString(kit.StyleMuted.Render("Séances et chèques de votre lieu ("+p+") seulement.") + "\n")
	}
	if b.hint != "" {
		s.WriteString(kit.StyleWarn.Render(kit.Wrap(b.hint, w)) + "\n")
	}
	s.WriteString(kit.StyleMuted.Render("ctrl+e : exporter ce bilan (CSV) pour le prescripteur") + "\n")
	switch {
	case !b.loaded:
		s.WriteString(kit.StyleMuted.Render("Chargement…"))
		return s.String()
	case len(b.lines) == 0:
		s.WriteString(kit.StyleMuted.Render("Aucune personne n'a reçu de carnet de ce prescripteur."))
		return s.String()
	}
	s.WriteString(kit.StyleBold.Render(fmt.Sprintf("%-24s %7s %8s %8s  %s", "Personne", "carnets", "séances", "chèques", "autonomie")) + "\n")
	// Each person, then their follow-ups, dated, oldest first: the prescriber reads the history,
	// not only the last comment.
	room := max(h-5, 1)
	used := 0
	for _, l := range b.lines[b.offset:] {
		rows := []string{kit.Truncate(fmt.Sprintf("%-24s %7d %8d %8d  %s", kit.Truncate(l.Person.DisplayName(), 24), l.Carnets, l.Sessions, l.ChequesUsed, l.Progression()), w)}
		for _, n := range l.Notes {
			rows = append(rows, kit.StyleMuted.Render(kit.Truncate("    "+bilanNote(n), w)))
		}
		if len(l.Notes) == 0 && l.LastComment != "" {
			rows = append(rows, kit.StyleMuted.Render(kit.Truncate("    « "+l.LastComment+" »", w)))
		}
		if used > 0 && used+len(rows) > room {
			s.WriteString(kit.StyleMuted.Render("  ↓ suite"))
			break
		}
		s.WriteString(strings.Join(rows, "\n") + "\n")
		used += len(rows)
	}
	return s.String()
}

// bilanNote is one follow-up in the bilan, the comment first (the autonomy is summed up in the
// progression column): « 23/11 (S2) : « a créé sa boîte » · Pix : 312 pix · Autonome ».
func bilanNote(n domain.FollowUpNote) string {
	line := n.At.Local().Format("02/01") + " (" + n.Session + ") :"
	if n.Comment != "" {
		line += " « " + n.Comment + " » ·"
	}
	if n.Pix != "" {
		line += " Pix : " + domain.PixText(n.Pix) + " ·"
	}
	return line + " " + n.Autonomy
}
