package main

import (
	"strings"
	"testing"
)

// passnum lookup of a place reads like the desk's screen: the phone as dialled and the opening
// hours as a French timetable, not +33… nor OSM syntax.
func TestLookupPlaceInWords(t *testing.T) {
	c := newCLI(t)
	c.must("places", "import", "testdata/places_min.csv")
	out := c.must("lookup", "pimms-creil")
	for _, want := range []string{"tél. 03 44 00 00 01", "horaires : lun.–ven. 9 h – 17 h"} {
		if !strings.Contains(strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(out), want) {
			t.Errorf("lookup lacks %q:\n%s", want, out)
		}
	}
	for _, bad := range []string{"+33", "Mo-Fr", "09:00"} {
		if strings.Contains(out, bad) {
			t.Errorf("lookup shows %q:\n%s", bad, out)
		}
	}
}
