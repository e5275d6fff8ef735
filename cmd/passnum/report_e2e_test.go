package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// reportConfig is a territory of three communes — Creil and Montataire with a QPV each,
// Saint-Maximin without — three prescribers, two places' trainers, and two programmes: « test »
// (carnets of five 10 € chèques, a budget of 500,01 € so that its shares need the remainder
// rule, objectives) and « autre » (8 € chèques, no budget), whose chèque shares a claim with
// test's.
const reportConfig = `
[store]
path = "passnum.db"

[local]
user = "coord"

[[users]]
id = "coord"
name = "Coordination"
role = "coordination"

[[users]]
id = "formateur-pimms"
name = "Médiateur du PIMMS"
role = "formateur"
place = "pimms-creil"

[[users]]
id = "formateur-cims"
name = "Médiatrice du CIMS"
role = "formateur"
place = "cims-montataire"

[[users]]
id = "comite"
name = "Comité de suivi"
role = "lecture"

[[communes]]
insee = "60175"
name = "Creil"
lat = 49.2583
lon = 2.4833
qpv = ["Hauts de Creil"]

[[communes]]
insee = "60414"
name = "Montataire"
lat = 49.2561
lon = 2.4392
qpv = ["Les Martinets"]

[[communes]]
insee = "60589"
name = "Saint-Maximin"
lat = 49.2219
lon = 2.4475
qpv = []

[[prescribers]]
id = "cs-creil"
name = "Centre social de Creil"
commune = "60175"

[[prescribers]]
id = "el-montataire"
name = "Espace de Montataire"
commune = "60414"

[[prescribers]]
id = "mairie-st-max"
name = "Mairie de Saint-Maximin"
commune = "60589"

[[programmes]]
id = "test"
name = "Pass de test"
operator = "APTIC"
cheque_value_cents = 1000
cheques_per_carnet = 5
valid_from = 2026-01-01
valid_until = 2099-12-31
tolerance_days = 30
max_session_minutes = 120
budget_cents = 50001
target_people = 10
target_carnets = 20

[programmes.limits]
carnets_per_person = 2

[[programmes.funders]]
name = "État"
share_percent = 61

[[programmes.funders]]
name = "Europe"
share_percent = 14

[[programmes.funders]]
name = "Département"
share_percent = 25

[[programmes.publics]]
id = "jeune"
name = "Jeunes 16–25 ans"
age_min = 16
age_max = 25
residence = "qpv"

[[programmes.publics]]
id = "habitant"
name = "Habitants"
residence = "territory"

[[programmes]]
id = "autre"
name = "Autre pass"
operator = "APTIC"
cheque_value_cents = 800
cheques_per_carnet = 5
valid_from = 2026-01-01
valid_until = 2099-12-31
tolerance_days = 30

[[programmes.funders]]
name = "État"
share_percent = 100

[[programmes.publics]]
id = "tous"
name = "Tout public"
residence = "any"
`

