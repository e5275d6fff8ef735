package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"passnum/domain"
)

// querier is what reads need, in a transaction or on the read pool.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

const sessionColumns = `s.id, s.place_id, coalesce(pl.name, ''), s.title, s.themes, s.level, s.type, s.start_at, s.duration_minutes,
	s.capacity, s.equipment, s.trainer, s.created_at, s.closed_at,
	(SELECT count(*) FROM participant p WHERE p.session_id = s.id),
	(SELECT count(*) FROM participant p WHERE p.session_id = s.id AND p.present = 1),
	(SELECT count(*) FROM redemption r WHERE r.session_id = 'S' || s.id AND r.cancelled_at IS NULL)`

const sessionFrom = ` FROM session s LEFT JOIN place pl ON pl.id = s.place_id`

// sessionCoreColumns are sessionColumns without the counts, for a redemption that only needs
// the session's rules (place, day, duration, capacity): no sheet is read.
const sessionCoreColumns = `s.id, s.place_id, coalesce(pl.name, ''), s.title, s.themes, s.level, s.type, s.start_at, s.duration_minutes,
	s.capacity, s.equipment, s.trainer, s.created_at, s.closed_at, 0, 0, 0`

func scanSession(row interface{ Scan(...any) error }) (domain.Session, error) {
	var s domain.Session
	var id int64
	var themes, equipment, start, created, closed string
	err := row.Scan(&id, &s.Place, &s.PlaceName, &s.Title, &themes, &s.Level, &s.Type, &start, &s.DurationMinutes,
		&s.Capacity, &equipment, &s.Trainer, &created, &closed, &s.Participants, &s.Present, &s.Redeemed)
	if err != nil {
		return s, err
	}
	s.ID, s.Start, s.CreatedAt = domain.SessionID(id), parseTS(start), parseTS(created)
	if closed != "" {
		s.ClosedAt = parseTS(closed)
	}
	if err := json.Unmarshal([]byte(themes), &s.Themes); err != nil {
		return s, fmt.Errorf("séance %s : %w", s.ID, err)
	}
	if err := json.Unmarshal([]byte(equipment), &s.Equipment); err != nil {
		return s, fmt.Errorf("séance %s : %w", s.ID, err)
	}
	return s, nil
}

func (s *Store) readSession(ctx context.Context, q querier, id string) (domain.Session, error) {
	n, err := domain.ParseSessionID(id)
	if err != nil {
		return domain.Session{}, err
	}
	sess, err := scanSession(q.QueryRowContext(ctx, `SELECT `+sessionColumns+sessionFrom+` WHERE s.id = ?`, n))
	return sess, notFound(err, "séance %s introuvable (passnum sessions list donne les séances)", domain.SessionID(n))
}

func (s *Store) sessionTx(ctx context.Context, tx *sql.Tx, id string) (domain.Session, error) {
	return s.readSession(ctx, tx, id)
}

// sessionCoreTx reads a session's rules, without its counts.
func sessionCoreTx(ctx context.Context, tx *sql.Tx, n int64) (domain.Session, error) {
	sess, err := scanSession(tx.QueryRowContext(ctx, `SELECT `+sessionCoreColumns+sessionFrom+` WHERE s.id = ?`, n))
	return sess, notFound(err, "séance %s introuvable (passnum sessions list donne les séances)", domain.SessionID(n))
}

// Session returns one session with its counts.
func (s *Store) Session(ctx context.Context, id string) (domain.Session, error) {
	return s.readSession(ctx, s.read, id)
}

// SessionsOn lists the sessions starting in [from, to), at one place or everywhere (place "").
func (s *Store) SessionsOn(ctx context.Context, place string, from, to time.Time) ([]domain.Session, error) {
	return sessionsOn(ctx, s.read, place, from, to)
}

func sessionsOn(ctx context.Context, q querier, place string, from, to time.Time) ([]domain.Session, error) {
	query := `SELECT ` + sessionColumns + sessionFrom + ` WHERE s.start_at >= ? AND s.start_at < ?`
	args := []any{ts(from), ts(to)}
	if place != "" {
		query += ` AND s.place_id = ?`
		args = append(args, place)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY s.start_at, s.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Session
	for rows.Next() {
		sess, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sess)
	}
	return out, rows.Err()
}

