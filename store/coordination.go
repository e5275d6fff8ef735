package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"passnum/domain"
)

// What the coordination's screens read beyond the report: the counts behind the tableau de
// bord's alerts, the month's claims of every place and the places whose chèques wait for one.

// DashboardCounts reads the counts the tableau de bord's alerts need for a programme at now.
// They are counts only: the read-only committee sees them too.
func (s *Store) DashboardCounts(ctx context.Context, by domain.User, programme string, now time.Time) (domain.DashboardCounts, error) {
	var c domain.DashboardCounts
	if err := domain.Authorize(by, domain.ActLookup, domain.Scope{}); err != nil {
		return c, err
	}
	prog, err := s.programme(programme)
	if err != nil {
		return c, err
	}
	// Counted, not read: the committee sees these counts and never the people behind them.
	if l := prog.Limits.CarnetsPerPerson; l > 0 {
		if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM carnet WHERE programme = ? AND state = 'remis'
			GROUP BY person_id HAVING count(*) > ?)`, prog.ID, l).Scan(&c.OverCap); err != nil {
			return c, err
		}
	}
	// A claim may mix programmes: its share for this programme is what this programme owes.
	if err := s.read.QueryRowContext(ctx, `SELECT count(DISTINCT c.id), coalesce(sum(sh.amount_cents), 0) FROM claim c
		JOIN claim_share sh ON sh.claim_id = c.id WHERE c.state = ? AND sh.programme = ?`,
		string(domain.ClaimPrepared), prog.ID).Scan(&c.ClaimsToPay, &c.ClaimsToPayCents); err != nil {
		return c, err
	}
	monthStart, _ := domain.MonthBounds(now)
	err = s.read.QueryRowContext(ctx, `SELECT count(*) FROM cheque ch JOIN carnet ca ON ca.number = ch.carnet
		WHERE ch.state = 'utilise' AND ch.place_id <> '' AND ch.used_at < ? AND ca.programme = ?
		AND NOT EXISTS (SELECT 1 FROM claim_item ci WHERE ci.cheque = ch.number)`, ts(monthStart), prog.ID).Scan(&c.UnclaimedCheques)
	return c, err
}

// ClaimsOfMonth lists every place's claims for a month, newest first, without their chèques.
func (s *Store) ClaimsOfMonth(ctx context.Context, by domain.User, month time.Time) ([]domain.Claim, error) {
	if err := domain.Authorize(by, domain.ActLookup, domain.Scope{}); err != nil {
		return nil, err
	}
	from, _ := domain.MonthBounds(month)
	var out []domain.Claim
	err := eachRow(ctx, s.read, `SELECT `+claimColumns+` FROM claim c LEFT JOIN place pl ON pl.id = c.place_id
		WHERE c.month = ? ORDER BY c.id DESC`, []any{from.Format("2006-01")}, func(r *sql.Rows) error {
		c, err := scanClaim(r)
		out = append(out, c)
		return err
	})
	return out, err
}

// Unclaimed is a place's chèques of a month that are in no claim yet.
type Unclaimed struct {
	Place, PlaceName string
	Cheques          int
}

// UnclaimedOfMonth lists the places with chèques used in the month and not claimed yet.
func (s *Store) UnclaimedOfMonth(ctx context.Context, by domain.User, month time.Time) ([]Unclaimed, error) {
	if err := domain.Authorize(by, domain.ActLookup, domain.Scope{}); err != nil {
		return nil, err
	}
	from, to := domain.MonthBounds(month)
	var out []Unclaimed
	err := eachRow(ctx, s.read, `SELECT ch.place_id, coalesce(pl.name, ''), count(*) FROM cheque ch LEFT JOIN place pl ON pl.id = ch.place_id
		WHERE ch.state = 'utilise' AND ch.place_id <> '' AND ch.used_at >= ? AND ch.used_at < ?
		AND NOT EXISTS (SELECT 1 FROM claim_item ci WHERE ci.cheque = ch.number)
		GROUP BY ch.place_id ORDER BY coalesce(pl.name, ch.place_id)`, []any{ts(from), ts(to)}, func(r *sql.Rows) error {
		var u Unclaimed
		err := r.Scan(&u.Place, &u.PlaceName, &u.Cheques)
		out = append(out, u)
		return err
	})
	return out, err
}

// ClaimsPrepareAll prepares the month's claim of every place whose chèques wait for one, each
// in its own transaction: a place that fails (its chèques claimed meanwhile) does not hold the
// others back, and is reported with the claims made.
func (s *Store) ClaimsPrepareAll(ctx context.Context, by domain.User, month time.Time) ([]domain.Claim, error) {
	if err := domain.Authorize(by, domain.ActClaims, domain.Scope{}); err != nil {
		return nil, err
	}
	waiting, err := s.UnclaimedOfMonth(ctx, by, month)
	if err != nil {
		return nil, err
	}
	var made []domain.Claim
	var errs []error
	for _, u := range waiting {
		c, err := s.ClaimsPrepare(ctx, by, u.Place, month)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		made = append(made, c)
	}
	return made, errors.Join(errs...)
}
