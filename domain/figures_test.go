package domain

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func localDate(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.Local)
}

func TestPeriodDays(t *testing.T) {
	typed := func(s string) time.Time { d, _ := ParseDate("x", s); return d }
	tests := []struct {
		name        string
		first, last string
		want        Period
		label       string
		err         string
	}{
		{"both days, the last included", "15/03/2026", "14/04/2026",
			Period{localDate(2026, 3, 15), localDate(2026, 4, 15)}, "du 15/03/2026 au 14/04/2026", ""},
		{"a whole month reads as the month", "01/03/2026", "31/03/2026",
			Period{localDate(2026, 3, 1), localDate(2026, 4, 1)}, "mars 2026", ""},
		{"one day", "05/03/2026", "05/03/2026", Period{localDate(2026, 3, 5), localDate(2026, 3, 6)}, "du 05/03/2026 au 05/03/2026", ""},
		{"from only", "15/03/2026", "", Period{From: localDate(2026, 3, 15)}, "depuis le 15/03/2026", ""},
		{"to only", "", "31/03/2026", Period{To: localDate(2026, 4, 1)}, "du début du programme au 31/03/2026", ""},
		{"neither", "", "", Period{}, "depuis le début du programme", ""},
		{"backwards", "15/03/2026", "14/03/2026", Period{}, "", "--to : le 14/03/2026 est avant le 15/03/2026 (--from)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var first, last time.Time
			if tt.first != "" {
				first = typed(tt.first)
			}
			if tt.last != "" {
				last = typed(tt.last)
			}
			p, err := PeriodDays(first, last)
			if tt.err != "" {
				if err == nil || KindOf(err) != KindInvalid || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || !p.From.Equal(tt.want.From) || !p.To.Equal(tt.want.To) {
				t.Fatalf("PeriodDays = %v, %v; want %v", p, err, tt.want)
			}
			if got := p.Label(); got != tt.label {
				t.Errorf("Label = %q, want %q", got, tt.label)
			}
		})
	}
	if m := PeriodMonth(localDate(2026, 2, 10)); !m.From.Equal(localDate(2026, 2, 1)) || !m.To.Equal(localDate(2026, 3, 1)) || m.Label() != "février 2026" {
		t.Errorf("PeriodMonth = %v %q", m, m.Label())
	}
}

func TestPeriodContainsAndAsOf(t *testing.T) {
	p := Period{localDate(2026, 3, 15), localDate(2026, 4, 15)}
	for _, tt := range []struct {
		at   time.Time
		want bool
	}{
		{localDate(2026, 3, 15), true}, {localDate(2026, 4, 15).Add(-time.Nanosecond), true},
		{localDate(2026, 4, 15), false}, {localDate(2026, 3, 14), false}, {time.Time{}, false},
	} {
		if got := p.Contains(tt.at); got != tt.want {
			t.Errorf("Contains(%v) = %v", tt.at, got)
		}
	}
	now := localDate(2026, 4, 1)
	if got := ReportAsOf(p, now); !got.Equal(now) {
		t.Errorf("a period ending after now is read now, got %v", got)
	}
	if got := ReportAsOf(p, localDate(2026, 6, 1)); !got.Equal(p.To) {
		t.Errorf("a past period is read at its end, got %v", got)
	}
	if got := ReportAsOf(Period{}, now); !got.Equal(now) {
		t.Errorf("the whole programme is read now, got %v", got)
	}
}