// CreateSession records a session at a place: a trainer at their own place, a coordinator
// anywhere. The trainer defaults to whoever creates it.
func (s *Store) CreateSession(ctx context.Context, by domain.User, sess domain.Session) (domain.Session, error) {
	sess, err := domain.ValidateSession(sess)
	if err != nil {
		return sess, err
	}
	if err := domain.Authorize(by, domain.ActManageSessions, domain.Scope{Place: sess.Place}); err != nil {
		return sess, err
	}
	if err := domain.SessionPlanRefusal(s.Programmes(), sess); err != nil {
		return sess, err
	}
	if sess.Trainer == "" {
		sess.Trainer = by.ID
	}
	now := s.now()
	var out domain.Session
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.placeTx(tx, sess.Place); err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT INTO session(place_id, title, themes, level, type, start_at, duration_minutes, capacity, equipment, trainer, created_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?)`, sess.Place, sess.Title, js(sess.Themes), sess.Level, sess.Type, ts(sess.Start), sess.DurationMinutes,
			sess.Capacity, js(sess.Equipment), sess.Trainer, ts(now))
		if err != nil {
			return err
		}
		n, _ := res.LastInsertId()
		id := domain.SessionID(n)
		digest := fmt.Sprintf("%s %s, %s, %d min, %d place(s) : %s", sess.Type, id, sess.Start.Local().Format("02/01/2006 15:04"), sess.DurationMinutes, sess.Capacity, sess.Title)
		if err := audit(tx, now, by.ID, "session.create", "session", id, "", digest, "lieu "+sess.Place); err != nil {
			return err
		}
		out, err = s.sessionTx(ctx, tx, id)
		return err
	})
	return out, err
}

// manageSession reads a session inside a transaction and checks that the user may keep its sheet.
func (s *Store) manageSession(ctx context.Context, tx *sql.Tx, by domain.User, id string) (domain.Session, int64, error) {
	sess, err := s.sessionTx(ctx, tx, id)
	if err != nil {
		return sess, 0, err
	}
	if err := domain.Authorize(by, domain.ActManageSessions, domain.Scope{Place: sess.Place}); err != nil {
		return sess, 0, err
	}
	n, _ := domain.ParseSessionID(sess.ID)
	return sess, n, nil
}

const participantColumns = `p.id, coalesce(p.person_id, 0), coalesce(pe.first_name, ''), coalesce(pe.last_name, ''), coalesce(pe.birth_date, ''),
	coalesce(pe.status, ''), coalesce(p.cheque, ''), p.anonymous, p.gender, p.age_band, p.social_status, p.present,
	coalesce((SELECT group_concat(r.cheque, ',') FROM redemption r WHERE r.participant_id = p.id AND r.cancelled_at IS NULL), ''),
	coalesce(f.autonomy, ''), coalesce(f.comment, ''), coalesce(f.pix, ''), p.refusal`

const participantFrom = ` FROM participant p LEFT JOIN person pe ON pe.id = p.person_id
	LEFT JOIN follow_up f ON f.session_id = p.session_id AND f.person_id = p.person_id`

// participants reads the sheet lines of a session matching a condition; a registered person's
// Coop profile is derived on the session's day.
func participants(ctx context.Context, q querier, sess domain.Session, where string, args ...any) ([]domain.Participant, error) {
	n, _ := domain.ParseSessionID(sess.ID)
	sheets, err := sheetsOf(ctx, q, map[int64]domain.Session{n: sess}, `p.session_id = ? `+where, append([]any{n}, args...)...)
	return sheets[n], err
}

// sheetsOf reads, in one query, the sheet lines of the sessions the condition selects, grouped
// by session: an export of a month reads every sheet without a query per session.
func sheetsOf(ctx context.Context, q querier, sessions map[int64]domain.Session, where string, args ...any) (map[int64][]domain.Participant, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.session_id, `+participantColumns+participantFrom+` WHERE `+where+` ORDER BY p.session_id, p.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]domain.Participant{}
	for rows.Next() {
		var sn int64
		var p domain.Participant
		var first, last, birth, status, cheques string
		var anonymous, present int
		if err := rows.Scan(&sn, &p.ID, &p.PersonID, &first, &last, &birth, &status, &p.Cheque, &anonymous, &p.Profile.Gender, &p.Profile.AgeBand,
			&p.Profile.Status, &present, &cheques, &p.Autonomy, &p.Comment, &p.Pix, &p.Refusal); err != nil {
			return nil, err
		}
		sess, ok := sessions[sn]
		if !ok {
			continue
		}
		p.Session = sess.ID
		p.Anonymous, p.Present = anonymous == 1, present == 1
		p.Name = domain.Person{FirstName: first, LastName: last}.DisplayName() // shown one way everywhere
		if p.PersonID != 0 {
			b, _ := time.Parse("2006-01-02", birth)
			p.Profile = domain.ProfileOf(domain.Person{BirthDate: b, Status: domain.Status(status)}, sess.Start)
		} else if !p.Anonymous {
			p.Profile = domain.CoopProfile{Gender: domain.NotCommunicated, AgeBand: domain.NotCommunicated, Status: domain.NotCommunicated}
		}
		if cheques != "" {
			p.Cheques = strings.Split(cheques, ",")
			sort.Strings(p.Cheques)
		}
		out[sn] = append(out[sn], p)
	}
	return out, rows.Err()
}

func participantTx(ctx context.Context, tx *sql.Tx, sess domain.Session, id int64) (domain.Participant, error) {
	list, err := participants(ctx, tx, sess, `AND p.id = ?`, id)
	if err != nil {
		return domain.Participant{}, err
	}
	if len(list) == 0 {
		return domain.Participant{}, domain.Errorf(domain.KindNotFound, "participant n°%d introuvable sur la feuille de %s", id, sess.ID)
	}
	return list[0], nil
}

// Participants is the attendance sheet of a session, in the order people were added.
func (s *Store) Participants(ctx context.Context, sessionID string) ([]domain.Participant, error) {
	sess, err := s.Session(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	lines, err := participants(ctx, s.read, sess, "")
	if err != nil || len(lines) == 0 {
		return lines, err
	}
	n, _ := domain.ParseSessionID(sess.ID)
	notes, err := followUpNotes(ctx, s.read, `n.session_id = ?`, n)
	for i := range lines {
		lines[i].Notes = notes[lines[i].PersonID]
	}
	return lines, err
}

// followUpNotes reads follow-up notes by person, oldest first.
func followUpNotes(ctx context.Context, q querier, where string, args ...any) (map[int64][]domain.FollowUpNote, error) {
	out := map[int64][]domain.FollowUpNote{}
	err := eachRow(ctx, q, `SELECT n.person_id, n.session_id, s.start_at, n.at, n.autonomy, n.comment, n.pix FROM follow_up_note n JOIN session s ON s.id = n.session_id
		WHERE `+where+` ORDER BY n.person_id, n.at, n.id`, args, func(r *sql.Rows) error {
		var person, session int64
		var start, at string
		var f domain.FollowUpNote
		if err := r.Scan(&person, &session, &start, &at, &f.Autonomy, &f.Comment, &f.Pix); err != nil {
			return err
		}
		f.Session, f.Start, f.At = domain.SessionID(session), parseTS(start), parseTS(at)
		out[person] = append(out[person], f)
		return nil
	})
	return out, err
}

// AddParticipantByCheque puts the holder of a scanned chèque on the sheet. A chèque that will be
// refused is still accepted on the sheet — the person came — and Warning says why now, so the
// trainer can ask for another chèque before the end of the session. Scanning again the chèque of
// someone already on the sheet returns their line; added is false then.
func (s *Store) AddParticipantByCheque(ctx context.Context, by domain.User, sessionID, number string) (p domain.Participant, added bool, err error) {
	return s.addByCheque(ctx, by, sessionID, number, 0)
}

// addByCheque is AddParticipantByCheque; a wantHolder other than 0 refuses a chèque that is not
// in a carnet handed to that person, checked in the transaction that writes the line.
func (s *Store) addByCheque(ctx context.Context, by domain.User, sessionID, number string, wantHolder int64) (p domain.Participant, added bool, err error) {
	number = strings.TrimSpace(number)
	now := s.now()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		sess, n, err := s.manageSession(ctx, tx, by, sessionID)
		if err != nil {
			return err
		}
		ch, programme, err := s.scanCheque(tx.QueryRow(`SELECT `+chequeColumns+` FROM cheque ch JOIN carnet c ON c.number = ch.carnet
			LEFT JOIN place pl ON pl.id = ch.place_id WHERE ch.number = ?`, number))
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.KindNotFound, "chèque %s introuvable : vérifiez le numéro (carnet-position, par exemple 600001-03)", number)
		} else if err != nil {
			return err
		}
		if err := openProgramme(tx, programme); err != nil { // a closed programme's chèque goes on no sheet
			return err
		}
		var holder int64
		if err := tx.QueryRow(`SELECT coalesce(person_id, 0) FROM carnet WHERE number = ?`, ch.Carnet).Scan(&holder); err != nil {
			return err
		}
		if wantHolder != 0 && holder != wantHolder {
			// The refusal names no one: the trainer may not be allowed to read the holder.
			return domain.Errorf(domain.KindConflict, "chèque : %s n'est pas dans un carnet remis à cette personne ; vérifiez le numéro sur le chèque qu'elle vous donne", number)
		}
		var id int64
		var scanned sql.NullString
		err = tx.QueryRow(`SELECT id, cheque FROM participant WHERE session_id = ? AND (cheque = ? OR (person_id = ? AND ? <> 0)) ORDER BY cheque = ? DESC LIMIT 1`,
			n, number, holder, holder, number).Scan(&id, &scanned)
		switch {
		case err == nil && scanned.Valid && scanned.String != number:
			who, err := participantTx(ctx, tx, sess, id)
			if err != nil {
				return err
			}
			// The holder came back with another chèque because the first one will be refused
			// (used, expired…): the new one replaces it. A first chèque that is fine, or
			// already redeemed, stays: changing it silently would hide a mistake.
			earlier, programme, err := s.scanCheque(tx.QueryRow(`SELECT `+chequeColumns+` FROM cheque ch JOIN carnet c ON c.number = ch.carnet
				LEFT JOIN place pl ON pl.id = ch.place_id WHERE ch.number = ?`, scanned.String))
			if err != nil {
				return err
			}
			if contains(who.Cheques, scanned.String) || s.scanWarning(earlier, programme, now) == "" {
				return domain.Errorf(domain.KindConflict, "%s est déjà sur la feuille de %s avec le chèque %s", who.Label(), sess.ID, scanned.String)
			}
			if _, err := tx.Exec(`UPDATE participant SET cheque = ? WHERE id = ?`, number, id); err != nil {
				return err
			}
			if err := audit(tx, now, by.ID, "session.attend", "session", sess.ID, "chèque "+scanned.String, "chèque "+number, who.Label()+" : chèque refusé remplacé"); err != nil {
				return err
			}
		case err == nil && !scanned.Valid:
			// Added by name first: the scanned chèque is theirs, it is the one to redeem.
			if _, err := tx.Exec(`UPDATE participant SET cheque = ? WHERE id = ?`, number, id); err != nil {
				return err
			}
			if err := audit(tx, now, by.ID, "session.attend", "session", sess.ID, "", fmt.Sprintf("participant n°%d", id), "chèque "+number); err != nil {
				return err
			}
		case errors.Is(err, sql.ErrNoRows):
			if err := seatFree(tx, sess, n); err != nil {
				return err
			}
			var person any
			if holder != 0 {
				person = holder
			}
			res, err := tx.Exec(`INSERT INTO participant(session_id, person_id, cheque, present, added_at, added_by) VALUES (?,?,?,1,?,?)`, n, person, number, ts(now), by.ID)
			if err != nil {
				return err
			}
			id, _ = res.LastInsertId()
			added = true
			if err := audit(tx, now, by.ID, "session.attend", "session", sess.ID, "", fmt.Sprintf("participant n°%d", id), "chèque "+number); err != nil {
				return err
			}
		case err != nil:
			return err
		}
		if p, err = participantTx(ctx, tx, sess, id); err != nil {
			return err
		}
		if contains(p.Cheques, number) {
			return nil
		}
		p.Warning = s.scanWarning(ch, programme, now)
		return nil
	})
	return p, added, err
}

// scanWarning says why a scanned chèque will be refused when the sheet is closed, "" if it
// will not.
func (s *Store) scanWarning(ch domain.Cheque, programme string, now time.Time) string {
	if err := domain.RedeemRefusal(s.effective(ch, programme)); err != nil {
		return err.Error()
	}
	prog, err := s.programme(programme)
	if err != nil {
		return err.Error()
	}
	if err := prog.ChequeUsableOn(ch.Number, now); err != nil {
		return err.Error()
	}
	return ""
}

// AddParticipantPerson puts a registered person on the sheet, present; if they are on it already
// their line is returned and added is false.
func (s *Store) AddParticipantPerson(ctx context.Context, by domain.User, sessionID string, personID int64) (p domain.Participant, added bool, err error) {
	now := s.now()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		sess, n, err := s.manageSession(ctx, tx, by, sessionID)
		if err != nil {
			return err
		}
		person, err := scanPerson(tx.QueryRow(`SELECT `+personColumns+` FROM person WHERE id = ?`, personID))
		if err != nil {
			return notFound(err, "personne n°%d introuvable", personID)
		}
		var id int64
		err = tx.QueryRow(`SELECT id FROM participant WHERE session_id = ? AND person_id = ?`, n, personID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			if err := seatFree(tx, sess, n); err != nil {
				return err
			}
			res, err := tx.Exec(`INSERT INTO participant(session_id, person_id, present, added_at, added_by) VALUES (?,?,1,?,?)`, n, personID, ts(now), by.ID)
			if err != nil {
				return err
			}
			id, _ = res.LastInsertId()
			added = true
			if err := audit(tx, now, by.ID, "session.attend", "session", sess.ID, "", person.FullName(), fmt.Sprintf("personne %d", personID)); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		p, err = participantTx(ctx, tx, sess, id)
		return err
	})
	return p, added, err
}

// AddAnonymous puts an anonymous participant on the sheet, counted as the Coop does.
func (s *Store) AddAnonymous(ctx context.Context, by domain.User, sessionID string, profile domain.CoopProfile) (domain.Participant, error) {
	profile, err := domain.ValidateProfile(profile)
	if err != nil {
		return domain.Participant{}, err
	}
	now := s.now()
	var p domain.Participant
	err = s.tx(ctx, func(tx *sql.Tx) error {
		sess, n, err := s.manageSession(ctx, tx, by, sessionID)
		if err != nil {
			return err
		}
		if err := seatFree(tx, sess, n); err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT INTO participant(session_id, anonymous, gender, age_band, social_status, present, added_at, added_by) VALUES (?,1,?,?,?,1,?,?)`,
			n, profile.Gender, profile.AgeBand, profile.Status, ts(now), by.ID)
		if err != nil {
			return err
		}
		id, _ := res.LastInsertId()
		if err := audit(tx, now, by.ID, "session.attend", "session", sess.ID, "", fmt.Sprintf("participant anonyme n°%d", id),
			strings.Join([]string{profile.Gender, profile.AgeBand, profile.Status}, ", ")); err != nil {
			return err
		}
		p, err = participantTx(ctx, tx, sess, id)
		return err
	})
	return p, err
}

