package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"passnum/domain"
)

// The rights of a person over their record: access (PersonFile), erasure (Anonymise) and the
// retention period (RetentionDue, ApplyRetention).

func coordinationOnly(by domain.User, what string) error {
	if by.Role != domain.RoleCoordination {
		return domain.Errorf(domain.KindForbidden, "%s (%s) ne peut pas %s : c'est le rôle de la coordination", by.Name, by.Role.Label(), what)
	}
	return nil
}

// PersonFile returns everything the ledger holds about a person (coordination only); the id of
// a merged record leads to the kept one, whose file lists the merged records.
func (s *Store) PersonFile(ctx context.Context, by domain.User, id int64) (domain.PersonFile, error) {
	var f domain.PersonFile
	if err := coordinationOnly(by, "consulter le dossier complet d'une personne"); err != nil {
		return f, err
	}
	tx, err := s.read.BeginTx(ctx, nil) // one ledger, whatever commits meanwhile
	if err != nil {
		return f, wrapErr(err)
	}
	defer tx.Rollback()
	if f.Person, err = personByID(ctx, tx, id); err != nil {
		return f, err
	}
	pid := f.Person.ID
	var anon string
	if err := tx.QueryRowContext(ctx, `SELECT anonymised_at FROM person WHERE id = ?`, pid).Scan(&anon); err != nil {
		return f, wrapErr(err)
	}
	f.AnonymisedAt = parseTS(anon)
	ids := []string{strconv.FormatInt(pid, 10)}
	steps := []struct {
		q    string
		args []any
		scan func(*sql.Rows) error
	}{
		{`SELECT id FROM person WHERE merged_into = ? ORDER BY id`, []any{pid}, func(r *sql.Rows) error {
			var m int64
			err := r.Scan(&m)
			f.MergedFrom, ids = append(f.MergedFrom, m), append(ids, strconv.FormatInt(m, 10))
			return err
		}},
		{`SELECT other_id FROM person_distinct WHERE person_id = ?1 UNION SELECT person_id FROM person_distinct WHERE other_id = ?1 ORDER BY 1`, []any{pid}, func(r *sql.Rows) error {
			var m int64
			err := r.Scan(&m)
			f.Distinct = append(f.Distinct, m)
			return err
		}},
		{`SELECT number, programme, state, prescriber, public, allocated_at, issued_at FROM carnet WHERE person_id = ? ORDER BY number`, []any{pid}, func(r *sql.Rows) error {
			var c domain.PersonFileCarnet
			var al, is string
			err := r.Scan(&c.Number, &c.Programme, &c.State, &c.Prescriber, &c.Public, &al, &is)
			c.AllocatedAt, c.IssuedAt = parseTS(al), parseTS(is)
			f.Carnets = append(f.Carnets, c)
			return err
		}},
		{`SELECT id, at, user_id, input, result FROM diagnostic WHERE person_id = ? ORDER BY at, id`, []any{pid}, func(r *sql.Rows) error {
			var d domain.PersonFileDiagnostic
			var at string
			err := r.Scan(&d.ID, &at, &d.User, &d.Input, &d.Result)
			d.At = parseTS(at)
			f.Diagnostics = append(f.Diagnostics, d)
			return err
		}},
		{`SELECT s.id, s.title, s.place_id, coalesce(pl.name, ''), s.start_at, pa.present, coalesce(pa.cheque, '')
			FROM participant pa JOIN session s ON s.id = pa.session_id LEFT JOIN place pl ON pl.id = s.place_id
			WHERE pa.person_id = ? ORDER BY s.start_at, s.id`, []any{pid}, func(r *sql.Rows) error {
			var a domain.PersonFileAttendance
			var n int64
			var start string
			var present int
			err := r.Scan(&n, &a.Title, &a.Place, &a.PlaceName, &start, &present, &a.Cheque)
			a.Session, a.Start, a.Present = domain.SessionID(n), parseTS(start), present == 1
			f.Attendances = append(f.Attendances, a)
			return err
		}},
		{`SELECT session_id, autonomy, comment, pix, at, user_id FROM follow_up_note WHERE person_id = ? ORDER BY at, id`, []any{pid}, func(r *sql.Rows) error {
			var u domain.PersonFileFollowUp
			var n int64
			var at string
			err := r.Scan(&n, &u.Autonomy, &u.Comment, &u.Pix, &at, &u.User)
			u.Session, u.At = domain.SessionID(n), parseTS(at)
			f.FollowUps = append(f.FollowUps, u)
			return err
		}},
		{`SELECT o.place_id, coalesce(pl.name, ''), o.prescriber, o.note, o.from_diagnostic, o.at, o.user_id, o.withdrawn_at, o.withdrawn_by, o.withdrawn_reason
			FROM orientation o LEFT JOIN place pl ON pl.id = o.place_id WHERE o.person_id = ? ORDER BY o.at, o.id`, []any{pid}, func(r *sql.Rows) error {
			var o domain.PersonFileOrientation
			var at, withdrawn string
			err := r.Scan(&o.Place, &o.PlaceName, &o.Prescriber, &o.Note, &o.FromDiagnostic, &at, &o.User, &withdrawn, &o.WithdrawnBy, &o.WithdrawnReason)
			o.At, o.WithdrawnAt = parseTS(at), parseTS(withdrawn)
			f.Orientations = append(f.Orientations, o)
			return err
		}},
	}
	for _, st := range steps {
		if err := eachRow(ctx, tx, st.q, st.args, st.scan); err != nil {
			return f, wrapErr(err)
		}
	}
	for i := range f.Carnets {
		c := &f.Carnets[i]
		err := eachRow(ctx, tx, `SELECT ch.number, ch.position, ch.state, ch.used_at, ch.place_id, coalesce(pl.name, ''), ch.session_id
			FROM cheque ch LEFT JOIN place pl ON pl.id = ch.place_id WHERE ch.carnet = ? ORDER BY ch.position`, []any{c.Number}, func(r *sql.Rows) error {
			var ch domain.PersonFileCheque
			var used string
			err := r.Scan(&ch.Number, &ch.Position, &ch.State, &used, &ch.Place, &ch.PlaceName, &ch.Session)
			ch.UsedAt = parseTS(used)
			c.Cheques = append(c.Cheques, ch)
			return err
		})
		if err != nil {
			return f, wrapErr(err)
		}
	}
	if h := f.Person.Household; h != 0 {
		f.Household = &domain.PersonFileHousehold{ID: h}
		if err := tx.QueryRowContext(ctx, `SELECT commune FROM household WHERE id = ?`, h).Scan(&f.Household.Commune); err != nil {
			return f, wrapErr(err)
		}
		err := eachRow(ctx, tx, `SELECT id, first_name || ' ' || upper(last_name) FROM person WHERE household_id = ? AND id <> ? AND merged_into IS NULL ORDER BY id`,
			[]any{h, pid}, func(r *sql.Rows) error {
				var m domain.PersonFileHousemate
				err := r.Scan(&m.ID, &m.Name)
				m.Name = strings.TrimSpace(m.Name)
				f.Household.Members = append(f.Household.Members, m)
				return err
			})
		if err != nil {
			return f, wrapErr(err)
		}
	}
	args := []any{}
	for _, id := range ids {
		args = append(args, id)
	}
	err = eachRow(ctx, tx, `SELECT at, user_id, action, entity_id, before, after, detail FROM audit
		WHERE entity = 'person' AND entity_id IN (`+placeholders(len(ids))+`) ORDER BY id`, args, func(r *sql.Rows) error {
		var a domain.PersonFileAudit
		var at string
		err := r.Scan(&at, &a.User, &a.Action, &a.EntityID, &a.Before, &a.After, &a.Detail)
		a.At = parseTS(at)
		f.Audit = append(f.Audit, a)
		return err
	})
	return f, wrapErr(err)
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// Anonymise replaces a person's identity with a pseudonym (coordination only, a reason
// required): names, birth date (the first day of the birth year that keeps the Coop age band of
// every session attended), address, postal code and quotient familial of the record and of the
// records merged into it; the look-alike decisions go, the foyer's address key goes when no one
// else lives there, trainers' free comments go, and the audit trail loses the names, birth dates
// and addresses it held. Carnets, chèques, claims, sessions and figures stay as they were.
func (s *Store) Anonymise(ctx context.Context, by domain.User, id int64, reason string) (domain.Person, error) {
	if err := coordinationOnly(by, "anonymiser une personne"); err != nil {
		return domain.Person{}, err
	}
	if strings.TrimSpace(reason) == "" {
		return domain.Person{}, domain.Errorf(domain.KindInvalid, "motif : obligatoire (par exemple « demande d'effacement de la personne, courrier du 02/03/2027 »)")
	}
	reason, err := domain.ValidateReason(reason)
	if err != nil {
		return domain.Person{}, err
	}
	now := s.now()
	var p domain.Person
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var merged int64
		var anon string
		err := tx.QueryRowContext(ctx, `SELECT coalesce(merged_into, 0), anonymised_at FROM person WHERE id = ?`, id).Scan(&merged, &anon)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.KindNotFound, "personne n°%d introuvable", id)
		} else if err != nil {
			return err
		}
		if merged != 0 {
			return domain.Errorf(domain.KindConflict, "la fiche n°%d a été fusionnée dans la fiche n°%d : anonymisez celle-ci (elle emporte la fiche n°%d)", id, merged, id)
		}
		if anon != "" {
			return domain.Errorf(domain.KindConflict, "la fiche n°%d est déjà anonymisée (le %s)", id, parseTS(anon).Local().Format("02/01/2006"))
		}
		if err := s.anonymiseTx(ctx, tx, by, now, []int64{id}, reason); err != nil {
			return err
		}
		p, err = personByID(ctx, tx, id)
		return err
	})
	return p, err
}

