package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"passnum/domain"
)

// Merge is what merging two records of one person did.
type Merge struct {
	Kept        domain.Person
	Carnets     int // moved to the kept record
	Diagnostics int
	Attendances int
	FollowUps   int
	OverCaps    []domain.OverCap // caps the kept person now exceeds
}

// MergePeople moves everything the other record holds — carnets, diagnostics, attendance lines,
// follow-ups — to the kept one in one transaction, and leaves on the other record a pointer to
// the kept one, so its number still leads there. A merge may put the person above a cap: it is
// done, since the carnets were handed over already, and reported.
func (s *Store) MergePeople(ctx context.Context, by domain.User, keep, other int64, reason string) (Merge, error) {
	if err := domain.Authorize(by, domain.ActMerge, domain.Scope{}); err != nil {
		return Merge{}, err
	}
	if strings.TrimSpace(reason) == "" {
		return Merge{}, domain.Errorf(domain.KindInvalid, "motif : obligatoire (par exemple « inscrite deux fois, accents différents »)")
	}
	reason, err := domain.ValidateReason(reason)
	if err != nil {
		return Merge{}, err
	}
	if keep == other {
		return Merge{}, domain.Errorf(domain.KindInvalid, "fusion : les deux numéros désignent la même fiche (n°%d)", keep)
	}
	now := s.now()
	var m Merge
	err = s.tx(ctx, func(tx *sql.Tx) error {
		kept, err := personByID(ctx, tx, keep)
		if err != nil {
			return err
		}
		gone, err := personByID(ctx, tx, other)
		if err != nil {
			return err
		}
		if gone.ID != other {
			return domain.Errorf(domain.KindConflict, "la fiche n°%d a déjà été fusionnée dans la fiche n°%d", other, gone.ID)
		}
		if kept.ID == gone.ID {
			return domain.Errorf(domain.KindConflict, "la fiche n°%d a déjà été fusionnée dans la fiche n°%d", keep, other)
		}
		exec := func(n *int, q string, args ...any) error {
			res, err := tx.Exec(q, args...)
			if err != nil {
				return err
			}
			k, _ := res.RowsAffected()
			if n != nil {
				*n += int(k)
			}
			return nil
		}
		// A session both records attended keeps the kept record's line: the other line's
		// redemptions move onto it, then the duplicate line goes.
		steps := []struct {
			n    *int
			q    string
			args []any
		}{
			{&m.Carnets, `UPDATE carnet SET person_id = ? WHERE person_id = ?`, []any{kept.ID, gone.ID}},
			{&m.Diagnostics, `UPDATE diagnostic SET person_id = ? WHERE person_id = ?`, []any{kept.ID, gone.ID}},
			{nil, `UPDATE redemption SET participant_id = (SELECT k.id FROM participant k JOIN participant o ON o.session_id = k.session_id
				WHERE o.id = redemption.participant_id AND k.person_id = ?)
				WHERE participant_id IN (SELECT o.id FROM participant o JOIN participant k ON k.session_id = o.session_id AND k.person_id = ? WHERE o.person_id = ?)`,
				[]any{kept.ID, kept.ID, gone.ID}},
			{&m.Attendances, `DELETE FROM participant WHERE person_id = ? AND session_id IN (SELECT session_id FROM participant WHERE person_id = ?)`, []any{gone.ID, kept.ID}},
			{&m.Attendances, `UPDATE participant SET person_id = ? WHERE person_id = ?`, []any{kept.ID, gone.ID}},
			{nil, `DELETE FROM follow_up WHERE person_id = ? AND session_id IN (SELECT session_id FROM follow_up WHERE person_id = ?)`, []any{gone.ID, kept.ID}},
			{&m.FollowUps, `UPDATE follow_up SET person_id = ? WHERE person_id = ?`, []any{kept.ID, gone.ID}},
			{nil, `UPDATE follow_up_note SET person_id = ? WHERE person_id = ?`, []any{kept.ID, gone.ID}}, // the history of both is kept
			{nil, `UPDATE orientation SET person_id = ? WHERE person_id = ?`, []any{kept.ID, gone.ID}},
			{nil, `UPDATE import_row SET person_id = ? WHERE person_id = ?`, []any{kept.ID, gone.ID}},
			{nil, `UPDATE person SET household_id = coalesce(household_id, ?) WHERE id = ?`, []any{nullID(gone.Household), kept.ID}},
			{nil, `UPDATE person SET merged_into = ?, household_id = NULL WHERE id = ?`, []any{kept.ID, gone.ID}},
			{nil, `UPDATE person SET merged_into = ? WHERE merged_into = ?`, []any{kept.ID, gone.ID}},
		}
		for _, st := range steps {
			if err := exec(st.n, st.q, st.args...); err != nil {
				return err
			}
		}
		if m.Kept, err = personByID(ctx, tx, kept.ID); err != nil {
			return err
		}
		if m.OverCaps, err = s.overCaps(ctx, tx, `c.person_id = ?`, kept.ID); err != nil {
			return err
		}
		detail := fmt.Sprintf("fiche n°%d (%s) fusionnée : %d carnet(s), %d diagnostic(s), %d présence(s), %d suivi(s) déplacés ; motif : %s",
			gone.ID, gone.FullName(), m.Carnets, m.Diagnostics, m.Attendances, m.FollowUps, reason)
		for _, o := range m.OverCaps {
			detail += " ; " + o.Message()
		}
		return audit(tx, now, by.ID, "person.merge", "person", strconv.FormatInt(kept.ID, 10), strconv.FormatInt(gone.ID, 10), strconv.FormatInt(kept.ID, 10), detail)
	})
	return m, err
}

// OverCaps lists the people who hold more carnets of a programme than it allows, until a
// coordinator voids the extra ones: the coordinator's figures show them.
func (s *Store) OverCaps(ctx context.Context) ([]domain.OverCap, error) {
	return s.overCaps(ctx, s.read, `1`)
}

func (s *Store) overCaps(ctx context.Context, q querier, where string, args ...any) ([]domain.OverCap, error) {
	var out []domain.OverCap
	for _, prog := range s.Programmes() {
		l := prog.Limits.CarnetsPerPerson
		if l == 0 {
			continue
		}
		var ids []int64
		var counts []int
		err := eachRow(ctx, q, `SELECT c.person_id, count(*) FROM carnet c WHERE c.programme = ? AND c.state = 'remis' AND `+where+`
			GROUP BY c.person_id HAVING count(*) > ? ORDER BY c.person_id`, append(append([]any{prog.ID}, args...), l), func(rows *sql.Rows) error {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			ids, counts = append(ids, id), append(counts, n)
			return nil
		})
		if err != nil {
			return nil, err
		}
		for i, id := range ids {
			p, err := personByID(ctx, q, id)
			if err != nil {
				return nil, err
			}
			out = append(out, domain.OverCap{Person: p, Programme: prog, Carnets: counts[i]})
		}
	}
	return out, nil
}
