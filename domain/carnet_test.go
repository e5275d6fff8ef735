package domain

import (
	"strings"
	"testing"
	"time"
)

func TestCarnetTransition(t *testing.T) {
	tests := []struct {
		from, to CarnetState
		ok       bool
	}{
		{CarnetInStock, CarnetAllocated, true},
		{CarnetAllocated, CarnetIssued, true},
		{CarnetAllocated, CarnetInStock, true}, // taken back from a prescriber
		{CarnetIssued, CarnetVoid, true},
		{CarnetInStock, CarnetIssued, false}, // must be allocated to a prescriber first
		{CarnetIssued, CarnetAllocated, false},
		{CarnetVoid, CarnetInStock, false},
		{CarnetVoid, CarnetIssued, false},
	}
	for _, tt := range tests {
		err := CarnetTransition("600001", tt.from, tt.to)
		if (err == nil) != tt.ok {
			t.Errorf("%s → %s: err = %v, want ok=%v", tt.from, tt.to, err, tt.ok)
		}
		if err != nil && KindOf(err) != KindConflict {
			t.Errorf("%s → %s: kind %v, want conflict", tt.from, tt.to, KindOf(err))
		}
	}
}

func TestRedeemRefusal(t *testing.T) {
	used := time.Date(2026, 11, 3, 13, 5, 0, 0, time.Local)
	tests := []struct {
		ch   Cheque
		want string
	}{
		{Cheque{Number: "600001-01", State: ChequeAvailable}, ""},
		{Cheque{Number: "600001-01", State: ChequeUsed, UsedAt: used, PlaceName: "PIMMS de Creil"}, "chèque 600001-01 déjà utilisé le 03/11/2026 à 13:05 (PIMMS de Creil)"},
		{Cheque{Number: "600001-02", Carnet: "600001", State: ChequeInactive}, "pas encore remis"},
		{Cheque{Number: "600001-03", Carnet: "600001", State: ChequeVoid}, "annulé"},
	}
	for _, tt := range tests {
		err := RedeemRefusal(tt.ch)
		if tt.want == "" {
			if err != nil {
				t.Errorf("%s: unexpected refusal %v", tt.ch.Number, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", tt.ch.Number, err, tt.want)
		}
	}
}

func TestValidity(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	prog := Programme{Name: "P", ValidFrom: d("2026-01-01"), ValidUntil: d("2026-12-31"), ToleranceDays: 31}
	usable := []struct {
		day string
		ok  bool
	}{
		{"2025-12-31", false}, {"2026-01-01", true}, {"2026-12-31", true},
		{"2027-01-31", true}, // inside the one-month tolerance
		{"2027-02-01", false},
	}
	for _, tt := range usable {
		err := prog.ChequeUsableOn("1-01", d(tt.day))
		if (err == nil) != tt.ok {
			t.Errorf("usable on %s: err = %v, want ok=%v", tt.day, err, tt.ok)
		}
	}
	if err := prog.ChequeUsableOn("1-01", d("2027-03-01")); err == nil || !strings.Contains(err.Error(), "expiré") {
		t.Errorf("an expired chèque must say « expiré », got %v", err)
	}
	distribution := []struct {
		day string
		ok  bool
	}{
		{"2026-12-15", true},  // J-16: last day of distribution
		{"2026-12-16", false}, // J-15: stopped
		{"2026-12-17", false},
		{"2025-06-01", false},
	}
	for _, tt := range distribution {
		err := prog.DistributionOpen(d(tt.day))
		if (err == nil) != tt.ok {
			t.Errorf("distribution on %s: err = %v, want ok=%v", tt.day, err, tt.ok)
		}
	}
}
