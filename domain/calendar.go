package domain

import (
	"fmt"
	"time"
)

// Phase is where a programme stands in the APTIC calendar on a given day.
type Phase string

const (
	PhaseOpen      Phase = "ouvert"        // distribution and redemption open
	PhaseAlert     Phase = "alerte"        // from J-30: the end is near
	PhaseStop      Phase = "arret"         // from J-15: no more hand-overs
	PhaseLastCall  Phase = "dernier_appel" // from J-7 to the last day of validity
	PhaseTolerance Phase = "tolerance"     // after the end: places still accept chèques
	PhaseClosed    Phase = "clos"          // after the tolerance: chèques refused
)

// Label is the phase in French, as the screens and reports write it.
func (p Phase) Label() string {
	switch p {
	case PhaseOpen:
		return "ouvert"
	case PhaseAlert:
		return "alerte (fin proche)"
	case PhaseStop:
		return "distribution arrêtée"
	case PhaseLastCall:
		return "dernier appel"
	case PhaseTolerance:
		return "période de tolérance"
	case PhaseClosed:
		return "clos"
	}
	return string(p)
}

// Calendar is the dated APTIC calendar of a programme: alert at J-AlertDays, distribution
// stopped from J-StopDays, last call from J-LastCallDays, end (last day of validity), then
// the tolerance during which places still accept chèques. Every date is a day at midnight UTC.
// Without an end (NoEnd) the programme stays open.
type Calendar struct {
	Start         time.Time // first day of validity, zero when not set
	Alert         time.Time // first day of the alert (J-30)
	Stop          time.Time // first day without hand-overs (J-15)
	LastCall      time.Time // first day of the last call (J-7)
	End           time.Time // last day of validity (inclusive)
	ToleranceEnd  time.Time // last day chèques are accepted (End plus the tolerance)
	AlertDays     int
	StopDays      int
	LastCallDays  int
	ToleranceDays int
}

// DefaultToleranceDays is APTIC's tolerance (one month) when the configuration does not set it.
const DefaultToleranceDays = 30

// Calendar dates the programme's steps from its (effective) end.
func (p Programme) Calendar() Calendar {
	c := Calendar{
		AlertDays: orDefault(p.AlertDays, AlertDays), StopDays: orDefault(p.StopDays, DistributionStopDays),
		LastCallDays: orDefault(p.LastCallDays, LastCallDays), ToleranceDays: p.ToleranceDays,
	}
	if !p.ValidFrom.IsZero() {
		c.Start = Day(p.ValidFrom)
	}
	if p.ValidUntil.IsZero() {
		return c
	}
	c.End = Day(p.ValidUntil)
	c.Alert = c.End.AddDate(0, 0, -c.AlertDays)
	c.Stop = c.End.AddDate(0, 0, -c.StopDays)
	c.LastCall = c.End.AddDate(0, 0, -c.LastCallDays)
	c.ToleranceEnd = c.End.AddDate(0, 0, c.ToleranceDays)
	return c
}

func orDefault(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

// NoEnd says the programme has no end date.
func (c Calendar) NoEnd() bool { return c.End.IsZero() }

// Phase is the programme's phase on day (the hour is ignored).
func (c Calendar) Phase(day time.Time) Phase {
	if c.NoEnd() {
		return PhaseOpen
	}
	d := Day(day)
	switch {
	case d.After(c.ToleranceEnd):
		return PhaseClosed
	case d.After(c.End):
		return PhaseTolerance
	case !d.Before(c.LastCall):
		return PhaseLastCall
	case !d.Before(c.Stop):
		return PhaseStop
	case !d.Before(c.Alert):
		return PhaseAlert
	}
	return PhaseOpen
}

// DistributionOpen says whether carnets may be handed over on day: from the start to the day
// before the stop.
func (c Calendar) DistributionOpen(day time.Time) bool {
	d := Day(day)
	if !c.Start.IsZero() && d.Before(c.Start) {
		return false
	}
	return c.NoEnd() || d.Before(c.Stop)
}

// LastHandoverDay is the last day carnets may be handed over (the day before the stop).
func (c Calendar) LastHandoverDay() time.Time {
	if c.NoEnd() {
		return time.Time{}
	}
	return c.Stop.AddDate(0, 0, -1)
}

// Usable says whether a chèque may be redeemed on day: from the start to the end of the tolerance.
func (c Calendar) Usable(day time.Time) bool {
	d := Day(day)
	if !c.Start.IsZero() && d.Before(c.Start) {
		return false
	}
	return c.NoEnd() || !d.After(c.ToleranceEnd)
}

// DaysTo counts the days from day to target (negative once past).
func DaysTo(day, target time.Time) int {
	return int(Day(target).Sub(Day(day)).Hours() / 24)
}

// ShortDate writes a day as 16/12/2027.
func ShortDate(t time.Time) string { return t.Format("02/01/2006") }

// Banner is the line every home screen shows in the alert phases, empty otherwise.
func (c Calendar) Banner(day time.Time) string {
	switch c.Phase(day) {
	case PhaseAlert:
		return fmt.Sprintf("Distribution arrêtée %s (le %s) · fin du programme le %s", inDays(DaysTo(day, c.Stop)), ShortDate(c.Stop), ShortDate(c.End))
	case PhaseStop:
		return fmt.Sprintf("Distribution arrêtée depuis le %s : plus de remise de carnets · fin du programme le %s", ShortDate(c.Stop), ShortDate(c.End))
	case PhaseLastCall:
		return fmt.Sprintf("Dernier appel : les chèques sont valables jusqu'au %s (%s), puis tolérance jusqu'au %s", ShortDate(c.End), inDays(DaysTo(day, c.End)), ShortDate(c.ToleranceEnd))
	case PhaseTolerance:
		return fmt.Sprintf("Période de tolérance : les lieux acceptent encore les chèques jusqu'au %s (programme terminé le %s)", ShortDate(c.ToleranceEnd), ShortDate(c.End))
	}
	return ""
}

// inDays says « dans 12 jours », « demain », « aujourd'hui ».
func inDays(n int) string {
	switch {
	case n <= 0:
		return "aujourd'hui"
	case n == 1:
		return "demain"
	}
	return fmt.Sprintf("dans %d jours", n)
}
