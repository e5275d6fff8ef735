package main

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"passnum/domain"
	"passnum/store"
)

// rangesShown is how many ranges a line of text shows; --json gives them all.
const rangesShown = 12

// carnetListArg reads the carnets a command names: its positional arguments, each a number, a
// range (600001-600050) or a comma-separated list of them.
func carnetListArg(fs *flagSet, args []string) ([]string, error) {
	if err := fs.parse(args); err != nil {
		return nil, err
	}
	if len(fs.args) == 0 {
		return nil, domain.Errorf(domain.KindInvalid, "passnum %s : il manque les carnets (numéros ou plages, par exemple 600001-600050,600061)", fs.Name())
	}
	return domain.ParseCarnetList(strings.Join(fs.args, ","))
}

// prescriberArg resolves a prescriber given in an option, or says which ones exist.
func (a *app) prescriberArg(option, id string) (domain.Prescriber, error) {
	if pr, ok := a.cfg.Prescriber(strings.TrimSpace(id)); ok {
		return pr, nil
	}
	var ids []string
	for _, p := range a.cfg.Prescribers {
		ids = append(ids, p.ID)
	}
	if strings.TrimSpace(id) == "" {
		return domain.Prescriber{}, domain.Errorf(domain.KindInvalid, "%s : indiquez un prescripteur (choix : %s)", option, strings.Join(ids, ", "))
	}
	return domain.Prescriber{}, domain.Errorf(domain.KindInvalid, "%s : %q inconnu (choix : %s)", option, id, strings.Join(ids, ", "))
}

// holderName names a prescriber of the ledger, even one no longer in the configuration.
func (a *app) holderName(id string) string {
	if pr, ok := a.cfg.Prescriber(id); ok {
		return pr.Name
	}
	return id + " (absent de la configuration)"
}

// stock shows, per programme, the central stock and each prescriber's carnets, with ranges.
func (a *app) stock(ctx context.Context, args []string) error {
	fs := newFlags("stock")
	progID := fs.String("programme", "", "")
	if _, err := fs.parseWith(args); err != nil {
		return err
	}
	id := ""
	if *progID != "" {
		prog, err := a.programmeByID(*progID)
		if err != nil {
			return err
		}
		id = prog.ID
	}
	all, err := a.store.Stock(ctx, a.user, id)
	if err != nil {
		return err
	}
	type holderJSON struct {
		Prescriber   string   `json:"prescriber"`
		Name         string   `json:"name"`
		Commune      string   `json:"commune"`
		InHand       int      `json:"in_hand"`
		InHandRanges []string `json:"in_hand_ranges"`
		Issued       int      `json:"issued"`
		Voided       int      `json:"voided"`
	}
	type progJSON struct {
		Programme          string       `json:"programme"`
		Name               string       `json:"name"`
		Received           int          `json:"received"`
		InStock            int          `json:"in_stock"`
		InStockRanges      []string     `json:"in_stock_ranges"`
		VoidedInStock      int          `json:"voided_in_stock"`
		BudgetCents        int64        `json:"budget_cents"`
		ReceivedValueCents int64        `json:"received_value_cents"`
		OverBudgetCents    int64        `json:"over_budget_cents"`
		Prescribers        []holderJSON `json:"prescribers"`
	}
	out := struct {
		Programmes []progJSON `json:"programmes"`
	}{Programmes: []progJSON{}}
	var b strings.Builder
	for i, ps := range all {
		pj := progJSON{Programme: ps.Programme.ID, Name: ps.Programme.Name, Received: ps.Received, InStock: ps.InStock, InStockRanges: ps.InStockRanges,
			VoidedInStock: ps.VoidedInStock, BudgetCents: ps.Budget.BudgetCents, ReceivedValueCents: ps.Budget.ValueCents, OverBudgetCents: ps.Budget.OverrunCents,
			Prescribers: []holderJSON{}}
		// Every configured prescriber, in the configuration's order, then any other the ledger knows.
		held := map[string]store.HolderStock{}
		for _, h := range ps.Holders {
			held[h.Prescriber] = h
		}
		var ids []string
		for _, p := range a.cfg.Prescribers {
			ids = append(ids, p.ID)
		}
		var others []string
		for _, h := range ps.Holders {
			if _, ok := a.cfg.Prescriber(h.Prescriber); !ok {
				others = append(others, h.Prescriber)
			}
		}
		sort.Strings(others)
		ids = append(ids, others...)
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s (%s)\n", ps.Programme.Name, ps.Programme.ID)
		fmt.Fprintf(&b, "  Budget : %s\n", ps.Budget.Text())
		fmt.Fprintf(&b, "  Stock central : %s — %s\n", carnetsN(ps.InStock), domain.RangesText(ps.InStockRanges, rangesShown))
		if ps.VoidedInStock > 0 {
			fmt.Fprintf(&b, "  Annulés avant attribution : %s\n", carnetsN(ps.VoidedInStock))
		}
		if len(ids) > 0 {
			fmt.Fprintf(&b, "  %-44s %7s %7s %7s  %s\n", "Prescripteur", "en main", "remis", "annulés", "numéros en main")
		}
		for _, id := range ids {
			h := held[id]
			if h.InHandRanges == nil {
				h.InHandRanges = []string{}
			}
			pr, _ := a.cfg.Prescriber(id)
			pj.Prescribers = append(pj.Prescribers, holderJSON{Prescriber: id, Name: a.holderName(id), Commune: pr.Commune,
				InHand: h.InHand, InHandRanges: h.InHandRanges, Issued: h.Issued, Voided: h.Voided})
			fmt.Fprintf(&b, "  %-44s %7s %7s %7s  %s\n", clip(a.holderName(id), 44), domain.Grouped(int64(h.InHand)), domain.Grouped(int64(h.Issued)), domain.Grouped(int64(h.Voided)), domain.RangesText(h.InHandRanges, rangesShown))
		}
		out.Programmes = append(out.Programmes, pj)
	}
	return a.emit(out, b.String())
}

