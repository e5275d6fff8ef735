// Package passnum ships the default programme so that a fresh checkout runs with no set-up.
package passnum

import _ "embed"

// DefaultConfig is config.toml as shipped: the Creil Sud Oise programme.
//
//go:embed config.toml
var DefaultConfig []byte
