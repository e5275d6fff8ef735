// Package coord holds the coordination's pages and the read-only steering committee's: the
// tableau de bord first, then stock and allocation, places, every place's claims, late
// cancellations, voided carnets, the import of a desk's spreadsheet of people and the
// report's exports. The committee (role lecture) sees the tableau de bord and the exports,
// counts only: no page here shows a person.
package coord

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/kit"
)

var dashKeys = struct {
	stock, places, claims, cancel, void, importing, export, lookup, desk, programme, refresh key.Binding
}{
	desk:      key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "accueil")),
	stock:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "stock")),
	places:    key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "lieux")),
	claims:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "remboursements")),
	cancel:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "annuler un encaissement")),
	void:      key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "carnets perdus")),
	importing: key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "importer des personnes")),
	export:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "exports")),
	lookup:    key.NewBinding(key.WithKeys("c", "/"), key.WithHelp("c", "consulter")),
	programme: key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "programme")),
	refresh:   key.NewBinding(key.WithKeys("g", "f5"), key.WithHelp("g", "actualiser")),
}

// Dashboard is the tableau de bord: a programme's key figures against their goals, the
// month's usage, and the alerts a coordinator acts on.
type Dashboard struct {
	env     *kit.Env
	prog    int // index in env.Programmes
	report  *domain.Report
	counts  *domain.DashboardCounts
	loading int // loads in flight, so a late answer of another programme is dropped
	err     error
}

type (
	dashReport struct {
		prog int
		r    domain.Report
		err  error
	}
	dashCounts struct {
		prog int
		c    domain.DashboardCounts
		err  error
	}
)

// NewDashboard opens on the first programme still running (the current one), else the first.
func NewDashboard(env *kit.Env) *Dashboard {
	d := &Dashboard{env: env}
	now := env.Now()
	for i, p := range env.Programmes {
		if end := p.ChequesExpireAt(); end.IsZero() || now.Before(end) {
			d.prog = i
			break
		}
	}
	return d
}

func (d *Dashboard) readOnly() bool { return d.env.User.Role != domain.RoleCoordination }

func (d *Dashboard) programme() domain.Programme {
	if d.prog < len(d.env.Programmes) {
		return d.env.Programmes[d.prog]
	}
	return domain.Programme{}
}

func (d *Dashboard) Title() string { return "Tableau de bord — " + d.programme().Name }

func (d *Dashboard) Keys() []key.Binding {
	if d.readOnly() {
		return []key.Binding{dashKeys.export, dashKeys.lookup, dashKeys.programme, dashKeys.refresh}
	}
	return []key.Binding{dashKeys.stock, dashKeys.claims, dashKeys.desk, dashKeys.places, dashKeys.cancel, dashKeys.void,
		dashKeys.importing, dashKeys.export, dashKeys.lookup, dashKeys.programme, dashKeys.refresh}
}

// Init loads the report and the alerts' counts side by side: the report reads the whole
// programme, the counts scan the used chèques, and neither waits for the other.
func (d *Dashboard) Init() tea.Cmd {
	env, i, prog := d.env, d.prog, d.programme()
	d.loading = 2
	return tea.Batch(func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		f, err := env.Store.ReportFacts(ctx, env.User, prog.ID, domain.Period{})
		if err != nil {
			return dashReport{prog: i, err: err}
		}
		return dashReport{prog: i, r: domain.BuildReport(prog, domain.Period{}, f).WithNames(env.Prescribers, env.Communes)}
	}, func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		c, err := env.Store.DashboardCounts(ctx, env.User, prog.ID, env.Now())
		return dashCounts{prog: i, c: c, err: err}
	})
}

func (d *Dashboard) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case dashReport:
		if msg.prog != d.prog {
			return d, nil
		}
		d.loading--
		if msg.err != nil {
			d.err = msg.err
			return d, kit.Fail(msg.err)
		}
		d.report = &msg.r
	case dashCounts:
		if msg.prog != d.prog {
			return d, nil
		}
		d.loading--
		if msg.err != nil {
			d.err = msg.err
			return d, kit.Fail(msg.err)
		}
		d.counts = &msg.c
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, dashKeys.programme):
			if len(d.env.Programmes) < 2 {
				return d, nil
			}
			step := 1
			if msg.String() == "left" {
				step = -1
			}
			d.prog = (d.prog + step + len(d.env.Programmes)) % len(d.env.Programmes)
			d.report, d.counts, d.err = nil, nil, nil
			return d, d.Init()
		case key.Matches(msg, dashKeys.refresh):
			return d, d.Init()
		case key.Matches(msg, dashKeys.export):
			return d, kit.Push(NewExports(d.env, d.programme()))
		case key.Matches(msg, dashKeys.lookup):
			return d, kit.Push(NewLookup(d.env))
		}
		if d.readOnly() {
			return d, nil
		}
		switch {
		case key.Matches(msg, dashKeys.desk):
			return d, kit.OpenDesk
		case key.Matches(msg, dashKeys.stock):
			return d, kit.Push(NewStock(d.env, d.programme()))
		case key.Matches(msg, dashKeys.places):
			return d, kit.Push(NewPlaces(d.env))
		case key.Matches(msg, dashKeys.claims):
			return d, kit.Push(NewClaims(d.env))
		case key.Matches(msg, dashKeys.cancel):
			return d, kit.Push(NewCancel(d.env))
		case key.Matches(msg, dashKeys.void):
			return d, kit.Push(NewVoid(d.env))
		case key.Matches(msg, dashKeys.importing):
			return d, kit.Push(NewImport(d.env))
		}
	}
	return d, nil
}

