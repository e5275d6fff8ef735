package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"passnum/domain"
)

// ProgrammeStock is where a programme's carnets are: the central stock, and each prescriber's.
type ProgrammeStock struct {
	Programme     domain.Programme
	Received      int      // every carnet received, whatever became of it
	InStock       int      // central stock (en_stock)
	InStockRanges []string // its numbers, compact: « 600001-600050, 600061 »
	VoidedInStock int      // voided before any prescriber had them
	Holders       []HolderStock
	Budget        domain.Budget
}

// HolderStock is a prescriber's carnets: in hand (attribue, with their numbers), handed over
// to people (remis), voided.
type HolderStock struct {
	Prescriber   string
	InHand       int
	InHandRanges []string
	Issued       int
	Voided       int
}

// Stock tells, per programme (one, or all when programme is empty), the central stock and the
// carnets of each prescriber that ever had one, with number ranges. Prescribers come in
// identifier order. It reads the numbers of the carnets in stock or in hand and writes their
// ranges here: carnet numbers are opaque, a range is consecutive numbers of one length.
func (s *Store) Stock(ctx context.Context, by domain.User, programme string) ([]ProgrammeStock, error) {
	if err := domain.Authorize(by, domain.ActLookup, domain.Scope{}); err != nil {
		return nil, err
	}
	progs := s.Programmes()
	if programme != "" {
		p, err := s.programme(programme)
		if err != nil {
			return nil, err
		}
		progs = []domain.Programme{p}
	}
	// One read transaction: the counts and the numbers are of the same moment.
	tx, err := s.read.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	out := make([]ProgrammeStock, 0, len(progs))
	for _, p := range progs {
		ps, err := programmeStock(ctx, tx, p)
		if err != nil {
			return nil, err
		}
		out = append(out, ps)
	}
	return out, nil
}

