package domain

import (
	"strings"
	"testing"
)

func TestReceiveOverBudget(t *testing.T) {
	creil := Programme{ID: "creil", ChequeValueCents: 1000, ChequesPerCarnet: 5, BudgetCents: 7_975_000}
	tests := []struct {
		name              string
		prog              Programme
		already, incoming int
		override          bool
		err               string
		overrun           int64
	}{
		{"within", creil, 0, 1595, false, "", 0},
		{"one over", creil, 1595, 1, false, "réception refusée : 1 596 carnets reçus vaudraient 79 800,00 € pour un budget de 79 750,00 € (dépassement de 50,00 €) ; si c'est voulu, relancez avec --over-budget --reason \"…\"", 50_00},
		{"seed example", creil, 200, 2000, false, "réception refusée : 2 200 carnets reçus vaudraient 110 000,00 € pour un budget de 79 750,00 € (dépassement de 30 250,00 €)", 30_250_00},
		{"override", creil, 200, 2000, true, "", 30_250_00},
		{"no budget", Programme{ChequeValueCents: 1000, ChequesPerCarnet: 10}, 0, 100_000, false, "", 0},
	}
	for _, tt := range tests {
		b, err := ReceiveOverBudget(tt.prog, tt.already, tt.incoming, tt.override)
		if tt.err == "" && err != nil || tt.err != "" && (err == nil || KindOf(err) != KindConflict || !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.err)
		}
		if b.OverrunCents != tt.overrun || b.Carnets != tt.already+tt.incoming {
			t.Errorf("%s: budget = %+v, want overrun %d", tt.name, b, tt.overrun)
		}
	}
	if got := BudgetFor(creil, 1).Text(); got != "1 carnet reçu vaut 50,00 € pour un budget de 79 750,00 € (reste 79 700,00 €)" {
		t.Errorf("Text = %q", got)
	}
	if got := BudgetFor(creil, 1600).Text(); got != "1 600 carnets reçus valent 80 000,00 € pour un budget de 79 750,00 € (dépassement de 250,00 €)" {
		t.Errorf("Text = %q", got)
	}
	if b := BudgetFor(creil, 0); b.CarnetsInside != 1595 {
		t.Errorf("the budget pays %d carnets, want 1 595", b.CarnetsInside)
	}
}
