package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"passnum/domain"
)

// openXLSX reads a workbook the binary wrote.
func openXLSX(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the workbook does not open (%d bytes): %v", len(b), err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// xlsxTable reads a sheet as rows of raw values (numbers as numbers, not as shown), and finds
// its columns by header and its lines by their first cells.
type xlsxTable struct {
	t     *testing.T
	sheet string
	rows  [][]string
}

func readTable(t *testing.T, f *excelize.File, sheet string) xlsxTable {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil || len(rows) == 0 {
		t.Fatalf("sheet %s: %v (%d rows)", sheet, err, len(rows))
	}
	return xlsxTable{t, sheet, rows}
}

// number is the cell of the line whose column key holds label, in the column headed header.
func (x xlsxTable) number(key, label, header string) float64 {
	x.t.Helper()
	kc, hc := -1, -1
	for i, h := range x.rows[0] {
		if h == key {
			kc = i
		}
		if h == header {
			hc = i
		}
	}
	if kc < 0 || hc < 0 {
		x.t.Fatalf("%s: no column %q or %q in %v", x.sheet, key, header, x.rows[0])
	}
	for _, row := range x.rows[1:] {
		if len(row) > max(kc, hc) && row[kc] == label {
			v, err := strconv.ParseFloat(row[hc], 64)
			if err != nil {
				x.t.Fatalf("%s: %s / %s = %q, not a number", x.sheet, label, header, row[hc])
			}
			return v
		}
	}
	x.t.Fatalf("%s: no line %q in column %q", x.sheet, label, key)
	return 0
}

func cents(euros float64) float64 { return math.Round(euros * 100) }

// TestReportDocumentsEndToEnd writes the workbook and the printable report of the scenario of
// TestReportFiguresEndToEnd and checks them against report --json.
func TestReportDocumentsEndToEnd(t *testing.T) {
	c, cfg, as, _ := reportScenario(t)
	js := reportJSONOf(t, as("comite", "report", "--programme", "test", "--json"))
	dir := t.TempDir()
	xlsxPath, htmlPath := filepath.Join(dir, "rapport.xlsx"), filepath.Join(dir, "rapport.html")
	out := as("comite", "report", "--programme", "test", "--xlsx", xlsxPath, "--html", htmlPath)
	if !strings.Contains(out, "Rapport écrit : "+xlsxPath+" (8 feuilles)") || !strings.Contains(out, "Rapport écrit : "+htmlPath+" (page HTML") {
		t.Errorf("report --xlsx --html said:\n%s", out)
	}
	if strings.Contains(out, "Carnets") {
		t.Errorf("the text report is printed too:\n%s", out)
	}
	b, err := os.ReadFile(xlsxPath)
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, b)
	num := func(m map[string]any, k string) float64 { return m[k].(float64) }
	carnets, cheques, money := js["carnets"].(map[string]any), js["cheques"].(map[string]any), js["money_cents"].(map[string]any)

	syn := readTable(t, f, "Synthèse")
	for _, c := range []struct {
		label string
		want  float64
	}{
		{"carnets reçus (émis)", num(carnets, "received")},
		{"carnets remis à une personne", num(carnets, "issued")},
		{"chèques utilisés", num(cheques, "used")},
	} {
		if got := syn.number("indicateur", c.label, "valeur"); got != c.want {
			t.Errorf("Synthèse %s = %v, report --json says %v", c.label, got, c.want)
		}
	}
	for _, c := range []struct{ label, key string }{
		{"valeur des chèques utilisés", "used"}, {"demandé (remboursements préparés)", "claimed"}, {"payé aux lieux", "paid"}, {"budget", "budget"},
	} {
		if got := cents(syn.number("indicateur", c.label, "valeur")); got != num(money, c.key) {
			t.Errorf("Synthèse %s = %v cents, report --json says %v", c.label, got, num(money, c.key))
		}
	}
	fin := readTable(t, f, "Financeurs")
	for _, fu := range js["funders"].([]any) {
		fu := fu.(map[string]any)
		if got := cents(fin.number("financeur", fu["name"].(string), "valeur des chèques utilisés")); got != num(fu, "used_cents") {
			t.Errorf("Financeurs %s used = %v cents, report --json says %v", fu["name"], got, fu["used_cents"])
		}
	}
	for header, key := range map[string]string{"valeur des chèques utilisés": "used", "demandé": "claimed", "payé": "paid"} {
		if got := cents(fin.number("financeur", "Total", header)); got != num(money, key) {
			t.Errorf("Financeurs Total %s = %v cents, report --json says %v", header, got, num(money, key))
		}
	}
	var issued float64
	for _, p := range js["by"].(map[string]any)["prescriber"].([]any) {
		issued += num(p.(map[string]any), "issued")
	}
	if got := readTable(t, f, "Prescripteurs").number("identifiant", "Total", "carnets remis"); got != issued {
		t.Errorf("Prescripteurs Total remis = %v, report --json's prescribers add up to %v", got, issued)
	}

	h, err := os.ReadFile(htmlPath)
	if err != nil {
		t.Fatal(err)
	}
	html := string(h)
	for _, want := range []string{"Rapport au comité de suivi", "Pass de test", "depuis le début du programme",
		domain.Euros(int64(num(money, "used"))), domain.Euros(int64(num(money, "paid"))), domain.Euros(int64(num(money, "budget"))),
		domain.FormatPercent(ptr(js["distributed_percent"].(float64))), "objectif 10 : 40,0 %",
		"État", "Europe", "Département", "Centre social de Creil", "Mairie de Saint-Maximin", "PIMMS de Creil", "CIMS de Montataire"} {
		if !strings.Contains(html, want) {
			t.Errorf("the HTML report lacks %q", want)
		}
	}
	if n := strings.Count(html, "<svg"); n != 3 {
		t.Errorf("the HTML report has %d charts, want 3", n)
	}

	// « - » writes the document alone on standard output; one standard output for two documents
	// is refused, and so are values that are not a file of the right kind.
	stdout, stderr, code := c.run("--config", cfg, "--as", "comite", "report", "--programme", "test", "--xlsx", "-", "--html", filepath.Join(dir, "autre.html"))
	if code != 0 || !strings.Contains(stderr, "Rapport écrit : "+filepath.Join(dir, "autre.html")) {
		t.Fatalf("report --xlsx - --html FILE: exit %d\n%s", code, stderr)
	}
	if got := readTable(t, openXLSX(t, []byte(stdout)), "Synthèse").number("indicateur", "carnets reçus (émis)", "valeur"); got != num(carnets, "received") {
		t.Errorf("--xlsx -: carnets reçus = %v", got)
	}
	for _, bad := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--xlsx", "-", "--html", "-"}, "--xlsx - et --html - ne peuvent pas écrire tous les deux sur la sortie standard"},
		{[]string{"--xlsx", "rapport.csv"}, `--xlsx : "rapport.csv" ne finit pas par .xlsx`},
		{[]string{"--html", ""}, "--html : indiquez le fichier à écrire (rapport.html), ou - pour la sortie standard"},
		{[]string{"--html", filepath.Join(dir, "absent", "r.html")}, "--html : impossible d'écrire dans"},
	} {
		stdout, stderr, code := c.run(append([]string{"--config", cfg, "report", "--programme", "test"}, bad.args...)...)
		if code != exitInvalid || !strings.Contains(stderr, bad.msg) || stdout != "" {
			t.Errorf("report %q: exit %d, %q; want exit 2 with %q", bad.args, code, stderr, bad.msg)
		}
	}
}

