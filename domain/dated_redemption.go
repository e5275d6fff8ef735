package domain

import "time"

// DatedRedemptionRefusal refuses a chèque reported as used on a past day (a place's
// spreadsheet imported afterwards) that could not have been used that day: a day still to come,
// or before its carnet was handed over. The other rules — the chèque's state, the programme's
// validity on that day, the session's — are those of any redemption (RedeemRefusal,
// ChequeUsableOn, SessionRefusal). Days are the territory's calendar days.
func DatedRedemptionRefusal(ch Cheque, day, issued, now time.Time) error {
	d := Day(day)
	if d.After(CalendarDay(now)) {
		return Errorf(KindInvalid, "%s est une date à venir — un chèque s'importe une fois utilisé", ShortDate(d))
	}
	if !issued.IsZero() && CalendarDay(issued).After(d) {
		return Errorf(KindConflict, "chèque %s : son carnet %s n'a été remis que le %s, après le %s", ch.Number, ch.Carnet, ShortDate(CalendarDay(issued)), ShortDate(d))
	}
	return nil
}
