package main

import (
	"context"
	"fmt"
	"strings"

	"passnum/domain"
	"passnum/domain/placecsv"
	"passnum/store"
)

func (a *app) placesImport(ctx context.Context, args []string) error {
	fs := newFlags("places import")
	skip := fs.Bool("skip-invalid", false, "")
	pos, err := fs.parseWith(args, "le fichier CSV")
	if err != nil {
		return err
	}
	f, err := a.openInput("passnum places import", pos[0], "le fichier CSV")
	if err != nil {
		return err
	}
	defer f.Close()
	places, problems, err := placecsv.Parse(f)
	if err != nil {
		return err
	}
	var lines []string
	for _, p := range problems {
		lines = append(lines, p.String())
	}
	if len(problems) > 0 && !*skip {
		return domain.Errorf(domain.KindInvalid, "%s : %s, rien n'a été importé. Corrigez le fichier ou relancez avec --skip-invalid pour importer les lignes valides :\n  %s",
			pos[0], domain.Plural(len(problems), "problème", "problèmes"), strings.Join(lines, "\n  "))
	}
	res, err := a.store.UpsertPlaces(ctx, a.user, places)
	if err != nil {
		return err
	}
	skipped := len(problemLines(problems))
	out := map[string]any{"added": res.Added, "updated": res.Updated, "skipped_lines": skipped, "problems": lines}
	text := fmt.Sprintf("%s, %d mis à jour depuis %s.", domain.Plural(res.Added, "lieu ajouté", "lieux ajoutés"), res.Updated, pos[0])
	if skipped > 0 {
		text += fmt.Sprintf("\n%s :\n  %s", domain.Plural(skipped, "ligne ignorée", "lignes ignorées"), strings.Join(lines, "\n  "))
	}
	return a.emit(out, text)
}

func problemLines(ps []placecsv.Problem) map[int]bool {
	m := map[int]bool{}
	for _, p := range ps {
		m[p.Line] = true
	}
	return m
}

func (a *app) placesList(ctx context.Context, args []string) error {
	fs := newFlags("places list")
	if _, err := fs.parseWith(args); err != nil {
		return err
	}
	places, err := a.store.Places(ctx)
	if err != nil {
		return err
	}
	type row struct {
		ID        string   `json:"id"`
		Name      string   `json:"name"`
		Commune   string   `json:"commune"`
		Qualified bool     `json:"qualified"`
		Needs     []string `json:"needs"`
	}
	list := []row{}
	var b strings.Builder
	for _, p := range places {
		var needs []string
		for _, n := range p.Needs {
			needs = append(needs, string(n))
		}
		list = append(list, row{p.ID, p.Name, p.Commune, p.Qualified, needs})
		q := " "
		if p.Qualified {
			q = "✓"
		}
		fmt.Fprintf(&b, "%s %-22s %-40s %-20s %s\n", q, p.ID, p.Name, p.Commune, strings.Join(needs, " "))
	}
	if len(places) == 0 {
		b.WriteString("Aucun lieu : importez le fichier national avec passnum places import FICHIER.csv\n")
	} else {
		b.WriteString("(✓ = qualifié pour le Pass numérique)\n")
	}
	return a.emit(list, b.String())
}

func (a *app) placesSet(ctx context.Context, args []string) error {
	fs := newFlags("places set")
	var qualified, pmr optBool
	var levels, needs, serves optString
	fs.Var(&qualified, "qualified", "")
	fs.Var(&pmr, "pmr", "")
	fs.Var(&levels, "levels", "")
	fs.Var(&needs, "needs", "")
	fs.Var(&serves, "serves", "")
	pos, err := fs.parseWith(args, "l'identifiant du lieu")
	if err != nil {
		return err
	}
	ch := store.PlaceChanges{Qualified: qualified.ptr(), PMR: pmr.ptr()}
	if levels.set {
		ls, err := domain.ParseLevels("--levels", levels.v)
		if err != nil {
			return err
		}
		ch.Levels = &ls
	}
	if needs.set {
		ns, err := domain.ParseNeeds("--needs", needs.v)
		if err != nil {
			return err
		}
		ch.Needs = &ns
	}
	if serves.set {
		list, err := domain.ParseServes("--serves", serves.v, a.cfg.Communes)
		if err != nil {
			return err
		}
		ch.Serves = &list
	}
	p, err := a.store.SetPlace(ctx, a.user, pos[0], ch)
	if err != nil {
		return err
	}
	out := map[string]any{"kind": "place", "id": p.ID, "qualified": p.Qualified, "pmr": p.PMR, "levels": p.Levels, "needs": p.Needs, "serves": p.Serves}
	return a.emit(out, fmt.Sprintf("Lieu %s mis à jour : qualifié %s, PMR %s, niveaux %v, besoins %v, communes desservies %v.",
		p.Name, ouiNon(p.Qualified), ouiNon(p.PMR), p.Levels, p.Needs, p.Serves))
}

func ouiNon(b bool) string {
	if b {
		return "oui"
	}
	return "non"
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
