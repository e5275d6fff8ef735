package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"passnum/domain"
	"passnum/domain/doc"
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
	if strings.HasPrefix(args[0], "-") {
		return a.importPeople(ctx, args) // « import --help » and friends get the command's help
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
	if *rejects != "" && *rejects != "-" && !strings.EqualFold(filepath.Ext(*rejects), ".xlsx") {
		return domain.Errorf(domain.KindInvalid, "--rejects : %s — les lignes refusées s'écrivent dans un classeur .xlsx (par exemple refus.xlsx)", shown(*rejects))
	}
	name, t, err := a.readSheet("import people", pos[0], *format, *sheetName)
	if err != nil {
		return err
	}
	m, err := sheet.Resolve(t.Header, *mapSpec)
	if err != nil {
		return err
	}
	lk := sheet.PeopleLookups{Commune: a.cfg.FindCommune, Prescribers: a.cfg.Prescribers}
	rows := sheet.ReadPeople(t, m, lk, sheet.PeopleOptions{Consent: *consent}, a.now())
	rep, err := a.store.ImportPeople(ctx, a.user, name, rows, domain.ImportOptions{DryRun: *dry, SkipInvalid: *skip})
	if err != nil && rep.Rows == nil {
		return err
	}
	if *rejects != "" {
		if werr := a.writeRejects(*rejects, t, rep); werr != nil {
			return werr
		}
		if *rejects == "-" {
			return err // standard output carries the workbook
		}
	}
	if eerr := a.emit(importJSON(t, m, rep), a.importText(t, m, rep, *rejects)); eerr != nil {
		return eerr
	}
	return err
}

// fieldLabel is a field's label inside a sentence: « date de naissance », but « QPV ».
func fieldLabel(f sheet.Field) string {
	l := f.Label()
	if len(l) > 1 && strings.ToUpper(l[:2]) == l[:2] {
		return l
	}
	return strings.ToLower(l[:1]) + l[1:]
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
		return "entree-standard." + f, nil
	case f == "":
		return "", domain.Errorf(domain.KindInvalid, "passnum %s - : précisez ce que contient l'entrée standard avec --format csv ou --format xlsx", cmd)
	default:
		return "", domain.Errorf(domain.KindInvalid, "--format : « %s » inconnu (choix : csv, xlsx)", shown(format))
	}
}

// writeRejects writes the refused rows, as the file had them, with their motif.
func (a *app) writeRejects(path string, t *sheet.Table, rep domain.ImportReport) error {
	cells := map[int][]string{}
	for _, r := range t.Rows {
		cells[r.Line] = r.Cells
	}
	var rows [][]string
	var motifs []string
	for _, r := range rep.Rows {
		if r.Outcome == domain.ImportRefused {
			rows = append(rows, cells[r.Line])
			motifs = append(motifs, r.Reason)
		}
	}
	return a.writeFile("--rejects", ".xlsx", path, doc.RejectedRowsTable(t.Header, rows, motifs).WriteXLSX)
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
		if c := v.Candidate; c != nil {
			r.Candidate = &importCandidate{c.Person.ID, c.Person.ListName(), c.Person.BirthDate.Format("2006-01-02"), c.Reason}
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

func (a *app) importText(t *sheet.Table, m sheet.Mapping, rep domain.ImportReport, rejects string) string {
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
		fmt.Fprintf(&b, "  %s → %s (%s)\n", m.ColumnName(f), fieldLabel(f), f)
	}
	if u := m.Unmapped(); len(u) > 0 {
		fmt.Fprintf(&b, "Colonnes ignorées : « %s » (--map colonne=champ pour les lire)\n", strings.Join(u, " », « "))
	}
	b.WriteString("\nLignes :\n")
	for _, v := range rep.Rows {
		fmt.Fprintf(&b, "  ligne %d : %s", v.Line, v.Outcome.Label())
		p := v.Person
		switch v.Outcome {
		case domain.ImportNew:
			fmt.Fprintf(&b, " — %s, %s", p.ListName(), p.BirthDate.Format("02/01/2006"))
			if c, ok := a.cfg.Commune(p.Commune); ok {
				b.WriteString(", " + c.Name)
			}
			if p.QPV != "" {
				b.WriteString(", QPV " + p.QPV)
			}
		case domain.ImportExisting:
			c := v.Candidate
			if v.SameAsLine > 0 {
				fmt.Fprintf(&b, " — %s, %s, la même que la ligne %d", c.Person.ListName(), c.Person.BirthDate.Format("02/01/2006"), v.SameAsLine)
			} else {
				fmt.Fprintf(&b, " — n°%d %s, %s (%s)", c.Person.ID, c.Person.ListName(), c.Person.BirthDate.Format("02/01/2006"), c.Reason)
			}
			if v.Others > 0 {
				fmt.Fprintf(&b, ", et %s", domain.Plural(v.Others, "autre fiche possible", "autres fiches possibles"))
			}
		case domain.ImportAlready:
			fmt.Fprintf(&b, " — %s, %s (import du %s", p.ListName(), p.BirthDate.Format("02/01/2006"), frDate(v.ImportedAt))
			if v.ImportedFile != rep.File {
				b.WriteString(", fichier " + v.ImportedFile)
			}
			b.WriteString(")")
		default:
			b.WriteString(" — " + strings.TrimPrefix(strings.TrimPrefix(v.Reason, fmt.Sprintf("ligne %d, ", v.Line)), fmt.Sprintf("ligne %d : ", v.Line)))
		}
		switch {
		case v.Outcome == domain.ImportRefused || v.Carnet == "" || v.Outcome == domain.ImportAlready:
		case v.CarnetHeld:
			fmt.Fprintf(&b, " ; carnet %s déjà enregistré à son nom", v.Carnet)
		case v.HandedOver:
			fmt.Fprintf(&b, " ; carnet %s remis le %s", v.Carnet, v.IssuedAt.Format("02/01/2006"))
			if n := domain.PrescriberName(a.cfg.Prescribers, v.Prescriber); n != "" {
				b.WriteString(" par " + n)
			}
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\nTotal : %s, %s, %s, %s ; %s.",
		domain.Plural(rep.Count(domain.ImportNew), "nouvelle personne", "nouvelles personnes"),
		domain.Plural(rep.Count(domain.ImportExisting), "personne existante", "personnes existantes"),
		domain.Plural(rep.Count(domain.ImportAlready), "ligne déjà importée", "lignes déjà importées"),
		domain.Plural(rep.Count(domain.ImportRefused), "ligne refusée", "lignes refusées"),
		domain.Plural(rep.HandedOver(), "carnet remis", "carnets remis"))
	if n := rep.Count(domain.ImportRefused); n > 0 && rejects != "" {
		fmt.Fprintf(&b, "\nLignes refusées écrites dans %s, avec leur motif : corrigez-les et importez ce fichier.", filepath.Base(rejects))
	} else if n > 0 {
		b.WriteString("\nPour corriger les lignes refusées dans un tableur : --rejects refus.xlsx les écrit avec leur motif.")
	}
	if rep.DryRun && rep.Count(domain.ImportRefused) < len(rep.Rows) {
		b.WriteString("\nPour enregistrer : relancez sans --dry-run.")
	}
	return b.String()
}
