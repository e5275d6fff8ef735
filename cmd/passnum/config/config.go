// Package config reads passnum's TOML configuration file: where the database lives, who the
// local terminal acts as, the SSH server, the users, the territory (communes, prescribers) and
// the programmes with their eligibility rules.
//
// The territory is named by a top-level key, before the first [table]: territory = { epci =
// "246200364" }, { departement = "23" }, { region = "32" } or { communes = ["60175", …] }; its
// communes come from the official list embedded in package geo, and [[communes]] only adds
// what that list lacks (qpv, qpv_population, lat/lon) to communes of the territory. A file
// without territory declares every commune in [[communes]] with its name and centre, as before.
//
// Every error is a *domain.Error of kind KindInvalid whose French message names the file, the
// line when it is known, the key or the item, the wrong value and how to fix it. Unknown keys
// are errors: a typo must not silently fall back to a default.
package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"passnum/domain"
	"passnum/domain/geo"
)

// Defaults for the keys that may be left out.
const (
	DefaultStorePath   = "passnum.db"
	DefaultSSHListen   = "127.0.0.1:2222"
	DefaultHostKey     = "passnum_host_key"
	DefaultIdleTimeout = 15 * time.Minute
	DefaultMaxSessions = 50
	// DefaultChequesPerSession is the common rule "1 chèque = 1 atelier".
	DefaultChequesPerSession = 1
)

// Config is the validated configuration.
type Config struct {
	Dir         string // absolute folder of the configuration file
	StorePath   string // absolute path of the SQLite database
	LocalUser   string // id of the user the local terminal acts as; always a declared user
	SSH         SSH
	Users       []domain.User
	Territory   geo.Territory // how the file names the territory; empty: [[communes]] alone
	Communes    []domain.Commune
	Prescribers []domain.Prescriber
	Programmes  []domain.Programme // at least one; the first is the default
	Retention   Retention
}

// SSH configures the SSH server.
type SSH struct {
	Listen      string        // host:port
	HostKey     string        // absolute path of the host key file
	IdleTimeout time.Duration // a session idle this long is closed
	MaxSessions int           // concurrent sessions
}

// Load reads and validates the configuration file at path. Relative paths inside the file are
// resolved against the file's folder.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		msg := "impossible de lire le fichier de configuration %s : %v"
		if errors.Is(err, fs.ErrNotExist) {
			msg = "fichier de configuration %s introuvable : vérifiez le chemin (%v)"
		}
		e := domain.Errorf(domain.KindInvalid, msg, path, err)
		e.Err = err
		return nil, e
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &domain.Error{Kind: domain.KindInvalid, Message: "chemin de configuration invalide : " + path, Err: err}
	}
	return parse(data, filepath.Dir(abs), filepath.Base(path))
}

// Parse validates configuration data as if it were read from a file named config.toml in dir;
// relative paths are resolved against dir (the working directory when dir is empty).
func Parse(data []byte, dir string) (*Config, error) {
	return parse(data, dir, "config.toml")
}

func parse(data []byte, dir, name string) (*Config, error) {
	f, err := decode(data, name)
	if err != nil {
		return nil, err
	}
	return build(f, dir, name)
}

// Commune returns the declared commune with this INSEE code.
func (c *Config) Commune(insee string) (domain.Commune, bool) {
	for _, x := range c.Communes {
		if x.INSEE == insee {
			return x, true
		}
	}
	return domain.Commune{}, false
}

// Programme returns the programme with this id.
func (c *Config) Programme(id string) (domain.Programme, bool) {
	for _, x := range c.Programmes {
		if x.ID == id {
			return x, true
		}
	}
	return domain.Programme{}, false
}

// Prescriber returns the prescriber with this id.
func (c *Config) Prescriber(id string) (domain.Prescriber, bool) {
	for _, x := range c.Prescribers {
		if x.ID == id {
			return x, true
		}
	}
	return domain.Prescriber{}, false
}

// User returns the user with this id.
func (c *Config) User(id string) (domain.User, bool) {
	for _, x := range c.Users {
		if x.ID == id {
			return x, true
		}
	}
	return domain.User{}, false
}

// DefaultProgramme is the first programme of the file (a valid configuration has at least one).
func (c *Config) DefaultProgramme() domain.Programme {
	if len(c.Programmes) == 0 {
		return domain.Programme{}
	}
	return c.Programmes[0]
}
