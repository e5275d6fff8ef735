package store

import (
	"context"
	"database/sql"
	"errors"

	"passnum/domain"
)

// errKeepNothing rolls an import's transaction back once its rows have said what they do.
var errKeepNothing = errors.New("import rolled back")

// importTx runs an import of n rows in one transaction, each row in a savepoint: row(tx, i)
// says whether row i is refused — its writes are then rolled back — or fails the whole import.
// A dry run rolls everything back, and so does a refused row unless opts.SkipInvalid (the
// error is then domain.RefusedRowsError, every row having said why). done runs when the rows
// are to be recorded, in the same transaction (a summary audit row). applied tells whether the
// rows not refused are recorded; rowsSaid whether the rows' outcomes stand (no error, or only
// the refused rows' one) — after any other error they are the half of an import that failed.
func (s *Store) importTx(ctx context.Context, opts domain.ImportOptions, n int, row func(tx *sql.Tx, i int) (refused bool, err error), done func(tx *sql.Tx) error) (applied, rowsSaid bool, err error) {
	refused := 0
	err = s.tx(ctx, func(tx *sql.Tx) error {
		refused = 0
		for i := range n {
			if _, err := tx.ExecContext(ctx, `SAVEPOINT import_row`); err != nil {
				return err
			}
			out, err := row(tx, i)
			if err != nil {
				return err
			}
			if out {
				refused++
				if _, err := tx.ExecContext(ctx, `ROLLBACK TO import_row`); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `RELEASE import_row`); err != nil {
				return err
			}
		}
		if opts.DryRun || refused > 0 && !opts.SkipInvalid {
			return errKeepNothing
		}
		return done(tx)
	})
	switch {
	case errors.Is(err, errKeepNothing) && opts.DryRun:
		return false, true, nil
	case errors.Is(err, errKeepNothing):
		return false, true, domain.RefusedRowsError(refused)
	}
	return err == nil, err == nil, err
}
