package kit

import (
	"context"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/store"
)

// Env is what every screen may use: the ledger, who works at the desk, the territory's rules.
type Env struct {
	Store       *store.Store
	User        domain.User
	Programmes  []domain.Programme
	Communes    []domain.Commune
	Prescribers []domain.Prescriber
	Users       []domain.User // to name who registered a person
	Now         func() time.Time
	LetterDir   string // where hand-over letters are written
	ExportDir   string // where the CSV exports a trainer makes (bilan, claims) are written
	// Remote is set for a screen served over SSH: files written on the server are out of the
	// user's reach, so exports tell them the command that brings the file to their machine.
	Remote bool

	// live holds the programmes as the ledger last said (their effective end: an extension
	// made by the coordination while this session is open), set by RefreshProgrammes; nil
	// until then. Programmes stays what the session opened with.
	live *liveProgrammes

	// current is the id of the programme in use, chosen with ProgrammeKey when several are
	// configured; "" is the first. Every screen reads it through Programme().
	current string
}

type liveProgrammes struct {
	mu   sync.RWMutex
	list []domain.Programme
}

// Programme is the programme in use (the first configured until the user switches with
// ProgrammeKey), with its end as the ledger last said (RefreshProgrammes).
func (e *Env) Programme() domain.Programme {
	ps := e.programmes()
	if len(ps) == 0 {
		return domain.Programme{}
	}
	for _, p := range ps {
		if p.ID == e.current {
			return p
		}
	}
	return ps[0]
}

// SeveralProgrammes is true when the user may act for more than one programme: the header
// names the one in use and ProgrammeKey switches it.
func (e *Env) SeveralProgrammes() bool { return len(e.programmes()) > 1 }

// NextProgramme makes the next configured programme the one in use (after the last, the
// first) and returns it.
func (e *Env) NextProgramme() domain.Programme {
	ps := e.programmes()
	if len(ps) == 0 {
		return domain.Programme{}
	}
	cur := e.Programme().ID
	for i, p := range ps {
		if p.ID == cur {
			e.current = ps[(i+1)%len(ps)].ID
			break
		}
	}
	return e.Programme()
}

// ProgrammeByID is the programme with this id, with its end as the ledger last said.
func (e *Env) ProgrammeByID(id string) (domain.Programme, bool) {
	for _, p := range e.programmes() {
		if p.ID == id {
			return p, true
		}
	}
	return domain.Programme{}, false
}

func (e *Env) programmes() []domain.Programme {
	if e.live != nil {
		e.live.mu.RLock()
		defer e.live.mu.RUnlock()
		if e.live.list != nil {
			return e.live.list
		}
	}
	return e.Programmes
}

// ProgrammesRead says the programmes were read again; screens need not handle it (it only
// makes the screen redraw with the new ends).
type ProgrammesRead struct{}

// RefreshProgrammes reads the programmes' effective ends from the ledger, off the event loop:
// the root calls it whenever a screen opens or comes back, so that the banner, the hand-over
// and the letter follow an extension made meanwhile without a restart. One query per
// programme (a max over an index): tens of microseconds.
func (e *Env) RefreshProgrammes() tea.Cmd {
	if e.Store == nil {
		return nil
	}
	if e.live == nil {
		e.live = &liveProgrammes{} // here, on the event loop: the command only fills it
	}
	live, st, configured := e.live, e.Store, e.Programmes
	return func() tea.Msg {
		ps := st.Programmes()
		if len(ps) == 0 {
			ps = configured // a store opened without programmes (tests): keep the Env's
		}
		live.mu.Lock()
		live.list = ps
		live.mu.Unlock()
		return ProgrammesRead{}
	}
}

// ProgrammeNow reads the programme with this id from the ledger at once, for a command that is
// about to check a hand-over or print a letter, where a stale end would be wrong. Not from View
// or Update: it queries the ledger.
func (e *Env) ProgrammeNow(id string) (domain.Programme, bool) {
	if e.Store != nil {
		if p, err := e.Store.Programme(id); err == nil && p.ID == id {
			return p, true
		}
	}
	return e.ProgrammeByID(id)
}

// Commune returns the configured commune with this INSEE code.
func (e *Env) Commune(insee string) (domain.Commune, bool) {
	for _, c := range e.Communes {
		if c.INSEE == insee {
			return c, true
		}
	}
	return domain.Commune{}, false
}

// CommuneName is the commune's name, or its code when unknown.
func (e *Env) CommuneName(insee string) string {
	if c, ok := e.Commune(insee); ok {
		return c.Name
	}
	return insee
}

// PrescriberName is the prescriber's name, or its id when unknown.
func (e *Env) PrescriberName(id string) string {
	if name := domain.PrescriberName(e.Prescribers, id); name != "" {
		return name
	}
	return id
}

// PublicName is the name of a configured public, "" when unknown.
func (e *Env) PublicName(id string) string {
	for _, p := range e.programmes() {
		for _, pub := range p.Publics {
			if pub.ID == id {
				return pub.Name
			}
		}
	}
	return ""
}

// Context bounds one call to the ledger, so that a stuck store cannot hold a screen for ever.
func (e *Env) Context() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 15*time.Second)
}

// UserName is who did something, by name: the signed-in user or one of the configuration's
// (domain.UserName), else the id itself.
func (e *Env) UserName(id string) string {
	if id == e.User.ID && e.User.Name != "" {
		return e.User.Name
	}
	return domain.UserName(e.Users, id)
}
