package placecsv

import (
	"strings"
	"sync"

	"passnum/domain"
)

// enum is a closed list of values. Values are compared folded (case, accents, punctuation) so
// « a distance » or a typographic apostrophe still match, and the canonical spelling is kept.
type enum struct {
	values []string // canonical spellings
	shown  []string // what a problem lists as possible values
	// byKey maps folded spellings to canonical ones. It is built on first use: folding the
	// package's two hundred spellings at init cost every passnum command ≈ 0.3 ms, for the
	// one command (places import) that reads a places file.
	byKey  func() map[string]string
	prefix bool // compare only what precedes « : » (v0.1 « Libellé : explication »)
}

func newEnum(values ...string) enum {
	return enum{values: values, shown: values, byKey: sync.OnceValue(func() map[string]string {
		m := make(map[string]string, len(values))
		for _, v := range values {
			m[domain.Normalize(v)] = v
		}
		return m
	})}
}

func newPrefixEnum(values ...string) enum {
	e := newEnum(values...)
	e.prefix = true
	return e
}

// widen also accepts more spellings without listing them in problems.
func (e enum) widen(more ...string) enum {
	w := newEnum(append(append([]string(nil), e.values...), more...)...)
	w.shown, w.prefix = e.shown, e.prefix
	return w
}

func (e enum) lookup(v string) (string, bool) {
	if e.prefix {
		if i := strings.Index(v, ":"); i >= 0 {
			v = v[:i]
		}
	}
	c, ok := e.byKey()[domain.Normalize(v)]
	return c, ok
}

// splitMulti splits a multi-valued field, dropping blanks left by doubled or trailing separators.
func splitMulti(s, sep string) []string {
	var out []string
	for _, v := range strings.Split(s, sep) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func appendUnique[T comparable](list []T, v T) []T {
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}

// ordered returns the members of set in the order of order, so results do not depend on how a
// producer sorted a multi-valued field.
func ordered[T comparable](order, set []T) []T {
	var out []T
	for _, o := range order {
		for _, s := range set {
			if s == o {
				out = append(out, o)
				break
			}
		}
	}
	return out
}
