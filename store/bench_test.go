package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

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

// BenchmarkCloseSheet measures closing a full attendance sheet: 20 participants added by their
// scanned chèque, each redeemed in its own transaction with its audit row.
func BenchmarkCloseSheet(b *testing.B) {
	s, c := trainerStore(b)
	ctx := context.Background()
	c.t = time.Date(2026, 6, 1, 18, 0, 0, 0, time.UTC)
	const people = 20
	batch := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if i%5 == 0 { // five chèques per carnet: new carnets every five sheets
			handOver(b, s, "creil", fmt.Sprint(600001+batch*people), people)
			batch++
		}
		sess := newSession(b, s, trainer, "pimms", time.Date(2026, 6, 1, 14, 0, 0, 0, time.UTC), 90, people)
		for p := 0; p < people; p++ {
			scan(b, s, trainer, sess.ID, fmt.Sprintf("%d-%02d", 600001+(batch-1)*people+p, i%5+1))
		}
		b.StartTimer()
		res, err := s.RedeemForSession(ctx, trainer, sess.ID)
		if err != nil || len(res) != people || res[people-1].Err != nil {
			b.Fatalf("close: %v %+v", err, res)
		}
	}
}

// BenchmarkLikelyDuplicates measures the duplicate check a registration runs, on 200 000 people:
// the people born the same day (or with day and month swapped), then the name rule on each.
func BenchmarkLikelyDuplicates(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	if err := s.BulkAddPeopleForBench(ctx, coord, 200000); err != nil {
		b.Fatal(err)
	}
	typed := domain.Person{LastName: "DUBOIS 2", FirstName: "Jean", BirthDate: time.Date(1975, 5, 12, 0, 0, 0, 0, time.UTC), Commune: "60175"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.LikelyDuplicates(ctx, typed); err != nil {
			b.Fatal(err)
		}
	}
}