func ptr(v float64) *float64 { return &v }

// TestSSHReportDocuments: through the real OpenSSH client the workbook comes on standard output
// (ssh … report --xlsx - > rapport.xlsx); a path, a file on the server, is refused.
func TestSSHReportDocuments(t *testing.T) {
	c := newCLI(t)
	c.desk(2)
	f := startSSH(t, c, "")
	stdout, stderr, code := f.ssh("lecture", "report", "--programme", "creil-sud-oise", "--xlsx", "-")
	if code != 0 {
		t.Fatalf("report --xlsx - over SSH: exit %d\n%s", code, stderr)
	}
	syn := readTable(t, openXLSX(t, []byte(stdout)), "Synthèse")
	if got := syn.number("indicateur", "carnets reçus (émis)", "valeur"); got != 2 {
		t.Errorf("over SSH: carnets reçus = %v, want 2", got)
	}
	if got := syn.number("indicateur", "carnets remis à une personne", "valeur"); got != 2 {
		t.Errorf("over SSH: carnets remis = %v, want 2", got)
	}
	stdout, stderr, code = f.ssh("lecture", "report", "--programme", "creil-sud-oise", "--html", "-")
	if code != 0 || strings.Count(stdout, "<svg") != 3 || !strings.HasPrefix(stdout, "<!DOCTYPE html>") {
		t.Errorf("report --html - over SSH: exit %d, %d bytes\n%s", code, len(stdout), stderr)
	}

	path := filepath.Join(t.TempDir(), "x.xlsx")
	stdout, stderr, code = f.ssh("lecture", "report", "--xlsx", path)
	if code != exitInvalid || !strings.Contains(stderr, "--xlsx : à travers SSH, le fichier s'écrit chez vous : ssh … report --xlsx - > rapport.xlsx") || stdout != "" {
		t.Errorf("report --xlsx PATH over SSH: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("report --xlsx PATH over SSH wrote a file on the server (%v)", err)
	}
	// The closing statement's refusal names its own command and file.
	stdout, stderr, code = f.ssh("lecture", "programme", "closing", "creil-sud-oise", "--html", path)
	if code != exitInvalid || !strings.Contains(stderr, "--html : à travers SSH, le fichier s'écrit chez vous : ssh … programme closing ID --html - > etat-de-cloture.html") || stdout != "" {
		t.Errorf("programme closing --html PATH over SSH: exit %d, %q", code, stderr)
	}
}