// RetentionDue lists, in order, the live records not yet anonymised whose retention period is
// over (domain.RetentionDue): every programme they hold carnets of ended more than months ago,
// or, without carnet, their last change (record, diagnostic, attendance, follow-up) is that old.
// A carnet of a programme no longer configured keeps its holder.
func (s *Store) RetentionDue(ctx context.Context, by domain.User, months int) ([]int64, error) {
	if err := coordinationOnly(by, "appliquer la durée de conservation"); err != nil {
		return nil, err
	}
	return s.retentionDue(ctx, s.read, months)
}

func (s *Store) retentionDue(ctx context.Context, q querier, months int) ([]int64, error) {
	ends := map[string]time.Time{}
	for _, p := range s.opts.Programmes {
		ends[p.ID] = domain.ProgrammeEnd(p)
	}
	now := s.now()
	var out []int64
	err := eachRow(ctx, q, `SELECT p.id, coalesce((SELECT group_concat(DISTINCT c.programme) FROM carnet c WHERE c.person_id = p.id), ''),
		max(p.created_at,
			coalesce((SELECT max(a.at) FROM audit a WHERE a.entity = 'person' AND a.entity_id = CAST(p.id AS TEXT) AND a.action <> 'person.read'), ''),
			coalesce((SELECT max(d.at) FROM diagnostic d WHERE d.person_id = p.id), ''),
			coalesce((SELECT max(pa.added_at) FROM participant pa WHERE pa.person_id = p.id), ''),
			coalesce((SELECT max(f.at) FROM follow_up f WHERE f.person_id = p.id), ''))
		FROM person p WHERE p.merged_into IS NULL AND p.anonymised_at = '' ORDER BY p.id`, nil, func(r *sql.Rows) error {
		var id int64
		var progs, last string
		if err := r.Scan(&id, &progs, &last); err != nil {
			return err
		}
		var pe []time.Time
		if progs != "" {
			for _, pr := range strings.Split(progs, ",") {
				pe = append(pe, ends[pr]) // unknown programme: zero, never due
			}
		}
		if domain.RetentionDue(pe, parseTS(last), now, months) {
			out = append(out, id)
		}
		return nil
	})
	return out, wrapErr(err)
}

