package domain

import (
	"testing"
	"time"
)

func TestFirstCame(t *testing.T) {
	at := time.Date(2026, 3, 2, 15, 0, 0, 0, time.Local)
	morning, next, before := time.Date(2026, 3, 2, 9, 0, 0, 0, time.Local), time.Date(2026, 3, 9, 14, 0, 0, 0, time.Local), time.Date(2026, 3, 1, 14, 0, 0, 0, time.Local)
	tests := []struct {
		name   string
		starts []time.Time
		want   time.Time
	}{
		{"not yet", nil, time.Time{}},
		{"only before", []time.Time{before}, time.Time{}},
		{"same day, earlier hour", []time.Time{next, morning}, morning},
		{"a week later", []time.Time{before, next}, next},
	}
	for _, tt := range tests {
		if got := FirstCame(at, tt.starts); !got.Equal(tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	if (Referral{}).CameText() != "pas encore venue" || (Referral{CameAt: next}).CameText() != "venue le 09/03/2026" {
		t.Error("CameText")
	}
}
