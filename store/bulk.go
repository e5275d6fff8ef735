package store

import (
	"context"
	"database/sql"
	"fmt"

	"passnum/domain"
)

// BulkAddPeopleForBench inserts n synthetic people in one transaction, for benchmarks that
// need a ledger the size of a large territory. It bypasses per-person audit on purpose.
func (s *Store) BulkAddPeopleForBench(ctx context.Context, by domain.User, n int) error {
	if err := domain.Authorize(by, domain.ActManageStock, domain.Scope{}); err != nil {
		return err
	}
	last := []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Diallo", "Benali", "Nguyen", "Lefèvre", "Girard"}
	first := []string{"Inès", "Léa", "Mohamed", "Jean", "Chloé", "Yanis", "Aïcha", "Lucas", "Emma", "Noé"}
	return s.tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.Prepare(`INSERT INTO person(last_name, first_name, norm_last, norm_first, birth_date, commune, created_at, created_by) VALUES (?,?,?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i := 0; i < n; i++ {
			l := fmt.Sprintf("%s%d", last[i%len(last)], i/len(last))
			f := first[i%len(first)]
			if _, err := stmt.Exec(l, f, domain.Normalize(l), domain.Normalize(f), "1990-01-01", "60175", ts(s.now()), by.ID); err != nil {
				return err
			}
		}
		return nil
	})
}
