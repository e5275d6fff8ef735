package store

import (
	"context"
	"database/sql"
	"strings"

	"passnum/domain"
)

// RecordAccess writes a remote access event (session start or end, refused attempt) into the
// audit log, beside the changes the same users make.
func (s *Store) RecordAccess(ctx context.Context, e domain.AccessEvent) error {
	at := e.At
	if at.IsZero() {
		at = s.now()
	}
	detail := "depuis " + e.RemoteAddr
	if e.Detail != "" {
		detail += " — " + e.Detail
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		return audit(tx, at, e.User, string(e.Kind), "ssh_key", e.Fingerprint, "", "", detail)
	})
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
