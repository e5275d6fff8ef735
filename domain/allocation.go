package domain

import (
	"fmt"
	"sort"
	"strings"
)

// KeyBasis is what the variable part of an allocation key is proportional to.
type KeyBasis string

const (
	KeyByQPVPopulation KeyBasis = "qpv_population" // population of the commune living in QPV
	KeyByPopulation    KeyBasis = "population"     // whole population of the commune
)

// MaxKeyCount caps the carnets one allocation key shares out.
const MaxKeyCount = 1_000_000

// KeyWeight is what a prescriber weighs in an allocation key: the population (in QPV) of its
// commune.
type KeyWeight struct {
	Prescriber string
	Weight     int
}

// KeyShare is a prescriber's share of an allocation key: a fixed part plus a part proportional
// to its weight, rounded by largest remainder.
type KeyShare struct {
	Prescriber string
	Weight     int
	Fixed      int
	Variable   int
	Total      int
	// Exact is the variable part before rounding (for the table: why one got a carnet more).
	Exact float64
}

// AllocationKey shares n carnets among prescribers the Lens-Liévin way: each gets fixed
// carnets, and what is left is shared in proportion to the weights, rounded by largest
// remainder so that the shares sum exactly to n. Equal remainders are broken by the order of
// the weights (the order of the prescribers in the configuration), so the key is deterministic.
func AllocationKey(n, fixed int, weights []KeyWeight) ([]KeyShare, error) {
	switch {
	case n <= 0:
		return nil, Errorf(KindInvalid, "clé de répartition : --count %d ? Indiquez un nombre de carnets supérieur à 0", n)
	case n > MaxKeyCount:
		return nil, Errorf(KindInvalid, "clé de répartition : --count %s ? Une clé répartit %s carnets au plus", Grouped(int64(n)), Grouped(MaxKeyCount))
	case fixed < 0:
		return nil, Errorf(KindInvalid, "clé de répartition : --fixed %d ? La part fixe ne peut pas être négative", fixed)
	case len(weights) == 0:
		return nil, Errorf(KindInvalid, "clé de répartition : aucun prescripteur à qui répartir les carnets (voir [[prescribers]] dans config.toml)")
	}
	seen := map[string]bool{}
	var total int64
	for i, w := range weights {
		if strings.TrimSpace(w.Prescriber) == "" {
			return nil, Errorf(KindInvalid, "clé de répartition : prescripteur n°%d sans identifiant", i+1)
		}
		if seen[w.Prescriber] {
			return nil, Errorf(KindInvalid, "clé de répartition : le prescripteur %s est donné deux fois", w.Prescriber)
		}
		seen[w.Prescriber] = true
		if w.Weight < 0 {
			return nil, Errorf(KindInvalid, "clé de répartition : le prescripteur %s a un poids négatif (%d)", w.Prescriber, w.Weight)
		}
		total += int64(w.Weight)
	}
	fixedAll := int64(fixed) * int64(len(weights))
	if fixedAll > int64(n) {
		return nil, Errorf(KindInvalid, "clé de répartition : %s × %s = %s, plus que les %s à répartir ; baissez --fixed (au plus %d ici) ou augmentez --count (au moins %s)",
			Plural(len(weights), "prescripteur", "prescripteurs"), Plural(fixed, "carnet fixe", "carnets fixes"), Plural(int(fixedAll), "carnet", "carnets"), Plural(n, "carnet", "carnets"),
			n/len(weights), Grouped(fixedAll))
	}
	rest := int64(n) - fixedAll
	if rest > 0 && total == 0 {
		return nil, Errorf(KindInvalid, "clé de répartition : il reste %s à répartir selon le poids des prescripteurs, mais tous ont un poids nul : renseignez la population de leurs communes (qpv_population dans [[communes]] de config.toml), ou demandez --count %s (la part fixe seule)",
			Plural(int(rest), "carnet", "carnets"), Grouped(fixedAll))
	}
	shares := make([]KeyShare, len(weights))
	remainders := make([]int64, len(weights))
	given := int64(0)
	for i, w := range weights {
		shares[i] = KeyShare{Prescriber: w.Prescriber, Weight: w.Weight, Fixed: fixed}
		if total > 0 {
			part := rest * int64(w.Weight)
			shares[i].Variable = int(part / total)
			remainders[i] = part % total
			shares[i].Exact = float64(part) / float64(total)
		}
		given += int64(shares[i].Variable)
	}
	// Largest remainder: the carnets left by rounding down go to the largest remainders, the
	// first prescriber first when two are equal. Fewer are left than prescribers with a
	// remainder, so a prescriber of weight 0 never gets one.
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return remainders[order[a]] > remainders[order[b]] })
	for k := 0; k < int(rest-given); k++ {
		shares[order[k]].Variable++
	}
	for i := range shares {
		shares[i].Total = shares[i].Fixed + shares[i].Variable
	}
	return shares, nil
}

// KeyWeights gives each prescriber the weight of its commune for an allocation key.
func KeyWeights(basis KeyBasis, prescribers []Prescriber, communes []Commune) ([]KeyWeight, error) {
	switch basis {
	case KeyByQPVPopulation:
	case KeyByPopulation:
		return nil, Errorf(KindInvalid, "--by population : la configuration ne donne pas la population des communes (seule qpv_population, la population en QPV, figure dans [[communes]]) ; utilisez --by qpv_population")
	default:
		return nil, Errorf(KindInvalid, "--by : %q inconnu (choix : qpv_population, population)", string(basis))
	}
	pop := map[string]int{}
	for _, c := range communes {
		pop[c.INSEE] = c.QPVPopulation
	}
	out := make([]KeyWeight, len(prescribers))
	for i, p := range prescribers {
		out[i] = KeyWeight{Prescriber: p.ID, Weight: pop[p.Commune]}
	}
	return out, nil
}

// KeyTotal is the number of carnets a key shares out.
func KeyTotal(shares []KeyShare) int {
	n := 0
	for _, s := range shares {
		n += s.Total
	}
	return n
}

// KeyOverlap is a commune several prescribers of an allocation key share: each of them weighs
// the commune's whole population, so it counts once per desk.
type KeyOverlap struct {
	Commune string   // INSEE
	Names   []string // the prescribers, in the key's order
}

// KeyOverlaps lists the communes weighed more than once by a key sharing variable carnets in
// proportion (none when the key is made of fixed parts only).
func KeyOverlaps(prescribers []Prescriber, weights []KeyWeight, variable int) []KeyOverlap {
	if variable <= 0 {
		return nil
	}
	byCommune := map[string][]string{}
	var communes []string
	for i, p := range prescribers {
		if i >= len(weights) || weights[i].Weight == 0 {
			continue
		}
		if byCommune[p.Commune] == nil {
			communes = append(communes, p.Commune)
		}
		byCommune[p.Commune] = append(byCommune[p.Commune], p.Name)
	}
	var out []KeyOverlap
	for _, c := range communes {
		if names := byCommune[c]; len(names) > 1 {
			out = append(out, KeyOverlap{Commune: c, Names: names})
		}
	}
	return out
}

// Text is the warning with what to do, communeName naming the commune.
func (o KeyOverlap) Text(communeName string) string {
	return fmt.Sprintf("%s compte pour %d prescripteurs (%s) : sa population en QPV pèse %d fois ; si ce sont des guichets d'un même prescripteur, déclarez un seul [[prescribers]] pour la commune et rattachez-y leurs utilisateurs (voir config.toml), ou choisissez avec --prescribers",
		communeName, len(o.Names), strings.Join(o.Names, ", "), len(o.Names))
}
