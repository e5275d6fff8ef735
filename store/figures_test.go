package store

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"passnum/domain"
)

// figuresLedger is a small ledger for the figures, in the local calendar of Paris (a chèque used
// at 22:30 UTC on 30 September counts in October): two programmes — « creil » (5 × 10 €, budget
// 1 000 €, funders 61/14/25) and « ancien » (5 × 9,99 €, 33/33/34, valid until 01/10/2026 + 30
// days) — and two qualified places, pimms and cims.
//
// What it holds, creil:
//   - 01/06: 600001–600003 received, allocated to cs-brassens, handed to P1, P2, P3.
//   - 10/09: 600004–600008 received; 12/09: 600004 allocated to ml (still in its hands);
//     14/09: 600005, 600006 allocated to cs-brassens; 600007 stays in stock, 600008 is voided.
//   - 14/09: 600005 handed to P6; its chèque 01 is used 16/09 at pimms; 18/09 the carnet is voided.
//   - 02/10: 600006 handed to P4, a second record of P3, merged into P3 on 20/10; 600006-01
//     used 12/10 at cims.
//   - Chèques used: 600001-01 30/09 23:30 (Paris) and 600001-02 01/10 00:30 (Paris) at pimms,
//     each for the individual accompaniment of its day; 600002-01 at cims 05/10, cancelled;
//     600002-02 06/10 at pimms; 600003-01 and -02 08/10 at pimms (two workshops); 600001-03
//     and 600002-03 14/10 at pimms in one workshop.
//   - 600002 was handed over before the ledger kept the public; P2 has since left the QPV.
//   - Claims: pimms September (600001-01, 600005-01) prepared 03/10, paid 20/10; pimms October
//     (six creil chèques and one ancien) prepared 02/11, paid 06/11; cims October (600006-01)
//     prepared 02/11, paid 05/11.
//
// ancien: 700001 handed to P5 on 01/06, its chèque 01 used 05/10 at pimms.
//
// The clock ends on 10/11/2026.
func figuresLedger(t *testing.T) *Store {
	t.Helper()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	local := time.Local
	time.Local = paris
	t.Cleanup(func() { time.Local = local })

	c := &clock{t: time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)}
	opts := trainerOptions(c.now)
	opts.Programmes[0].BudgetCents, opts.Programmes[0].TargetPeople, opts.Programmes[0].TargetCarnets = 100000, 10, 8
	s, err := Open(filepath.Join(t.TempDir(), "passnum.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	at := func(s string) { c.t, _ = time.Parse(time.RFC3339, s) }
	_, err = s.UpsertPlaces(ctx, coord, []domain.Place{{ID: "pimms", Name: "PIMMS de Creil", Qualified: true}, {ID: "cims", Name: "CIMS", Qualified: true}})
	must(err)

	people := handOver(t, s, "creil", "600001", 3)
	p1, p2, p3 := people[0], people[1], people[2]
	handOver(t, s, "ancien", "700001", 1)

	at("2026-09-10T09:00:00Z")
	receive := func(programme, first string, n int) {
		nums, _ := domain.CarnetNumbers(first, n)
		var specs []CarnetSpec
		for _, x := range nums {
			specs = append(specs, CarnetSpec{Number: x})
		}
		must(s.ReceiveCarnets(ctx, coord, programme, specs))
	}
	receive("creil", "600004", 5)
	at("2026-09-12T09:00:00Z")
	_, err = s.AllocateCarnets(ctx, coord, "creil", "ml", 1)
	must(err)
	at("2026-09-14T09:00:00Z")
	_, err = s.AllocateCarnets(ctx, coord, "creil", "cs-brassens", 2)
	must(err)
	must(s.VoidCarnet(ctx, coord, "600008", "abîmé à la livraison"))
	p6 := addYoung(t, s, "Durand")
	must(s.IssueCarnet(ctx, desk, "600005", p6))
	redeemAt(t, s, c, time.Date(2026, 9, 16, 10, 0, 0, 0, time.UTC), trainer, "pimms", "600005-01")
	at("2026-09-18T09:00:00Z")
	must(s.VoidCarnet(ctx, coord, "600005", "perdu"))

	redeemAt(t, s, c, time.Date(2026, 9, 30, 21, 30, 0, 0, time.UTC), trainer, "pimms", "600001-01")
	redeemAt(t, s, c, time.Date(2026, 9, 30, 22, 30, 0, 0, time.UTC), trainer, "pimms", "600001-02")
	at("2026-10-02T09:00:00Z")
	p4 := addYoung(t, s, "Martinn")
	must(s.IssueCarnet(ctx, desk, "600006", p4))
	at("2026-10-03T08:00:00Z")
	september, _ := domain.ParseMonth("m", "2026-09")
	sept, err := s.ClaimsPrepare(ctx, trainer, "pimms", september)
	must(err)
	redeemAt(t, s, c, time.Date(2026, 10, 5, 10, 0, 0, 0, time.UTC), cimsTrainer, "cims", "600002-01")
	_, err = s.CancelRedemption(ctx, cimsTrainer, "600002-01", "scanné par erreur")
	must(err)
	redeemAt(t, s, c, time.Date(2026, 10, 5, 11, 0, 0, 0, time.UTC), trainer, "pimms", "700001-01")
	redeemAt(t, s, c, time.Date(2026, 10, 6, 10, 0, 0, 0, time.UTC), trainer, "pimms", "600002-02")
	redeemEach(t, s, c, time.Date(2026, 10, 8, 10, 0, 0, 0, time.UTC), trainer, "pimms", "600003-01", "600003-02")
	redeemAt(t, s, c, time.Date(2026, 10, 12, 10, 0, 0, 0, time.UTC), cimsTrainer, "cims", "600006-01")
	c.t = time.Date(2026, 10, 14, 14, 0, 0, 0, time.UTC)
	workshop := newSession(t, s, trainer, "pimms", c.t, 90, 8)
	for _, n := range []string{"600001-03", "600002-03"} {
		_, err := s.Redeem(ctx, trainer, n, "pimms", workshop.ID)
		must(err)
	}
	at("2026-10-20T10:00:00Z")
	_, err = s.ClaimPaid(ctx, coord, sept.ID)
	must(err)
	_, err = s.MergePeople(ctx, coord, p3, p4, "inscrite deux fois")
	must(err)
	at("2026-11-02T08:00:00Z")
	october, _ := domain.ParseMonth("m", "2026-10")
	pimmsOct, err := s.ClaimsPrepare(ctx, trainer, "pimms", october)
	must(err)
	at("2026-11-02T09:00:00Z")
	cimsOct, err := s.ClaimsPrepare(ctx, cimsTrainer, "cims", october)
	must(err)
	if len(sept.Items) != 2 || len(pimmsOct.Items) != 7 || len(cimsOct.Items) != 1 {
		t.Fatalf("claims hold %d, %d, %d chèques", len(sept.Items), len(pimmsOct.Items), len(cimsOct.Items))
	}
	at("2026-11-05T10:00:00Z")
	_, err = s.ClaimPaid(ctx, coord, cimsOct.ID)
	must(err)
	at("2026-11-06T10:00:00Z")
	_, err = s.ClaimPaid(ctx, coord, pimmsOct.ID)
	must(err)

	// Before the ledger kept the public; and a person who moved out of the QPV.
	_, err = s.write.Exec(`UPDATE carnet SET public = '' WHERE number = '600002'`)
	must(err)
	_, err = s.write.Exec(`UPDATE person SET qpv = '' WHERE id = ?`, p2)
	must(err)
	_ = p1
	at("2026-11-10T10:00:00Z")
	return s
}

func reportOf(t *testing.T, s *Store, programme string, p domain.Period) domain.Report {
	t.Helper()
	f, err := s.ReportFacts(context.Background(), coord, programme, p)
	if err != nil {
		t.Fatal(err)
	}
	prog, _ := s.programme(programme)
	r := domain.BuildReport(prog, p, f)
	months, places := 0, 0
	for _, m := range r.ByMonth {
		months += m.Cheques
	}
	for _, l := range r.ByPlace {
		places += l.Cheques
	}
	if months != r.Cheques.Used || places != r.Cheques.Used {
		t.Errorf("%s %s: %d chèques used, %d by month, %d by place", programme, p.Label(), r.Cheques.Used, months, places)
	}
	return r
}

func parisDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.Local)
}

