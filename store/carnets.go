package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"passnum/domain"
)

// CarnetSpec is one carnet received from the operator: its number and, when the operator's
// file gives them, the printed numbers of its chèques.
type CarnetSpec struct {
	Number  string
	Cheques []string
	Line    int // its line in the delivery file, 0 when typed
}

// where names a carnet of a delivery the way the coordinator finds it: its file line, or its rank.
func (sp CarnetSpec) where(i int) string {
	if sp.Line > 0 {
		return fmt.Sprintf("ligne %d", sp.Line)
	}
	return fmt.Sprintf("carnet n°%d", i+1)
}

// chequeNumbers are the printed numbers of the carnet's chèques, given or derived.
func (sp CarnetSpec) chequeNumbers(perCarnet int) []string {
	if len(sp.Cheques) > 0 {
		return sp.Cheques
	}
	nums := make([]string, perCarnet)
	for pos := 1; pos <= perCarnet; pos++ {
		nums[pos-1] = domain.ChequeNumber(sp.Number, pos)
	}
	return nums
}

// ReceiveOptions are the coordinator's answers to what a delivery may be refused for.
type ReceiveOptions struct {
	// OverBudget accepts a delivery that brings the value received above the programme's
	// budget; Reason (required then) says why, and goes to the journal with the overrun.
	OverBudget bool
	Reason     string
}

// ReceiveCarnets records a delivery of carnets in stock, all or nothing: a crash or a duplicate
// number midway leaves the ledger as it was. A delivery above the programme's budget is
// refused (see ReceiveCarnetsWith).
func (s *Store) ReceiveCarnets(ctx context.Context, by domain.User, programme string, specs []CarnetSpec) error {
	_, err := s.ReceiveCarnetsWith(ctx, by, programme, specs, ReceiveOptions{})
	return err
}

// ReceiveCarnetsWith records a delivery like ReceiveCarnets. The value received by the
// programme (its carnets already received, voided ones too, plus these) may not exceed its
// budget, counted in the same transaction, unless opts.OverBudget says it is wanted, with a
// reason. It returns the programme's budget once the delivery is in.
func (s *Store) ReceiveCarnetsWith(ctx context.Context, by domain.User, programme string, specs []CarnetSpec, opts ReceiveOptions) (domain.Budget, error) {
	var budget domain.Budget
	if err := domain.Authorize(by, domain.ActManageStock, domain.Scope{}); err != nil {
		return budget, err
	}
	prog, err := s.programme(programme)
	if err != nil {
		return budget, err
	}
	opts.Reason = strings.TrimSpace(opts.Reason)
	switch {
	case opts.OverBudget && opts.Reason == "":
		return budget, domain.Errorf(domain.KindInvalid, "--over-budget : indiquez aussi --reason \"…\" : pourquoi le budget du programme est dépassé (c'est noté au journal)")
	case !opts.OverBudget && opts.Reason != "":
		return budget, domain.Errorf(domain.KindInvalid, "--reason ne sert à la réception qu'avec --over-budget (accepter un dépassement du budget)")
	}
	if _, err := domain.ValidateReason(opts.Reason); opts.Reason != "" && err != nil {
		return budget, err
	}
	if len(specs) == 0 {
		return budget, domain.Errorf(domain.KindInvalid, "aucun carnet à recevoir")
	}
	if err := s.receive(ctx, by, prog, specs, opts, &budget); err != nil {
		return domain.Budget{}, err
	}
	return budget, nil
}

