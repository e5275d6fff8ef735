package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"passnum/domain"
)

// programmeUsage is the help of passnum programme (calendar and extensions).
const programmeUsage = `  programme show ID                     calendrier du programme (alerte, arrêt de la
                                        distribution, dernier appel, fin, tolérance), sa
                                        phase aujourd'hui et ses prolongations
  programme extend ID --until JJ/MM/AAAA --reason TEXTE
                                        prolonger le programme (coordination) : la nouvelle
                                        fin vaut partout, valid_until de la configuration
                                        reste la date d'origine
  programme close ID [--dry-run] [--xlsx F|-] [--html F|-]
                                        clore un programme après sa tolérance (coordination)
                                        et imprimer son état de clôture (avoir par financeur)
  programme closing ID [--xlsx F|-] [--html F|-]
                                        réimprimer l'état de clôture
`

func (a *app) dispatchProgramme(ctx context.Context, action string, rest []string) (bool, error) {
	switch action {
	case "show":
		return true, a.programmeShow(ctx, rest)
	case "extend":
		return true, a.programmeExtend(ctx, rest)
	case "close":
		return true, a.programmeClose(ctx, rest)
	case "closing":
		return true, a.programmeClosing(ctx, rest)
	}
	return false, nil
}

// effectiveProgramme is p with its end as the ledger says (extensions applied), when a ledger
// is open; the configuration's copy otherwise.
func (a *app) effectiveProgramme(p domain.Programme) domain.Programme {
	if a.store == nil {
		return p
	}
	if e, err := a.store.Programme(p.ID); err == nil {
		return e
	}
	return p
}

// calendarJSON is a programme's dated calendar for --json outputs.
type calendarJSON struct {
	Start        string `json:"start,omitempty"`
	Alert        string `json:"alert,omitempty"`
	Stop         string `json:"stop,omitempty"`
	LastCall     string `json:"last_call,omitempty"`
	End          string `json:"end,omitempty"`
	ToleranceEnd string `json:"tolerance_end,omitempty"`
}

func isoDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func calendarOf(c domain.Calendar) calendarJSON {
	return calendarJSON{isoDay(c.Start), isoDay(c.Alert), isoDay(c.Stop), isoDay(c.LastCall), isoDay(c.End), isoDay(c.ToleranceEnd)}
}

// calendarLines writes the calendar one step a line, the current one marked.
func calendarLines(c domain.Calendar, now time.Time) string {
	if c.NoEnd() {
		return "  pas de date de fin : le programme reste ouvert\n"
	}
	ph := c.Phase(now)
	var b strings.Builder
	line := func(p domain.Phase, label, date string) {
		m := " "
		if p != "" && p == ph {
			m = "▶"
		}
		fmt.Fprintf(&b, "  %s %-26s %s\n", m, label, date)
	}
	if !c.Start.IsZero() {
		line("", "début", domain.ShortDate(c.Start))
	}
	line(domain.PhaseAlert, fmt.Sprintf("alerte (J-%d)", c.AlertDays), domain.ShortDate(c.Alert))
	line(domain.PhaseStop, fmt.Sprintf("arrêt des remises (J-%d)", c.StopDays), domain.ShortDate(c.Stop)+" (dernière remise le "+domain.ShortDate(c.LastHandoverDay())+")")
	line(domain.PhaseLastCall, fmt.Sprintf("dernier appel (J-%d)", c.LastCallDays), domain.ShortDate(c.LastCall))
	line("", "fin de validité", domain.ShortDate(c.End))
	line(domain.PhaseTolerance, fmt.Sprintf("tolérance (+%d jours)", c.ToleranceDays), "jusqu'au "+domain.ShortDate(c.ToleranceEnd))
	line(domain.PhaseClosed, "clos", "à partir du "+domain.ShortDate(c.ToleranceEnd.AddDate(0, 0, 1)))
	return b.String()
}

