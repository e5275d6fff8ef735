package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"passnum/domain"
)

// BenchmarkLookupCheque measures a quick lookup of one chèque in a ledger of 100 000 carnets
// (500 000 chèques), the figure a trainer's phone lookup depends on.
func BenchmarkLookupCheque(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	nums, _ := domain.CarnetNumbers("100000", 100000)
	specs := make([]CarnetSpec, len(nums))
	for i, n := range nums {
		specs[i].Number = n
	}
	if err := s.ReceiveCarnets(ctx, coord, "creil", specs); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, err := s.Lookup(ctx, fmt.Sprintf("%d-03", 100000+(i*7919)%100000))
		if err != nil || f.Kind != "cheque" {
			b.Fatal(f.Kind, err)
		}
	}
}

// BenchmarkFindPeople measures the search-as-you-type query on 200 000 people.
func BenchmarkFindPeople(b *testing.B) {
	s := benchStore(b)
	if err := s.BulkAddPeopleForBench(context.Background(), coord, 200000); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	queries := []string{"d", "du", "dub", "dubois1", "ines", "lefevre 12", "zz"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.FindPeople(ctx, queries[i%len(queries)], 8); err != nil {
			b.Fatal(err)
		}
	}
}

func benchStore(b *testing.B) *Store {
	b.Helper()
	prog := domain.Programme{ID: "creil", Name: "Pass Creil", ChequesPerCarnet: 5}
	s, err := Open(filepath.Join(b.TempDir(), "bench.db"), Options{Programmes: []domain.Programme{prog},
		Communes: []domain.Commune{{INSEE: "60175", Name: "Creil"}}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}
