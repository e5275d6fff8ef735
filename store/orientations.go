package store

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"passnum/domain"
)

// ActionOrient is the audit action of a person sent to a place, ActionUnorient of the
// orientation withdrawn.
const (
	ActionOrient   = "person.orient"
	ActionUnorient = "person.unorient"
)

// OrientPerson records that by's desk sends a person to a place with a note; fromDiagnostic
// says the place was one the diagnostic recommended. The place's trainers then read the person
// whole (domain.PersonLinks.Places counts the places a person was sent to).
func (s *Store) OrientPerson(ctx context.Context, by domain.User, personID int64, placeID, note string, fromDiagnostic bool) (domain.Referral, error) {
	if err := domain.Authorize(by, domain.ActOrient, domain.Scope{Prescriber: by.Prescriber}); err != nil {
		return domain.Referral{}, err
	}
	note, err := domain.ValidateReferralNote(note)
	if err != nil {
		return domain.Referral{}, err
	}
	// Orienting opens the person's record to the place's trainers: only a desk that may read it
	// whole may do so, or another prescriber's desk would open it for them.
	seen, err := s.PersonAs(ctx, by, personID)
	if err != nil {
		return domain.Referral{}, err
	}
	if seen.Limited() {
		return domain.Referral{}, domain.Errorf(domain.KindForbidden, "%s ne peut pas orienter la personne n°%d : %s ; c'est au prescripteur qui l'a inscrite de l'orienter", by.Name, personID, domain.LimitedNote)
	}
	now := s.now()
	r := domain.Referral{Place: placeID, Prescriber: by.Prescriber, Note: note, FromDiagnostic: fromDiagnostic, At: now, By: by.ID}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		p, err := personByID(ctx, tx, personID)
		if err != nil {
			return err
		}
		var anon string
		if err := tx.QueryRowContext(ctx, `SELECT anonymised_at FROM person WHERE id = ?`, p.ID).Scan(&anon); err != nil {
			return err
		}
		if anon != "" {
			return domain.Errorf(domain.KindConflict, "la fiche n°%d est anonymisée : elle ne peut plus être orientée", p.ID)
		}
		if err := tx.QueryRowContext(ctx, `SELECT name FROM place WHERE id = ?`, placeID).Scan(&r.PlaceName); err != nil {
			return notFound(err, "lieu %q introuvable (passnum places list donne les identifiants)", placeID)
		}
		r.PersonID, r.PersonName = p.ID, p.DisplayName()
		res, err := tx.Exec(`INSERT INTO orientation(person_id, place_id, prescriber, note, from_diagnostic, at, user_id) VALUES (?,?,?,?,?,?,?)`,
			p.ID, placeID, by.Prescriber, note, boolInt(fromDiagnostic), ts(now), by.ID)
		if err != nil {
			return err
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		// The note is free text about the person: it stays in the orientation row (wiped by
		// anonymisation), not in the audit trail, which only scrubs names.
		detail := "vers " + r.PlaceName
		if note != "" {
			detail += " (note au dossier)"
		}
		return audit(tx, now, by.ID, ActionOrient, "person", strconv.FormatInt(p.ID, 10), "", placeID, detail)
	})
	if err != nil {
		return domain.Referral{}, err
	}
	return r, nil
}

// referralColumns read one orientation with the person's name, the place's name and the starts
// of the sessions of that place whose sheet lists the person from the day before the orientation
// (UTC text): domain.FirstCame keeps those on or after its local calendar day.
const referralColumns = `o.id, o.person_id, p.first_name, p.last_name, o.place_id, pl.name, o.prescriber, o.note, o.from_diagnostic, o.at, o.user_id,
	coalesce((SELECT group_concat(s.start_at) FROM participant pa JOIN session s ON s.id = pa.session_id
		WHERE pa.person_id = o.person_id AND s.place_id = o.place_id AND s.start_at >= strftime('%Y-%m-%dT%H:%M:%fZ', o.at, '-1 day')), '')`

