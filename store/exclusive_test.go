package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"passnum/domain"
)

// TestIssueRefusesExclusiveProgramme: with creuse-1 exclusive_with creuse-2, a person eligible to
// both who holds a carnet of one is refused one of the other by IssueCarnet itself (the rule
// is read in its transaction), in French, naming the other programme and the carnet held; the
// refused carnet stays with the prescriber, and without the rule the same hand-over passes.
func TestIssueRefusesExclusiveProgramme(t *testing.T) {
	for _, exclusive := range []bool{true, false} {
		ctx := context.Background()
		now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
		qf := func(v int) *int { return &v }
		one := domain.Programme{ID: "creuse-1", Name: "Creuse minima sociaux", ChequeValueCents: 1000, ChequesPerCarnet: 10,
			ValidFrom: day("2026-01-01"), ValidUntil: day("2027-06-30"), Limits: domain.Limits{CarnetsPerPerson: 1},
			Publics: []domain.Public{{ID: "minima", Name: "Minima sociaux", Statuses: []domain.Status{domain.StatusRSA}, Residence: domain.ResidenceTerritory}}}
		if exclusive {
			one.ExclusiveWith = []string{"creuse-2"}
		}
		two := domain.Programme{ID: "creuse-2", Name: "Creuse seniors et familles", ChequeValueCents: 1000, ChequesPerCarnet: 10,
			ValidFrom: day("2026-01-01"), ValidUntil: day("2027-06-30"), Limits: domain.Limits{CarnetsPerPerson: 1},
			Publics: []domain.Public{{ID: "familles", Name: "Familles", MaxQuotientFamilial: qf(700), Residence: domain.ResidenceTerritory}}}
		s, err := Open(filepath.Join(t.TempDir(), "passnum.db"), Options{
			Programmes: []domain.Programme{one, two},
			Communes:   []domain.Commune{{INSEE: "23096", Name: "Guéret"}},
			Now:        func() time.Time { return now },
		})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for _, p := range []struct{ prog, first string }{{"creuse-1", "100001"}, {"creuse-2", "200001"}} {
			if err := s.ReceiveCarnets(ctx, coord, p.prog, []CarnetSpec{{Number: p.first}}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.AllocateCarnets(ctx, coord, p.prog, "tela", 1); err != nil {
				t.Fatal(err)
			}
		}
		id, err := s.AddPerson(ctx, coord, domain.Person{LastName: "Bernard", FirstName: "Lucie", BirthDate: day("1985-03-02"),
			Commune: "23096", Status: domain.StatusRSA, QuotientFamilial: qf(540), Consent: true}, PersonOptions{})
		if err != nil {
			t.Fatal(err)
		}
		sts, err := s.Standings(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := domain.Issuable(sts); len(got) != 2 {
			t.Fatalf("exclusive=%v: eligible to both before any hand-over, got %d issuable", exclusive, len(got))
		}
		if err := s.IssueCarnet(ctx, coord, "100001", id); err != nil {
			t.Fatal(err)
		}
		err = s.IssueCarnet(ctx, coord, "200001", id)
		c, cerr := s.Carnet(ctx, "200001")
		if cerr != nil {
			t.Fatal(cerr)
		}
		if !exclusive {
			if err != nil || c.State != domain.CarnetIssued {
				t.Fatalf("without exclusive_with both carnets are allowed: %v, state %s", err, c.State)
			}
			continue
		}
		wantKind(t, err, domain.KindConflict, "le programme Creuse seniors et familles ne se cumule pas avec le programme Creuse minima sociaux, dont la personne détient déjà le carnet 100001")
		if c.State != domain.CarnetAllocated || c.PersonID != 0 {
			t.Errorf("refused carnet: state %s, person %d; want it still allocated to no one", c.State, c.PersonID)
		}
		// The card's line for programme 2 says it, though the rule is written on programme 1.
		st, err := s.Standing(ctx, id, "creuse-2")
		if err != nil {
			t.Fatal(err)
		}
		if st.CanIssue() || !strings.Contains(st.Summary(), "ne se cumule pas avec le programme Creuse minima sociaux, dont la personne détient déjà le carnet 100001") {
			t.Errorf("standing of creuse-2: can %v, %q", st.CanIssue(), st.Summary())
		}
	}
}
