package domain

import (
	"strings"
	"testing"
	"time"
)

func TestParsePix(t *testing.T) {
	tests := []struct {
		in, stored, text string
	}{
		{"", "", ""},
		{" 312 ", "312", "312 pix"},
		{"312 pix", "312", "312 pix"},
		{"312pix", "312", "312 pix"},
		{"0", "0", "0 pix"},
		{"1024 Pix", "1024", "1024 pix"},
		{"1:2 2:3 5:1", "1:2 2:3 5:1", "Informations et données niveau 2 · Communication et collaboration niveau 3 · Environnement numérique niveau 1"},
		{"5:1, 1:2", "1:2 5:1", "Informations et données niveau 2 · Environnement numérique niveau 1"},
		{"informations 2, communication 3", "1:2 2:3", "Informations et données niveau 2 · Communication et collaboration niveau 3"},
		{"Création de contenu : 4 ; sécurité niveau 0", "3:4 4:0", "Création de contenu niveau 4 · Protection et sécurité niveau 0"},
		{"environnement numérique 8", "5:8", "Environnement numérique niveau 8"},
		{"256 pix 1=2 comm 3", "256 1:2 2:3", "256 pix · Informations et données niveau 2 · Communication et collaboration niveau 3"},
	}
	for _, tt := range tests {
		p, err := ParsePix(tt.in)
		if err != nil {
			t.Errorf("ParsePix(%q): %v", tt.in, err)
			continue
		}
		if p.Stored() != tt.stored || p.String() != tt.text {
			t.Errorf("ParsePix(%q) = stored %q, text %q; want %q, %q", tt.in, p.Stored(), p.String(), tt.stored, tt.text)
		}
		// The stored form reads back as the same positioning.
		if back := PixFromStored(p.Stored()); back.String() != tt.text {
			t.Errorf("PixFromStored(%q) = %q, want %q", p.Stored(), back.String(), tt.text)
		}
	}
}

func TestParsePixRefusals(t *testing.T) {
	tests := []struct{ in, says string }{
		{"beaucoup", "« beaucoup » n'est pas un domaine Pix"},
		{"2000", "« 2000 » n'est pas un score Pix (de 0 à 1024 pix)"},
		{"-1", "jamais négatif"},
		{"2,5", "nombre entier"},
		{"312 96", "deux scores"},
		{"7:2", "le domaine 7 n'existe pas"},
		{"1:9", "niveau 9 en Informations et données, un niveau va de 0 à 8"},
		{"informations 12", "niveau 12 en Informations et données"},
		{"1:2 info 3", "Informations et données est donné deux fois"},
		{"communication", "il manque le niveau de Communication et collaboration"},
		{"3:", "il manque le niveau de Création de contenu"},
		{"pix", "ne donne ni score ni niveau"},
		{"niveau 2", "« niveau 2 » : de quel domaine ?"},
		{strings.Repeat("1", 201), "trop long"},
	}
	for _, tt := range tests {
		_, err := ParsePix(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.says) || !strings.HasPrefix(err.Error(), "positionnement Pix : ") ||
			!strings.Contains(err.Error(), "attendu : un score de 0 à 1024") || KindOf(err) != KindInvalid {
			t.Errorf("ParsePix(%q) = %v; want a refusal saying %q and the expected form", tt.in, err, tt.says)
		}
	}
}

// A free text typed before positionings were checked is shown as typed.
func TestPixFromStoredKeepsOldText(t *testing.T) {
	for _, old := range []string{"2,5", "ABC Diag passé", "niveau débutant"} {
		if got := PixText(old); got != old {
			t.Errorf("PixText(%q) = %q", old, got)
		}
	}
	if got := PixText("96"); got != "96 pix" {
		t.Errorf("PixText(96) = %q", got)
	}
	if PixText("") != "" || !PixFromStored(" ").IsZero() {
		t.Error("no result must stay empty")
	}
}

func TestPixProgression(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 16, 0, 0, 0, time.Local) }
	notes := []FollowUpNote{
		{Session: "S1", At: day(3), Pix: "96 1:1 2:2"},
		{Session: "S1", At: day(4), Comment: "sans test"},
		{Session: "S2", At: day(5), Pix: "à revoir"}, // an old free text: no progression
		{Session: "S3", At: day(10), Pix: "1:3 5:1"},
	}
	got := PixProgression(notes)
	want := []string{
		"Score Pix : 96 pix le 03/03/2026",
		"Informations et données : niveau 1 le 03/03/2026 → niveau 3 le 10/03/2026",
		"Communication et collaboration : niveau 2 le 03/03/2026",
		"Environnement numérique : niveau 1 le 10/03/2026",
	}
	if len(got) != len(want) {
		t.Fatalf("PixProgression = %v", got)
	}
	for i, g := range got {
		if g.String() != want[i] {
			t.Errorf("line %d = %q, want %q", i, g.String(), want[i])
		}
	}
	if !got[1].Moved() || got[2].Moved() || got[1].First.Session != "S1" || got[1].Last.Session != "S3" {
		t.Errorf("first and latest of Informations et données: %+v", got[1])
	}
	if PixProgression(nil) != nil {
		t.Error("no positioning, no progression")
	}
}