func (s *Store) receive(ctx context.Context, by domain.User, prog domain.Programme, specs []CarnetSpec, opts ReceiveOptions, budget *domain.Budget) error {
	for i, sp := range specs {
		if !domain.ValidNumber(sp.Number) {
			return domain.Errorf(domain.KindInvalid, "carnet n°%d : numéro %q invalide (chiffres, lettres, tirets, 40 caractères au plus)", i+1, sp.Number)
		}
		if len(sp.Cheques) != 0 && len(sp.Cheques) != prog.ChequesPerCarnet {
			return domain.Errorf(domain.KindInvalid, "carnet %s : %d chèques donnés, le programme %s en compte %d par carnet", sp.Number, len(sp.Cheques), prog.Name, prog.ChequesPerCarnet)
		}
	}
	// A lookup by number must name one thing: a chèque number may not be a carnet number,
	// in this delivery or in the ledger.
	carnets := map[string]int{}
	for i, sp := range specs {
		carnets[sp.Number] = i
	}
	for i, sp := range specs {
		for _, n := range sp.chequeNumbers(prog.ChequesPerCarnet) {
			if j, clash := carnets[n]; clash {
				return domain.Errorf(domain.KindInvalid, "%s : le chèque %s porte le numéro du carnet %s (%s) ; un numéro ne peut désigner qu'un carnet ou qu'un chèque, rien n'a été reçu", sp.where(i), n, n, specs[j].where(j))
			}
		}
	}
	now := s.now()
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := openProgramme(tx, prog.ID); err != nil {
			return err
		}
		// The budget first: it is counted in this transaction, so two deliveries at once
		// cannot both fit in what is left.
		var already int
		if err := tx.QueryRow(`SELECT count(*) FROM carnet WHERE programme = ?`, prog.ID).Scan(&already); err != nil {
			return err
		}
		b, err := domain.ReceiveOverBudget(prog, already, len(specs), opts.OverBudget)
		if err != nil {
			return err
		}
		*budget = b
		for i, sp := range specs {
			var clash int
			if err := tx.QueryRow(`SELECT count(*) FROM cheque WHERE number = ?`, sp.Number).Scan(&clash); err != nil {
				return err
			}
			if clash > 0 {
				return domain.Errorf(domain.KindConflict, "%s : le numéro de carnet %s est déjà celui d'un chèque enregistré ; rien n'a été reçu", sp.where(i), sp.Number)
			}
			for _, n := range sp.chequeNumbers(prog.ChequesPerCarnet) {
				if err := tx.QueryRow(`SELECT count(*) FROM carnet WHERE number = ?`, n).Scan(&clash); err != nil {
					return err
				}
				if clash > 0 {
					return domain.Errorf(domain.KindConflict, "%s : le chèque %s porte le numéro d'un carnet déjà enregistré ; rien n'a été reçu", sp.where(i), n)
				}
			}
		}
		insCarnet, err := tx.Prepare(`INSERT INTO carnet(number, programme, state, received_at) VALUES (?,?,'en_stock',?)`)
		if err != nil {
			return err
		}
		defer insCarnet.Close()
		insCheque, err := tx.Prepare(`INSERT INTO cheque(number, carnet, position, state) VALUES (?,?,?,'inactif')`)
		if err != nil {
			return err
		}
		defer insCheque.Close()
		at := ts(now)
		for i, sp := range specs {
			if _, err := insCarnet.Exec(sp.Number, prog.ID, at); err != nil {
				if isConstraint(err) {
					return domain.Errorf(domain.KindConflict, "%s : le carnet %s est déjà enregistré : rien n'a été reçu, retirez-le de la livraison", sp.where(i), sp.Number)
				}
				return err
			}
			for pos, num := range sp.chequeNumbers(prog.ChequesPerCarnet) {
				if _, err := insCheque.Exec(num, sp.Number, pos+1); err != nil {
					if isConstraint(err) {
						return domain.Errorf(domain.KindConflict, "%s : le chèque %s (carnet %s) est déjà enregistré : rien n'a été reçu", sp.where(i), num, sp.Number)
					}
					return err
				}
			}
		}
		detail := fmt.Sprintf("%d carnets, du %s au %s", len(specs), specs[0].Number, specs[len(specs)-1].Number)
		if b.OverBudget {
			detail += fmt.Sprintf(" ; hors budget : %s ; motif : %s", b.Text(), opts.Reason)
		}
		return audit(tx, now, by.ID, "carnet.receive", "programme", prog.ID, "", string(domain.CarnetInStock), detail)
	})
}

