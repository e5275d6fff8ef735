package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"passnum/domain"
	"passnum/domain/doc"
)

// report prints the figures of a programme for a period: passnum report [--programme ID]
// [--from JJ/MM/AAAA] [--to JJ/MM/AAAA | --month AAAA-MM] [--by DÉTAILS]. The text shows the
// summary and the breakdowns --by names; --json gives everything. domain/figures.go says what
// each figure counts and how the period applies to it. --xlsx and --html write the same figures
// as a workbook and as the printable report to the committee (« - »: to standard output, then
// nothing else is printed there).
func (a *app) report(ctx context.Context, args []string) error {
	fs := newFlags("report")
	progID := fs.String("programme", "", "")
	from := fs.String("from", "", "")
	to := fs.String("to", "", "")
	month := fs.String("month", "", "")
	by := fs.String("by", "", "")
	xlsxOut := fs.String("xlsx", "", "")
	htmlOut := fs.String("html", "", "")
	if _, err := fs.parseWith(args); err != nil {
		return err
	}
	docs, err := a.reportDocs(fs, *xlsxOut, *htmlOut)
	if err != nil {
		return err
	}
	prog, err := a.programmeByID(*progID)
	if err != nil {
		return err
	}
	period, err := reportPeriod(*from, *to, *month)
	if err != nil {
		return err
	}
	var dims []domain.Dimension
	if *by != "" {
		if dims, err = domain.ParseDimensions(*by); err != nil {
			return err
		}
	}
	facts, err := a.store.ReportFacts(ctx, a.user, prog.ID, period)
	if err != nil {
		return err
	}
	r := domain.BuildReport(prog, period, facts).WithNames(a.cfg.Prescribers, a.cfg.Communes)
	if len(docs) > 0 {
		return a.writeReportDocs(r, docs)
	}
	// The phase is the programme's today (its calendar with the effective end), whatever the period.
	now := time.Now()
	cal := prog.Calendar()
	ph := cal.Phase(now)
	out := struct {
		reportJSON
		Phase    domain.Phase `json:"phase"`
		Calendar calendarJSON `json:"calendar"`
	}{toReportJSON(r), ph, calendarOf(cal)}
	text := reportText(r, dims)
	phase := "Phase du programme aujourd'hui : " + ph.Label()
	if banner := cal.Banner(now); banner != "" {
		phase += " — " + banner
	} else if !cal.NoEnd() {
		phase += fmt.Sprintf(" (fin le %s, remises jusqu'au %s, chèques acceptés jusqu'au %s)", domain.ShortDate(cal.End), domain.ShortDate(cal.LastHandoverDay()), domain.ShortDate(cal.ToleranceEnd))
	}
	if i := strings.Index(text, "\n"); i >= 0 { // under the title line
		text = text[:i+1] + phase + "\n" + text[i+1:]
	}
	return a.emit(out, text)
}

// reportDoc is one document report is asked to write: its option, format and path ("-":
// standard output).
type reportDoc struct {
	flag, format, path string
}

