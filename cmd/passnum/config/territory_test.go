package config

import (
	"strconv"
	"strings"
	"testing"
)

const testCommuneBlock = `[[communes]]
insee = "60175"
name = "Creil"
lat = 49.2583
lon = 2.4833
qpv = ["Hauts de Creil"]
`

// withTerritory is valid.toml with a territory line at the top (a top-level key must come
// before the first [table]) and its [[communes]] block replaced.
func withTerritory(t *testing.T, territory, communes string) string {
	t.Helper()
	base := readTestdata(t, "valid.toml")
	if !strings.Contains(base, testCommuneBlock) {
		t.Fatal("valid.toml changed: update testCommuneBlock")
	}
	return territory + "\n" + strings.Replace(base, testCommuneBlock, communes, 1)
}

func TestTerritoryResolution(t *testing.T) {
	creilQPV := "[[communes]]\ninsee = \"60175\"\nqpv = [\"Hauts de Creil\"]\n"
	tests := []struct {
		name      string
		territory string
		communes  string
		want      int
		check     string // INSEE of a commune that must be there
		coords    bool   // whether check has a centre
	}{
		{"EPCI, QPV added without name nor centre", `territory = { epci = "200068047" }`, creilQPV, 11, "60175", false},
		{"EPCI, centre added", `territory = { epci = "200068047" }`, testCommuneBlock, 11, "60175", true},
		{"département", `territory = { departement = "23" }`, creilQPV, 0, "", false},
		{"région", `territory = { region = "32" }`, creilQPV, 3782, "60175", false},
		{"liste", `territory = { communes = ["60175", "60414", "60463"] }`, creilQPV, 3, "60414", false},
		{"sans territoire, comme avant", "", testCommuneBlock, 1, "60175", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := withTerritory(t, tt.territory, tt.communes)
			c, err := Parse([]byte(data), t.TempDir())
			if tt.want == 0 {
				// Creuse has no Creil: the QPV entry is refused, naming its line.
				msg := invalidMessage(t, err)
				assertContains(t, msg, "config.toml, ligne "+itoa(lineOf(t, data, "[[communes]]"))+", commune 60175 : Creil (60175) n'est pas une commune du territoire")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Communes) != tt.want {
				t.Fatalf("%d communes, want %d", len(c.Communes), tt.want)
			}
			x, ok := c.Commune(tt.check)
			if !ok {
				t.Fatalf("%s missing", tt.check)
			}
			if x.HasCoords() != tt.coords || (tt.coords && x.Lat != 49.2583) {
				t.Fatalf("%s: coords %v (%v, %v), want %v", tt.check, x.HasCoords(), x.Lat, x.Lon, tt.coords)
			}
			if tt.check == "60175" && (!x.HasQPV("Hauts de Creil") || x.Name != "Creil") {
				t.Fatalf("Creil = %+v", x)
			}
			if tt.territory != "" && (x.EPCI == "" || x.Departement == "" || len(x.PostalCodes) == 0) {
				t.Fatalf("official fields not filled: %+v", x)
			}
		})
	}
}

func TestTerritoryMistakes(t *testing.T) {
	tests := []struct {
		name      string
		territory string
		communes  string
		wants     []string
	}{
		{"EPCI inconnu", `territory = { epci = "200000000" }`, "", []string{"territory : EPCI « 200000000 » inconnu"}},
		{"EPCI écrit par son nom", `territory = { epci = "Creil" }`, "", []string{"voulez-vous dire « CA Creil Sud Oise » (epci = \"200068047\")"}},
		{"deux façons", `territory = { epci = "200068047", departement = "60" }`, "", []string{"gardez une seule clé"}},
		{"clé inconnue", `territory = { commune = ["60175"] }`, "", []string{"clé inconnue « territory.commune » : voulez-vous dire « communes » ?"}},
		{"nom qui ne correspond pas", `territory = { epci = "200068047" }`, "[[communes]]\ninsee = \"60175\"\nname = \"Montataire\"\n",
			[]string{"name = « Montataire » alors que la commune 60175 s'appelle « Creil »"}},
		{"lat sans lon", `territory = { epci = "200068047" }`, "[[communes]]\ninsee = \"60175\"\nlat = 49.2\n", []string{"lat et lon vont ensemble"}},
		{"commune hors territoire", `territory = { epci = "200068047" }`, testCommuneBlock + "\n[[communes]]\ninsee = \"62498\"\nqpv = [\"Grande Résidence\"]\n",
			[]string{"ligne 27, commune 62498 : Lens (62498) n'est pas une commune du territoire"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(withTerritory(t, tt.territory, tt.communes)), t.TempDir())
			assertContains(t, invalidMessage(t, err), tt.wants...)
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// territory written after a [table] header belongs to that table: the message says where it goes.
func TestTerritoryAfterATable(t *testing.T) {
	data := strings.Replace(readTestdata(t, "valid.toml"), "[local]\n", "[local]\nterritory = { epci = \"200068047\" }\n", 1)
	_, err := Parse([]byte(data), t.TempDir())
	assertContains(t, invalidMessage(t, err), "clé inconnue « local.territory » : territory se place au début du fichier, avant la première [table]")
}
