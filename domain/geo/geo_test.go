package geo

import (
	"strings"
	"testing"
	"time"
)

func TestEmbeddedListHoldsTheOfficialCounts(t *testing.T) {
	x := Official()
	if x.Version != SourceVersion || x.Licence != "MIT" {
		t.Fatalf("embedded file says version %q licence %q, constants say %q", x.Version, x.Licence, SourceVersion)
	}
	n := 0
	for _, c := range x.Communes {
		if !c.Arrondissement {
			n++
		}
	}
	if n != 34969 || len(x.EPCIs) != 1255 {
		t.Fatalf("%d communes actuelles, %d EPCI; want 34969 and 1255", n, len(x.EPCIs))
	}
	c, ok := x.Commune("60175")
	if !ok || c.Name != "Creil" || c.Departement != "60" || c.Region != "32" || c.EPCI != "200068047" ||
		strings.Join(c.PostalCodes, ",") != "60100" || c.Population < 30000 {
		t.Fatalf("Creil = %+v", c)
	}
}

func TestResolveTerritory(t *testing.T) {
	x := Official()
	cases := []struct {
		name     string
		t        Territory
		want     int
		contains string // a code that must be in the list
		errHas   string
	}{
		{"EPCI Creil Sud Oise", Territory{EPCI: "200068047"}, 11, "60589", ""},
		{"EPCI Lens-Liévin", Territory{EPCI: "246200364"}, 36, "62498", ""},
		{"département Creuse", Territory{Departement: "23"}, 255, "23096", ""},
		{"département corse en minuscules", Territory{Departement: "2a"}, 124, "2A004", ""},
		{"région Hauts-de-France", Territory{Region: "32"}, 3782, "59036", ""},
		{"liste", Territory{Communes: []string{"60175", " 60414 "}}, 2, "60414", ""},
		{"EPCI inconnu", Territory{EPCI: "123456789"}, 0, "", "EPCI « 123456789 » inconnu"},
		{"EPCI écrit par son nom", Territory{EPCI: "Lens Liévin"}, 0, "", "« CA de Lens - Liévin » (epci = \"246200364\")"},
		{"département inconnu", Territory{Departement: "99"}, 0, "", "département « 99 » inconnu"},
		{"région inconnue", Territory{Region: "99"}, 0, "", "région « 99 » inconnue"},
		{"code postal dans la liste", Territory{Communes: []string{"60175", "23000"}}, 0, "", "« 23000 » n'est pas un code INSEE : « 23000 » désigne plusieurs communes de France : Guéret (23096"},
		{"code inconnu dans la liste", Territory{Communes: []string{"99999"}}, 0, "", "code INSEE « 99999 » inconnu de la liste officielle"},
		{"doublon dans la liste", Territory{Communes: []string{"60175", "60175"}}, 0, "", "écrit deux fois"},
		{"deux façons", Territory{EPCI: "246200364", Departement: "62"}, 0, "", "plusieurs façons"},
		{"vide", Territory{}, 0, "", "territoire vide"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := x.Resolve(tc.t)
			if tc.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errHas) {
					t.Fatalf("error %v, want one containing %q", err, tc.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.want {
				t.Fatalf("%d communes, want %d", len(got), tc.want)
			}
			found := false
			for i, c := range got {
				found = found || c.Code == tc.contains
				if i > 0 && got[i-1].Code >= c.Code {
					t.Fatalf("not sorted by code at %s", c.Code)
				}
			}
			if !found {
				t.Fatalf("%s missing", tc.contains)
			}
		})
	}
}

func TestFindByCodePostalCodeOrName(t *testing.T) {
	x := Official()
	creil, _ := x.Resolve(Territory{EPCI: "200068047"})
	cases := []struct {
		name    string
		q       string
		among   []Commune
		want    string // code found, "" when not found
		ambig   bool
		suggest string // a code among the candidates
		explain string // part of the message when not found
	}{
		{"code INSEE", "60175", creil, "60175", false, "", ""},
		{"nom exact", "Creil", creil, "60175", false, "", ""},
		{"nom sans casse ni accent", "VILLERS SAINT PAUL", creil, "60684", false, "", ""},
		{"abréviation St", "St Maximin", creil, "60589", false, "", ""},
		{"accents et apostrophe", "saint leu d esserent", creil, "60584", false, "", ""},
		{"lès", "Saint-Vaast-les-Mello", creil, "60601", false, "", ""},
		{"code postal unique", "60100", creil, "60175", false, "", ""}, // also Braisnes's INSEE code, outside the territory
		{"code postal partagé", "60160", creil, "", true, "60414", "plusieurs communes"},
		{"homonymes en France", "Saint-Maximin", x.Communes, "", true, "60589", "précisez le code INSEE"},
		{"faute de frappe", "Creill", creil, "", false, "60175", "voulez-vous dire Creil (60175, 60100)"},
		{"début du nom", "Nogent", creil, "", false, "60463", "Nogent-sur-Oise"},
		{"hors territoire", "Lens", creil, "", false, "", "inconnue du territoire : indiquez"},
		{"vide", "  ", creil, "", false, "", "commune vide"},
		{"ponctuation seule", "-", x.Communes, "", false, "", "indiquez son nom, son code postal"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := Find(tc.q, tc.among)
			if tc.want != "" {
				if !m.Found || m.Commune.Code != tc.want {
					t.Fatalf("Find(%q) = %+v, want %s", tc.q, m, tc.want)
				}
				return
			}
			if m.Found || m.Ambiguous != tc.ambig {
				t.Fatalf("Find(%q) = %+v, want not found, ambiguous %v", tc.q, m, tc.ambig)
			}
			if tc.suggest != "" {
				ok := false
				for _, c := range m.Candidates {
					ok = ok || c.Code == tc.suggest
				}
				if !ok {
					t.Fatalf("candidates %+v lack %s", m.Candidates, tc.suggest)
				}
			}
			if msg := Explain(tc.q, m, "du territoire"); !strings.Contains(msg, tc.explain) {
				t.Fatalf("message %q lacks %q", msg, tc.explain)
			}
		})
	}
}

func TestGenerateStepIsDocumented(t *testing.T) {
	// The embedded file must say where it comes from: the constant, the file header and the
	// licence next to it agree.
	if !strings.Contains(string(licence), "Etalab") || !strings.Contains(string(licence), "MIT License") {
		t.Fatal("LICENCE-decoupage-administratif does not hold Etalab's MIT licence")
	}
}

func BenchmarkDecode(b *testing.B) {
	for b.Loop() {
		if _, err := Decode(communesGz); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolveEPCI(b *testing.B) {
	x := Official()
	for b.Loop() {
		if cs, _ := x.Resolve(Territory{EPCI: "246200364"}); len(cs) != 36 {
			b.Fatal(len(cs))
		}
	}
}

func BenchmarkResolveDepartement(b *testing.B) {
	x := Official()
	for b.Loop() {
		if cs, _ := x.Resolve(Territory{Departement: "23"}); len(cs) != 255 {
			b.Fatal(len(cs))
		}
	}
}

func BenchmarkFindNameInFrance(b *testing.B) {
	x := Official()
	for b.Loop() {
		Find("St Maximin", x.Communes)
	}
}

func TestLoadIsQuick(t *testing.T) {
	start := time.Now()
	if _, err := Decode(communesGz); err != nil {
		t.Fatal(err)
	}
	t.Logf("decoded %d bytes in %v", len(communesGz), time.Since(start))
}