// ApplyRetention anonymises, in one transaction, the records RetentionDue lists, then
// checkpoints the WAL so that the old pages leave it (the writer runs with secure_delete: freed
// content is zeroed). It returns the ids anonymised.
func (s *Store) ApplyRetention(ctx context.Context, by domain.User, months int) ([]int64, error) {
	if err := coordinationOnly(by, "appliquer la durée de conservation"); err != nil {
		return nil, err
	}
	now := s.now()
	var ids []int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if ids, err = s.retentionDue(ctx, tx, months); err != nil || len(ids) == 0 {
			return err
		}
		return s.anonymiseTx(ctx, tx, by, now, ids, fmt.Sprintf("durée de conservation : programmes terminés depuis plus de %d mois", months))
	})
	if err != nil {
		return nil, err
	}
	if len(ids) > 0 {
		if err := s.Checkpoint(ctx); err != nil {
			return ids, err
		}
	}
	return ids, nil
}

// Checkpoint copies the WAL into the database and truncates it.
func (s *Store) Checkpoint(ctx context.Context) error {
	if s.write == nil {
		return errReadOnly("checkpoint")
	}
	var busy, logFrames, done int
	if err := s.write.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done); err != nil {
		return mapErr(err, s.file)
	}
	if busy != 0 {
		return domain.Errorf(domain.KindConflict, "base %s : le journal (WAL) n'a pas pu être vidé, une lecture était en cours : relancez la commande", s.file)
	}
	return nil
}

