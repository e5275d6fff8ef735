package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"passnum/domain"
)

// DatedRedemption is one chèque a place reported as used on a day, as a spreadsheet gives it:
// Place is the place's id or its name.
type DatedRedemption struct {
	Line   int
	Cheque string
	Place  string
	Day    time.Time // calendar day, at midnight UTC
	// Session names the place's session the chèque paid (« S12 »); "" is the holder's
	// individual accompaniment of the day.
	Session string
}

// ImportBlame is what a refused row is wrong about, for the message to name its column.
type ImportBlame string

const (
	BlameCheque  ImportBlame = "cheque"
	BlameDay     ImportBlame = "day"
	BlamePlace   ImportBlame = "place"
	BlameSession ImportBlame = "session"
)

// ImportedRedemption is one row's outcome. Redemption is the one recorded (domain.ImportRecorded) or
// found (domain.ImportAlready).
type ImportedRedemption struct {
	DatedRedemption
	Outcome    domain.ImportOutcome
	Redemption Redemption
	Err        error
	Blame      ImportBlame
}

// RedemptionImport is a spreadsheet of used chèques to record. File is its name, for the audit
// rows; a dry run records nothing; SkipInvalid records the good rows when some are refused.
type RedemptionImport struct {
	File        string
	Rows        []DatedRedemption
	DryRun      bool
	SkipInvalid bool
}

// ImportRedemptions records the chèques a place reported as used, each on its day, through the
// very guarded update of a redemption at the desk (redeemTx): a chèque is used at most once
// whatever the file says or whoever redeems it at the same moment. A row the ledger already
// holds — the chèque used at that place that day — is recognised and left alone, so the same
// file imported twice changes nothing. Everything runs in one transaction, each row in a
// savepoint so a refused one leaves no trace; a dry run rolls the transaction back, so the
// preview is exactly what the import would do. Unless SkipInvalid, one refused row writes
// nothing: the outcomes come back with a conflict error counting the refused rows.
func (s *Store) ImportRedemptions(ctx context.Context, by domain.User, imp RedemptionImport) ([]ImportedRedemption, error) {
	if err := domain.Authorize(by, domain.ActImport, domain.Scope{}); err != nil {
		return nil, err
	}
	now := s.now()
	note := "import fichier " + filepath.Base(imp.File)
	out := make([]ImportedRedemption, len(imp.Rows))
	places := map[string]placeLookup{}
	_, said, err := s.importTx(ctx, domain.ImportOptions{DryRun: imp.DryRun, SkipInvalid: imp.SkipInvalid}, len(imp.Rows), func(tx *sql.Tx, i int) (bool, error) {
		row := imp.Rows[i]
		res, err := s.importRedemption(ctx, tx, by, now, row, fmt.Sprintf("%s, ligne %d", note, row.Line), places)
		out[i] = res
		return res.Outcome == domain.ImportRefused, err
	}, func(*sql.Tx) error { return nil })
	if !said {
		return nil, err
	}
	return out, err
}

type placeLookup struct {
	place domain.Place
	err   error
}

