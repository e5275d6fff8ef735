package domain_test

import (
	"slices"
	"strings"
	"testing"

	"passnum/domain"
)

// Communes taken from the official list have no centre: orientation judges proximity by
// commune, then intercommunalité (near), then département (far), and says so.
func TestOrientWithoutCoordinates(t *testing.T) {
	communes := []domain.Commune{
		{INSEE: communeV, Name: "Villeneuve", NoCoords: true, EPCI: "200000001", Departement: "99"},
		{INSEE: communeSA, Name: "Saint-Aubin", NoCoords: true, EPCI: "200000001", Departement: "99"},
		{INSEE: communeG, Name: "Grandville", NoCoords: true, EPCI: "200000002", Departement: "99"},
		{INSEE: communeH, Name: "Hameau-les-Bois", NoCoords: true, EPCI: "200000003", Departement: "98"},
	}
	place := func(id, insee string) domain.Place {
		return domain.Place{ID: id, Name: "France Services " + id, INSEE: insee,
			Labels: []string{"France Services", "Aidants Connect"}, Needs: diagNeeds("B05"),
			Modalities: []domain.Modality{domain.ModIndividual, domain.ModOnMyBehalf}, PMR: true, Cost: domain.CostFree}
	}
	places := []domain.Place{place("V", communeV), place("SA", communeSA), place("G", communeG), place("H", communeH)}
	tests := []struct {
		name     string
		mobility domain.Mobility
		want     map[string]string // place → a reason it is recommended, or « exclue : » and why
	}{
		{"commune seulement", domain.MobilityCommune, map[string]string{
			"V": "Dans votre commune", "SA": "exclue : Hors de votre commune", "G": "exclue : Hors de votre commune"}},
		{"proche : l'intercommunalité", domain.MobilityNear, map[string]string{
			"V": "Dans votre commune", "SA": "Dans votre intercommunalité (distance inconnue : pas de coordonnées)",
			"G": "exclue : Distance inconnue (pas de coordonnées) et hors de votre intercommunalité",
			"H": "exclue : Distance inconnue (pas de coordonnées) et hors de votre département"}},
		{"loin : le département", domain.MobilityFar, map[string]string{
			"V": "Dans votre commune", "SA": "Dans votre intercommunalité", "G": "Dans votre département (distance inconnue : pas de coordonnées)",
			"H": "exclue : Distance inconnue (pas de coordonnées) et hors de votre département"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := diagP1()
			in.Mobility = tt.mobility
			res := domain.Diagnose(in, places, communes, diagLabels)
			if !slices.ContainsFunc(res.Warnings, func(w string) bool {
				return strings.Contains(w, "Villeneuve sans coordonnées : distances non calculées, proximité jugée par la commune, l'intercommunalité puis le département")
			}) {
				t.Errorf("warnings %v", res.Warnings)
			}
			for id, want := range tt.want {
				if why, ok := strings.CutPrefix(want, "exclue : "); ok {
					if r := diagExcluded(t, res, id); r != why {
						t.Errorf("%s excluded because %q, want %q", id, r, why)
					}
					continue
				}
				i := slices.IndexFunc(res.Recommendations, func(r domain.Recommendation) bool { return r.PlaceID == id })
				if i < 0 {
					t.Fatalf("%s not recommended: %v %+v", id, diagRecommended(res), res.Excluded)
				}
				if r := res.Recommendations[i]; r.DistanceKm != nil || !slices.ContainsFunc(r.Reasons, func(s string) bool { return strings.HasPrefix(s, want) }) {
					t.Errorf("%s: distance %v, reasons %v, want %q", id, r.DistanceKm, r.Reasons, want)
				}
			}
		})
	}
}
