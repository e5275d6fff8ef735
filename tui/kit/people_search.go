package kit

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
)

// PeopleSearch finds people as the user types. Each keystroke starts a query; an answer to a
// keystroke since overtaken, or meant for another screen's search, is dropped.
type PeopleSearch struct {
	seq     int
	Results []domain.Person
}

// PeopleFound is a search's answer; the screen gives it to Take.
type PeopleFound struct {
	from   *PeopleSearch
	seq    int
	people []domain.Person
	err    error
}

// Query looks for text; empty text clears the results at once.
func (ps *PeopleSearch) Query(env *Env, text string, limit int) tea.Cmd {
	ps.seq++
	text = strings.TrimSpace(text)
	if text == "" {
		ps.Results = nil
		return nil
	}
	seq := ps.seq
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		people, err := env.Store.FindPeople(ctx, text, limit)
		return PeopleFound{ps, seq, people, err}
	}
}

// Clear forgets the results and any answer still on its way.
func (ps *PeopleSearch) Clear() {
	ps.seq++
	ps.Results = nil
}

// Take keeps the answer if it is the latest of this search; ok is false for a stale one.
func (ps *PeopleSearch) Take(msg PeopleFound) (cmd tea.Cmd, ok bool) {
	if msg.from != ps || msg.seq != ps.seq {
		return nil, false
	}
	if msg.err != nil {
		return Fail(msg.err), true
	}
	ps.Results = msg.people
	return nil, true
}