// barWidth is the length of the bars at 80 columns: label, bar and figures on one line.
const barWidth = 20

// bar draws part of whole as a bar readable without colour (█ done, ░ left); beyond the whole
// (an overrun) it is full and marked.
func bar(part, whole int64, w int) string {
	if whole <= 0 {
		return strings.Repeat("·", w)
	}
	n := int(part * int64(w) / whole)
	if part > 0 && n == 0 {
		n = 1
	}
	if n >= w {
		return strings.Repeat("█", w)
	}
	return strings.Repeat("█", n) + strings.Repeat("░", w-n)
}

func percentOf(part, whole int64) string {
	if whole <= 0 {
		return ""
	}
	return " (" + domain.FormatPercent(domain.Percent(int(part), int(whole))) + ")"
}

func (d *Dashboard) View(w, h int) string {
	var b strings.Builder
	if d.report == nil {
		if d.err != nil {
			return kit.StyleErr.Render(kit.Wrap(kit.ErrorText(d.err), w))
		}
		return kit.StyleMuted.Render("Chargement des chiffres du programme…")
	}
	r := d.report
	asOf := "au " + domain.LongDate(r.AsOf.Local())
	if r.Over {
		asOf += " · programme terminé"
	}
	b.WriteString(kit.StyleMuted.Render(asOf) + "\n")
	b.WriteString(d.banner(w))
	labelW := 19
	line := func(label string, part, whole int64, figures string) {
		b.WriteString(kit.PadRight(label, labelW) + bar(part, whole, barWidth) + " " + figures + "\n")
	}
	c := r.Carnets
	line("Carnets remis", int64(c.IssuedToDate), int64(c.ReceivedToDate),
		fmt.Sprintf("%s / %s reçus%s", domain.Grouped(int64(c.IssuedToDate)), domain.Grouped(int64(c.ReceivedToDate)), percentOf(int64(c.IssuedToDate), int64(c.ReceivedToDate))))
	if c.Target > 0 {
		line("Objectif carnets", int64(c.IssuedToDate), int64(c.Target),
			fmt.Sprintf("%s / %s visés%s", domain.Grouped(int64(c.IssuedToDate)), domain.Grouped(int64(c.Target)), percentOf(int64(c.IssuedToDate), int64(c.Target))))
	}
	p := r.People
	if p.Target > 0 {
		line("Personnes touchées", int64(p.Reached), int64(p.Target),
			fmt.Sprintf("%s / %s visées%s", domain.Grouped(int64(p.Reached)), domain.Grouped(int64(p.Target)), percentOf(int64(p.Reached), int64(p.Target))))
	} else {
		b.WriteString(kit.PadRight("Personnes touchées", labelW) + domain.Grouped(int64(p.Reached)) + kit.StyleMuted.Render(" (pas d'objectif target_people)") + "\n")
	}
	ch := r.Cheques
	line("Chèques utilisés", int64(ch.Used), int64(ch.Issued),
		fmt.Sprintf("%s / %s remis%s", domain.Grouped(int64(ch.Used)), domain.Grouped(int64(ch.Issued)), percentOf(int64(ch.Used), int64(ch.Issued))))
	m := r.Money
	if r.HasBudget {
		line("Budget reçu", m.Received, m.Budget, fmt.Sprintf("%s / %s", domain.RoundEuros(m.Received), domain.RoundEuros(m.Budget)))
		line("Payé aux lieux", m.Paid, m.Budget, fmt.Sprintf("%s payés, %s demandés", domain.RoundEuros(m.Paid), domain.RoundEuros(m.Claimed)))
	} else {
		b.WriteString(kit.PadRight("Argent", labelW) + fmt.Sprintf("%s utilisés, %s payés", domain.RoundEuros(m.Used), domain.RoundEuros(m.Paid)) + "\n")
	}
	b.WriteString(fmt.Sprintf("Stock : %s au central · %s chez les prescripteurs · %s\n",
		domain.Grouped(int64(c.InStock)), domain.Grouped(int64(c.InHand)), domain.Plural(c.Voided, "annulé", "annulés")))
	b.WriteString(d.monthsView(w) + "\n")
	return fitDashboard(strings.Split(strings.TrimRight(b.String(), "\n"), "\n"), d.alertLines(w), d.menuLines(w), h)
}

