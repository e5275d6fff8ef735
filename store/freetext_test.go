package store

import (
	"context"
	"strings"
	"testing"

	"passnum/domain"
)

// Every free text that reaches the ledger goes through a domain check: a reason with a control
// character or of a whole pasted document is refused before anything is written.
func TestFreeTextReasonsChecked(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	receive(t, s, "creil", "600001", 4)
	if _, err := s.AllocateCarnets(ctx, coord, "creil", "cs-brassens", 2); err != nil {
		t.Fatal(err)
	}
	escape, long := "perdu\x1b]0;pwned\x07", strings.Repeat("x", domain.MaxReasonLength+1)
	for _, tt := range []struct {
		name string
		err  func(reason string) error
	}{
		{"void", func(r string) error { return s.VoidCarnets(ctx, coord, []string{"600003"}, r) }},
		{"transfer", func(r string) error {
			_, err := s.TransferCarnets(ctx, coord, []string{"600001"}, "mairie", r)
			return err
		}},
		{"return", func(r string) error { _, err := s.ReturnCarnets(ctx, coord, []string{"600001"}, r); return err }},
		{"over budget", func(r string) error {
			_, err := s.ReceiveCarnetsWith(ctx, coord, "creil", []CarnetSpec{{Number: "700001"}}, ReceiveOptions{OverBudget: true, Reason: r})
			return err
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantKind(t, tt.err(escape), domain.KindInvalid, "motif : caractère de contrôle interdit (position 6)")
			wantKind(t, tt.err(long), domain.KindInvalid, "motif : 280 caractères au plus (vous en avez tapé 281)")
		})
	}
	if st := stockOf(t, s, "creil"); st.Received != 4 || holderOf(st, "cs-brassens").InHand != 2 {
		t.Fatalf("a refused reason must change nothing: %+v", st)
	}
	if c, _ := s.Carnet(ctx, "600003"); c.State != domain.CarnetInStock {
		t.Fatalf("carnet voided despite the refused reason: %+v", c)
	}
}
