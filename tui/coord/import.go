package coord

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/domain/sheet"
	"passnum/tui/kit"
)

// Import is « passnum import people » for the coordination: a desk's spreadsheet named in a
// small form, read and shown row by row as the ledger would take it (a dry run, nothing
// recorded), then recorded on one confirmation, the refused rows written beside the file for
// the desk to fix.
type Import struct {
	env    *kit.Env
	form   kit.FieldSet
	mode   importMode
	in     importInput         // what the preview was read with
	file   sheet.PeopleFile    // the file as read for the preview: what is applied
	report domain.ImportReport // the preview's (dry run) or the import's
	scroll int                 // first line of the rows, clamped by SetSize
	// rowsRoom is how many lines the rows had at the last SetSize: a page for pg↑/pg↓.
	rowsRoom int
	busy     bool
	// rows are the report's rows wrapped at rowsWidth, kept while neither changes: a file of
	// thousands of rows is not wrapped again at every key.
	rows      []string
	rowsWidth int
	// onlyRefused shows the refused rows alone: in a file of thousands, the few to fix.
	onlyRefused bool
}

type importMode int

const (
	importForm    importMode = iota
	importPreview            // the dry run's report
	importConfirm            // the preview, waiting for « o »
	importDone               // the import's report
)

// The form's fields, in order.
const (
	ifPath = iota
	ifSheet
	ifColumns
	ifConsent
	ifSkip
)

var importKeys = struct {
	next, preview, apply, confirm, cancel, skip, rejects, only key.Binding
}{
	next:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "champ suivant, aperçu")),
	preview: key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "aperçu")),
	apply:   key.NewBinding(key.WithKeys("enter", "ctrl+s"), key.WithHelp("entrée", "enregistrer")),
	confirm: key.NewBinding(key.WithKeys("o", "O"), key.WithHelp("o", "oui, enregistrer")),
	cancel:  key.NewBinding(key.WithKeys("n", "N"), key.WithHelp("n", "non, revenir")),
	skip:    key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "ignorer les refus (oui/non)")),
	rejects: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "écrire les refus (XLSX)")),
	only:    key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "refusées seulement (oui/non)")),
}

// Choices of the form's two toggles.
var (
	consentChoices = []string{"non", "oui"}
	skipChoices    = []string{"non", "oui"}
)

type (
	importRead struct {
		in   importInput
		file sheet.PeopleFile
		rep  domain.ImportReport
		err  error
	}
	importApplied struct {
		rep domain.ImportReport
		err error
	}
	rejectsWritten struct {
		path string
		err  error
	}
)

// NewImport opens the import of people on its form.
func NewImport(env *kit.Env) *Import {
	p := &Import{env: env}
	p.form = kit.FieldSet{Fields: []*kit.Field{
		kit.TextField("Fichier", "chemin du fichier .xlsx ou .csv, tapé ou collé (ex. /home/coordination/beneficiaires.xlsx)", "fichier", "", maxImportPath),
		kit.TextField("Feuille", "facultatif : la feuille du classeur à lire (vide : la première qui a des données)", "feuille", "", 120),
		kit.TextField("Colonnes", "facultatif : colonne=champ pour une colonne mal reconnue, ex. « Né(e) le=birth_date »", "colonnes", "", 1000),
		p.consentField("non"),
		p.skipField("non"),
	}}
	return p
}

func (p *Import) consentField(v string) *kit.Field {
	return kit.ChoiceField("Accord de tous", "toutes les personnes du fichier ont donné leur accord à l'enregistrement de leurs données (←/→ ou o/n ; une colonne Accord le dit ligne par ligne)", "accord", consentChoices, v)
}

func (p *Import) skipField(v string) *kit.Field {
	return kit.ChoiceField("Ignorer les refus", "oui : enregistrer les autres lignes quand certaines sont refusées ; non : tout ou rien (←/→ ou o/n)", "refus", skipChoices, v)
}