// referralFrom reads the orientations in force: a withdrawn one sends no one anywhere.
const referralFrom = ` FROM orientation o JOIN person p ON p.id = o.person_id JOIN place pl ON pl.id = o.place_id AND o.withdrawn_at = '' `

func scanReferrals(ctx context.Context, q querier, where string, args ...any) ([]domain.Referral, error) {
	var out []domain.Referral
	err := eachRow(ctx, q, `SELECT `+referralColumns+referralFrom+where, args, func(rows *sql.Rows) error {
		var r domain.Referral
		var first, last, at, came string
		var fromDiag int
		if err := rows.Scan(&r.ID, &r.PersonID, &first, &last, &r.Place, &r.PlaceName, &r.Prescriber, &r.Note, &fromDiag, &at, &r.By, &came); err != nil {
			return err
		}
		var starts []time.Time
		for _, x := range splitList(came) {
			starts = append(starts, parseTS(x))
		}
		r.PersonName, r.FromDiagnostic, r.At = domain.Person{FirstName: first, LastName: last}.DisplayName(), fromDiag == 1, parseTS(at)
		r.CameAt = domain.FirstCame(r.At, starts)
		out = append(out, r)
		return nil
	})
	return out, err
}

// WithdrawOrientation withdraws the person's orientations in force to a place that by may take
// back (domain.WithdrawReferral says who, and when), made by mistake: the place's trainers then
// no longer read the person as sent to them. remaining counts those to that place still in
// force (made by someone else). The reason stays with each orientation, the audit says who and
// when.
func (s *Store) WithdrawOrientation(ctx context.Context, by domain.User, personID int64, placeID, reason string) (withdrawn domain.Referral, remaining int, err error) {
	if err := domain.Authorize(by, domain.ActOrient, domain.Scope{Prescriber: by.Prescriber}); err != nil {
		return withdrawn, 0, err
	}
	// A desk withdraws only what it may read whole: for another's person it learns nothing.
	seen, err := s.PersonAs(ctx, by, personID)
	if err != nil {
		return withdrawn, 0, err
	}
	notOriented := domain.Errorf(domain.KindNotFound, "la personne n°%d n'est pas orientée vers le lieu %s (sa fiche ou passnum people parcours %d donne ses orientations)", personID, placeID, personID)
	if seen.Limited() {
		return withdrawn, 0, notOriented
	}
	now := s.now()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var anon string
		if err := tx.QueryRowContext(ctx, `SELECT anonymised_at FROM person WHERE id = ?`, personID).Scan(&anon); err != nil {
			return notFound(err, "personne n°%d introuvable", personID)
		}
		if anon != "" {
			return domain.Errorf(domain.KindConflict, "la fiche n°%d est anonymisée : ses orientations ne changent plus", personID)
		}
		if _, err := placeBrief(ctx, tx, placeID); err != nil {
			return err
		}
		rs, err := scanReferrals(ctx, tx, `WHERE o.person_id = ? AND o.place_id = ? ORDER BY o.at DESC, o.id DESC`, personID, placeID)
		if err != nil {
			return err
		}
		if len(rs) == 0 {
			return notOriented
		}
		var refusal error
		remaining = 0
		for _, r := range rs {
			why, err := domain.WithdrawReferral(by, r, reason, now)
			if err != nil {
				if domain.KindOf(err) == domain.KindInvalid {
					return err // the reason: the same for every one
				}
				refusal, remaining = err, remaining+1
				continue
			}
			if _, err := tx.Exec(`UPDATE orientation SET withdrawn_at = ?, withdrawn_by = ?, withdrawn_reason = ? WHERE id = ? AND withdrawn_at = ''`, ts(now), by.ID, why, r.ID); err != nil {
				return err
			}
			if withdrawn.ID == 0 {
				withdrawn = r
			}
			// The reason is free text about the person: it stays in the orientation row.
			if err := audit(tx, now, by.ID, ActionUnorient, "person", strconv.FormatInt(personID, 10), placeID, "", "orientation vers "+r.PlaceName+" retirée (motif au dossier)"); err != nil {
				return err
			}
		}
		if withdrawn.ID == 0 {
			return refusal
		}
		return nil
	})
	if err != nil {
		return domain.Referral{}, 0, err
	}
	return withdrawn, remaining, nil
}

