package main

import (
	"bytes"
	"context"
	"flag"
	"strings"
	"time"

	"passnum/domain"
	"passnum/domain/doc"
	"passnum/store"
)

// sessionsEdit corrects a session until its sheet is closed: only the options given change.
func (a *app) sessionsEdit(ctx context.Context, args []string) error {
	fs := newFlags("sessions edit")
	title := fs.String("title", "", "")
	theme := fs.String("theme", "", "")
	date := fs.String("date", "", "")
	start := fs.String("start", "", "")
	duration := fs.Int("duration", 0, "")
	capacity := fs.Int("capacity", 0, "")
	pos, err := fs.parseWith(args, "le numéro de la séance")
	if err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if len(given) == 0 {
		return domain.Errorf(domain.KindInvalid, "passnum sessions edit : indiquez ce qui change (--title, --theme, --date, --start, --duration ou --capacity)")
	}
	if _, err := domain.ParseSessionID(pos[0]); err != nil {
		return err
	}
	var e store.SessionEdit
	if given["title"] {
		e.Title = title
	}
	if given["theme"] {
		if e.Themes = domain.SplitList(*theme); len(e.Themes) == 0 {
			return domain.Errorf(domain.KindInvalid, "--theme : indiquez au moins un thème (choix : %s)", strings.Join(domain.CoopThemes, ", "))
		}
	}
	if given["duration"] {
		e.DurationMinutes = duration
	}
	if given["capacity"] {
		e.Capacity = capacity
	}
	if given["date"] || given["start"] {
		cur, err := a.store.Session(ctx, pos[0])
		if err != nil {
			return err
		}
		local := cur.Start.Local()
		day, h, m := local, local.Hour(), local.Minute()
		if given["date"] {
			if day, err = domain.ParseDate("--date", *date); err != nil {
				return err
			}
		}
		if given["start"] {
			if h, m, err = domain.ParseClock("--start", *start); err != nil {
				return err
			}
		}
		y, mo, d := day.Date()
		at := time.Date(y, mo, d, h, m, 0, 0, time.Local)
		e.Start = &at
	}
	got, err := a.store.UpdateSession(ctx, a.user, pos[0], e)
	if err != nil {
		return err
	}
	return a.emit(toSessionJSON(got), "Séance "+got.ID+" corrigée : "+sessionTitle(got)+", "+frDateTime(got.Start)+", "+domain.DurationLabel(got.DurationMinutes)+", "+
		domain.Plural(got.Capacity, "place", "places")+".")
}

// sessionsSheet writes the attendance sheet to sign as a printable page: into a file, or on
// standard output for « - » (over SSH, the only way: ssh … sessions sheet S3 --html - > feuille.html).
func (a *app) sessionsSheet(ctx context.Context, args []string) error {
	fs := newFlags("sessions sheet")
	htmlOut := fs.String("html", "", "")
	pos, err := fs.parseWith(args, "le numéro de la séance")
	if err != nil {
		return err
	}
	path := strings.TrimSpace(*htmlOut)
	switch {
	case path == "":
		return domain.Errorf(domain.KindInvalid, "passnum sessions sheet : --html est obligatoire (le fichier à écrire, emargement.html, ou - pour la sortie standard)")
	case path != "-" && a.remote:
		return domain.Errorf(domain.KindInvalid, "--html : à travers SSH, le fichier s'écrit chez vous : ssh … sessions sheet %s --html - > emargement.html", sessionRef(pos[0]))
	case path != "-" && !hasExt(path, []string{".html", ".htm"}):
		return domain.Errorf(domain.KindInvalid, "--html : %q ne finit pas par .html ou .htm (la feuille est une page HTML à imprimer)", path)
	}
	if path != "-" {
		if err := checkPath("--html", path); err != nil { // before the read is audited
			return err
		}
	}
	if err := a.mayReadPeople(); err != nil {
		return err // the sheet names who came
	}
	sess, err := a.store.Session(ctx, pos[0])
	if err != nil {
		return err
	}
	if err := a.mayReadSheet("passnum sessions sheet", sess); err != nil {
		return err
	}
	lines, err := a.store.Participants(ctx, sess.ID)
	if err != nil {
		return err
	}
	if err := a.store.RecordReads(ctx, a.user, "feuille d'émargement", participantIDs(lines)...); err != nil {
		return err
	}
	place, _ := a.store.Place(ctx, sess.Place)
	sheet := doc.AttendanceSheet{Session: sess, Place: place, Trainer: a.userName(sess.Trainer), Participants: lines, PrintedAt: a.now()}
	return a.writeDocs("Feuille d'émargement écrite", []reportDoc{{flag: "--html", format: "html", path: path}}, func(_ string, b *bytes.Buffer) (string, error) {
		return domain.Plural(len(lines), "participant", "participants") + ", page HTML à imprimer", doc.WriteAttendanceHTML(b, sheet)
	})
}

// mayReadSheet refuses a session's sheet to whom may not read it: a sheet names the people who
// came, so a trainer reads its own place's, the coordination every place's, no one else any.
func (a *app) mayReadSheet(cmd string, s domain.Session) error {
	if err := domain.Authorize(a.user, domain.ActManageSessions, domain.Scope{Place: s.Place}); err == nil {
		return nil
	}
	if a.user.Role == domain.RoleFormateur {
		return domain.Errorf(domain.KindForbidden, "%s : la séance %s a lieu à %s ; %s ne voit que les feuilles d'émargement de son lieu (%s)", cmd, s.ID, orDash(s.PlaceName, s.Place), a.user.Name, a.user.Place)
	}
	return domain.Errorf(domain.KindForbidden, "%s : %s (%s) ne voit pas les feuilles d'émargement : elles sont réservées au lieu de la séance et à la coordination", cmd, a.user.Name, a.user.Role.Label())
}

// participantIDs are the people named on a sheet (anonymous lines name no one).
func participantIDs(lines []domain.Participant) []int64 {
	var ids []int64
	for _, l := range lines {
		if l.PersonID != 0 {
			ids = append(ids, l.PersonID)
		}
	}
	return ids
}

// userName is the configured name of a user id, the id itself when unknown.
func (a *app) userName(id string) string { return domain.UserName(a.cfg.Users, id) }
