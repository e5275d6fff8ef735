package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"passnum/domain"
)

const chequeColumns = `ch.number, ch.carnet, ch.position, ch.state, ch.used_at, ch.place_id, coalesce(pl.name, ''), ch.session_id, c.programme`

func (s *Store) scanCheque(row interface{ Scan(...any) error }, extra ...any) (domain.Cheque, string, error) {
	var ch domain.Cheque
	var used, programme string
	err := row.Scan(append([]any{&ch.Number, &ch.Carnet, &ch.Position, &ch.State, &used, &ch.UsedPlace, &ch.PlaceName, &ch.Session, &programme}, extra...)...)
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

// effective is the one place that says a chèque is expired (the ledger keeps it disponible):
// an available chèque once its programme's last accepted day — valid_until plus the tolerance,
// domain.Programme.ChequesExpireAt — is over. Lookups, redemptions and the closing agree on it.
func (s *Store) effective(ch domain.Cheque, programme string) domain.Cheque {
	if ch.State != domain.ChequeAvailable {
		return ch
	}
	if p, err := s.programme(programme); err == nil {
		if end := p.ChequesExpireAt(); !end.IsZero() && !s.now().Before(end) {
			ch.State = domain.ChequeExpired
		}
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

// Redemption is a chèque used at a place, for a session.
type Redemption struct {
	Cheque      domain.Cheque
	Place       domain.Place
	Session     string // « S12 »
	Individual  bool   // no session was named: the holder's individual accompaniment of the day
	Participant int64  // the attendance-sheet line it paid for
}

// redeemReq is one chèque to redeem at a place for a session. A nil session is the holder's
// individual accompaniment of the day, found or created inside the redemption's transaction.
type redeemReq struct {
	number, placeID string
	place           *domain.Place // when the caller read it already
	session         *domain.Session
	participant     int64 // 0: the holder's line is found, or added, on the sheet
	// at is when the chèque was used, when it is not now: a past day reported by a place's
	// spreadsheet (import redemptions). The rules apply on that day; the audit rows keep now.
	at time.Time
	// imported names the file and row the redemption comes from (« import fichier X, ligne 7 »).
	imported string
}

// holder is who a chèque's carnet was handed to (0 and "" before the hand-over).
type holder struct {
	id   int64
	name string
}

// Redeem uses a chèque at a place, at most once whatever the concurrency: the state change is a
// guarded update checked by its row count, a unique index refuses a second live redemption,
// and the audit row commits with them. Every redemption belongs to a session and goes through
// its rules (one person's chèques per session, duration, capacity): session names one of the
// place's sessions exactly as printed (« S12 »), anything else is refused as invalid input;
// session "" records the chèque for its holder's individual accompaniment of the day at the
// place, created with the redemption when there is none yet.
func (s *Store) Redeem(ctx context.Context, by domain.User, number, placeID, session string) (Redemption, error) {
	if err := domain.Authorize(by, domain.ActRedeem, domain.Scope{Place: placeID}); err != nil {
		return Redemption{}, err
	}
	now := s.now()
	var out Redemption
	err := s.tx(ctx, func(tx *sql.Tx) error {
		req := redeemReq{number: number, placeID: placeID}
		if session != "" {
			sess, place, err := s.namedSession(ctx, tx, now, number, placeID, session)
			if err != nil {
				return err
			}
			req.session, req.place = &sess, &place
		}
		var err error
		out, err = s.redeemTx(ctx, tx, by, now, req)
		return err
	})
	return out, err
}

// namedSession is the session a redemption names: one of the place's sessions, spelled as
// printed. Anything else is refused as invalid input, with the sessions of the day at the place
// to choose from, before anything is written.
func (s *Store) namedSession(ctx context.Context, tx *sql.Tx, now time.Time, number, placeID, value string) (domain.Session, domain.Place, error) {
	place, err := placeBrief(ctx, tx, placeID)
	if err != nil {
		return domain.Session{}, place, err
	}
	sess, err := sessionNamed(ctx, tx, value)
	if err != nil {
		return domain.Session{}, place, err
	}
	if sess.ID != "" && sess.Place == place.ID {
		return sess, place, nil
	}
	ids, err := sessionIDsOn(ctx, tx, place.ID, now)
	if err != nil {
		return domain.Session{}, place, err
	}
	choice := fmt.Sprintf("aucune séance aujourd'hui à %s — créez-la (passnum sessions add) ou encaissez sans --session pour un accompagnement individuel", place.Name)
	if len(ids) > 0 {
		choice = "les séances du jour : " + strings.Join(ids, ", ")
		if sess.ID != "" {
			choice = fmt.Sprintf("les séances du jour à %s : %s", place.Name, strings.Join(ids, ", "))
		}
	}
	if sess.ID != "" {
		return domain.Session{}, place, domain.Errorf(domain.KindInvalid, "chèque %s refusé : la séance %s a lieu à %s, pas à %s ; %s", number, sess.ID, sess.PlaceName, place.Name, choice)
	}
	return domain.Session{}, place, domain.Errorf(domain.KindInvalid, "séance inconnue : %q ; %s", value, choice)
}

// sessionNamed is the session a value names exactly as printed (« S12 »); no ID when none does.
func sessionNamed(ctx context.Context, tx *sql.Tx, value string) (domain.Session, error) {
	n, ok := domain.ExactSessionID(value)
	if !ok {
		return domain.Session{}, nil
	}
	sess, err := sessionCoreTx(ctx, tx, n)
	if domain.KindOf(err) == domain.KindNotFound {
		return domain.Session{}, nil
	}
	return sess, err
}

// sessionIDsOn are the ids of a place's sessions on the local day of at, to choose from.
func sessionIDsOn(ctx context.Context, tx *sql.Tx, place string, at time.Time) ([]string, error) {
	from, to := localDay(at)
	held, err := sessionsOn(ctx, tx, place, from, to)
	ids := make([]string, len(held))
	for i, h := range held {
		ids[i] = h.ID
	}
	return ids, err
}

// localDay is the local calendar day of now, as the instants it starts and ends at.
func localDay(now time.Time) (from, to time.Time) {
	y, m, d := now.Local().Date()
	from = time.Date(y, m, d, 0, 0, 0, 0, time.Local)
	return from, from.AddDate(0, 0, 1)
}

// individualSession is the session a chèque redeemed without one pays for: the individual
// session of the day at the place whose sheet holds the chèque's holder — the one with the
// fewest live redemptions if there are several — or a new one, created now for one person,
// as long as the programme pays for, with its audit row. Created in the redemption's
// transaction, it is rolled back with it when the chèque is refused.
func (s *Store) individualSession(ctx context.Context, tx *sql.Tx, by domain.User, now, at time.Time, number string, who holder, prog domain.Programme, place domain.Place) (domain.Session, error) {
	from, to := localDay(at)
	var n int64
	// From the holder's sheet lines, not from the place's sessions of the day: the cost is the
	// holder's history, however busy the place.
	err := tx.QueryRow(`SELECT s.id FROM participant p JOIN session s ON s.id = p.session_id
		WHERE p.person_id = ? AND s.place_id = ? AND s.type = ? AND s.start_at >= ? AND s.start_at < ?
		ORDER BY (SELECT count(*) FROM redemption r WHERE r.session_id = 'S' || s.id AND r.cancelled_at IS NULL), s.start_at, s.id LIMIT 1`,
		who.id, place.ID, domain.SessionIndividual, ts(from), ts(to)).Scan(&n)
	if err == nil {
		return sessionCoreTx(ctx, tx, n)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return domain.Session{}, err
	}
	minutes := prog.IndividualMinutes()
	res, err := tx.Exec(`INSERT INTO session(place_id, title, themes, level, type, start_at, duration_minutes, capacity, equipment, trainer, created_at)
		VALUES (?,?,'[]','',?,?,?,1,'[]',?,?)`, place.ID, domain.IndividualTitle, domain.SessionIndividual, ts(at), minutes, by.ID, ts(now))
	if err != nil {
		return domain.Session{}, err
	}
	n, _ = res.LastInsertId()
	id := domain.SessionID(n)
	digest := fmt.Sprintf("%s %s, %s, %d min, 1 place(s) : %s", domain.SessionIndividual, id, at.Local().Format("02/01/2006 15:04"), minutes, domain.IndividualTitle)
	if err := audit(tx, now, by.ID, "session.create", "session", id, "", digest, "lieu "+place.ID+", chèque "+number+" encaissé sans séance"); err != nil {
		return domain.Session{}, err
	}
	return sessionCoreTx(ctx, tx, n)
}

// redeemTx checks and records one redemption inside the caller's transaction. Refusals come in
// the order a trainer can act on them: the chèque itself, the place, the calendar, the session.
func (s *Store) redeemTx(ctx context.Context, tx *sql.Tx, by domain.User, now time.Time, r redeemReq) (Redemption, error) {
	at := now
	if !r.at.IsZero() {
		at = r.at
	}
	var place domain.Place
	var err error
	if r.place != nil {
		place = *r.place
	} else if place, err = placeBrief(ctx, tx, r.placeID); err != nil {
		return Redemption{}, err
	}
	var who holder
	ch, programme, err := s.scanCheque(tx.QueryRow(`SELECT `+chequeColumns+`, coalesce(c.person_id, 0), coalesce(p.first_name || ' ' || p.last_name, '')
		FROM cheque ch JOIN carnet c ON c.number = ch.carnet LEFT JOIN place pl ON pl.id = ch.place_id LEFT JOIN person p ON p.id = c.person_id
		WHERE ch.number = ?`, r.number), &who.id, &who.name)
	if errors.Is(err, sql.ErrNoRows) {
		return Redemption{}, domain.Errorf(domain.KindNotFound, "chèque %s introuvable : vérifiez le numéro (carnet-position, par exemple 600001-03)", r.number)
	} else if err != nil {
		return Redemption{}, err
	}
	if err := openProgramme(tx, programme); err != nil {
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
	if err := prog.ChequeUsableOn(r.number, at); err != nil {
		return Redemption{}, err
	}
	individual := r.session == nil
	if individual {
		sess, err := s.individualSession(ctx, tx, by, now, at, r.number, who, prog, place)
		if err != nil {
			return Redemption{}, err
		}
		r.session = &sess
	}
	participant, err := s.sessionRules(tx, by, now, at, r, who, prog, place)
	if err != nil {
		if individual && domain.KindOf(err) == domain.KindConflict && r.imported != "" {
			return Redemption{}, domain.Errorf(domain.KindConflict, "%s — un chèque importé va à l'accompagnement individuel de ce jour-là au lieu, que la personne ne paie qu'une fois", err.Error())
		}
		if individual && domain.KindOf(err) == domain.KindConflict {
			return Redemption{}, domain.Errorf(domain.KindConflict, "%s — encaissé sans --session, le chèque va à l'accompagnement individuel du jour ; pour un autre accompagnement, créez une séance (passnum sessions add --type individuel) et encaissez avec --session", err.Error())
		}
		return Redemption{}, err
	}
	label := r.session.ID
	res, err := tx.Exec(`UPDATE cheque SET state = 'utilise', used_at = ?, place_id = ?, session_id = ? WHERE number = ? AND state = 'disponible'`,
		ts(at), r.placeID, label, r.number)
	if err != nil {
		return Redemption{}, err
	}
	if k, _ := res.RowsAffected(); k != 1 {
		return Redemption{}, domain.Errorf(domain.KindConflict, "chèque %s déjà utilisé", r.number)
	}
	if _, err := tx.Exec(`INSERT INTO redemption(cheque, place_id, session_id, user_id, at, participant_id) VALUES (?,?,?,?,?,?)`, r.number, r.placeID, label, by.ID, ts(at), participant); err != nil {
		if isConstraint(err) {
			return Redemption{}, domain.Errorf(domain.KindConflict, "chèque %s déjà utilisé", r.number)
		}
		return Redemption{}, err
	}
	action, detail := "cheque.redeem", "lieu "+r.placeID+", séance "+label
	if r.imported != "" {
		// The day it was used is the ledger's; the audit row says when and from what it came.
		action, detail = "cheque.import", detail+" ; utilisé le "+at.Local().Format("02/01/2006")+", "+r.imported
	}
	if err := audit(tx, now, by.ID, action, "cheque", r.number, string(domain.ChequeAvailable), string(domain.ChequeUsed), detail); err != nil {
		return Redemption{}, err
	}
	ch.State, ch.UsedAt, ch.UsedPlace, ch.PlaceName, ch.Session = domain.ChequeUsed, at, r.placeID, place.Name, label
	return Redemption{Cheque: ch, Place: place, Session: label, Individual: individual, Participant: participant}, nil
}

// sessionRules applies the session's rules to a chèque about to be redeemed for it, and returns
// the sheet line it pays for: the holder's, added when a chèque is redeemed for a session its
// holder was not marked on, so the sheet and the ledger never disagree.
func (s *Store) sessionRules(tx *sql.Tx, by domain.User, now, at time.Time, r redeemReq, who holder, prog domain.Programme, place domain.Place) (int64, error) {
	sess := *r.session
	if sess.Place != r.placeID {
		return 0, domain.Errorf(domain.KindConflict, "chèque %s refusé : la séance %s a lieu à %s, pas à %s", r.number, sess.ID, sess.PlaceName, place.Name)
	}
	holder, name := who.id, who.name
	var load domain.SessionLoad
	if err := tx.QueryRow(`SELECT count(*), coalesce(sum(c.person_id = ?), 0) FROM redemption r JOIN cheque ch ON ch.number = r.cheque
		JOIN carnet c ON c.number = ch.carnet WHERE r.session_id = ? AND r.cancelled_at IS NULL`, holder, sess.ID).Scan(&load.Cheques, &load.PersonCheques); err != nil {
		return 0, err
	}
	if err := prog.SessionRefusal(r.number, sess, load, at, name); err != nil {
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
		if err := openCheque(tx, number); err != nil {
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
