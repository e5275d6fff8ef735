package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"passnum/domain"
)

// ReportFacts reads the counts the figures of a programme are built from, for a period
// (domain.Period; the zero period is the whole programme): a handful of GROUP BY queries, each
// returning counts per dimension, never one row per chèque. domain.BuildReport derives the
// figures; domain/figures.go states what each count means.
//
// Dates are compared as the fixed-width UTC text the ledger stores (text order is time order);
// the month of an event by comparing it with the local month boundaries of the period, written
// into the queries (monthOf).
//
// Speed: the queries read whole tables rather than walking the programme's index — most rows
// of a ledger belong to its current programme, and at scale 1 of the benchmark ledger the walk
// (one lookup per row) cost ten times the scan. The chèques are read twice, once grouped per
// carnet and once per session; those two groupings are most of the cost. They run at the same
// time, each in its own read transaction; a figure must describe one ledger, so each
// transaction first reads the last audit row — every change writes one in its own
// transaction — and the reads are done again when a change committed between their starts, and
// in one transaction after three tries.
func (s *Store) ReportFacts(ctx context.Context, by domain.User, programme string, period domain.Period) (domain.ReportFacts, error) {
	// Reading figures is a lookup for now: lecture and coordination read them, as every role
	// may look up; nominative breakdowns will be restricted later.
	if err := domain.Authorize(by, domain.ActLookup, domain.Scope{}); err != nil {
		return domain.ReportFacts{}, err
	}
	if _, err := s.programme(programme); err != nil {
		return domain.ReportFacts{}, err
	}
	asOf := domain.ReportAsOf(period, s.now())
	// The first receipt starts the programme: its month is the first month of a report that
	// has no start. It only places the month boundaries, not a figure.
	var first string
	if err := s.read.QueryRowContext(ctx, `SELECT coalesce(min(received_at), '') FROM carnet NOT INDEXED WHERE programme = ?`, programme).Scan(&first); err != nil {
		return domain.ReportFacts{}, wrapErr(err)
	}
	q := figureQuery{programme: programme, lo: "0", hi: "9999", months: domain.ReportMonths(period, parseTS(first), asOf)}
	if !period.From.IsZero() {
		q.lo = ts(period.From)
	}
	if !period.To.IsZero() {
		q.hi = ts(period.To)
	}
	for try := 0; try < 3; try++ {
		f, consistent, err := q.read(ctx, s.read, asOf, true)
		if err != nil || consistent {
			return f, err
		}
	}
	f, _, err := q.read(ctx, s.read, asOf, false)
	return f, err
}

// read runs the report's queries: at the same time in three read transactions (concurrent), or
// one after the other in one. consistent says the transactions saw the same ledger.
func (q figureQuery) read(ctx context.Context, db *sql.DB, asOf time.Time, concurrent bool) (domain.ReportFacts, bool, error) {
	f := domain.ReportFacts{AsOf: asOf, Months: q.months}
	steps := q.steps(&f)
	// Longest first: the chèques per session, the people and their chèques, then the carnets.
	groups := [][]figureStep{{steps[0]}, {steps[1]}, steps[2:]}
	if !concurrent {
		groups = [][]figureStep{steps}
	}
	marks := make([]int64, len(groups))
	errs := make([]error, len(groups))
	var wg sync.WaitGroup
	for i, g := range groups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			marks[i], errs[i] = q.readTx(ctx, db, g)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return f, false, wrapErr(err)
	}
	for _, m := range marks[1:] {
		if m != marks[0] {
			return f, false, nil
		}
	}
	return f, true, nil
}

