package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"passnum/domain"
)

const chequeColumns = `ch.number, ch.carnet, ch.position, ch.state, ch.used_at, ch.place_id, coalesce(pl.name, ''), ch.session_id, c.programme`

func (s *Store) scanCheque(row interface{ Scan(...any) error }) (domain.Cheque, string, error) {
	var ch domain.Cheque
	var used, programme string
	err := row.Scan(&ch.Number, &ch.Carnet, &ch.Position, &ch.State, &used, &ch.UsedPlace, &ch.PlaceName, &ch.Session, &programme)
	ch.UsedAt = parseTS(used)
	return ch, programme, err
}

// cheques lists chèques matching a condition, with the state a user sees: an available chèque
// past its programme's validity and tolerance shows as expired.
func (s *Store) cheques(ctx context.Context, where string, args ...any) ([]domain.Cheque, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+chequeColumns+` FROM cheque ch JOIN carnet c ON c.number = ch.carnet
		LEFT JOIN place pl ON pl.id = ch.place_id WHERE `+where+` ORDER BY ch.carnet, ch.position`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Cheque
	for rows.Next() {
		ch, prog, err := s.scanCheque(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s.effective(ch, prog))
	}
	return out, rows.Err()
}

func (s *Store) effective(ch domain.Cheque, programme string) domain.Cheque {
	if ch.State != domain.ChequeAvailable {
		return ch
	}
	if p, err := s.programme(programme); err == nil && p.ChequeUsableOn(ch.Number, s.now()) != nil && s.now().After(p.ValidUntil) {
		ch.State = domain.ChequeExpired
	}
	return ch
}

// Cheque returns one chèque.
func (s *Store) Cheque(ctx context.Context, number string) (domain.Cheque, error) {
	list, err := s.cheques(ctx, `ch.number = ?`, number)
	if err != nil {
		return domain.Cheque{}, err
	}
	if len(list) == 0 {
		return domain.Cheque{}, domain.Errorf(domain.KindNotFound, "chèque %s introuvable : vérifiez le numéro (carnet-position, par exemple 600001-03)", number)
	}
	return list[0], nil
}

// Redemption is a chèque used at a place.
type Redemption struct {
	Cheque      domain.Cheque
	Place       domain.Place
	Session     string
	Participant int64 // the attendance-sheet line it paid for, 0 outside a sheet
}

// redeemReq is one chèque to redeem at a place, for a session of the sheet or a free label.
type redeemReq struct {
	number, placeID string
	label           string          // recorded on the chèque: « S12 », or a free label
	session         *domain.Session // nil when the label names no session
	participant     int64           // 0: the holder's line is found, or added, on the sheet
}

// Redeem uses a chèque at a place, at most once whatever the concurrency: the state change is a
// guarded update checked by its row count, a unique index refuses a second live redemption,
// and the audit row commits with them. A session id (« S12 ») brings the session's rules; any
// other label is recorded as given.
func (s *Store) Redeem(ctx context.Context, by domain.User, number, placeID, session string) (Redemption, error) {
	if err := domain.Authorize(by, domain.ActRedeem, domain.Scope{Place: placeID}); err != nil {
		return Redemption{}, err
	}
	now := s.now()
	var out Redemption
	err := s.tx(ctx, func(tx *sql.Tx) error {
		req := redeemReq{number: number, placeID: placeID, label: session}
		if domain.LooksLikeSessionID(session) {
			sess, err := s.sessionTx(ctx, tx, session)
			if err != nil {
				return err
			}
			req.session, req.label = &sess, sess.ID
		}
		var err error
		out, err = s.redeemTx(tx, by, now, req)
		return err
	})
	return out, err
}

