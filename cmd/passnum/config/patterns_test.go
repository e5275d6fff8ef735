package config

import (
	"regexp"
	"testing"
)

// The hand-written matchers of validate.go accept exactly what their regular expressions do.
func TestPatternsMatchTheirRegexps(t *testing.T) {
	insee := regexp.MustCompile(`^([013-9]\d|2[AB1-9])\d{3}$`)
	id := regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	cases := []string{"", "6", "60175", "2A004", "2B033", "20000", "21231", "2C004", "2a004", "97411", "6017", "601755",
		"60175\n", " 60175", "6O175", "A0175", "0a175", "00000", "99999", "2Ab04", "٦0175", "６0175",
		"a", "A", "0", "-", "_a", ".a", "a-b_c.d", "pimms-creil", "centre social", "é", "aé", "a/b", "a\n", "Z9", "z.", "a..-__"}
	for _, c := range cases {
		if got, want := validINSEE(c), insee.MatchString(c); got != want {
			t.Errorf("validINSEE(%q) = %v, the regexp says %v", c, got, want)
		}
		if got, want := validID(c), id.MatchString(c); got != want {
			t.Errorf("validID(%q) = %v, the regexp says %v", c, got, want)
		}
	}
	// Every 5-byte string over the characters that matter.
	alphabet := "0123456789ABab2-."
	var buf [5]byte
	var walk func(i int)
	walk = func(i int) {
		if i == len(buf) {
			s := string(buf[:])
			if validINSEE(s) != insee.MatchString(s) || validID(s) != id.MatchString(s) {
				t.Fatalf("%q: matchers and regexps disagree", s)
			}
			return
		}
		for j := 0; j < len(alphabet); j++ {
			buf[i] = alphabet[j]
			walk(i + 1)
		}
	}
	walk(0)
}
