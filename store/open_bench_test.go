package store

import (
	"context"
	"testing"
)

// BenchmarkOpenBenchLedger opens the benchmark ledger read-only as every read command does
// (header read, quick_check of the schema, user_version), reads one place and closes: the cost
// that open adds to each CLI call must not grow with the ledger.
func BenchmarkOpenBenchLedger(b *testing.B) {
	today := benchToday()
	opts := benchOptions(today)
	path, _, err := BenchLedger(benchSpec(today), opts)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s, err := OpenReadOnly(path, opts)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Place(context.Background(), "absent"); err == nil {
			b.Fatal("a place that does not exist was found")
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
