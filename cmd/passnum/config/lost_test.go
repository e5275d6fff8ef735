package config

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"passnum/domain"
)

// TestLostRule reads [programmes.limits] lost_replacement and lost_counts_in_cap: left out, a
// lost carnet may be replaced and still counts in the caps; a contradiction or a wrong type is refused in
// French, naming the key and the line.
func TestLostRule(t *testing.T) {
	base := readTestdata(t, "valid.toml")
	with := func(lines string) string {
		return strings.Replace(base, "carnets_per_person = 2\n", "carnets_per_person = 2\n"+lines, 1)
	}
	for _, tt := range []struct {
		lines string
		want  domain.LostRule
	}{
		{"", domain.LostRule{CountsInCap: true}},
		{"lost_replacement = true\nlost_counts_in_cap = false\n", domain.LostRule{}},
		{"lost_counts_in_cap = true\n", domain.LostRule{CountsInCap: true}},
		{"lost_replacement = false\n", domain.LostRule{NoReplacement: true}},
	} {
		c, err := Parse([]byte(with(tt.lines)), t.TempDir())
		if err != nil {
			t.Fatalf("%q: %v", tt.lines, err)
		}
		if got := c.DefaultProgramme().Limits.Lost; got != tt.want {
			t.Errorf("%q: rule %+v, want %+v", tt.lines, got, tt.want)
		}
	}
	for _, tt := range []struct {
		name  string
		lines string
		want  []string
	}{
		{"contradiction", "lost_replacement = false\nlost_counts_in_cap = true\n",
			[]string{"programme p1 : [programmes.limits] lost_counts_in_cap = true avec lost_replacement = false", "retirez lost_counts_in_cap"}},
		{"written as text", "lost_replacement = \"non\"\n",
			[]string{"config.toml, ligne " + strconv.Itoa(lineOf(t, with("lost_replacement = \"non\"\n"), "lost_replacement")) + " : « programmes.limits.lost_replacement » n'a pas le bon type"}},
		{"misspelt", "lost_counts_in_caps = true\n", []string{"clé inconnue « programmes.limits.lost_counts_in_caps »"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(with(tt.lines)), t.TempDir())
			assertContains(t, invalidMessage(t, err), tt.want...)
		})
	}
}

// The shipped configuration says its rule on lost carnets, the default one.
func TestShippedLostRule(t *testing.T) {
	c, err := Load("../../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.DefaultProgramme().Limits.Lost; got != (domain.LostRule{CountsInCap: true}) {
		t.Errorf("shipped rule = %+v, want a replacement within the cap", got)
	}
	data, err := os.ReadFile("../../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "lost_replacement = true") || !strings.Contains(string(data), "lost_counts_in_cap = true") {
		t.Error("config.toml does not document lost_replacement and lost_counts_in_cap")
	}
}