// AllocateCarnets hands count carnets of the programme in stock to a prescriber, oldest first.
func (s *Store) AllocateCarnets(ctx context.Context, by domain.User, programme, prescriber string, count int) ([]string, error) {
	if err := domain.Authorize(by, domain.ActManageStock, domain.Scope{}); err != nil {
		return nil, err
	}
	if _, err := s.programme(programme); err != nil {
		return nil, err
	}
	if count <= 0 {
		return nil, domain.Errorf(domain.KindInvalid, "--count : indiquez un nombre de carnets supérieur à 0")
	}
	now := s.now()
	var numbers []string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := openProgramme(tx, programme); err != nil {
			return err
		}
		rows, err := tx.Query(`SELECT number FROM carnet WHERE programme = ? AND state = 'en_stock' ORDER BY rowid LIMIT ?`, programme, count)
		if err != nil {
			return err
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return err
			}
			numbers = append(numbers, n)
		}
		rows.Close()
		if len(numbers) < count {
			return domain.Errorf(domain.KindConflict, "stock insuffisant : %s en stock pour ce programme, %d demandés", domain.Plural(len(numbers), "carnet", "carnets"), count)
		}
		for _, n := range numbers {
			if err := allocateTx(tx, n, prescriber, now); err != nil {
				return err
			}
			if err := audit(tx, now, by.ID, "carnet.allocate", "carnet", n, string(domain.CarnetInStock), string(domain.CarnetAllocated), "prescripteur "+prescriber); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return numbers, nil
}

// IssueCarnet hands a carnet over to a person after checking, in the same transaction, the
// carnet's state and prescriber, the calendar, the person's eligibility and consent, and the caps
// of the person and of their foyer; the carnet keeps the public the person matched.
func (s *Store) IssueCarnet(ctx context.Context, by domain.User, number string, personID int64) error {
	return s.IssueCarnetFor(ctx, by, number, personID, domain.HandOverRequest{})
}

// IssueCarnetFor is IssueCarnet with what the desk said at the hand-over: whether an adviser
// accompanies the person (the programme's accompanied cap), and the reason of a carnet asked
// beyond the cap (extra_on_request). Both are kept on the carnet and in the audit.
func (s *Store) IssueCarnetFor(ctx context.Context, by domain.User, number string, personID int64, req domain.HandOverRequest) error {
	reason, err := domain.ValidateExtraReason(req.ExtraReason)
	if err != nil {
		return err
	}
	req.ExtraReason = reason
	now := s.now()
	return s.tx(ctx, func(tx *sql.Tx) error {
		c, err := carnetRow(tx.QueryRow(`SELECT `+carnetColumns+` FROM carnet WHERE number = ?`, number))
		if err != nil {
			return notFound(err, "carnet %s introuvable : vérifiez le numéro imprimé sur la couverture", number)
		}
		if err := openProgramme(tx, c.Programme); err != nil {
			return err
		}
		if err := domain.Authorize(by, domain.ActIssue, domain.Scope{Prescriber: c.Prescriber}); err != nil {
			return err
		}
		if c.State == domain.CarnetInStock {
			return domain.Errorf(domain.KindConflict, "le carnet %s est encore en stock : il doit d'abord être attribué à un prescripteur (passnum carnets allocate)", number)
		}
		if err := domain.CarnetTransition(number, c.State, domain.CarnetIssued); err != nil {
			return err
		}
		prog, err := s.programme(c.Programme)
		if err != nil {
			return err
		}
		if err := prog.DistributionOpen(now); err != nil {
			return err
		}
		p, err := personByID(ctx, tx, personID)
		if err != nil {
			return err
		}
		h, err := s.holding(ctx, tx, prog, p)
		if err != nil {
			return err
		}
		st := domain.CheckHandOver(prog, p, s.opts.Communes, now, h, req)
		if !st.CanIssue() {
			return st.Refusal
		}
		extra := ""
		if st.Extra {
			extra = req.ExtraReason
		}
		if err := issueTx(tx, number, p.ID, now, st.Public.ID, req.Accompanied, extra); err != nil {
			return err
		}
		detail := fmt.Sprintf("personne %d, public %s", p.ID, st.Public.ID)
		// Free text about the person stays in the carnet row (wiped by anonymisation), never in
		// the audit trail, which only scrubs names.
		if req.Accompanied {
			detail += ", avec l'accompagnement d'un conseiller"
		}
		if extra != "" {
			detail += ", carnet supplémentaire sur demande (motif au dossier)"
		}
		return audit(tx, now, by.ID, "carnet.issue", "carnet", number, string(c.State), string(domain.CarnetIssued), detail)
	})
}

