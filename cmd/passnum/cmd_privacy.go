package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"passnum/domain"
	"passnum/domain/doc"
)

// The rights of a person: passnum people export (access), people anonymise (erasure) and
// retention (the retention period of [retention] months_after_end).

type personFileJSON struct {
	Kind         string                         `json:"kind"`
	Person       personJSON                     `json:"person"`
	AnonymisedAt string                         `json:"anonymised_at,omitempty"`
	Household    *domain.PersonFileHousehold    `json:"household,omitempty"`
	Carnets      []domain.PersonFileCarnet      `json:"carnets"`
	Diagnostics  []domain.PersonFileDiagnostic  `json:"diagnostics"`
	Attendances  []domain.PersonFileAttendance  `json:"attendances"`
	FollowUps    []domain.PersonFileFollowUp    `json:"follow_ups"`
	Orientations []domain.PersonFileOrientation `json:"orientations"`
	MergedFrom   []int64                        `json:"merged_from"`
	Distinct     []int64                        `json:"distinct_from"`
	Audit        []domain.PersonFileAudit       `json:"audit"`
}

func (a *app) peopleExport(ctx context.Context, args []string) error {
	fs := newFlags("people export")
	htmlOut := fs.String("html", "", "")
	pos, err := fs.parseWith(args, "le numéro de la personne")
	if err != nil {
		return err
	}
	id, err := personNumber("personne", pos[0])
	if err != nil {
		return err
	}
	if *htmlOut != "" && a.json {
		return domain.Errorf(domain.KindInvalid, "passnum people export : --json ou --html, pas les deux")
	}
	if *htmlOut != "" && *htmlOut != "-" && !a.remote {
		if err := checkPath("--html", *htmlOut); err != nil { // before reading anything
			return err
		}
	}
	f, err := a.store.PersonFile(ctx, a.user, id)
	if err != nil {
		return err
	}
	if *htmlOut != "" {
		if err := a.writeFile("--html", ".html", *htmlOut, func(w io.Writer) error {
			return doc.WritePersonFileHTML(w, f, a.communeName, time.Now())
		}); err != nil || *htmlOut == "-" {
			return err
		}
		fmt.Fprintf(a.out, "Dossier de la personne n°%d écrit : %s\n", f.Person.ID, shown(*htmlOut))
		return nil
	}
	out := personFileJSON{Kind: "person_file", Person: toPersonJSON(f.Person), Household: f.Household, Carnets: f.Carnets, Diagnostics: f.Diagnostics,
		Attendances: f.Attendances, FollowUps: f.FollowUps, Orientations: f.Orientations, MergedFrom: f.MergedFrom, Distinct: f.Distinct, Audit: f.Audit}
	if !f.AnonymisedAt.IsZero() {
		out.AnonymisedAt = f.AnonymisedAt.UTC().Format(time.RFC3339)
	}
	return a.emit(out, a.personFileText(f))
}

