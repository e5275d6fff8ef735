package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"passnum/domain"
)

// TestLookupAsKeepsPeopleFromTheCommittee: the read-only committee gets chèques, carnets and
// places, and one refusal for any name, borne or not, so its answers never tell who is here.
func TestLookupAsKeepsPeopleFromTheCommittee(t *testing.T) {
	s, _ := trainerStore(t)
	ctx := context.Background()
	ids := handOver(t, s, "creil", "600001", 1)
	p, err := s.Person(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	reader := domain.User{ID: "comite", Name: "Comité", Role: domain.RoleLecture}

	var refusals []string
	for _, text := range []string{p.LastName, "Personne-Inconnue", p.FirstName} {
		_, err := s.LookupAs(ctx, reader, text)
		wantKind(t, err, domain.KindForbidden, "Comité voit les chiffres du programme, pas les personnes")
		if err != nil {
			refusals = append(refusals, strings.Replace(err.Error(), text, "X", 1))
		}
	}
	for _, r := range refusals[1:] {
		if r != refusals[0] {
			t.Errorf("a borne name and an unknown one are refused differently:\n%s\n%s", refusals[0], r)
		}
	}
	// A person's number is no chèque, carnet or place: not found, as any wrong number.
	for _, text := range []string{"#1", "1", "999999-01"} {
		if _, err := s.LookupAs(ctx, reader, text); domain.KindOf(err) != domain.KindNotFound || strings.Contains(err.Error(), p.LastName) {
			t.Errorf("committee lookup of %q: %v, want not found", text, err)
		}
	}
	if f, err := s.LookupAs(ctx, reader, "600001"); err != nil || f.Kind != "carnet" {
		t.Errorf("the committee looks a carnet up: %+v %v", f.Kind, err)
	}
	if f, err := s.LookupAs(ctx, reader, "pimms"); err != nil || f.Kind != "place" {
		t.Errorf("the committee looks a place up: %+v %v", f.Kind, err)
	}
	if f, err := s.LookupAs(ctx, coord, p.LastName); err != nil || f.Kind != "person" || f.Person.ID != p.ID {
		t.Errorf("the coordination finds the person: %+v %v", f.Kind, err)
	}
	if _, err := s.LookupAs(ctx, coord, "Personne-Inconnue"); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("an unknown name is not found for the coordination: %v", err)
	}
}

// TestLookupAsHidesTheHolderFromTheCommittee: a carnet's answer to the committee says it was
// handed over, never to whom — neither the holder's number nor the history's detail.
func TestLookupAsHidesTheHolderFromTheCommittee(t *testing.T) {
	s, _ := trainerStore(t)
	ctx := context.Background()
	ids := handOver(t, s, "creil", "600001", 1)
	reader := domain.User{ID: "comite", Name: "Comité", Role: domain.RoleLecture}
	f, err := s.LookupAs(ctx, reader, "600001")
	if err != nil || f.Carnet == nil || f.Carnet.State != domain.CarnetIssued {
		t.Fatalf("lookup = %+v %v", f, err)
	}
	if f.Carnet.PersonID != 0 {
		t.Errorf("the committee gets the holder's number %d", f.Carnet.PersonID)
	}
	holder := fmt.Sprint(ids[0])
	for _, e := range f.History {
		if strings.Contains(e.Detail+e.Before+e.After, "personne "+holder) {
			t.Errorf("history names the holder: %+v", e)
		}
	}
	if f, _ := s.LookupAs(ctx, coord, "600001"); f.Carnet.PersonID != ids[0] {
		t.Errorf("the coordination lost the holder: %+v", f.Carnet)
	}
}
