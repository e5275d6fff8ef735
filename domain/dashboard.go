package domain

import (
	"fmt"
	"time"
)

// The tableau de bord's alerts: what a coordinator must act on this week, each with what to do.
// They read only the report and a few counts, so the screen of the read-only committee shows
// the same alerts without a name in them.

// AlertLevel orders the alerts: money and rules first, then the calendar, then the stock.
type AlertLevel int

const (
	AlertUrgent AlertLevel = iota // public money or a rule is at stake
	AlertWarning
	AlertInfo
)

// Alert is one line of the tableau de bord's alerts.
type Alert struct {
	Level AlertLevel
	Text  string
	// Calendar marks the alert of the programme's calendar: a screen that shows the calendar
	// banner (see Calendar.Banner) does not repeat it.
	Calendar bool
}

// DashboardCounts are the few counts outside the report the alerts need.
type DashboardCounts struct {
	OverCap          int   // people above a cap until merged records are resolved
	ClaimsToPay      int   // claims prepared and not paid
	ClaimsToPayCents int64 // their amount
	UnclaimedCheques int   // chèques used before this month and in no claim
}

// LowStockCarnets is the number of carnets in a prescriber's hands under which its desk will run
// out within a few hand-overs: the coordinator allocates before the desk has to turn people away.
const LowStockCarnets = 5

// DashboardAlerts lists the alerts of a programme's report at its date, most urgent first.
func DashboardAlerts(prog Programme, r Report, c DashboardCounts) []Alert {
	var out []Alert
	add := func(l AlertLevel, format string, args ...any) {
		out = append(out, Alert{Level: l, Text: fmt.Sprintf(format, args...)})
	}
	if r.HasBudget && r.Money.Received > r.Money.Budget {
		add(AlertUrgent, "budget dépassé : %s de carnets reçus pour un budget de %s (%s de trop)",
			RoundEuros(r.Money.Received), RoundEuros(r.Money.Budget), RoundEuros(r.Money.Received-r.Money.Budget))
	}
	if c.OverCap > 0 {
		add(AlertUrgent, "%s au-delà d'une limite de carnets : passnum people over-cap les liste",
			Plural(c.OverCap, "personne", "personnes"))
	}
	if c.ClaimsToPay > 0 {
		add(AlertWarning, "%s à payer aux lieux (%s)",
			Plural(c.ClaimsToPay, "demande de remboursement", "demandes de remboursement"), RoundEuros(c.ClaimsToPayCents))
	}
	if c.UnclaimedCheques > 0 {
		add(AlertWarning, "%s des mois passés sans demande de remboursement",
			Plural(c.UnclaimedCheques, "chèque utilisé", "chèques utilisés"))
	}
	if a, ok := calendarAlert(prog, r.AsOf); ok {
		out = append(out, a)
	}
	if !r.Over {
		if r.Carnets.InStock == 0 && r.Carnets.ReceivedToDate > 0 {
			add(AlertWarning, "stock central vide : plus aucun carnet à répartir")
		}
		for _, p := range r.ByPrescriber {
			// A prescriber that never handed carnets over is not running out.
			if p.InHand < LowStockCarnets && (p.Issued > 0 || p.Allocated > 0) {
				add(AlertInfo, "%s %s", p.Name, inHandLeft(p.InHand))
			}
		}
	}
	return out
}

// calendarAlert is the APTIC calendar before a programme's end (see Calendar): J-30, the stop
// of the distribution at J-15, the last call at J-7, the tolerance, then the end.
func calendarAlert(prog Programme, now time.Time) (Alert, bool) {
	c := prog.Calendar()
	if c.NoEnd() || now.IsZero() {
		return Alert{}, false
	}
	end, days := c.End, DaysTo(now, c.End)
	switch c.Phase(now) {
	case PhaseClosed, PhaseTolerance:
		return Alert{Level: AlertInfo, Text: fmt.Sprintf("programme terminé le %s", LongDate(end)), Calendar: true}, true
	case PhaseLastCall:
		return Alert{Level: AlertUrgent, Text: fmt.Sprintf("dernier appel : les chèques ne valent plus rien après le %s (J-%d)", LongDate(end), days), Calendar: true}, true
	case PhaseStop:
		return Alert{Level: AlertUrgent, Text: fmt.Sprintf("distribution arrêtée : le programme finit le %s (J-%d)", LongDate(end), days), Calendar: true}, true
	case PhaseAlert:
		return Alert{Level: AlertWarning, Text: fmt.Sprintf("fin du programme le %s (J-%d) : la distribution s'arrête à J-%d", LongDate(end), days, c.StopDays), Calendar: true}, true
	}
	return Alert{}, false
}

// inHandLeft says how few carnets a prescriber has left, as one says it.
func inHandLeft(n int) string {
	switch n {
	case 0:
		return "n'a plus aucun carnet en main"
	case 1:
		return "n'a plus qu'un carnet en main"
	}
	return fmt.Sprintf("n'a plus que %d carnets en main", n)
}