// readTx runs steps in one read transaction and returns the last audit row it saw.
func (q figureQuery) readTx(ctx context.Context, db *sql.DB, steps []figureStep) (int64, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var mark int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM audit`).Scan(&mark); err != nil {
		return 0, err
	}
	for _, st := range steps {
		if st.query == "" {
			continue
		}
		if err := eachRow(ctx, tx, st.query, q.args(), st.scan); err != nil {
			return 0, fmt.Errorf("chiffres, %s : %w", st.name, err)
		}
	}
	return mark, nil
}

// figureStep is one query of a report and what reads its rows.
type figureStep struct {
	name, query string
	scan        func(*sql.Rows) error
}

// steps are the report's queries; each writes its own fields of f, so that they can run at the
// same time.
func (q figureQuery) steps(f *domain.ReportFacts) []figureStep {
	f.ChequesByMonth = make([]int, len(q.months))
	return []figureStep{
		{"lieux", q.placesSQL(), func(r *sql.Rows) error {
			var p domain.PlaceCounts
			err := r.Scan(&p.Place, &p.Name, &p.Sessions, &p.Cheques)
			f.Places = append(f.Places, p)
			return err
		}},
		{"personnes", q.holdersSQL(), func(r *sql.Rows) error {
			var g domain.GroupCount
			months := make([]int, len(f.ChequesByMonth))
			dest := []any{&g.Dim, &g.Key, &g.QPV, &g.Issued, &g.Reached, &g.Cheques, &g.Users}
			for i := range months {
				dest = append(dest, &months[i])
			}
			if err := r.Scan(dest...); err != nil {
				return err
			}
			if g.Dim == "started" {
				f.Started, f.Attendances, f.UsedOfIssued = g.Issued, g.Reached, g.Cheques
				copy(f.ChequesByMonth, months)
				return nil
			}
			f.Groups = append(f.Groups, g)
			return nil
		}},
		{"carnets", q.carnetsSQL(), func(r *sql.Rows) error {
			var c domain.CarnetCounts
			err := r.Scan(&c.Prescriber, &c.ReceivedMonth, &c.AllocatedMonth, &c.IssuedMonth,
				&c.Received, &c.Allocated, &c.Issued, &c.ReceivedToDate, &c.IssuedToDate, &c.InStock, &c.InHand, &c.Voided)
			f.Carnets = append(f.Carnets, c)
			return err
		}},
		{"remises accompagnées", q.allowanceSQL(), func(r *sql.Rows) error {
			return r.Scan(&f.IssuedAccompanied, &f.IssuedExtra)
		}},
		{"demandes de remboursement", q.claimsSQL(), func(r *sql.Rows) error {
			var c domain.ClaimCounts
			err := r.Scan(&c.Place, &c.Name, &c.Prepared, &c.Paid, &c.Cheques, &c.Cents)
			f.Claims = append(f.Claims, c)
			return err
		}},
	}
}

// figureQuery holds what every query of a report is bound to: ?1 the programme, ?2 and ?3 the
// period as [lo, hi) in the ledger's text form ("0" and "9999" when open).
type figureQuery struct {
	programme, lo, hi string
	months            []domain.MonthSpan
}

func (q figureQuery) args() []any { return []any{q.programme, q.lo, q.hi} }

// monthOf is the SQL expression giving the index in q.months of the month an instant column
// falls in, -1 outside the period: a binary search over the months' boundaries, written as
// nested CASE (the boundaries are ts() texts of instants, never user input). Comparing with
// local month boundaries, rather than cutting the UTC text, keeps months in the local calendar.
// The last month takes whatever comes after its start, up to the end of the period.
func (q figureQuery) monthOf(col string) string {
	n := len(q.months)
	if n == 0 {
		return "-1"
	}
	var search func(i, j int) string // months [i, j)
	search = func(i, j int) string {
		if j-i == 1 {
			return strconv.Itoa(i)
		}
		m := (i + j) / 2
		return "CASE WHEN " + col + " < '" + ts(q.months[m].From) + "' THEN " + search(i, m) + " ELSE " + search(m, j) + " END"
	}
	return "(CASE WHEN " + col + " < ?2 OR " + col + " >= ?3 THEN -1 ELSE " + search(0, n) + " END)"
}

// allowanceSQL: of the carnets issued in the period (still handed over), those handed to a
// person an adviser accompanied, and those given beyond the cap on a stated request.
func (q figureQuery) allowanceSQL() string {
	return `SELECT count(*) FILTER (WHERE accompanied = 1), count(*) FILTER (WHERE extra_reason <> '')
		FROM carnet WHERE programme = ?1 AND state = 'remis' AND ` + inPeriod("issued_at")
}

// inPeriod is the SQL condition « col falls in the period » (an empty date never does: "" < "0").
func inPeriod(col string) string { return col + " >= ?2 AND " + col + " < ?3" }

// carnetsSQL: flows and states per prescriber and months of the flows, from the
// carnet rows of the programme. States at the end of the period (?3): in stock if received by
// then, not voided, and still in stock or allocated only later; in hand if allocated by then,
// not voided, and not handed over by then.
func (q figureQuery) carnetsSQL() string {
	return `SELECT prescriber, rm, am, im,
		count(*) FILTER (WHERE ` + inPeriod("received_at") + `),
		count(*) FILTER (WHERE ` + inPeriod("allocated_at") + ` AND state <> 'en_stock'),
		count(*) FILTER (WHERE ` + inPeriod("issued_at") + ` AND state = 'remis'),
		count(*) FILTER (WHERE received_at < ?3),
		count(*) FILTER (WHERE state = 'remis' AND issued_at < ?3),
		count(*) FILTER (WHERE state <> 'annule' AND received_at < ?3 AND (state = 'en_stock' OR allocated_at >= ?3)),
		count(*) FILTER (WHERE state IN ('attribue', 'remis') AND allocated_at <> '' AND allocated_at < ?3 AND (state = 'attribue' OR issued_at >= ?3)),
		count(*) FILTER (WHERE state = 'annule' AND received_at < ?3)
		FROM (SELECT prescriber, state, received_at, allocated_at, issued_at, ` + q.monthOf("received_at") + ` AS rm,
			CASE WHEN state <> 'en_stock' THEN ` + q.monthOf("allocated_at") + ` ELSE -1 END AS am,
			CASE WHEN state = 'remis' THEN ` + q.monthOf("issued_at") + ` ELSE -1 END AS im
			FROM carnet NOT INDEXED WHERE programme = ?1)
		GROUP BY prescriber, rm, am, im`
}

// holderJoin joins a carnet (alias c) to its holder, and holderColumns are the person counted:
// the record a merged record was merged into (k), else the record itself.
const (
	holderJoin    = `JOIN person p ON p.id = c.person_id LEFT JOIN person k ON k.id = p.merged_into`
	holderColumns = `coalesce(k.id, p.id) AS holder, coalesce(k.commune, p.commune) AS commune, CASE WHEN k.id IS NULL THEN p.qpv ELSE k.qpv END AS qpv`
)

// monthsPerWord is how many months of chèque counts one integer holds, monthBits each: a
// carnet never holds 256 chèques.
const (
	monthBits     = 8
	monthsPerWord = 64 / monthBits
)

// holdersSQL: per prescriber, public and (commune, QPV) of residence, the carnets issued in the
// period (still handed over) and the people who received them, the chèques used in the period
// and the people who used them; and the row « started » — the carnets issued as at the end of
// the period with a chèque used by then (Issued), the attendances paid in the period (Reached:
// per carnet, the distinct sessions its chèques paid for), the chèques used by the end of the
// period of the issued carnets (Cheques), then one column per month of the period with the
// chèques used in it (every row has those columns, 0 but there).
//
// One row per carnet of the programme that was handed over (g): the carnets are read in table
// order, each with its chèques found through their (carnet, position) index, and grouped by
// rowid, which follows that order — no sort, where sorting every used chèque was the most
// expensive step of the report. The months are counted in the same pass without grouping by
// month: a carnet's count for month m is packed in bits [8·(m mod 8), 8·(m mod 8) + 8) of the
// integer w(m div 8), one sum per integer (a carnet never holds 256 chèques), and unpacked per
// carnet when they are added up. A used chèque is utilise or rembourse with its live
// redemption's date: cancelling a redemption clears it.
func (q figureQuery) holdersSQL() string {
	words := (len(q.months) + monthsPerWord - 1) / monthsPerWord
	var packed, monthCols, zeros strings.Builder
	for w := 0; w < words; w++ {
		fmt.Fprintf(&packed, ",\n\t\t\t\tsum(%s) AS w%d", q.packedMonth("ch.used_at", w), w)
	}
	for m := range q.months {
		fmt.Fprintf(&monthCols, ", coalesce(sum((w%d >> %d) & %d), 0)", m/monthsPerWord, monthBits*(m%monthsPerWord), 1<<monthBits-1)
		zeros.WriteString(", 0")
	}
	return `WITH g AS MATERIALIZED (SELECT c.prescriber, c.public, c.state, ` + holderColumns + `,
				c.state = 'remis' AND ` + inPeriod("c.issued_at") + ` AS issued,
				count(ch.rowid) FILTER (WHERE ch.used_at >= ?2) AS np, count(ch.rowid) AS nt,
				count(DISTINCT ch.session_id) FILTER (WHERE ch.used_at >= ?2 AND ch.session_id <> '') AS att` + packed.String() + `
			FROM carnet c NOT INDEXED ` + holderJoin + `
				LEFT JOIN cheque ch ON ch.carnet = c.number AND ch.used_at >= '0' AND ch.used_at < ?3
			WHERE c.programme = ?1 AND c.person_id IS NOT NULL
			GROUP BY c.rowid)
		SELECT 'started', '', '', count(*) FILTER (WHERE state = 'remis' AND nt > 0), coalesce(sum(att), 0), coalesce(sum(nt) FILTER (WHERE state = 'remis'), 0), 0` + monthCols.String() + ` FROM g
		UNION ALL SELECT '` + string(domain.ByPrescriber) + `', prescriber, '', count(*), count(DISTINCT holder), 0, 0` + zeros.String() + ` FROM g WHERE issued GROUP BY prescriber
		UNION ALL SELECT '` + string(domain.ByPublic) + `', public, '', ` + holderCounts + zeros.String() + ` FROM g GROUP BY public
		UNION ALL SELECT '` + string(domain.ByQPV) + `', commune, qpv, ` + holderCounts + zeros.String() + ` FROM g GROUP BY commune, qpv`
}

// packedMonth is the SQL expression of a chèque's count packed in the integer w: 1 << (8·k) when
// col falls in the k-th month of w (months [8w, 8w + 8) of the period), 0 when it falls outside
// them or is NULL (a carnet without a used chèque, from the LEFT JOIN). The first integer starts
// with the period and the last one ends with it, so that the months add up to the period; the
// month is found by a binary search over the integer's own months.
func (q figureQuery) packedMonth(col string, w int) string {
	first, end := w*monthsPerWord, min((w+1)*monthsPerWord, len(q.months))
	lo, hi := "?2", "?3"
	if w > 0 {
		lo = "'" + ts(q.months[first].From) + "'"
	}
	if end < len(q.months) {
		hi = "'" + ts(q.months[end].From) + "'"
	}
	var search func(i, j int) string // months [i, j) of the integer
	search = func(i, j int) string {
		if j-i == 1 {
			return strconv.FormatInt(1<<(monthBits*(i-first)), 10)
		}
		m := (i + j) / 2
		return "CASE WHEN " + col + " < '" + ts(q.months[m].From) + "' THEN " + search(i, m) + " ELSE " + search(m, j) + " END"
	}
	return "CASE WHEN " + col + " IS NULL OR " + col + " < " + lo + " OR " + col + " >= " + hi + " THEN 0 ELSE " + search(first, end) + " END"
}

// holderCounts are the four counts of a group of g.
const holderCounts = `count(*) FILTER (WHERE issued), count(DISTINCT holder) FILTER (WHERE issued), coalesce(sum(np), 0), count(DISTINCT holder) FILTER (WHERE np > 0)`

// placesSQL: per place, the chèques of the programme used in the period and the distinct
// sessions they paid for: the chèques are read whole and sorted once by place and session, then
// grouped in that order. The programme's carnets are a set built once (IN …): the chèques need
// nothing else of their carnet.
func (q figureQuery) placesSQL() string {
	return `SELECT s.place_id, coalesce(pl.name, ''), count(*) FILTER (WHERE s.session_id <> ''), sum(s.n) FROM (
			SELECT place_id, session_id, count(*) AS n FROM cheque NOT INDEXED
			WHERE ` + inPeriod("used_at") + ` AND carnet IN (SELECT number FROM carnet NOT INDEXED WHERE programme = ?1)
			GROUP BY place_id, session_id ORDER BY place_id, session_id) s
		LEFT JOIN place pl ON pl.id = s.place_id GROUP BY s.place_id`
}

// claimsSQL: the programme's part of the claims prepared or paid in the period, per place and
// month: its amount from the claims' shares (frozen when they were prepared, and adding up to
// the programme's chèques of the claim), its chèques from the claim when it holds only this
// programme's, else counted. No month, no claim: the period lies before the programme or after
// now.
func (q figureQuery) claimsSQL() string {
	if len(q.months) == 0 {
		return ""
	}
	return `SELECT cl.place_id, coalesce(pl.name, ''), ` + q.monthOf("cl.prepared_at") + ` AS pm, ` + q.monthOf("cl.paid_at") + ` AS qm,
		sum(CASE WHEN sh.programmes = 1 THEN cl.cheques ELSE (SELECT count(*) FROM claim_item ci WHERE ci.claim_id = cl.id AND ci.programme = ?1) END),
		sum(sh.cents)
		FROM (SELECT claim_id, sum(amount_cents) AS cents,
				(SELECT count(DISTINCT x.programme) FROM claim_share x WHERE x.claim_id = s.claim_id) AS programmes
			FROM claim_share s WHERE programme = ?1 GROUP BY claim_id) sh
		JOIN claim cl ON cl.id = sh.claim_id LEFT JOIN place pl ON pl.id = cl.place_id
		WHERE (` + inPeriod("cl.prepared_at") + `) OR (` + inPeriod("cl.paid_at") + `)
		GROUP BY cl.place_id, pm, qm`
}
