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

type referralJSON struct {
	ID             int64  `json:"id"`
	Person         int64  `json:"person"`
	PersonName     string `json:"person_name"`
	Place          string `json:"place"`
	PlaceName      string `json:"place_name"`
	Prescriber     string `json:"prescriber"`
	Note           string `json:"note"`
	FromDiagnostic bool   `json:"from_diagnostic"`
	At             string `json:"at"`
	Came           bool   `json:"came"`
	CameAt         string `json:"came_at,omitempty"`
}

func toReferralJSON(r domain.Referral) referralJSON {
	out := referralJSON{ID: r.ID, Person: r.PersonID, PersonName: r.PersonName, Place: r.Place, PlaceName: r.PlaceName, Prescriber: r.Prescriber,
		Note: r.Note, FromDiagnostic: r.FromDiagnostic, At: r.At.UTC().Format(time.RFC3339), Came: r.Came()}
	if r.Came() {
		out.CameAt = r.CameAt.UTC().Format(time.RFC3339)
	}
	return out
}

// peopleOrient: passnum people orient PERSONNE --place LIEU [--note TEXTE] [--from-diagnostic].
func (a *app) peopleOrient(ctx context.Context, args []string) error {
	fs := newFlags("people orient")
	place := fs.String("place", "", "")
	note := fs.String("note", "", "")
	fromDiag := fs.Bool("from-diagnostic", false, "")
	pos, err := fs.parseWith(args, "le numéro de la personne")
	if err != nil {
		return err
	}
	if *place == "" {
		return domain.Errorf(domain.KindInvalid, "passnum people orient : --place est obligatoire (l'identifiant du lieu, passnum places list les donne)")
	}
	if _, err := domain.ValidateReferralNote(*note); err != nil { // before reading anyone
		return err
	}
	who, err := a.personArg(ctx, "personne", pos[0])
	if err != nil {
		return err
	}
	r, err := a.store.OrientPerson(ctx, a.user, who.ID, *place, *note, *fromDiag)
	if err != nil {
		return err
	}
	text := fmt.Sprintf("Orientation de %s vers %s enregistrée.", r.PersonName, r.PlaceName)
	if r.Note != "" {
		text += " Note pour le lieu : « " + r.Note + " »."
	}
	return a.emit(toReferralJSON(r), text)
}

// peopleUnorient: passnum people unorient PERSONNE --place LIEU --reason TEXTE, an orientation
// made by mistake withdrawn.
func (a *app) peopleUnorient(ctx context.Context, args []string) error {
	fs := newFlags("people unorient")
	place := fs.String("place", "", "")
	reason := fs.String("reason", "", "")
	pos, err := fs.parseWith(args, "le numéro de la personne")
	if err != nil {
		return err
	}
	if *place == "" {
		return domain.Errorf(domain.KindInvalid, "passnum people unorient : --place est obligatoire (le lieu de l'orientation à retirer)")
	}
	if strings.TrimSpace(*reason) == "" {
		return domain.Errorf(domain.KindInvalid, "passnum people unorient : --reason est obligatoire — dites pourquoi l'orientation est retirée (par exemple --reason \"erreur de lieu\")")
	}
	if _, err := domain.ValidateWithdrawReason(*reason); err != nil { // before reading anyone
		return err
	}
	who, err := a.personArg(ctx, "personne", pos[0])
	if err != nil {
		return err
	}
	r, remaining, err := a.store.WithdrawOrientation(ctx, a.user, who.ID, *place, *reason)
	if err != nil {
		return err
	}
	return a.emit(map[string]any{"withdrawn": toReferralJSON(r), "remaining": remaining}, domain.WithdrawnText(r, remaining))
}

// peopleOriented: passnum people oriented [--place LIEU], the people sent to a place (a
// trainer's own by default).
func (a *app) peopleOriented(ctx context.Context, args []string) error {
	fs := newFlags("people oriented")
	place := fs.String("place", "", "")
	if _, err := fs.parseWith(args); err != nil {
		return err
	}
	if *place == "" {
		*place = a.user.Place
	}
	if *place == "" {
		return domain.Errorf(domain.KindInvalid, "passnum people oriented : --place est obligatoire (l'identifiant du lieu)")
	}
	if err := a.placeArg(ctx, "--place", *place); err != nil {
		return err
	}
	list, err := a.store.ReferralsTo(ctx, a.user, *place)
	domain.NamePrescribers(list, a.cfg.Prescribers)
	if err != nil {
		return err
	}
	out := make([]referralJSON, 0, len(list))
	var b strings.Builder
	if len(list) == 0 {
		b.WriteString("Aucune personne orientée vers ce lieu.\n")
	}
	for _, r := range list {
		out = append(out, toReferralJSON(r))
		fmt.Fprintf(&b, "n°%d %s — orientation du %s par %s — %s", r.PersonID, r.PersonName, frDate(r.At), orDash(r.PrescriberName, r.Prescriber), r.CameText())
		if r.Note != "" {
			fmt.Fprintf(&b, " — « %s »", r.Note)
		}
		b.WriteString("\n")
	}
	return a.emit(out, strings.TrimSuffix(b.String(), "\n"))
}

type parcoursJSON struct {
	Kind      string             `json:"kind"`
	Person    int64              `json:"person"`
	Name      string             `json:"name"`
	Referrals []referralJSON     `json:"referrals"`
	Steps     []parcoursStepJSON `json:"sessions"`
	Notes     []followUpNoteJSON `json:"follow_ups"`
	Attended  int                `json:"sessions_attended"`
	Autonomy  string             `json:"autonomy"`
}

type parcoursStepJSON struct {
	Session string `json:"session"`
	Start   string `json:"start"`
	Title   string `json:"title"`
	Place   string `json:"place_name"`
	Present bool   `json:"present"`
}