// MarkPresence marks a line of the sheet present or absent. Someone whose chèque was redeemed for
// the session cannot be marked absent: the redemption must be cancelled first, so the sheet and
// the money agree.
func (s *Store) MarkPresence(ctx context.Context, by domain.User, sessionID string, participantID int64, present bool) (domain.Participant, error) {
	now := s.now()
	var p domain.Participant
	err := s.tx(ctx, func(tx *sql.Tx) error {
		sess, n, err := s.manageSession(ctx, tx, by, sessionID)
		if err != nil {
			return err
		}
		if p, err = participantTx(ctx, tx, sess, participantID); err != nil {
			return err
		}
		if p.Present == present {
			return nil
		}
		if present {
			if err := seatFree(tx, sess, n); err != nil {
				return err
			}
		}
		if !present && len(p.Cheques) > 0 {
			return domain.Errorf(domain.KindConflict, "%s : chèque %s déjà encaissé pour %s ; annulez d'abord l'encaissement (passnum sessions cancel-redemption %s --reason …)",
				p.Label(), strings.Join(p.Cheques, ", "), sess.ID, p.Cheques[0])
		}
		if _, err := tx.Exec(`UPDATE participant SET present = ? WHERE id = ?`, boolInt(present), participantID); err != nil {
			return err
		}
		if err := audit(tx, now, by.ID, "session.presence", "session", sess.ID, presenceLabel(p.Present), presenceLabel(present), p.Label()); err != nil {
			return err
		}
		p.Present = present
		return nil
	})
	return p, err
}

