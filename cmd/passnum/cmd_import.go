package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"passnum/domain"
	"passnum/domain/doc"
	"passnum/domain/geo"
	"passnum/domain/sheet"
)

// importCommand routes « passnum import QUOI ».
func (a *app) importCommand(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return domain.Errorf(domain.KindInvalid, "passnum import : précisez quoi importer (passnum import people FICHIER --dry-run)")
	}
	if args[0] == "people" {
		return a.importPeople(ctx, args[1:])
	}
	if args[0] == "redemptions" {
		return a.importRedemptions(ctx, args[1:])
	}
	return domain.Errorf(domain.KindInvalid, "passnum import : « %s » ne s'importe pas (seulement : people, redemptions)", shown(args[0]))
}

func (a *app) importPeople(ctx context.Context, args []string) error {
	fs := newFlags("import people")
	sheetName := fs.String("sheet", "", "")
	mapSpec := fs.String("map", "", "")
	format := fs.String("format", "", "")
	dry := fs.Bool("dry-run", false, "")
	skip := fs.Bool("skip-invalid", false, "")
	consent := fs.Bool("consent", false, "")
	rejects := fs.String("rejects", "", "")
	pos, err := fs.parseWith(args, "le fichier (.xlsx ou .csv)")
	if err != nil {
		return err
	}
	if err := domain.Authorize(a.user, domain.ActImport, domain.Scope{}); err != nil {
		return err
	}
	// The rejects' destination is checked before anything is recorded: a path refused after
	// the import would leave the coordinator with an import done and no list of its refusals.
	if err := a.checkRejects(*rejects, pos[0]); err != nil {
		return err
	}
	name, t, err := a.readSheet("import people", pos[0], *format, *sheetName)
	if err != nil {
		return err
	}
	lk := sheet.PeopleLookups{Commune: geo.CommuneFinder(a.cfg.Communes), Prescribers: a.cfg.Prescribers}
	pf, err := sheet.PeopleOf(t, *mapSpec, lk, sheet.PeopleOptions{Consent: *consent}, a.now())
	if err != nil {
		return err
	}
	rep, err := a.store.ImportPeople(ctx, a.user, name, pf.Rows, domain.ImportOptions{DryRun: *dry, SkipInvalid: *skip})
	if err != nil && rep.Rows == nil { // a failure, not refused rows: no report to show
		return err
	}
	refused := rep.Count(domain.ImportRefused)
	if *rejects == "-" {
		// Standard output carries the workbook alone (an empty one when no row is refused).
		rows, motifs := pf.Refused(rep)
		if werr := a.writeFile("--rejects", ".xlsx", "-", doc.RejectedRowsTable(t.Header, rows, motifs).WriteXLSX); werr != nil {
			return werr
		}
		return err
	}
	var werr error
	if *rejects != "" && refused > 0 {
		rows, motifs := pf.Refused(rep)
		werr = a.writeFile("--rejects", ".xlsx", *rejects, doc.RejectedRowsTable(t.Header, rows, motifs).WriteXLSX)
	}
	if eerr := a.emit(importJSON(t, pf.Mapping, rep), a.importText(t, pf.Mapping, rep, *rejects, werr == nil)); eerr != nil {
		return eerr
	}
	if werr != nil {
		return werr
	}
	return err
}

// checkRejects refuses a --rejects destination that could not be written: not a workbook,
// a server path over SSH, the file being imported, a folder that does not exist.
func (a *app) checkRejects(path, input string) error {
	switch {
	case path == "" || path == "-":
		return nil
	case !strings.EqualFold(filepath.Ext(path), ".xlsx"):
		return domain.Errorf(domain.KindInvalid, "--rejects : %s — les lignes refusées s'écrivent dans un classeur .xlsx (par exemple refus.xlsx)", shown(path))
	case a.remote:
		return domain.Errorf(domain.KindInvalid, "--rejects : à travers SSH, le classeur s'écrit chez vous : --rejects - > refus.xlsx (il remplace alors le compte rendu sur la sortie standard)")
	}
	if err := checkPath("--rejects", path); err != nil {
		return err
	}
	if in, err := filepath.Abs(input); err == nil {
		if out, err := filepath.Abs(path); err == nil && in == out {
			return domain.Errorf(domain.KindInvalid, "--rejects : %s est le fichier importé — donnez un autre nom (par exemple refus.xlsx)", shown(path))
		}
	}
	if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
		return domain.Errorf(domain.KindInvalid, "--rejects : le dossier %s n'existe pas — créez-le, ou donnez le chemin d'un dossier existant", shown(filepath.Dir(path)))
	}
	return nil
}