func TestReportMonths(t *testing.T) {
	now := localDate(2026, 5, 20).Add(10 * time.Hour)
	tests := []struct {
		name    string
		p       Period
		first   time.Time
		months  []time.Time
		partial []bool
	}{
		{"a period cutting through two months", Period{localDate(2026, 3, 15), localDate(2026, 4, 15)}, time.Time{},
			[]time.Time{localDate(2026, 3, 1), localDate(2026, 4, 1)}, []bool{true, true}},
		{"whole programme: from the first receipt's month to now", Period{}, localDate(2026, 2, 3).Add(9 * time.Hour),
			[]time.Time{localDate(2026, 2, 1), localDate(2026, 3, 1), localDate(2026, 4, 1), localDate(2026, 5, 1)}, []bool{false, false, false, false}},
		{"one month", PeriodMonth(localDate(2026, 4, 1)), localDate(2026, 1, 1),
			[]time.Time{localDate(2026, 4, 1)}, []bool{false}},
		{"nothing received, no start", Period{}, time.Time{}, nil, nil},
		{"a period that has not started", Period{From: localDate(2026, 6, 1)}, localDate(2026, 1, 1), nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ReportMonths(tt.p, tt.first, now)
			if len(got) != len(tt.months) {
				t.Fatalf("%d months, want %d: %v", len(got), len(tt.months), got)
			}
			for i, m := range got {
				if !m.Month.Equal(tt.months[i]) || m.Partial() != tt.partial[i] {
					t.Errorf("month %d = %v partial %v, want %v %v", i, m.Month, m.Partial(), tt.months[i], tt.partial[i])
				}
			}
			if len(got) > 0 && !tt.p.From.IsZero() && !got[0].From.Equal(tt.p.From) {
				t.Errorf("first month starts %v, want the period's start", got[0].From)
			}
		})
	}
}

func TestParseDimensions(t *testing.T) {
	tests := []struct {
		in   string
		want []Dimension
		err  string
	}{
		{"prescriber", []Dimension{ByPrescriber}, ""},
		{"place, month,place", []Dimension{ByPlace, ByMonth}, ""},
		{"QPV", []Dimension{ByQPV}, ""},
		{"all", Dimensions, ""},
		{"quartier", nil, `--by : "quartier" n'est pas un détail connu (choix : prescriber, commune, qpv, public, place, month, ou all pour tous)`},
		{" , ", nil, "--by : indiquez un détail"},
	}
	for _, tt := range tests {
		got, err := ParseDimensions(tt.in)
		if tt.err != "" {
			if err == nil || KindOf(err) != KindInvalid || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseDimensions(%q) err = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseDimensions(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		num, den int
		want     string
	}{
		{4, 10, "40,0 %"}, {1, 3, "33,3 %"}, {2, 3, "66,7 %"}, {0, 5, "0,0 %"}, {7, 5, "140,0 %"}, {3, 0, "—"},
	}
	for _, tt := range tests {
		if got := FormatPercent(Percent(tt.num, tt.den)); got != tt.want {
			t.Errorf("Percent(%d, %d) = %q, want %q", tt.num, tt.den, got, tt.want)
		}
	}
}

func TestSplitSigned(t *testing.T) {
	funders := []Funder{{"État", 61}, {"Europe", 14}, {"ACSO", 25}}
	for _, total := range []int64{0, 1, 99, 7975000, -1, -25001} {
		shares := SplitSigned(total, funders)
		var sum int64
		for _, s := range shares {
			sum += s
			if (total < 0 && s > 0) || (total > 0 && s < 0) {
				t.Errorf("split of %d has a share of the other sign: %v", total, shares)
			}
		}
		if sum != total {
			t.Errorf("split of %d adds up to %d: %v", total, sum, shares)
		}
	}
	if got := SplitSigned(-100, funders); !reflect.DeepEqual(got, []int64{-61, -14, -25}) {
		t.Errorf("SplitSigned(-100) = %v", got)
	}
}

// figuresProgramme is a programme of carnets of five 10 € chèques, funded 61/14/25 (the Creil
// split, whose shares of odd amounts need the remainder rule), over by 31/01/2027.
func figuresProgramme() Programme {
	return Programme{ID: "creil", Name: "Pass Creil", ChequeValueCents: 1000, ChequesPerCarnet: 5,
		ValidFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), ValidUntil: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), ToleranceDays: 31,
		BudgetCents: 100000, TargetPeople: 8, TargetCarnets: 20,
		Funders: []Funder{{"État", 61}, {"Europe", 14}, {"ACSO", 25}},
		Publics: []Public{{ID: "jeune", Name: "Jeunes 16–25 ans"}, {ID: "de", Name: "Demandeurs d'emploi"}}}
}

