package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strconv"
	"strings"
	"time"

	"passnum/domain"
)

// RecordAccess writes a remote access event (session start or end, refused attempt) into the
// audit log, beside the changes the same users make.
func (s *Store) RecordAccess(ctx context.Context, e domain.AccessEvent) error {
	return s.RecordAccesses(ctx, []domain.AccessEvent{e})
}

// RecordAccesses writes several access events in one transaction: the refused attempts a
// server counted over a minute go in together, so that they cost the writer one short
// transaction instead of one each.
func (s *Store) RecordAccesses(ctx context.Context, events []domain.AccessEvent) error {
	if len(events) == 0 {
		return nil
	}
	return s.tx(ctx, func(tx *sql.Tx) error { return s.insertAccesses(tx, events) })
}

// RecordAccessWithin writes an access event, waiting at most wait for a write lock another
// process holds instead of the store's busy timeout (10 s), and fails with KindConflict after
// it. A session start is audited this way: a session that cannot be audited is refused, and
// the person at the front desk gets the answer in seconds rather than after ten.
func (s *Store) RecordAccessWithin(ctx context.Context, e domain.AccessEvent, wait time.Duration) (err error) {
	if s.write == nil {
		return errReadOnly("écriture")
	}
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return wrapErr(err)
	}
	// The busy timeout is a setting of the connection: lower it for this transaction only, on
	// the writer connection this call holds alone, and put it back; a connection whose setting
	// could not be put back is discarded rather than returned to the pool.
	var prev int64
	if err := conn.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&prev); err != nil {
		conn.Close()
		return wrapErr(err)
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = "+strconv.FormatInt(wait.Milliseconds(), 10)); err != nil {
		conn.Close()
		return wrapErr(err)
	}
	defer func() {
		if _, rerr := conn.ExecContext(context.Background(), "PRAGMA busy_timeout = "+strconv.FormatInt(prev, 10)); rerr != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return wrapErr(err)
	}
	if err := s.insertAccesses(tx, []domain.AccessEvent{e}); err != nil {
		tx.Rollback()
		return wrapErr(err)
	}
	return wrapErr(tx.Commit())
}

func (s *Store) insertAccesses(tx *sql.Tx, events []domain.AccessEvent) error {
	now := s.now()
	for _, e := range events {
		at := e.At
		if at.IsZero() {
			at = now
		}
		detail := "depuis " + e.RemoteAddr
		if e.Detail != "" {
			detail += " — " + e.Detail
		}
		if err := audit(tx, at, e.User, string(e.Kind), "ssh_key", e.Fingerprint, "", "", detail); err != nil {
			return err
		}
	}
	return nil
}

// AccessEvents lists the remote access events recorded, oldest first.
func (s *Store) AccessEvents(ctx context.Context) ([]domain.AccessEvent, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT at, user_id, action, entity_id, detail FROM audit
		WHERE entity = 'ssh_key' ORDER BY id`)
	if err != nil {
		return nil, wrapErr(err)
	}
	defer rows.Close()
	var out []domain.AccessEvent
	for rows.Next() {
		var at, kind, detail string
		var e domain.AccessEvent
		if err := rows.Scan(&at, &e.User, &kind, &e.Fingerprint, &detail); err != nil {
			return nil, wrapErr(err)
		}
		e.At, e.Kind = parseTS(at), domain.AccessKind(kind)
		addr, rest, _ := strings.Cut(strings.TrimPrefix(detail, "depuis "), " — ")
		e.RemoteAddr, e.Detail = addr, rest
		out = append(out, e)
	}
	return out, wrapErr(rows.Err())
}