func (p *Import) Title() string {
	switch p.mode {
	case importForm:
		return "Importer des personnes"
	case importDone:
		return "Importer des personnes — résultat"
	}
	return "Importer des personnes — aperçu"
}

func (p *Import) Init() tea.Cmd {
	if p.mode == importForm {
		return p.form.Focus(p.form.Current)
	}
	return nil
}

func (p *Import) Keys() []key.Binding {
	switch p.mode {
	case importForm:
		return []key.Binding{importKeys.next, importKeys.preview, kit.FieldKeys.Next, kit.FieldKeys.Choose, kit.ClearKey, kit.FieldKeys.Prev}
	case importConfirm:
		return []key.Binding{importKeys.confirm, importKeys.cancel, kit.ScrollKeys.Up, kit.ScrollKeys.PgUp, kit.ScrollKeys.Home}
	case importDone:
		ks := []key.Binding{kit.ScrollKeys.Up, kit.ScrollKeys.PgUp, kit.ScrollKeys.Home}
		if p.refused() > 0 {
			ks = append([]key.Binding{importKeys.rejects, importKeys.only}, ks...)
		}
		return ks
	}
	ks := []key.Binding{importKeys.apply, importKeys.skip, kit.ScrollKeys.Up, kit.ScrollKeys.PgUp, kit.ScrollKeys.Home}
	if p.refused() > 0 {
		ks = []key.Binding{importKeys.apply, importKeys.skip, importKeys.rejects, importKeys.only, kit.ScrollKeys.Up, kit.ScrollKeys.PgUp, kit.ScrollKeys.Home}
	}
	return ks
}

// Typing is true on the form's text fields: letters are text there.
func (p *Import) Typing() bool { return p.mode == importForm && p.form.Typing() }

// FieldEmpty is true on the form's empty text field: « ? » opens the help there.
func (p *Import) FieldEmpty() bool { return p.mode == importForm && p.form.FocusedEmpty() }

// HandleEsc steps back: the confirmation to the preview, the preview to the form (as typed);
// from the form and the result, esc leaves. A preview is no work: nothing is asked.
func (p *Import) HandleEsc() (kit.Screen, tea.Cmd, bool) {
	if p.busy && p.mode == importConfirm {
		return p, kit.Status("Enregistrement en cours : le résultat s'affiche ici dès qu'il est fini."), true
	}
	switch p.mode {
	case importConfirm:
		p.mode = importPreview
		return p, nil, true
	case importPreview:
		p.mode = importForm
		return p, p.form.Focus(p.form.Current), true
	}
	return p, nil, false
}

func (p *Import) setReport(rep domain.ImportReport) {
	p.report, p.rows = rep, nil
	p.onlyRefused = p.onlyRefused && p.refused() > 0
}

// toggleRefused shows the refused rows alone, or all of them again, from the top.
func (p *Import) toggleRefused() tea.Cmd {
	if p.refused() == 0 {
		p.onlyRefused = false
		return kit.Status("Aucune ligne refusée : toutes les lignes sont affichées.")
	}
	p.onlyRefused, p.rows, p.scroll = !p.onlyRefused, nil, 0
	return nil
}

// Unsaved says an import is being recorded: quitting now rolls it back whole.
func (p *Import) Unsaved() string {
	if p.busy && p.mode == importConfirm {
		return "l'import est en cours d'enregistrement, quitter l'annule en entier"
	}
	return ""
}

func (p *Import) refused() int { return p.report.Count(domain.ImportRefused) }

// toRecord is how many rows an import would change: new people, and hand-overs to people the
// ledger has.
func (p *Import) toRecord() int { return p.report.Recorded() }

func (p *Import) input() importInput {
	f := p.form.Fields
	return importInput{path: f[ifPath].Value(), sheet: f[ifSheet].Value(), columns: f[ifColumns].Value(),
		consent: f[ifConsent].Value() == "oui", skip: f[ifSkip].Value() == "oui"}
}

