package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"passnum/domain"
)

// importRows imports rows of one file and fails the test on an error other than the
// refused-rows conflict.
func importRows(t *testing.T, s *Store, imp RedemptionImport) ([]ImportedRedemption, error) {
	t.Helper()
	if imp.File == "" {
		imp.File = "/tmp/saisie/utilisations-pimms.csv"
	}
	res, err := s.ImportRedemptions(context.Background(), coord, imp)
	if err != nil && domain.KindOf(err) != domain.KindInvalid {
		t.Fatal(err)
	}
	if len(res) != len(imp.Rows) {
		t.Fatalf("%d outcomes for %d rows (err %v)", len(res), len(imp.Rows), err)
	}
	return res, err
}

func wantOutcome(t *testing.T, r ImportedRedemption, want domain.ImportOutcome, blame ImportBlame, phrase string) {
	t.Helper()
	if r.Outcome != want || (want == domain.ImportRefused && (r.Blame != blame || r.Err == nil || !strings.Contains(r.Err.Error(), phrase))) {
		t.Fatalf("line %d (%s): %s %s %v; want %s %s saying %q", r.Line, r.Cheque, r.Outcome, r.Blame, r.Err, want, blame, phrase)
	}
}

// A chèque reported as used in June and imported in November is dated in June: the rules of
// that day apply (an ended programme's chèque is accepted for a day inside its validity), the
// claim and the report of June count it, and the audit row says when it was imported and from
// which file and row.
func TestImportRedemptionsDatedAsInTheFile(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	handOver(t, s, "creil", "600001", 2)
	handOver(t, s, "ancien", "700001", 1) // Pass 2026: valid until 01/10/2026, tolerance to 31/10
	c.t = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	res, err := importRows(t, s, RedemptionImport{SkipInvalid: true, Rows: []DatedRedemption{
		{Line: 2, Cheque: "600001-01", Place: "PIMMS de Creil", Day: day("2026-06-15")},
		{Line: 3, Cheque: "600002-01", Place: "pimms", Day: day("2026-06-20")},
		{Line: 4, Cheque: "700001-01", Place: "pimms", Day: day("2026-09-15")},
		{Line: 5, Cheque: "700001-02", Place: "pimms", Day: day("2026-11-15")},
		{Line: 6, Cheque: "600001-02", Place: "pimms", Day: day("2026-05-20")},
		{Line: 7, Cheque: "600001-03", Place: "pimms", Day: day("2026-11-23")},
		{Line: 8, Cheque: "600001-04", Place: "cyber", Day: day("2026-06-15")},
		{Line: 9, Cheque: "600001-05", Place: "Nulle part", Day: day("2026-06-15")},
		{Line: 10, Cheque: "600099-01", Place: "pimms", Day: day("2026-06-15")},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res[:3] {
		wantOutcome(t, r, domain.ImportRecorded, "", "")
	}
	wantOutcome(t, res[3], domain.ImportRefused, BlameDay, "expiré : le programme Pass 2026 a pris fin le 01/10/2026")
	wantOutcome(t, res[4], domain.ImportRefused, BlameDay, "son carnet 600001 n'a été remis que le 01/06/2026, après le 20/05/2026")
	wantOutcome(t, res[5], domain.ImportRefused, BlameDay, "23/11/2026 est une date à venir")
	wantOutcome(t, res[6], domain.ImportRefused, BlamePlace, "n'est pas qualifié")
	wantOutcome(t, res[7], domain.ImportRefused, BlamePlace, "lieu « Nulle part » inconnu")
	wantOutcome(t, res[8], domain.ImportRefused, BlameCheque, "chèque 600099-01 inconnu du registre")

	ch, err := s.Cheque(ctx, "600001-01")
	if err != nil || ch.State != domain.ChequeUsed || ch.UsedPlace != "pimms" || !domain.CalendarDay(ch.UsedAt).Equal(day("2026-06-15")) {
		t.Fatalf("imported chèque: %+v %v, want used at pimms on 15/06/2026", ch, err)
	}
	var at, sessionStart string
	if err := s.read.QueryRow(`SELECT r.at, s.start_at FROM redemption r JOIN session s ON 'S' || s.id = r.session_id WHERE r.cheque = '600001-01'`).Scan(&at, &sessionStart); err != nil {
		t.Fatal(err)
	}
	if !domain.CalendarDay(parseTS(at)).Equal(day("2026-06-15")) || !domain.CalendarDay(parseTS(sessionStart)).Equal(day("2026-06-15")) {
		t.Errorf("redemption at %s in a session starting %s, want both on 15/06/2026", at, sessionStart)
	}
	h, _ := s.History(ctx, "cheque", "600001-01")
	if len(h) != 1 || h[0].Action != "cheque.import" || h[0].User != "coord" || h[0].At != ts(c.t) ||
		!strings.Contains(h[0].Detail, "utilisé le 15/06/2026, import fichier utilisations-pimms.csv, ligne 2") {
		t.Fatalf("audit of an imported redemption: %+v", h)
	}

	claim, err := s.ClaimsPrepare(ctx, coord, "pimms", day("2026-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	if len(claim.Items) != 2 || claim.Items[0].Cheque != "600001-01" || claim.Items[1].Cheque != "600002-01" {
		t.Errorf("June's claim at the PIMMS holds %+v, want the two chèques imported for June", claim.Items)
	}
	june := reportOf(t, s, "creil", domain.Period{From: day("2026-06-01"), To: day("2026-07-01")})
	if june.Cheques.Used != 2 {
		t.Errorf("June's report counts %d chèques used, want the 2 imported", june.Cheques.Used)
	}
}

// The at-most-once rule: a chèque used elsewhere or another day is refused; the same chèque,
// place and day is recognised (no new row, no audit), so a file imported twice changes nothing;
// one refused row writes nothing unless SkipInvalid; a dry run says what the import does and
// writes nothing.
func TestImportRedemptionsAtMostOnce(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	handOver(t, s, "creil", "600001", 3)
	c.t = time.Date(2026, 6, 10, 9, 0, 0, 0, time.Local)
	if _, err := s.Redeem(ctx, cimsTrainer, "600001-01", "cims", ""); err != nil {
		t.Fatal(err)
	}
	c.t = time.Date(2026, 6, 12, 15, 0, 0, 0, time.Local)
	if _, err := s.Redeem(ctx, trainer, "600002-01", "pimms", ""); err != nil {
		t.Fatal(err)
	}
	c.t = time.Date(2026, 7, 1, 10, 0, 0, 0, time.Local)
	file := []DatedRedemption{
		{Line: 2, Cheque: "600001-01", Place: "pimms", Day: day("2026-06-10")}, // used at the CIMS that day
		{Line: 3, Cheque: "600002-01", Place: "pimms", Day: day("2026-06-11")}, // used at the PIMMS the next day
		{Line: 4, Cheque: "600002-01", Place: "pimms", Day: day("2026-06-12")}, // the very redemption: already there
		{Line: 5, Cheque: "600003-01", Place: "cims", Day: day("2026-06-15")},
	}
	before := countLedger(t, s)

	dry, err := importRows(t, s, RedemptionImport{Rows: file, DryRun: true})
	if err != nil {
		t.Fatalf("a dry run is no refusal: %v", err)
	}
	wantOutcome(t, dry[0], domain.ImportRefused, BlameCheque, "déjà utilisé le 10/06/2026 à 09:00 (CIMS)")
	wantOutcome(t, dry[1], domain.ImportRefused, BlameCheque, "déjà utilisé le 12/06/2026 à 15:00 (PIMMS de Creil)")
	wantOutcome(t, dry[2], domain.ImportAlready, "", "")
	wantOutcome(t, dry[3], domain.ImportRecorded, "", "")
	if after := countLedger(t, s); after != before {
		t.Fatalf("the dry run wrote: before %+v, after %+v", before, after)
	}

	_, err = importRows(t, s, RedemptionImport{Rows: file})
	wantKind(t, err, domain.KindInvalid, "2 lignes refusées : rien n'est enregistré")
	if after := countLedger(t, s); after != before {
		t.Fatalf("an import with refused rows wrote: before %+v, after %+v", before, after)
	}

	applied, err := importRows(t, s, RedemptionImport{Rows: file, SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range dry {
		if applied[i].Outcome != dry[i].Outcome || fmt.Sprint(applied[i].Err) != fmt.Sprint(dry[i].Err) {
			t.Errorf("line %d: the dry run said %s %v, the import did %s %v", dry[i].Line, dry[i].Outcome, dry[i].Err, applied[i].Outcome, applied[i].Err)
		}
	}
	once := countLedger(t, s)
	if once.redemptions != before.redemptions+1 || once.audit <= before.audit {
		t.Fatalf("the import of one good row: before %+v, after %+v", before, once)
	}

	again, err := importRows(t, s, RedemptionImport{Rows: file, SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	wantOutcome(t, again[3], domain.ImportAlready, "", "")
	if twice := countLedger(t, s); twice != once {
		t.Fatalf("importing the same file again changed the ledger: %+v then %+v", once, twice)
	}
}

// An import and a trainer's redemption of the same chèques at the same moment: each chèque is
// used exactly once, by one or the other.
func TestImportRedemptionsVersusRedeemConcurrently(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	handOver(t, s, "creil", "600001", 6)
	c.t = time.Date(2026, 6, 10, 11, 0, 0, 0, time.Local)
	var rows []DatedRedemption
	for i := 0; i < 6; i++ {
		rows = append(rows, DatedRedemption{Line: i + 2, Cheque: fmt.Sprintf("6000%02d-01", i+1), Place: "pimms", Day: day("2026-06-09")})
	}
	for round := 0; round < 3; round++ {
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := map[string]int{}
		for _, r := range rows {
			wg.Add(1)
			go func(number string) {
				defer wg.Done()
				_, err := s.Redeem(ctx, trainer, number, "pimms", "")
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					wins[number]++
				} else if !strings.Contains(err.Error(), "déjà utilisé") {
					t.Errorf("redeem %s: %v", number, err)
				}
			}(r.Cheque)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := s.ImportRedemptions(ctx, coord, RedemptionImport{File: "u.csv", Rows: rows, SkipInvalid: true})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("import: %v", err)
			}
			for _, r := range res {
				switch {
				case r.Outcome == domain.ImportRecorded:
					wins[r.Cheque]++
				case r.Outcome == domain.ImportRefused && strings.Contains(r.Err.Error(), "déjà utilisé"):
				default:
					t.Errorf("import %s: %s %v", r.Cheque, r.Outcome, r.Err)
				}
			}
		}()
		wg.Wait()
		for _, r := range rows {
			if wins[r.Cheque] != 1 {
				t.Fatalf("round %d: chèque %s used %d times", round, r.Cheque, wins[r.Cheque])
			}
		}
		var live int
		if err := s.read.QueryRow(`SELECT count(*) FROM redemption WHERE cancelled_at IS NULL`).Scan(&live); err != nil || live != len(rows) {
			t.Fatalf("round %d: %d live redemptions (%v), want %d", round, live, err, len(rows))
		}
		for _, r := range rows { // undo for the next round, whoever won
			if _, err := s.CancelRedemption(ctx, coord, r.Cheque, "essai de concurrence"); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// BenchmarkImportRedemptions is the dry run of a file of up to 5 000 used chèques, one per
// holder, at the hot place today, on the benchmark ledger: every row goes through the whole
// redemption (individual session, sheet line, audit) and the transaction is rolled back.
func BenchmarkImportRedemptions(b *testing.B) {
	s, sum := benchLedger(b, true)
	rows := make([]DatedRedemption, len(sum.FreeCheques))
	for i, ch := range sum.FreeCheques {
		rows[i] = DatedRedemption{Line: i + 2, Cheque: ch, Place: "pimms", Day: domain.Day(benchToday())}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := s.ImportRedemptions(context.Background(), coord, RedemptionImport{File: "bench.csv", Rows: rows, DryRun: true})
		if err != nil || len(res) != len(rows) {
			b.Fatal(len(res), err)
		}
		for _, r := range res {
			if r.Outcome != domain.ImportRecorded {
				b.Fatalf("line %d: %s %v", r.Line, r.Outcome, r.Err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(rows)), "µs/row")
}

// TestImportRedemptionsNamedSessions: two chèques of one holder used at one place the same
// day are two sessions; the file's « Séance » column says which, and a session of another day
// is refused on that column.
func TestImportRedemptionsNamedSessions(t *testing.T) {
	s, c := trainerStore(t)
	handOver(t, s, "creil", "600001", 1)
	c.t = time.Date(2026, 6, 15, 8, 0, 0, 0, time.UTC)
	morning := newSession(t, s, trainer, "pimms", time.Date(2026, 6, 15, 9, 0, 0, 0, time.Local), 60, 10)
	afternoon := newSession(t, s, trainer, "pimms", time.Date(2026, 6, 15, 14, 0, 0, 0, time.Local), 60, 10)
	c.t = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	res, err := importRows(t, s, RedemptionImport{SkipInvalid: true, Rows: []DatedRedemption{
		{Line: 2, Cheque: "600001-01", Place: "pimms", Day: day("2026-06-15"), Session: morning.ID},
		{Line: 3, Cheque: "600001-02", Place: "pimms", Day: day("2026-06-15"), Session: afternoon.ID},
		{Line: 4, Cheque: "600001-03", Place: "pimms", Day: day("2026-06-16"), Session: afternoon.ID},
		{Line: 5, Cheque: "600001-04", Place: "pimms", Day: day("2026-06-15"), Session: "S999"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	wantOutcome(t, res[0], domain.ImportRecorded, "", "")
	wantOutcome(t, res[1], domain.ImportRecorded, "", "")
	wantOutcome(t, res[2], domain.ImportRefused, BlameSession, "la séance "+afternoon.ID+" a eu lieu le 15/06/2026, pas le 16/06/2026")
	later := newSession(t, s, trainer, "pimms", time.Date(2026, 11, 22, 18, 0, 0, 0, time.Local), 60, 10) // this evening
	ahead, err := importRows(t, s, RedemptionImport{SkipInvalid: true, Rows: []DatedRedemption{
		{Line: 6, Cheque: "600001-05", Place: "pimms", Day: day("2026-11-22"), Session: later.ID},
	}})
	if err != nil {
		t.Fatal(err)
	}
	wantOutcome(t, ahead[0], domain.ImportRefused, BlameSession, "la séance "+later.ID+" n'a pas encore eu lieu")
	wantOutcome(t, res[3], domain.ImportRefused, BlameSession, "« S999 » n'est pas une séance de PIMMS de Creil le 15/06/2026 (les séances de ce jour-là : "+morning.ID+", "+afternoon.ID+") — corrigez la cellule, ou videz-la")
	if res[0].Redemption.Session != morning.ID || res[1].Redemption.Session != afternoon.ID {
		t.Errorf("sessions %q and %q, want %s and %s", res[0].Redemption.Session, res[1].Redemption.Session, morning.ID, afternoon.ID)
	}
}

// TestImportRedemptionsFailureIsNoReport: an import that fails (a chèque of a programme the
// configuration no longer has) returns no outcomes, not the half it went through.
func TestImportRedemptionsFailureIsNoReport(t *testing.T) {
	s, c := trainerStore(t)
	handOver(t, s, "creil", "600001", 1)
	handOver(t, s, "ancien", "700001", 1)
	c.t = time.Date(2026, 9, 20, 10, 0, 0, 0, time.UTC)
	var kept []domain.Programme
	for _, p := range s.opts.Programmes {
		if p.ID != "ancien" {
			kept = append(kept, p)
		}
	}
	s.opts.Programmes = kept
	res, err := s.ImportRedemptions(context.Background(), coord, RedemptionImport{File: "f.csv", SkipInvalid: true, Rows: []DatedRedemption{
		{Line: 2, Cheque: "600001-01", Place: "pimms", Day: day("2026-09-15")},
		{Line: 3, Cheque: "700001-01", Place: "pimms", Day: day("2026-09-15")},
	}})
	if err == nil || res != nil || !strings.Contains(err.Error(), "programme inconnu") {
		t.Fatalf("a failed import: %d outcomes, %v; want none and the error", len(res), err)
	}
	if n := countRows(t, s, `SELECT count(*) FROM cheque WHERE state = 'utilise'`); n != 0 {
		t.Errorf("%d chèques used after a failed import", n)
	}
}