// redeemTx checks and records one redemption inside the caller's transaction. Refusals come in
// the order a trainer can act on them: the chèque itself, the place, the calendar, the session.
func (s *Store) redeemTx(tx *sql.Tx, by domain.User, now time.Time, r redeemReq) (Redemption, error) {
	place, err := s.placeTx(tx, r.placeID)
	if err != nil {
		return Redemption{}, err
	}
	ch, programme, err := s.scanCheque(tx.QueryRow(`SELECT `+chequeColumns+` FROM cheque ch JOIN carnet c ON c.number = ch.carnet
		LEFT JOIN place pl ON pl.id = ch.place_id WHERE ch.number = ?`, r.number))
	if errors.Is(err, sql.ErrNoRows) {
		return Redemption{}, domain.Errorf(domain.KindNotFound, "chèque %s introuvable : vérifiez le numéro (carnet-position, par exemple 600001-03)", r.number)
	} else if err != nil {
		return Redemption{}, err
	}
	if err := domain.RedeemRefusal(ch); err != nil {
		return Redemption{}, err
	}
	prog, err := s.programme(programme)
	if err != nil {
		return Redemption{}, err
	}
	if !place.Qualified {
		return Redemption{}, domain.Errorf(domain.KindConflict, "%s n'est pas qualifié pour le programme %s : il ne peut pas encaisser de chèques (un coordinateur peut le qualifier : passnum places set %s --qualified)", place.Name, prog.Name, place.ID)
	}
	if err := prog.ChequeUsableOn(r.number, now); err != nil {
		return Redemption{}, err
	}
	participant := r.participant
	if r.session != nil {
		if participant, err = s.sessionRules(tx, by, now, r, prog, place); err != nil {
			return Redemption{}, err
		}
	}
	res, err := tx.Exec(`UPDATE cheque SET state = 'utilise', used_at = ?, place_id = ?, session_id = ? WHERE number = ? AND state = 'disponible'`,
		ts(now), r.placeID, r.label, r.number)
	if err != nil {
		return Redemption{}, err
	}
	if k, _ := res.RowsAffected(); k != 1 {
		return Redemption{}, domain.Errorf(domain.KindConflict, "chèque %s déjà utilisé", r.number)
	}
	var link any
	if participant != 0 {
		link = participant
	}
	if _, err := tx.Exec(`INSERT INTO redemption(cheque, place_id, session_id, user_id, at, participant_id) VALUES (?,?,?,?,?,?)`, r.number, r.placeID, r.label, by.ID, ts(now), link); err != nil {
		if isConstraint(err) {
			return Redemption{}, domain.Errorf(domain.KindConflict, "chèque %s déjà utilisé", r.number)
		}
		return Redemption{}, err
	}
	detail := "lieu " + r.placeID
	if r.label != "" {
		detail += ", séance " + r.label
	}
	if err := audit(tx, now, by.ID, "cheque.redeem", "cheque", r.number, string(domain.ChequeAvailable), string(domain.ChequeUsed), detail); err != nil {
		return Redemption{}, err
	}
	ch.State, ch.UsedAt, ch.UsedPlace, ch.PlaceName, ch.Session = domain.ChequeUsed, now, r.placeID, place.Name, r.label
	return Redemption{Cheque: ch, Place: place, Session: r.label, Participant: participant}, nil
}

// sessionRules applies the session's rules to a chèque about to be redeemed for it, and returns
// the sheet line it pays for: the holder's, added when a chèque is redeemed for a session its
// holder was not marked on, so the sheet and the ledger never disagree.
func (s *Store) sessionRules(tx *sql.Tx, by domain.User, now time.Time, r redeemReq, prog domain.Programme, place domain.Place) (int64, error) {
	sess := *r.session
	if sess.Place != r.placeID {
		return 0, domain.Errorf(domain.KindConflict, "chèque %s refusé : la séance %s a lieu à %s, pas à %s", r.number, sess.ID, sess.PlaceName, place.Name)
	}
	var holder int64
	var name string
	if err := tx.QueryRow(`SELECT c.person_id, p.first_name || ' ' || p.last_name FROM cheque ch JOIN carnet c ON c.number = ch.carnet
		JOIN person p ON p.id = c.person_id WHERE ch.number = ?`, r.number).Scan(&holder, &name); err != nil {
		return 0, err
	}
	var load domain.SessionLoad
	if err := tx.QueryRow(`SELECT count(*), coalesce(sum(c.person_id = ?), 0) FROM redemption r JOIN cheque ch ON ch.number = r.cheque
		JOIN carnet c ON c.number = ch.carnet WHERE r.session_id = ? AND r.cancelled_at IS NULL`, holder, sess.ID).Scan(&load.Cheques, &load.PersonCheques); err != nil {
		return 0, err
	}
	if err := prog.SessionRefusal(r.number, sess, load, now, name); err != nil {
		return 0, err
	}
	if r.participant != 0 {
		// A chèque scanned before its carnet was handed over named no one; now it does.
		_, err := tx.Exec(`UPDATE participant SET person_id = ? WHERE id = ? AND person_id IS NULL`, holder, r.participant)
		return r.participant, err
	}
	n, _ := domain.ParseSessionID(sess.ID)
	var id int64
	err := tx.QueryRow(`SELECT id FROM participant WHERE session_id = ? AND (person_id = ? OR cheque = ?) ORDER BY person_id IS NULL LIMIT 1`, n, holder, r.number).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		res, err := tx.Exec(`INSERT INTO participant(session_id, person_id, cheque, present, added_at, added_by) VALUES (?,?,?,1,?,?)`, n, holder, r.number, ts(now), by.ID)
		if err != nil {
			return 0, err
		}
		id, _ = res.LastInsertId()
		return id, audit(tx, now, by.ID, "session.attend", "session", sess.ID, "", name, "chèque "+r.number)
	}
	if err == nil {
		_, err = tx.Exec(`UPDATE participant SET present = 1, person_id = coalesce(person_id, ?) WHERE id = ?`, holder, id)
	}
	return id, err
}