// readSheet reads the spreadsheet an import names, a file or standard input (« - », what it
// holds given by --format), and returns the name it is reported under.
func (a *app) readSheet(cmd, path, format, sheetName string) (string, *sheet.Table, error) {
	name, err := inputName(cmd, path, format)
	if err != nil {
		return "", nil, err
	}
	f, err := a.openInput("passnum "+cmd, path, "le fichier .xlsx ou .csv")
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	t, err := sheet.Read(name, f, sheetName)
	return name, t, err
}

// inputName is the name the file is read and reported under: standard input has none, so
// --format says what it holds.
func inputName(cmd, path, format string) (string, error) {
	switch f := strings.ToLower(strings.TrimPrefix(format, ".")); {
	case path != "-" && f != "":
		return "", domain.Errorf(domain.KindInvalid, "passnum %s : --format sert à l'entrée standard (« - ») ; pour %s, l'extension du fichier suffit (retirez --format)", cmd, shown(path))
	case path != "-":
		return path, nil
	case f == "csv" || f == "xlsx":
		return "entrée standard." + f, nil
	case f == "":
		return "", domain.Errorf(domain.KindInvalid, "passnum %s - : précisez ce que contient l'entrée standard avec --format csv ou --format xlsx", cmd)
	default:
		return "", domain.Errorf(domain.KindInvalid, "--format : « %s » inconnu (choix : csv, xlsx)", shown(format))
	}
}

type importColumn struct {
	Column string `json:"column"`
	Field  string `json:"field"`
}

type importCandidate struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	BirthDate string `json:"birth_date"`
	Reason    string `json:"reason"`
}

type importRow struct {
	Line         int              `json:"line"`
	Outcome      string           `json:"outcome"`
	PersonID     int64            `json:"person_id,omitempty"`
	LastName     string           `json:"last_name"`
	FirstName    string           `json:"first_name"`
	BirthDate    string           `json:"birth_date,omitempty"`
	Commune      string           `json:"commune,omitempty"`
	QPV          string           `json:"qpv,omitempty"`
	Candidate    *importCandidate `json:"candidate,omitempty"`
	Others       int              `json:"other_candidates,omitempty"`
	SameAsLine   int              `json:"same_as_line,omitempty"`
	Carnet       string           `json:"carnet,omitempty"`
	HandedOver   bool             `json:"handed_over"`
	CarnetHeld   bool             `json:"carnet_already_held,omitempty"`
	IssuedAt     string           `json:"issued_at,omitempty"`
	Prescriber   string           `json:"prescriber,omitempty"`
	ImportedAt   string           `json:"imported_at,omitempty"`
	ImportedFile string           `json:"imported_file,omitempty"`
	Reason       string           `json:"reason,omitempty"`
}