func TestReportWholeProgramme(t *testing.T) {
	s := figuresLedger(t)
	r := reportOf(t, s, "creil", domain.Period{})

	// 8 received; allocated: 600001–600006 but 600008 (voided in stock, never allocated) and
	// 600007 (in stock); issued: 600001–600003 and 600006 — 600005 was voided after its hand-over.
	wantCarnets := domain.CarnetFigures{Received: 8, Allocated: 6, Issued: 4, Started: 4, Voided: 2, InStock: 1, InHand: 1,
		ReceivedToDate: 8, IssuedToDate: 4, Target: 8, TargetPercent: domain.Percent(4, 8)}
	if !reflect.DeepEqual(r.Carnets, wantCarnets) {
		t.Errorf("carnets = %+v\nwant      %+v", r.Carnets, wantCarnets)
	}
	if got := domain.FormatPercent(r.DistributedPercent); got != "50,0 %" {
		t.Errorf("distributed = %s", got)
	}
	// Used: nine — the cancelled redemption counts nothing, 600005-01 counts though its carnet was
	// voided afterwards. 20 chèques issued, 8 of them used: 12 available.
	if want := (domain.ChequeFigures{Issued: 20, Used: 9, Reimbursed: 9, Available: 12}); r.Cheques != want {
		t.Errorf("chèques = %+v, want %+v", r.Cheques, want)
	}
	// Reached: P1, P2, P3 (P4 is P3); used: the same and P6, whose carnet was voided.
	if want := (domain.PeopleFigures{Reached: 3, Used: 4, SessionsAttended: 9, Target: 10, TargetPercent: domain.Percent(3, 10)}); !reflect.DeepEqual(r.People, want) {
		t.Errorf("people = %+v, want %+v", r.People, want)
	}
	if r.Sessions != 8 {
		t.Errorf("sessions = %d, want 8 (7 at pimms, 1 at cims)", r.Sessions)
	}
	wantMoney := domain.Money{Budget: 100000, Received: 40000, Issued: 20000, Used: 9000, Claimed: 9000, Paid: 9000, Rest: 60000}
	if r.Money != wantMoney {
		t.Errorf("money = %+v, want %+v", r.Money, wantMoney)
	}
	if got := [3]int64{r.Funders[0].Money.Paid, r.Funders[1].Money.Paid, r.Funders[2].Money.Paid}; got != [3]int64{5490, 1260, 2250} {
		t.Errorf("paid per funder = %v", got)
	}

	wantPrescribers := []domain.PrescriberLine{{ID: "cs-brassens", Name: "cs-brassens", Allocated: 5, Issued: 4, People: 3},
		{ID: "ml", Name: "ml", Allocated: 1, InHand: 1}}
	if !reflect.DeepEqual(r.ByPrescriber, wantPrescribers) {
		t.Errorf("by prescriber = %+v", r.ByPrescriber)
	}
	wantPublics := []domain.ResidenceLine{{ID: "jeune", Name: "Jeunes", Issued: 3, Reached: 2, Cheques: 7, PeopleUse: 3},
		{ID: "", Name: domain.NotRecordedPublic, Issued: 1, Reached: 1, Cheques: 2, PeopleUse: 1}}
	if !reflect.DeepEqual(r.ByPublic, wantPublics) {
		t.Errorf("by public = %+v", r.ByPublic)
	}
	wantQPV := []domain.ResidenceLine{{ID: "Hauts de Creil", Name: "Hauts de Creil", Commune: "60175", Issued: 3, Reached: 2, Cheques: 7, PeopleUse: 3},
		{ID: "", Name: domain.OutsideQPV, Issued: 1, Reached: 1, Cheques: 2, PeopleUse: 1}}
	if !reflect.DeepEqual(r.ByQPV, wantQPV) {
		t.Errorf("by QPV = %+v", r.ByQPV)
	}
	if want := []domain.ResidenceLine{{ID: "60175", Name: "60175", Issued: 4, Reached: 3, Cheques: 9, PeopleUse: 4}}; !reflect.DeepEqual(r.ByCommune, want) {
		t.Errorf("by commune = %+v", r.ByCommune)
	}
	wantPlaces := []domain.PlaceLine{{ID: "cims", Name: "CIMS", Sessions: 1, Cheques: 1, ClaimedCents: 1000, PaidCents: 1000},
		{ID: "pimms", Name: "PIMMS de Creil", Sessions: 7, Cheques: 8, ClaimedCents: 8000, PaidCents: 8000}}
	if !reflect.DeepEqual(r.ByPlace, wantPlaces) {
		t.Errorf("by place = %+v", r.ByPlace)
	}
	// June to November (Paris): received, allocated and issued as dated; 30/09 23:30 in
	// September, 01/10 00:30 in October; claims by the date they were prepared and paid.
	wantMonths := []domain.MonthLine{
		{Month: parisDay(2026, 6, 1), Received: 3, Allocated: 3, Issued: 3},
		{Month: parisDay(2026, 7, 1)},
		{Month: parisDay(2026, 8, 1)},
		{Month: parisDay(2026, 9, 1), Received: 5, Allocated: 3, Cheques: 2},
		{Month: parisDay(2026, 10, 1), Issued: 1, Cheques: 7, ClaimedCents: 2000, PaidCents: 2000},
		{Month: parisDay(2026, 11, 1), ClaimedCents: 7000, PaidCents: 7000},
	}
	if !reflect.DeepEqual(r.ByMonth, wantMonths) {
		t.Errorf("by month = %+v\nwant       %+v", r.ByMonth, wantMonths)
	}
}