// preview reads the file and asks the ledger what importing it would do, recording nothing.
func (p *Import) preview() tea.Cmd {
	if p.busy {
		return nil
	}
	in := p.input()
	if p.env.Remote {
		return kit.Status(sshImport(in))
	}
	p.busy = true
	env := p.env
	return func() tea.Msg {
		pf, err := readImportFile(env, in)
		if err != nil {
			return importRead{in: in, err: err}
		}
		ctx, cancel := importContext()
		defer cancel()
		rep, err := env.Store.ImportPeople(ctx, env.User, importPath(in.path), pf.Rows, domain.ImportOptions{DryRun: true})
		return importRead{in: in, file: pf, rep: rep, err: err}
	}
}

// importContext bounds an import longer than kit.Env.Context does: 10 000 rows take 3 to 5 s on
// the benchmark ledger (README « Mesures »), a bigger file or a loaded server more.
func importContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 10*time.Minute)
}

// sshImport is the command that imports the file from the coordinator's own machine: over SSH
// a path names a file on the server, which the screen does not read (as the CLI does not).
func sshImport(in importInput) string {
	name, format := filepath.Base(importPath(in.path)), "csv"
	if in.path == "" {
		name = "beneficiaires.csv"
	}
	if ext := strings.ToLower(filepath.Ext(name)); ext == ".xlsx" || ext == ".xlsm" {
		format = "xlsx"
	}
	args := "import people - --format " + format
	if in.sheet != "" {
		args += " --sheet " + shellQuote(in.sheet)
	}
	if in.columns != "" {
		args += " --map " + shellQuote(in.columns)
	}
	if in.consent {
		args += " --consent"
	}
	return "Par SSH, le fichier est sur votre poste : tapez-y ssh … " + args + " --dry-run < " + shellQuote(name) +
		" (puis sans --dry-run pour enregistrer, avec --skip-invalid pour ignorer les lignes refusées)."
}

// shellQuote writes s for a POSIX shell: as is when it is plain, else between single quotes.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,/=@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// apply records the rows the preview showed, as read then: the file is not read again.
func (p *Import) apply() tea.Cmd {
	if p.busy {
		return nil
	}
	p.busy = true
	env, in, rows := p.env, p.in, p.file.Rows
	return func() tea.Msg {
		ctx, cancel := importContext()
		defer cancel()
		rep, err := env.Store.ImportPeople(ctx, env.User, importPath(in.path), rows, domain.ImportOptions{SkipInvalid: in.skip})
		return importApplied{rep, err}
	}
}

func (p *Import) writeRejects() tea.Cmd {
	if p.refused() == 0 {
		return kit.Status("Aucune ligne refusée : pas de fichier à écrire.")
	}
	if p.busy {
		return nil
	}
	p.busy = true
	pf, rep, path := p.file, p.report, rejectsPath(importPath(p.in.path))
	return func() tea.Msg { return rejectsWritten{path, writeRejects(pf, rep, path)} }
}

// setSkip turns « ignorer les lignes refusées » from the preview; the form says the same.
func (p *Import) setSkip(on bool) {
	p.in.skip = on
	v := "non"
	if on {
		v = "oui"
	}
	p.form.Fields[ifSkip] = p.skipField(v)
}

