package domain

import "testing"

func TestAddressKeySame(t *testing.T) {
	groups := [][]string{
		{"12, Rue Emile Zola", "12 rue Émile-Zola", "12 R. EMILE ZOLA", "n° 12 rue Émile Zola"},
		{"12 bis avenue de la République", "12B av. République", "12bis Ave de la Republique", "12 b AV République"},
		{"3 ter bd du Général Leclerc", "3T Bld Général-Leclerc", "3 ter boulevard du general leclerc"},
		{"5 pl. St-Jean", "5 place Saint Jean", "5 Pl Saint-Jean"},
		{"Résid. Les Lilas", "résidence les lilas", "RES LES LILAS"},
		{"7 imp. de l'Église", "7 impasse l Eglise", "no 7 Impasse de l'église"},
	}
	for _, g := range groups {
		want := AddressKey(g[0])
		if want == "" {
			t.Fatalf("AddressKey(%q) is empty", g[0])
		}
		for _, s := range g[1:] {
			if got := AddressKey(s); got != want {
				t.Errorf("AddressKey(%q) = %q, want %q (as %q)", s, got, want, g[0])
			}
		}
	}
}

func TestAddressKeyDiffer(t *testing.T) {
	cases := []struct{ a, b string }{
		{"12 rue Zola", "14 rue Zola"},
		{"12 rue Zola", "12 bis rue Zola"},
		{"12 bis rue Zola", "12 ter rue Zola"},
		{"12 rue Zola", "12 avenue Zola"},
		{"12 rue Zola", "12 rue Hugo"},
		{"1 rue Zola", "12 rue Zola"},
	}
	for _, c := range cases {
		if ka, kb := AddressKey(c.a), AddressKey(c.b); ka == kb {
			t.Errorf("AddressKey(%q) = AddressKey(%q) = %q, want different keys", c.a, c.b, ka)
		}
	}
}

func TestAddressKeyValue(t *testing.T) {
	cases := []struct{ in, want string }{
		{"12, Rue Emile Zola", "12 rue emile zola"},
		{"12 bis avenue de la République", "12b avenue republique"},
		{"12 R. EMILE ZOLA", "12 rue emile zola"},
		{"Cité HLM des Pins", "cite hlm pins"},
		{"", ""},
		{"   ", ""},
		{", - ' .", ""},
	}
	for _, c := range cases {
		if got := AddressKey(c.in); got != c.want {
			t.Errorf("AddressKey(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestValidPostalCode(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{"", true},
		{"75011", true},
		{"01000", true},
		{"7501", false},
		{"750011", false},
		{"75 011", false},
		{"2A004", false},
		{"abcde", false},
		{"７５０１１", false},
	}
	for _, c := range cases {
		if got := ValidPostalCode(c.in); got != c.want {
			t.Errorf("ValidPostalCode(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestNoAddress(t *testing.T) {
	for s, want := range map[string]bool{"SDF": true, "nc": true, "N.C.": true, "?": true, "-": true, "": true, "Sans domicile fixe": true,
		"12 rue Émile Zola": false, "Résidence Les Tilleuls": false, "CCAS": true} {
		if got := NoAddress(s); got != want {
			t.Errorf("NoAddress(%q) = %v, want %v", s, got, want)
		}
	}
}
