package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// configScenario is the short life of one shipped configuration, through the built binary:
// start from it with init --from, check it, register an eligible and a non-eligible person, hand
// a carnet over, redeem one of its chèques. Adding a file to configs/ means adding a row here.
type configScenario struct {
	communes   int    // what check-config counts
	withQPV    int    // communes with a QPV
	programme  string // the programme the scenario uses
	prescriber string // who receives the carnets and hands them over
	place      string // one row of places CSV (after the header of testdata/places_min.csv)
	placeID    string
	eligible   []string // people add flags, --consent added
	ineligible []string
	refusal    string // what eligibility says of the non-eligible person
	// Optional: a --commune value refused first for the non-eligible person (a postal code
	// shared by several communes, say) and a phrase of the refusal.
	ambiguous, ambiguousPhrase string
}

var configScenarios = map[string]configScenario{
	"creil-sud-oise": {
		communes: 11, withQPV: 4, programme: "creil-sud-oise", prescriber: "centre-social-georges-brassens",
		place:   placeRow("pimms-creil", "PIMMS de Creil", "Creil", "60100", "60175", "49.2600", "2.4750"),
		placeID: "pimms-creil",
		eligible: []string{"--last-name", "HADDAD", "--first-name", "Inès", "--birth-date", "12/05/2006",
			"--commune", "60175", "--qpv", "Hauts de Creil", "--diploma", "bac"},
		ineligible: []string{"--last-name", "MOREAU", "--first-name", "Paul", "--birth-date", "03/02/1960",
			"--commune", "60589"},
		refusal: "n'habite pas un quartier prioritaire",
	},
	"creuse": {
		// The département's 255 communes, two programmes: the scenario runs the first one.
		communes: 255, withQPV: 0, programme: "creuse-1", prescriber: "tela",
		place:   placeRow("tela-gueret", "Tela à Guéret", "Guéret", "23000", "23096", "", ""),
		placeID: "tela-gueret",
		eligible: []string{"--last-name", "BONNET", "--first-name", "Lucie", "--birth-date", "08/03/1985",
			"--commune", "Guéret", "--status", "rsa"},
		ineligible: []string{"--last-name", "FAURE", "--first-name", "Henri", "--birth-date", "11/11/1980",
			"--commune", "Aubusson", "--status", "salarie"},
		refusal: "Non éligible au programme Pass numérique Creuse — minima sociaux",
	},
	"hauts-de-france-aulnoye": {
		communes: 5, withQPV: 0, programme: "hauts-de-france-aptic", prescriber: "pole-emploi-aulnoye",
		place:   placeRow("centre-social-guy-moquet", "Centre social Guy-Moquet", "Aulnoye-Aymeries", "59620", "59033", "", ""),
		placeID: "centre-social-guy-moquet",
		eligible: []string{"--last-name", "DUBOIS", "--first-name", "Karima", "--birth-date", "02/06/1979",
			"--commune", "Aulnoye-Aymeries", "--status", "demandeur_emploi"},
		ineligible: []string{"--last-name", "LEFEBVRE", "--first-name", "Théo", "--birth-date", "01/09/2014",
			"--commune", "59033"},
		refusal: "Non éligible au programme Chèques APTIC Hauts-de-France",
	},
	"lens-lievin": {
		communes: 36, withQPV: 19, programme: "lens-lievin", prescriber: "commune-lens",
		place:   placeRow("epn-lens", "EPN de Lens", "Lens", "62300", "62498", "", ""),
		placeID: "epn-lens",
		// A name and a postal code stand for the INSEE code.
		eligible: []string{"--last-name", "KOWALSKI", "--first-name", "Anna", "--birth-date", "21/09/1971",
			"--commune", "Liévin", "--qpv", "Quartier prioritaire de Liévin",
			"--address", "3 rue Jean Jaurès", "--postal-code", "62800"}, // one carnet per household: the address is asked
		ineligible: []string{"--last-name", "LEROY", "--first-name", "Marc", "--birth-date", "14/07/1980",
			"--commune", "vimy", "--status", "salarie"},
		refusal: "Non éligible au programme Pass numérique Lens-Liévin",
		// Vimy and Givenchy-en-Gohelle share 62580: both are proposed.
		ambiguous: "62580", ambiguousPhrase: "« 62580 » désigne plusieurs communes du territoire : Vimy (62861, 62580), Givenchy-en-Gohelle (62371, 62580)",
	},
}

