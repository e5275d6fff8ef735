package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"passnum/domain"
)

// Found is what a quick lookup found: one exact record (chèque, carnet, place, person), or
// people and places whose names match.
type Found struct {
	Kind    string // cheque, carnet, person, place, or "" for a list of matches
	Cheque  *domain.Cheque
	Carnet  *domain.Carnet
	Person  *domain.Person
	Place   *domain.Place
	People  []domain.Person // limited where View says so (LookupAs)
	Places  []domain.Place
	History []AuditEntry
	// PlaceNames: the names of the places History names by id (places are public);
	// PersonNames: of the people it names by number, for one who may read people only.
	PlaceNames, PersonNames map[string]string
	// LookupAs: how much of Person the user may read, and of each of People (same order).
	View  domain.View
	Views []domain.View
}

// Lookup reads whatever text names: a chèque or carnet number (as scanned), a place id, a
// person's number (« #12 » or « 12 » when no carnet has that number), or a name.
func (s *Store) Lookup(ctx context.Context, text string) (Found, error) {
	return s.lookup(ctx, text, true)
}

// LookupAs is Lookup for a user. One who may not read people (the steering committee) gets
// chèques, carnets and places only: a name, or a number that is no chèque, carnet or place, is
// refused the same way whether someone bears it or not, so the answer never says who is in the
// ledger.
func (s *Store) LookupAs(ctx context.Context, by domain.User, text string) (Found, error) {
	if err := domain.Authorize(by, domain.ActLookup, domain.Scope{}); err != nil {
		return Found{}, err
	}
	refusal := domain.Authorize(by, domain.ActReadPeople, domain.Scope{})
	f, err := s.lookup(ctx, text, refusal == nil)
	if refusal == nil && err == nil {
		return s.personsAs(ctx, by, f)
	}
	if refusal == nil {
		return f, err
	}
	if err == nil {
		return withoutHolder(f), nil
	}
	if domain.KindOf(err) != domain.KindNotFound {
		return f, err
	}
	// A number is no chèque, carnet or place: say so (it tells nothing of anyone). Words are a
	// name: refused, found or not.
	text = strings.TrimSpace(text)
	if text[0] == '#' || text[0] >= '0' && text[0] <= '9' {
		return Found{}, domain.Errorf(domain.KindNotFound, "aucun chèque, carnet ni lieu ne correspond à « %s » : vérifiez le numéro", text)
	}
	return Found{}, domain.Errorf(domain.KindForbidden, "aucun chèque, carnet ni lieu ne correspond à « %s » ; %s", text, refusal.Error())
}

// withoutHolder is a chèque's or carnet's answer for one who may not read people: no holder's
// number, and a history that says what happened to the carnet without whom it went to.
func withoutHolder(f Found) Found {
	if f.Carnet != nil {
		c := *f.Carnet
		c.PersonID = 0
		f.Carnet = &c
	}
	var h []AuditEntry
	for _, e := range f.History {
		if strings.Contains(e.Detail, "personne") || strings.Contains(e.Before+e.After, "personne") {
			e.Detail, e.Before, e.After = "", "", ""
		}
		h = append(h, e)
	}
	f.History = h
	return f
}

// personsAs limits the people of a lookup to what by may read, records the read of a person
// it lands on, and keeps the reads of a record out of its history but for the coordination.
func (s *Store) personsAs(ctx context.Context, by domain.User, f Found) (Found, error) {
	if f.Kind == "person" {
		sp, err := s.seen(ctx, by, *f.Person)
		if err != nil {
			return Found{}, err
		}
		f.Person, f.View = &sp.Person, sp.View
		if sp.Limited() {
			f.History = nil // corrections keep the previous values: a digest of the whole record
		}
		if err := s.RecordReads(ctx, by, "lookup", sp.ID); err != nil {
			return Found{}, err
		}
	}
	for i, p := range f.People {
		sp, err := s.seen(ctx, by, p)
		if err != nil {
			return Found{}, err
		}
		f.People[i] = sp.Person
		f.Views = append(f.Views, sp.View)
	}
	if by.Role != domain.RoleCoordination && len(f.History) > 0 {
		kept := f.History[:0]
		for _, h := range f.History {
			if h.Action != ActionPersonRead {
				kept = append(kept, h)
			}
		}
		f.History = kept
	}
	return f, nil
}

