package domain

import (
	"strings"
	"testing"
	"time"
)

func TestDatedRedemptionRefusal(t *testing.T) {
	ch := Cheque{Number: "600001-03", Carnet: "600001"}
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.Local)
	issued := time.Date(2026, 6, 1, 15, 30, 0, 0, time.Local)
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	for _, c := range []struct {
		day, want string
		kind      Kind
	}{
		{"2026-06-01", "", 0}, // the day of the hand-over
		{"2026-11-22", "", 0}, // today
		{"2026-11-23", "23/11/2026 est une date à venir", KindInvalid},
		{"2026-05-31", "son carnet 600001 n'a été remis que le 01/06/2026, après le 31/05/2026", KindConflict},
	} {
		err := DatedRedemptionRefusal(ch, d(c.day), issued, now)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", c.day, err)
			}
			continue
		}
		if err == nil || KindOf(err) != c.kind || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %s %q", c.day, err, c.kind.Label(), c.want)
		}
	}
}