// CancelRedemption undoes a redemption made by mistake: the trainer of the place on the same
// day, a coordinator at any time, and never once the chèque is in a claim. The chèque becomes
// usable again (or stays void if its carnet was voided meanwhile); the redemption row is kept,
// marked cancelled with its reason, and the audit row says who, when and why.
func (s *Store) CancelRedemption(ctx context.Context, by domain.User, number, reason string) (domain.Cheque, error) {
	reason, err := domain.ValidateReason(reason)
	if err != nil {
		return domain.Cheque{}, err
	}
	now := s.now()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		var placeID, at, session, carnetState string
		err := tx.QueryRow(`SELECT r.id, r.place_id, r.at, r.session_id, c.state FROM redemption r JOIN cheque ch ON ch.number = r.cheque
			JOIN carnet c ON c.number = ch.carnet WHERE r.cheque = ? AND r.cancelled_at IS NULL`, number).Scan(&id, &placeID, &at, &session, &carnetState)
		if errors.Is(err, sql.ErrNoRows) {
			var state string
			if err := tx.QueryRow(`SELECT state FROM cheque WHERE number = ?`, number).Scan(&state); errors.Is(err, sql.ErrNoRows) {
				return domain.Errorf(domain.KindNotFound, "chèque %s introuvable : vérifiez le numéro (carnet-position, par exemple 600001-03)", number)
			}
			return domain.Errorf(domain.KindConflict, "chèque %s : aucun encaissement en cours, rien à annuler", number)
		} else if err != nil {
			return err
		}
		redeemedAt := parseTS(at)
		sameDay := domain.CalendarDay(redeemedAt).Equal(domain.CalendarDay(now))
		if err := domain.Authorize(by, domain.ActCancelRedemption, domain.Scope{Place: placeID, SameDay: sameDay}); err != nil {
			return err
		}
		var claim int64
		if err := tx.QueryRow(`SELECT claim_id FROM claim_item WHERE cheque = ?`, number).Scan(&claim); err == nil {
			return domain.Errorf(domain.KindConflict, "chèque %s : il figure dans la demande de remboursement %s, son encaissement ne peut plus être annulé", number, domain.ClaimID(claim))
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		back := domain.ChequeAvailable
		if carnetState == string(domain.CarnetVoid) {
			back = domain.ChequeVoid
		}
		res, err := tx.Exec(`UPDATE cheque SET state = ?, used_at = '', place_id = '', session_id = '' WHERE number = ? AND state = 'utilise'`, back, number)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return domain.Errorf(domain.KindConflict, "chèque %s : il n'est plus à l'état utilisé, rien n'a été annulé", number)
		}
		if _, err := tx.Exec(`UPDATE redemption SET cancelled_at = ?, cancel_reason = ? WHERE id = ? AND cancelled_at IS NULL`, ts(now), reason, id); err != nil {
			return err
		}
		detail := fmt.Sprintf("encaissement du %s à %s annulé : %s", redeemedAt.Local().Format("02/01/2006 15:04"), placeID, reason)
		if session != "" {
			detail = fmt.Sprintf("encaissement du %s à %s (séance %s) annulé : %s", redeemedAt.Local().Format("02/01/2006 15:04"), placeID, session, reason)
		}
		return audit(tx, now, by.ID, "cheque.cancel", "cheque", number, string(domain.ChequeUsed), string(back), detail)
	})
	if err != nil {
		return domain.Cheque{}, err
	}
	return s.Cheque(ctx, number)
}