// anonymiseTx anonymises the live records ids and the records merged into them, and scrubs
// the audit trail of their identities, with one audit row per record.
func (s *Store) anonymiseTx(ctx context.Context, tx *sql.Tx, by domain.User, now time.Time, ids []int64, reason string) error {
	var pairs []string // old, new for the audit trail
	var own []any      // entity ids of the records
	// merged_into has no index: the merged records are read once, not once per person.
	mergedInto := map[int64][]int64{}
	err := eachRow(ctx, tx, `SELECT id, merged_into FROM person WHERE merged_into IS NOT NULL ORDER BY id`, nil, func(r *sql.Rows) error {
		var m, into int64
		err := r.Scan(&m, &into)
		mergedInto[into] = append(mergedInto[into], m)
		return err
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		group := append([]int64{id}, mergedInto[id]...)
		var days []time.Time
		err = eachRow(ctx, tx, `SELECT s.start_at FROM participant pa JOIN session s ON s.id = pa.session_id WHERE pa.person_id = ?`, []any{id}, func(r *sql.Rows) error {
			var at string
			err := r.Scan(&at)
			t := parseTS(at)
			days = append(days, t, t.Local())
			return err
		})
		if err != nil {
			return err
		}
		for _, rid := range group {
			p, err := scanPerson(tx.QueryRowContext(ctx, `SELECT `+personColumns+` FROM person WHERE id = ?`, rid))
			if err != nil {
				return err
			}
			pseudo := domain.Pseudonym(rid)
			pairs = append(pairs, identityPairs(p, pseudo)...)
			own = append(own, strconv.FormatInt(rid, 10))
			birth := domain.AnonymousBirthDate(p.BirthDate, days)
			if _, err := tx.ExecContext(ctx, `UPDATE person SET last_name = ?, first_name = '', norm_last = '', norm_first = '', birth_date = ?,
				address = '', postal_code = '', quotient_familial = NULL, anonymised_at = ? WHERE id = ?`,
				pseudo, birth.Format("2006-01-02"), ts(now), rid); err != nil {
				return err
			}
			if p.Household != 0 {
				// The foyer's address key is the street line: it goes once no one else with an
				// identity lives there.
				if _, err := tx.ExecContext(ctx, `UPDATE household SET address_key = '', label = '' WHERE id = ?1
					AND NOT EXISTS (SELECT 1 FROM person WHERE household_id = ?1 AND anonymised_at = '' AND merged_into IS NULL)`, p.Household); err != nil {
					return err
				}
			}
			for _, q := range []string{
				`DELETE FROM person_distinct WHERE person_id = ?1 OR other_id = ?1`,
				`UPDATE follow_up SET comment = '' WHERE person_id = ? AND comment <> ''`,
				`UPDATE follow_up_note SET comment = '' WHERE person_id = ? AND comment <> ''`,
				// A refusal of the sheet's closing starts with the person's name.
				`UPDATE participant SET refusal = '' WHERE person_id = ? AND refusal <> ''`,
				// Free text about the person; an extra carnet's reason stays marked, so the
				// report still counts it.
				`UPDATE orientation SET note = '', withdrawn_reason = '' WHERE person_id = ? AND (note <> '' OR withdrawn_reason <> '')`,
				`UPDATE carnet SET extra_reason = 'motif effacé à l''anonymisation' WHERE person_id = ? AND extra_reason <> ''`,
				// The import row keeps its key so that the old spreadsheet imported again does
				// not register the person anew. The key is a SHA-256 of the folded names, birth
				// date, carnet and day: no name is stored, but someone holding a guess and the
				// carnet number could confirm it. The row's line, which with the spreadsheet
				// would name them outright, goes.
				`UPDATE import_row SET line = 0 WHERE person_id = ?`,
			} {
				if _, err := tx.ExecContext(ctx, q, rid); err != nil {
					return err
				}
			}
		}
	}
	// Longest first: a full name is replaced before the last name it holds.
	type pair struct{ old, new string }
	var list []pair
	seen := map[string]bool{}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i] != "" && !seen[pairs[i]] {
			seen[pairs[i]] = true
			list = append(list, pair{pairs[i], pairs[i+1]})
		}
	}
	sort.SliceStable(list, func(i, j int) bool { return len(list[i].old) > len(list[j].old) })
	var args []string
	for _, p := range list {
		args = append(args, p.old, p.new)
	}
	scrub := strings.NewReplacer(args...)
	// The records' own rows lose their before and after (digests of the identity); every row
	// that names the people loses the names.
	for len(own) > 0 { // by 500: SQLite bounds the number of parameters of a statement
		part := own[:min(500, len(own))]
		if _, err := tx.ExecContext(ctx, `UPDATE audit SET before = '', after = '' WHERE entity = 'person' AND entity_id IN (`+placeholders(len(part))+`)
			AND (before <> '' OR after <> '') AND action NOT IN ('person.merge')`, part...); err != nil {
			return err
		}
		for _, id := range part {
			if err := audit(tx, now, by.ID, "person.anonymise", "person", id.(string), "", "", "fiche anonymisée ; motif : "+scrub.Replace(reason)); err != nil {
				return err
			}
		}
		own = own[len(part):]
	}
	if err := scrubAudit(ctx, tx, scrub, len(list)); err != nil {
		return err
	}
	return nil
}

