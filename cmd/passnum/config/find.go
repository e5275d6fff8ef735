package config

import (
	"passnum/domain"
	"passnum/domain/geo"
)

// FindCommune reads what was typed in a commune field — an INSEE code, a postal code or a name —
// among the communes of the territory (geo.FindCommune).
func (c *Config) FindCommune(field, q string) (domain.Commune, error) {
	return geo.FindCommune(c.Communes, field, q)
}