func TestReportMonthAndCutPeriod(t *testing.T) {
	s := figuresLedger(t)
	october := domain.PeriodMonth(parisDay(2026, 10, 1))
	r := reportOf(t, s, "creil", october)
	if r.Carnets.Received != 0 || r.Carnets.Allocated != 0 || r.Carnets.Issued != 1 || r.Carnets.InStock != 1 || r.Carnets.InHand != 1 ||
		r.Carnets.Started != 4 || r.Carnets.IssuedToDate != 4 || r.Carnets.ReceivedToDate != 8 {
		t.Errorf("October carnets = %+v", r.Carnets)
	}
	if want := (domain.ChequeFigures{Issued: 5, Used: 7, Reimbursed: 2, Available: 12}); r.Cheques != want {
		t.Errorf("October chèques = %+v, want %+v", r.Cheques, want)
	}
	if r.People.Reached != 1 || r.People.Used != 3 || r.People.SessionsAttended != 7 || r.Sessions != 6 {
		t.Errorf("October people = %+v, sessions %d", r.People, r.Sessions)
	}
	if want := (domain.Money{Budget: 100000, Issued: 5000, Used: 7000, Claimed: 2000, Paid: 2000, Rest: 60000}); r.Money != want {
		t.Errorf("October money = %+v", r.Money)
	}
	if len(r.ByMonth) != 1 || r.ByMonth[0].Partial || r.ByMonth[0].Cheques != 7 {
		t.Errorf("October months = %+v", r.ByMonth)
	}

	// 20/09–09/10 cuts both months: 30/09 23:30 in September, four chèques in October; the
	// states are those of the evening of 09/10, before 600006-01 was used.
	cut, err := domain.PeriodDays(day("2026-09-20"), day("2026-10-09"))
	if err != nil {
		t.Fatal(err)
	}
	r = reportOf(t, s, "creil", cut)
	if len(r.ByMonth) != 2 || !r.ByMonth[0].Partial || !r.ByMonth[1].Partial || r.ByMonth[0].Cheques != 1 || r.ByMonth[1].Cheques != 4 {
		t.Errorf("cut months = %+v", r.ByMonth)
	}
	if r.Cheques.Used != 5 || r.Carnets.Issued != 1 || r.Carnets.Allocated != 0 || r.Carnets.Started != 3 || r.Cheques.Available != 15 ||
		r.People.Reached != 1 || r.People.Used != 3 || r.People.SessionsAttended != 5 || r.Sessions != 5 || r.Money.Claimed != 2000 || r.Money.Paid != 0 {
		t.Errorf("cut period: carnets %+v chèques %+v people %+v sessions %d money %+v", r.Carnets, r.Cheques, r.People, r.Sessions, r.Money)
	}

	// From December 2025: twelve months, more than one packed integer holds (eight).
	long := reportOf(t, s, "creil", domain.Period{From: parisDay(2025, 12, 1)})
	if len(long.ByMonth) != 12 || long.ByMonth[9].Cheques != 2 || long.ByMonth[10].Cheques != 7 || long.ByMonth[6].Received != 3 {
		t.Errorf("twelve months = %+v", long.ByMonth)
	}

	// Up to 13/09: the states of that evening — 600005 and 600006 still in stock, but 600005 is
	// voided (voiding is not dated: a voided carnet counts as voided whatever the end).
	early, _ := domain.PeriodDays(time.Time{}, day("2026-09-13"))
	r = reportOf(t, s, "creil", early)
	if r.Carnets.Received != 8 || r.Carnets.Allocated != 4 || r.Carnets.Issued != 3 || r.Carnets.InStock != 2 || r.Carnets.InHand != 1 ||
		r.Carnets.Voided != 2 || r.Carnets.Started != 0 || r.Cheques.Used != 0 || r.Cheques.Available != 15 {
		t.Errorf("up to 13/09: carnets %+v chèques %+v", r.Carnets, r.Cheques)
	}
}

