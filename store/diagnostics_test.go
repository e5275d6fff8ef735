package store

import (
	"context"
	"testing"

	"passnum/domain"
)

// A saved diagnostic keeps the recommendations and their reasons, not the thousands of places
// the orientation set aside: a national import would make each record hundreds of kilobytes.
func TestSavedDiagnosticKeepsRecommendationsNotExclusions(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	res := domain.DiagnosticResult{Profile: domain.LevelBeginner,
		Recommendations: []domain.Recommendation{{PlaceID: "pimms", Name: "PIMMS de Creil", Reasons: []string{"aide aux démarches"}}}}
	for i := 0; i < 5000; i++ {
		res.Excluded = append(res.Excluded, domain.Exclusion{PlaceID: "lieu", Reason: "trop loin : 42 km"})
	}
	if _, err := s.SaveDiagnostic(ctx, desk, 0, domain.DiagnosticInput{}, res); err != nil {
		t.Fatal(err)
	}
	var size int
	var reasons string
	s.read.QueryRow(`SELECT length(result), json_extract(result, '$.recommendations[0].reasons[0]') FROM diagnostic`).Scan(&size, &reasons)
	if size > 4096 || reasons != "aide aux démarches" {
		t.Errorf("saved result: %d bytes, first reason %q", size, reasons)
	}
	if len(res.Excluded) != 5000 {
		t.Error("saving changed the caller's result")
	}
}
