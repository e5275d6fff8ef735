package config

import (
	"strings"
	"testing"
)

func TestRetention(t *testing.T) {
	base := readTestdata(t, "valid.toml")
	tests := []struct {
		name, section string
		want          int
		problem       string
	}{
		{"default", "", DefaultRetentionMonths, ""},
		{"set", "[retention]\nmonths_after_end = 36\n", 36, ""},
		{"zero", "[retention]\nmonths_after_end = 0\n", 0, "[retention] months_after_end : 0 mois n'est pas possible"},
		{"too long", "[retention]\nmonths_after_end = 500\n", 0, "de 1 à 120"},
		{"misspelt", "[retention]\nmonth_after_end = 6\n", 0, "month_after_end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(base+"\n"+tt.section), t.TempDir())
			if tt.problem != "" {
				if err == nil || !strings.Contains(err.Error(), tt.problem) {
					t.Fatalf("err = %v, want %q", err, tt.problem)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Retention.MonthsAfterEnd != tt.want {
				t.Errorf("MonthsAfterEnd = %d, want %d", c.Retention.MonthsAfterEnd, tt.want)
			}
		})
	}
}
