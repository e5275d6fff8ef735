package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"passnum/domain"
)

// emit writes v as JSON with --json, else the French text.
func (a *app) emit(v any, text string) error {
	if a.json {
		enc := json.NewEncoder(a.out)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	_, err := fmt.Fprint(a.out, text)
	return err
}

func frDate(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format("02/01/2006")
}

func frDateTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format("02/01/2006 à 15:04")
}

func (a *app) communeName(insee string) string {
	if c, ok := a.cfg.Commune(insee); ok {
		return c.Name
	}
	return insee
}

func (a *app) programmeByID(id string) (domain.Programme, error) {
	if id == "" {
		return a.cfg.DefaultProgramme(), nil
	}
	if p, ok := a.cfg.Programme(id); ok {
		return p, nil
	}
	var ids []string
	for _, p := range a.cfg.Programmes {
		ids = append(ids, p.ID)
	}
	return domain.Programme{}, domain.Errorf(domain.KindInvalid, "--programme : %q inconnu (choix : %s)", id, strings.Join(ids, ", "))
}
