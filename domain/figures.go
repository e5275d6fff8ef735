package domain

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The figures a steering committee reads (comité de suivi), for one programme and a period.
//
// Period semantics — one rule for every figure:
//   - A period is [From, To) in instants; the command line gives local calendar days (--from,
//     --to: the last day included) or a month. No From: since the programme's first carnet; no
//     To: up to now. The default period is the whole programme.
//   - Flows count the events whose own date falls in the period: carnets received (received_at),
//     allocated (allocated_at, the carnet left the central stock and is not back in it), issued
//     (issued_at, the carnet is still handed over: a voided carnet is not issued), chèques used
//     (used_at of the live redemption: a cancelled redemption counts nothing, it cleared used_at),
//     claimed (claims prepared in the period), paid (claims paid in the period) and reimbursed
//     (the chèques of those paid claims).
//   - States are as at the end of the period (AsOf: its To, or now when it ends later or has no
//     end), from the dates the ledger keeps: in stock, in hand at a prescriber, issued to date,
//     started (issued carnets with a chèque used by then), available and expired chèques (the
//     unused chèques of the issued carnets, expired once the programme's last accepted day —
//     ValidUntil plus ToleranceDays — is over at AsOf). Voiding is not dated on a carnet: a
//     voided carnet counts as voided, and nowhere else, whatever the end of the period.
//   - People are counted once however many records they had: a merged record counts as the
//     record it was merged into (DISTINCT coalesce(merged_into, id)). Their commune and QPV are
//     those of that record today. Reached: received a carnet in the period that is still handed
//     over; used: used a chèque in the period, even of a carnet voided since (the chèque was
//     used, and claimed).
//   - States are read from the dates the carnet keeps: a transfer between prescribers re-dates
//     its allocation and a return to stock clears it, so for a past end the ledger cannot say
//     where a carnet transferred or returned since then stood; it counts it where its dates put
//     it (allocated at the transfer, in stock when returned).
//   - Per prescriber: the prescriber a carnet is allocated to now (a transfer between
//     prescribers moves its figures and re-dates its allocation; a return to the central stock
//     clears it). Per public: the public the person matched at the hand-over (« non enregistré »
//     for carnets handed over before the ledger kept it). Per place: where the chèques were used;
//     sessions are the distinct sessions that received a chèque of the programme in the period.
//     Sessions attended (people): per carnet, the distinct sessions its chèques paid for in the
//     period — a person at a session, counted twice only if they paid one session with chèques
//     of two carnets (possible when a session takes several chèques).
//   - Months are local calendar months; a period that starts or ends inside a month cuts it
//     (MonthLine.Partial).
//   - Money in cents: received = received carnets × chèques per carnet × chèque value; issued the
//     same for issued carnets; used = chèques used × chèque value (the configured values); claimed
//     and paid are the programme's part of the claims, frozen when they were prepared; the rest of
//     the budget is the budget minus the value of every carnet received up to the end of the
//     period (whatever the start), when the programme has a budget. Each money figure is shared
//     between the funders by SplitAmount: whole cents that add up to the figure, the cents left
//     over going to the largest remainders (ties to the funder listed first); a negative rest
//     (budget overspent) is shared the same way, every share negative.

// Period is a span of instants, [From, To); a zero bound is open.
type Period struct {
	From, To time.Time
}

// Whole reports whether the period is the whole programme (no bound).
func (p Period) Whole() bool { return p.From.IsZero() && p.To.IsZero() }

// Contains reports whether t falls in the period.
func (p Period) Contains(t time.Time) bool {
	if t.IsZero() {
		return false
	}
	return (p.From.IsZero() || !t.Before(p.From)) && (p.To.IsZero() || t.Before(p.To))
}

// localMidnight is the local calendar day of a typed date (ParseDate gives it at midnight UTC).
func localMidnight(d time.Time) time.Time {
	y, m, day := d.Date()
	return time.Date(y, m, day, 0, 0, 0, 0, time.Local)
}

