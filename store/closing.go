package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"passnum/domain"
)

// The closing of a programme (domain/closing.go): a row of programme_closing freezes it. Every
// write on its carnets and chèques calls openProgramme, openCarnet or openCheque inside its own
// transaction, so a closing that commits first refuses the write, and one that commits after
// sees it in its statement.

// openProgramme refuses a write on a closed programme.
func openProgramme(tx *sql.Tx, programme string) error {
	var at string
	err := tx.QueryRow(`SELECT at FROM programme_closing WHERE programme = ?`, programme).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return domain.ProgrammeClosedError(programme, parseTS(at))
}

// openCarnet refuses a write on a carnet of a closed programme (an unknown carnet passes: the
// caller says it is not found).
func openCarnet(tx *sql.Tx, number string) error {
	var programme, at string
	err := tx.QueryRow(`SELECT pc.programme, pc.at FROM carnet c JOIN programme_closing pc ON pc.programme = c.programme WHERE c.number = ?`, number).Scan(&programme, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return domain.ProgrammeClosedError(programme, parseTS(at))
}

// openCheque refuses a write on a chèque of a closed programme.
func openCheque(tx *sql.Tx, number string) error {
	var programme, at string
	err := tx.QueryRow(`SELECT pc.programme, pc.at FROM cheque ch JOIN carnet c ON c.number = ch.carnet
		JOIN programme_closing pc ON pc.programme = c.programme WHERE ch.number = ?`, number).Scan(&programme, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return domain.ProgrammeClosedError(programme, parseTS(at))
}

// ClosingFacts reads what the closing statement of a programme is built from: as it stands
// now before closing, as it was closed (who and when) after.
func (s *Store) ClosingFacts(ctx context.Context, by domain.User, programme string) (domain.ClosingFacts, error) {
	if err := domain.Authorize(by, domain.ActLookup, domain.Scope{}); err != nil {
		return domain.ClosingFacts{}, err
	}
	if _, err := s.programme(programme); err != nil {
		return domain.ClosingFacts{}, err
	}
	tx, err := s.read.BeginTx(ctx, nil)
	if err != nil {
		return domain.ClosingFacts{}, wrapErr(err)
	}
	defer tx.Rollback()
	f, err := closingFacts(ctx, tx, programme)
	if err != nil {
		return f, wrapErr(err)
	}
	if f.At.IsZero() {
		f.At = s.now()
	}
	return f, nil
}

// ClosingStatement is a programme's closing statement: as frozen at its closing once it is
// closed (a claim paid since, a name or a funder's share edited in the configuration change
// nothing), as it stands now before. prescribers name the lines of a statement drawn up now.
// A programme closed by a version that did not keep the statement is drawn up again from the
// ledger, its carnets and chèques frozen since.
func (s *Store) ClosingStatement(ctx context.Context, by domain.User, programme string, prescribers []domain.Prescriber) (domain.Closing, error) {
	if err := domain.Authorize(by, domain.ActLookup, domain.Scope{}); err != nil {
		return domain.Closing{}, err
	}
	prog, err := s.programme(programme)
	if err != nil {
		return domain.Closing{}, err
	}
	var statement string
	err = s.read.QueryRowContext(ctx, `SELECT statement FROM programme_closing WHERE programme = ?`, programme).Scan(&statement)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return domain.Closing{}, wrapErr(err)
	}
	if statement != "" {
		var c domain.Closing
		if err := json.Unmarshal([]byte(statement), &c); err != nil {
			return domain.Closing{}, domain.Errorf(domain.KindInternal, "état de clôture du programme %s illisible dans le registre (%v)", programme, err)
		}
		return c, nil
	}
	f, err := s.ClosingFacts(ctx, by, programme)
	if err != nil {
		return domain.Closing{}, err
	}
	return domain.BuildClosing(prog, prescribers, f), nil
}

// CloseProgramme closes a programme once its tolerance is over (coordination only): the
// statement (its lines named after prescribers) is frozen with the closing, and the audit row
// commits with them. Closing twice is refused.
func (s *Store) CloseProgramme(ctx context.Context, by domain.User, programme string, prescribers []domain.Prescriber) (domain.Closing, error) {
	if err := domain.Authorize(by, domain.ActCloseProgramme, domain.Scope{}); err != nil {
		return domain.Closing{}, err
	}
	prog, err := s.programme(programme)
	if err != nil {
		return domain.Closing{}, err
	}
	now := s.now()
	if err := prog.ClosingAllowed(now); err != nil {
		return domain.Closing{}, err
	}
	var c domain.Closing
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var at, who string
		err := tx.QueryRow(`SELECT at, by_user FROM programme_closing WHERE programme = ?`, programme).Scan(&at, &who)
		if err == nil {
			return domain.Errorf(domain.KindConflict, "programme %s déjà clos le %s par %s : passnum programme closing %s réimprime son état de clôture",
				programme, parseTS(at).Local().Format("02/01/2006"), who, programme)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		f, err := closingFacts(ctx, tx, programme)
		if err != nil {
			return err
		}
		f.At, f.Closed, f.ClosedBy = now, true, by.ID
		c = domain.BuildClosing(prog, prescribers, f)
		statement, err := json.Marshal(c)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO programme_closing(programme, at, by_user, carnets_issued, carnets_not_started, carnets_not_handed,
			cheques_unused, credit_back_cents, claims_open, claims_open_cents, statement) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
			programme, ts(now), by.ID, c.Issued, c.IssuedNotStarted, c.NotHandedOver, c.Unused, c.CreditBackCents, len(c.ClaimsOpen), c.ClaimsCents, string(statement)); err != nil {
			return err
		}
		return audit(tx, now, by.ID, "programme.close", "programme", programme, "ouvert", "clos",
			fmt.Sprintf("%d chèque(s) non utilisé(s), avoir %s, %d demande(s) de remboursement ouverte(s) (%s)",
				c.Unused, domain.Euros(c.CreditBackCents), len(c.ClaimsOpen), domain.Euros(c.ClaimsCents)))
	})
	if err != nil {
		return domain.Closing{}, err
	}
	return c, nil
}