func TestReportOtherProgramme(t *testing.T) {
	s := figuresLedger(t)
	r := reportOf(t, s, "ancien", domain.Period{})
	// Over since 01/11/2026: its four unused chèques are expired. Its chèque is in a claim with
	// six of creil: only its own part counts, 9,99 € split 33/33/34 with the cents left to the
	// largest remainders.
	if !r.Over || r.Carnets.Received != 1 || r.Carnets.Issued != 1 || r.Cheques.Used != 1 || r.Cheques.Expired != 4 || r.Cheques.Available != 0 ||
		r.Cheques.Reimbursed != 1 || r.People.Reached != 1 || r.Sessions != 1 || r.Money.Claimed != 999 || r.Money.Paid != 999 || r.Money.Received != 4995 || r.HasBudget {
		t.Errorf("ancien: over %v carnets %+v chèques %+v people %+v money %+v", r.Over, r.Carnets, r.Cheques, r.People, r.Money)
	}
	if got := []int64{r.Funders[0].Money.Paid, r.Funders[1].Money.Paid, r.Funders[2].Money.Paid}; !reflect.DeepEqual(got, []int64{330, 330, 339}) {
		t.Errorf("ancien paid per funder = %v", got)
	}
}

func TestReportFactsReadsOneLedger(t *testing.T) {
	s := figuresLedger(t)
	ctx := context.Background()
	var first string
	if err := s.read.QueryRow(`SELECT min(received_at) FROM carnet WHERE programme = 'creil'`).Scan(&first); err != nil {
		t.Fatal(err)
	}
	q := figureQuery{programme: "creil", lo: "0", hi: "9999", months: domain.ReportMonths(domain.Period{}, parseTS(first), s.now())}
	together, consistent, err := q.read(ctx, s.read, s.now(), true)
	if err != nil || !consistent {
		t.Fatalf("concurrent read: %v, consistent %v", err, consistent)
	}
	alone, _, err := q.read(ctx, s.read, s.now(), false)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(together, alone) {
		t.Errorf("concurrent and single-transaction reads differ:\n%+v\n%+v", together, alone)
	}
	if _, err := s.ReportFacts(ctx, coord, "inconnu", domain.Period{}); domain.KindOf(err) != domain.KindInvalid {
		t.Errorf("unknown programme: %v", err)
	}
	for _, u := range []domain.User{desk, trainer, {ID: "comite", Name: "Comité", Role: domain.RoleLecture}} {
		if _, err := s.ReportFacts(ctx, u, "creil", domain.Period{}); err != nil {
			t.Errorf("%s may read the figures: %v", u.Role, err)
		}
	}
	if _, err := s.ReportFacts(ctx, domain.User{ID: "x", Role: "inconnu"}, "creil", domain.Period{}); domain.KindOf(err) != domain.KindForbidden {
		t.Errorf("a user without a role: %v", err)
	}
}