// fitDashboard lays the figures, the alerts and the menu out in h lines. When they do not all
// fit, the menu goes first (the help line and « ? » list the same keys), then the figures give
// way to the alerts; an alert that still does not fit is counted, never silently dropped.
func fitDashboard(figures []string, alerts [][]string, menu []string, h int) string {
	count := func(groups [][]string) int {
		n := 0
		for _, g := range groups {
			n += len(g)
		}
		return n
	}
	need := len(figures) + count(alerts)
	if need+len(menu) <= h {
		return strings.Join(append(append(figures, flatten(alerts)...), menu...), "\n")
	}
	if need <= h {
		return strings.Join(append(figures, flatten(alerts)...), "\n")
	}
	// The alerts get what the figures leave, and at least half the page.
	room := max(h-len(figures), h/2, 2)
	shown := alerts[:1] // the « Alertes » title
	used := len(shown[0])
	for i := 1; i < len(alerts); i++ {
		reserve := 0 // a line for « … et N autres » while alerts remain after this one
		if i < len(alerts)-1 {
			reserve = 1
		}
		if used+len(alerts[i])+reserve > room {
			shown = append(shown, []string{kit.StyleWarn.Render(fmt.Sprintf("  … et %s : agrandissez la fenêtre",
				domain.Plural(len(alerts)-i, "autre alerte", "autres alertes")))})
			break
		}
		shown = append(shown, alerts[i])
		used += len(alerts[i])
	}
	lines := flatten(shown)
	figures = figures[:max(0, min(len(figures), h-len(lines)))]
	return strings.Join(append(figures, lines...), "\n")
}

func flatten(groups [][]string) []string {
	var out []string
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// banner is the calendar banner of the chosen programme, at the report's date.
func (d *Dashboard) banner(w int) string {
	if d.report == nil {
		return ""
	}
	return kit.ProgrammeBanner(d.programme(), d.report.AsOf, w)
}

// alertLines are the alerts' title then each alert wrapped under its sign.
func (d *Dashboard) alertLines(w int) [][]string {
	out := [][]string{{"", kit.StyleBold.Render("Alertes")}}
	if d.counts == nil {
		return append(out, []string{kit.StyleMuted.Render("  calcul des alertes…")})
	}
	alerts := domain.DashboardAlerts(d.programme(), *d.report, *d.counts)
	if d.banner(w) != "" { // the banner above says it: one calendar line, not two
		kept := alerts[:0]
		for _, a := range alerts {
			if !a.Calendar {
				kept = append(kept, a)
			}
		}
		alerts = kept
	}
	if len(alerts) == 0 {
		return append(out, []string{kit.StyleOK.Render("  ✓ rien à signaler")})
	}
	for _, a := range alerts {
		sign, st := "•", kit.StyleMuted
		switch a.Level {
		case domain.AlertUrgent:
			sign, st = "!", kit.StyleErr
		case domain.AlertWarning:
			sign, st = "▲", kit.StyleWarn
		}
		var group []string
		for i, l := range strings.Split(kit.Wrap(a.Text, max(w-4, 20)), "\n") {
			prefix := "    "
			if i == 0 {
				prefix = "  " + sign + " "
			}
			group = append(group, st.Render(prefix+l))
		}
		out = append(out, group)
	}
	return out
}

// monthsView is the usage of the last months: chèques used per month as a row of bars, the
// current month's figures beside them.
func (d *Dashboard) monthsView(w int) string {
	months := d.report.ByMonth
	if len(months) == 0 {
		return kit.StyleMuted.Render("Aucun chèque utilisé pour l'instant.")
	}
	if len(months) > 6 {
		months = months[len(months)-6:]
	}
	top := 0
	for _, m := range months {
		top = max(top, m.Cheques)
	}
	levels := []rune(" ▁▂▃▄▅▆▇█")
	var cells []string
	for _, m := range months {
		lvl := 0
		if top > 0 {
			lvl = (m.Cheques*(len(levels)-1) + top - 1) / top
		}
		cells = append(cells, shortMonth(m.Month)+" "+string(levels[lvl]))
	}
	last := months[len(months)-1]
	return kit.Truncate(fmt.Sprintf("Mois : %s · %s : %s, %s", strings.Join(cells, " "),
		domain.MonthLabel(last.Month), domain.Plural(last.Cheques, "chèque utilisé", "chèques utilisés"), domain.Plural(last.Issued, "carnet remis", "carnets remis")), w)
}

func shortMonth(t time.Time) string {
	return []string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}[t.Month()-1]
}

// menuLines list every page of the role under the alerts: the help line holds five keys, the
// tableau de bord leads to nine pages.
func (d *Dashboard) menuLines(w int) []string {
	var b strings.Builder
	width := 0
	for _, k := range d.Keys() {
		h := k.Help()
		if h.Key == "←/→" || h.Key == "g" {
			continue
		}
		item := h.Key + " " + h.Desc
		// An item never breaks across lines.
		if width > 0 && width+3+len([]rune(item)) > w {
			b.WriteString("\n")
			width = 0
		}
		if width > 0 {
			b.WriteString(kit.StyleMuted.Render(" · "))
			width += 3
		}
		b.WriteString(kit.StyleSelected.Render(h.Key) + " " + h.Desc)
		width += len([]rune(item))
	}
	return append([]string{""}, strings.Split(b.String(), "\n")...)
}