func (a *app) personFileText(f domain.PersonFile) string {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	p := f.Person
	line("Dossier de la personne n°%d — tout ce que le registre conserve", p.ID)
	if !f.AnonymisedAt.IsZero() {
		line("Fiche anonymisée le %s.", frDate(f.AnonymisedAt))
	}
	line("\nIdentité")
	line("  %s, né(e) le %s, %s%s", p.DisplayName(), frDate(p.BirthDate), a.communeName(p.Commune), map[bool]string{true: ", QPV " + p.QPV, false: ""}[p.QPV != ""])
	if p.Address != "" || p.PostalCode != "" {
		line("  adresse : %s %s", p.Address, p.PostalCode)
	}
	if p.Status != "" || p.Diploma != "" {
		line("  situation : %s ; diplôme : %s", p.Status, p.Diploma)
	}
	if p.QuotientFamilial != nil {
		line("  quotient familial : %d", *p.QuotientFamilial)
	}
	line("  accord pour l'enregistrement : %s ; enregistrée le %s par %s", map[bool]string{true: "oui", false: "non"}[p.Consent], frDateTime(p.CreatedAt), p.CreatedBy)
	line("\nFoyer")
	if h := f.Household; h != nil {
		var m []string
		for _, x := range h.Members {
			m = append(m, fmt.Sprintf("n°%d %s", x.ID, x.Name))
		}
		line("  foyer n°%d (%s) ; autres personnes : %s", h.ID, a.communeName(h.Commune), noneIfEmpty(strings.Join(m, ", ")))
	} else {
		line("  aucun")
	}
	line("\nCarnets et chèques (%d)", len(f.Carnets))
	for _, c := range f.Carnets {
		line("  carnet %s — %s, %s, prescripteur %s, remis le %s", c.Number, c.Programme, c.State, c.Prescriber, frDate(c.IssuedAt))
		for _, ch := range c.Cheques {
			if ch.UsedAt.IsZero() {
				line("    %s  %s", ch.Number, ch.State)
				continue
			}
			line("    %s  %s le %s à %s %s", ch.Number, ch.State, frDateTime(ch.UsedAt), noneIfEmpty(ch.PlaceName+" ("+ch.Place+")"), ch.Session)
		}
	}
	line("\nDiagnostics (%d)", len(f.Diagnostics))
	for _, d := range f.Diagnostics {
		line("  %s par %s : %s", frDateTime(d.At), d.User, d.Input)
	}
	line("\nSéances (%d)", len(f.Attendances))
	for _, s := range f.Attendances {
		line("  %s le %s, %s, %s : %s", s.Session, frDateTime(s.Start), s.Title, s.PlaceName, map[bool]string{true: "présente", false: "absente"}[s.Present])
	}
	line("\nSuivi (%d)", len(f.FollowUps))
	for _, u := range f.FollowUps {
		line("  %s, %s par %s : %s %s", u.Session, frDateTime(u.At), u.User, u.Autonomy, u.Comment)
	}
	line("\nOrientations (%d)", len(f.Orientations))
	for _, o := range f.Orientations {
		line("  %s par %s vers %s : %s", frDateTime(o.At), o.User, orDash(o.PlaceName, o.Place), strings.TrimSpace(strings.Join(nonBlank(o.Note, o.Withdrawn()), " — ")))
	}
	line("\nFusions : %s ; déclarée différente de : %s", noneIfEmpty(ids(f.MergedFrom)), noneIfEmpty(ids(f.Distinct)))
	line("\nQui a consulté ou modifié la fiche (%d)", len(f.Audit))
	for _, e := range f.Audit {
		text := strings.TrimSpace(strings.Join(nonBlank(e.Before, e.After, e.Detail), " → "))
		line("  %s  %-12s %-22s n°%s %s", frDateTime(e.At), e.User, e.Action, e.EntityID, text)
	}
	return strings.TrimRight(b.String(), "\n")
}

func noneIfEmpty(s string) string {
	if strings.TrimSpace(strings.Trim(s, " ()")) == "" {
		return "aucune"
	}
	return s
}

func nonBlank(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func ids(list []int64) string {
	var s []string
	for _, id := range list {
		s = append(s, fmt.Sprintf("n°%d", id))
	}
	return strings.Join(s, ", ")
}

func (a *app) peopleAnonymise(ctx context.Context, args []string) error {
	fs := newFlags("people anonymise")
	reason := fs.String("reason", "", "")
	pos, err := fs.parseWith(args, "le numéro de la personne")
	if err != nil {
		return err
	}
	id, err := personNumber("personne", pos[0])
	if err != nil {
		return err
	}
	p, err := a.store.Anonymise(ctx, a.user, id, *reason)
	if err != nil {
		return err
	}
	out := map[string]any{"kind": "person", "id": p.ID, "anonymised": true, "pseudonym": p.LastName}
	a.warnCopies(out)
	return a.emit(out,
		fmt.Sprintf("Fiche n°%d anonymisée : elle s'appelle désormais %s ; nom, prénom, date de naissance (1er jour de l'année gardé pour les tranches d'âge), adresse et code postal effacés, y compris du journal. Les carnets, chèques, séances et chiffres restent.", p.ID, p.LastName))
}

func (a *app) retention(ctx context.Context, args []string) error {
	fs := newFlags("retention")
	apply := fs.Bool("apply", false, "")
	if _, err := fs.parseWith(args); err != nil {
		return err
	}
	months := a.cfg.Retention.MonthsAfterEnd
	var list []int64
	var err error
	if *apply {
		list, err = a.store.ApplyRetention(ctx, a.user, months)
	} else {
		list, err = a.store.RetentionDue(ctx, a.user, months)
	}
	if err != nil {
		return err
	}
	out := map[string]any{"kind": "retention", "months_after_end": months, "applied": *apply, "count": len(list), "people": list}
	if list == nil {
		out["people"] = []int64{}
	}
	if *apply && len(list) > 0 {
		a.warnCopies(out)
	}
	var text string
	switch {
	case len(list) == 0:
		text = fmt.Sprintf("Aucune fiche à anonymiser : personne dont tous les programmes ont pris fin depuis plus de %d mois ([retention] months_after_end).", months)
	case *apply:
		text = fmt.Sprintf("%s (programmes terminés depuis plus de %d mois) : %s.", domain.Plural(len(list), "fiche anonymisée", "fiches anonymisées"), months, ids(list))
	default:
		text = fmt.Sprintf("%s à anonymiser (programmes terminés depuis plus de %d mois, ou sans carnet et sans changement depuis) : %s.\npassnum retention --apply les anonymise.", domain.Plural(len(list), "fiche", "fiches"), months, ids(list))
	}
	return a.emit(out, text)
}
