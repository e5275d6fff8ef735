package domain

import (
	"sort"
	"time"
)

// The closing of a programme (état de clôture, APTIC's « état contradictoire »): once the
// tolerance is over, the coordination closes the programme; the ledger then freezes it (no
// operation on its carnets and chèques any more) and states what is left:
//   - per prescriber (the one each carnet is allocated to now), the carnets handed over and,
//     of those, the ones never started (no chèque used);
//   - the chèques unused — the available chèques of the carnets handed over, expired since the
//     tolerance ended (the report's cheques.expired) — and their face value, to be credited back
//     by the operator (avoir), shared between the funders by SplitAmount exactly to the cent;
//   - the claims still open (prepared, not paid) with the programme's part of their amount.
// Carnets never handed over (in stock or at a prescriber) are listed apart: their chèques were
// never activated for anyone.

// ClosingFacts are what the store reads to close a programme.
type ClosingFacts struct {
	At          time.Time // when the programme was closed, else when the statement is drawn up
	Closed      bool      // the programme is closed (At, ClosedBy: when and by whom)
	ClosedBy    string
	Prescribers []ClosingCounts
	ClaimsOpen  []OpenClaim
}

// ClosingCounts are the carnets of one prescriber ("" none).
type ClosingCounts struct {
	Prescriber       string
	Issued           int // handed over to a person (not voided)
	IssuedNotStarted int // of those, no chèque used
	Unused           int // available chèques of the carnets handed over
	NotHandedOver    int // in stock or in hand at the prescriber
}

// OpenClaim is a claim prepared and not paid: the programme's part of it.
type OpenClaim struct {
	ID         string    `json:"id"`
	Place      string    `json:"place"`
	PlaceName  string    `json:"place_name"`
	Month      string    `json:"month"` // AAAA-MM
	PreparedAt time.Time `json:"prepared_at"`
	Cheques    int       `json:"cheques"`
	Cents      int64     `json:"cents"`
}

// Closing is the statement of a programme's closing. It is kept as JSON at the close (the
// frozen statement): its keys are fixed by the tags, so renaming a field keeps old statements.
type Closing struct {
	Programme     string    `json:"programme"`
	ProgrammeName string    `json:"programme_name"`
	At            time.Time `json:"at"` // closed at, or drawn up at before closing
	Closed        bool      `json:"closed"`
	By            string    `json:"by"`         // who closed it
	ExpiredAt     time.Time `json:"expired_at"` // the chèques stopped being accepted (ChequesExpireAt)

	Issued           int   `json:"issued"`
	IssuedNotStarted int   `json:"issued_not_started"`
	NotHandedOver    int   `json:"not_handed_over"`
	Unused           int   `json:"unused"` // chèques unused, expired
	CreditBackCents  int64 `json:"credit_back_cents"`
	ChequeValueCents int   `json:"cheque_value_cents"`

	Funders     []ClosingFunder     `json:"funders"`
	Prescribers []ClosingPrescriber `json:"prescribers"`
	ClaimsOpen  []OpenClaim         `json:"claims_open"`
	ClaimsCents int64               `json:"claims_cents"` // sum of the open claims
}

// ClosingFunder is one funder's share of the credit back and of the open claims.
type ClosingFunder struct {
	Name            string `json:"name"`
	SharePercent    int    `json:"share_percent"`
	CreditBackCents int64  `json:"credit_back_cents"`
	ClaimsOpenCents int64  `json:"claims_open_cents"`
}

// ClosingPrescriber is one prescriber's line of the statement.
type ClosingPrescriber struct {
	ID               string `json:"id"`
	Name             string `json:"name"`
	Issued           int    `json:"issued"`
	IssuedNotStarted int    `json:"issued_not_started"`
	NotHandedOver    int    `json:"not_handed_over"`
	Unused           int    `json:"unused"`
	CreditBackCents  int64  `json:"credit_back_cents"`
}

