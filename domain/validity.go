package domain

import "time"

// Day is the calendar day of t, at midnight UTC, so that comparisons ignore the hour.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ChequeUsableOn refuses a redemption outside the programme's validity: before ValidFrom, or
// after ValidUntil plus the tolerance (APTIC: one extra month).
func (p Programme) ChequeUsableOn(number string, day time.Time) error {
	d := Day(day)
	if !p.ValidFrom.IsZero() && d.Before(Day(p.ValidFrom)) {
		return Errorf(KindConflict, "chèque %s pas encore valable : le programme %s commence le %s", number, p.Name, p.ValidFrom.Format("02/01/2006"))
	}
	if p.ValidUntil.IsZero() {
		return nil
	}
	last := Day(p.ValidUntil).AddDate(0, 0, p.ToleranceDays)
	if d.After(last) {
		return Errorf(KindConflict, "chèque %s expiré : le programme %s a pris fin le %s (tolérance jusqu'au %s)", number, p.Name, p.ValidUntil.Format("02/01/2006"), last.Format("02/01/2006"))
	}
	return nil
}

// DistributionOpen refuses a hand-over once distribution has stopped (J-15 before the end) or
// before the programme starts.
func (p Programme) DistributionOpen(day time.Time) error {
	d := Day(day)
	if !p.ValidFrom.IsZero() && d.Before(Day(p.ValidFrom)) {
		return Errorf(KindConflict, "distribution pas encore ouverte : le programme %s commence le %s", p.Name, p.ValidFrom.Format("02/01/2006"))
	}
	if p.ValidUntil.IsZero() {
		return nil
	}
	stop := Day(p.ValidUntil).AddDate(0, 0, -DistributionStopDays)
	if d.After(stop) {
		return Errorf(KindConflict, "distribution arrêtée depuis le %s : le programme %s finit le %s (arrêt à J-%d)", stop.Format("02/01/2006"), p.Name, p.ValidUntil.Format("02/01/2006"), DistributionStopDays)
	}
	return nil
}

// DaysLeft is the number of days until the programme ends (negative once past).
func (p Programme) DaysLeft(day time.Time) int {
	return int(Day(p.ValidUntil).Sub(Day(day)).Hours() / 24)
}
