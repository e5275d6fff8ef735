package domain

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestBuildClosing(t *testing.T) {
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	prog := Programme{ID: "p", Name: "Pass", ChequeValueCents: 1000, ChequesPerCarnet: 5,
		ValidUntil: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), ToleranceDays: 31,
		Funders: []Funder{{Name: "État", SharePercent: 61}, {Name: "Europe", SharePercent: 14}, {Name: "ACSO", SharePercent: 25}}}
	names := []Prescriber{{ID: "ml", Name: "Mission locale"}, {ID: "cs", Name: "Centre social"}}
	tests := []struct {
		name        string
		facts       ClosingFacts
		credit      int64
		funders     []int64
		lines       []string // id:issued/notStarted/unused/credit
		claimsCents int64
		claimShares []int64
	}{
		{name: "empty", facts: ClosingFacts{At: at}, funders: []int64{0, 0, 0}, claimShares: []int64{0, 0, 0}},
		{
			name: "two prescribers and the stock",
			facts: ClosingFacts{At: at, Prescribers: []ClosingCounts{
				{Prescriber: "ml", Issued: 3, IssuedNotStarted: 1, Unused: 7},
				{Prescriber: "", NotHandedOver: 4},
				{Prescriber: "cs", Issued: 1, Unused: 1, NotHandedOver: 2},
				{Prescriber: "old", Issued: 1, IssuedNotStarted: 1, Unused: 5},
			}, ClaimsOpen: []OpenClaim{{ID: "2", Place: "b", Month: "2025-12", Cheques: 3, Cents: 3000}, {ID: "1", Place: "a", Month: "2025-12", Cheques: 1, Cents: 1000}}},
			credit:      13000,
			funders:     []int64{7930, 1820, 3250},
			lines:       []string{"cs:1/0/1/1000", "ml:3/1/7/7000", "old:1/1/5/5000", ":0/0/0/0"},
			claimsCents: 4000,
			claimShares: []int64{2440, 560, 1000},
		},
		{
			name:    "a cent left over goes to the largest remainder",
			facts:   ClosingFacts{At: at, Prescribers: []ClosingCounts{{Prescriber: "ml", Issued: 1, Unused: 1}}},
			credit:  1000,
			funders: []int64{610, 140, 250},
			lines:   []string{"ml:1/0/1/1000"}, claimShares: []int64{0, 0, 0},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := BuildClosing(prog, names, tc.facts)
			if c.CreditBackCents != tc.credit {
				t.Fatalf("credit back %d, want %d", c.CreditBackCents, tc.credit)
			}
			var sum, claimSum int64
			for i, f := range c.Funders {
				if f.CreditBackCents != tc.funders[i] || f.ClaimsOpenCents != tc.claimShares[i] {
					t.Errorf("funder %s: %d / %d, want %d / %d", f.Name, f.CreditBackCents, f.ClaimsOpenCents, tc.funders[i], tc.claimShares[i])
				}
				sum += f.CreditBackCents
				claimSum += f.ClaimsOpenCents
			}
			if sum != c.CreditBackCents || claimSum != c.ClaimsCents || c.ClaimsCents != tc.claimsCents {
				t.Errorf("shares %d/%d do not add up to %d/%d", sum, claimSum, c.CreditBackCents, c.ClaimsCents)
			}
			if len(c.Prescribers) != len(tc.lines) {
				t.Fatalf("lines %+v, want %v", c.Prescribers, tc.lines)
			}
			for i, l := range c.Prescribers {
				got := l.ID + ":" + itoa(l.Issued) + "/" + itoa(l.IssuedNotStarted) + "/" + itoa(l.Unused) + "/" + itoa(int(l.CreditBackCents))
				if got != tc.lines[i] {
					t.Errorf("line %d = %s, want %s", i, got, tc.lines[i])
				}
			}
			if len(c.ClaimsOpen) == 2 && c.ClaimsOpen[0].Place != "a" {
				t.Errorf("claims not sorted by month then place: %+v", c.ClaimsOpen)
			}
		})
	}
	c := BuildClosing(prog, names, tests[1].facts)
	if c.Prescribers[1].Name != "Mission locale" || c.Prescribers[2].Name != "old" || c.Prescribers[3].Name != NoPrescriber {
		t.Errorf("names: %+v", c.Prescribers)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestClosingAllowed(t *testing.T) {
	prog := Programme{ID: "p", ValidUntil: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), ToleranceDays: 31}
	tests := []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 1, 31, 23, 59, 0, 0, time.Local), "clôture possible à partir du 01/02/2026"},
		{time.Date(2026, 2, 1, 0, 0, 0, 0, time.Local), ""},
	}
	for _, tc := range tests {
		err := prog.ClosingAllowed(tc.now)
		if (err == nil) != (tc.want == "") || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: %v, want %q", tc.now, err, tc.want)
		}
	}
	if err := (Programme{ID: "x"}).ClosingAllowed(time.Now()); err == nil {
		t.Error("a programme without end closed")
	}
}