// carnetsN is a count of carnets as French figures are read: « 1 carnet », « 2 184 carnets ».
func carnetsN(n int) string {
	if n > 1 {
		return domain.Grouped(int64(n)) + " carnets"
	}
	return domain.Grouped(int64(n)) + " carnet"
}

// clip shortens a name to n characters for a column.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func (a *app) carnetsTransfer(ctx context.Context, args []string) error {
	fs := newFlags("carnets transfer")
	to := fs.String("to", "", "")
	reason := fs.String("reason", "", "")
	nums, err := carnetListArg(fs, args)
	if err != nil {
		return err
	}
	pr, err := a.prescriberArg("--to", *to)
	if err != nil {
		return err
	}
	moved, err := a.store.TransferCarnets(ctx, a.user, nums, pr.ID, *reason)
	if err != nil {
		return err
	}
	ranges := domain.CarnetRanges(nums)
	from := map[string]int{}
	var fromIDs []string
	for _, m := range moved {
		if from[m.From] == 0 {
			fromIDs = append(fromIDs, m.From)
		}
		from[m.From]++
	}
	var froms []string
	for _, id := range fromIDs {
		froms = append(froms, fmt.Sprintf("%s (%d)", a.holderName(id), from[id]))
	}
	out := map[string]any{"to": pr.ID, "transferred": len(moved), "carnets": nums, "ranges": ranges, "from": from}
	return a.emit(out, fmt.Sprintf("%s : %s.\n  nouveau prescripteur : %s\n  auparavant : %s", domain.Plural(len(moved), "carnet transféré", "carnets transférés"),
		domain.RangesText(ranges, rangesShown), pr.Name, strings.Join(froms, ", ")))
}

func (a *app) carnetsReturn(ctx context.Context, args []string) error {
	fs := newFlags("carnets return")
	reason := fs.String("reason", "", "")
	nums, err := carnetListArg(fs, args)
	if err != nil {
		return err
	}
	moved, err := a.store.ReturnCarnets(ctx, a.user, nums, *reason)
	if err != nil {
		return err
	}
	ranges := domain.CarnetRanges(nums)
	from := map[string]int{}
	for _, m := range moved {
		from[m.From]++
	}
	var fromIDs []string
	for id := range from {
		fromIDs = append(fromIDs, id)
	}
	sort.Strings(fromIDs)
	var froms []string
	for _, id := range fromIDs {
		froms = append(froms, fmt.Sprintf("%s (%d)", a.holderName(id), from[id]))
	}
	out := map[string]any{"returned": len(moved), "carnets": nums, "ranges": ranges, "from": from}
	return a.emit(out, fmt.Sprintf("%s au stock central : %s.\n  repris à : %s", domain.Plural(len(moved), "carnet revenu", "carnets revenus"),
		domain.RangesText(ranges, rangesShown), strings.Join(froms, ", ")))
}

// keyOptions are the options of carnets allocate --key.
type keyOptions struct {
	count, fixed int
	by           string
	apply        bool
	only         string // --prescribers: a subset, in the configuration's order
}

