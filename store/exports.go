package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"passnum/domain"
)

// The queries behind the exports. They return domain values; domain/doc renders the files.

// ClaimExport returns a claim for its export (domain/doc writes the file): a trainer may export
// the claims of their own place.
func (s *Store) ClaimExport(ctx context.Context, by domain.User, id string) (domain.Claim, error) {
	c, err := s.Claim(ctx, id)
	if err != nil {
		return c, err
	}
	if err := domain.Authorize(by, domain.ActClaims, domain.Scope{Place: c.Place}); err != nil {
		return domain.Claim{}, err
	}
	return c, s.nameClaim(ctx, &c)
}

// nameClaim puts the names beside the ids of a claim's export: the programme's name, the
// session's title and date.
func (s *Store) nameClaim(ctx context.Context, c *domain.Claim) error {
	names := map[string]string{}
	for _, p := range s.opts.Programmes {
		names[p.ID] = p.Name
	}
	type session struct {
		title string
		start time.Time
	}
	sessions := map[string]session{}
	for i := range c.Items {
		it := &c.Items[i]
		it.ProgrammeName = names[it.Programme]
		if it.Session == "" {
			continue
		}
		se, ok := sessions[it.Session]
		if !ok {
			if n, err := domain.ParseSessionID(it.Session); err == nil {
				var start string
				err := s.read.QueryRowContext(ctx, `SELECT title, start_at FROM session WHERE id = ?`, n).Scan(&se.title, &start)
				if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return err
				}
				se.start = parseTS(start)
			}
			sessions[it.Session] = se
		}
		it.SessionTitle, it.SessionStart = se.title, se.start
	}
	for i := range c.Shares {
		c.Shares[i].ProgrammeName = names[c.Shares[i].Programme]
	}
	return nil
}

// Activity lists the sessions of a month at a place ("" every place) with the Coop's counts of
// present participants. It holds no names: anyone who may look things up may read it.
func (s *Store) Activity(ctx context.Context, by domain.User, place string, month time.Time) ([]domain.ActivityLine, error) {
	if err := domain.Authorize(by, domain.ActLookup, domain.Scope{Place: place}); err != nil {
		return nil, err
	}
	if place != "" {
		if _, err := s.Place(ctx, place); err != nil {
			return nil, err
		}
	}
	from, to := domain.MonthBounds(month)
	sessions, err := s.SessionsOn(ctx, place, from, to)
	if err != nil {
		return nil, err
	}
	byID := map[int64]domain.Session{}
	for _, sess := range sessions {
		n, _ := domain.ParseSessionID(sess.ID)
		byID[n] = sess
	}
	cond, args := `p.present = 1 AND p.session_id IN (SELECT id FROM session WHERE start_at >= ? AND start_at < ?`, []any{ts(from), ts(to)}
	if place != "" {
		cond, args = cond+` AND place_id = ?`, append(args, place)
	}
	sheets, err := sheetsOf(ctx, s.read, byID, cond+`)`, args...)
	if err != nil {
		return nil, err
	}
	var out []domain.ActivityLine
	for _, sess := range sessions {
		l := domain.ActivityLine{Session: sess, Genders: map[string]int{}, AgeBands: map[string]int{}, Statuses: map[string]int{}}
		n, _ := domain.ParseSessionID(sess.ID)
		for _, p := range sheets[n] {
			l.Present++
			l.Genders[p.Profile.Gender]++
			l.AgeBands[p.Profile.AgeBand]++
			l.Statuses[p.Profile.Status]++
			if sess.Type == domain.SessionIndividual && l.Autonomy == "" {
				l.Autonomy = p.Autonomy
			}
		}
		out = append(out, l)
	}
	return out, nil
}