// allocateTx gives a carnet of the central stock to a prescriber; a carnet that left the stock
// meanwhile is a conflict.
func allocateTx(tx *sql.Tx, number, prescriber string, at time.Time) error {
	res, err := tx.Exec(`UPDATE carnet SET state = 'attribue', prescriber = ?, allocated_at = ? WHERE number = ? AND state = 'en_stock'`, prescriber, ts(at), number)
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k != 1 {
		return domain.Errorf(domain.KindConflict, "le carnet %s a changé pendant l'attribution : réessayez", number)
	}
	return nil
}

// issueTx hands an allocated carnet over to a person, checked by the caller, and makes its
// chèques usable; a carnet handed over meanwhile is a conflict.
func issueTx(tx *sql.Tx, number string, personID int64, at time.Time, public string, accompanied bool, extra string) error {
	res, err := tx.Exec(`UPDATE carnet SET state = 'remis', person_id = ?, issued_at = ?, public = ?, accompanied = ?, extra_reason = ? WHERE number = ? AND state = 'attribue'`,
		personID, ts(at), public, boolInt(accompanied), extra, number)
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k != 1 {
		return domain.Errorf(domain.KindConflict, "le carnet %s vient d'être remis par quelqu'un d'autre", number)
	}
	_, err = tx.Exec(`UPDATE cheque SET state = 'disponible' WHERE carnet = ? AND state = 'inactif'`, number)
	return err
}

// VoidCarnet cancels a lost or damaged carnet; its unused chèques can no longer be redeemed.
func (s *Store) VoidCarnet(ctx context.Context, by domain.User, number, reason string) error {
	return s.VoidCarnets(ctx, by, []string{number}, reason)
}

// VoidCarnets cancels lost or damaged carnets, all or nothing: one that cannot be voided
// leaves every other one as it was.
func (s *Store) VoidCarnets(ctx context.Context, by domain.User, numbers []string, reason string) error {
	if err := domain.Authorize(by, domain.ActManageStock, domain.Scope{}); err != nil {
		return err
	}
	if reason == "" {
		return domain.Errorf(domain.KindInvalid, "--reason : indiquez pourquoi le carnet est annulé (perdu, abîmé…)")
	}
	if _, err := domain.ValidateReason(reason); err != nil {
		return err
	}
	if len(numbers) == 0 {
		return domain.Errorf(domain.KindInvalid, "aucun carnet à annuler")
	}
	// Of a list, say that none was voided.
	none := func(err error) error {
		if len(numbers) == 1 {
			return err
		}
		return domain.Errorf(domain.KindOf(err), "%s ; rien n'a été annulé", err.Error())
	}
	now := s.now()
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, number := range numbers {
			c, err := carnetRow(tx.QueryRow(`SELECT `+carnetColumns+` FROM carnet WHERE number = ?`, number))
			if err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return none(domain.Errorf(domain.KindNotFound, "carnet %s introuvable", number))
				}
				return err
			}
			if err := openProgramme(tx, c.Programme); err != nil {
				return none(err)
			}
			if err := domain.CarnetTransition(number, c.State, domain.CarnetVoid); err != nil {
				return none(err)
			}
			if err := voidCarnet(tx, now, by, c, reason); err != nil {
				return err
			}
		}
		return nil
	})
}

