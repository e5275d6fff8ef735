package config

import (
	"os"
	"strings"
	"testing"
)

// TestExclusiveWith reads exclusive_with and refuses, naming the programme and the choices, an
// id that is not configured or the programme itself: a typo would let a person hold both.
func TestExclusiveWith(t *testing.T) {
	base := readTestdata(t, "valid.toml")
	second := "\n[[programmes]]\nid = \"p2\"\nname = \"Second\"\noperator = \"APTIC\"\ncheque_value_cents = 1000\ncheques_per_carnet = 5\n" +
		"valid_from = 2026-01-01\nvalid_until = 2026-12-31\n\n[[programmes.funders]]\nname = \"État\"\nshare_percent = 100\n\n" +
		"[[programmes.publics]]\nid = \"tous\"\nname = \"Tous\"\n"
	with := func(line string) string {
		return strings.Replace(base, "valid_until = \"2026-12-31\"\n", "valid_until = \"2026-12-31\"\n"+line, 1) + second
	}
	c, err := Parse([]byte(with("exclusive_with = [\"p2\"]\n")), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Programmes[0].ExclusiveWith; len(got) != 1 || got[0] != "p2" {
		t.Errorf("exclusive_with = %v, want [p2]", got)
	}
	if len(c.Programmes[1].ExclusiveWith) != 0 {
		t.Errorf("p2 has exclusive_with %v, want none written", c.Programmes[1].ExclusiveWith)
	}
	for _, tt := range []struct{ name, line, want string }{
		{"unknown", "exclusive_with = [\"p3\"]\n", `exclusive_with = ["p3"] : programme inconnu (choix : p2)`},
		{"itself", "exclusive_with = [\"p1\"]\n", `exclusive_with = ["p1"] : un programme ne s'exclut pas lui-même`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(with(tt.line)), t.TempDir())
			assertContains(t, invalidMessage(t, err), "programme p1", tt.want)
		})
	}
}

// TestCreuseConfigProgrammes reads the shipped configs/creuse.toml with its territory written
// out as one commune (the département key is the territory work's): both programmes, the
// article's facts and the rules this configuration relies on.
func TestCreuseConfigProgrammes(t *testing.T) {
	data, err := os.ReadFile("../../../configs/creuse.toml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	const territory = `territory = { departement = "23" }`
	if !strings.Contains(text, territory) {
		t.Fatalf("configs/creuse.toml does not name its territory with %s", territory)
	}
	text = strings.Replace(text, territory, "[[communes]]\ninsee = \"23096\"\nname = \"Guéret\"\nlat = 46.17\nlon = 1.87\n", 1)
	c, err := Parse([]byte(text), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Programmes) != 2 || c.Programmes[0].ID != "creuse-1" || c.Programmes[1].ID != "creuse-2" {
		t.Fatalf("programmes = %+v, want creuse-1 and creuse-2", c.Programmes)
	}
	one, two := c.Programmes[0], c.Programmes[1]
	if len(one.ExclusiveWith) != 1 || one.ExclusiveWith[0] != "creuse-2" {
		t.Errorf("creuse-1 exclusive_with = %v", one.ExclusiveWith)
	}
	for _, p := range c.Programmes {
		if p.ChequesPerSession != 1 || p.MaxSessionMinutes != 120 {
			t.Errorf("%s: %d chèque(s) per session, %d min; the article says 1 chèque = 1 atelier of 2 h at most", p.ID, p.ChequesPerSession, p.MaxSessionMinutes)
		}
	}
	if f := one.Funders; len(f) != 3 || f[0].SharePercent != 60 || f[1].SharePercent != 20 || f[2].SharePercent != 20 {
		t.Errorf("creuse-1 funders = %+v, want 60 %% Europe, 20 %% État, 20 %% Département", f)
	}
	qf := false
	for _, pub := range two.Publics {
		if pub.MaxQuotientFamilial != nil && *pub.MaxQuotientFamilial > 0 {
			qf = true
		}
	}
	if len(two.Publics) != 3 || !qf {
		t.Errorf("creuse-2 publics = %+v, want seniors, home help and families under a QF ceiling", two.Publics)
	}
	for _, id := range []string{"tela", "aliso"} {
		if _, ok := c.Prescriber(id); !ok {
			t.Errorf("prescriber %s missing", id)
		}
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, "EXEMPLE") {
			return
		}
	}
	t.Error("configs/creuse.toml marks no sample value EXEMPLE")
}
