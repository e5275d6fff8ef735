package store

import (
	"context"
	"database/sql"
	"errors"

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
	Cheque  domain.Cheque
	Place   domain.Place
	Session string
}

// Redeem uses a chèque at a place, at most once whatever the concurrency: the state change is a
// guarded update checked by its row count, a unique index refuses a second live redemption,
// and the audit row commits with them.
func (s *Store) Redeem(ctx context.Context, by domain.User, number, placeID, session string) (Redemption, error) {
	if err := domain.Authorize(by, domain.ActRedeem, domain.Scope{Place: placeID}); err != nil {
		return Redemption{}, err
	}
	now := s.now()
	var out Redemption
	err := s.tx(ctx, func(tx *sql.Tx) error {
		place, err := s.placeTx(tx, placeID)
		if err != nil {
			return err
		}
		ch, programme, err := s.scanCheque(tx.QueryRow(`SELECT `+chequeColumns+` FROM cheque ch JOIN carnet c ON c.number = ch.carnet
			LEFT JOIN place pl ON pl.id = ch.place_id WHERE ch.number = ?`, number))
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.KindNotFound, "chèque %s introuvable : vérifiez le numéro (carnet-position, par exemple 600001-03)", number)
		} else if err != nil {
			return err
		}
		if err := domain.RedeemRefusal(ch); err != nil {
			return err
		}
		prog, err := s.programme(programme)
		if err != nil {
			return err
		}
		if !place.Qualified {
			return domain.Errorf(domain.KindConflict, "%s n'est pas qualifié pour le programme %s : il ne peut pas encaisser de chèques (un coordinateur peut le qualifier : passnum places set %s --qualified)", place.Name, prog.Name, place.ID)
		}
		if err := prog.ChequeUsableOn(number, now); err != nil {
			return err
		}
		res, err := tx.Exec(`UPDATE cheque SET state = 'utilise', used_at = ?, place_id = ?, session_id = ? WHERE number = ? AND state = 'disponible'`,
			ts(now), placeID, session, number)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return domain.Errorf(domain.KindConflict, "chèque %s déjà utilisé", number)
		}
		if _, err := tx.Exec(`INSERT INTO redemption(cheque, place_id, session_id, user_id, at) VALUES (?,?,?,?,?)`, number, placeID, session, by.ID, ts(now)); err != nil {
			if isConstraint(err) {
				return domain.Errorf(domain.KindConflict, "chèque %s déjà utilisé", number)
			}
			return err
		}
		if err := audit(tx, now, by.ID, "cheque.redeem", "cheque", number, string(domain.ChequeAvailable), string(domain.ChequeUsed), "lieu "+placeID); err != nil {
			return err
		}
		ch.State, ch.UsedAt, ch.UsedPlace, ch.PlaceName, ch.Session = domain.ChequeUsed, now, placeID, place.Name, session
		out = Redemption{Cheque: ch, Place: place, Session: session}
		return nil
	})
	return out, err
}
