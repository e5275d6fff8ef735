package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

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
			// Birth dates spread over seventy years, as in a real territory: about eight people a day.
			birth := time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, (i*7919)%25567).Format("2006-01-02")
			if _, err := stmt.Exec(l, f, domain.Normalize(l), domain.Normalize(f), birth, "60175", ts(s.now()), by.ID); err != nil {
				return err
			}
		}
		return nil
	})
}