// importRedemption imports one row inside the import's transaction. A refusal is an outcome;
// the error is a ledger that could not be read or written.
func (s *Store) importRedemption(ctx context.Context, tx *sql.Tx, by domain.User, now time.Time, row DatedRedemption, note string, places map[string]placeLookup) (ImportedRedemption, error) {
	res := ImportedRedemption{DatedRedemption: row}
	refuse := func(b ImportBlame, err error) (ImportedRedemption, error) {
		switch domain.KindOf(err) {
		case domain.KindInvalid, domain.KindNotFound, domain.KindConflict:
			res.Outcome, res.Err, res.Blame = domain.ImportRefused, err, b
			return res, nil
		}
		return res, err
	}
	pl, ok := places[row.Place]
	if !ok {
		pl.place, pl.err = importPlace(ctx, tx, row.Place)
		places[row.Place] = pl
	}
	if pl.err != nil {
		return refuse(BlamePlace, pl.err)
	}
	var issued string
	ch, programme, err := s.scanCheque(tx.QueryRowContext(ctx, `SELECT `+chequeColumns+`, c.issued_at
		FROM cheque ch JOIN carnet c ON c.number = ch.carnet LEFT JOIN place pl ON pl.id = ch.place_id WHERE ch.number = ?`, row.Cheque), &issued)
	if errors.Is(err, sql.ErrNoRows) {
		return refuse(BlameCheque, domain.Errorf(domain.KindNotFound, "chèque %s inconnu du registre — vérifiez le numéro (carnet-position, par exemple 600001-03)", row.Cheque))
	} else if err != nil {
		return res, err
	}
	if used := ch.State == domain.ChequeUsed || ch.State == domain.ChequeReimbursed; used &&
		ch.UsedPlace == pl.place.ID && domain.CalendarDay(ch.UsedAt).Equal(domain.Day(row.Day)) {
		res.Outcome = domain.ImportAlready
		res.Redemption = Redemption{Cheque: ch, Place: pl.place, Session: ch.Session}
		return res, nil
	}
	if err := domain.RedeemRefusal(ch); err != nil {
		return refuse(BlameCheque, err)
	}
	if err := domain.DatedRedemptionRefusal(ch, row.Day, parseTS(issued), now); err != nil {
		return refuse(BlameDay, err)
	}
	prog, err := s.programme(programme)
	if err != nil {
		return res, err
	}
	// Noon of the day in the territory (a sheet then shows an accompaniment at 12:00, not at
	// midnight), no later than now, and never before the hand-over when the carnet was handed
	// over that very day: a chèque is never used before its carnet is out.
	at := time.Date(row.Day.Year(), row.Day.Month(), row.Day.Day(), 12, 0, 0, 0, time.Local)
	if at.After(now) {
		at = now
	}
	if t := parseTS(issued); t.After(at) {
		at = t
	}
	if err := prog.ChequeUsableOn(row.Cheque, at); err != nil {
		return refuse(BlameDay, err)
	}
	place := pl.place
	req := redeemReq{number: row.Cheque, placeID: place.ID, place: &place, at: at, imported: note}
	if row.Session != "" {
		sess, err := s.importSession(ctx, tx, place, row.Session, at)
		if err != nil {
			return refuse(BlameSession, err)
		}
		switch {
		case sess.Start.After(now):
			return refuse(BlameSession, domain.Errorf(domain.KindInvalid, "la séance %s n'a pas encore eu lieu (le %s à %s) : ses chèques s'importent une fois la séance passée",
				sess.ID, sess.Start.Local().Format("02/01/2006"), sess.Start.Local().Format("15:04")))
		case sess.Start.After(at):
			req.at = sess.Start
		}
		req.session = &sess
	}
	r, err := s.redeemTx(ctx, tx, by, now, req)
	if err != nil {
		b := BlameCheque
		if !place.Qualified {
			b = BlamePlace
		}
		return refuse(b, err)
	}
	res.Outcome, res.Redemption = domain.ImportRecorded, r
	return res, nil
}

// importSession is the place's session a row names, held that day: the row's words, not the
// desk's (no « aujourd'hui », no --session), and the day's sessions to choose from.
func (s *Store) importSession(ctx context.Context, tx *sql.Tx, place domain.Place, value string, at time.Time) (domain.Session, error) {
	day := at.Local().Format("02/01/2006")
	sess, err := sessionNamed(ctx, tx, value)
	switch {
	case err != nil:
		return sess, err
	case sess.ID != "" && sess.Place != place.ID:
		return sess, domain.Errorf(domain.KindInvalid, "la séance %s a lieu à %s, pas à %s", sess.ID, sess.PlaceName, place.Name)
	case sess.ID != "" && !domain.CalendarDay(sess.Start).Equal(domain.CalendarDay(at)):
		return sess, domain.Errorf(domain.KindInvalid, "la séance %s a eu lieu le %s, pas le %s", sess.ID, sess.Start.Local().Format("02/01/2006"), day)
	case sess.ID != "":
		return sess, nil
	}
	ids, err := sessionIDsOn(ctx, tx, place.ID, at)
	if err != nil {
		return domain.Session{}, err
	}
	choice := "aucune séance ce jour-là à " + place.Name
	if len(ids) > 0 {
		choice = "les séances de ce jour-là : " + strings.Join(ids, ", ")
	}
	return domain.Session{}, domain.Errorf(domain.KindInvalid, "« %s » n'est pas une séance de %s le %s (%s) — corrigez la cellule, ou videz-la pour un accompagnement individuel", value, place.Name, day, choice)
}

// importPlace finds the place a spreadsheet names: its id, else its name as recorded (accents,
// case and punctuation ignored). Two places of that name are refused: the file must give the id.
func importPlace(ctx context.Context, q querier, text string) (domain.Place, error) {
	p, err := placeBrief(ctx, q, text)
	if domain.KindOf(err) != domain.KindNotFound {
		return p, err
	}
	var ids []string
	err = eachRow(ctx, q, `SELECT id FROM place WHERE norm_name = ? ORDER BY id LIMIT 3`, []any{domain.Normalize(text)}, func(rows *sql.Rows) error {
		var id string
		err := rows.Scan(&id)
		ids = append(ids, id)
		return err
	})
	if err != nil {
		return p, err
	}
	switch len(ids) {
	case 0:
		return p, domain.Errorf(domain.KindNotFound, "lieu « %s » inconnu — écrivez son identifiant ou son nom tel qu'enregistré (la liste des lieux les donne)", text)
	case 1:
		return placeBrief(ctx, q, ids[0])
	}
	return p, domain.Errorf(domain.KindInvalid, "plusieurs lieux s'appellent « %s » (%s…) — écrivez l'identifiant du lieu", text, ids[0]+", "+ids[1])
}

// ImportPlace is the place an import's --place names, by id or name (see importPlace).
func (s *Store) ImportPlace(ctx context.Context, text string) (domain.Place, error) {
	return importPlace(ctx, s.read, text)
}
