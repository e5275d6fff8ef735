package domain

import "testing"

func TestQualifiedPlaces(t *testing.T) {
	places := []Place{
		{ID: "a", Name: "APTIC", Qualified: true},
		{ID: "b", Name: "France Services", Labels: []string{"france services"}},
		{ID: "c", Name: "Sans label"},
		{ID: "d", Name: "Autre label", Labels: []string{"Fabrique"}},
	}
	got := QualifiedPlaces(places, []string{"APTIC", "France Services"})
	if len(got) != 2 || got[0].ID != "a" || got[1].ID != "b" {
		t.Fatalf("got %+v, want a and b", got)
	}
	if got := QualifiedPlaces(places, nil); len(got) != 1 || got[0].ID != "a" {
		t.Fatalf("no recognised label: got %+v, want a only", got)
	}
}