func placeRow(id, name, commune, postal, insee, lat, lon string) string {
	return fmt.Sprintf("%s,12345678900011,%s,%s,%s,%s,1 place de la Mairie,,%s,%s,,+33300000000,,,Mo-Fr 09:00-17:00,,,,Fixe,,2026-10-01,"+
		"Aide aux démarches administratives|Maîtrise des outils numériques du quotidien,,,Gratuit,Conseillers numériques,APTIC,,Se présenter,Accompagnement individuel|Dans un atelier collectif,,",
		id, name, commune, postal, insee, lat, lon)
}

// The top-level config.toml is the default and the Creil Sud Oise one: the two stay identical.
func TestShippedCreilIsTheDefaultConfig(t *testing.T) {
	top, err := os.ReadFile("../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	creil, err := os.ReadFile("../../configs/creil-sud-oise.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(top, creil) {
		t.Fatal("config.toml and configs/creil-sud-oise.toml differ: copy one onto the other")
	}
}

func TestShippedConfigs(t *testing.T) {
	files, err := filepath.Glob("../../configs/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no configs/*.toml (%v)", err)
	}
	sort.Strings(files)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".toml")
		t.Run(name, func(t *testing.T) {
			sc, ok := configScenarios[name]
			if !ok {
				t.Fatalf("configs/%s.toml has no scenario: add a row to configScenarios in configs_e2e_test.go", name)
			}
			t.Parallel()
			runConfigScenario(t, name, f, sc)
		})
	}
}

