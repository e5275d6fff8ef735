package domain

import (
	"testing"
	"time"
)

func TestAnonymousBirthDate(t *testing.T) {
	d := func(s string) time.Time { v, _ := time.Parse("2006-01-02", s); return v }
	tests := []struct {
		name        string
		birth, want string
		days        []string
	}{
		{"no session: 1 January", "1990-06-15", "1990-01-01", nil},
		{"band kept by 1 January", "1990-06-15", "1990-01-01", []string{"2026-06-10"}},
		// Born 15/06/1986: 39 on 10/03/2026 (25-39); born 01/01/1986 would be 40 (40-59).
		{"1 January would cross a band", "1986-06-15", "1986-04-01", []string{"2026-03-10"}},
		// 39 on 10/03/2026 and 40 on 20/06/2026: only a date between the two sessions fits.
		{"sessions on both sides of the birthday", "1986-06-15", "1986-04-01", []string{"2026-03-10", "2026-06-20"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var days []time.Time
			for _, s := range tt.days {
				days = append(days, d(s))
			}
			got := AnonymousBirthDate(d(tt.birth), days)
			if !got.Equal(d(tt.want)) {
				t.Errorf("got %s, want %s", got.Format("2006-01-02"), tt.want)
			}
			for _, day := range days {
				if AgeBand(got, day) != AgeBand(d(tt.birth), day) {
					t.Errorf("band on %s changed", day.Format("2006-01-02"))
				}
			}
		})
	}
}

func TestRetentionDue(t *testing.T) {
	now := time.Date(2027, 11, 2, 0, 0, 0, 0, time.UTC)
	ended := time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)
	recent := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		ends []time.Time
		last time.Time
		want bool
	}{
		{"one ended programme", []time.Time{ended}, now, true},
		{"one ended, one recent", []time.Time{ended, recent}, time.Time{}, false},
		{"a programme without end", []time.Time{ended, {}}, time.Time{}, false},
		{"no carnet, old record", nil, ended, true},
		{"no carnet, recent change", nil, recent, false},
	}
	for _, tt := range tests {
		if got := RetentionDue(tt.ends, tt.last, now, 12); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
