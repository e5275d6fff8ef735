package kit

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
)

// PeopleSearch finds people as the user types. Each keystroke starts a query; an answer to a
// keystroke since overtaken, or meant for another screen's search, is dropped. The search is
// the user's (store.FindPeopleAs): another prescriber's or place's people come limited, and a
// user who may not read people gets the refusal.
type PeopleSearch struct {
	seq     int
	Results []domain.Person // limited where Views says so
	Views   []domain.View   // how much of each of Results the user may read, same order
}

// PeopleFound is a search's answer; the screen gives it to Take.
type PeopleFound struct {
	from   *PeopleSearch
	seq    int
	people []domain.SeenPerson
	err    error
}

// Query looks for text; empty text clears the results at once.
func (ps *PeopleSearch) Query(env *Env, text string, limit int) tea.Cmd {
	ps.seq++
	text = strings.TrimSpace(text)
	if text == "" {
		ps.Results, ps.Views = nil, nil
		return nil
	}
	seq := ps.seq
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		people, err := env.Store.FindPeopleAs(ctx, env.User, text, limit)
		return PeopleFound{ps, seq, people, err}
	}
}

// Clear forgets the results and any answer still on its way.
func (ps *PeopleSearch) Clear() {
	ps.seq++
	ps.Results, ps.Views = nil, nil
}

// Limited says whether the i-th result was blanked (another prescriber's or place's person).
func (ps *PeopleSearch) Limited(i int) bool {
	return i < len(ps.Views) && ps.Views[i] != domain.ViewFull
}

// Take keeps the answer if it is the latest of this search; ok is false for a stale one.
func (ps *PeopleSearch) Take(msg PeopleFound) (cmd tea.Cmd, ok bool) {
	if msg.from != ps || msg.seq != ps.seq {
		return nil, false
	}
	if msg.err != nil {
		return Fail(msg.err), true
	}
	ps.Results, ps.Views = make([]domain.Person, 0, len(msg.people)), make([]domain.View, 0, len(msg.people))
	for _, p := range msg.people {
		ps.Results = append(ps.Results, p.Person)
		ps.Views = append(ps.Views, p.View)
	}
	return nil, true
}