// reportDocs checks --xlsx and --html before anything is read: a value, the right extension,
// one standard output at most, no path through SSH (the server's disk is not the user's).
//
// The messages name the command fs is for (report, programme close, programme closing) and the
// file it writes.
func (a *app) reportDocs(fs *flagSet, xlsxOut, htmlOut string) ([]reportDoc, error) {
	cmd, cmdline, stem := fs.Name(), fs.Name(), "rapport"
	if cmd != "report" {
		cmdline, stem = cmd+" ID", "etat-de-cloture"
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var docs []reportDoc
	for _, d := range []struct {
		flag, format, path string
		exts               []string
	}{
		{"xlsx", "xlsx", xlsxOut, []string{".xlsx"}},
		{"html", "html", htmlOut, []string{".html", ".htm"}},
	} {
		if !given[d.flag] {
			continue
		}
		path := strings.TrimSpace(d.path)
		switch {
		case path == "":
			return nil, domain.Errorf(domain.KindInvalid, "--%s : indiquez le fichier à écrire (%s.%s), ou - pour la sortie standard", d.flag, stem, d.format)
		case path != "-" && a.remote:
			return nil, domain.Errorf(domain.KindInvalid, "--%s : à travers SSH, le fichier s'écrit chez vous : ssh … %s --%s - > %s.%s", d.flag, cmdline, d.flag, stem, d.format)
		case path != "-" && !hasExt(path, d.exts):
			return nil, domain.Errorf(domain.KindInvalid, "--%s : %q ne finit pas par %s (le fichier est un %s)", d.flag, path, strings.Join(d.exts, " ou "), strings.ToUpper(d.format))
		}
		docs = append(docs, reportDoc{flag: "--" + d.flag, format: d.format, path: path})
	}
	if len(docs) == 2 && docs[0].path == "-" && docs[1].path == "-" {
		return nil, domain.Errorf(domain.KindInvalid, "passnum %s : --xlsx - et --html - ne peuvent pas écrire tous les deux sur la sortie standard : donnez un fichier à l'un des deux", cmd)
	}
	return docs, nil
}

func hasExt(path string, exts []string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	for _, e := range exts {
		if ext == e {
			return true
		}
	}
	return false
}

// writeReportDocs writes the report's documents (writeDocs).
func (a *app) writeReportDocs(r domain.Report, docs []reportDoc) error {
	return a.writeDocs("Rapport écrit", docs, func(format string, b *bytes.Buffer) (string, error) {
		if format == "xlsx" {
			return domain.Plural(doc.ReportXLSXSheets(r), "feuille", "feuilles"), doc.WriteReportXLSX(b, r)
		}
		err := doc.WriteReportHTML(b, r)
		return "page HTML à imprimer, " + domain.Grouped(int64((b.Len()+1023)/1024)) + " Ko", err
	})
}

// writeDocs renders each document whole, then writes it: to standard output for « - », else
// into its file atomically, and says in one line what was written (on the error output when
// standard output carries the other document). render fills b in the format and says what it
// holds (« 8 feuilles »).
func (a *app) writeDocs(label string, docs []reportDoc, render func(format string, b *bytes.Buffer) (string, error)) error {
	toStdout := false
	for _, d := range docs {
		toStdout = toStdout || d.path == "-"
	}
	var written []map[string]any
	var lines []string
	for _, d := range docs {
		var b bytes.Buffer
		what, err := render(d.format, &b)
		if err != nil {
			return err
		}
		if err := a.writeFile(d.flag, "."+d.format, d.path, func(w io.Writer) error { _, err := w.Write(b.Bytes()); return err }); err != nil {
			return err
		}
		if d.path == "-" {
			continue
		}
		written = append(written, map[string]any{"format": d.format, "file": d.path, "bytes": b.Len()})
		lines = append(lines, fmt.Sprintf("%s : %s (%s)", label, d.path, what))
	}
	if len(lines) == 0 {
		return nil
	}
	if toStdout {
		_, err := fmt.Fprintln(a.stderr, strings.Join(lines, "\n"))
		return err
	}
	return a.emit(map[string]any{"written": written}, strings.Join(lines, "\n"))
}

// reportPeriod reads --from/--to (local calendar days, the last one included) or --month.
func reportPeriod(from, to, month string) (domain.Period, error) {
	if month != "" {
		if from != "" || to != "" {
			return domain.Period{}, domain.Errorf(domain.KindInvalid, "passnum report : --month ou --from/--to, pas les deux (--month %s couvre déjà le mois entier)", month)
		}
		m, err := domain.ParseMonth("--month", month)
		if err != nil {
			return domain.Period{}, err
		}
		return domain.PeriodMonth(m), nil
	}
	var first, last time.Time
	var err error
	if from != "" {
		if first, err = domain.ParseDate("--from", from); err != nil {
			return domain.Period{}, err
		}
	}
	if to != "" {
		if last, err = domain.ParseDate("--to", to); err != nil {
			return domain.Period{}, err
		}
	}
	return domain.PeriodDays(first, last)
}

// The JSON of a report: snake_case keys, amounts in cents, percents as numbers with one
// decimal (null when there is nothing to divide by), every list present even when empty.
type reportJSON struct {
	Programme          string          `json:"programme"`
	ProgrammeName      string          `json:"programme_name"`
	Period             periodJSON      `json:"period"`
	AsOf               string          `json:"as_of"`
	Over               bool            `json:"over"`
	Carnets            carnetsJSON     `json:"carnets"`
	DistributedPercent *float64        `json:"distributed_percent"`
	Cheques            chequesJSON     `json:"cheques"`
	People             peopleJSON      `json:"people"`
	Sessions           int             `json:"sessions"`
	Money              moneyJSON       `json:"money_cents"`
	Funders            []funderJSON    `json:"funders"`
	By                 breakdownsJSON  `json:"by"`
	Notes              reportNotesJSON `json:"notes"`
}

type periodJSON struct {
	From  *string `json:"from"` // first day, AAAA-MM-JJ; null: since the first carnet
	To    *string `json:"to"`   // last day included; null: up to now
	Label string  `json:"label"`
}

type carnetsJSON struct {
	Received       int      `json:"received"`
	Allocated      int      `json:"allocated"`
	Issued         int      `json:"issued"`
	Started        int      `json:"started"`
	Voided         int      `json:"voided"`
	InStock        int      `json:"in_stock"`
	InHand         int      `json:"in_hand"`
	ReceivedToDate int      `json:"received_to_date"`
	IssuedToDate   int      `json:"issued_to_date"`
	Accompanied    int      `json:"issued_accompanied"` // handed to a person an adviser accompanied
	Extra          int      `json:"issued_extra_on_request"`
	Target         *int     `json:"target"`
	TargetPercent  *float64 `json:"target_percent"`
}

type chequesJSON struct {
	Issued     int `json:"issued"`
	Used       int `json:"used"`
	Reimbursed int `json:"reimbursed"`
	Available  int `json:"available"`
	Expired    int `json:"expired"`
}

type peopleJSON struct {
	Reached          int      `json:"reached"`
	Used             int      `json:"used"`
	SessionsAttended int      `json:"sessions_attended"`
	Target           *int     `json:"target"`
	TargetPercent    *float64 `json:"target_percent"`
}

type moneyJSON struct {
	Budget   int64  `json:"budget"`
	Received int64  `json:"received"`
	Issued   int64  `json:"issued"`
	Used     int64  `json:"used"`
	Claimed  int64  `json:"claimed"`
	Paid     int64  `json:"paid"`
	Rest     *int64 `json:"rest"` // null when the programme has no budget
}

type funderJSON struct {
	Name          string `json:"name"`
	SharePercent  int    `json:"share_percent"`
	BudgetCents   int64  `json:"budget_cents"`
	ReceivedCents int64  `json:"received_cents"`
	IssuedCents   int64  `json:"issued_cents"`
	UsedCents     int64  `json:"used_cents"`
	ClaimedCents  int64  `json:"claimed_cents"`
	PaidCents     int64  `json:"paid_cents"`
	RestCents     *int64 `json:"rest_cents"`
}

type breakdownsJSON struct {
	Prescriber []prescriberJSON `json:"prescriber"`
	Commune    []residenceJSON  `json:"commune"`
	QPV        []residenceJSON  `json:"qpv"`
	Public     []residenceJSON  `json:"public"`
	Place      []placeJSON      `json:"place"`
	Month      []monthJSON      `json:"month"`
}

type prescriberJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Allocated int    `json:"allocated"`
	Issued    int    `json:"issued"`
	InHand    int    `json:"in_hand"`
	People    int    `json:"people"`
}