// identityPairs are the texts of p's identity the audit trail may hold, each with what replaces
// it: the names in the forms the program writes, the birth date, the address.
func identityPairs(p domain.Person, pseudo string) []string {
	var out []string
	add := func(old, new string) {
		if strings.TrimSpace(old) != "" && len([]rune(strings.TrimSpace(old))) >= 2 {
			out = append(out, old, new)
		}
	}
	add(p.FullName(), pseudo)
	add(p.ListName(), pseudo)
	add(p.FirstName+" "+strings.ToUpper(p.LastName), pseudo)
	add(p.LastName+" "+p.FirstName, pseudo)
	add(strings.ToUpper(p.LastName)+" "+p.FirstName, pseudo)
	add(p.Address, "(adresse effacée)")
	if !p.BirthDate.IsZero() {
		add(p.BirthDate.Format("2006-01-02"), "(date effacée)")
		add(p.BirthDate.Format("02/01/2006"), "(date effacée)")
	}
	return out
}

// scrubAudit rewrites the audit rows whose texts hold one of the replacer's strings. The
// replacer runs in Go over every row that could hold one: a row is read once, whatever the
// number of people anonymised together.
func scrubAudit(ctx context.Context, tx *sql.Tx, scrub *strings.Replacer, n int) error {
	if n == 0 {
		return nil
	}
	type row struct {
		id                    int64
		before, after, detail string
	}
	var changed []row
	err := eachRow(ctx, tx, `SELECT id, before, after, detail FROM audit WHERE before <> '' OR after <> '' OR detail <> ''`, nil, func(r *sql.Rows) error {
		var x row
		if err := r.Scan(&x.id, &x.before, &x.after, &x.detail); err != nil {
			return err
		}
		b, a, d := scrub.Replace(x.before), scrub.Replace(x.after), scrub.Replace(x.detail)
		if b != x.before || a != x.after || d != x.detail {
			changed = append(changed, row{x.id, b, a, d})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, x := range changed {
		if _, err := tx.ExecContext(ctx, `UPDATE audit SET before = ?, after = ?, detail = ? WHERE id = ?`, x.before, x.after, x.detail, x.id); err != nil {
			return err
		}
	}
	return nil
}
