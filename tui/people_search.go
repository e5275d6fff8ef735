package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
)

// peopleSearch finds people as the user types. Each keystroke starts a query; an answer to a
// keystroke since overtaken, or meant for another screen's search, is dropped.
type peopleSearch struct {
	seq     int
	results []domain.Person
}

type peopleFound struct {
	from   *peopleSearch
	seq    int
	people []domain.Person
	err    error
}

// query looks for text; empty text clears the results at once.
func (ps *peopleSearch) query(env *Env, text string, limit int) tea.Cmd {
	ps.seq++
	text = strings.TrimSpace(text)
	if text == "" {
		ps.results = nil
		return nil
	}
	seq := ps.seq
	return func() tea.Msg {
		ctx, cancel := env.ctx()
		defer cancel()
		people, err := env.Store.FindPeople(ctx, text, limit)
		return peopleFound{ps, seq, people, err}
	}
}

// clear forgets the results and any answer still on its way.
func (ps *peopleSearch) clear() {
	ps.seq++
	ps.results = nil
}

// take keeps the answer if it is the latest of this search; ok is false for a stale one.
func (ps *peopleSearch) take(msg peopleFound) (cmd tea.Cmd, ok bool) {
	if msg.from != ps || msg.seq != ps.seq {
		return nil, false
	}
	if msg.err != nil {
		return Fail(msg.err), true
	}
	ps.results = msg.people
	return nil, true
}