// residenceJSON is a line per commune (id: INSEE), per QPV (id: the QPV's name, "" for the
// people outside any; commune: its INSEE) or per public (id: the public's id, "" not recorded).
type residenceJSON struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Commune       string `json:"commune,omitempty"`
	CarnetsIssued int    `json:"carnets_issued"`
	PeopleReached int    `json:"people_reached"`
	ChequesUsed   int    `json:"cheques_used"`
	PeopleUsed    int    `json:"people_used"`
}

type placeJSON struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Sessions     int    `json:"sessions"`
	ChequesUsed  int    `json:"cheques_used"`
	ClaimedCents int64  `json:"claimed_cents"`
	PaidCents    int64  `json:"paid_cents"`
}

type monthJSON struct {
	Month            string `json:"month"` // AAAA-MM
	Partial          bool   `json:"partial"`
	CarnetsReceived  int    `json:"carnets_received"`
	CarnetsAllocated int    `json:"carnets_allocated"`
	CarnetsIssued    int    `json:"carnets_issued"`
	ChequesUsed      int    `json:"cheques_used"`
	ClaimedCents     int64  `json:"claimed_cents"`
	PaidCents        int64  `json:"paid_cents"`
}

type reportNotesJSON struct {
	Rest    string `json:"rest"`
	Funders string `json:"funders"`
}

