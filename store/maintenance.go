package store

import (
	"context"
)

// optimizePragma is PRAGMA optimize with an explicit mask (SQLite 3.46+ semantics, 3.54 bundled):
//
//	0x00002  run ANALYZE on the tables that may benefit (an index without statistics, or a
//	         table whose row count changed tenfold since its last analysis);
//	0x00010  run each ANALYZE under a temporary analysis_limit (2000 rows per index), so even a
//	         first analysis of a large ledger takes milliseconds, not seconds;
//	0x10000  check every table, not only those this connection has queried: the writer pool's
//	         connection is often fresh (one CLI call), and a bulk import grows tables without
//	         the planner ever consulting their statistics, which plain PRAGMA optimize would miss.
//
// Empty tables are skipped by SQLite, and a table whose size has not moved tenfold costs one
// b-tree size estimate, so the pragma is cheap when nothing changed (well under a millisecond).
const optimizePragma = "PRAGMA optimize=0x10012"

// Optimize lets SQLite refresh the statistics its query planner uses (PRAGMA optimize), so
// plans stay good as the ledger grows; cheap when nothing changed.
func (s *Store) Optimize(ctx context.Context) error {
	if s.write == nil {
		return errReadOnly("Optimize")
	}
	_, err := s.write.ExecContext(ctx, optimizePragma)
	return wrapErr(err)
}
