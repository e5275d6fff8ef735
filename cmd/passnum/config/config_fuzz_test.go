package config

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"passnum/domain"
)

// FuzzParse feeds the configuration reader any text, from the seed corpus of the shipped
// config.toml and the test files (testdata/fuzz/FuzzParse).
// To fuzz longer: go test ./cmd/passnum/config -run '^$' -fuzz '^FuzzParse$' -fuzztime 10m
//
// Invariants: no panic; a refusal is a KindInvalid domain error whose French message names the
// file on every line (the package's promise); an accepted configuration has a programme, a local
// user among its users, absolute paths inside the given folder, and reads the same twice.
func FuzzParse(f *testing.F) {
	dir := filepath.Join(f.TempDir(), "passnum")
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data, dir)
		if err != nil {
			var de *domain.Error
			if !errors.As(err, &de) || de.Kind != domain.KindInvalid {
				t.Fatalf("%v (%T): not a KindInvalid domain error", err, err)
			}
			msg := err.Error()
			if !utf8.ValidString(msg) && utf8.Valid(data) {
				t.Fatalf("message not UTF-8: %q", msg)
			}
			for _, line := range strings.Split(msg, "\n") {
				if !strings.HasPrefix(line, "config.toml") {
					t.Fatalf("a line of the message does not name the file: %q\n(whole message: %q)", line, msg)
				}
			}
			return
		}
		if len(c.Programmes) == 0 {
			t.Fatal("an accepted configuration without a programme")
		}
		if _, ok := c.User(c.LocalUser); !ok {
			t.Fatalf("[local] user %q is not among the users", c.LocalUser)
		}
		for _, p := range []string{c.StorePath, c.SSH.HostKey, c.Dir} {
			if !filepath.IsAbs(p) {
				t.Fatalf("path %q is not absolute", p)
			}
		}
		again, err := Parse(data, dir)
		if err != nil || !reflect.DeepEqual(again, c) {
			t.Fatalf("a second read differs (%v)", err)
		}
	})
}
