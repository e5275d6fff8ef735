package config

import (
	"testing"
)

// The shipped Creil configuration declares its [[communes]] alone: names and postal codes are
// still read, with the official list's postal codes.
func TestFindCommuneByNameOrPostalCode(t *testing.T) {
	c, err := Load("../../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q, want, msg string
	}{
		{"60175", "60175", ""},
		{"Creil", "60175", ""},
		{"60100", "60175", ""},
		{"st maximin", "60589", ""},
		{"SAINT-LEU-D’ESSERENT", "60584", ""},
		{"Nogent", "", "--commune : commune « Nogent » inconnue du territoire : voulez-vous dire Nogent-sur-Oise (60463, 60180) ?"},
		{"60160", "", "--commune : « 60160 » désigne plusieurs communes du territoire : Montataire (60414, 60160), Thiverny (60635, 60160)"},
		{"Lens", "", "--commune : commune « Lens » inconnue du territoire : indiquez son nom"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			got, err := c.FindCommune("--commune", tt.q)
			if tt.want != "" {
				if err != nil || got.INSEE != tt.want {
					t.Fatalf("FindCommune(%q) = %s, %v; want %s", tt.q, got.INSEE, err, tt.want)
				}
				return
			}
			assertContains(t, invalidMessage(t, err), tt.msg)
		})
	}
}