type followUpNoteJSON struct {
	Session  string `json:"session"`
	At       string `json:"at"`
	Autonomy string `json:"autonomy"`
	Comment  string `json:"comment"`
	Pix      string `json:"pix,omitempty"`
}

// peopleParcours: passnum people parcours PERSONNE [--json | --html F|- | --csv F|- | --xlsx F],
// the bilan de parcours for the prescriber.
func (a *app) peopleParcours(ctx context.Context, args []string) error {
	fs := newFlags("people parcours")
	htmlOut := fs.String("html", "", "")
	csvOut := fs.String("csv", "", "")
	xlsxOut := fs.String("xlsx", "", "")
	pos, err := fs.parseWith(args, "le numéro de la personne")
	if err != nil {
		return err
	}
	id, err := personNumber("personne", pos[0])
	if err != nil {
		return err
	}
	outs := 0
	for _, o := range []string{*htmlOut, *csvOut, *xlsxOut} {
		if o != "" {
			outs++
		}
	}
	if outs > 1 || outs == 1 && a.json {
		return domain.Errorf(domain.KindInvalid, "passnum people parcours : une seule sortie à la fois (--json, --html, --csv ou --xlsx)")
	}
	if *xlsxOut == "-" && !a.remote {
		return domain.Errorf(domain.KindInvalid, "--xlsx : un classeur ne s'écrit pas dans le terminal ; donnez un nom de fichier (ex. --xlsx parcours.xlsx)")
	}
	for flag, path := range map[string]string{"--html": *htmlOut, "--csv": *csvOut, "--xlsx": *xlsxOut} {
		if path != "" && path != "-" && !a.remote {
			if err := checkPath(flag, path); err != nil { // before reading anything
				return err
			}
		}
	}
	p, err := a.store.PersonParcours(ctx, a.user, id)
	domain.NamePrescribers(p.Referrals, a.cfg.Prescribers)
	if err != nil {
		return err
	}
	written := func(flag, suffix, path string, write func(io.Writer) error) error {
		if err := a.writeFile(flag, suffix, path, write); err != nil || path == "-" {
			return err
		}
		fmt.Fprintf(a.out, "Bilan de parcours de la personne n°%d écrit : %s\n", p.Person.ID, shown(path))
		return nil
	}
	switch {
	case *htmlOut != "":
		return written("--html", ".html", *htmlOut, func(w io.Writer) error { return doc.WriteParcoursHTML(w, p, time.Now()) })
	case *csvOut != "":
		return written("--csv", ".csv", *csvOut, doc.ParcoursTable(p).WriteCSV)
	case *xlsxOut != "":
		return written("--xlsx", ".xlsx", *xlsxOut, doc.ParcoursTable(p).WriteXLSX)
	}
	out := parcoursJSON{Kind: "parcours", Person: p.Person.ID, Name: p.Person.FullName(), Referrals: []referralJSON{}, Steps: []parcoursStepJSON{},
		Notes: []followUpNoteJSON{}, Attended: p.Attended(), Autonomy: p.Autonomy()}
	for _, r := range p.Referrals {
		out.Referrals = append(out.Referrals, toReferralJSON(r))
	}
	for _, s := range p.Sessions {
		out.Steps = append(out.Steps, parcoursStepJSON{Session: s.Session, Start: s.Start.UTC().Format(time.RFC3339), Title: s.Title, Place: s.PlaceName, Present: s.Present})
	}
	for _, n := range p.Notes {
		out.Notes = append(out.Notes, followUpNoteJSON{Session: n.Session, At: n.At.UTC().Format(time.RFC3339), Autonomy: n.Autonomy, Comment: n.Comment, Pix: n.Pix})
	}
	return a.emit(out, parcoursText(p))
}

// parcoursText is the bilan de parcours in the terminal.
func parcoursText(p domain.Parcours) string {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	line("Bilan de parcours de %s (n°%d) — %s", p.Person.FullName(), p.Person.ID, domain.Plural(p.Attended(), "séance suivie", "séances suivies"))
	if a := p.Autonomy(); a != "" {
		line("Autonomie : %s", a)
	}
	line("\nOrientations")
	if len(p.Referrals) == 0 {
		line("  aucune")
	}
	for _, r := range p.Referrals {
		line("  %s vers %s (%s) — %s%s", frDate(r.At), r.PlaceName, orDash(r.PrescriberName, r.Prescriber), r.CameText(), quoted(r.Note))
	}
	line("\nPositionnement")
	if len(p.Positionings()) == 0 {
		line("  aucun")
	}
	for _, g := range p.Progression() {
		line("  %s", g)
	}
	for _, n := range p.Positionings() {
		if x := domain.PixFromStored(n.Pix); x.Free != "" { // typed before positionings were checked
			line("  %s (%s) : Pix %s%s", frDate(n.At), n.Session, x.Free, quoted(n.Comment))
		}
	}
	line("\nSéances")
	if len(p.Sessions) == 0 {
		line("  aucune")
	}
	for _, s := range p.Sessions {
		present := "présent(e)"
		if !s.Present {
			present = "absent(e)"
		}
		line("  %s %s %s à %s — %s", frDateTime(s.Start), s.Session, s.Title, s.PlaceName, present)
	}
	line("\nSuivis et évaluations")
	if len(p.Notes) == 0 {
		line("  aucun")
	}
	for _, n := range p.Notes {
		pix := ""
		if n.Pix != "" {
			pix = ", Pix : " + domain.PixText(n.Pix)
		}
		line("  %s (%s) : %s%s%s", frDateTime(n.At), n.Session, n.Autonomy, pix, quoted(n.Comment))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func quoted(s string) string {
	if s == "" {
		return ""
	}
	return " — « " + s + " »"
}