// voidCarnet voids one carnet read in tx and its unused chèques, with its audit row: the lost
// carnets the coordination voids and the one a desk declares lost.
func voidCarnet(tx *sql.Tx, now time.Time, by domain.User, c domain.Carnet, reason string) error {
	if err := openProgramme(tx, c.Programme); err != nil {
		return err
	}
	if err := domain.CarnetTransition(c.Number, c.State, domain.CarnetVoid); err != nil {
		return err
	}
	res, err := tx.Exec(`UPDATE carnet SET state = 'annule', void_reason = ? WHERE number = ? AND state = ?`, reason, c.Number, c.State)
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k != 1 {
		return domain.Errorf(domain.KindConflict, "le carnet %s a changé pendant l'annulation : réessayez", c.Number)
	}
	if _, err := tx.Exec(`UPDATE cheque SET state = 'annule' WHERE carnet = ? AND state IN ('inactif','disponible')`, c.Number); err != nil {
		return err
	}
	return audit(tx, now, by.ID, "carnet.void", "carnet", c.Number, string(c.State), string(domain.CarnetVoid), reason)
}

const carnetColumns = `number, programme, state, prescriber, coalesce(person_id, 0), received_at, allocated_at, issued_at, void_reason, public`

func carnetRow(row interface{ Scan(...any) error }) (domain.Carnet, error) {
	var c domain.Carnet
	var rec, alloc, issued string
	err := row.Scan(&c.Number, &c.Programme, &c.State, &c.Prescriber, &c.PersonID, &rec, &alloc, &issued, &c.VoidReason, &c.Public)
	c.ReceivedAt, c.AllocatedAt, c.IssuedAt = parseTS(rec), parseTS(alloc), parseTS(issued)
	return c, err
}

// Carnet returns a carnet with its chèques.
func (s *Store) Carnet(ctx context.Context, number string) (domain.Carnet, error) {
	c, err := carnetRow(s.read.QueryRowContext(ctx, `SELECT `+carnetColumns+` FROM carnet WHERE number = ?`, number))
	if err != nil {
		return c, notFound(err, "carnet %s introuvable", number)
	}
	c.Cheques, err = s.cheques(ctx, `ch.carnet = ?`, number)
	return c, err
}

// PersonCarnets lists the carnets handed to a person, with their chèques.
func (s *Store) PersonCarnets(ctx context.Context, personID int64) ([]domain.Carnet, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+carnetColumns+` FROM carnet WHERE person_id = ? ORDER BY issued_at`, personID)
	if err != nil {
		return nil, err
	}
	var out []domain.Carnet
	for rows.Next() {
		c, err := carnetRow(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, c)
	}
	rows.Close()
	for i := range out {
		if out[i].Cheques, err = s.cheques(ctx, `ch.carnet = ?`, out[i].Number); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func notFound(err error, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Errorf(domain.KindNotFound, format, args...)
	}
	return err
}

func isConstraint(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrConstraint
}

// exclusiveHeld reads the carnets the person holds in programmes that do not combine with prog
// (exclusive_with). Read by holding, so IssueCarnet checks it inside its transaction.
func (s *Store) exclusiveHeld(ctx context.Context, q querier, prog domain.Programme, personID int64) ([]domain.HeldCarnet, error) {
	all := s.Programmes()
	var others []any
	for _, o := range all {
		if domain.Exclusive(prog, o) {
			others = append(others, o.ID)
		}
	}
	if len(others) == 0 {
		return nil, nil
	}
	var held []domain.HeldCarnet
	err := eachRow(ctx, q, `SELECT programme, number FROM carnet WHERE person_id = ? AND state = 'remis' AND programme IN (`+placeholders(len(others))+`) ORDER BY issued_at, number`,
		append([]any{personID}, others...), func(rows *sql.Rows) error {
			var c domain.HeldCarnet
			if err := rows.Scan(&c.Programme, &c.Number); err != nil {
				return err
			}
			for _, o := range all {
				if o.ID == c.Programme {
					c.ProgrammeName = o.Name
				}
			}
			held = append(held, c)
			return nil
		})
	if err != nil {
		return nil, err
	}
	return domain.ExclusiveHeld(prog, all, held), nil
}