const (
	noteRest    = "reste du budget = budget − valeur des carnets reçus depuis le début du programme jusqu'à la fin de la période (carnets × chèques par carnet × valeur d'un chèque)"
	noteFunders = "chaque montant est partagé entre les financeurs selon leurs parts, au centime près : chacun reçoit l'arrondi inférieur de sa part, les centimes restants vont un à un aux plus grands restes (à égalité, au financeur cité le premier)"
)

func optInt(v int) *int {
	if v <= 0 {
		return nil
	}
	return &v
}

func toReportJSON(r domain.Report) reportJSON {
	out := reportJSON{
		Programme: r.Programme, ProgrammeName: r.ProgrammeName, AsOf: r.AsOf.Local().Format(time.RFC3339), Over: r.Over,
		Period: periodJSON{Label: r.Period.Label()},
		Carnets: carnetsJSON{Received: r.Carnets.Received, Allocated: r.Carnets.Allocated, Issued: r.Carnets.Issued, Started: r.Carnets.Started,
			Voided: r.Carnets.Voided, InStock: r.Carnets.InStock, InHand: r.Carnets.InHand,
			ReceivedToDate: r.Carnets.ReceivedToDate, IssuedToDate: r.Carnets.IssuedToDate,
			Accompanied: r.Carnets.Accompanied, Extra: r.Carnets.Extra,
			Target: optInt(r.Carnets.Target), TargetPercent: r.Carnets.TargetPercent},
		DistributedPercent: r.DistributedPercent,
		Cheques:            chequesJSON{r.Cheques.Issued, r.Cheques.Used, r.Cheques.Reimbursed, r.Cheques.Available, r.Cheques.Expired},
		People: peopleJSON{Reached: r.People.Reached, Used: r.People.Used, SessionsAttended: r.People.SessionsAttended,
			Target: optInt(r.People.Target), TargetPercent: r.People.TargetPercent},
		Sessions: r.Sessions,
		Money:    moneyJSON{r.Money.Budget, r.Money.Received, r.Money.Issued, r.Money.Used, r.Money.Claimed, r.Money.Paid, nil},
		Funders:  []funderJSON{},
		By: breakdownsJSON{Prescriber: []prescriberJSON{}, Commune: []residenceJSON{}, QPV: []residenceJSON{}, Public: []residenceJSON{},
			Place: []placeJSON{}, Month: []monthJSON{}},
		Notes: reportNotesJSON{Rest: noteRest, Funders: noteFunders},
	}
	if !r.Period.From.IsZero() {
		d := r.Period.From.Local().Format(time.DateOnly)
		out.Period.From = &d
	}
	if !r.Period.To.IsZero() {
		d := r.Period.To.Local().AddDate(0, 0, -1).Format(time.DateOnly)
		out.Period.To = &d
	}
	if r.HasBudget {
		rest := r.Money.Rest
		out.Money.Rest = &rest
	}
	for _, f := range r.Funders {
		j := funderJSON{Name: f.Name, SharePercent: f.SharePercent, BudgetCents: f.Money.Budget, ReceivedCents: f.Money.Received,
			IssuedCents: f.Money.Issued, UsedCents: f.Money.Used, ClaimedCents: f.Money.Claimed, PaidCents: f.Money.Paid}
		if r.HasBudget {
			rest := f.Money.Rest
			j.RestCents = &rest
		}
		out.Funders = append(out.Funders, j)
	}
	for _, l := range r.ByPrescriber {
		out.By.Prescriber = append(out.By.Prescriber, prescriberJSON{l.ID, l.Name, l.Allocated, l.Issued, l.InHand, l.People})
	}
	residence := func(l domain.ResidenceLine) residenceJSON {
		return residenceJSON{ID: l.ID, Name: l.Name, Commune: l.Commune, CarnetsIssued: l.Issued, PeopleReached: l.Reached, ChequesUsed: l.Cheques, PeopleUsed: l.PeopleUse}
	}
	for _, l := range r.ByCommune {
		out.By.Commune = append(out.By.Commune, residence(l))
	}
	for _, l := range r.ByQPV {
		out.By.QPV = append(out.By.QPV, residence(l))
	}
	for _, l := range r.ByPublic {
		out.By.Public = append(out.By.Public, residence(l))
	}
	for _, l := range r.ByPlace {
		out.By.Place = append(out.By.Place, placeJSON{l.ID, l.Name, l.Sessions, l.Cheques, l.ClaimedCents, l.PaidCents})
	}
	for _, m := range r.ByMonth {
		out.By.Month = append(out.By.Month, monthJSON{m.Month.Format("2006-01"), m.Partial, m.Received, m.Allocated, m.Issued, m.Cheques, m.ClaimedCents, m.PaidCents})
	}
	return out
}

