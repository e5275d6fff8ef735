package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"passnum/domain"
)

func (a *app) diagnose(ctx context.Context, args []string) error {
	fs := newFlags("diagnose")
	file := fs.String("answers", "", "")
	all := fs.Bool("all-excluded", false, "")
	if _, err := fs.parseWith(args); err != nil {
		return err
	}
	if *file == "" {
		return domain.Errorf(domain.KindInvalid, "passnum diagnose : --answers FICHIER.json est obligatoire")
	}
	f, err := a.openInput("--answers", *file)
	if err != nil {
		return err
	}
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		return domain.Errorf(domain.KindInvalid, "--answers : impossible de lire %s (%v)", *file, err)
	}
	var in domain.DiagnosticInput
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return domain.Errorf(domain.KindInvalid, "%s : JSON invalide (%v)", *file, err)
	}
	if err := in.Validate(func(insee string) bool { _, ok := a.cfg.Commune(insee); return ok }); err != nil {
		return err
	}
	labels := a.cfg.DefaultProgramme().RecognisedLabels
	if *all {
		places, err := a.store.Places(ctx)
		if err != nil {
			return err
		}
		res := domain.Diagnose(in, places, a.cfg.Communes, labels)
		return a.emit(res, diagnosticText(res))
	}
	places, unlabelled, err := a.store.CandidatePlaces(ctx)
	if err != nil {
		return err
	}
	res := domain.Diagnose(in, places, a.cfg.Communes, labels).Compact()
	res.Unlabelled += unlabelled
	return a.emit(res, diagnosticText(res))
}

func diagnosticText(r domain.DiagnosticResult) string {
	var b strings.Builder
	if r.Status == domain.DiagStatus("incomplet") {
		b.WriteString("Diagnostic incomplet : moins de 7 réponses.\n")
	} else {
		fmt.Fprintf(&b, "Profil : %s (repère indicatif, non certifiant)\n", domain.LevelLabel(r.Profile))
	}
	for _, d := range []string{"ENV", "INF", "COM", "CRE", "SEC"} {
		if s, ok := r.Domains[domain.DiagDomain(d)]; ok {
			fmt.Fprintf(&b, "  %s  %-16s Pix %d\n", d, domain.LevelLabel(s.Level), s.Pix)
		}
	}
	fmt.Fprintf(&b, "Besoins prioritaires : %s\n", needList(r.Needs.Priority))
	if len(r.Needs.Others) > 0 {
		fmt.Fprintf(&b, "Autres besoins : %s\n", needList(r.Needs.Others))
	}
	if len(r.Recommendations) > 0 {
		b.WriteString("Lieux recommandés :\n")
	}
	for i, rec := range r.Recommendations {
		dist := ""
		if rec.DistanceKm != nil {
			dist = fmt.Sprintf(", %.1f km", *rec.DistanceKm)
		}
		fmt.Fprintf(&b, "  %d. %s (score %d%s)", i+1, rec.Name, rec.Score, dist)
		if len(rec.Tags) > 0 {
			fmt.Fprintf(&b, " [%s]", strings.Join(rec.Tags, ", "))
		}
		b.WriteString("\n")
		for _, reason := range rec.Reasons {
			fmt.Fprintf(&b, "       – %s\n", reason)
		}
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "Attention : %s\n", w)
	}
	for _, adv := range r.Advice {
		fmt.Fprintf(&b, "Conseil : %s\n", adv)
	}
	return b.String()
}

func needList(ns []domain.Need) string {
	var parts []string
	for _, n := range ns {
		info, _ := domain.LookupNeed(n)
		parts = append(parts, fmt.Sprintf("%s %s", n, info.Label))
	}
	if len(parts) == 0 {
		return "aucun"
	}
	return strings.Join(parts, " · ")
}
