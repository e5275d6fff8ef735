package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestClosingEndToEnd runs the report's scenario (programme « test »: 5 carnets of 5 chèques
// handed over, 5 chèques used, the CIMS claim prepared and not paid), then moves the
// programme's end 60 days back (tolerance 30: over), and checks through the binary: the unused
// chèques are expired (lookup, redemption refused, report), programme close gives the credit
// back per funder — 20 chèques × 10 € shared 61/14/25 — the workbook and the page hold the
// same figures, and every write after closing is refused, as is a second closing.
func TestClosingEndToEnd(t *testing.T) {
	c, cfg, as, _ := reportScenario(t)
	body, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	past := time.Now().AddDate(0, 0, -60).Format("2006-01-02")
	moved := strings.Replace(string(body), "valid_until = 2099-12-31", "valid_until = "+past, 1)
	if moved == string(body) {
		t.Fatal("the report's configuration changed: no valid_until to move")
	}
	if err := os.WriteFile(cfg, []byte(moved), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(user string, args ...string) (string, string, int) {
		return c.run(append([]string{"--config", cfg, "--as", user}, args...)...)
	}

	_, errOut, code := run("formateur-pimms", "redeem", "100001-02", "--place", "pimms-creil")
	if code == 0 || !strings.Contains(errOut, "expiré") {
		t.Fatalf("redemption of an expired chèque: exit %d, %s", code, errOut)
	}
	if out := as("coord", "lookup", "100001-02"); !strings.Contains(out, "expiré") {
		t.Errorf("lookup does not say expiré:\n%s", out)
	}
	report := reportJSONOf(t, as("comite", "report", "--programme", "test", "--json"))
	expired := report["cheques"].(map[string]any)["expired"].(float64)
	if expired != 20 {
		t.Errorf("report: %v chèques expired, want 20", expired)
	}

	_, errOut, code = run("comite", "programme", "close", "test")
	if code == 0 || !strings.Contains(errOut, "clore un programme") {
		t.Errorf("the committee closed the programme: exit %d, %s", code, errOut)
	}
	var j closingJSON
	if err := json.Unmarshal([]byte(as("coord", "programme", "close", "test", "--json")), &j); err != nil {
		t.Fatal(err)
	}
	if !j.Closed || j.ChequesUnused != int(expired) || j.CreditBackCents != int64(expired)*1000 || j.ClaimsOpenCents != 2000 || len(j.ClaimsOpen) != 1 {
		t.Errorf("closing: %+v", j)
	}
	want := map[string]int64{"État": 12200, "Europe": 2800, "Département": 5000}
	var sum int64
	for _, f := range j.Funders {
		if f.CreditBackCents != want[f.Name] {
			t.Errorf("%s: %d, want %d", f.Name, f.CreditBackCents, want[f.Name])
		}
		sum += f.CreditBackCents
	}
	if sum != j.CreditBackCents || len(j.Funders) != 3 {
		t.Errorf("funders %+v do not add up to %d", j.Funders, j.CreditBackCents)
	}

	xlsx := exec.Command(binary, "--config", cfg, "--db", c.db, "--as", "coord", "programme", "closing", "test", "--xlsx", "-")
	out, errOut, code := runExit(t, xlsx)
	if code != 0 {
		t.Fatalf("closing --xlsx -: %d %s", code, errOut)
	}
	f := openXLSX(t, []byte(out))
	funders := readTable(t, f, "Financeurs")
	for _, fu := range j.Funders {
		if got := cents(funders.number("financeur", fu.Name, "avoir")); got != float64(fu.CreditBackCents) {
			t.Errorf("workbook %s: %v, JSON %d", fu.Name, got, fu.CreditBackCents)
		}
	}
	prescribers := readTable(t, f, "Prescripteurs")
	for _, p := range j.Prescribers {
		if got := prescribers.number("prescripteur", p.Name, "chèques non utilisés"); got != float64(p.ChequesUnused) {
			t.Errorf("workbook %s: %v unused, JSON %d", p.Name, got, p.ChequesUnused)
		}
	}
	html := as("coord", "programme", "closing", "test", "--html", "-")
	for _, s := range []string{"État de clôture", "200,00 €", "122,00 €", "28,00 €", "50,00 €", "20,00 €", "clos le"} {
		if !strings.Contains(html, s) {
			t.Errorf("the page lacks %q", s)
		}
	}

	// The statement reprinted is the one frozen at the closing: the claim paid since and a
	// prescriber renamed in the configuration leave it as it was.
	frozen := as("coord", "programme", "closing", "test", "--json")
	as("coord", "claims", "paid", j.ClaimsOpen[0].ID)
	renamed := strings.Replace(moved, `name = "Centre social de Creil"`, `name = "Centre social renommé"`, 1)
	if renamed == moved {
		t.Fatal("the report's configuration changed: no prescriber to rename")
	}
	if err := os.WriteFile(cfg, []byte(renamed), 0o644); err != nil {
		t.Fatal(err)
	}
	if again := as("coord", "programme", "closing", "test", "--json"); again != frozen {
		t.Errorf("programme closing after a claim paid and a rename:\n%s\nat the closing:\n%s", again, frozen)
	}
	if text := as("comite", "programme", "closing", "test"); !strings.Contains(text, "Demandes de remboursement ouvertes (préparées, pas payées) : 1, 20,00 €") ||
		!strings.Contains(text, "Centre social de Creil") {
		t.Errorf("programme closing as text is not the frozen statement:\n%s", text)
	}
	// The documents' messages name the closing command and its file, not report's.
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"programme", "closing", "test", "--xlsx", "-", "--html", "-"}, "passnum programme closing : --xlsx - et --html - ne peuvent pas écrire tous les deux"},
		{[]string{"programme", "closing", "test", "--xlsx", ""}, "--xlsx : indiquez le fichier à écrire (etat-de-cloture.xlsx)"},
	} {
		if _, errOut, code := run("coord", tt.args...); code != 2 || !strings.Contains(errOut, tt.want) || strings.Contains(errOut, "report") {
			t.Errorf("%v: exit %d, want 2 and %q\n%s", tt.args, code, tt.want, errOut)
		}
	}

	for _, args := range [][]string{
		{"sessions", "attend", "S1", "--cheque", "100001-05"},
		{"carnets", "void", "100004", "--reason", "perdu"},
		{"carnets", "receive", "--programme", "test", "--first", "100050", "--count", "1"},
		{"carnets", "issue", "100004", "--person", "1"},
		{"redeem", "100001-02", "--place", "pimms-creil"},
		{"programme", "close", "test"},
	} {
		_, errOut, code := run("coord", args...)
		wantMsg := "clos le"
		if args[0] == "programme" {
			wantMsg = "déjà clos le"
		}
		if code == 0 || !strings.Contains(errOut, wantMsg) {
			t.Errorf("%v after closing: exit %d, %s", args, code, errOut)
		}
	}
}