// reportCLI writes the configuration and the second place, and returns a CLI on them.
func reportCLI(t *testing.T) (c *cli, cfg string, as func(user string, args ...string) string) {
	t.Helper()
	c = newCLI(t)
	dir := t.TempDir()
	cfg = filepath.Join(dir, "report.toml")
	if err := os.WriteFile(cfg, []byte(reportConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	places, err := os.ReadFile("testdata/places_min.csv")
	if err != nil {
		t.Fatal(err)
	}
	header, pimms, _ := strings.Cut(strings.TrimSpace(string(places)), "\n")
	cims := strings.NewReplacer("pimms-creil", "cims-montataire", "12345678900011", "12345678900022", "PIMMS de Creil", "CIMS de Montataire",
		",Creil,60100,60175,12 rue Jules Michelet", ",Montataire,60160,60414,3 rue Jean Jaurès").Replace(pimms)
	if cims == pimms {
		t.Fatal("testdata/places_min.csv changed: the second place could not be made from it")
	}
	csv := filepath.Join(dir, "cims.csv")
	if err := os.WriteFile(csv, []byte(header+"\n"+cims+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	as = func(user string, args ...string) string {
		t.Helper()
		return c.must(append([]string{"--config", cfg, "--as", user}, args...)...)
	}
	as("coord", "places", "import", "testdata/places_min.csv")
	as("coord", "places", "import", csv)
	as("coord", "places", "set", "pimms-creil", "--qualified")
	as("coord", "places", "set", "cims-montataire", "--qualified")
	return c, cfg, as
}

// reportScenario builds through the binary the programmes TestReportFiguresEndToEnd describes and
// checks; today is when it ran (its sessions and claims are of today's month).
func reportScenario(t *testing.T) (c *cli, cfg string, as func(user string, args ...string) string, today time.Time) {
	t.Helper()
	c, cfg, as = reportCLI(t)
	as("coord", "carnets", "receive", "--programme", "test", "--first", "100001", "--count", "10")
	as("coord", "carnets", "receive", "--programme", "autre", "--first", "200001", "--count", "1")
	as("coord", "carnets", "allocate", "--programme", "test", "--prescriber", "cs-creil", "--count", "4")
	as("coord", "carnets", "allocate", "--programme", "test", "--prescriber", "el-montataire", "--count", "3")
	as("coord", "carnets", "allocate", "--programme", "test", "--prescriber", "mairie-st-max", "--count", "2")
	as("coord", "carnets", "allocate", "--programme", "autre", "--prescriber", "cs-creil", "--count", "1")
	person := func(last, birth, commune, qpv string) string {
		args := []string{"people", "add", "--last-name", last, "--first-name", "Inès", "--birth-date", birth, "--commune", commune,
			"--diploma", "bac", "--consent", "--not-duplicate"}
		if qpv != "" {
			args = append(args, "--qpv", qpv)
		}
		return as("coord", args...)
	}
	a := person("Martin", "04/05/2006", "60175", "Hauts de Creil")
	b := person("Bernard", "04/05/2006", "60175", "Hauts de Creil")
	a2 := person("Martinn", "04/05/2006", "60175", "Hauts de Creil")
	cc := person("Diallo", "04/05/2006", "60414", "Les Martinets")
	d := person("Durand", "01/01/1970", "60589", "")
	f := person("Faure", "01/01/1960", "60175", "")
	for carnet, who := range map[string]string{"100001": a, "100002": b, "100003": a2, "100005": cc, "100008": d, "200001": f} {
		as("coord", "carnets", "issue", carnet, "--person", who)
	}
	as("coord", "carnets", "void", "100007", "--reason", "perdu par le prescripteur")
	as("coord", "people", "merge", a, a2, "--reason", "inscrite deux fois")

	today = time.Now()
	workshop := as("formateur-pimms", "sessions", "add", "--title", "Créer son adresse e-mail", "--theme", "E-mail", "--level", "Débutant",
		"--type", "collectif", "--date", today.Format("02/01/2006"), "--start", "00:00", "--duration", "60", "--capacity", "8")
	as("formateur-pimms", "redeem", "100001-01", "--place", "pimms-creil", "--session", workshop)
	as("formateur-pimms", "redeem", "100002-01", "--place", "pimms-creil", "--session", workshop)
	as("formateur-pimms", "redeem", "100003-01", "--place", "pimms-creil")
	as("formateur-pimms", "redeem", "200001-01", "--place", "pimms-creil")
	as("formateur-pimms", "redeem", "100002-02", "--place", "pimms-creil")
	as("formateur-pimms", "sessions", "cancel-redemption", "100002-02", "--reason", "scanné par erreur")
	as("formateur-cims", "redeem", "100005-01", "--place", "cims-montataire")
	as("formateur-cims", "redeem", "100008-01", "--place", "cims-montataire")
	month := today.Format("2006-01")
	var claim struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(as("formateur-pimms", "claims", "prepare", "--month", month, "--json")), &claim); err != nil || claim.ID == "" {
		t.Fatalf("claims prepare: %v %+v", err, claim)
	}
	as("formateur-cims", "claims", "prepare", "--month", month)
	as("coord", "claims", "paid", claim.ID)
	return c, cfg, as, today
}

// TestReportFiguresEndToEnd builds a programme through the binary and checks every figure of
// passnum report --json against what it did:
//   - test: 10 carnets received (100001–100010); 4 allocated to cs-creil, 3 to el-montataire,
//     2 to mairie-st-max, 1 left in stock; 100007 (el-montataire) voided in its hands.
//   - Handed over: 100001 to A and 100002 to B (Creil, Hauts de Creil), 100003 to A2 — a second
//     record of A, merged into A afterwards — 100005 to C (Montataire, Les Martinets), 100008 to
//     D (Saint-Maximin, no QPV, an adult: public « habitant »).
//   - Used: 100001-01 and 100002-01 in one workshop at the PIMMS, 100003-01 for A's individual
//     accompaniment there; 100002-02 redeemed there then cancelled; 100005-01 and 100008-01 at
//     the CIMS, one accompaniment each.
//   - autre: 200001 to F, its chèque 01 used at the PIMMS.
//   - Claims: the PIMMS's month (three chèques of test, one of autre) prepared and paid; the CIMS's
//     prepared.
func TestReportFiguresEndToEnd(t *testing.T) {
	c, cfg, as, today := reportScenario(t)
	month := today.Format("2006-01")

	// The committee reads the figures (role lecture).
	got := reportJSONOf(t, as("comite", "report", "--programme", "test", "--json"))
	want := `{
	  "programme": "test", "programme_name": "Pass de test",
	  "period": {"from": null, "to": null, "label": "depuis le début du programme"},
	  "over": false,
	  "phase": "ouvert",
	  "calendar": {"start": "2026-01-01", "alert": "2099-12-01", "stop": "2099-12-16", "last_call": "2099-12-24", "end": "2099-12-31", "tolerance_end": "2100-01-30"},
	  "carnets": {"received": 10, "allocated": 9, "issued": 5, "started": 5, "voided": 1, "in_stock": 1, "in_hand": 3,
	    "received_to_date": 10, "issued_to_date": 5, "issued_accompanied": 0, "issued_extra_on_request": 0, "target": 20, "target_percent": 25},
	  "distributed_percent": 50,
	  "cheques": {"issued": 25, "used": 5, "reimbursed": 3, "available": 20, "expired": 0},
	  "people": {"reached": 4, "used": 4, "sessions_attended": 5, "target": 10, "target_percent": 40},
	  "sessions": 4,
	  "money_cents": {"budget": 50001, "received": 50000, "issued": 25000, "used": 5000, "claimed": 5000, "paid": 3000, "rest": 1},
	  "funders": [
	    {"name": "État", "share_percent": 61, "budget_cents": 30501, "received_cents": 30500, "issued_cents": 15250, "used_cents": 3050,
	      "claimed_cents": 3050, "paid_cents": 1830, "rest_cents": 1},
	    {"name": "Europe", "share_percent": 14, "budget_cents": 7000, "received_cents": 7000, "issued_cents": 3500, "used_cents": 700,
	      "claimed_cents": 700, "paid_cents": 420, "rest_cents": 0},
	    {"name": "Département", "share_percent": 25, "budget_cents": 12500, "received_cents": 12500, "issued_cents": 6250, "used_cents": 1250,
	      "claimed_cents": 1250, "paid_cents": 750, "rest_cents": 0}
	  ],
	  "by": {
	    "prescriber": [
	      {"id": "cs-creil", "name": "Centre social de Creil", "allocated": 4, "issued": 3, "in_hand": 1, "people": 2},
	      {"id": "el-montataire", "name": "Espace de Montataire", "allocated": 3, "issued": 1, "in_hand": 1, "people": 1},
	      {"id": "mairie-st-max", "name": "Mairie de Saint-Maximin", "allocated": 2, "issued": 1, "in_hand": 1, "people": 1}
	    ],
	    "commune": [
	      {"id": "60175", "name": "Creil", "carnets_issued": 3, "people_reached": 2, "cheques_used": 3, "people_used": 2},
	      {"id": "60414", "name": "Montataire", "carnets_issued": 1, "people_reached": 1, "cheques_used": 1, "people_used": 1},
	      {"id": "60589", "name": "Saint-Maximin", "carnets_issued": 1, "people_reached": 1, "cheques_used": 1, "people_used": 1}
	    ],
	    "qpv": [
	      {"id": "Hauts de Creil", "name": "Hauts de Creil (Creil)", "commune": "60175", "carnets_issued": 3, "people_reached": 2, "cheques_used": 3, "people_used": 2},
	      {"id": "Les Martinets", "name": "Les Martinets (Montataire)", "commune": "60414", "carnets_issued": 1, "people_reached": 1, "cheques_used": 1, "people_used": 1},
	      {"id": "", "name": "hors QPV", "carnets_issued": 1, "people_reached": 1, "cheques_used": 1, "people_used": 1}
	    ],
	    "public": [
	      {"id": "jeune", "name": "Jeunes 16–25 ans", "carnets_issued": 4, "people_reached": 3, "cheques_used": 4, "people_used": 3},
	      {"id": "habitant", "name": "Habitants", "carnets_issued": 1, "people_reached": 1, "cheques_used": 1, "people_used": 1}
	    ],
	    "place": [
	      {"id": "cims-montataire", "name": "CIMS de Montataire", "sessions": 2, "cheques_used": 2, "claimed_cents": 2000, "paid_cents": 0},
	      {"id": "pimms-creil", "name": "PIMMS de Creil", "sessions": 2, "cheques_used": 3, "claimed_cents": 3000, "paid_cents": 3000}
	    ],
	    "month": [
	      {"month": "` + month + `", "partial": false, "carnets_received": 10, "carnets_allocated": 9, "carnets_issued": 5,
	        "cheques_used": 5, "claimed_cents": 5000, "paid_cents": 3000}
	    ]
	  },
	  "notes": {"rest": "` + noteRest + `", "funders": "` + noteFunders + `"}
	}`
	sameJSON(t, "report --programme test", got, want)

	// The same month, asked as a month, and as the days of the month.
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.Local)
	byMonth := reportJSONOf(t, as("coord", "report", "--programme", "test", "--month", month, "--json"))
	byDays := reportJSONOf(t, as("coord", "report", "--programme", "test", "--from", first.Format("02/01/2006"), "--to", first.AddDate(0, 1, -1).Format("02/01/2006"), "--json"))
	for name, r := range map[string]map[string]any{"--month": byMonth, "--from/--to": byDays} {
		period := r["period"].(map[string]any)
		if period["from"] != first.Format("2006-01-02") || period["to"] != first.AddDate(0, 1, -1).Format("2006-01-02") || period["label"] != reportLabel(first) {
			t.Errorf("%s: period = %v", name, period)
		}
		for _, k := range []string{"period", "as_of"} {
			delete(r, k)
		}
	}
	if !reflect.DeepEqual(byMonth, byDays) {
		t.Errorf("--month and the same days with --from/--to differ")
	}
	delete(got, "period")
	delete(byMonth, "period")
	if !reflect.DeepEqual(got, byMonth) {
		t.Errorf("the whole programme and its only month differ:\n%v\n%v", got, byMonth)
	}

	// The month before: no flow; states at its end, before anything was received.
	before := reportJSONOf(t, as("coord", "report", "--programme", "test", "--month", first.AddDate(0, -1, 0).Format("2006-01"), "--json"))
	if c := before["carnets"].(map[string]any); c["received"] != 0.0 || c["in_stock"] != 0.0 || c["received_to_date"] != 0.0 {
		t.Errorf("month before: carnets = %v", c)
	}
	if m := before["money_cents"].(map[string]any); m["rest"] != 50001.0 || m["used"] != 0.0 {
		t.Errorf("month before: money = %v", m)
	}

	// The other programme counts its own carnet and its part of the shared claim.
	other := reportJSONOf(t, as("coord", "report", "--programme", "autre", "--json"))
	if c := other["carnets"].(map[string]any); c["received"] != 1.0 || c["issued"] != 1.0 || c["in_hand"] != 0.0 || c["target"] != nil {
		t.Errorf("autre: carnets = %v", c)
	}
	if m := other["money_cents"].(map[string]any); m["claimed"] != 800.0 || m["paid"] != 800.0 || m["used"] != 800.0 || m["rest"] != nil {
		t.Errorf("autre: money = %v", m)
	}
	if ch := other["cheques"].(map[string]any); ch["used"] != 1.0 || ch["reimbursed"] != 1.0 || ch["available"] != 4.0 {
		t.Errorf("autre: chèques = %v", ch)
	}

	// The text: the summary in French, and the breakdowns asked for.
	text := as("coord", "report", "--programme", "test", "--by", "place,prescriber")
	for _, want := range []string{"Pass de test (test) — depuis le début du programme", "distribués : remis ÷ reçus depuis le début  50,0 %",
		"objectif 20 : 25,0 %", "reste du budget", "0,01 €", "Reste du budget = budget − valeur des carnets reçus",
		"Par lieu", "CIMS de Montataire", "Par prescripteur", "Mairie de Saint-Maximin", "30,00 €"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Par mois") || strings.Contains(text, "Par commune") {
		t.Errorf("text shows breakdowns not asked for:\n%s", text)
	}

	for _, bad := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--from", "31/02/2026"}, `--from : "31/02/2026" — le 31 février n'existe pas`},
		{[]string{"--month", "2026-13"}, `--month : "2026-13" n'est pas un mois (format AAAA-MM`},
		{[]string{"--month", month, "--to", "01/01/2027"}, "--month ou --from/--to, pas les deux"},
		{[]string{"--from", "10/03/2026", "--to", "09/03/2026"}, "--to : le 09/03/2026 est avant le 10/03/2026 (--from)"},
		{[]string{"--by", "quartier"}, `--by : "quartier" n'est pas un détail connu`},
		{[]string{"--programme", "inconnu"}, `--programme : "inconnu" inconnu (choix : test, autre)`},
		{[]string{"--programme", ""}, "2 programmes sont configurés : précisez lequel avec --programme ID (choix : test (Pass de test), autre (Autre pass))"},
	} {
		args := bad.args
		if !slices.Contains(args, "--programme") { // two programmes: report never guesses which
			args = append(args, "--programme", "test")
		}
		_, stderr, code := c.run(append([]string{"--config", cfg, "report"}, args...)...)
		if code != exitInvalid || !strings.Contains(stderr, bad.msg) {
			t.Errorf("report %v: exit %d, %q; want exit 2 with %q", bad.args, code, stderr, bad.msg)
		}
	}
}

// reportLabel is how the report names the month of first.
func reportLabel(first time.Time) string {
	months := []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	return months[first.Month()-1] + " " + first.Format("2006")
}

func reportJSONOf(t *testing.T, out string) map[string]any {
	t.Helper()
	var v map[string]any
	dec := json.NewDecoder(bytes.NewReader([]byte(out)))
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("report --json: %v\n%s", err, out)
	}
	asOf, ok := v["as_of"].(string)
	if _, err := time.Parse(time.RFC3339, asOf); !ok || err != nil {
		t.Errorf("as_of = %v", v["as_of"])
	}
	delete(v, "as_of")
	return v
}

// sameJSON compares a decoded report with the JSON text it must equal, key by key.
func sameJSON(t *testing.T, what string, got map[string]any, want string) {
	t.Helper()
	var w map[string]any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("expected JSON: %v", err)
	}
	if reflect.DeepEqual(got, w) {
		return
	}
	for k := range w {
		if !reflect.DeepEqual(got[k], w[k]) {
			g, _ := json.Marshal(got[k])
			e, _ := json.Marshal(w[k])
			t.Errorf("%s: %s =\n  %s\nwant\n  %s", what, k, g, e)
		}
	}
	for k := range got {
		if _, ok := w[k]; !ok {
			t.Errorf("%s: unexpected key %s", what, k)
		}
	}
}
