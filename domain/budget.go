package domain

import "fmt"

// Budget compares the value of the carnets a programme received with its budget.
type Budget struct {
	Carnets       int   // carnets received, all states (a voided carnet was paid for too)
	ValueCents    int64 // Carnets × chèques per carnet × chèque value
	BudgetCents   int64 // 0: the programme has no budget, nothing is over it
	OverrunCents  int64 // how far the value goes above the budget, 0 when within it
	HasBudget     bool
	OverBudget    bool
	CarnetsInside int // how many carnets the budget pays for in all, when there is one
}

// CarnetValueCents is what one carnet of the programme is worth.
func (p Programme) CarnetValueCents() int64 {
	return int64(p.ChequesPerCarnet) * int64(p.ChequeValueCents)
}

// BudgetFor is the budget of a programme once it has received carnets in all.
func BudgetFor(p Programme, carnets int) Budget {
	b := Budget{Carnets: carnets, ValueCents: int64(carnets) * p.CarnetValueCents(), BudgetCents: p.BudgetCents, HasBudget: p.BudgetCents > 0}
	if !b.HasBudget {
		return b
	}
	if v := p.CarnetValueCents(); v > 0 {
		b.CarnetsInside = int(p.BudgetCents / v)
	}
	if b.ValueCents > b.BudgetCents {
		b.OverBudget, b.OverrunCents = true, b.ValueCents-b.BudgetCents
	}
	return b
}

// Text says the budget the way a coordinator reads it: « 1 600 carnets reçus valent
// 80 000,00 € pour un budget de 79 750,00 € (dépassement de 250,00 €) ».
func (b Budget) Text() string {
	s := fmt.Sprintf("%s %s %s", receivedCarnets(b.Carnets), agree(b.Carnets, "vaut", "valent"), Euros(b.ValueCents))
	switch {
	case !b.HasBudget:
		return s + " (pas de budget fixé pour ce programme)"
	case b.OverBudget:
		return fmt.Sprintf("%s pour un budget de %s (dépassement de %s)", s, Euros(b.BudgetCents), Euros(b.OverrunCents))
	default:
		return fmt.Sprintf("%s pour un budget de %s (reste %s)", s, Euros(b.BudgetCents), Euros(b.BudgetCents-b.ValueCents))
	}
}

// ReceiveOverBudget refuses a delivery that would bring the value received above the budget,
// with the figures, unless the coordinator said it is wanted (override): then it returns nil
// and the caller records the overrun with the reason.
func ReceiveOverBudget(p Programme, already, incoming int, override bool) (Budget, error) {
	b := BudgetFor(p, already+incoming)
	if !b.OverBudget || override {
		return b, nil
	}
	return b, Errorf(KindConflict, "réception refusée : %s %s %s pour un budget de %s (dépassement de %s) ; si c'est voulu, relancez avec --over-budget --reason \"…\"",
		receivedCarnets(b.Carnets), agree(b.Carnets, "vaudrait", "vaudraient"), Euros(b.ValueCents), Euros(b.BudgetCents), Euros(b.OverrunCents))
}

func receivedCarnets(n int) string {
	if n > 1 {
		return Grouped(int64(n)) + " carnets reçus"
	}
	return Grouped(int64(n)) + " carnet reçu"
}

func agree(n int, one, many string) string {
	if n > 1 {
		return many
	}
	return one
}
