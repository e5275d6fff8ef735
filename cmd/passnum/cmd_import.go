package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"passnum/domain"
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
	if strings.HasPrefix(args[0], "-") {
		return a.importPeople(ctx, args) // « import --help » and friends get the command's help
	}
	return domain.Errorf(domain.KindInvalid, "passnum import : « %s » ne s'importe pas (seulement : people)", shown(args[0]))
}

func (a *app) importPeople(ctx context.Context, args []string) error {
	fs := newFlags("import people")
	sheetName := fs.String("sheet", "", "")
	mapSpec := fs.String("map", "", "")
	dry := fs.Bool("dry-run", false, "")
	pos, err := fs.parseWith(args, "le fichier (.xlsx ou .csv)")
	if err != nil {
		return err
	}
	if err := domain.Authorize(a.user, domain.ActImport, domain.Scope{}); err != nil {
		return err
	}
	if !*dry {
		return domain.Errorf(domain.KindInvalid, "passnum import people : l'enregistrement de l'import n'est pas encore disponible — relancez avec --dry-run pour voir ce que ferait l'import, sans rien enregistrer")
	}
	name := pos[0]
	f, err := a.openInput("passnum import people", name, "le fichier .xlsx ou .csv")
	if err != nil {
		return err
	}
	defer f.Close()
	t, err := sheet.Read(name, f, *sheetName)
	if err != nil {
		return err
	}
	m, err := sheet.Resolve(t.Header, *mapSpec)
	if err != nil {
		return err
	}
	lk := sheet.PeopleLookups{
		Commune:    a.cfg.FindCommune,
		Duplicates: func(p domain.Person) ([]domain.DuplicateCandidate, error) { return a.store.LikelyDuplicates(ctx, p) },
		Carnet:     func(n string) (domain.Carnet, error) { return a.store.Carnet(ctx, n) },
	}
	verdicts, err := sheet.ClassifyPeople(t, m, lk, a.now())
	if err != nil {
		return err
	}
	return a.emit(importJSON(name, t, m, verdicts), a.importText(name, t, m, verdicts))
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
	Line      int              `json:"line"`
	Verdict   string           `json:"verdict"`
	LastName  string           `json:"last_name"`
	FirstName string           `json:"first_name"`
	BirthDate string           `json:"birth_date,omitempty"`
	Commune   string           `json:"commune,omitempty"`
	Carnet    string           `json:"carnet,omitempty"`
	Candidate *importCandidate `json:"candidate,omitempty"`
	Others    int              `json:"other_candidates,omitempty"`
	Reason    string           `json:"reason,omitempty"`
}

func importJSON(name string, t *sheet.Table, m sheet.Mapping, vs []sheet.RowVerdict) map[string]any {
	cols := []importColumn{}
	for _, f := range m.Mapped() {
		cols = append(cols, importColumn{m.ColumnName(f), string(f)})
	}
	rows := []importRow{}
	totals := map[string]int{string(sheet.VerdictNew): 0, string(sheet.VerdictExisting): 0, string(sheet.VerdictRefused): 0}
	for _, v := range vs {
		r := importRow{Line: v.Line, Verdict: string(v.Verdict), LastName: v.Person.LastName, FirstName: v.Person.FirstName,
			Commune: v.Person.Commune, Carnet: v.Carnet, Reason: v.Reason, Others: v.Others}
		if !v.Person.BirthDate.IsZero() {
			r.BirthDate = v.Person.BirthDate.Format("2006-01-02")
		}
		if c := v.Candidate; c != nil {
			r.Candidate = &importCandidate{c.Person.ID, c.Person.ListName(), c.Person.BirthDate.Format("2006-01-02"), c.Reason}
		}
		rows = append(rows, r)
		totals[string(v.Verdict)]++
	}
	unmapped := m.Unmapped()
	if unmapped == nil {
		unmapped = []string{}
	}
	return map[string]any{"file": filepath.Base(name), "sheet": t.Sheet, "dry_run": true, "mapping": cols,
		"unmapped_columns": unmapped, "rows": rows, "totals": totals}
}

func (a *app) importText(name string, t *sheet.Table, m sheet.Mapping, vs []sheet.RowVerdict) string {
	var b strings.Builder
	src := filepath.Base(name)
	if t.Sheet != "" {
		src += ", feuille « " + t.Sheet + " »"
	}
	if t.Encoding != "" {
		src += fmt.Sprintf(", %s, séparateur « %c »", t.Encoding, t.Separator)
	}
	fmt.Fprintf(&b, "Import de personnes depuis %s — aperçu, rien n'est enregistré.\n\nColonnes lues :\n", src)
	for _, f := range m.Mapped() {
		fmt.Fprintf(&b, "  %s → %s (%s)\n", m.ColumnName(f), strings.ToLower(f.Label()[:1])+f.Label()[1:], f)
	}
	if u := m.Unmapped(); len(u) > 0 {
		fmt.Fprintf(&b, "Colonnes ignorées : « %s » (--map colonne=champ pour les lire)\n", strings.Join(u, " », « "))
	}
	b.WriteString("\nLignes :\n")
	n := map[sheet.Verdict]int{}
	for _, v := range vs {
		n[v.Verdict]++
		fmt.Fprintf(&b, "  ligne %d : %s", v.Line, v.Verdict.Label())
		switch v.Verdict {
		case sheet.VerdictNew:
			fmt.Fprintf(&b, " — %s, %s", v.Person.ListName(), v.Person.BirthDate.Format("02/01/2006"))
			if c, ok := a.cfg.Commune(v.Person.Commune); ok {
				b.WriteString(", " + c.Name)
			}
		case sheet.VerdictExisting:
			c := v.Candidate
			fmt.Fprintf(&b, " — n°%d %s, %s (%s)", c.Person.ID, c.Person.ListName(), c.Person.BirthDate.Format("02/01/2006"), c.Reason)
			if v.Others > 0 {
				fmt.Fprintf(&b, ", et %s", domain.Plural(v.Others, "autre fiche possible", "autres fiches possibles"))
			}
		default:
			reason := strings.TrimPrefix(v.Reason, fmt.Sprintf("ligne %d, ", v.Line))
			b.WriteString(" — " + reason)
		}
		if v.Carnet != "" && v.Verdict != sheet.VerdictRefused {
			b.WriteString(" ; carnet " + v.Carnet)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\nTotal : %s, %s, %s.",
		domain.Plural(n[sheet.VerdictNew], "nouvelle personne", "nouvelles personnes"),
		domain.Plural(n[sheet.VerdictExisting], "personne existante", "personnes existantes"),
		domain.Plural(n[sheet.VerdictRefused], "ligne refusée", "lignes refusées"))
	return b.String()
}
