package domain

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestSplitAmount(t *testing.T) {
	creil := []Funder{{"État", 61}, {"Europe", 14}, {"ACSO", 25}}
	tests := []struct {
		total   int64
		funders []Funder
		want    []int64
	}{
		{5000, creil, []int64{3050, 700, 1250}},
		{10, creil, []int64{6, 1, 3}}, // 6.1, 1.4, 2.5: the cent left goes to the largest remainder
		{1, []Funder{{"A", 33}, {"B", 33}, {"C", 34}}, []int64{0, 0, 1}},
		{100, []Funder{{"A", 1}, {"B", 1}, {"C", 1}}, []int64{34, 33, 33}}, // ties: first listed
		{0, creil, []int64{0, 0, 0}},
		{1000, []Funder{{"Seul", 100}}, []int64{1000}},
		{999, []Funder{{"A", 50}, {"Sans part", 0}, {"B", 50}}, []int64{500, 0, 499}},
		{1000, nil, nil},
	}
	for _, tt := range tests {
		got := SplitAmount(tt.total, tt.funders)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("SplitAmount(%d, %v) = %v, want %v", tt.total, tt.funders, got, tt.want)
		}
	}
	// Whatever the total, the shares add up to it to the cent.
	for total := int64(0); total < 5000; total += 7 {
		var sum int64
		for _, x := range SplitAmount(total, creil) {
			sum += x
		}
		if sum != total {
			t.Fatalf("shares of %d add up to %d", total, sum)
		}
	}
}

func TestClaimShares(t *testing.T) {
	progs := []Programme{
		{ID: "creil", Funders: []Funder{{"État", 61}, {"Europe", 14}, {"ACSO", 25}}},
		{ID: "vieux"},
	}
	items := []ClaimItem{{Cheque: "1", Programme: "creil", ValueCents: 1000}, {Cheque: "2", Programme: "vieux", ValueCents: 500}, {Cheque: "3", Programme: "creil", ValueCents: 1000}}
	shares, err := ClaimShares(items, progs)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range shares {
		got = append(got, fmt.Sprintf("%s/%s/%d", s.Programme, s.Funder, s.AmountCents))
	}
	want := "creil/État/1220 creil/Europe/280 creil/ACSO/500 vieux/Non réparti/500"
	if strings.Join(got, " ") != want {
		t.Fatalf("shares = %v, want %s", got, want)
	}
	if _, err := ClaimShares([]ClaimItem{{Programme: "parti"}}, progs); KindOf(err) != KindInvalid {
		t.Errorf("unknown programme: %v", err)
	}
}

func TestParseMonthAndIDs(t *testing.T) {
	for _, in := range []string{"2026-11", "11/2026", " 11/2026 "} {
		m, err := ParseMonth("--month", in)
		if err != nil || m.Year() != 2026 || m.Month() != time.November || m.Day() != 1 || MonthLabel(m) != "novembre 2026" {
			t.Errorf("ParseMonth(%q) = %v, %v", in, m, err)
		}
	}
	if _, err := ParseMonth("--month", "novembre"); err == nil || !strings.Contains(err.Error(), "--month : \"novembre\" n'est pas un mois") {
		t.Errorf("bad month: %v", err)
	}
	from, to := MonthBounds(time.Date(2026, 12, 15, 12, 0, 0, 0, time.Local))
	if from.Day() != 1 || from.Month() != time.December || to.Month() != time.January || to.Year() != 2027 {
		t.Errorf("bounds %v %v", from, to)
	}
	if n, err := ParseClaimID("R3"); err != nil || n != 3 || ClaimID(3) != "R3" {
		t.Errorf("claim id: %d %v", n, err)
	}
	if _, err := ParseClaimID("S3"); KindOf(err) != KindInvalid {
		t.Errorf("S3 is not a claim")
	}
}