// figuresFacts are the counts a store would read for March–April 2026 cut at 15/03–14/04: two
// months of activity, a voided carnet, a public not recorded, a QPV and a commune outside any.
func figuresFacts(asOf time.Time) ReportFacts {
	p := Period{localDate(2026, 3, 15), localDate(2026, 4, 15)}
	return ReportFacts{
		AsOf:   asOf,
		Months: ReportMonths(p, time.Time{}, asOf),
		Carnets: []CarnetCounts{
			// 10 received in March, 6 of them in stock at the end.
			{Prescriber: "", ReceivedMonth: 0, AllocatedMonth: -1, IssuedMonth: -1, Received: 10, ReceivedToDate: 10, InStock: 6},
			// cs: 3 allocated in March, handed over in April; one more in hand.
			{Prescriber: "cs", ReceivedMonth: -1, AllocatedMonth: 0, IssuedMonth: 1, Allocated: 3, Issued: 3, ReceivedToDate: 3, IssuedToDate: 3},
			{Prescriber: "cs", ReceivedMonth: -1, AllocatedMonth: 0, IssuedMonth: -1, Allocated: 1, ReceivedToDate: 1, InHand: 1},
			// ml: one issued in March; one allocated earlier then voided.
			{Prescriber: "ml", ReceivedMonth: -1, AllocatedMonth: -1, IssuedMonth: 0, Issued: 1, ReceivedToDate: 1, IssuedToDate: 1},
			{Prescriber: "ml", ReceivedMonth: -1, AllocatedMonth: -1, IssuedMonth: -1, ReceivedToDate: 1, Voided: 1},
		},
		Groups: []GroupCount{
			{Dim: ByPrescriber, Key: "cs", Issued: 3, Reached: 2},
			{Dim: ByPrescriber, Key: "ml", Issued: 1, Reached: 1},
			{Dim: ByPublic, Key: "jeune", Issued: 2, Reached: 2, Cheques: 4, Users: 2},
			{Dim: ByPublic, Key: "", Issued: 2, Reached: 1, Cheques: 3, Users: 1},
			{Dim: ByQPV, Key: "60175", QPV: "Hauts de Creil", Issued: 2, Reached: 2, Cheques: 4, Users: 2},
			{Dim: ByQPV, Key: "60175", QPV: "", Issued: 1, Reached: 1, Cheques: 2, Users: 1},
			{Dim: ByQPV, Key: "60589", QPV: "", Issued: 1, Reached: 0, Cheques: 1, Users: 0},
		},
		ChequesByMonth: []int{2, 5},
		Started:        3, UsedOfIssued: 7, Attendances: 6,
		Places: []PlaceCounts{{Place: "pimms", Name: "PIMMS de Creil", Sessions: 3, Cheques: 5}, {Place: "cims", Name: "CIMS", Sessions: 2, Cheques: 2}},
		Claims: []ClaimCounts{
			{Place: "pimms", Name: "PIMMS de Creil", Prepared: 1, Paid: 1, Cheques: 2, Cents: 2000},
			{Place: "cims", Name: "CIMS", Prepared: 0, Paid: -1, Cheques: 1, Cents: 1000},
			{Place: "cims", Name: "CIMS", Prepared: -1, Paid: 1, Cheques: 3, Cents: 3001}, // prepared before the period
		},
	}
}

