package coord

import (
	"fmt"
	"io"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/domain/doc"
	"passnum/tui/kit"
)

var exportKeys = struct {
	period, xlsx, html, activity key.Binding
}{
	period:   key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "période")),
	xlsx:     key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "XLSX")),
	html:     key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "HTML")),
	activity: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "activité CSV")),
}

// Exports writes the report of a programme for a period, the way passnum report --xlsx/--html
// does, into the export folder; over SSH it gives the command that brings the file home.
type Exports struct {
	env    *kit.Env
	prog   domain.Programme
	month  time.Time // zero: the whole programme
	months []time.Time
	busy   bool
}

type exported struct {
	path string
	err  error
}

// NewExports opens on the whole programme; ←/→ walks the months back from this one.
func NewExports(env *kit.Env, prog domain.Programme) *Exports {
	e := &Exports{env: env, prog: prog}
	from, _ := domain.MonthBounds(env.Now())
	first := from.AddDate(-2, 0, 0)
	if !prog.ValidFrom.IsZero() {
		first, _ = domain.MonthBounds(prog.ValidFrom)
	}
	for m := from; !m.Before(first) && len(e.months) < 60; m = m.AddDate(0, -1, 0) {
		e.months = append(e.months, m)
	}
	return e
}

func (e *Exports) Title() string { return "Exports — " + e.prog.Name }

func (e *Exports) Keys() []key.Binding {
	return []key.Binding{exportKeys.xlsx, exportKeys.html, exportKeys.activity, exportKeys.period}
}

func (e *Exports) Init() tea.Cmd { return nil }

func (e *Exports) period() domain.Period {
	if e.month.IsZero() {
		return domain.Period{}
	}
	return domain.PeriodMonth(e.month)
}

func (e *Exports) periodLabel() string {
	if e.month.IsZero() {
		return "tout le programme"
	}
	return domain.MonthLabel(e.month)
}

// step moves along « tout le programme », this month, last month, …
func (e *Exports) step(d int) {
	i := -1 // the whole programme
	for k, m := range e.months {
		if m.Equal(e.month) {
			i = k
		}
	}
	i = max(-1, min(i+d, len(e.months)-1))
	if i < 0 {
		e.month = time.Time{}
	} else {
		e.month = e.months[i]
	}
}

func (e *Exports) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case exported:
		e.busy = false
		if msg.err != nil {
			return e, kit.Fail(msg.err)
		}
		return e, kit.Status("Fichier écrit : " + msg.path)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, exportKeys.period):
			if msg.String() == "left" {
				e.step(-1)
			} else {
				e.step(1)
			}
		case key.Matches(msg, exportKeys.xlsx):
			return e, e.report("xlsx", doc.WriteReportXLSX)
		case key.Matches(msg, exportKeys.html):
			return e, e.report("html", doc.WriteReportHTML)
		case key.Matches(msg, exportKeys.activity):
			return e, e.activity()
		}
	}
	return e, nil
}

func (e *Exports) fileStem() string {
	p := "programme"
	if !e.month.IsZero() {
		p = e.month.Format("2006-01")
	}
	return "rapport-" + kit.SafeFileName(e.prog.ID, "programme") + "-" + p
}

func (e *Exports) sshCommand(what string) string {
	args := "report --programme " + e.prog.ID
	if !e.month.IsZero() {
		args += " --month " + e.month.Format("2006-01")
	}
	return fmt.Sprintf("Par SSH, tapez sur votre poste : ssh … %s --%s - > %s.%s", args, what, e.fileStem(), what)
}

func (e *Exports) report(ext string, write func(io.Writer, domain.Report) error) tea.Cmd {
	if e.busy {
		return nil
	}
	if e.env.Remote {
		return kit.Status(e.sshCommand(ext))
	}
	e.busy = true
	env, prog, period, name := e.env, e.prog, e.period(), e.fileStem()+"."+ext
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		f, err := env.Store.ReportFacts(ctx, env.User, prog.ID, period)
		if err != nil {
			return exported{err: err}
		}
		r := domain.BuildReport(prog, period, f).WithNames(env.Prescribers, env.Communes)
		path, err := kit.WriteExport(env.ExportDir, name, func(w io.Writer) error { return write(w, r) })
		return exported{path, err}
	}
}

// activity is the month's sessions of every place in the Coop's vocabulary: counts, no names.
func (e *Exports) activity() tea.Cmd {
	if e.month.IsZero() {
		return kit.Status("L'activité s'exporte par mois : choisissez un mois avec ←/→.")
	}
	month := e.month.Format("2006-01")
	if e.env.Remote {
		return kit.Status(fmt.Sprintf("Par SSH, tapez sur votre poste : ssh … export activity --month %s > activite-%s.csv", month, month))
	}
	if e.busy {
		return nil
	}
	e.busy = true
	env, m := e.env, e.month
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		lines, err := env.Store.Activity(ctx, env.User, "", m)
		if err != nil {
			return exported{err: err}
		}
		paths, err := kit.WriteTables(env.ExportDir, "activite-"+month+".csv", []doc.Table{doc.ActivityTable(lines)})
		if err != nil {
			return exported{err: err}
		}
		return exported{paths[0], nil} // its .xlsx beside it (View says so)
	}
}

func (e *Exports) View(w, h int) string {
	var b strings.Builder
	b.WriteString("Période : " + kit.StyleSelected.Render("◂ "+e.periodLabel()+" ▸") + "\n\n")
	b.WriteString("  x  classeur XLSX : une feuille par tableau, nombres, dates et euros\n")
	b.WriteString("  h  rapport au comité de suivi : HTML imprimable (A4), graphiques inclus\n")
	b.WriteString("  a  activité du mois, tous les lieux, vocabulaire de la Coop : CSV et XLSX\n\n")
	where := "Les fichiers vont dans " + e.env.ExportDir + "."
	if e.env.Remote {
		where = "Par SSH, les fichiers s'écrivent sur votre poste : chaque touche donne la commande à taper."
	}
	b.WriteString(kit.StyleMuted.Render(kit.Wrap(where+" Ils ne contiennent aucun nom : des chiffres seulement.", w)))
	return b.String()
}