// textTable aligns columns: align has one letter a column, l (left) or r (right, figures); a
// header of empty cells is not printed.
func textTable(indent, align string, header []string, rows [][]string) string {
	widths := make([]int, len(header))
	for _, row := range append([][]string{header}, rows...) {
		for i, cell := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	var b strings.Builder
	line := func(row []string) {
		parts := make([]string, len(row))
		for i, cell := range row {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell))
			if i < len(align) && align[i] == 'r' {
				parts[i] = pad + cell
			} else {
				parts[i] = cell + pad
			}
		}
		b.WriteString(strings.TrimRight(indent+strings.Join(parts, "  "), " ") + "\n")
	}
	if strings.Join(header, "") != "" {
		line(header)
	}
	for _, row := range rows {
		line(row)
	}
	return b.String()
}

// withTarget adds « objectif N : P » to a figure that has an objective.
func withTarget(target int, percent *float64) string {
	if target <= 0 {
		return ""
	}
	return fmt.Sprintf("objectif %s : %s", domain.Grouped(int64(target)), domain.FormatPercent(percent))
}

func reportText(r domain.Report, dims []domain.Dimension) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s) — %s\n", r.ProgrammeName, r.Programme, r.Period.Label())
	if !r.Period.To.IsZero() && r.AsOf.Equal(r.Period.To) {
		fmt.Fprintf(&b, "États au soir du %s (fin de la période).", frDate(r.AsOf.AddDate(0, 0, -1)))
	} else {
		fmt.Fprintf(&b, "États au %s.", frDateTime(r.AsOf))
	}
	if r.Over {
		b.WriteString(" Programme terminé : les chèques non utilisés sont expirés.")
	}
	b.WriteString("\n\nCarnets\n")
	// The accompaniment and the extras on request appear when a hand-over used them.
	var allowance [][]string
	if r.Carnets.Accompanied+r.Carnets.Extra > 0 {
		allowance = [][]string{
			{"  dont à une personne accompagnée par un conseiller", domain.Grouped(int64(r.Carnets.Accompanied)), ""},
			{"  dont carnets supplémentaires sur demande motivée", domain.Grouped(int64(r.Carnets.Extra)), ""},
		}
	}
	b.WriteString(textTable("  ", "lrl", []string{"", "", ""}, append(append([][]string{
		{"reçus (émis)", domain.Grouped(int64(r.Carnets.Received)), ""},
		{"injectés (sortis du stock central)", domain.Grouped(int64(r.Carnets.Allocated)), ""},
		{"remis à une personne", domain.Grouped(int64(r.Carnets.Issued)), ""}}, allowance...), [][]string{
		{"entamés (un chèque utilisé au moins)", domain.Grouped(int64(r.Carnets.Started)), ""},
		{"annulés", domain.Grouped(int64(r.Carnets.Voided)), ""},
		{"en stock central", domain.Grouped(int64(r.Carnets.InStock)), ""},
		{"chez les prescripteurs, pas encore remis", domain.Grouped(int64(r.Carnets.InHand)), ""},
		{"distribués : remis ÷ reçus depuis le début", domain.FormatPercent(r.DistributedPercent),
			fmt.Sprintf("(%s sur %s)", domain.Grouped(int64(r.Carnets.IssuedToDate)), domain.Grouped(int64(r.Carnets.ReceivedToDate)))},
		{"remis depuis le début", domain.Grouped(int64(r.Carnets.IssuedToDate)), withTarget(r.Carnets.Target, r.Carnets.TargetPercent)},
	}...)))
	b.WriteString("\nChèques\n")
	b.WriteString(textTable("  ", "lr", []string{"", ""}, [][]string{
		{"remis (dans les carnets remis)", domain.Grouped(int64(r.Cheques.Issued))},
		{"utilisés", domain.Grouped(int64(r.Cheques.Used))},
		{"remboursés (demandes payées)", domain.Grouped(int64(r.Cheques.Reimbursed))},
		{"disponibles (remis, pas encore utilisés)", domain.Grouped(int64(r.Cheques.Available))},
		{"expirés", domain.Grouped(int64(r.Cheques.Expired))},
	}))
	b.WriteString("\nPersonnes\n")
	b.WriteString(textTable("  ", "lrl", []string{"", "", ""}, [][]string{
		{"touchées (un carnet reçu)", domain.Grouped(int64(r.People.Reached)), withTarget(r.People.Target, r.People.TargetPercent)},
		{"ayant utilisé un chèque", domain.Grouped(int64(r.People.Used)), ""},
		{"séances suivies (payées par un chèque)", domain.Grouped(int64(r.People.SessionsAttended)), ""},
		{"séances ayant reçu un chèque", domain.Grouped(int64(r.Sessions)), ""},
	}))
	b.WriteString("\nMontants\n")
	header := []string{"", "total"}
	for _, f := range r.Funders {
		header = append(header, fmt.Sprintf("%s (%d %%)", f.Name, f.SharePercent))
	}
	type amount struct {
		label string
		get   func(domain.Money) int64
	}
	amounts := []amount{
		{"budget", func(m domain.Money) int64 { return m.Budget }},
		{"valeur des carnets reçus", func(m domain.Money) int64 { return m.Received }},
		{"valeur des carnets remis", func(m domain.Money) int64 { return m.Issued }},
		{"valeur des chèques utilisés", func(m domain.Money) int64 { return m.Used }},
		{"demandé (remboursements préparés)", func(m domain.Money) int64 { return m.Claimed }},
		{"payé aux lieux", func(m domain.Money) int64 { return m.Paid }},
	}
	if r.HasBudget {
		amounts = append(amounts, amount{"reste du budget", func(m domain.Money) int64 { return m.Rest }})
	}
	var rows [][]string
	for _, a := range amounts {
		row := []string{a.label, domain.Euros(a.get(r.Money))}
		for _, f := range r.Funders {
			row = append(row, domain.Euros(a.get(f.Money)))
		}
		rows = append(rows, row)
	}
	b.WriteString(textTable("  ", "l"+strings.Repeat("r", len(header)-1), header, rows))
	if r.HasBudget {
		b.WriteString("  Reste du budget = budget − valeur des carnets reçus depuis le début du programme, jusqu'à la fin de la période.\n")
	} else {
		b.WriteString("  Pas de budget fixé pour ce programme (budget_cents) : pas de reste.\n")
	}
	if len(r.Funders) > 0 {
		b.WriteString("  Parts des financeurs au centime près : les centimes restants vont aux plus grands restes (à égalité, au premier cité).\n")
	}
	for _, d := range dims {
		b.WriteString("\n" + domain.DimensionLabel(d) + "\n")
		b.WriteString(breakdownText(r, d))
	}
	if len(dims) == 0 {
		b.WriteString("\nDétails : --by prescriber, commune, qpv, public, place ou month (plusieurs séparés par des virgules, ou all).\n")
	}
	return b.String()
}

