package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"passnum/domain"
)

// settleHousehold decides the foyer a person being saved belongs to: the foyer of the person
// named by householdOf, else the foyer of the address within the commune (created on first
// use, so two desks typing one address another way meet in one record), else the foyer the
// person was linked to before, if any.
func (s *Store) settleHousehold(ctx context.Context, tx *sql.Tx, by domain.User, now time.Time, p domain.Person, current, householdOf int64) (int64, error) {
	switch {
	case householdOf != 0:
		if householdOf == p.ID {
			return 0, domain.Errorf(domain.KindInvalid, "foyer : une personne ne peut pas être rattachée à son propre foyer")
		}
		other, err := personByID(ctx, tx, householdOf)
		if domain.KindOf(err) == domain.KindNotFound {
			return 0, domain.Errorf(domain.KindNotFound, "foyer : personne n°%d introuvable (passnum people find NOM donne le numéro)", householdOf)
		} else if err != nil {
			return 0, err
		}
		if other.Household != 0 {
			return other.Household, nil
		}
		id, err := s.householdFor(tx, now, other)
		if err != nil {
			return 0, err
		}
		if _, err := tx.Exec(`UPDATE person SET household_id = ? WHERE id = ?`, id, other.ID); err != nil {
			return 0, err
		}
		return id, audit(tx, now, by.ID, "person.household", "person", strconv.FormatInt(other.ID, 10), "", fmt.Sprintf("foyer %d", id), "foyer créé pour y rattacher "+p.FullName())
	case p.Address != "":
		return s.householdFor(tx, now, p)
	case current != 0:
		var key string
		if err := tx.QueryRow(`SELECT address_key FROM household WHERE id = ?`, current).Scan(&key); err != nil {
			return 0, err
		}
		if key == "" {
			return current, nil // a link stays until another one replaces it
		}
	}
	return 0, nil
}

// householdFor finds or creates the foyer of a person's address; a person without an address
// gets a foyer of their own, that others can then be linked to.
func (s *Store) householdFor(tx *sql.Tx, now time.Time, p domain.Person) (int64, error) {
	key := domain.AddressKey(p.Address)
	if p.Address != "" && key == "" {
		return 0, domain.Errorf(domain.KindInvalid, "adresse : %q ne contient ni numéro ni nom de rue", p.Address)
	}
	if key != "" {
		var id int64
		err := tx.QueryRow(`SELECT id FROM household WHERE commune = ? AND address_key = ?`, p.Commune, key).Scan(&id)
		if err == nil {
			return id, nil
		} else if !errors.Is(err, sql.ErrNoRows) {
			return 0, err
		}
	}
	res, err := tx.Exec(`INSERT INTO household(commune, address_key, created_at) VALUES (?,?,?)`, p.Commune, key, ts(now))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// holding reads what a person and their foyer hold in a programme.
func (s *Store) holding(ctx context.Context, q querier, prog domain.Programme, p domain.Person) (domain.Holding, error) {
	h := domain.Holding{InHousehold: p.Household != 0}
	// A voided carnet with a holder was voided after its hand-over: declared lost (or damaged).
	err := q.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE state = 'remis'), count(*) FILTER (WHERE state = 'annule')
		FROM carnet WHERE person_id = ? AND programme = ?`, p.ID, prog.ID).Scan(&h.Carnets, &h.Lost)
	if err != nil {
		return h, err
	}
	if h.Exclusive, err = s.exclusiveHeld(ctx, q, prog, p.ID); err != nil {
		return h, err
	}
	if prog.ChequeUsableOn("", s.now()) == nil {
		err = q.QueryRowContext(ctx, `SELECT count(*) FROM cheque ch JOIN carnet c ON c.number = ch.carnet
			WHERE c.person_id = ? AND c.programme = ? AND c.state = 'remis' AND ch.state = 'disponible'`, p.ID, prog.ID).Scan(&h.ChequesLeft)
		if err != nil {
			return h, err
		}
	}
	if p.Household == 0 {
		return h, nil
	}
	err = eachRow(ctx, q, `SELECT p.id, p.first_name || ' ' || upper(p.last_name),
		(SELECT count(*) FROM carnet c WHERE c.person_id = p.id AND c.programme = ?1 AND c.state = 'remis'),
		(SELECT count(*) FROM carnet c WHERE c.person_id = p.id AND c.programme = ?1 AND c.state = 'annule')
		FROM person p WHERE p.household_id = ?2 AND p.id <> ?3 AND p.merged_into IS NULL ORDER BY p.id`,
		[]any{prog.ID, p.Household, p.ID}, func(rows *sql.Rows) error {
			var m domain.Housemate
			if err := rows.Scan(&m.ID, &m.Name, &m.Carnets, &m.Lost); err != nil {
				return err
			}
			h.Housemates = append(h.Housemates, m)
			return nil
		})
	return h, err
}

// Standings answers, for every configured programme, whether the person may receive a carnet
// now: eligibility criterion by criterion, then the caps of the person and of their foyer.
func (s *Store) Standings(ctx context.Context, personID int64) ([]domain.Standing, error) {
	p, err := s.Person(ctx, personID)
	if err != nil {
		return nil, err
	}
	var out []domain.Standing
	for _, prog := range s.Programmes() {
		h, err := s.holding(ctx, s.read, prog, p)
		if err != nil {
			return nil, err
		}
		out = append(out, domain.CheckStanding(prog, p, s.opts.Communes, s.now(), h))
	}
	return out, nil
}

// Standing is Standings for one programme.
func (s *Store) Standing(ctx context.Context, personID int64, programme string) (domain.Standing, error) {
	return s.StandingFor(ctx, personID, programme, domain.HandOverRequest{})
}

// StandingFor is Standing for one hand-over: whether an adviser accompanies the person and the
// reason of a carnet beyond the cap (domain.CheckHandOver).
func (s *Store) StandingFor(ctx context.Context, personID int64, programme string, req domain.HandOverRequest) (domain.Standing, error) {
	prog, err := s.programme(programme)
	if err != nil {
		return domain.Standing{}, err
	}
	p, err := s.Person(ctx, personID)
	if err != nil {
		return domain.Standing{}, err
	}
	h, err := s.holding(ctx, s.read, prog, p)
	if err != nil {
		return domain.Standing{}, err
	}
	return domain.CheckHandOver(prog, p, s.opts.Communes, s.now(), h, req), nil
}