// WithdrawableReferrals are the person's orientations in force that by may withdraw now
// (domain.MayWithdrawReferral), most recent first: what the desk's orientation page offers to
// take back. Reading them records no read: they are by's own.
func (s *Store) WithdrawableReferrals(ctx context.Context, by domain.User, personID int64) ([]domain.Referral, error) {
	if err := domain.Authorize(by, domain.ActOrient, domain.Scope{Prescriber: by.Prescriber}); err != nil {
		return nil, err
	}
	rs, err := scanReferrals(ctx, s.read, `WHERE o.person_id = ? ORDER BY o.at DESC, o.id DESC`, personID)
	if err != nil {
		return nil, err
	}
	now, out, seen := s.now(), []domain.Referral{}, map[string]bool{}
	for _, r := range rs {
		// WithdrawOrientation takes a place's latest: an older one of the same place waits.
		if !seen[r.Place] && domain.MayWithdrawReferral(by, r, now) == nil {
			out = append(out, r)
		}
		seen[r.Place] = true
	}
	return out, nil
}

// ReferralsTo lists the people sent to a place, most recent first: « personnes orientées vers
// nous » for its trainers. A listing records no read; opening one's parcours does.
func (s *Store) ReferralsTo(ctx context.Context, by domain.User, placeID string) ([]domain.Referral, error) {
	if err := domain.Authorize(by, domain.ActReadReferrals, domain.Scope{Place: placeID}); err != nil {
		return nil, err
	}
	return scanReferrals(ctx, s.read, `WHERE o.place_id = ? AND p.anonymised_at = '' ORDER BY o.at DESC, o.id DESC`, placeID)
}

// PersonParcours is the bilan de parcours of one person for by: the places they were sent to,
// the sessions they were on, every follow-up with its date. It opens the record whole (one
// « parcours » read in the audit); a user who may read it only limited is refused.
func (s *Store) PersonParcours(ctx context.Context, by domain.User, personID int64) (domain.Parcours, error) {
	if err := domain.Authorize(by, domain.ActReadReferrals, domain.Scope{}); err != nil {
		return domain.Parcours{}, err
	}
	seen, err := s.PersonAs(ctx, by, personID)
	if err != nil {
		return domain.Parcours{}, err
	}
	if seen.Limited() {
		return domain.Parcours{}, domain.Errorf(domain.KindForbidden, "%s ne peut pas lire le parcours de la personne n°%d : %s", by.Name, personID, domain.LimitedNote)
	}
	id := seen.ID
	out := domain.Parcours{Person: seen.Person}
	if out.Referrals, err = scanReferrals(ctx, s.read, `WHERE o.person_id = ? ORDER BY o.at, o.id`, id); err != nil {
		return out, err
	}
	err = eachRow(ctx, s.read, `SELECT s.id, s.start_at, s.title, s.place_id, pl.name, pa.present FROM participant pa JOIN session s ON s.id = pa.session_id JOIN place pl ON pl.id = s.place_id
		WHERE pa.person_id = ? ORDER BY s.start_at, s.id`, []any{id}, func(rows *sql.Rows) error {
		var ps domain.ParcoursSession
		var n int64
		var start string
		if err := rows.Scan(&n, &start, &ps.Title, &ps.Place, &ps.PlaceName, &ps.Present); err != nil {
			return err
		}
		ps.Session, ps.Start = domain.SessionID(n), parseTS(start)
		out.Sessions = append(out.Sessions, ps)
		return nil
	})
	if err != nil {
		return out, err
	}
	notes, err := followUpNotes(ctx, s.read, `n.person_id = ?`, id)
	if err != nil {
		return out, err
	}
	out.Notes = notes[id]
	if by.Role == domain.RoleFormateur {
		out = out.ForPlace(by.Place)
	}
	return out, s.RecordReads(ctx, by, "parcours", id)
}