func TestBuildReport(t *testing.T) {
	prog := figuresProgramme()
	p := Period{localDate(2026, 3, 15), localDate(2026, 4, 15)}
	r := BuildReport(prog, p, figuresFacts(p.To))

	carnets := CarnetFigures{Received: 10, Allocated: 4, Issued: 4, Started: 3, Voided: 1, InStock: 6, InHand: 1,
		ReceivedToDate: 16, IssuedToDate: 4, Target: 20, TargetPercent: Percent(4, 20)}
	if !reflect.DeepEqual(r.Carnets, carnets) {
		t.Errorf("carnets = %+v\nwant      %+v", r.Carnets, carnets)
	}
	if FormatPercent(r.DistributedPercent) != "25,0 %" {
		t.Errorf("distributed = %s, want issued to date ÷ received to date = 4/16", FormatPercent(r.DistributedPercent))
	}
	// 4 carnets issued to date × 5 − 7 used = 13 unused, still valid on 15/04/2026.
	if r.Over || r.Cheques != (ChequeFigures{Issued: 20, Used: 7, Reimbursed: 5, Available: 13}) {
		t.Errorf("chèques = %+v (over %v)", r.Cheques, r.Over)
	}
	if want := (PeopleFigures{Reached: 3, Used: 3, SessionsAttended: 6, Target: 8, TargetPercent: Percent(3, 8)}); !reflect.DeepEqual(r.People, want) {
		t.Errorf("people = %+v, want %+v", r.People, want)
	}
	if r.Sessions != 5 {
		t.Errorf("sessions = %d", r.Sessions)
	}
	// Money: 10 carnets received × 5 × 10 €; rest = budget − 16 carnets received to date.
	money := Money{Budget: 100000, Received: 50000, Issued: 20000, Used: 7000, Claimed: 3000, Paid: 5001, Rest: 100000 - 80000}
	if r.Money != money || !r.HasBudget {
		t.Errorf("money = %+v, want %+v", r.Money, money)
	}
	if len(r.Funders) != 3 || r.Funders[0].Name != "État" || r.Funders[0].SharePercent != 61 {
		t.Fatalf("funders = %+v", r.Funders)
	}
	// 5 001 cents: 3 050,61 / 700,14 / 1 250,25 → floors 3050, 700, 1250 (1 cent left) → État's
	// remainder (61) is the largest.
	if got := []int64{r.Funders[0].Money.Paid, r.Funders[1].Money.Paid, r.Funders[2].Money.Paid}; !reflect.DeepEqual(got, []int64{3051, 700, 1250}) {
		t.Errorf("paid per funder = %v", got)
	}
	for _, get := range []func(Money) int64{
		func(m Money) int64 { return m.Budget }, func(m Money) int64 { return m.Received }, func(m Money) int64 { return m.Issued },
		func(m Money) int64 { return m.Used }, func(m Money) int64 { return m.Claimed }, func(m Money) int64 { return m.Paid },
		func(m Money) int64 { return m.Rest },
	} {
		var sum int64
		for _, f := range r.Funders {
			sum += get(f.Money)
		}
		if sum != get(r.Money) {
			t.Errorf("funders add up to %d, not %d", sum, get(r.Money))
		}
	}

	wantPrescribers := []PrescriberLine{{ID: "cs", Name: "cs", Allocated: 4, Issued: 3, InHand: 1, People: 2}, {ID: "ml", Name: "ml", Issued: 1, People: 1}}
	if !reflect.DeepEqual(r.ByPrescriber, wantPrescribers) {
		t.Errorf("by prescriber = %+v", r.ByPrescriber)
	}
	wantCommunes := []ResidenceLine{{ID: "60175", Name: "60175", Issued: 3, Reached: 3, Cheques: 6, PeopleUse: 3}, {ID: "60589", Name: "60589", Issued: 1, Cheques: 1}}
	if !reflect.DeepEqual(r.ByCommune, wantCommunes) {
		t.Errorf("by commune = %+v", r.ByCommune)
	}
	// One line per QPV, then everyone outside a QPV, whatever their commune.
	wantQPV := []ResidenceLine{{ID: "Hauts de Creil", Name: "Hauts de Creil", Commune: "60175", Issued: 2, Reached: 2, Cheques: 4, PeopleUse: 2},
		{ID: "", Name: OutsideQPV, Issued: 2, Reached: 1, Cheques: 3, PeopleUse: 1}}
	if !reflect.DeepEqual(r.ByQPV, wantQPV) {
		t.Errorf("by QPV = %+v", r.ByQPV)
	}
	wantPublics := []ResidenceLine{{ID: "jeune", Name: "Jeunes 16–25 ans", Issued: 2, Reached: 2, Cheques: 4, PeopleUse: 2},
		{ID: "", Name: NotRecordedPublic, Issued: 2, Reached: 1, Cheques: 3, PeopleUse: 1}}
	if !reflect.DeepEqual(r.ByPublic, wantPublics) {
		t.Errorf("by public = %+v", r.ByPublic)
	}
	wantPlaces := []PlaceLine{{ID: "cims", Name: "CIMS", Sessions: 2, Cheques: 2, ClaimedCents: 1000, PaidCents: 3001},
		{ID: "pimms", Name: "PIMMS de Creil", Sessions: 3, Cheques: 5, ClaimedCents: 2000, PaidCents: 2000}}
	if !reflect.DeepEqual(r.ByPlace, wantPlaces) {
		t.Errorf("by place = %+v", r.ByPlace)
	}
	wantMonths := []MonthLine{
		{Month: localDate(2026, 3, 1), Partial: true, Received: 10, Allocated: 4, Issued: 1, Cheques: 2, ClaimedCents: 1000},
		{Month: localDate(2026, 4, 1), Partial: true, Issued: 3, Cheques: 5, ClaimedCents: 2000, PaidCents: 5001},
	}
	if !reflect.DeepEqual(r.ByMonth, wantMonths) {
		t.Errorf("by month = %+v\nwant %+v", r.ByMonth, wantMonths)
	}

	named := r.WithNames([]Prescriber{{ID: "cs", Name: "Centre social"}}, []Commune{{INSEE: "60175", Name: "Creil"}})
	if named.ByPrescriber[0].Name != "Centre social" || named.ByPrescriber[1].Name != "ml" || named.ByCommune[0].Name != "Creil" ||
		named.ByCommune[1].Name != "60589" || named.ByQPV[0].Name != "Hauts de Creil (Creil)" || named.ByQPV[1].Name != OutsideQPV {
		t.Errorf("names = %+v %+v %+v", named.ByPrescriber, named.ByCommune, named.ByQPV)
	}
}