func presenceLabel(present bool) string {
	if present {
		return "présent"
	}
	return "absent"
}

// SheetRedemption is what closing the sheet did for one participant.
type SheetRedemption struct {
	Participant domain.Participant
	Redeemed    []string // chèques redeemed now
	Already     []string // chèques redeemed earlier for this session: nothing more to do
	Skipped     string   // why no chèque was asked: absent, anonymous
	Err         error    // the refusal, in French
}

// RedeemForSession closes the sheet: for each present participant it redeems the programme's
// chèques per session — the scanned chèque first, then, for a person found by name, their next
// available chèques. Each participant is one transaction, so a refusal for one (already used,
// expired, session too long, full…) leaves the others paid; running it again redeems only what
// is missing.
func (s *Store) RedeemForSession(ctx context.Context, by domain.User, sessionID string) ([]SheetRedemption, error) {
	sess, err := s.Session(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	if err := domain.Authorize(by, domain.ActRedeem, domain.Scope{Place: sess.Place}); err != nil {
		return nil, err
	}
	sheet, err := participants(ctx, s.read, sess, "")
	if err != nil {
		return nil, err
	}
	var out []SheetRedemption
	for _, p := range sheet {
		r := SheetRedemption{Participant: p}
		switch {
		case p.Anonymous:
			r.Skipped = "pas de chèque : participant anonyme, compté dans les statistiques"
		case !p.Present:
			r.Skipped = "pas de chèque : absent(e)"
		default:
			r.Redeemed, r.Already, r.Err = s.redeemParticipant(ctx, by, sess, p)
			if r.Err != nil && domain.KindOf(r.Err) == domain.KindInternal {
				return out, r.Err
			}
		}
		out = append(out, r)
	}
	return out, s.markClosed(ctx, by, sess, out)
}

func (s *Store) redeemParticipant(ctx context.Context, by domain.User, sess domain.Session, p domain.Participant) (redeemed, already []string, err error) {
	now := s.now()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		redeemed = nil
		cur, err := participantTx(ctx, tx, sess, p.ID)
		if err != nil {
			return err
		}
		already = cur.Cheques
		var candidates []string
		if cur.Cheque != "" && !contains(cur.Cheques, cur.Cheque) {
			// The chèque the person handed over is the one to use: never replaced silently.
			candidates = append(candidates, cur.Cheque)
		}
		if cur.PersonID != 0 {
			// Oldest carnet first, but a chèque usable today before one whose programme has
			// ended: picking an expired chèque when a valid one is in the bag would be a refusal
			// for nothing.
			var usable, unusable []string
			err := eachRow(ctx, tx, `SELECT ch.number, c.programme FROM cheque ch JOIN carnet c ON c.number = ch.carnet
				WHERE c.person_id = ? AND c.state = 'remis' AND ch.state = 'disponible' AND ch.number <> ? ORDER BY c.issued_at, c.number, ch.position`,
				[]any{cur.PersonID, cur.Cheque}, func(r *sql.Rows) error {
					var n, programme string
					if err := r.Scan(&n, &programme); err != nil {
						return err
					}
					if prog, err := s.programme(programme); err == nil && prog.ChequeUsableOn(n, now) == nil {
						usable = append(usable, n)
					} else {
						unusable = append(unusable, n)
					}
					return nil
				})
			if err != nil {
				return err
			}
			candidates = append(append(candidates, usable...), unusable...)
		}
		need := 1
		if len(candidates) > 0 || len(already) > 0 {
			first := append(append([]string(nil), already...), candidates...)[0]
			var programme string
			if err := tx.QueryRow(`SELECT c.programme FROM cheque ch JOIN carnet c ON c.number = ch.carnet WHERE ch.number = ?`, first).Scan(&programme); err != nil {
				return err
			}
			prog, err := s.programme(programme)
			if err != nil {
				return err
			}
			need = prog.PerSession() - len(already)
		}
		if need <= 0 {
			return nil
		}
		if len(candidates) == 0 {
			return domain.Errorf(domain.KindConflict, "%s : aucun chèque disponible (carnets épuisés, non remis ou expirés) — scannez l'un de ses chèques", cur.Label())
		}
		if len(candidates) < need {
			return domain.Errorf(domain.KindConflict, "%s : %s, la séance en demande %d", cur.Label(), domain.Plural(len(candidates), "chèque disponible", "chèques disponibles"), need)
		}
		for _, number := range candidates[:need] {
			if _, err := s.redeemTx(ctx, tx, by, now, redeemReq{number: number, placeID: sess.Place, session: &sess, participant: cur.ID}); err != nil {
				return err
			}
			redeemed = append(redeemed, number)
		}
		return nil
	})
	if err != nil {
		redeemed = nil
	}
	return redeemed, already, err
}