// TestReportQueryPlans keeps the plans the benchmark ledger was measured with: the carnets are
// read in table order with their chèques through the (carnet, position) index and grouped with
// no sort, and the chèques per session take one sort.
func TestReportQueryPlans(t *testing.T) {
	s := figuresLedger(t)
	q := figureQuery{programme: "creil", lo: "0", hi: "9999", months: domain.ReportMonths(domain.Period{}, day("2026-06-01"), s.now())}
	plan := func(query string) string {
		rows, err := s.read.Query("EXPLAIN QUERY PLAN "+query, q.args()...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var lines []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, detail)
		}
		return strings.Join(lines, "\n")
	}
	holders := plan(q.holdersSQL())
	g, _, found := strings.Cut(holders, "\nSCAN g")
	if !found || !strings.Contains(g, "SCAN c\n") || !strings.Contains(g, "SEARCH ch USING INDEX sqlite_autoindex_cheque_2 (carnet=?)") || strings.Contains(g, "TEMP B-TREE FOR GROUP BY") {
		t.Errorf("chèques per carnet: %s", holders)
	}
	if places := plan(q.placesSQL()); strings.Count(places, "USE TEMP B-TREE FOR GROUP BY") != 1 {
		t.Errorf("chèques per session: %s", places)
	}
}

// TestReportCarnetWithoutUse: a carnet handed over whose chèques are all unused counts in no
// month, and its chèques are available.
func TestReportCarnetWithoutUse(t *testing.T) {
	s, c := trainerStore(t)
	handOver(t, s, "creil", "600001", 2)
	redeemAt(t, s, c, time.Date(2026, 6, 2, 10, 0, 0, 0, time.UTC), trainer, "pimms", "600001-01")
	c.t = time.Date(2026, 7, 10, 10, 0, 0, 0, time.UTC)
	r := reportOf(t, s, "creil", domain.Period{})
	if r.Cheques.Used != 1 || r.Cheques.Available != 9 || r.Carnets.Started != 1 || r.People.Reached != 2 || r.People.Used != 1 || len(r.ByMonth) != 2 {
		t.Errorf("chèques %+v carnets %+v people %+v months %+v", r.Cheques, r.Carnets, r.People, r.ByMonth)
	}
}
