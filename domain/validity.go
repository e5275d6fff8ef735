package domain

import "time"

// Day is the calendar day of t, at midnight UTC, so that comparisons ignore the hour.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ChequeUsableOn refuses a redemption outside the programme's validity: before ValidFrom, or
// after ValidUntil plus the tolerance (APTIC: one extra month). The dates come from Calendar.
func (p Programme) ChequeUsableOn(number string, day time.Time) error {
	c := p.Calendar()
	if c.Usable(day) {
		return nil
	}
	if !c.Start.IsZero() && Day(day).Before(c.Start) {
		return Errorf(KindConflict, "chèque %s pas encore valable : le programme %s commence le %s", number, p.Name, ShortDate(c.Start))
	}
	return Errorf(KindConflict, "chèque %s expiré : le programme %s a pris fin le %s (tolérance jusqu'au %s)", number, p.Name, ShortDate(c.End), ShortDate(c.ToleranceEnd))
}

// DistributionOpen refuses a hand-over once distribution has stopped (from J-15 before the
// end, see Calendar) or before the programme starts.
func (p Programme) DistributionOpen(day time.Time) error {
	c := p.Calendar()
	if c.DistributionOpen(day) {
		return nil
	}
	if !c.Start.IsZero() && Day(day).Before(c.Start) {
		return Errorf(KindConflict, "distribution pas encore ouverte : le programme %s commence le %s", p.Name, ShortDate(c.Start))
	}
	return Errorf(KindConflict, "distribution arrêtée depuis le %s : le programme %s finit le %s (arrêt à J-%d)", ShortDate(c.Stop), p.Name, ShortDate(c.End), c.StopDays)
}

// DaysLeft is the number of days until the programme ends (negative once past).
func (p Programme) DaysLeft(day time.Time) int {
	return DaysTo(day, p.Calendar().End)
}
