package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"passnum/domain"
)

// TestCoordinationMonth: the coordinator's month of claims across places — what waits, one
// action preparing every place's claim, the alerts' counts before and after payment.
func TestCoordinationMonth(t *testing.T) {
	s, c := trainerStore(t)
	ctx := context.Background()
	handOver(t, s, "creil", "600001", 2)
	handOver(t, s, "ancien", "700001", 1) // another programme's chèque in the PIMMS claim
	october := time.Date(2026, 10, 1, 0, 0, 0, 0, time.Local)
	redeemEach(t, s, c, time.Date(2026, 10, 5, 10, 0, 0, 0, time.UTC), trainer, "pimms", "600001-01", "600001-02", "700001-01")
	redeemAt(t, s, c, time.Date(2026, 10, 5, 11, 0, 0, 0, time.UTC), cimsTrainer, "cims", "600002-01")
	redeemAt(t, s, c, time.Date(2026, 11, 3, 11, 0, 0, 0, time.UTC), cimsTrainer, "cims", "600002-02")

	waiting, err := s.UnclaimedOfMonth(ctx, coord, october)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range waiting {
		got = append(got, u.PlaceName+":"+string(rune('0'+u.Cheques)))
	}
	if strings.Join(got, " ") != "CIMS:1 PIMMS de Creil:3" {
		t.Fatalf("unclaimed in October = %v", got)
	}
	november := time.Date(2026, 11, 20, 9, 0, 0, 0, time.Local)
	counts, err := s.DashboardCounts(ctx, coord, "creil", november)
	if err != nil || counts.UnclaimedCheques != 3 || counts.ClaimsToPay != 0 {
		t.Fatalf("counts before the claims = %+v %v (October's 3 chèques wait, November's is this month's)", counts, err)
	}

	_, err = s.ClaimsPrepareAll(ctx, trainer, october)
	wantKind(t, err, domain.KindForbidden, "tous les lieux")
	made, err := s.ClaimsPrepareAll(ctx, coord, october)
	if err != nil || len(made) != 2 {
		t.Fatalf("prepare all = %+v %v", made, err)
	}
	if again, err := s.ClaimsPrepareAll(ctx, coord, october); err != nil || len(again) != 0 {
		t.Fatalf("a second prepare-all finds nothing to claim: %+v %v", again, err)
	}
	month, err := s.ClaimsOfMonth(ctx, coord, october)
	if err != nil || len(month) != 2 {
		t.Fatalf("claims of October = %+v %v", month, err)
	}
	if nov, _ := s.ClaimsOfMonth(ctx, coord, november); len(nov) != 0 {
		t.Fatalf("November has no claim yet: %+v", nov)
	}
	reader := domain.User{ID: "comite", Name: "Comité", Role: domain.RoleLecture}
	counts, _ = s.DashboardCounts(ctx, reader, "creil", november)
	if counts.UnclaimedCheques != 0 || counts.ClaimsToPay != 2 || counts.ClaimsToPayCents != 3000 {
		t.Fatalf("counts after the claims = %+v (the other programme's chèque is not this programme's to pay)", counts)
	}
	if _, err := s.ClaimPaid(ctx, coord, month[0].ID); err != nil {
		t.Fatal(err)
	}
	if counts, _ = s.DashboardCounts(ctx, coord, "creil", november); counts.ClaimsToPay != 1 {
		t.Fatalf("counts after one payment = %+v", counts)
	}
}