func (a *app) programmeShow(ctx context.Context, args []string) error {
	fs := newFlags("programme show")
	pos, err := fs.parseWith(args, "l'id du programme")
	if err != nil {
		return err
	}
	p, err := a.programmeByID(pos[0])
	if err != nil {
		return err
	}
	conf, _ := a.cfg.Programme(p.ID) // the configured one: valid_until as written
	exts, err := a.store.Extensions(ctx, p.ID)
	if err != nil {
		return err
	}
	now := time.Now()
	c := p.Calendar()
	ph := c.Phase(now)
	type extJSON struct {
		Before string `json:"before"`
		Until  string `json:"until"`
		Reason string `json:"reason"`
		At     string `json:"at"`
		By     string `json:"by"`
	}
	out := struct {
		Programme  string       `json:"programme"`
		Name       string       `json:"name"`
		Phase      domain.Phase `json:"phase"`
		PhaseLabel string       `json:"phase_label"`
		Banner     string       `json:"banner,omitempty"`
		ValidUntil string       `json:"valid_until"` // the configuration's, the original
		Calendar   calendarJSON `json:"calendar"`
		Extensions []extJSON    `json:"extensions"`
	}{p.ID, p.Name, ph, ph.Label(), c.Banner(now), isoDay(conf.ValidUntil), calendarOf(c), []extJSON{}}
	var b strings.Builder
	fmt.Fprintf(&b, "Programme %s — %s\n  phase aujourd'hui : %s\n", p.ID, p.Name, ph.Label())
	if banner := c.Banner(now); banner != "" {
		fmt.Fprintf(&b, "  %s\n", banner)
	}
	b.WriteString("Calendrier :\n")
	b.WriteString(calendarLines(c, now))
	if len(exts) == 0 {
		fmt.Fprintf(&b, "Aucune prolongation : fin d'origine (valid_until) le %s.\n", domain.ShortDate(conf.ValidUntil))
	} else {
		fmt.Fprintf(&b, "Prolongations (fin d'origine le %s) :\n", domain.ShortDate(conf.ValidUntil))
	}
	for _, e := range exts {
		out.Extensions = append(out.Extensions, extJSON{isoDay(e.Before), isoDay(e.Until), e.Reason, e.At.Format(time.RFC3339), e.By})
		fmt.Fprintf(&b, "  %s : du %s au %s, par %s — %s\n", frDate(e.At), domain.ShortDate(e.Before), domain.ShortDate(e.Until), e.By, e.Reason)
	}
	return a.emit(out, strings.TrimRight(b.String(), "\n"))
}

func (a *app) programmeExtend(ctx context.Context, args []string) error {
	fs := newFlags("programme extend")
	until := fs.String("until", "", "")
	reason := fs.String("reason", "", "")
	pos, err := fs.parseWith(args, "l'id du programme")
	if err != nil {
		return err
	}
	if strings.TrimSpace(*until) == "" {
		return domain.Errorf(domain.KindInvalid, "passnum programme extend : --until manquant : donnez le nouveau dernier jour de validité, ex. --until 30/06/2028")
	}
	day, err := domain.ParseDate("--until", *until)
	if err != nil {
		return err
	}
	cur, err := a.programmeByID(pos[0])
	if err != nil {
		return err
	}
	before := cur.ValidUntil
	p, err := a.store.ExtendProgramme(ctx, a.user, cur.ID, day, *reason)
	if err != nil {
		return err
	}
	now := time.Now()
	c := p.Calendar()
	out := map[string]any{"programme": p.ID, "before": isoDay(before), "until": isoDay(p.ValidUntil), "reason": strings.TrimSpace(*reason),
		"phase": c.Phase(now), "calendar": calendarOf(c)}
	return a.emit(out, fmt.Sprintf("Programme %s prolongé : fin le %s (au lieu du %s), remises jusqu'au %s, chèques acceptés jusqu'au %s. Phase : %s.",
		p.Name, domain.ShortDate(p.ValidUntil), domain.ShortDate(before), domain.ShortDate(c.LastHandoverDay()), domain.ShortDate(c.ToleranceEnd), c.Phase(now).Label()))
}

// programmes are the configured programmes with their effective end, as the rules see them.
func (a *app) programmes() []domain.Programme {
	if a.store == nil {
		return a.cfg.Programmes
	}
	return a.store.Programmes()
}
