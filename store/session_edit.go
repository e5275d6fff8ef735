package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"passnum/domain"
)

// SessionEdit is a correction of a session: each field set replaces the session's value, the
// others stay as they are.
type SessionEdit struct {
	Title           *string
	Themes          []string
	Start           *time.Time
	DurationMinutes *int
	Capacity        *int
}

// Empty says whether the correction changes nothing.
func (e SessionEdit) Empty() bool {
	return e.Title == nil && e.Themes == nil && e.Start == nil && e.DurationMinutes == nil && e.Capacity == nil
}

// UpdateSession corrects a session (title, theme, start, duration, capacity) until its sheet is
// closed: the programmes' rules and the people already on the sheet are checked as at creation,
// and the audit row keeps the values before and after.
func (s *Store) UpdateSession(ctx context.Context, by domain.User, id string, e SessionEdit) (domain.Session, error) {
	now := s.now()
	var out domain.Session
	err := s.tx(ctx, func(tx *sql.Tx) error {
		cur, n, err := s.manageSession(ctx, tx, by, id)
		if err != nil {
			return err
		}
		// A chèque encashed for the session (from its sheet or by `redeem --session`) was paid for
		// that plan: changing the date or the duration afterwards would falsify the claim.
		if cur.Closed() {
			return domain.Errorf(domain.KindConflict, "séance %s close le %s : ses chèques sont encaissés, elle ne se corrige plus",
				cur.ID, cur.ClosedAt.Local().Format("02/01/2006 à 15:04"))
		}
		next := cur
		if e.Title != nil {
			next.Title = *e.Title
		}
		if e.Themes != nil {
			next.Themes = e.Themes
		}
		if e.Start != nil {
			next.Start = *e.Start
		}
		if e.DurationMinutes != nil {
			next.DurationMinutes = *e.DurationMinutes
		}
		if e.Capacity != nil {
			next.Capacity = *e.Capacity
		}
		if next, err = domain.ValidateSession(next); err != nil {
			return err
		}
		if err := domain.SessionPlanRefusal(s.Programmes(), next); err != nil {
			return err
		}
		// Checked after the values, so that a mistyped value is told as such first.
		if cur.Redeemed > 0 {
			return domain.Errorf(domain.KindConflict, "séance %s : %s déjà pour elle, elle ne se corrige plus",
				cur.ID, domain.Plural(cur.Redeemed, "chèque encaissé", "chèques encaissés"))
		}
		if err := domain.CapacityCutRefusal(next.Capacity, cur.Present); err != nil {
			return err
		}
		before, after := sessionDigest(cur), sessionDigest(next)
		if before == after {
			out = cur
			return nil
		}
		if _, err := tx.Exec(`UPDATE session SET title = ?, themes = ?, start_at = ?, duration_minutes = ?, capacity = ? WHERE id = ?`,
			next.Title, js(next.Themes), ts(next.Start), next.DurationMinutes, next.Capacity, n); err != nil {
			return err
		}
		if err := audit(tx, now, by.ID, "session.edit", "session", cur.ID, before, after, "lieu "+cur.Place); err != nil {
			return err
		}
		out, err = s.sessionTx(ctx, tx, cur.ID)
		return err
	})
	return out, err
}

// sessionDigest is what an audit row says of a session's plan.
func sessionDigest(s domain.Session) string {
	return fmt.Sprintf("%s, %d min, %d place(s), %s : %s", s.Start.Local().Format("02/01/2006 15:04"), s.DurationMinutes, s.Capacity,
		strings.Join(s.Themes, ", "), s.Title)
}

// seatFree refuses one more present person on a full sheet.
func seatFree(tx *sql.Tx, sess domain.Session, n int64) error {
	var seated int
	if err := tx.QueryRow(`SELECT count(*) FROM participant WHERE session_id = ? AND present = 1`, n).Scan(&seated); err != nil {
		return err
	}
	return domain.CapacityRefusal(sess, seated)
}

// markClosed records that the sheet was closed and keeps each line's refusal, so a sheet opened
// again says why a line was refused; a line paid since (or cancelled) says nothing.
func (s *Store) markClosed(ctx context.Context, by domain.User, sess domain.Session, results []SheetRedemption) error {
	now := s.now()
	return s.tx(ctx, func(tx *sql.Tx) error {
		n, _ := domain.ParseSessionID(sess.ID)
		refused := 0
		for _, r := range results {
			reason := ""
			if r.Err != nil {
				reason, refused = r.Err.Error(), refused+1
			}
			if _, err := tx.Exec(`UPDATE participant SET refusal = ? WHERE id = ? AND refusal <> ?`, reason, r.Participant.ID, reason); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`UPDATE session SET closed_at = ?, closed_by = ? WHERE id = ?`, ts(now), by.ID, n); err != nil {
			return err
		}
		return audit(tx, now, by.ID, "session.close", "session", sess.ID, "", "close", fmt.Sprintf("%d ligne(s), %d refus", len(results), refused))
	})
}

// AddParticipantWithCheque puts a person found by name on the sheet with the paper chèque they
// hand over: the chèque must come from one of their carnets, so a mistyped number is caught now
// rather than at closing.
func (s *Store) AddParticipantWithCheque(ctx context.Context, by domain.User, sessionID string, personID int64, number string) (domain.Participant, bool, error) {
	return s.addByCheque(ctx, by, sessionID, number, personID)
}
