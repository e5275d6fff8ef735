package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"passnum/domain"
	"passnum/domain/sheet"
	"passnum/store"
)

// importRedemptions is « passnum import redemptions »: the chèques places reported as used,
// each on its day, recorded through the redemption's at-most-once rule. The dry run is the
// import itself, rolled back.
func (a *app) importRedemptions(ctx context.Context, args []string) error {
	fs := newFlags("import redemptions")
	sheetName := fs.String("sheet", "", "")
	mapSpec := fs.String("map", "", "")
	placeArg := fs.String("place", "", "")
	format := fs.String("format", "", "")
	dry := fs.Bool("dry-run", false, "")
	skip := fs.Bool("skip-invalid", false, "")
	pos, err := fs.parseWith(args, "le fichier (.xlsx ou .csv)")
	if err != nil {
		return err
	}
	if err := domain.Authorize(a.user, domain.ActImport, domain.Scope{}); err != nil {
		return err
	}
	name, t, err := a.readSheet("import redemptions", pos[0], *format, *sheetName)
	if err != nil {
		return err
	}
	m, err := sheet.Redemptions.Resolve(t.Header, *mapSpec)
	if err != nil {
		return err
	}
	if err := m.Require(sheet.Cheque, sheet.UsedOn); err != nil {
		return err
	}
	var place domain.Place
	if *placeArg != "" {
		if place, err = a.store.ImportPlace(ctx, strings.TrimSpace(*placeArg)); domain.KindOf(err) == domain.KindNotFound {
			return domain.Errorf(domain.KindInvalid, "--place : %s", err.Error())
		} else if err != nil {
			return err
		}
	} else if _, ok := m.Column(sheet.Place); !ok {
		return domain.Errorf(domain.KindInvalid, "passnum import redemptions : %s n'a pas de colonne « Lieu » — donnez le lieu de tout le fichier avec --place LIEU, ou nommez sa colonne avec --map colonne=place", filepath.Base(name))
	}

	rows := sheet.ReadRedemptions(t, m, place.ID)
	var good []store.DatedRedemption
	early := 0
	for _, r := range rows {
		if r.Refusal != "" {
			early++
			continue
		}
		good = append(good, store.DatedRedemption{Line: r.Line, Cheque: r.Cheque, Place: r.Place, Day: r.Day, Session: r.Session})
	}
	// A row refused while reading refuses the whole apply too: then nothing is written, and the
	// ledger is asked as in a dry run, so every row says what it would be.
	imp := store.RedemptionImport{File: name, Rows: good, DryRun: *dry || (early > 0 && !*skip), SkipInvalid: *skip}
	res, err := a.store.ImportRedemptions(ctx, a.user, imp)
	if err != nil && res == nil {
		return err
	}
	out := redemptionVerdicts(rows, res, m)
	refused := 0
	for _, v := range out {
		if v.Outcome == string(domain.ImportRefused) {
			refused++
		}
	}
	written := !*dry && (refused == 0 || *skip)
	if !written {
		for i := range out { // the session a rolled-back import would have opened is no one's
			if out[i].Outcome == string(domain.ImportRecorded) && rows[i].Session == "" {
				out[i].Session = ""
			}
		}
	}
	if err := a.emit(redemptionsJSON(name, t, m, place, *dry, written, out), redemptionsText(name, t, m, place, *dry, written, out)); err != nil {
		return err
	}
	if !*dry && !written {
		return domain.RefusedRowsError(refused)
	}
	return nil
}

// redemptionRow is one row of the report, as JSON gives it.
type redemptionRow struct {
	Line      int    `json:"line"`
	Outcome   string `json:"outcome"` // recorded, already_imported, refused
	Cheque    string `json:"cheque"`
	Date      string `json:"date,omitempty"`
	Place     string `json:"place,omitempty"`
	PlaceName string `json:"place_name,omitempty"`
	Session   string `json:"session,omitempty"`
	Reason    string `json:"reason,omitempty"`
}

// redemptionVerdicts puts the rows refused while reading and the ledger's outcomes back in
// the file's order, each refusal located « ligne 7, colonne N° chèque : … ».
func redemptionVerdicts(rows []sheet.RedemptionRow, res []store.ImportedRedemption, m sheet.Mapping) []redemptionRow {
	byLine := map[int]store.ImportedRedemption{}
	for _, r := range res {
		byLine[r.Line] = r
	}
	out := make([]redemptionRow, 0, len(rows))
	for _, r := range rows {
		v := redemptionRow{Line: r.Line, Cheque: r.Cheque, Place: r.Place}
		if !r.Day.IsZero() {
			v.Date = r.Day.Format("2006-01-02")
		}
		if r.Refusal != "" {
			v.Outcome, v.Reason = string(domain.ImportRefused), r.Refusal
			out = append(out, v)
			continue
		}
		got := byLine[r.Line]
		v.Outcome = string(got.Outcome)
		if got.Outcome == domain.ImportRefused {
			field := map[store.ImportBlame]sheet.Field{store.BlameCheque: sheet.Cheque, store.BlameDay: sheet.UsedOn, store.BlamePlace: sheet.Place, store.BlameSession: sheet.Session}[got.Blame]
			msg := got.Err.Error()
			if de, ok := got.Err.(*domain.Error); ok {
				msg = de.Message
			}
			if _, mapped := m.Column(field); mapped {
				v.Reason = sheet.Where(r.Line, m.ColumnName(field)) + " : " + msg
			} else {
				v.Reason = fmt.Sprintf("ligne %d : %s", r.Line, msg)
			}
		} else {
			v.Place, v.PlaceName, v.Session = got.Redemption.Place.ID, got.Redemption.Place.Name, got.Redemption.Session
		}
		out = append(out, v)
	}
	return out
}