func (s *Store) lookup(ctx context.Context, text string, people bool) (Found, error) {
	f, err := s.lookupRecord(ctx, text, people)
	if err != nil || len(f.History) == 0 {
		return f, err
	}
	entries := make([]domain.AuditEntry, len(f.History))
	for i, e := range f.History {
		entries[i] = e.Entry(time.UTC)
	}
	for _, id := range domain.HistoryPlaceIDs(entries) {
		p, err := s.Place(ctx, id)
		if err == nil {
			if f.PlaceNames == nil {
				f.PlaceNames = map[string]string{}
			}
			f.PlaceNames[id] = p.Name
		} else if domain.KindOf(err) != domain.KindNotFound {
			return Found{}, err
		}
	}
	if !people {
		return f, nil
	}
	for _, id := range domain.HistoryPersonIDs(entries) {
		n, _ := strconv.ParseInt(id, 10, 64)
		p, err := s.Person(ctx, n)
		if err == nil {
			if f.PersonNames == nil {
				f.PersonNames = map[string]string{}
			}
			f.PersonNames[id] = p.DisplayName()
		} else if domain.KindOf(err) != domain.KindNotFound {
			return Found{}, err
		}
	}
	return f, nil
}

func (s *Store) lookupRecord(ctx context.Context, text string, people bool) (Found, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return Found{}, domain.Errorf(domain.KindInvalid, "recherche vide : tapez un numéro de chèque ou de carnet, un nom ou un identifiant de lieu")
	}
	if ch, err := s.Cheque(ctx, text); err == nil {
		h, err := s.History(ctx, "cheque", ch.Number)
		return Found{Kind: "cheque", Cheque: &ch, History: h}, err
	} else if domain.KindOf(err) != domain.KindNotFound {
		return Found{}, err
	}
	if c, err := s.Carnet(ctx, text); err == nil {
		h, err := s.History(ctx, "carnet", c.Number)
		return Found{Kind: "carnet", Carnet: &c, History: h}, err
	} else if domain.KindOf(err) != domain.KindNotFound {
		return Found{}, err
	}
	if p, err := s.Place(ctx, text); err == nil {
		h, err := s.History(ctx, "place", p.ID)
		return Found{Kind: "place", Place: &p, History: h}, err
	} else if domain.KindOf(err) != domain.KindNotFound {
		return Found{}, err
	}
	var found []domain.Person
	if people {
		if id, err := strconv.ParseInt(strings.TrimPrefix(text, "#"), 10, 64); err == nil {
			if p, err := s.Person(ctx, id); err == nil {
				h, err := s.History(ctx, "person", strconv.FormatInt(id, 10))
				return Found{Kind: "person", Person: &p, History: h}, err
			}
		}
		var err error
		if found, err = s.FindPeople(ctx, text, 20); err != nil {
			return Found{}, err
		}
	}
	places, err := s.FindPlaces(ctx, text, 20)
	if err != nil {
		return Found{}, err
	}
	switch {
	case len(found) == 1 && len(places) == 0:
		h, err := s.History(ctx, "person", strconv.FormatInt(found[0].ID, 10))
		return Found{Kind: "person", Person: &found[0], History: h}, err
	case len(places) == 1 && len(found) == 0:
		h, err := s.History(ctx, "place", places[0].ID)
		return Found{Kind: "place", Place: &places[0], History: h}, err
	case len(found)+len(places) == 0:
		return Found{}, domain.Errorf(domain.KindNotFound, "rien ne correspond à « %s » : ni chèque, ni carnet, ni personne, ni lieu", text)
	}
	return Found{People: found, Places: places}, nil
}

// AuditEntry is one line of a record's history.
type AuditEntry struct {
	At                   string
	User, Action, Before string
	After, Detail        string
}

// History lists the audit trail of one record, oldest first.
func (s *Store) History(ctx context.Context, entity, id string) ([]AuditEntry, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT at, user_id, action, before, after, detail FROM audit WHERE entity = ? AND entity_id = ? ORDER BY id`, entity, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.At, &e.User, &e.Action, &e.Before, &e.After, &e.Detail); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Time is when the entry was written.
func (e AuditEntry) Time() time.Time { return parseTS(e.At) }

// Entry is the row for domain.HistoryLine, its time in loc.
func (e AuditEntry) Entry(loc *time.Location) domain.AuditEntry {
	return domain.AuditEntry{At: e.Time().In(loc), User: e.User, Action: e.Action, Before: e.Before, After: e.After, Detail: e.Detail}
}

// Entry is the read as a journal row, for domain.HistoryLine.
func (e PersonRead) Entry(loc *time.Location) domain.AuditEntry {
	return domain.AuditEntry{At: e.Time().In(loc), User: e.User, Action: ActionPersonRead, After: e.What, Detail: e.From}
}
