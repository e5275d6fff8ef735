package domain

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// ClaimState is where a contre-paiement claim stands.
type ClaimState string

const (
	ClaimPrepared ClaimState = "preparee" // chèques listed, amount fixed, sent to the funders
	ClaimPaid     ClaimState = "payee"    // paid back: its chèques are remboursés
)

// ClaimStateLabel is the French label of a claim state.
func ClaimStateLabel(s ClaimState) string {
	switch s {
	case ClaimPrepared:
		return "préparée"
	case ClaimPaid:
		return "payée"
	}
	return string(s)
}

// Claim is a place's request to be paid back for the chèques it used in a month
// (contre-paiement). A chèque is in at most one claim.
type Claim struct {
	ID          string // « R3 »
	Place       string
	PlaceName   string
	Month       time.Time // first day of the month, local
	State       ClaimState
	Cheques     int
	AmountCents int64
	PreparedAt  time.Time
	PreparedBy  string
	PaidAt      time.Time
	PaidBy      string
	Items       []ClaimItem
	Shares      []FunderShare
}

// ClaimItem is one chèque of a claim, with the value it had when the claim was prepared.
type ClaimItem struct {
	Cheque     string
	Carnet     string
	Programme  string
	UsedAt     time.Time
	Session    string
	ValueCents int64
	// Names next to the ids, for the export (filled by the store's ClaimExport).
	ProgrammeName string
	SessionTitle  string
	SessionStart  time.Time
}

// FunderShare is what one funder of one programme pays of a claim.
type FunderShare struct {
	Programme     string
	ProgrammeName string // for the export (filled by the store's ClaimExport)
	Funder        string
	SharePercent  int
	AmountCents   int64
}

// ClaimID is the printed id of the claim numbered n.
func ClaimID(n int64) string { return "R" + strconv.FormatInt(n, 10) }

// ParseClaimID reads « R3 », « r3 » or « 3 ».
func ParseClaimID(s string) (int64, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(strings.TrimPrefix(t, "R"), "r")
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return 0, Errorf(KindInvalid, "demande : %q n'est pas un numéro de demande de remboursement (R suivi d'un nombre, par exemple R3)", s)
	}
	return n, nil
}

// SplitAmount shares total cents between funders in proportion to their percentages, in whole
// cents that add up exactly to total: each gets the floor of its share, and the cents left go one
// by one to the largest remainders (ties to the funder listed first), so no cent is created or
// lost whatever the rounding. Nil when no funder has a share.
func SplitAmount(total int64, funders []Funder) []int64 {
	var sum int64
	for _, f := range funders {
		if f.SharePercent > 0 {
			sum += int64(f.SharePercent)
		}
	}
	if sum == 0 {
		return nil
	}
	out := make([]int64, len(funders))
	rem := make([]int64, len(funders))
	left := total
	for i, f := range funders {
		if f.SharePercent <= 0 {
			continue
		}
		num := total * int64(f.SharePercent)
		out[i], rem[i] = num/sum, num%sum
		left -= out[i]
	}
	order := make([]int, len(funders))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rem[order[a]] > rem[order[b]] })
	for k := 0; left > 0; k = (k + 1) % len(order) {
		if funders[order[k]].SharePercent > 0 {
			out[order[k]]++
			left--
		}
	}
	return out
}

// UnsplitFunder names the share of a programme that declares no funder.
const UnsplitFunder = "Non réparti"

// ClaimShares totals a claim's items per programme and splits each total between the
// programme's funders. Programmes come in the order of their first item.
func ClaimShares(items []ClaimItem, programmes []Programme) ([]FunderShare, error) {
	var order []string
	totals := map[string]int64{}
	for _, it := range items {
		if _, seen := totals[it.Programme]; !seen {
			order = append(order, it.Programme)
		}
		totals[it.Programme] += it.ValueCents
	}
	var out []FunderShare
	for _, id := range order {
		var prog *Programme
		for i := range programmes {
			if programmes[i].ID == id {
				prog = &programmes[i]
			}
		}
		if prog == nil {
			return nil, Errorf(KindInvalid, "programme inconnu : %q (voir config.toml, [[programmes]])", id)
		}
		amounts := SplitAmount(totals[id], prog.Funders)
		if amounts == nil {
			out = append(out, FunderShare{Programme: id, Funder: UnsplitFunder, SharePercent: 100, AmountCents: totals[id]})
			continue
		}
		for i, f := range prog.Funders {
			out = append(out, FunderShare{Programme: id, Funder: f.Name, SharePercent: f.SharePercent, AmountCents: amounts[i]})
		}
	}
	return out, nil
}

// ParseMonth reads a month typed as « 2026-11 » or « 11/2026 »; it returns its first day, local.
func ParseMonth(field, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01", "01/2006", "1/2006"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, Errorf(KindInvalid, "%s : %q n'est pas un mois (format AAAA-MM, par exemple 2026-11)", field, s)
}

var frenchMonths = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// MonthName is the French name of a month: « novembre ».
func MonthName(m time.Month) string { return frenchMonths[m-1] }

// MonthLabel is « novembre 2026 ».
func MonthLabel(t time.Time) string {
	return MonthName(t.Month()) + " " + strconv.Itoa(t.Year())
}

// MonthBounds is the local month of t, as [first instant, first instant of the next month).
func MonthBounds(t time.Time) (time.Time, time.Time) {
	t = t.In(time.Local)
	from := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.Local)
	return from, from.AddDate(0, 1, 0)
}
