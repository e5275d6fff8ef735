// Package passnum ships the default programme so that a fresh checkout runs with no set-up, and
// the configurations of the territories the articles describe (passnum init --from NAME).
package passnum

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

// DefaultConfig is config.toml as shipped: the Creil Sud Oise programme.
//
//go:embed config.toml
var DefaultConfig []byte

//go:embed configs/*.toml
var shipped embed.FS

// ShippedConfig returns configs/NAME.toml (NAME without .toml), and whether there is one.
func ShippedConfig(name string) ([]byte, bool) {
	name = strings.TrimSuffix(strings.TrimSpace(name), ".toml")
	if name == "" || strings.ContainsAny(name, `/\`) {
		return nil, false
	}
	b, err := fs.ReadFile(shipped, "configs/"+name+".toml")
	return b, err == nil
}

// ShippedConfigNames lists the shipped configurations, by name, sorted.
func ShippedConfigNames() []string {
	entries, _ := fs.ReadDir(shipped, "configs")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".toml"))
	}
	sort.Strings(names)
	return names
}