func breakdownText(r domain.Report, d domain.Dimension) string {
	var rows [][]string
	empty := func(what string) string { return "  (aucun " + what + " sur la période)\n" }
	residence := func(first string, lines []domain.ResidenceLine, what string) string {
		for _, l := range lines {
			rows = append(rows, []string{l.Name, domain.Grouped(int64(l.Issued)), domain.Grouped(int64(l.Reached)), domain.Grouped(int64(l.Cheques)), domain.Grouped(int64(l.PeopleUse))})
		}
		if len(rows) == 0 {
			return empty(what)
		}
		return textTable("  ", "lrrrr", []string{first, "carnets remis", "personnes touchées", "chèques utilisés", "personnes ayant utilisé"}, rows)
	}
	switch d {
	case domain.ByPrescriber:
		for _, l := range r.ByPrescriber {
			rows = append(rows, []string{l.Name, domain.Grouped(int64(l.Allocated)), domain.Grouped(int64(l.Issued)), domain.Grouped(int64(l.InHand)), domain.Grouped(int64(l.People))})
		}
		if len(rows) == 0 {
			return empty("prescripteur")
		}
		return textTable("  ", "lrrrr", []string{"prescripteur", "attribués", "remis", "en main", "personnes touchées"}, rows)
	case domain.ByCommune:
		return residence("commune", r.ByCommune, "carnet remis ni chèque utilisé")
	case domain.ByQPV:
		return residence("quartier (commune)", r.ByQPV, "carnet remis ni chèque utilisé")
	case domain.ByPublic:
		return residence("public", r.ByPublic, "carnet remis ni chèque utilisé")
	case domain.ByPlace:
		for _, l := range r.ByPlace {
			rows = append(rows, []string{l.Name, domain.Grouped(int64(l.Sessions)), domain.Grouped(int64(l.Cheques)), domain.Euros(l.ClaimedCents), domain.Euros(l.PaidCents)})
		}
		if len(rows) == 0 {
			return empty("chèque utilisé ni remboursement")
		}
		return textTable("  ", "lrrrr", []string{"lieu", "séances", "chèques utilisés", "demandé", "payé"}, rows)
	case domain.ByMonth:
		partial := false
		for _, m := range r.ByMonth {
			label := domain.MonthLabel(m.Month)
			if m.Partial {
				label += " *"
				partial = true
			}
			rows = append(rows, []string{label, domain.Grouped(int64(m.Received)), domain.Grouped(int64(m.Allocated)), domain.Grouped(int64(m.Issued)), domain.Grouped(int64(m.Cheques)), domain.Euros(m.ClaimedCents), domain.Euros(m.PaidCents)})
		}
		if len(rows) == 0 {
			return empty("mois")
		}
		out := textTable("  ", "lrrrrrr", []string{"mois", "carnets reçus", "injectés", "remis", "chèques utilisés", "demandé", "payé"}, rows)
		if partial {
			out += "  * mois coupé par la période : seuls ses jours compris sont comptés.\n"
		}
		return out
	}
	return ""
}