func (p *Import) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case importRead:
		p.busy = false
		if msg.err != nil {
			if cmd, ok := p.form.Blame(msg.err); ok {
				return p, tea.Batch(cmd, kit.Fail(msg.err))
			}
			return p, kit.Fail(msg.err)
		}
		p.in, p.file, p.mode, p.scroll = msg.in, msg.file, importPreview, 0
		p.setReport(msg.rep)
		return p, nil
	case importApplied:
		p.busy = false
		switch {
		case msg.err != nil && msg.rep.Rows != nil:
			// Refused rows, all or nothing: the ledger's report, nothing recorded.
			p.mode = importPreview
			p.setReport(msg.rep)
			return p, kit.Fail(domain.Errorf(domain.KindInvalid, "%s : rien n'est enregistré — i pour ignorer les lignes refusées, ou corrigez le fichier", domain.Plural(p.refused(), "ligne refusée", "lignes refusées")))
		case msg.err != nil:
			p.mode = importPreview
			return p, kit.Fail(msg.err)
		}
		p.mode, p.scroll = importDone, 0
		p.setReport(msg.rep)
		return p, kit.Status(fmt.Sprintf("Import enregistré : %s, %s.",
			domain.Plural(p.report.Count(domain.ImportNew), "nouvelle personne", "nouvelles personnes"),
			domain.Plural(p.report.HandedOver(), "carnet remis", "carnets remis")))
	case rejectsWritten:
		p.busy = false
		if msg.err != nil {
			return p, kit.Fail(msg.err)
		}
		if !p.report.Applied {
			return p, kit.Status("Lignes refusées écrites, avec leur motif, dans " + msg.path + " : rien n'est enregistré — corrigez-les dans le fichier d'origine et relancez l'aperçu (ou enregistrez d'abord les autres lignes avec « ignorer les refus », puis importez ce classeur corrigé).")
		}
		return p, kit.Status("Lignes refusées écrites, avec leur motif, dans " + msg.path + " : corrigez-les dans le tableur puis importez ce fichier.")
	case tea.KeyPressMsg:
		if p.mode != importForm {
			if p.scrollKey(msg) {
				return p, nil
			}
		}
		switch p.mode {
		case importForm:
			switch {
			case key.Matches(msg, importKeys.preview):
				return p, p.preview()
			case key.Matches(msg, importKeys.next):
				if p.form.Last() {
					return p, p.preview()
				}
				return p, p.form.Move(1)
			}
		case importPreview:
			switch {
			case key.Matches(msg, importKeys.apply):
				return p, p.askApply()
			case key.Matches(msg, importKeys.skip):
				p.setSkip(!p.in.skip)
				return p, nil
			case key.Matches(msg, importKeys.rejects):
				return p, p.writeRejects()
			case key.Matches(msg, importKeys.only):
				return p, p.toggleRefused()
			}
			return p, nil
		case importConfirm:
			switch {
			case key.Matches(msg, importKeys.confirm):
				return p, p.apply()
			case key.Matches(msg, importKeys.cancel) && p.busy:
				return p, kit.Status("Enregistrement en cours : le résultat s'affiche ici dès qu'il est fini.")
			case key.Matches(msg, importKeys.cancel):
				p.mode = importPreview
			}
			return p, nil
		case importDone:
			if key.Matches(msg, importKeys.rejects) {
				return p, p.writeRejects()
			}
			if key.Matches(msg, importKeys.only) {
				return p, p.toggleRefused()
			}
			return p, nil
		}
	}
	if p.mode == importForm {
		cmd, _ := p.form.Update(msg)
		return p, cmd
	}
	return p, nil
}

// askApply asks the one confirmation, unless nothing could be recorded: then it says why.
func (p *Import) askApply() tea.Cmd {
	switch {
	case p.refused() > 0 && !p.in.skip:
		return kit.Fail(domain.Errorf(domain.KindInvalid, "%s : l'import est tout ou rien, rien ne serait enregistré — i pour ignorer les lignes refusées, ou corrigez le fichier",
			domain.Plural(p.refused(), "ligne refusée", "lignes refusées")))
	case p.toRecord() == 0:
		return kit.Status("Rien à enregistrer : chaque ligne est déjà dans le registre ou refusée.")
	}
	p.mode = importConfirm
	return nil
}

// scrollKey moves the rows; SetSize clamps the scroll to them.
func (p *Import) scrollKey(msg tea.KeyPressMsg) bool { return kit.Scroll(msg, &p.scroll, p.rowsRoom-1) }