func redemptionsJSON(name string, t *sheet.Table, m sheet.Mapping, place domain.Place, dry, written bool, rows []redemptionRow) map[string]any {
	cols := []importColumn{}
	for _, f := range m.Mapped() {
		cols = append(cols, importColumn{m.ColumnName(f), string(f)})
	}
	totals := map[string]int{string(domain.ImportRecorded): 0, string(domain.ImportAlready): 0, string(domain.ImportRefused): 0}
	for _, r := range rows {
		totals[r.Outcome]++
	}
	unmapped := m.Unmapped()
	if unmapped == nil {
		unmapped = []string{}
	}
	out := map[string]any{"file": filepath.Base(name), "sheet": t.Sheet, "dry_run": dry, "applied": written, "mapping": cols,
		"unmapped_columns": unmapped, "rows": rows, "totals": totals}
	if place.ID != "" {
		out["place"] = place.ID
	}
	return out
}

func redemptionsText(name string, t *sheet.Table, m sheet.Mapping, place domain.Place, dry, written bool, rows []redemptionRow) string {
	var b strings.Builder
	src := filepath.Base(name)
	if t.Sheet != "" {
		src += ", feuille « " + t.Sheet + " »"
	}
	if t.Encoding != "" {
		src += fmt.Sprintf(", %s, séparateur « %c »", t.Encoding, t.Separator)
	}
	state := ""
	switch {
	case dry:
		state = " — aperçu, rien n'est enregistré"
	case !written:
		state = " — des lignes sont refusées : rien n'est enregistré"
	}
	fmt.Fprintf(&b, "Import de chèques utilisés depuis %s%s.\n\nColonnes lues :\n", src, state)
	for _, f := range m.Mapped() {
		fmt.Fprintf(&b, "  %s → %s (%s)\n", m.ColumnName(f), domain.InSentence(sheet.Redemptions.Label(f)), f)
	}
	if u := m.Unmapped(); len(u) > 0 {
		fmt.Fprintf(&b, "Colonnes ignorées : « %s » (--map colonne=champ pour les lire)\n", strings.Join(u, " », « "))
	}
	if place.ID != "" {
		fmt.Fprintf(&b, "Lieu des lignes sans lieu : %s (--place %s)\n", place.Name, place.ID)
	}
	recorded := "à enregistrer"
	if written {
		recorded = "enregistré"
	}
	b.WriteString("\nLignes :\n")
	n := map[string]int{}
	for _, r := range rows {
		n[r.Outcome]++
		fmt.Fprintf(&b, "  ligne %d : ", r.Line)
		switch domain.ImportOutcome(r.Outcome) {
		case domain.ImportRecorded, domain.ImportAlready:
			label := recorded
			if r.Outcome == string(domain.ImportAlready) {
				label = "déjà enregistré"
			}
			fmt.Fprintf(&b, "%s — chèque %s, %s, le %s", label, r.Cheque, r.PlaceName, frISODay(r.Date))
			if r.Session != "" {
				b.WriteString(", séance " + r.Session)
			}
		default:
			b.WriteString("refusée — " + domain.Unlocated(r.Line, r.Reason))
		}
		b.WriteString("\n")
	}
	total := domain.Plural(n[string(domain.ImportRecorded)], "chèque "+recorded, "chèques "+strings.ReplaceAll(recorded, "enregistré", "enregistrés"))
	fmt.Fprintf(&b, "\nTotal : %s, %s, %s.", total,
		domain.Plural(n[string(domain.ImportAlready)], "déjà enregistré", "déjà enregistrés"),
		domain.Plural(n[string(domain.ImportRefused)], "ligne refusée", "lignes refusées"))
	return b.String()
}

// frISODay is an ISO day as the French read it.
func frISODay(iso string) string {
	if y, rest, ok := strings.Cut(iso, "-"); ok {
		if mo, d, ok := strings.Cut(rest, "-"); ok {
			return d + "/" + mo + "/" + y
		}
	}
	return iso
}
