package geo

import (
	"strings"
	"sync"

	"passnum/domain"
)

// TerritoryCommunes are a territory's communes as Find looks them up: with their postal codes
// and population (the bigger commune is proposed first) from the official list, even for a
// configuration that declares its communes alone; the configuration's name is the one shown.
func TerritoryCommunes(communes []domain.Commune) []Commune {
	official := Official()
	out := make([]Commune, len(communes))
	for i, x := range communes {
		g := Commune{Code: x.INSEE, Name: x.Name, PostalCodes: x.PostalCodes}
		if o, ok := official.Commune(x.INSEE); ok {
			g.PostalCodes, g.Population = o.PostalCodes, o.Population
		}
		out[i] = g
	}
	return out
}

// FindCommune reads what was typed in a commune field — an INSEE code, a postal code or a
// name, « Creil », « 60100 », « st maximin » — among the territory's communes. Unknown or
// ambiguous input is a KindInvalid error naming field, the value and the communes it could be.
func FindCommune(communes []domain.Commune, field, q string) (domain.Commune, error) {
	return CommuneFinder(communes)(field, q)
}

// CommuneFinder is FindCommune for many look-ups in the same territory (an import's rows, a
// server's sessions): the territory's official postal codes are gathered once, at the first
// name or postal code to find. It is safe for concurrent use.
func CommuneFinder(communes []domain.Commune) func(field, q string) (domain.Commune, error) {
	var once sync.Once
	var territory []Commune
	var mu sync.Mutex
	found := map[string]domain.Commune{} // what was typed: a file names the same few communes
	return func(field, q string) (domain.Commune, error) {
		code := strings.TrimSpace(q)
		for _, c := range communes {
			if c.INSEE == code {
				return c, nil // the usual case costs no look-up in the official list
			}
		}
		mu.Lock()
		c, ok := found[q]
		mu.Unlock()
		if ok {
			return c, nil
		}
		once.Do(func() { territory = TerritoryCommunes(communes) })
		m := Find(q, territory)
		if m.Found {
			for _, c := range communes {
				if c.INSEE == m.Commune.Code {
					mu.Lock()
					found[q] = c
					mu.Unlock()
					return c, nil
				}
			}
		}
		return domain.Commune{}, domain.Errorf(domain.KindInvalid, "%s : %s", field, Explain(q, m, "du territoire"))
	}
}
