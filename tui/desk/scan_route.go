package desk

import (
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/kit"
)

// A barcode scanner used on a page without a field is not lost: the root gathers its digits
// (kit.ScanTarget) and the page says where the number goes.

// Scanned routes a number scanned on the card: a carnet not yet handed over is meant for this
// person, so its hand-over opens with the checks under way; anything else (a chèque, a carnet
// already handed over) opens its quick-lookup card.
func (s *PersonScreen) Scanned(number string) tea.Cmd {
	if s.p == nil || s.limited || !may(s.env, domain.ActIssue) {
		return kit.OpenLookup(number)
	}
	env, p := s.env, *s.p
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		f, err := env.Store.LookupAs(ctx, env.User, number)
		if err != nil || f.Kind != "carnet" || f.Carnet.State != domain.CarnetAllocated {
			return kit.OpenLookupMsg{Text: number}
		}
		return kit.PushMsg{Screen: handoverOnOpen{newHandoverOf(env, p, number)}}
	}
}

// newHandoverOf is p's hand-over of a carnet already known, its checks about to run.
func newHandoverOf(env *kit.Env, p domain.Person, number string) *Handover {
	h := NewHandover(env, &p).(*Handover)
	h.number.SetValue(number)
	h.stage, h.checkedFor = hoChecking, number
	return h
}

// handoverOnOpen starts the checks when the hand-over opens; its first Update hands back the
// plain *Handover, so the wrapper lives for one message only.
type handoverOnOpen struct{ *Handover }

func (o handoverOnOpen) Init() tea.Cmd { return o.runChecks(o.checkedFor, "") } // the carnet scanned is the choice
