package kit

import (
	"time"

	"passnum/domain"
)

// CalendarBanner is the line every home screen shows while the default programme is near or
// past its end (alert, stop, last call, tolerance: see domain.Calendar.Banner), wrapped to w
// and ending with a newline; empty otherwise. It reads the Env's programme, whose end is the
// effective one (extensions applied) as the ledger said when the screen last opened
// (Env.RefreshProgrammes): no I/O while drawing.
func CalendarBanner(env *Env, w int) string {
	if env == nil || env.Now == nil {
		return ""
	}
	return ProgrammeBanner(env.Programme(), env.Now(), w)
}

// ProgrammeBanner is CalendarBanner for a given programme (the dashboard's chosen one).
func ProgrammeBanner(p domain.Programme, now time.Time, w int) string {
	c := p.Calendar()
	text := c.Banner(now)
	if text == "" {
		return ""
	}
	st := StyleWarn
	switch c.Phase(now) {
	case domain.PhaseStop, domain.PhaseLastCall:
		st = StyleErr
	}
	return st.Render(Wrap("▲ "+text, max(w, 20))) + "\n"
}
