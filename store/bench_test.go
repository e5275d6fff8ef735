package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"passnum/domain"
)

// The benchmarks run on the benchmark ledger (benchledger.go) at PASSNUM_BENCH_SCALE (0.1 by
// default; the README's figures are at 1 and 2): a year of a large territory, never an empty one.

var benchTrainer = domain.User{ID: "formateur-pimms", Name: "Médiateur", Role: domain.RoleFormateur, Place: "pimms"}

// benchOptions are two programmes, as a territory runs them: the current one, and an older one
// whose carnets have expired and whose claims are paid.
func benchOptions(today time.Time) Options {
	young := []domain.Public{{ID: "tous", Name: "Habitants", Residence: domain.ResidenceAny}}
	cur := domain.Programme{ID: "creil", Name: "Pass Creil", ChequeValueCents: 1000, ChequesPerCarnet: 10,
		ValidFrom: domain.Day(today).AddDate(-1, 0, 0), ValidUntil: domain.Day(today).AddDate(1, 0, 0), ToleranceDays: 30, ChequesPerSession: 1, MaxSessionMinutes: 120,
		Limits:  domain.Limits{CarnetsPerPerson: 2},
		Funders: []domain.Funder{{Name: "État", SharePercent: 61}, {Name: "Europe", SharePercent: 14}, {Name: "ACSO", SharePercent: 25}},
		Publics: young}
	old := cur
	old.ID, old.Name = "ancien", "Pass 2025"
	old.ValidFrom, old.ValidUntil = domain.Day(today).AddDate(-2, 0, 0), domain.Day(today).AddDate(0, -4, 0)
	var communes []domain.Commune
	for i := 0; i < 36; i++ {
		c := domain.Commune{INSEE: fmt.Sprintf("62%03d", 100+i), Name: fmt.Sprintf("Commune %d", i), Lat: 50.4, Lon: 2.8}
		if i%2 == 0 {
			c.QPV = []string{"Quartier " + c.Name}
		}
		communes = append(communes, c)
	}
	return Options{Programmes: []domain.Programme{cur, old}, Communes: communes, Now: func() time.Time { return today }}
}

// benchSpec has forty prescribers, as a large territory's network of centres sociaux, missions
// locales, France Travail agencies and CCAS.
func benchSpec(today time.Time) BenchSpec {
	prescribers := []string{"cs-brassens"}
	for i := 1; i < 40; i++ {
		prescribers = append(prescribers, fmt.Sprintf("prescripteur-%02d", i))
	}
	return BenchSpec{Scale: BenchScale(), Seed: 1, Today: today, HotPlace: "pimms", HotPrescriber: "cs-brassens",
		Prescribers: prescribers, Trainer: benchTrainer.ID}
}

// benchToday is the ledger's day: the session's own day at the afternoon workshop's end, so
// trainers' days and counters are those of a working day.
func benchToday() time.Time {
	y, m, d := time.Now().Date()
	return time.Date(y, m, d, 16, 0, 0, 0, time.Local)
}

// benchLedger opens the benchmark ledger; write asks for a private copy.
func benchLedger(b *testing.B, write bool) (*Store, BenchSummary) {
	b.Helper()
	today := benchToday()
	opts := benchOptions(today)
	path, sum, err := BenchLedger(benchSpec(today), opts)
	if err != nil {
		b.Fatal(err)
	}
	if write {
		cp := filepath.Join(b.TempDir(), "ledger.db")
		if err := CopyFile(cp, path); err != nil {
			b.Fatal(err)
		}
		path = cp
	}
	s, err := Open(path, opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	b.ResetTimer()
	return s, sum
}

// todaySession is the afternoon workshop the ledger leaves at the hot place.
func todaySession(b *testing.B, s *Store) domain.Session {
	b.Helper()
	day := domain.Day(benchToday())
	list, err := s.SessionsOn(context.Background(), "pimms", day, day.AddDate(0, 0, 1))
	if err != nil || len(list) == 0 {
		b.Fatalf("no session today at pimms: %v", err)
	}
	return list[len(list)-1]
}

// BenchmarkLookupCheque is a quick lookup of one chèque, the figure a trainer's phone depends on.
func BenchmarkLookupCheque(b *testing.B) {
	s, sum := benchLedger(b, false)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		f, err := s.Lookup(ctx, sum.FreeCheques[i%len(sum.FreeCheques)])
		if err != nil || f.Kind != "cheque" {
			b.Fatal(f.Kind, err)
		}
	}
}