func programmeStock(ctx context.Context, tx *sql.Tx, p domain.Programme) (ProgrammeStock, error) {
	ps := ProgrammeStock{Programme: p}
	holders := map[string]*HolderStock{}
	holder := func(id string) *HolderStock {
		h := holders[id]
		if h == nil {
			h = &HolderStock{Prescriber: id}
			holders[id] = h
		}
		return h
	}
	rows, err := tx.QueryContext(ctx, `SELECT state, prescriber, count(*) FROM carnet WHERE programme = ? GROUP BY state, prescriber`, p.ID)
	if err != nil {
		return ps, err
	}
	for rows.Next() {
		var state, prescriber string
		var n int
		if err := rows.Scan(&state, &prescriber, &n); err != nil {
			rows.Close()
			return ps, err
		}
		ps.Received += n
		switch domain.CarnetState(state) {
		case domain.CarnetInStock:
			ps.InStock += n
		case domain.CarnetAllocated:
			holder(prescriber).InHand += n
		case domain.CarnetIssued:
			holder(prescriber).Issued += n
		case domain.CarnetVoid:
			if prescriber == "" {
				ps.VoidedInStock += n
			} else {
				holder(prescriber).Voided += n
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return ps, err
	}
	// The numbers of what is in stock or in hand, sorted in Go (by length, then text).
	numbers := map[string][]string{} // prescriber ("" = central stock) → numbers
	rows, err = tx.QueryContext(ctx, `SELECT prescriber, number FROM carnet WHERE programme = ? AND state IN ('en_stock','attribue')`, p.ID)
	if err != nil {
		return ps, err
	}
	for rows.Next() {
		var prescriber, number string
		if err := rows.Scan(&prescriber, &number); err != nil {
			rows.Close()
			return ps, err
		}
		numbers[prescriber] = append(numbers[prescriber], number)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return ps, err
	}
	ps.InStockRanges = domain.CarnetRanges(numbers[""])
	for id, h := range holders {
		h.InHandRanges = domain.CarnetRanges(numbers[id])
		ps.Holders = append(ps.Holders, *h)
	}
	sort.Slice(ps.Holders, func(i, j int) bool { return ps.Holders[i].Prescriber < ps.Holders[j].Prescriber })
	ps.Budget = domain.BudgetFor(p, ps.Received)
	return ps, nil
}

// KeyAllocation is what an allocation key gave one prescriber.
type KeyAllocation struct {
	Prescriber string
	Numbers    []string
}

// CheckKeyStock refuses an allocation key that shares out more carnets than the programme has
// in stock; it writes nothing (the key's preview).
func (s *Store) CheckKeyStock(ctx context.Context, by domain.User, programme string, count int) error {
	if err := domain.Authorize(by, domain.ActManageStock, domain.Scope{}); err != nil {
		return err
	}
	prog, err := s.programme(programme)
	if err != nil {
		return err
	}
	var inStock int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM carnet WHERE programme = ? AND state = 'en_stock'`, prog.ID).Scan(&inStock); err != nil {
		return err
	}
	return keyStockRefusal(prog, inStock, count)
}

func keyStockRefusal(prog domain.Programme, inStock, count int) error {
	if inStock >= count {
		return nil
	}
	return domain.Errorf(domain.KindConflict, "stock insuffisant : %s en stock pour %s, la clé en répartit %s ; recevez d'abord des carnets (passnum carnets receive) ou baissez --count",
		domain.Plural(inStock, "carnet", "carnets"), prog.Name, domain.Grouped(int64(count)))
}

// AllocateByKey allocates the shares of an allocation key in one transaction: each prescriber,
// in the order of the shares, gets the next carnets in stock, oldest first (so each share is
// a run of the delivery). Nothing is allocated unless every share is.
func (s *Store) AllocateByKey(ctx context.Context, by domain.User, programme string, shares []domain.KeyShare) ([]KeyAllocation, error) {
	if err := domain.Authorize(by, domain.ActManageStock, domain.Scope{}); err != nil {
		return nil, err
	}
	prog, err := s.programme(programme)
	if err != nil {
		return nil, err
	}
	total := domain.KeyTotal(shares)
	if total <= 0 {
		return nil, domain.Errorf(domain.KindInvalid, "clé de répartition : aucun carnet à attribuer")
	}
	for _, sh := range shares {
		if sh.Prescriber == "" || sh.Total < 0 {
			return nil, domain.Errorf(domain.KindInvalid, "clé de répartition : part invalide %+v", sh)
		}
	}
	now := s.now()
	var out []KeyAllocation
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := openProgramme(tx, prog.ID); err != nil {
			return err
		}
		numbers, err := stockNumbers(tx, prog.ID, total)
		if err != nil {
			return err
		}
		if err := keyStockRefusal(prog, len(numbers), total); err != nil {
			return err
		}
		upd, err := tx.Prepare(`UPDATE carnet SET state = 'attribue', prescriber = ?, allocated_at = ? WHERE number = ? AND state = 'en_stock'`)
		if err != nil {
			return err
		}
		defer upd.Close()
		at := ts(now)
		next := 0
		for _, sh := range shares {
			ka := KeyAllocation{Prescriber: sh.Prescriber, Numbers: numbers[next : next+sh.Total]}
			next += sh.Total
			detail := fmt.Sprintf("prescripteur %s, clé de répartition : part fixe %d + part variable %d (poids %d)", sh.Prescriber, sh.Fixed, sh.Variable, sh.Weight)
			for _, n := range ka.Numbers {
				res, err := upd.Exec(sh.Prescriber, at, n)
				if err != nil {
					return err
				}
				if k, _ := res.RowsAffected(); k != 1 {
					return domain.Errorf(domain.KindConflict, "le carnet %s a changé pendant l'attribution : réessayez", n)
				}
				if err := audit(tx, now, by.ID, "carnet.allocate", "carnet", n, string(domain.CarnetInStock), string(domain.CarnetAllocated), detail); err != nil {
					return err
				}
			}
			out = append(out, ka)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// stockNumbers lists up to limit carnets of the programme in stock, oldest first.
func stockNumbers(tx *sql.Tx, programme string, limit int) ([]string, error) {
	rows, err := tx.Query(`SELECT number FROM carnet WHERE programme = ? AND state = 'en_stock' ORDER BY rowid LIMIT ?`, programme, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var numbers []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		numbers = append(numbers, n)
	}
	return numbers, rows.Err()
}

// Moved is a carnet a transfer or a return moved, and the prescriber it left.
type Moved struct {
	Number string
	From   string
}

// TransferCarnets moves carnets allocated to prescribers to another prescriber (they stay
// attribue), all or nothing: one carnet that is not allocated, or already the target's, leaves
// every carnet where it was. The reason goes to the journal of each carnet.
func (s *Store) TransferCarnets(ctx context.Context, by domain.User, numbers []string, to, reason string) ([]Moved, error) {
	to = strings.TrimSpace(to)
	if err := domain.Authorize(by, domain.ActManageStock, domain.Scope{}); err != nil {
		return nil, err
	}
	if to == "" {
		return nil, domain.Errorf(domain.KindInvalid, "--to : indiquez le prescripteur qui reçoit les carnets")
	}
	return s.moveAllocated(ctx, by, numbers, reason, moveSpec{
		to: to, action: "carnet.transfer", after: domain.CarnetAllocated,
		noReason: "--reason : indiquez pourquoi les carnets changent de prescripteur (il est noté au journal)",
		nothing:  "rien n'a été transféré",
		one:      "transféré",
		many:     "transférés",
	})
}

// ReturnCarnets takes carnets back from their prescribers to the central stock (en_stock, no
// prescriber), all or nothing, with the reason in the journal of each carnet.
func (s *Store) ReturnCarnets(ctx context.Context, by domain.User, numbers []string, reason string) ([]Moved, error) {
	if err := domain.Authorize(by, domain.ActManageStock, domain.Scope{}); err != nil {
		return nil, err
	}
	return s.moveAllocated(ctx, by, numbers, reason, moveSpec{
		action: "carnet.return", after: domain.CarnetInStock,
		noReason: "--reason : indiquez pourquoi les carnets reviennent au stock central (il est noté au journal)",
		nothing:  "rien n'est revenu au stock",
		one:      "retourné au stock",
		many:     "retournés au stock",
	})
}

type moveSpec struct {
	to       string // the prescriber who gets them; "" for the central stock
	action   string
	after    domain.CarnetState
	noReason string
	nothing  string // « rien n'a été transféré »
	one      string // « transféré »
	many     string // « transférés »
}

// moveProblem is why one carnet of a list cannot move.
type moveProblem struct {
	number string
	state  domain.CarnetState // "" when not found
	holder string             // set when the carnet is already the target's
}

// moveAllocated moves carnets that are attribue, checking them all before moving any.
func (s *Store) moveAllocated(ctx context.Context, by domain.User, numbers []string, reason string, m moveSpec) ([]Moved, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, domain.Errorf(domain.KindInvalid, "%s", m.noReason)
	}
	if _, err := domain.ValidateReason(reason); err != nil {
		return nil, err
	}
	if len(numbers) == 0 {
		return nil, domain.Errorf(domain.KindInvalid, "aucun carnet donné")
	}
	now := s.now()
	var moved []Moved
	err := s.tx(ctx, func(tx *sql.Tx) error {
		get, err := tx.Prepare(`SELECT state, prescriber FROM carnet WHERE number = ?`)
		if err != nil {
			return err
		}
		defer get.Close()
		var problems []moveProblem
		for _, n := range numbers {
			if err := openCarnet(tx, n); err != nil {
				return err
			}
			var state, from string
			err := get.QueryRow(n).Scan(&state, &from)
			switch {
			case err == sql.ErrNoRows:
				problems = append(problems, moveProblem{number: n})
				continue
			case err != nil:
				return err
			case domain.CarnetState(state) != domain.CarnetAllocated:
				problems = append(problems, moveProblem{number: n, state: domain.CarnetState(state)})
				continue
			case m.to != "" && from == m.to:
				problems = append(problems, moveProblem{number: n, state: domain.CarnetAllocated, holder: from})
				continue
			}
			moved = append(moved, Moved{Number: n, From: from})
		}
		if len(problems) > 0 {
			return moveRefusal(problems, m)
		}
		upd, err := tx.Prepare(`UPDATE carnet SET state = ?, prescriber = ?, allocated_at = ? WHERE number = ? AND state = 'attribue' AND prescriber = ?`)
		if err != nil {
			return err
		}
		defer upd.Close()
		at := ts(now)
		allocatedAt := at
		if m.to == "" {
			allocatedAt = "" // back in stock: allocated to no one
		}
		for _, mv := range moved {
			res, err := upd.Exec(string(m.after), m.to, allocatedAt, mv.Number, mv.From)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k != 1 {
				return domain.Errorf(domain.KindConflict, "le carnet %s a changé pendant l'opération : réessayez ; %s", mv.Number, m.nothing)
			}
			detail := fmt.Sprintf("de %s au stock central : %s", mv.From, reason)
			if m.to != "" {
				detail = fmt.Sprintf("de %s à %s : %s", mv.From, m.to, reason)
			}
			if err := audit(tx, now, by.ID, m.action, "carnet", mv.Number, string(domain.CarnetAllocated), string(m.after), detail); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return moved, nil
}

// moveRefusal names the carnets that stopped a transfer or a return, a few of them when many.
func moveRefusal(problems []moveProblem, m moveSpec) error {
	kind := domain.KindNotFound // unless one carnet exists and is refused by a rule
	for _, p := range problems {
		if p.state != "" {
			kind = domain.KindConflict
		}
	}
	if len(problems) == 1 {
		p := problems[0]
		switch {
		case p.state == "":
			return domain.Errorf(kind, "carnet %s introuvable : vérifiez le numéro ; %s", p.number, m.nothing)
		case p.holder != "":
			return domain.Errorf(kind, "le carnet %s est déjà attribué à %s ; %s", p.number, p.holder, m.nothing)
		default:
			return domain.Errorf(kind, "le carnet %s est %s : seul un carnet attribué à un prescripteur peut être %s ; %s", p.number, domain.CarnetStateLabel(p.state), m.one, m.nothing)
		}
	}
	const shown = 5
	var list []string
	for i, p := range problems {
		if i == shown {
			list = append(list, fmt.Sprintf("et %d autres", len(problems)-shown))
			break
		}
		why := "introuvable"
		switch {
		case p.holder != "":
			why = "déjà attribué à " + p.holder
		case p.state != "":
			why = domain.CarnetStateLabel(p.state)
		}
		list = append(list, fmt.Sprintf("%s (%s)", p.number, why))
	}
	return domain.Errorf(kind, "%d carnets ne peuvent pas être %s : %s ; seul un carnet attribué à un prescripteur peut l'être, %s",
		len(problems), m.many, strings.Join(list, ", "), m.nothing)
}