func runConfigScenario(t *testing.T, name, file string, sc configScenario) {
	dir := t.TempDir()
	cfg, db := filepath.Join(dir, name+".toml"), filepath.Join(dir, "passnum.db")
	run := func(args ...string) (string, string, int) {
		return runExit(t, exec.Command(binary, append([]string{"--config", cfg, "--db", db}, args...)...))
	}
	want := func(code int, phrase string, args ...string) string {
		t.Helper()
		out, errOut, got := run(args...)
		if got != code || !strings.Contains(out+errOut, phrase) {
			t.Fatalf("passnum %s: exit %d, want %d saying %q\n%s%s", strings.Join(args, " "), got, code, phrase, out, errOut)
		}
		return strings.TrimSpace(out)
	}

	// The binary carries the file: init --from writes it byte for byte.
	want(0, "configuration livrée « "+name+" »", "init", "--from", name)
	written, _ := os.ReadFile(cfg)
	source, _ := os.ReadFile(file)
	if !bytes.Equal(written, source) {
		t.Fatalf("init --from %s did not write configs/%s.toml as it is", name, name)
	}

	var check struct {
		OK         bool   `json:"ok"`
		Database   string `json:"database"`
		Communes   int    `json:"communes"`
		WithQPV    int    `json:"communes_with_qpv"`
		Programmes []struct {
			ID string `json:"id"`
		} `json:"programmes"`
	}
	if err := json.Unmarshal([]byte(want(0, "", "--json", "check-config")), &check); err != nil {
		t.Fatal(err)
	}
	if !check.OK || check.Communes != sc.communes || check.WithQPV != sc.withQPV {
		t.Fatalf("check-config: %+v, want %d communes, %d with QPV", check, sc.communes, sc.withQPV)
	}
	// snake_case keys like every JSON passnum writes, and the ledger --db named.
	if len(check.Programmes) == 0 || check.Programmes[0].ID == "" || check.Database != db {
		t.Fatalf("check-config --json: programmes %+v, database %q (want %q)", check.Programmes, check.Database, db)
	}
	want(0, fmt.Sprintf("%d communes", sc.communes), "check-config")

	places := filepath.Join(dir, "places.csv")
	header, err := os.ReadFile("testdata/places_min.csv")
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(string(header), "\n")
	if err := os.WriteFile(places, []byte(head+"\n"+sc.place+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	want(0, "", "places", "import", places)
	want(0, "", "places", "set", sc.placeID, "--qualified")
	want(0, "", "carnets", "receive", "--programme", sc.programme, "--first", "700001", "--count", "2")
	want(0, "", "carnets", "allocate", "--programme", sc.programme, "--prescriber", sc.prescriber, "--count", "2")

	yes := want(0, "", append(append([]string{"people", "add"}, sc.eligible...), "--consent")...)
	want(0, "", "eligibility", yes, "--programme", sc.programme)
	if sc.ambiguous != "" {
		want(2, sc.ambiguousPhrase, append(append([]string{"people", "add"}, sc.ineligible...), "--commune", sc.ambiguous, "--consent")...)
	}
	no := want(0, "", append(append([]string{"people", "add"}, sc.ineligible...), "--consent")...)
	want(1, sc.refusal, "eligibility", no, "--programme", sc.programme)

	want(0, "", "carnets", "issue", "700001", "--person", yes)
	want(1, sc.refusal, "carnets", "issue", "700002", "--person", no)

	want(0, "", "sessions", "add", "--place", sc.placeID, "--title", "Premiers pas", "--theme", "E-mail", "--level", "Débutant",
		"--date", time.Now().Format("02/01/2006"), "--start", "00:00", "--duration", "60", "--capacity", "4")
	want(0, "", "redeem", "700001-01", "--place", sc.placeID, "--session", "S1")
	want(1, "déjà utilisé", "redeem", "700001-01", "--place", sc.placeID, "--session", "S1")
}

// TestCreuseSecondProgramme runs the Creuse's second programme from the CLI: a family under the
// quotient familial ceiling receives a carnet of it, a family above is refused with the figure.
func TestCreuseSecondProgramme(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) (string, string, int) {
		return runExit(t, exec.Command(binary, append([]string{"--config", "../../configs/creuse.toml", "--db", filepath.Join(dir, "p.db")}, args...)...))
	}
	must := func(args ...string) string {
		t.Helper()
		out, errOut, code := run(args...)
		if code != 0 {
			t.Fatalf("passnum %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
		return strings.TrimSpace(out)
	}
	must("init")
	under := must("people", "add", "--last-name", "Martin", "--first-name", "Paul", "--birth-date", "01/01/1985", "--commune", "Guéret", "--quotient-familial", "650", "--consent")
	over := must("people", "add", "--last-name", "Roux", "--first-name", "Eva", "--birth-date", "01/01/1987", "--commune", "Guéret", "--quotient-familial", "820", "--consent")
	if out := must("eligibility", under); !strings.Contains(out, "Pass numérique Creuse — seniors et familles : éligible") ||
		!strings.Contains(out, "quotient familial 650 € — plafond du public Familles sous plafond de quotient familial : 700 €") {
		t.Errorf("under the ceiling:\n%s", out)
	}
	must("carnets", "receive", "--programme", "creuse-2", "--first", "800001", "--count", "2")
	must("carnets", "allocate", "--programme", "creuse-2", "--prescriber", "tela", "--count", "2")
	if out := must("--as", "accueil-tela", "carnets", "issue", "800001", "--person", under); !strings.Contains(out, "Carnet 800001 remis à Paul MARTIN") {
		t.Errorf("hand-over under the ceiling: %s", out)
	}
	if _, errOut, code := run("--as", "accueil-tela", "carnets", "issue", "800002", "--person", over); code != 1 ||
		!strings.Contains(errOut, "quotient familial 820 € — plafond du public Familles sous plafond de quotient familial : 700 €") {
		t.Errorf("above the ceiling: exit %d\n%s", code, errOut)
	}
}
