package config

import (
	"strings"

	"passnum/domain"
	"passnum/domain/geo"
)

// FindCommune reads what was typed in a commune field — an INSEE code, a postal code or a name,
// « Creil », « 60100 », « st maximin » — among the communes of the territory. Unknown or
// ambiguous input is a KindInvalid error naming field, the value and the communes it could be.
func (c *Config) FindCommune(field, q string) (domain.Commune, error) {
	if x, ok := c.Commune(strings.TrimSpace(q)); ok {
		return x, nil // the usual case costs no look-up in the official list
	}
	m := geo.Find(q, c.territoryCommunes())
	if !m.Found {
		return domain.Commune{}, domain.Errorf(domain.KindInvalid, "%s : %s", field, geo.Explain(q, m, "du territoire"))
	}
	x, _ := c.Commune(m.Commune.Code)
	return x, nil
}

// territoryCommunes are the communes as geo finds them: with their postal codes and population
// (the bigger commune is proposed first) from the official list, even for a file that declares
// its [[communes]] alone; the configuration's name is the one shown.
func (c *Config) territoryCommunes() []geo.Commune {
	out := make([]geo.Commune, len(c.Communes))
	official := geo.Official()
	for i, x := range c.Communes {
		g := geo.Commune{Code: x.INSEE, Name: x.Name, PostalCodes: x.PostalCodes}
		if o, ok := official.Commune(x.INSEE); ok {
			g.PostalCodes, g.Population = o.PostalCodes, o.Population
		}
		out[i] = g
	}
	return out
}
