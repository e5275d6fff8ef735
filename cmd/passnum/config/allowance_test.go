package config

import (
	"strings"
	"testing"
)

// TestAllowanceKeys reads carnets_per_person_accompanied and extra_on_request and refuses, in
// French and naming the keys, what cannot be meant.
func TestAllowanceKeys(t *testing.T) {
	base := readTestdata(t, "valid.toml")
	with := func(cap int, lines string) string {
		return strings.Replace(base, "carnets_per_person = 2\n", "carnets_per_person = "+string(rune('0'+cap))+"\n"+lines, 1)
	}
	c, err := Parse([]byte(with(1, "carnets_per_person_accompanied = 2\nextra_on_request = 1\n")), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if l := c.DefaultProgramme().Limits; l.CarnetsPerPerson != 1 || l.CarnetsPerPersonAccompanied != 2 || l.ExtraOnRequest != 1 {
		t.Errorf("limits = %+v, want 1 alone, 2 accompanied, 1 extra", l)
	}
	for _, tt := range []struct {
		name, text string
		want       []string
	}{
		{"negative", with(1, "extra_on_request = -1\n"), []string{"programme p1 : [programmes.limits]", "extra_on_request = -1", "ne peut être négatif"}},
		{"no cap", with(0, "carnets_per_person_accompanied = 2\n"), []string{"sans carnets_per_person", "indiquez carnets_per_person"}},
		{"less accompanied", with(2, "carnets_per_person_accompanied = 1\n"), []string{"carnets_per_person_accompanied = 1 est inférieur à carnets_per_person = 2"}},
		{"misspelt", with(1, "extra_on_requests = 1\n"), []string{"clé inconnue « programmes.limits.extra_on_requests »"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.text), t.TempDir())
			assertContains(t, invalidMessage(t, err), tt.want...)
		})
	}
}