// PeriodDays is the period of local calendar days from the first to the last day included;
// either may be zero (open).
func PeriodDays(first, last time.Time) (Period, error) {
	var p Period
	if !first.IsZero() {
		p.From = localMidnight(first)
	}
	if !last.IsZero() {
		p.To = localMidnight(last).AddDate(0, 0, 1)
	}
	if !first.IsZero() && !last.IsZero() && !p.From.Before(p.To) {
		return Period{}, Errorf(KindInvalid, "--to : le %s est avant le %s (--from) : la période finit avant de commencer",
			last.Format("02/01/2006"), first.Format("02/01/2006"))
	}
	return p, nil
}

// PeriodMonth is the local calendar month of m.
func PeriodMonth(m time.Time) Period {
	from, to := MonthBounds(m)
	return Period{From: from, To: to}
}

// Label says the period in French: « mars 2026 », « du 15/03/2026 au 14/04/2026 »,
// « depuis le début du programme ».
func (p Period) Label() string {
	switch {
	case p.Whole():
		return "depuis le début du programme"
	case !p.From.IsZero() && !p.To.IsZero():
		if from, to := MonthBounds(p.From); from.Equal(p.From) && to.Equal(p.To) {
			return MonthLabel(p.From)
		}
		return "du " + p.From.In(time.Local).Format("02/01/2006") + " au " + p.To.In(time.Local).AddDate(0, 0, -1).Format("02/01/2006")
	case p.To.IsZero():
		return "depuis le " + p.From.In(time.Local).Format("02/01/2006")
	}
	return "du début du programme au " + p.To.In(time.Local).AddDate(0, 0, -1).Format("02/01/2006")
}

// ReportAsOf is the instant the states are read at: the end of the period, or now when the
// period has no end or ends later.
func ReportAsOf(p Period, now time.Time) time.Time {
	if !p.To.IsZero() && p.To.Before(now) {
		return p.To
	}
	return now
}

// MonthSpan is one month of a report: its first day (local) and the part of it in the period.
type MonthSpan struct {
	Month    time.Time // first day of the month, local
	From, To time.Time // the month cut by the period: [From, To)
}

// Partial reports whether the period cuts the month.
func (m MonthSpan) Partial() bool {
	_, end := MonthBounds(m.Month)
	return !m.From.Equal(m.Month) || !m.To.Equal(end)
}

// ReportMonths splits the period into local calendar months, from its start — or, when it has
// none, the month of first (the programme's first receipt) — to its end or asOf, whichever
// comes first. Nil when nothing lies in between.
func ReportMonths(p Period, first, asOf time.Time) []MonthSpan {
	start := p.From
	if start.IsZero() {
		if first.IsZero() {
			return nil
		}
		start, _ = MonthBounds(first)
	}
	end := asOf
	if !p.To.IsZero() && p.To.Before(end) {
		end = p.To
	}
	var out []MonthSpan
	for from := start; from.Before(end); {
		month, next := MonthBounds(from)
		to := next
		if !p.To.IsZero() && p.To.Before(to) {
			to = p.To
		}
		out = append(out, MonthSpan{Month: month, From: from, To: to})
		from = next
	}
	return out
}

// What the store reads: counts per dimension from GROUP BY queries, never one row per chèque.
// Month fields index ReportFacts.Months; -1 means outside the period.