// BenchmarkFindPeople is the search-as-you-type query, from one letter to a full name.
func BenchmarkFindPeople(b *testing.B) {
	s, _ := benchLedger(b, false)
	ctx := context.Background()
	queries := []string{"d", "du", "dub", "dubois1", "ines", "lefevre 12", "zz"}
	for i := 0; i < b.N; i++ {
		if _, err := s.FindPeople(ctx, queries[i%len(queries)], 8); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLikelyDuplicates is the duplicate check a registration runs.
func BenchmarkLikelyDuplicates(b *testing.B) {
	s, _ := benchLedger(b, false)
	ctx := context.Background()
	typed := domain.Person{LastName: "DUBOIS 2", FirstName: "Jean", BirthDate: time.Date(1975, 5, 12, 0, 0, 0, 0, time.UTC), Commune: "62100"}
	for i := 0; i < b.N; i++ {
		if _, err := s.LikelyDuplicates(ctx, typed); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanCheque puts one scanned chèque on today's attendance sheet.
func BenchmarkScanCheque(b *testing.B) {
	s, sum := benchLedger(b, true)
	ctx := context.Background()
	b.StopTimer()
	sess := todaySession(b, s)
	b.StartTimer()
	for i := 0; i < b.N; i++ {
		if i > 0 && i%10 == 0 { // a sheet holds a workshop, not the whole territory
			b.StopTimer()
			ns, err := s.CreateSession(ctx, benchTrainer, domain.Session{Place: "pimms", Title: "Atelier", Themes: []string{"E-mail"}, Level: "Débutant",
				Type: domain.SessionCollective, Start: sess.Start, DurationMinutes: 90, Capacity: 12})
			if err != nil {
				b.Fatal(err)
			}
			sess = ns
			b.StartTimer()
		}
		if _, _, err := s.AddParticipantByCheque(ctx, benchTrainer, sess.ID, sum.FreeCheques[i%len(sum.FreeCheques)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCloseSheet closes a 20-line attendance sheet: each line redeemed in its own
// transaction with its audit row.
func BenchmarkCloseSheet(b *testing.B) {
	s, sum := benchLedger(b, true)
	ctx := context.Background()
	const people = 20
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		sess, err := s.CreateSession(ctx, benchTrainer, domain.Session{Place: "pimms", Title: "Atelier", Themes: []string{"E-mail"}, Level: "Débutant",
			Type: domain.SessionCollective, Start: todaySession(b, s).Start, DurationMinutes: 90, Capacity: people})
		if err != nil {
			b.Fatal(err)
		}
		for p := 0; p < people; p++ {
			if _, _, err := s.AddParticipantByCheque(ctx, benchTrainer, sess.ID, sum.FreeCheques[(i*people+p)%len(sum.FreeCheques)]); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		res, err := s.RedeemForSession(ctx, benchTrainer, sess.ID)
		if err != nil || len(res) != people || res[people-1].Err != nil {
			b.Fatalf("close: %v %+v", err, res)
		}
	}
}

// BenchmarkTrainerSessions is the trainer's « Mes séances »: today and the next seven days.
func BenchmarkTrainerSessions(b *testing.B) {
	s, _ := benchLedger(b, false)
	ctx := context.Background()
	day := domain.Day(benchToday())
	for i := 0; i < b.N; i++ {
		if list, err := s.SessionsOn(ctx, "pimms", day, day.AddDate(0, 0, 8)); err != nil || len(list) == 0 {
			b.Fatal(len(list), err)
		}
	}
}

// BenchmarkSessionSheet reads one session and its attendance sheet (`sessions show`).
func BenchmarkSessionSheet(b *testing.B) {
	s, _ := benchLedger(b, false)
	ctx := context.Background()
	b.StopTimer()
	id := todaySession(b, s).ID
	b.StartTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Session(ctx, id); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Participants(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
}

func thisMonth() time.Time {
	d := domain.Day(benchToday())
	return d.AddDate(0, 0, 1-d.Day())
}

// BenchmarkActivityOnePlace is `export activity --month` for one place.
func BenchmarkActivityOnePlace(b *testing.B) {
	s, _ := benchLedger(b, false)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		if lines, err := s.Activity(ctx, benchTrainer, "pimms", thisMonth()); err != nil || len(lines) == 0 {
			b.Fatal(len(lines), err)
		}
	}
}

// BenchmarkActivityAllPlaces is `export activity --month` for the whole territory.
func BenchmarkActivityAllPlaces(b *testing.B) {
	s, _ := benchLedger(b, false)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		if lines, err := s.Activity(ctx, coord, "", thisMonth().AddDate(0, -1, 0)); err != nil || len(lines) == 0 {
			b.Fatal(len(lines), err)
		}
	}
}

// BenchmarkTodayCounters is the home screen's « Aujourd'hui », paid by every SSH session.
func BenchmarkTodayCounters(b *testing.B) {
	s, _ := benchLedger(b, false)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		if _, err := s.ActivityOn(ctx, benchToday()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRedeem is the in-process redemption rate of one writer, for workshops of the day
// (created outside the timer, twenty places each: a full sheet).
func BenchmarkRedeem(b *testing.B) {
	s, sum := benchLedger(b, true)
	ctx := context.Background()
	if b.N > len(sum.FreeCheques) {
		b.Skipf("%d free chèques for %d redemptions", len(sum.FreeCheques), b.N)
	}
	b.StopTimer()
	start := todaySession(b, s).Start
	var sessions []string
	const capacity = 20
	for i := 0; i < b.N; i += capacity {
		sess, err := s.CreateSession(ctx, benchTrainer, domain.Session{Place: "pimms", Title: "Atelier", Themes: []string{"E-mail"}, Level: "Débutant",
			Type: domain.SessionCollective, Start: start, DurationMinutes: 90, Capacity: capacity})
		if err != nil {
			b.Fatal(err)
		}
		sessions = append(sessions, sess.ID)
	}
	b.StartTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Redeem(ctx, benchTrainer, sum.FreeCheques[i], "pimms", sessions[i/capacity]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "redemptions/s")
}

// BenchmarkRedeemIndividual redeems without a session: each chèque opens its holder's individual
// accompaniment of the day, so each redemption also writes a session and a sheet line.
func BenchmarkRedeemIndividual(b *testing.B) {
	s, sum := benchLedger(b, true)
	ctx := context.Background()
	if b.N > len(sum.FreeCheques) {
		b.Skipf("%d free chèques for %d redemptions", len(sum.FreeCheques), b.N)
	}
	for i := 0; i < b.N; i++ {
		if _, err := s.Redeem(ctx, benchTrainer, sum.FreeCheques[i], "pimms", ""); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "redemptions/s")
}

// BenchmarkBilan is one prescriber's bilan.
func BenchmarkBilan(b *testing.B) {
	s, _ := benchLedger(b, false)
	ctx := context.Background()
	desk := domain.User{ID: "awa", Name: "Awa", Role: domain.RoleAccueil, Prescriber: "cs-brassens"}
	for i := 0; i < b.N; i++ {
		if lines, err := s.Bilan(ctx, desk, "cs-brassens", ""); err != nil || len(lines) == 0 {
			b.Fatal(len(lines), err)
		}
	}
}
