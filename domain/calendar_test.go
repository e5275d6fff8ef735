package domain

import (
	"strings"
	"testing"
	"time"
)

func TestCalendarPhases(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	base := Programme{Name: "P", ValidFrom: d("2027-01-01"), ValidUntil: d("2027-12-31"), ToleranceDays: 31}
	extended := base
	extended.ValidUntil = d("2028-06-30") // Creuse: the end moved six months later
	custom := base
	custom.AlertDays, custom.StopDays, custom.LastCallDays, custom.ToleranceDays = 60, 20, 10, 0

	tests := []struct {
		name     string
		p        Programme
		day      string
		phase    Phase
		handover bool
		usable   bool
		daysLeft int
	}{
		{"J-31", base, "2027-11-30", PhaseOpen, true, true, 31},
		{"J-30", base, "2027-12-01", PhaseAlert, true, true, 30},
		{"J-16", base, "2027-12-15", PhaseAlert, true, true, 16},
		{"J-15", base, "2027-12-16", PhaseStop, false, true, 15},
		{"J-8", base, "2027-12-23", PhaseStop, false, true, 8},
		{"J-7", base, "2027-12-24", PhaseLastCall, false, true, 7},
		{"end", base, "2027-12-31", PhaseLastCall, false, true, 0},
		{"end+1", base, "2028-01-01", PhaseTolerance, false, true, -1},
		{"end+tolerance", base, "2028-01-31", PhaseTolerance, false, true, -31},
		{"end+tolerance+1", base, "2028-02-01", PhaseClosed, false, false, -32},
		{"before start", base, "2026-12-31", PhaseOpen, false, false, 365},
		// With an extension: the old dates no longer count.
		{"ext old J-15", extended, "2027-12-16", PhaseOpen, true, true, 197},
		{"ext old end+tolerance+1", extended, "2028-02-01", PhaseOpen, true, true, 150},
		{"ext J-31", extended, "2028-05-30", PhaseOpen, true, true, 31},
		{"ext J-30", extended, "2028-05-31", PhaseAlert, true, true, 30},
		{"ext J-15", extended, "2028-06-15", PhaseStop, false, true, 15},
		{"ext J-8", extended, "2028-06-22", PhaseStop, false, true, 8},
		{"ext J-7", extended, "2028-06-23", PhaseLastCall, false, true, 7},
		{"ext end", extended, "2028-06-30", PhaseLastCall, false, true, 0},
		{"ext end+tolerance", extended, "2028-07-31", PhaseTolerance, false, true, -31},
		{"ext end+tolerance+1", extended, "2028-08-01", PhaseClosed, false, false, -32},
		// Days set per programme.
		{"custom J-61", custom, "2027-10-31", PhaseOpen, true, true, 61},
		{"custom J-60", custom, "2027-11-01", PhaseAlert, true, true, 60},
		{"custom J-20", custom, "2027-12-11", PhaseStop, false, true, 20},
		{"custom J-10", custom, "2027-12-21", PhaseLastCall, false, true, 10},
		{"custom end+1 no tolerance", custom, "2028-01-01", PhaseClosed, false, false, -1},
	}
	for _, tt := range tests {
		c := tt.p.Calendar()
		// An hour in the afternoon must not change the day.
		day := d(tt.day).Add(15 * time.Hour)
		if got := c.Phase(day); got != tt.phase {
			t.Errorf("%s: phase %q, want %q", tt.name, got, tt.phase)
		}
		if err := tt.p.DistributionOpen(day); (err == nil) != tt.handover {
			t.Errorf("%s: DistributionOpen = %v, want open=%v", tt.name, err, tt.handover)
		}
		if err := tt.p.ChequeUsableOn("1-01", day); (err == nil) != tt.usable {
			t.Errorf("%s: ChequeUsableOn = %v, want usable=%v", tt.name, err, tt.usable)
		}
		if got := tt.p.DaysLeft(day); got != tt.daysLeft {
			t.Errorf("%s: DaysLeft %d, want %d", tt.name, got, tt.daysLeft)
		}
		exp := tt.p.ChequesExpireAt()
		if want := Day(c.ToleranceEnd).AddDate(0, 0, 1); exp.Year() != want.Year() || exp.YearDay() != want.YearDay() {
			t.Errorf("%s: ChequesExpireAt %v, want the day after %v", tt.name, exp, c.ToleranceEnd)
		}
	}
}

func TestCalendarDatesAndBanner(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	p := Programme{Name: "P", ValidUntil: d("2027-12-31"), ToleranceDays: 31}
	c := p.Calendar()
	for name, got := range map[string]time.Time{"2027-12-01": c.Alert, "2027-12-16": c.Stop, "2027-12-24": c.LastCall, "2028-01-31": c.ToleranceEnd, "2027-12-15": c.LastHandoverDay()} {
		if !got.Equal(d(name)) {
			t.Errorf("date %s: got %v", name, got)
		}
	}
	banners := []struct{ day, want string }{
		{"2027-11-30", ""},
		{"2027-12-04", "Distribution arrêtée dans 12 jours (le 16/12/2027)"},
		{"2027-12-15", "Distribution arrêtée demain (le 16/12/2027)"},
		{"2027-12-17", "Distribution arrêtée depuis le 16/12/2027"},
		{"2027-12-24", "Dernier appel : les chèques sont valables jusqu'au 31/12/2027 (dans 7 jours)"},
		{"2028-01-05", "Période de tolérance : les lieux acceptent encore les chèques jusqu'au 31/01/2028"},
		{"2028-02-01", ""},
	}
	for _, tt := range banners {
		got := c.Banner(d(tt.day))
		if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
			t.Errorf("banner on %s: %q, want %q", tt.day, got, tt.want)
		}
	}
	if err := p.DistributionOpen(d("2027-12-20")); err == nil || !strings.Contains(err.Error(), "16/12/2027") {
		t.Errorf("the refusal must give the stop date, got %v", err)
	}
	if got := (Programme{}).Calendar().Phase(d("2030-01-01")); got != PhaseOpen {
		t.Errorf("no end: phase %q", got)
	}
	for _, ph := range []Phase{PhaseOpen, PhaseAlert, PhaseStop, PhaseLastCall, PhaseTolerance, PhaseClosed} {
		if ph.Label() == "" {
			t.Errorf("phase %q has no label", ph)
		}
	}
}