// ReportFacts are the counts the store reads for one programme and period.
type ReportFacts struct {
	AsOf   time.Time // the instant states are read at (ReportAsOf)
	Months []MonthSpan

	Carnets []CarnetCounts // per prescriber, public and the months of their flows
	// Groups count, per prescriber, public and (commune, QPV) of residence, the carnets issued
	// in the period and the people who received them, the chèques used in the period and the
	// people who used them.
	Groups []GroupCount
	// ChequesByMonth counts the chèques used in each month of Months.
	ChequesByMonth []int
	// Started is the number of carnets issued as at AsOf with at least one chèque used by then;
	// UsedOfIssued the chèques of those issued carnets used by then.
	Started, UsedOfIssued int
	// Attendances are the sessions paid with the programme's chèques in the period, counted per
	// carnet: a holder at a session (twice only if one person paid one session with chèques of
	// two carnets, possible when a session takes several chèques).
	Attendances int
	Places      []PlaceCounts
	Claims      []ClaimCounts
	// IssuedAccompanied and IssuedExtra are, of the carnets issued in the period, those handed
	// to a person an adviser accompanied and those given beyond the cap on request.
	IssuedAccompanied, IssuedExtra int
}

// CarnetCounts are the carnets of one prescriber ("" for none) received, allocated and issued
// in the given months (-1: not in the period): flows in the period, states at AsOf.
type CarnetCounts struct {
	Prescriber                                 string
	ReceivedMonth, AllocatedMonth, IssuedMonth int
	Received, Allocated, Issued                int // in the period
	ReceivedToDate                             int // received before AsOf, whatever the start of the period
	IssuedToDate                               int // issued before AsOf and still handed over
	InStock, InHand, Voided                    int // at AsOf
}

// Dimension names a breakdown of the figures.
type Dimension string

const (
	ByPrescriber Dimension = "prescriber"
	ByCommune    Dimension = "commune"
	ByQPV        Dimension = "qpv"
	ByPublic     Dimension = "public"
	ByPlace      Dimension = "place"
	ByMonth      Dimension = "month"
)

// Dimensions are the breakdowns, in the order a report shows them.
var Dimensions = []Dimension{ByPrescriber, ByCommune, ByQPV, ByPublic, ByPlace, ByMonth}

// DimensionLabel is the French title of a breakdown.
func DimensionLabel(d Dimension) string {
	switch d {
	case ByPrescriber:
		return "Par prescripteur"
	case ByCommune:
		return "Par commune de résidence"
	case ByQPV:
		return "Par quartier prioritaire (QPV) de résidence"
	case ByPublic:
		return "Par public retenu à la remise"
	case ByPlace:
		return "Par lieu"
	case ByMonth:
		return "Par mois"
	}
	return string(d)
}