// closingFacts reads the counts of a closing in one transaction: the carnets per prescriber
// (handed over, never started, their available chèques, those never handed over), the open
// claims holding the programme's chèques, and the closing row when there is one.
func closingFacts(ctx context.Context, tx *sql.Tx, programme string) (domain.ClosingFacts, error) {
	var f domain.ClosingFacts
	var at string
	err := tx.QueryRowContext(ctx, `SELECT at, by_user FROM programme_closing WHERE programme = ?`, programme).Scan(&at, &f.ClosedBy)
	switch {
	case err == nil:
		f.At, f.Closed = parseTS(at), true
	case !errors.Is(err, sql.ErrNoRows):
		return f, err
	}
	err = eachRow(ctx, tx, `SELECT c.prescriber,
			count(*) FILTER (WHERE c.state = 'remis'),
			count(*) FILTER (WHERE c.state = 'remis' AND coalesce(u.used, 0) = 0),
			coalesce(sum(u.available) FILTER (WHERE c.state = 'remis'), 0),
			count(*) FILTER (WHERE c.state IN ('en_stock', 'attribue'))
		FROM carnet c LEFT JOIN (SELECT carnet,
				count(*) FILTER (WHERE state IN ('utilise', 'rembourse')) AS used,
				count(*) FILTER (WHERE state = 'disponible') AS available
			FROM cheque GROUP BY carnet) u ON u.carnet = c.number
		WHERE c.programme = ? GROUP BY c.prescriber ORDER BY c.prescriber`, []any{programme}, func(r *sql.Rows) error {
		var l domain.ClosingCounts
		if err := r.Scan(&l.Prescriber, &l.Issued, &l.IssuedNotStarted, &l.Unused, &l.NotHandedOver); err != nil {
			return err
		}
		f.Prescribers = append(f.Prescribers, l)
		return nil
	})
	if err != nil {
		return f, err
	}
	err = eachRow(ctx, tx, `SELECT cl.id, cl.place_id, coalesce(pl.name, ''), cl.month, cl.prepared_at, count(*), sum(ci.value_cents)
		FROM claim cl JOIN claim_item ci ON ci.claim_id = cl.id LEFT JOIN place pl ON pl.id = cl.place_id
		WHERE cl.state = 'preparee' AND ci.programme = ? GROUP BY cl.id ORDER BY cl.month, cl.place_id, cl.id`, []any{programme}, func(r *sql.Rows) error {
		var c domain.OpenClaim
		var id int64
		var prepared string
		if err := r.Scan(&id, &c.Place, &c.PlaceName, &c.Month, &prepared, &c.Cheques, &c.Cents); err != nil {
			return err
		}
		c.ID, c.PreparedAt = domain.ClaimID(id), parseTS(prepared)
		f.ClaimsOpen = append(f.ClaimsOpen, c)
		return nil
	})
	return f, err
}