// NoPrescriber names the carnets allocated to no prescriber (still in the central stock).
const NoPrescriber = "stock central"

// ClosingAllowed refuses to close a programme before its tolerance is over, saying the day it
// becomes possible.
func (p Programme) ClosingAllowed(now time.Time) error {
	end := p.ChequesExpireAt()
	if end.IsZero() {
		return Errorf(KindConflict, "programme %s sans date de fin (valid_until) : il ne peut pas être clos", p.ID)
	}
	if now.Before(end) {
		return Errorf(KindConflict, "programme %s pas encore clos : ses chèques sont acceptés jusqu'au %s (tolérance comprise) ; clôture possible à partir du %s",
			p.ID, end.AddDate(0, 0, -1).Format("02/01/2006"), end.Format("02/01/2006"))
	}
	return nil
}

// BuildClosing derives the closing statement from the facts; prescriber names from the
// configuration (an id no longer declared keeps its id).
func BuildClosing(prog Programme, prescribers []Prescriber, f ClosingFacts) Closing {
	c := Closing{Programme: prog.ID, ProgrammeName: prog.Name, At: f.At, Closed: f.Closed, By: f.ClosedBy, ExpiredAt: prog.ChequesExpireAt(), ChequeValueCents: prog.ChequeValueCents}
	value := int64(prog.ChequeValueCents)
	lines := map[string]*ClosingPrescriber{}
	for _, p := range f.Prescribers {
		l := lines[p.Prescriber]
		if l == nil {
			name := p.Prescriber
			if name == "" {
				name = NoPrescriber
			}
			for _, d := range prescribers {
				if d.ID == p.Prescriber {
					name = d.Name
				}
			}
			l = &ClosingPrescriber{ID: p.Prescriber, Name: name}
			lines[p.Prescriber] = l
		}
		l.Issued += p.Issued
		l.IssuedNotStarted += p.IssuedNotStarted
		l.NotHandedOver += p.NotHandedOver
		l.Unused += p.Unused
		l.CreditBackCents += int64(p.Unused) * value
		c.Issued += p.Issued
		c.IssuedNotStarted += p.IssuedNotStarted
		c.NotHandedOver += p.NotHandedOver
		c.Unused += p.Unused
	}
	c.CreditBackCents = int64(c.Unused) * value
	c.Prescribers = sortedLines(lines, func(a, b *ClosingPrescriber) bool {
		if (a.ID == "") != (b.ID == "") {
			return b.ID == "" // the central stock last
		}
		return a.ID < b.ID
	})
	c.ClaimsOpen = append([]OpenClaim{}, f.ClaimsOpen...)
	sort.SliceStable(c.ClaimsOpen, func(i, j int) bool {
		a, b := c.ClaimsOpen[i], c.ClaimsOpen[j]
		if a.Month != b.Month {
			return a.Month < b.Month
		}
		return a.Place < b.Place
	})
	for _, cl := range c.ClaimsOpen {
		c.ClaimsCents += cl.Cents
	}
	credit := SplitAmount(c.CreditBackCents, prog.Funders)
	claims := SplitAmount(c.ClaimsCents, prog.Funders)
	c.Funders = make([]ClosingFunder, len(prog.Funders))
	for i, fu := range prog.Funders {
		c.Funders[i] = ClosingFunder{Name: fu.Name, SharePercent: fu.SharePercent}
		if credit != nil {
			c.Funders[i].CreditBackCents, c.Funders[i].ClaimsOpenCents = credit[i], claims[i]
		}
	}
	return c
}

// ProgrammeClosedError is the refusal of any write on a closed programme's carnets or chèques.
func ProgrammeClosedError(programme string, at time.Time) error {
	return Errorf(KindConflict, "programme %s clos le %s : plus aucune opération sur ses carnets et ses chèques", programme, at.Local().Format("02/01/2006"))
}
