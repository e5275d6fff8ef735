package store

import (
	"context"
	"path/filepath"
	"testing"
)

// The benchmark ledger is a ledger the store itself accepts: proportions as specified, every
// redemption once, claims once, and the store's own write paths keep working on it.
func TestBenchLedgerIsConsistent(t *testing.T) {
	today := benchToday()
	opts := benchOptions(today)
	s, err := Open(filepath.Join(t.TempDir(), "bench.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	spec := benchSpec(today)
	spec.Scale = 0.01
	sum, err := s.BuildBenchLedger(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", struct{ People, Carnets, Issued, Used, Sessions, SheetLines, Claims, Audit int }{sum.People, sum.Carnets, sum.Issued, sum.Used, sum.Sessions, sum.SheetLines, sum.Claims, sum.Audit})
	if sum.People != 2000 || sum.Carnets != 1000 || sum.Issued != 600 || sum.Used < 2400 || sum.Used > 3600 || sum.Claims == 0 || sum.Audit < 9000 {
		t.Errorf("proportions: %+v", sum)
	}
	var live, used, claimed, paid int
	s.read.QueryRow(`SELECT count(*) FROM redemption WHERE cancelled_at IS NULL`).Scan(&live)
	s.read.QueryRow(`SELECT count(*) FROM cheque WHERE state IN ('utilise','rembourse')`).Scan(&used)
	s.read.QueryRow(`SELECT count(*) FROM claim_item`).Scan(&claimed)
	s.read.QueryRow(`SELECT count(*) FROM cheque WHERE state = 'rembourse'`).Scan(&paid)
	if live != used || live != sum.Used || claimed == 0 || paid == 0 || paid >= claimed {
		t.Errorf("live redemptions %d, used chèques %d, claimed %d, paid %d", live, used, claimed, paid)
	}
	ctx := context.Background()
	if _, err := s.Redeem(ctx, benchTrainer, sum.FreeCheques[0], "pimms", ""); err != nil {
		t.Errorf("redeeming a free chèque on the generated ledger: %v", err)
	}
	if _, err := s.Redeem(ctx, benchTrainer, sum.UsedCheque, "pimms", ""); err == nil {
		t.Errorf("chèque %s redeemed twice", sum.UsedCheque)
	}
}
