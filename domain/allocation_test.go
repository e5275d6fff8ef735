package domain

import (
	"strings"
	"testing"
)

func TestAllocationKey(t *testing.T) {
	w := func(pairs ...any) []KeyWeight {
		var out []KeyWeight
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, KeyWeight{Prescriber: pairs[i].(string), Weight: pairs[i+1].(int)})
		}
		return out
	}
	tests := []struct {
		name     string
		n, fixed int
		weights  []KeyWeight
		want     []int // totals, in the order of the weights
		err      string
	}{
		{"proportional, exact", 40, 10, w("a", 1, "b", 3), []int{15, 25}, ""},                                  // 20 left: 5 and 15
		{"largest remainder", 10, 0, w("a", 1, "b", 1, "c", 1), []int{4, 3, 3}, ""},                            // 3.33 each: the tie goes to the first
		{"largest remainder wins over order", 10, 0, w("a", 1, "b", 2), []int{3, 7}, ""},                       // 3.33 / 6.67
		{"the largest remainder, not the largest weight", 7, 1, w("a", 5, "b", 3, "c", 2), []int{3, 2, 2}, ""}, // 4 left: 2 / 1.2 / 0.8: c's 0.8 beats b's 0.2
		{"weight zero gets the fixed part only", 25, 5, w("a", 0, "b", 7, "c", 3), []int{5, 12, 8}, ""},
		{"fixed only", 30, 10, w("a", 0, "b", 0, "c", 0), []int{10, 10, 10}, ""},
		{"Lens-Liévin like", 100, 10, w("liévin", 5400, "lens", 12000, "avion", 2600, "harnes", 0), []int{26, 46, 18, 10}, ""}, // 60 left: 16.2 / 36 / 7.8 / 0
		{"fixed too large", 20, 10, w("a", 1, "b", 1, "c", 1), nil, "3 prescripteurs × 10 carnets fixes = 30 carnets, plus que les 20 carnets à répartir ; baissez --fixed (au plus 6 ici) ou augmentez --count (au moins 30)"},
		{"no weight for the rest", 40, 10, w("a", 0, "b", 0), nil, "il reste 20 carnets à répartir selon le poids des prescripteurs, mais tous ont un poids nul"},
		{"zero count", 0, 10, w("a", 1), nil, "supérieur à 0"},
		{"negative fixed", 10, -1, w("a", 1), nil, "ne peut pas être négative"},
		{"nobody", 10, 1, nil, nil, "aucun prescripteur"},
		{"twice", 10, 1, w("a", 1, "a", 2), nil, "a est donné deux fois"},
		{"negative weight", 10, 1, w("a", -1), nil, "poids négatif"},
	}
	for _, tt := range tests {
		shares, err := AllocationKey(tt.n, tt.fixed, tt.weights)
		if tt.err != "" {
			if err == nil || KindOf(err) != KindInvalid || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: err = %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if KeyTotal(shares) != tt.n {
			t.Errorf("%s: shares sum to %d, want exactly %d", tt.name, KeyTotal(shares), tt.n)
		}
		for i, s := range shares {
			if s.Prescriber != tt.weights[i].Prescriber || s.Fixed != tt.fixed || s.Total != s.Fixed+s.Variable {
				t.Errorf("%s: share %d = %+v", tt.name, i, s)
			}
			if tt.want != nil && s.Total != tt.want[i] {
				t.Errorf("%s: %s gets %d, want %d (all: %+v)", tt.name, s.Prescriber, s.Total, tt.want[i], shares)
			}
		}
	}
}

// The properties hold for any count: exact sum, fixed part, each share within one carnet of
// its exact quota, and the same answer every time.
func TestAllocationKeyProperties(t *testing.T) {
	weights := []KeyWeight{{"a", 3127}, {"b", 0}, {"c", 911}, {"d", 911}, {"e", 15000}, {"f", 1}}
	for n := 6 * 3; n <= 600; n += 7 {
		shares, err := AllocationKey(n, 3, weights)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := AllocationKey(n, 3, weights)
		if KeyTotal(shares) != n {
			t.Fatalf("n=%d: sum %d", n, KeyTotal(shares))
		}
		for i, s := range shares {
			if d := float64(s.Variable) - s.Exact; d <= -1 || d >= 1 {
				t.Fatalf("n=%d: %s has %d for an exact quota of %.3f", n, s.Prescriber, s.Variable, s.Exact)
			}
			if s.Fixed != 3 || s != again[i] {
				t.Fatalf("n=%d: %+v / %+v", n, s, again[i])
			}
		}
		if shares[1].Variable != 0 {
			t.Fatalf("n=%d: a prescriber of weight 0 got a variable part: %+v", n, shares[1])
		}
		if shares[2].Variable < shares[3].Variable {
			t.Fatalf("n=%d: equal weights, the first must come first on a tie: %+v %+v", n, shares[2], shares[3])
		}
	}
}

func TestKeyWeights(t *testing.T) {
	communes := []Commune{{INSEE: "62498", Name: "Lens", QPVPopulation: 12000}, {INSEE: "62510", Name: "Liévin", QPVPopulation: 5400}}
	prescribers := []Prescriber{{ID: "mairie-lens", Commune: "62498"}, {ID: "cs-lievin", Commune: "62510"}, {ID: "ailleurs", Commune: "99999"}}
	got, err := KeyWeights(KeyByQPVPopulation, prescribers, communes)
	if err != nil || len(got) != 3 || got[0] != (KeyWeight{"mairie-lens", 12000}) || got[1] != (KeyWeight{"cs-lievin", 5400}) || got[2].Weight != 0 {
		t.Fatalf("KeyWeights = %+v, %v", got, err)
	}
	if _, err := KeyWeights(KeyByPopulation, prescribers, communes); err == nil || KindOf(err) != KindInvalid || !strings.Contains(err.Error(), "--by population : la configuration ne donne pas la population des communes") {
		t.Errorf("population: %v", err)
	}
	if _, err := KeyWeights("habitants", prescribers, communes); err == nil || !strings.Contains(err.Error(), `--by : "habitants" inconnu`) {
		t.Errorf("unknown basis: %v", err)
	}
}

func TestKeyOverlaps(t *testing.T) {
	prescribers := []Prescriber{{ID: "a", Name: "Pôle emploi Creil", Commune: "60175"}, {ID: "b", Name: "Mission locale", Commune: "60175"},
		{ID: "c", Name: "Espace Hoker", Commune: "60414"}, {ID: "d", Name: "Mairie", Commune: "60414"}}
	weights := []KeyWeight{{"a", 9000}, {"b", 9000}, {"c", 3000}, {"d", 0}}
	got := KeyOverlaps(prescribers, weights, 8)
	if len(got) != 1 || got[0].Commune != "60175" || !strings.HasPrefix(got[0].Text("Creil"), "Creil compte pour 2 prescripteurs (Pôle emploi Creil, Mission locale) : sa population en QPV pèse 2 fois") {
		t.Errorf("overlaps = %+v (Montataire's second desk weighs nothing: no warning)", got)
	}
	if got := KeyOverlaps(prescribers, weights, 0); got != nil {
		t.Errorf("a key of fixed parts only shares no population: %+v", got)
	}
}
