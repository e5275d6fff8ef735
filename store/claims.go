package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"passnum/domain"
)

// ClaimsPrepare gathers the chèques a place used in a month that no claim holds yet into a new
// claim, with its amount per programme and funder frozen. Two preparations at once queue on the
// write lock: the second finds nothing left (« rien à réclamer »); the UNIQUE constraint on
// claim_item(cheque) would refuse a chèque twice even if that guard failed.
func (s *Store) ClaimsPrepare(ctx context.Context, by domain.User, placeID string, month time.Time) (domain.Claim, error) {
	if err := domain.Authorize(by, domain.ActClaims, domain.Scope{Place: placeID}); err != nil {
		return domain.Claim{}, err
	}
	from, to := domain.MonthBounds(month)
	monthKey := from.Format("2006-01")
	now := s.now()
	var out domain.Claim
	err := s.tx(ctx, func(tx *sql.Tx) error {
		place, err := s.placeTx(tx, placeID)
		if err != nil {
			return err
		}
		var items []domain.ClaimItem
		err = eachRow(ctx, tx, `SELECT ch.number, ch.carnet, c.programme, ch.used_at, ch.session_id FROM cheque ch JOIN carnet c ON c.number = ch.carnet
			WHERE ch.place_id = ? AND ch.state = 'utilise' AND ch.used_at >= ? AND ch.used_at < ?
			AND NOT EXISTS (SELECT 1 FROM claim_item ci WHERE ci.cheque = ch.number) ORDER BY ch.used_at, ch.number`,
			[]any{placeID, ts(from), ts(to)}, func(r *sql.Rows) error {
				var it domain.ClaimItem
				var used string
				if err := r.Scan(&it.Cheque, &it.Carnet, &it.Programme, &used, &it.Session); err != nil {
					return err
				}
				it.UsedAt = parseTS(used)
				items = append(items, it)
				return nil
			})
		if err != nil {
			return err
		}
		if len(items) == 0 {
			var earlier []string
			if err := eachRow(ctx, tx, `SELECT id FROM claim WHERE place_id = ? AND month = ? ORDER BY id`, []any{placeID, monthKey}, func(r *sql.Rows) error {
				var n int64
				err := r.Scan(&n)
				earlier = append(earlier, domain.ClaimID(n))
				return err
			}); err != nil {
				return err
			}
			msg := fmt.Sprintf("rien à réclamer : aucun chèque utilisé à %s en %s n'attend de remboursement", place.Name, domain.MonthLabel(from))
			if len(earlier) > 0 {
				msg += fmt.Sprintf(" (déjà demandé : %s)", strings.Join(earlier, ", "))
			}
			return domain.Errorf(domain.KindConflict, "%s", msg)
		}
		var total int64
		for i := range items {
			if err := openProgramme(tx, items[i].Programme); err != nil {
				return err
			}
			prog, err := s.programme(items[i].Programme)
			if err != nil {
				return err
			}
			items[i].ValueCents = int64(prog.ChequeValueCents)
			total += items[i].ValueCents
		}
		shares, err := domain.ClaimShares(items, s.opts.Programmes)
		if err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT INTO claim(place_id, month, state, cheques, amount_cents, prepared_at, prepared_by) VALUES (?,?,'preparee',?,?,?,?)`,
			placeID, monthKey, len(items), total, ts(now), by.ID)
		if err != nil {
			return err
		}
		n, _ := res.LastInsertId()
		id := domain.ClaimID(n)
		for _, it := range items {
			if _, err := tx.Exec(`INSERT INTO claim_item(claim_id, cheque, programme, value_cents, used_at, session_id) VALUES (?,?,?,?,?,?)`,
				n, it.Cheque, it.Programme, it.ValueCents, ts(it.UsedAt), it.Session); err != nil {
				if isConstraint(err) {
					return domain.Errorf(domain.KindConflict, "chèque %s : il figure déjà dans une autre demande de remboursement, rien n'a été préparé", it.Cheque)
				}
				return err
			}
			if err := audit(tx, now, by.ID, "cheque.claim", "cheque", it.Cheque, string(domain.ChequeUsed), string(domain.ChequeUsed), "demande "+id); err != nil {
				return err
			}
		}
		for _, sh := range shares {
			if _, err := tx.Exec(`INSERT INTO claim_share(claim_id, programme, funder, share_percent, amount_cents) VALUES (?,?,?,?,?)`,
				n, sh.Programme, sh.Funder, sh.SharePercent, sh.AmountCents); err != nil {
				return err
			}
		}
		detail := fmt.Sprintf("%s, %s : %d chèque(s), %d centimes", placeID, domain.MonthLabel(from), len(items), total)
		if err := audit(tx, now, by.ID, "claim.prepare", "claim", id, "", string(domain.ClaimPrepared), detail); err != nil {
			return err
		}
		out, err = readClaim(ctx, tx, n, true)
		return err
	})
	return out, err
}

const claimColumns = `c.id, c.place_id, coalesce(pl.name, ''), c.month, c.state, c.cheques, c.amount_cents, c.prepared_at, c.prepared_by, c.paid_at, c.paid_by`

func scanClaim(row interface{ Scan(...any) error }) (domain.Claim, error) {
	var c domain.Claim
	var n int64
	var month, prepared, paid string
	err := row.Scan(&n, &c.Place, &c.PlaceName, &month, &c.State, &c.Cheques, &c.AmountCents, &prepared, &c.PreparedBy, &paid, &c.PaidBy)
	c.ID, c.PreparedAt, c.PaidAt = domain.ClaimID(n), parseTS(prepared), parseTS(paid)
	c.Month, _ = time.ParseInLocation("2006-01", month, time.Local)
	return c, err
}

// readClaim reads a claim, and its chèques and shares when full.
func readClaim(ctx context.Context, q querier, n int64, full bool) (domain.Claim, error) {
	c, err := scanClaim(q.QueryRowContext(ctx, `SELECT `+claimColumns+` FROM claim c LEFT JOIN place pl ON pl.id = c.place_id WHERE c.id = ?`, n))
	if err != nil {
		return c, notFound(err, "demande de remboursement %s introuvable (passnum claims list donne les demandes)", domain.ClaimID(n))
	}
	if !full {
		return c, nil
	}
	err = eachRow(ctx, q, `SELECT ci.cheque, ch.carnet, ci.programme, ci.used_at, ci.session_id, ci.value_cents FROM claim_item ci
		JOIN cheque ch ON ch.number = ci.cheque WHERE ci.claim_id = ? ORDER BY ci.used_at, ci.cheque`, []any{n}, func(r *sql.Rows) error {
		var it domain.ClaimItem
		var used string
		if err := r.Scan(&it.Cheque, &it.Carnet, &it.Programme, &used, &it.Session, &it.ValueCents); err != nil {
			return err
		}
		it.UsedAt = parseTS(used)
		c.Items = append(c.Items, it)
		return nil
	})
	if err != nil {
		return c, err
	}
	err = eachRow(ctx, q, `SELECT programme, funder, share_percent, amount_cents FROM claim_share WHERE claim_id = ? ORDER BY rowid`, []any{n}, func(r *sql.Rows) error {
		var sh domain.FunderShare
		if err := r.Scan(&sh.Programme, &sh.Funder, &sh.SharePercent, &sh.AmountCents); err != nil {
			return err
		}
		c.Shares = append(c.Shares, sh)
		return nil
	})
	return c, err
}

// Claim returns a claim with its chèques and its shares per funder.
func (s *Store) Claim(ctx context.Context, id string) (domain.Claim, error) {
	n, err := domain.ParseClaimID(id)
	if err != nil {
		return domain.Claim{}, err
	}
	return readClaim(ctx, s.read, n, true)
}

// Claims lists the claims of a place (every place with ""), newest first, without their chèques.
func (s *Store) Claims(ctx context.Context, place string) ([]domain.Claim, error) {
	q, args := `SELECT `+claimColumns+` FROM claim c LEFT JOIN place pl ON pl.id = c.place_id`, []any{}
	if place != "" {
		q, args = q+` WHERE c.place_id = ?`, append(args, place)
	}
	var out []domain.Claim
	err := eachRow(ctx, s.read, q+` ORDER BY c.id DESC`, args, func(r *sql.Rows) error {
		c, err := scanClaim(r)
		out = append(out, c)
		return err
	})
	return out, err
}

// ClaimPaid records that a claim was paid: the claim becomes payée and each of its chèques
// remboursé, all or nothing, with the audit rows.
func (s *Store) ClaimPaid(ctx context.Context, by domain.User, id string) (domain.Claim, error) {
	n, err := domain.ParseClaimID(id)
	if err != nil {
		return domain.Claim{}, err
	}
	if err := domain.Authorize(by, domain.ActClaimPaid, domain.Scope{}); err != nil {
		return domain.Claim{}, err
	}
	now := s.now()
	var out domain.Claim
	err = s.tx(ctx, func(tx *sql.Tx) error {
		c, err := readClaim(ctx, tx, n, true)
		if err != nil {
			return err
		}
		if c.State == domain.ClaimPaid {
			return domain.Errorf(domain.KindConflict, "la demande %s est déjà payée (le %s)", c.ID, c.PaidAt.Local().Format("02/01/2006"))
		}
		res, err := tx.Exec(`UPDATE claim SET state = 'payee', paid_at = ?, paid_by = ? WHERE id = ? AND state = 'preparee'`, ts(now), by.ID, n)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return domain.Errorf(domain.KindConflict, "la demande %s vient d'être modifiée par quelqu'un d'autre : réessayez", c.ID)
		}
		res, err = tx.Exec(`UPDATE cheque SET state = 'rembourse' WHERE number IN (SELECT cheque FROM claim_item WHERE claim_id = ?) AND state = 'utilise'`, n)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); int(k) != len(c.Items) {
			return domain.Errorf(domain.KindConflict, "la demande %s : %d chèques sur %d ne sont plus à l'état utilisé, rien n'a été enregistré", c.ID, len(c.Items)-int(k), len(c.Items))
		}
		for _, it := range c.Items {
			if err := audit(tx, now, by.ID, "cheque.reimburse", "cheque", it.Cheque, string(domain.ChequeUsed), string(domain.ChequeReimbursed), "demande "+c.ID); err != nil {
				return err
			}
		}
		if err := audit(tx, now, by.ID, "claim.paid", "claim", c.ID, string(domain.ClaimPrepared), string(domain.ClaimPaid), fmt.Sprintf("%d centimes", c.AmountCents)); err != nil {
			return err
		}
		out, err = readClaim(ctx, tx, n, true)
		return err
	})
	return out, err
}