func TestBuildReportStates(t *testing.T) {
	prog := figuresProgramme()
	tests := []struct {
		name      string
		change    func(*Programme, *ReportFacts)
		over      bool
		available int
		expired   int
		rest      int64
		hasBudget bool
	}{
		{"within validity", nil, false, 13, 0, 20000, true},
		{"on the last day of the tolerance", func(_ *Programme, f *ReportFacts) { f.AsOf = localDate(2027, 1, 31).Add(23 * time.Hour) }, false, 13, 0, 20000, true},
		{"the day after: the unused chèques are expired", func(_ *Programme, f *ReportFacts) { f.AsOf = localDate(2027, 2, 1) }, true, 0, 13, 20000, true},
		{"budget overspent", func(p *Programme, _ *ReportFacts) { p.BudgetCents = 70000 }, false, 13, 0, -10000, true},
		{"no budget: no rest", func(p *Programme, _ *ReportFacts) { p.BudgetCents = 0 }, false, 13, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, f := prog, figuresFacts(localDate(2026, 4, 15))
			if tt.change != nil {
				tt.change(&p, &f)
			}
			r := BuildReport(p, Period{}, f)
			if r.Over != tt.over || r.Cheques.Available != tt.available || r.Cheques.Expired != tt.expired || r.Money.Rest != tt.rest || r.HasBudget != tt.hasBudget {
				t.Errorf("over %v, available %d, expired %d, rest %d, budget %v", r.Over, r.Cheques.Available, r.Cheques.Expired, r.Money.Rest, r.HasBudget)
			}
			var rest int64
			for _, fu := range r.Funders {
				rest += fu.Money.Rest
			}
			if rest != r.Money.Rest {
				t.Errorf("funders' rest adds up to %d", rest)
			}
		})
	}
}

func TestBuildReportWithoutTargetsOrActivity(t *testing.T) {
	prog := figuresProgramme()
	prog.TargetPeople, prog.TargetCarnets, prog.Funders = 0, 0, nil
	r := BuildReport(prog, Period{}, ReportFacts{AsOf: localDate(2026, 4, 1)})
	if r.Carnets.TargetPercent != nil || r.People.TargetPercent != nil || r.DistributedPercent != nil {
		t.Errorf("percents of nothing: %v %v %v", r.Carnets.TargetPercent, r.People.TargetPercent, r.DistributedPercent)
	}
	if len(r.Funders) != 0 || len(r.ByMonth) != 0 || len(r.ByPlace) != 0 || r.Money.Rest != prog.BudgetCents {
		t.Errorf("funders = %+v, months %+v, places %+v, rest %d", r.Funders, r.ByMonth, r.ByPlace, r.Money.Rest)
	}
}
