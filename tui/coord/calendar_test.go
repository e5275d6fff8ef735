package coord_test

import (
	"strings"
	"testing"

	"passnum/cmd/passnum/config"
	"passnum/tui/internal/tuitest"
)

// The dashboard shows the calendar banner once: its alert list does not repeat it.
func TestDashboardCalendarBannerOnce(t *testing.T) {
	for _, tt := range []struct {
		days int
		want string
	}{
		{20, "Distribution arrêtée dans 5 jours (le 27/11/2026)"},
		{10, "Distribution arrêtée depuis le 17/11/2026"},
		{-3, "Période de tolérance : les lieux acceptent encore les chèques jusqu'au"},
	} {
		f := newFixture(t, func(cfg *config.Config) {
			cfg.Programmes[0].ValidUntil = tuitest.Now.AddDate(0, 0, tt.days)
		})
		f.receive(t, "creil-sud-oise", 600001, 3)
		scr := tuitest.Screen(openHome(t, f.env))
		tuitest.MustContain(t, scr, tt.want)
		alerts := scr[strings.Index(scr, "Alertes"):]
		for _, twice := range []string{"fin du programme le", "distribution arrêtée : le programme finit", "programme terminé le"} {
			if strings.Contains(alerts, twice) {
				t.Errorf("J%+d: the alert list repeats the banner (%q):\n%s", -tt.days, twice, scr)
			}
		}
	}
}
