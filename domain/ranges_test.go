package domain

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestParseCarnetList(t *testing.T) {
	tests := []struct {
		in   string
		want []string // nil: an error saying phrase
		err  string
	}{
		{in: "600001", want: []string{"600001"}},
		{in: "600001-600003", want: []string{"600001", "600002", "600003"}},
		{in: " 600001 - 600002 , 600010 ", want: []string{"600001", "600002", "600010"}},
		{in: "000998-001001", want: []string{"000998", "000999", "001000", "001001"}},
		{in: "CSO0098-CSO0101", want: []string{"CSO0098", "CSO0099", "CSO0100", "CSO0101"}},
		{in: "600005-600005", want: []string{"600005"}},
		{in: "CSO-0001,CSO-0002", want: []string{"CSO-0001", "CSO-0002"}}, // opaque numbers with a dash
		{in: "A-1-A-3", want: []string{"A-1", "A-2", "A-3"}},
		{in: "600061,600001-600002", want: []string{"600061", "600001", "600002"}}, // order kept
		{in: "1234567890123456789012-1234567890123456789014", want: []string{"1234567890123456789012", "1234567890123456789013", "1234567890123456789014"}},
		{in: "0999999999999999999999-1000000000000000000000", want: []string{"0999999999999999999999", "1000000000000000000000"}},

		{in: "", err: "liste vide"},
		{in: " , ", err: "liste vide"},
		{in: "600001,,600002", err: "élément n°2 vide"},
		{in: "600001,", err: "élément n°2 vide"},
		{in: "600050-600001", err: `"600050-600001" : la plage va à l'envers (écrivez 600001-600050)`},
		{in: "600001-6000050", err: `"600001-6000050" : les deux bouts de la plage n'ont pas la même longueur (6 et 7 chiffres)`},
		{in: "600001-03", err: `"600001-03" ressemble à un numéro de chèque`},
		{in: "600001-", err: "il manque un bout"},
		{in: "-600001", err: "il manque un bout"},
		{in: "600A01-600B01", err: "ne diffèrent que par leurs derniers chiffres"},
		{in: "60 0001", want: []string{"600001"}}, // spaces inside an item are dropped
		{in: "600001;600002", err: `"600001;600002" n'est pas un numéro de carnet`},
		{in: "600001-600003,600002", err: `le carnet 600002 est donné deux fois (dans "600001-600003" et dans "600002")`},
		{in: "600001,600001", err: `"600001" est donné deux fois`},
		{in: "100000-200000", err: `"100000-200000" : 100 001 carnets, la liste en accepte 10 000 au plus`},
		{in: "1000000000000000000000-9000000000000000000000", err: "des milliards de carnets"},
		{in: "100001-110000", want: nil}, // exactly 10 000: accepted (checked below)
	}
	for _, tt := range tests {
		got, err := ParseCarnetList(tt.in)
		switch {
		case tt.err != "":
			if err == nil || KindOf(err) != KindInvalid || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseCarnetList(%q) = %v, %v; want an invalid-input error saying %q", tt.in, got, err, tt.err)
			}
		case tt.want == nil:
			if err != nil || len(got) != MaxCarnetList {
				t.Errorf("ParseCarnetList(%q): %d numbers, %v; want %d", tt.in, len(got), err, MaxCarnetList)
			}
		default:
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseCarnetList(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		}
	}
	// The cap holds across items too.
	if _, err := ParseCarnetList("100001-109999,200001-200002"); err == nil || !strings.Contains(err.Error(), "la liste en accepte 10 000 au plus") {
		t.Errorf("10 001 carnets over two ranges: %v", err)
	}
}

func TestCarnetRanges(t *testing.T) {
	tests := []struct {
		in   []string
		want []string
	}{
		{nil, []string{}},
		{[]string{"600001"}, []string{"600001"}},
		{[]string{"600003", "600001", "600002", "600061"}, []string{"600001-600003", "600061"}},
		{[]string{"000999", "001000"}, []string{"000999-001000"}},
		{[]string{"999", "1000"}, []string{"999", "1000"}}, // different lengths: no range
		{[]string{"CSO0099", "CSO0100", "CSO0102"}, []string{"CSO0099-CSO0100", "CSO0102"}},
		{[]string{"AB9", "AC0"}, []string{"AB9", "AC0"}}, // the carry does not go into letters
		{[]string{"X1", "X1", "X2"}, []string{"X1-X2"}},
		{[]string{"600001-01", "600001-02"}, []string{"600001-01-600001-02"}},
	}
	for _, tt := range tests {
		if got := CarnetRanges(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("CarnetRanges(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
	// What CarnetRanges writes, ParseCarnetList reads back.
	nums := []string{"600001", "600002", "600003", "600050", "600061", "600062"}
	back, err := ParseCarnetList(strings.Join(CarnetRanges(nums), ","))
	if err != nil || !reflect.DeepEqual(back, nums) {
		t.Errorf("round trip: %v, %v", back, err)
	}
}

func TestRangesText(t *testing.T) {
	if got := RangesText(nil, 3); got != "—" {
		t.Errorf("empty: %q", got)
	}
	r := []string{"1-2", "4", "6-9", "11", "13"}
	if got := RangesText(r, 3); got != "1-2, 4, 6-9 … et 2 autres plages" {
		t.Errorf("capped: %q", got)
	}
	if got := RangesText(r, 0); got != "1-2, 4, 6-9, 11, 13" {
		t.Errorf("all: %q", got)
	}
}

func TestGrouped(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1 000", 2200: "2 200", 1234567: "1 234 567", -1500: "-1 500"} {
		if got := Grouped(n); got != want {
			t.Errorf("Grouped(%d) = %q, want %q", n, got, want)
		}
	}
}

func BenchmarkCarnetRanges(b *testing.B) {
	nums := make([]string, 100_000)
	for i := range nums {
		nums[i] = fmt.Sprintf("%06d", 100000+i*(1+i%7/6)) // mostly consecutive, some gaps
	}
	for b.Loop() {
		CarnetRanges(nums)
	}
}