// carnetsAllocateKey shares carnets among prescribers by the allocation key, shows the table,
// and allocates them only with --apply.
func (a *app) carnetsAllocateKey(ctx context.Context, prog domain.Programme, o keyOptions) error {
	prescribers := a.cfg.Prescribers
	if o.only != "" {
		want := map[string]bool{}
		for _, id := range domain.SplitList(o.only) {
			pr, err := a.prescriberArg("--prescribers", id)
			if err != nil {
				return err
			}
			want[pr.ID] = true
		}
		prescribers = nil
		for _, p := range a.cfg.Prescribers {
			if want[p.ID] {
				prescribers = append(prescribers, p)
			}
		}
	}
	weights, err := domain.KeyWeights(domain.KeyBasis(o.by), prescribers, a.cfg.Communes)
	if err != nil {
		return err
	}
	shares, err := domain.AllocationKey(o.count, o.fixed, weights)
	if err != nil {
		return err
	}
	var given []store.KeyAllocation
	if o.apply {
		if given, err = a.store.AllocateByKey(ctx, a.user, prog.ID, shares); err != nil {
			return err
		}
	} else if err := a.store.CheckKeyStock(ctx, a.user, prog.ID, o.count); err != nil {
		return err
	}

	variable := o.count - o.fixed*len(prescribers)
	var warnings []string
	for _, ov := range domain.KeyOverlaps(prescribers, weights, variable) {
		warnings = append(warnings, ov.Text(a.communeName(ov.Commune)))
	}

	type shareJSON struct {
		Prescriber string   `json:"prescriber"`
		Name       string   `json:"name"`
		Commune    string   `json:"commune"`
		Weight     int      `json:"weight"`
		Fixed      int      `json:"fixed"`
		Variable   int      `json:"variable"`
		Exact      float64  `json:"exact_variable"`
		Total      int      `json:"total"`
		Carnets    []string `json:"carnets,omitempty"`
		Ranges     []string `json:"ranges,omitempty"`
	}
	rows := make([]shareJSON, len(shares))
	var b strings.Builder
	fmt.Fprintf(&b, "Clé de répartition de %s — %s\n", domain.Plural(o.count, "carnet", "carnets"), prog.Name)
	fmt.Fprintf(&b, "Part fixe : %s par prescripteur ; part variable : %s au prorata de la population en QPV de la commune (qpv_population), arrondie au plus fort reste.\n\n",
		domain.Plural(o.fixed, "carnet", "carnets"), domain.Plural(variable, "carnet", "carnets"))
	fmt.Fprintf(&b, "%-40s %-20s %9s %5s %9s %8s %6s\n", "Prescripteur", "Commune", "Poids", "Fixe", "Variable", "(exact)", "Total")
	weightSum, fixedSum, varSum := 0, 0, 0
	for i, sh := range shares {
		p := prescribers[i]
		rows[i] = shareJSON{Prescriber: sh.Prescriber, Name: p.Name, Commune: p.Commune, Weight: sh.Weight, Fixed: sh.Fixed, Variable: sh.Variable, Exact: sh.Exact, Total: sh.Total}
		fmt.Fprintf(&b, "%-40s %-20s %9s %5d %9d %8s %6d\n", clip(p.Name, 40), clip(a.communeName(p.Commune), 20), domain.Grouped(int64(sh.Weight)), sh.Fixed, sh.Variable, "("+frDecimal(sh.Exact)+")", sh.Total)
		weightSum, fixedSum, varSum = weightSum+sh.Weight, fixedSum+sh.Fixed, varSum+sh.Variable
	}
	fmt.Fprintf(&b, "%-40s %-20s %9s %5d %9d %8s %6d\n", "Total", "", domain.Grouped(int64(weightSum)), fixedSum, varSum, "", domain.KeyTotal(shares))
	for _, w := range warnings {
		fmt.Fprintf(&b, "\nAttention : %s.\n", w)
	}
	if !o.apply {
		b.WriteString("\nAperçu seulement, rien n'a été attribué : relancez avec --apply pour attribuer ces carnets.\n")
	} else {
		fmt.Fprintf(&b, "\n%s :\n", domain.Plural(domain.KeyTotal(shares), "carnet attribué", "carnets attribués"))
		for i, g := range given {
			if len(g.Numbers) == 0 {
				continue
			}
			rows[i].Carnets, rows[i].Ranges = g.Numbers, domain.CarnetRanges(g.Numbers)
			fmt.Fprintf(&b, "  %s : %s (%s)\n", prescribers[i].Name, domain.Plural(len(g.Numbers), "carnet", "carnets"), domain.RangesText(rows[i].Ranges, rangesShown))
		}
	}
	if warnings == nil {
		warnings = []string{}
	}
	out := map[string]any{"programme": prog.ID, "count": o.count, "fixed": o.fixed, "by": o.by, "applied": o.apply, "shares": rows, "warnings": warnings}
	return a.emit(out, b.String())
}

// frDecimal writes a number with two decimals and a comma: « 2,67 ».
func frDecimal(x float64) string {
	return strings.Replace(fmt.Sprintf("%.2f", x), ".", ",", 1)
}
