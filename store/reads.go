package store

import (
	"context"
	"database/sql"
	"net/url"
	"strconv"
	"strings"
	"time"

	"passnum/domain"
)

// Who may read whom is decided by domain.PersonView from the person's links, read here; every
// method that hands a person to a user goes through personSeen.
//
// The audit of reads: opening a record (a card, a lookup that lands on one person, an
// eligibility, an export that names people) writes one « person.read » audit row per person,
// with the user, the person's number and where the user acts from (« local » or « ssh
// SHA256:… ») as detail; what was opened is in the row's after column. A search that lists
// people is no read: only opening one counts. The rows of one opening go in one transaction.

// ActionPersonRead is the audit action of a read of a person's record.
const ActionPersonRead = "person.read"

// PersonLinks reads what ties a person to prescribers and places.
func (s *Store) PersonLinks(ctx context.Context, id int64) (domain.PersonLinks, error) {
	return personLinks(ctx, s.read, id)
}

func personLinks(ctx context.Context, q querier, id int64) (domain.PersonLinks, error) {
	var l domain.PersonLinks
	var carnets, places string
	err := q.QueryRowContext(ctx, `SELECT registered_prescriber, created_by,
		coalesce((SELECT group_concat(DISTINCT prescriber) FROM carnet WHERE person_id = ?1 AND prescriber <> ''), ''),
		coalesce((SELECT group_concat(place_id) FROM (
			SELECT s.place_id FROM participant pa JOIN session s ON s.id = pa.session_id WHERE pa.person_id = ?1
			UNION SELECT ch.place_id FROM carnet c JOIN cheque ch ON ch.carnet = c.number WHERE c.person_id = ?1 AND ch.place_id <> ''
			UNION SELECT place_id FROM orientation WHERE person_id = ?1 AND withdrawn_at = '')), '')
		FROM person WHERE id = ?1`, id).Scan(&l.RegisteredBy, &l.RegisteredByUser, &carnets, &places)
	if err == sql.ErrNoRows {
		return l, domain.Errorf(domain.KindNotFound, "personne n°%d introuvable", id)
	}
	l.CarnetPrescribers, l.Places = splitList(carnets), splitList(places)
	return l, err
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// seen applies by's view to p, reading p's links only when the role needs them.
func (s *Store) seen(ctx context.Context, by domain.User, p domain.Person) (domain.SeenPerson, error) {
	var l domain.PersonLinks
	if by.Role == domain.RoleAccueil || by.Role == domain.RoleFormateur {
		var err error
		if l, err = personLinks(ctx, s.read, p.ID); err != nil {
			return domain.SeenPerson{}, err
		}
	}
	v, err := domain.PersonView(by, l)
	if err != nil {
		return domain.SeenPerson{}, err
	}
	return domain.Seen(p, v), nil
}

// PersonAs is Person as by may read it (limited, or refused), without recording a read: for
// screens that only name the person. Opening the record is ReadPerson.
func (s *Store) PersonAs(ctx context.Context, by domain.User, id int64) (domain.SeenPerson, error) {
	if err := domain.Authorize(by, domain.ActReadPeople, domain.Scope{}); err != nil {
		return domain.SeenPerson{}, err
	}
	p, err := s.Person(ctx, id)
	if err != nil {
		return domain.SeenPerson{}, err
	}
	return s.seen(ctx, by, p)
}

// ReadPerson opens a person's record for by: PersonAs, then one person.read audit row (what
// says what was opened: « fiche », « lookup », « eligibility »).
func (s *Store) ReadPerson(ctx context.Context, by domain.User, id int64, what string) (domain.SeenPerson, error) {
	p, err := s.PersonAs(ctx, by, id)
	if err != nil {
		return p, err
	}
	return p, s.RecordReads(ctx, by, what, p.ID)
}

// FindPeopleAs is FindPeople for a user: people of other prescribers or places are listed
// limited (the duplicate check needs them), a user who may not read people is refused. A search
// records no read.
func (s *Store) FindPeopleAs(ctx context.Context, by domain.User, text string, limit int) ([]domain.SeenPerson, error) {
	if err := domain.Authorize(by, domain.ActReadPeople, domain.Scope{}); err != nil {
		return nil, err
	}
	people, err := s.FindPeople(ctx, text, limit)
	if err != nil {
		return nil, err
	}
	out := make([]domain.SeenPerson, 0, len(people))
	for _, p := range people {
		sp, err := s.seen(ctx, by, p)
		if err != nil {
			return nil, err
		}
		out = append(out, sp)
	}
	return out, nil
}

// RecordReads writes one person.read audit row per person, in one transaction. A store opened
// read-only (a CLI lookup) writes them through a connection of its own, opened for that; where
// the ledger cannot be written at all, the read is refused rather than left out of the audit.
func (s *Store) RecordReads(ctx context.Context, by domain.User, what string, ids ...int64) error {
	if len(ids) == 0 {
		return nil
	}
	write := func(tx *sql.Tx) error {
		now := s.now()
		for _, id := range ids {
			if err := audit(tx, now, by.ID, ActionPersonRead, "person", strconv.FormatInt(id, 10), "", what, by.From()); err != nil {
				return err
			}
		}
		return nil
	}
	if s.write != nil {
		return s.tx(ctx, write)
	}
	db := sql.OpenDB(readConnector{dsn: "file:" + url.PathEscape(s.file) + "?mode=rw&_busy_timeout=10000&_txlock=immediate&_synchronous=NORMAL", path: s.file, persistWAL: true})
	defer db.Close()
	db.SetMaxOpenConns(1)
	tx, err := db.BeginTx(ctx, nil)
	if err == nil {
		if err = write(tx); err == nil {
			err = tx.Commit()
		} else {
			tx.Rollback()
		}
	}
	if err != nil {
		return domain.Errorf(domain.KindInternal, "la consultation d'une personne est journalisée, et le registre %s ne peut pas être écrit ici (%v) : consultez-la depuis un poste qui peut l'écrire", s.file, err)
	}
	return nil
}

// PersonRead is one read of a person's record, for « consulté par ».
type PersonRead struct {
	At   string
	User string
	What string
	From string // « local » or « ssh SHA256:… »
}

// PersonReads lists the last reads of a person's record, newest first, at most limit; only the
// coordination may see them.
func (s *Store) PersonReads(ctx context.Context, by domain.User, id int64, limit int) ([]PersonRead, error) {
	if by.Role != domain.RoleCoordination {
		return nil, domain.Errorf(domain.KindForbidden, "%s (%s) ne peut pas voir qui a consulté une fiche : c'est réservé à la coordination", by.Name, by.Role.Label())
	}
	var out []PersonRead
	err := eachRow(ctx, s.read, `SELECT at, user_id, after, detail FROM audit WHERE entity = 'person' AND entity_id = ? AND action = ? ORDER BY id DESC LIMIT ?`,
		[]any{strconv.FormatInt(id, 10), ActionPersonRead, limit}, func(r *sql.Rows) error {
			var e PersonRead
			if err := r.Scan(&e.At, &e.User, &e.What, &e.From); err != nil {
				return err
			}
			out = append(out, e)
			return nil
		})
	return out, err
}

// Time is when the read happened.
func (e PersonRead) Time() time.Time { return parseTS(e.At) }
