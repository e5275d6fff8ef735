package store

import (
	"context"
	"testing"

	"passnum/domain"
)

var benchCoord = domain.User{ID: "coord", Name: "Coordination", Role: domain.RoleCoordination}

// BenchmarkReport reads the figures of the current programme over the whole programme, the
// heaviest period: every carnet, every used chèque, every claim of the benchmark ledger.
func BenchmarkReport(b *testing.B) {
	s, sum := benchLedger(b, false)
	ctx := context.Background()
	prog, _ := s.programme("creil")
	var f domain.ReportFacts
	for i := 0; i < b.N; i++ {
		var err error
		if f, err = s.ReportFacts(ctx, benchCoord, "creil", domain.Period{}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	r := domain.BuildReport(prog, domain.Period{}, f)
	if r.Cheques.Used == 0 || r.Cheques.Used > sum.Used || r.Carnets.IssuedToDate == 0 {
		b.Fatalf("figures of an empty ledger? %+v", r.Carnets)
	}
}

// BenchmarkReportMonth is the report of last month, the one a steering committee reads.
func BenchmarkReportMonth(b *testing.B) {
	s, _ := benchLedger(b, false)
	ctx := context.Background()
	month := domain.PeriodMonth(benchToday().AddDate(0, -1, 0))
	for i := 0; i < b.N; i++ {
		if _, err := s.ReportFacts(ctx, benchCoord, "creil", month); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDashboardCounts reads the tableau de bord's alert counts: the over-cap people, the
// claims to pay, and the used chèques of past months in no claim (a scan of the used chèques).
func BenchmarkDashboardCounts(b *testing.B) {
	s, _ := benchLedger(b, false)
	ctx := context.Background()
	var c domain.DashboardCounts
	for i := 0; i < b.N; i++ {
		var err error
		if c, err = s.DashboardCounts(ctx, benchCoord, "creil", benchToday()); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if c.ClaimsToPay == 0 && c.UnclaimedCheques == 0 {
		b.Fatalf("counts of an empty ledger? %+v", c)
	}
}

// BenchmarkUnclaimedOfMonth lists last month's places whose chèques wait for a claim.
func BenchmarkUnclaimedOfMonth(b *testing.B) {
	s, _ := benchLedger(b, false)
	ctx := context.Background()
	month := benchToday().AddDate(0, -1, 0)
	for i := 0; i < b.N; i++ {
		if _, err := s.UnclaimedOfMonth(ctx, benchCoord, month); err != nil {
			b.Fatal(err)
		}
	}
}