func importJSON(t *sheet.Table, m sheet.Mapping, rep domain.ImportReport) map[string]any {
	cols := []importColumn{}
	for _, f := range m.Mapped() {
		cols = append(cols, importColumn{m.ColumnName(f), string(f)})
	}
	rows := []importRow{}
	for _, v := range rep.Rows {
		p := v.Person
		r := importRow{Line: v.Line, Outcome: string(v.Outcome), PersonID: p.ID, LastName: p.LastName, FirstName: p.FirstName,
			BirthDate: isoDay(p.BirthDate), Commune: p.Commune, QPV: p.QPV, Others: v.Others, SameAsLine: v.SameAsLine,
			Carnet: v.Carnet, HandedOver: v.HandedOver, CarnetHeld: v.CarnetHeld, IssuedAt: isoDay(v.IssuedAt), Prescriber: v.Prescriber,
			ImportedFile: v.ImportedFile, Reason: v.Reason}
		if !v.ImportedAt.IsZero() {
			r.ImportedAt = v.ImportedAt.Format(time.RFC3339)
		}
		if c := v.Candidate; c != nil && v.SameAsLine == 0 {
			r.Candidate = &importCandidate{c.Person.ID, c.Person.ListName(), c.Person.BirthDate.Format("2006-01-02"), c.Reason}
		}
		if !rep.Applied && (v.Outcome == domain.ImportNew || v.SameAsLine > 0) {
			r.PersonID = 0 // a number the rolled-back registration took: the next one will get it
		}
		rows = append(rows, r)
	}
	totals := map[string]int{"handed_over": rep.HandedOver()}
	for _, o := range []domain.ImportOutcome{domain.ImportNew, domain.ImportExisting, domain.ImportAlready, domain.ImportRefused} {
		totals[string(o)] = rep.Count(o)
	}
	unmapped := m.Unmapped()
	if unmapped == nil {
		unmapped = []string{}
	}
	return map[string]any{"file": rep.File, "sheet": t.Sheet, "dry_run": rep.DryRun, "applied": rep.Applied, "mapping": cols,
		"unmapped_columns": unmapped, "rows": rows, "totals": totals}
}

func (a *app) importText(t *sheet.Table, m sheet.Mapping, rep domain.ImportReport, rejects string, rejectsWritten bool) string {
	var b strings.Builder
	src := rep.File
	if t.Sheet != "" {
		src += ", feuille « " + t.Sheet + " »"
	}
	if t.Encoding != "" {
		src += fmt.Sprintf(", %s, séparateur « %c »", t.Encoding, t.Separator)
	}
	switch {
	case rep.DryRun:
		fmt.Fprintf(&b, "Import de personnes depuis %s — aperçu, rien n'est enregistré.\n", src)
	case rep.Applied:
		fmt.Fprintf(&b, "Import de personnes depuis %s — enregistré.\n", src)
	default:
		fmt.Fprintf(&b, "Import de personnes depuis %s — rien n'est enregistré.\n", src)
	}
	b.WriteString("\nColonnes lues :\n")
	for _, f := range m.Mapped() {
		fmt.Fprintf(&b, "  %s → %s (%s)\n", m.ColumnName(f), domain.InSentence(f.Label()), f)
	}
	if u := m.Unmapped(); len(u) > 0 {
		fmt.Fprintf(&b, "Colonnes ignorées : « %s » (--map colonne=champ pour les lire)\n", strings.Join(u, " », « "))
	}
	b.WriteString("\nLignes :\n")
	names := domain.ImportNames{Commune: a.communeName, Prescriber: func(id string) string { return domain.PrescriberName(a.cfg.Prescribers, id) }}
	for _, v := range rep.Rows {
		fmt.Fprintf(&b, "  ligne %d : %s — %s", v.Line, v.Outcome.Label(), v.Who(rep.File, names))
		if note := v.CarnetNote(names); note != "" {
			b.WriteString(" ; " + note)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\nTotal : %s.", rep.Totals())
	switch n := rep.Count(domain.ImportRefused); {
	case n > 0 && rejects != "" && rejectsWritten && rep.Applied:
		fmt.Fprintf(&b, "\nLignes refusées écrites dans %s, avec leur motif : corrigez-les et importez ce fichier.", filepath.Base(rejects))
	case n > 0 && rejects != "" && rejectsWritten:
		fmt.Fprintf(&b, "\nLignes refusées écrites dans %s, avec leur motif : corrigez-les dans le fichier d'origine et relancez l'import (ou importez ce classeur, une fois corrigé, après avoir enregistré les autres lignes avec --skip-invalid).", filepath.Base(rejects))
	case n > 0 && rejects == "":
		b.WriteString("\nPour corriger les lignes refusées dans un tableur : --rejects refus.xlsx les écrit avec leur motif.")
	case n == 0 && rejects != "":
		fmt.Fprintf(&b, "\nAucune ligne refusée : %s n'est pas écrit (un fichier plus ancien de ce nom reste tel qu'il était).", filepath.Base(rejects))
	}
	if rep.DryRun && rep.Recorded() > 0 {
		b.WriteString("\nPour enregistrer : relancez sans --dry-run.")
	}
	return b.String()
}
