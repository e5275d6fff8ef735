package domain

import (
	"slices"
	"strings"
)

// A coordinator edits a place's levels, needs and served communes as comma lists, from the CLI
// (places set --levels …) and from the places screen: one reading, one set of messages.

// SplitList reads a comma list, dropping blanks: « B01, B03 » → [B01 B03].
func SplitList(v string) []string {
	out := []string{}
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// ParseLevels reads the levels a place accepts.
func ParseLevels(field, v string) ([]Level, error) {
	ls := []Level{}
	for _, l := range SplitList(v) {
		lv := Level(l)
		if !slices.Contains(AllLevels, lv) {
			return nil, Errorf(KindInvalid, "%s : niveau %q inconnu (choix : debutant, en_progression, autonome)", field, l)
		}
		ls = append(ls, lv)
	}
	return ls, nil
}

// ParseNeeds reads the needs a place meets, by their codes B01 to B12.
func ParseNeeds(field, v string) ([]Need, error) {
	ns := []Need{}
	for _, n := range SplitList(v) {
		code := Need(strings.ToUpper(n))
		if _, ok := LookupNeed(code); !ok {
			return nil, Errorf(KindInvalid, "%s : besoin %q inconnu (codes B01 à B12)", field, n)
		}
		ns = append(ns, code)
	}
	return ns, nil
}

// ParseServes reads the INSEE codes of the communes an itinerant place serves, among the
// territory's communes.
func ParseServes(field, v string, communes []Commune) ([]string, error) {
	list := SplitList(v)
	for _, c := range list {
		if !slices.ContainsFunc(communes, func(k Commune) bool { return k.INSEE == c }) {
			return nil, Errorf(KindInvalid, "%s : commune %q inconnue du territoire (code INSEE attendu)", field, c)
		}
	}
	return list, nil
}