// RecordFollowUp records, for a person present at a session, the autonomy the trainer observed
// and a short comment (RecordFollowUpNote without a Pix result).
func (s *Store) RecordFollowUp(ctx context.Context, by domain.User, sessionID string, personID int64, autonomy, comment string) error {
	return s.RecordFollowUpNote(ctx, by, sessionID, personID, domain.FollowUpNote{Autonomy: autonomy, Comment: comment})
}

// RecordFollowUpNote records a follow-up for a person present at a session: the autonomy, a
// short comment and, optionally, a Pix positioning (domain.ParsePix). Each one is kept with its date (the bilan shows
// the history); the sheet and the exports read the latest.
func (s *Store) RecordFollowUpNote(ctx context.Context, by domain.User, sessionID string, personID int64, note domain.FollowUpNote) error {
	autonomy, comment, err := domain.ValidateFollowUp(note.Autonomy, note.Comment)
	if err != nil {
		return err
	}
	positioning, err := domain.ParsePix(note.Pix)
	if err != nil {
		return err
	}
	pix := positioning.Stored()
	now := s.now()
	return s.tx(ctx, func(tx *sql.Tx) error {
		sess, n, err := s.manageSession(ctx, tx, by, sessionID)
		if err != nil {
			return err
		}
		list, err := participants(ctx, tx, sess, `AND p.person_id = ?`, personID)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			person, err := scanPerson(tx.QueryRow(`SELECT `+personColumns+` FROM person WHERE id = ?`, personID))
			if err != nil {
				return notFound(err, "personne n°%d introuvable", personID)
			}
			return domain.Errorf(domain.KindConflict, "%s n'est pas sur la feuille d'émargement de %s : ajoutez-la d'abord (passnum sessions attend %s --person %d)", person.DisplayName(), sess.ID, sess.ID, personID)
		}
		if !list[0].Present {
			return domain.Errorf(domain.KindConflict, "%s était absent(e) à %s : pas de suivi pour une séance manquée", list[0].Label(), sess.ID)
		}
		before := list[0].Autonomy
		if _, err := tx.Exec(`INSERT INTO follow_up(session_id, person_id, autonomy, comment, pix, at, user_id) VALUES (?,?,?,?,?,?,?)
			ON CONFLICT(session_id, person_id) DO UPDATE SET autonomy = excluded.autonomy, comment = excluded.comment, pix = excluded.pix, at = excluded.at, user_id = excluded.user_id`,
			n, personID, autonomy, comment, pix, ts(now), by.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO follow_up_note(session_id, person_id, autonomy, comment, pix, at, user_id) VALUES (?,?,?,?,?,?,?)`,
			n, personID, autonomy, comment, pix, ts(now), by.ID); err != nil {
			return err
		}
		detail := "séance " + sess.ID
		if comment != "" {
			detail += " : " + comment
		}
		if pix != "" {
			detail += " (Pix : " + positioning.String() + ")"
		}
		return audit(tx, now, by.ID, "session.follow_up", "person", strconv.FormatInt(personID, 10), before, autonomy, detail)
	})
}

// Bilan is the follow-up a prescriber receives about the people it sent: per person, sessions
// attended, chèques used, autonomy progression. place narrows it to what happened at one place
// ("" everywhere; a trainer must give their own) and then lists only the people who came there.
func (s *Store) Bilan(ctx context.Context, by domain.User, prescriber, place string) ([]domain.BilanLine, error) {
	if err := domain.Authorize(by, domain.ActBilan, domain.Scope{Prescriber: prescriber, Place: place}); err != nil {
		return nil, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+personColumnsOf("p.")+`, count(c.number) FROM carnet c JOIN person p ON p.id = c.person_id
		WHERE c.prescriber = ? GROUP BY p.id ORDER BY p.norm_last, p.norm_first, p.id`, prescriber)
	if err != nil {
		return nil, err
	}
	var out []domain.BilanLine
	index := map[int64]int{}
	for rows.Next() {
		var b domain.BilanLine
		var err error
		if b.Person, err = scanPerson(rows, &b.Carnets); err != nil {
			rows.Close()
			return nil, err
		}
		p := &b.Person
		index[p.ID] = len(out)
		out = append(out, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	placeCond, args := "", []any{prescriber}
	if place != "" {
		placeCond, args = ` AND s.place_id = ?`, append(args, place)
	}
	chequePlace := ""
	if place != "" {
		chequePlace = ` AND ch.place_id = ?`
	}
	err = eachRow(ctx, s.read, `SELECT c.person_id, count(*) FROM cheque ch JOIN carnet c ON c.number = ch.carnet
		WHERE c.prescriber = ? AND ch.state IN ('utilise','rembourse')`+chequePlace+` GROUP BY c.person_id`, args, func(r *sql.Rows) error {
		var id int64
		var n int
		if err := r.Scan(&id, &n); err != nil {
			return err
		}
		if i, ok := index[id]; ok {
			out[i].ChequesUsed = n
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, s.read, `SELECT pa.person_id, count(DISTINCT pa.session_id), max(s.start_at) FROM participant pa JOIN session s ON s.id = pa.session_id
		WHERE pa.present = 1 AND pa.person_id IN (SELECT person_id FROM carnet WHERE prescriber = ?)`+placeCond+` GROUP BY pa.person_id`, args, func(r *sql.Rows) error {
		var id int64
		var n int
		var last string
		if err := r.Scan(&id, &n, &last); err != nil {
			return err
		}
		if i, ok := index[id]; ok {
			out[i].Sessions, out[i].LastSession = n, parseTS(last)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, s.read, `SELECT f.person_id, f.autonomy, f.comment FROM follow_up f JOIN session s ON s.id = f.session_id
		WHERE f.person_id IN (SELECT person_id FROM carnet WHERE prescriber = ?)`+placeCond+` ORDER BY f.person_id, s.start_at, s.id`, args, func(r *sql.Rows) error {
		var id int64
		var autonomy, comment string
		if err := r.Scan(&id, &autonomy, &comment); err != nil {
			return err
		}
		i, ok := index[id]
		if !ok {
			return nil
		}
		b := &out[i]
		if b.FollowUps == 0 {
			b.FirstAutonomy = autonomy
		}
		b.FollowUps++
		b.LastAutonomy = autonomy
		if comment != "" {
			b.LastComment = comment
		}
		return nil
	})
	if err != nil {
		return out, err
	}
	notes, err := followUpNotes(ctx, s.read, `n.person_id IN (SELECT person_id FROM carnet WHERE prescriber = ?)`+placeCond, args...)
	if err != nil {
		return out, err
	}
	for id, list := range notes {
		if i, ok := index[id]; ok {
			out[i].Notes = list
		}
	}
	if place == "" {
		return out, nil
	}
	// At one place, the bilan names only the people who came there (on a sheet, or with a
	// chèque scanned there): a trainer reads no one else's name.
	came := out[:0]
	for _, b := range out {
		if b.Sessions > 0 || b.ChequesUsed > 0 {
			came = append(came, b)
		}
	}
	return came, nil
}

func eachRow(ctx context.Context, q querier, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