// ParseDimensions reads --by: one or more of prescriber, commune, qpv, public, place, month
// separated by commas, or « all ».
func ParseDimensions(s string) ([]Dimension, error) {
	var out []Dimension
	for _, part := range strings.Split(s, ",") {
		part = strings.ToLower(strings.TrimSpace(part))
		if part == "" {
			continue
		}
		if part == "all" || part == "tout" {
			return Dimensions, nil
		}
		d := Dimension(part)
		if !contains(Dimensions, d) {
			names := make([]string, len(Dimensions))
			for i, x := range Dimensions {
				names[i] = string(x)
			}
			return nil, Errorf(KindInvalid, "--by : %q n'est pas un détail connu (choix : %s, ou all pour tous)", part, strings.Join(names, ", "))
		}
		if !contains(out, d) {
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		return nil, Errorf(KindInvalid, "--by : indiquez un détail (prescriber, commune, qpv, public, place, month, ou all)")
	}
	return out, nil
}

// GroupCount is one group of a breakdown: ByPrescriber (Key: prescriber id), ByPublic (Key:
// public id, "" not recorded) or ByQPV (Key: the commune's INSEE code, QPV: the QPV name, ""
// outside any QPV). A person is in exactly one (commune, QPV) group — that of their record — so
// the programme's totals, people included, add up from the ByQPV groups.
type GroupCount struct {
	Dim     Dimension
	Key     string
	QPV     string
	Issued  int // carnets issued in the period (still handed over)
	Reached int // distinct people who received them
	Cheques int // chèques used in the period
	Users   int // distinct people who used them
}

// PlaceCounts are the chèques of the programme used at one place in the period.
type PlaceCounts struct {
	Place, Name string
	Sessions    int // distinct sessions that received one of them
	Cheques     int
}

// ClaimCounts are the programme's part of the claims of one place prepared (Prepared ≥ 0) or
// paid (Paid ≥ 0) in a month of the period.
type ClaimCounts struct {
	Place, Name    string
	Prepared, Paid int // months, -1 outside the period
	Cheques        int
	Cents          int64
}

// Report holds the figures built from the facts.
type Report struct {
	Programme     string
	ProgrammeName string
	Period        Period
	AsOf          time.Time
	Over          bool // the programme's chèques are expired at AsOf
	HasBudget     bool // the programme has a budget: Money.Rest means something

	Carnets            CarnetFigures
	DistributedPercent *float64 // carnets issued ÷ received, both to date (nil: none received)
	Cheques            ChequeFigures
	People             PeopleFigures
	Sessions           int
	Money              Money
	Funders            []FunderMoney

	ByPrescriber []PrescriberLine
	ByCommune    []ResidenceLine
	ByQPV        []ResidenceLine
	ByPublic     []ResidenceLine
	ByPlace      []PlaceLine
	ByMonth      []MonthLine
}

// CarnetFigures counts carnets in APTIC's vocabulary.
type CarnetFigures struct {
	Received  int // émis: received from the operator in the period
	Allocated int // injectés: left the central stock in the period
	Issued    int // remis to a person in the period
	Started   int // entamés: issued (to date) with at least one chèque used
	Voided    int
	InStock   int
	InHand    int // allocated to a prescriber and not handed over yet
	// ReceivedToDate and IssuedToDate are counted from the start of the programme.
	ReceivedToDate, IssuedToDate int
	// Accompanied and Extra are, of the carnets issued in the period, those handed to a person
	// an adviser accompanied and those given beyond the cap on a stated request.
	Accompanied, Extra int
	Target             int      // target_carnets, 0 when not set
	TargetPercent      *float64 // IssuedToDate ÷ Target
}

// ChequeFigures counts chèques.
type ChequeFigures struct {
	Issued     int // chèques of the carnets issued in the period
	Used       int
	Reimbursed int // chèques of the claims paid in the period
	Available  int // unused chèques of the carnets issued to date, still valid
	Expired    int // the same once the programme is over
}

// PeopleFigures counts people.
type PeopleFigures struct {
	Reached          int // received a carnet in the period
	Used             int // used at least one chèque in the period
	SessionsAttended int // attendances paid with a chèque (ReportFacts.Attendances)
	Target           int // target_people, 0 when not set
	TargetPercent    *float64
}

// Money is a set of amounts in cents.
type Money struct {
	Budget, Received, Issued, Used, Claimed, Paid, Rest int64
}

// amounts lists the amounts, for operations on each of them.
func (m *Money) amounts() []*int64 {
	return []*int64{&m.Budget, &m.Received, &m.Issued, &m.Used, &m.Claimed, &m.Paid, &m.Rest}
}

// FunderMoney is one funder's share of each amount.
type FunderMoney struct {
	Name         string
	SharePercent int
	Money        Money
}

// PrescriberLine is one prescriber's carnets and people.
type PrescriberLine struct {
	ID, Name  string
	Allocated int // in the period
	Issued    int // in the period
	InHand    int // at the end of the period
	People    int // reached in the period
}

// ResidenceLine is one commune, QPV or public: carnets issued and people reached, chèques used
// and the people who used them, in the period.
type ResidenceLine struct {
	ID, Name  string // commune: INSEE code; QPV: the QPV name (Commune its commune); public: its id
	Commune   string
	Issued    int
	Reached   int
	Cheques   int
	PeopleUse int
}

// PlaceLine is one place's activity paid by the programme, and its claims.
type PlaceLine struct {
	ID, Name     string
	Sessions     int
	Cheques      int
	ClaimedCents int64
	PaidCents    int64
}

// MonthLine is one month of the period.
type MonthLine struct {
	Month                       time.Time
	Partial                     bool // the period starts or ends inside the month
	Received, Allocated, Issued int  // carnets
	Cheques                     int  // used
	ClaimedCents, PaidCents     int64
}

// NotRecordedPublic names the carnets handed over before the ledger kept the public.
const NotRecordedPublic = "non enregistré"

// OutsideQPV names the people living outside any QPV.
const OutsideQPV = "hors QPV"

// Percent is num ÷ den in percent, rounded to one decimal; nil when den is 0.
func Percent(num, den int) *float64 {
	if den <= 0 {
		return nil
	}
	v := math.Round(float64(num)*1000/float64(den)) / 10
	return &v
}

// FormatPercent writes a percent as French figures are read: « 40,0 % »; « — » when nil.
func FormatPercent(p *float64) string {
	if p == nil {
		return "—"
	}
	return strings.Replace(strconv.FormatFloat(*p, 'f', 1, 64), ".", ",", 1) + " %"
}

// SplitSigned is SplitAmount for an amount that may be negative (a budget overspent): the
// magnitude is split, then every share takes the sign.
func SplitSigned(total int64, funders []Funder) []int64 {
	if total >= 0 {
		return SplitAmount(total, funders)
	}
	out := SplitAmount(-total, funders)
	for i := range out {
		out[i] = -out[i]
	}
	return out
}

// ChequesExpireAt is the instant the programme's chèques stop being accepted: the local
// midnight after its last accepted day (ValidUntil plus the tolerance). Zero when the
// programme has no end.
func (p Programme) ChequesExpireAt() time.Time {
	c := p.Calendar()
	if c.NoEnd() {
		return time.Time{}
	}
	last := c.ToleranceEnd
	return time.Date(last.Year(), last.Month(), last.Day()+1, 0, 0, 0, 0, time.Local)
}

// BuildReport derives the figures of a programme for a period from the facts the store read.
// Names of prescribers and communes are filled by WithNames; public and place names here.
func BuildReport(prog Programme, period Period, f ReportFacts) Report {
	r := Report{Programme: prog.ID, ProgrammeName: prog.Name, Period: period, AsOf: f.AsOf, HasBudget: prog.BudgetCents > 0}
	if end := prog.ChequesExpireAt(); !end.IsZero() && !f.AsOf.Before(end) {
		r.Over = true
	}
	perCarnet := prog.ChequesPerCarnet

	// Carnets, per prescriber.
	prescribers := map[string]*PrescriberLine{}
	for _, c := range f.Carnets {
		r.Carnets.Received += c.Received
		r.Carnets.Allocated += c.Allocated
		r.Carnets.Issued += c.Issued
		r.Carnets.ReceivedToDate += c.ReceivedToDate
		r.Carnets.IssuedToDate += c.IssuedToDate
		r.Carnets.InStock += c.InStock
		r.Carnets.InHand += c.InHand
		r.Carnets.Voided += c.Voided
		if c.Prescriber == "" || c.Allocated+c.Issued+c.InHand == 0 {
			continue
		}
		l := prescribers[c.Prescriber]
		if l == nil {
			l = &PrescriberLine{ID: c.Prescriber, Name: c.Prescriber}
			prescribers[c.Prescriber] = l
		}
		l.Allocated += c.Allocated
		l.Issued += c.Issued
		l.InHand += c.InHand
	}
	r.Carnets.Started = f.Started
	r.Carnets.Accompanied, r.Carnets.Extra = f.IssuedAccompanied, f.IssuedExtra
	r.People.SessionsAttended = f.Attendances
	r.Carnets.Target = prog.TargetCarnets
	if prog.TargetCarnets > 0 {
		r.Carnets.TargetPercent = Percent(r.Carnets.IssuedToDate, prog.TargetCarnets)
	}
	r.DistributedPercent = Percent(r.Carnets.IssuedToDate, r.Carnets.ReceivedToDate)

	// Chèques.
	r.Cheques.Issued = r.Carnets.Issued * perCarnet
	unused := max(r.Carnets.IssuedToDate*perCarnet-f.UsedOfIssued, 0)
	if r.Over {
		r.Cheques.Expired = unused
	} else {
		r.Cheques.Available = unused
	}

	// People and breakdowns by residence and public.
	communes := map[string]*ResidenceLine{}
	qpvs := map[[2]string]*ResidenceLine{}
	publics := map[string]*ResidenceLine{}
	line := func(m map[string]*ResidenceLine, id, name string) *ResidenceLine {
		l := m[id]
		if l == nil {
			l = &ResidenceLine{ID: id, Name: name}
			m[id] = l
		}
		return l
	}
	qpvLine := func(commune, qpv string) *ResidenceLine {
		k := [2]string{commune, qpv}
		if qpv == "" {
			k[0] = "" // one line for everyone outside a QPV
		}
		l := qpvs[k]
		if l == nil {
			name := qpv
			if qpv == "" {
				name = OutsideQPV
			}
			l = &ResidenceLine{ID: qpv, Name: name, Commune: k[0]}
			qpvs[k] = l
		}
		return l
	}
	publicName := func(id string) string {
		if id == "" {
			return NotRecordedPublic
		}
		for _, p := range prog.Publics {
			if p.ID == id {
				return p.Name
			}
		}
		return id
	}
	months := make([]MonthLine, len(f.Months))
	for i, m := range f.Months {
		months[i] = MonthLine{Month: m.Month, Partial: m.Partial()}
	}
	inMonth := func(i int) *MonthLine {
		if i < 0 || i >= len(months) {
			return nil
		}
		return &months[i]
	}
	for _, g := range f.Groups {
		switch g.Dim {
		case ByPrescriber:
			if l := prescribers[g.Key]; l != nil {
				l.People = g.Reached
			}
		case ByPublic:
			l := line(publics, g.Key, publicName(g.Key))
			l.Issued, l.Reached, l.Cheques, l.PeopleUse = g.Issued, g.Reached, g.Cheques, g.Users
		case ByQPV:
			r.People.Reached += g.Reached
			r.People.Used += g.Users
			r.Cheques.Used += g.Cheques
			for _, l := range []*ResidenceLine{line(communes, g.Key, g.Key), qpvLine(g.Key, g.QPV)} {
				l.Issued += g.Issued
				l.Reached += g.Reached
				l.Cheques += g.Cheques
				l.PeopleUse += g.Users
			}
		}
	}
	for i, n := range f.ChequesByMonth {
		if m := inMonth(i); m != nil {
			m.Cheques = n
		}
	}
	r.People.Target = prog.TargetPeople
	if prog.TargetPeople > 0 {
		r.People.TargetPercent = Percent(r.People.Reached, prog.TargetPeople)
	}
	for _, c := range f.Carnets {
		if m := inMonth(c.ReceivedMonth); m != nil {
			m.Received += c.Received
		}
		if m := inMonth(c.AllocatedMonth); m != nil {
			m.Allocated += c.Allocated
		}
		if m := inMonth(c.IssuedMonth); m != nil {
			m.Issued += c.Issued
		}
	}

	// Places, sessions and claims.
	places := map[string]*PlaceLine{}
	place := func(id, name string) *PlaceLine {
		l := places[id]
		if l == nil {
			l = &PlaceLine{ID: id, Name: name}
			places[id] = l
		}
		if l.Name == "" || l.Name == l.ID {
			l.Name = name
		}
		return l
	}
	for _, p := range f.Places {
		l := place(p.Place, p.Name)
		l.Sessions += p.Sessions
		l.Cheques += p.Cheques
		r.Sessions += p.Sessions
	}
	for _, c := range f.Claims {
		l := place(c.Place, c.Name)
		if c.Prepared >= 0 {
			l.ClaimedCents += c.Cents
			r.Money.Claimed += c.Cents
			if m := inMonth(c.Prepared); m != nil {
				m.ClaimedCents += c.Cents
			}
		}
		if c.Paid >= 0 {
			l.PaidCents += c.Cents
			r.Money.Paid += c.Cents
			r.Cheques.Reimbursed += c.Cheques
			if m := inMonth(c.Paid); m != nil {
				m.PaidCents += c.Cents
			}
		}
	}

	// Money, then each funder's share of it.
	value := int64(prog.ChequeValueCents)
	r.Money.Budget = prog.BudgetCents
	r.Money.Received = int64(r.Carnets.Received) * int64(perCarnet) * value
	r.Money.Issued = int64(r.Cheques.Issued) * value
	r.Money.Used = int64(r.Cheques.Used) * value
	if r.HasBudget {
		r.Money.Rest = prog.BudgetCents - int64(r.Carnets.ReceivedToDate)*int64(perCarnet)*value
	}
	r.Funders = make([]FunderMoney, len(prog.Funders))
	for i, fu := range prog.Funders {
		r.Funders[i] = FunderMoney{Name: fu.Name, SharePercent: fu.SharePercent}
	}
	for k, total := range r.Money.amounts() {
		shares := SplitSigned(*total, prog.Funders)
		for i := range shares {
			*r.Funders[i].Money.amounts()[k] = shares[i]
		}
	}

	r.ByPrescriber = sortedLines(prescribers, func(a, b *PrescriberLine) bool { return a.ID < b.ID })
	r.ByCommune = sortedLines(communes, func(a, b *ResidenceLine) bool { return a.ID < b.ID })
	r.ByQPV = sortedLines(qpvs, func(a, b *ResidenceLine) bool {
		if (a.ID == "") != (b.ID == "") {
			return b.ID == "" // « hors QPV » last
		}
		if a.Commune != b.Commune {
			return a.Commune < b.Commune
		}
		return a.ID < b.ID
	})
	r.ByPublic = publicLines(prog, publics)
	r.ByPlace = sortedLines(places, func(a, b *PlaceLine) bool { return a.ID < b.ID })
	r.ByMonth = months
	return r
}

// publicLines lists the publics in the programme's order, then unknown ids, then « non
// enregistré ».
func publicLines(prog Programme, m map[string]*ResidenceLine) []ResidenceLine {
	rank := func(id string) int {
		if id == "" {
			return len(prog.Publics) + 1
		}
		for i, p := range prog.Publics {
			if p.ID == id {
				return i
			}
		}
		return len(prog.Publics)
	}
	return sortedLines(m, func(a, b *ResidenceLine) bool {
		if ra, rb := rank(a.ID), rank(b.ID); ra != rb {
			return ra < rb
		}
		return a.ID < b.ID
	})
}

func sortedLines[K comparable, T any](m map[K]*T, less func(a, b *T) bool) []T {
	list := make([]*T, 0, len(m))
	for _, v := range m {
		list = append(list, v)
	}
	sort.Slice(list, func(i, j int) bool { return less(list[i], list[j]) })
	out := make([]T, len(list))
	for i, v := range list {
		out[i] = *v
	}
	return out
}

// WithNames names the prescribers and communes of a report from the configuration; an id the
// configuration no longer declares keeps its id as name.
func (r Report) WithNames(prescribers []Prescriber, communes []Commune) Report {
	for i, l := range r.ByPrescriber {
		for _, p := range prescribers {
			if p.ID == l.ID {
				r.ByPrescriber[i].Name = p.Name
			}
		}
	}
	communeName := func(insee string) string {
		for _, c := range communes {
			if c.INSEE == insee {
				return c.Name
			}
		}
		return insee
	}
	for i, l := range r.ByCommune {
		r.ByCommune[i].Name = communeName(l.ID)
	}
	for i, l := range r.ByQPV {
		if l.Commune != "" && l.ID != "" {
			r.ByQPV[i].Name = l.ID + " (" + communeName(l.Commune) + ")"
		}
	}
	return r
}
