package main

import (
	"database/sql"
	"os"
	osexec "os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// calendarCLI is a ledger on the shipped configuration whose programme ends days from today.
func calendarCLI(t *testing.T, days int) (run func(args ...string) (string, string, int), cfg, db string) {
	t.Helper()
	base, err := os.ReadFile("../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	end := time.Now().AddDate(0, 0, days).Format("2006-01-02")
	re := regexp.MustCompile(`(?m)^valid_until = \d{4}-\d{2}-\d{2}`)
	if len(re.FindAll(base, -1)) != 1 {
		t.Fatal("the shipped config.toml should have one valid_until")
	}
	dir := t.TempDir()
	cfg, db = filepath.Join(dir, "config.toml"), filepath.Join(dir, "passnum.db")
	if err := os.WriteFile(cfg, re.ReplaceAll(base, []byte("valid_until = "+end)), 0o644); err != nil {
		t.Fatal(err)
	}
	run = func(args ...string) (string, string, int) {
		return runExit(t, osexec.Command(binary, append([]string{"--config", cfg, "--db", db}, args...)...))
	}
	if out, errOut, code := run("init"); code != 0 {
		t.Fatalf("init: %d %s%s", code, out, errOut)
	}
	return run, cfg, db
}

func frDay(days int) string { return time.Now().AddDate(0, 0, days).Format("02/01/2006") }

func TestCalendarBannerOnHomeScreens(t *testing.T) {
	_, cfg, db := calendarCLI(t, 20) // J-20: alert, the distribution stops in 5 days
	want := "Distribution arrêtée dans 5 jours (le " + frDay(5) + ")"
	for _, who := range []string{"accueil-brassens", "formateur-pimms", "coord"} {
		t.Run(who, func(t *testing.T) {
			s := startTmux(t, 120, 40, []string{"NO_COLOR=1", "TERM=xterm-256color"}, "--config", cfg, "--db", db, "--as", who)
			s.waitFor(want)
			s.keys("C-c")
			s.waitFor("[exit 0]")
		})
	}
}

func TestHandoverAfterStopThenExtension(t *testing.T) {
	run, _, db := calendarCLI(t, 14) // J-14: the distribution stopped yesterday
	must := func(args ...string) string {
		t.Helper()
		out, errOut, code := run(args...)
		if code != 0 {
			t.Fatalf("passnum %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
		return strings.TrimSpace(out)
	}
	must("places", "import", "testdata/places_min.csv")
	must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", "2")
	must("carnets", "allocate", "--prescriber", "centre-social-georges-brassens", "--count", "2")
	person := must("--as", "accueil-brassens", "people", "add", "--last-name", "Martin", "--first-name", "Inès",
		"--birth-date", "04/05/2006", "--commune", "60175", "--qpv", "Hauts de Creil", "--diploma", "bac", "--consent")
	_, errOut, code := run("--as", "accueil-brassens", "carnets", "issue", "600001", "--person", person)
	if code != 1 || !strings.Contains(errOut, "distribution arrêtée depuis le "+frDay(-1)) {
		t.Fatalf("hand-over at J-14: exit %d, %s", code, errOut)
	}
	if out := must("report"); !strings.Contains(out, "Phase du programme aujourd'hui : distribution arrêtée") {
		t.Errorf("report does not say the phase:\n%s", out)
	}

	// Only coordination extends; then the hand-over passes and the letter carries the new end.
	if _, errOut, code := run("--as", "accueil-brassens", "programme", "extend", "creil-sud-oise", "--until", frDay(90), "--reason", "avenant"); code != 1 || !strings.Contains(errOut, "ne peut pas prolonger un programme") {
		t.Fatalf("a desk extended the programme: exit %d %s", code, errOut)
	}
	if _, errOut, code := run("programme", "extend", "creil-sud-oise", "--until", frDay(10), "--reason", "erreur"); code != 1 || !strings.Contains(errOut, "prolongation refusée") {
		t.Fatalf("an extension that shortens: exit %d %s", code, errOut)
	}
	out := must("programme", "extend", "creil-sud-oise", "--until", frDay(90), "--reason", "avenant du comité de suivi")
	if !strings.Contains(out, "fin le "+frDay(90)) {
		t.Errorf("extend says %q", out)
	}
	must("--as", "accueil-brassens", "carnets", "issue", "600001", "--person", person)
	if letter := must("--as", "accueil-brassens", "carnets", "letter", "600001"); !strings.Contains(letter, "valables jusqu'au "+frDay(90)) {
		t.Errorf("the reprinted letter does not carry the new end:\n%s", letter)
	}
	html := filepath.Join(t.TempDir(), "courrier.html")
	must("--as", "accueil-brassens", "carnets", "letter", "600001", "--out", html)
	if b, err := os.ReadFile(html); err != nil || !strings.Contains(string(b), frDay(90)) {
		t.Errorf("HTML letter: %v", err)
	}
	show := must("programme", "show", "creil-sud-oise")
	for _, p := range []string{"phase aujourd'hui : ouvert", "Prolongations (fin d'origine le " + frDay(14) + ")", "du " + frDay(14) + " au " + frDay(90) + ", par coord — avenant du comité de suivi"} {
		if !strings.Contains(show, p) {
			t.Errorf("programme show lacks %q:\n%s", p, show)
		}
	}
	if out := must("check-config"); !strings.Contains(out, "prolongé : fin d'origine (valid_until) le "+frDay(14)) {
		t.Errorf("check-config:\n%s", out)
	}
	if out := must("lookup", "600001-01", "--json"); !strings.Contains(out, `"phase": "ouvert"`) {
		t.Errorf("lookup --json:\n%s", out)
	}

	sdb, err := sql.Open("sqlite3", "file:"+db+"?_query_only=on")
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	var user, before, after string
	if err := sdb.QueryRow(`SELECT user_id, before, after FROM audit WHERE action = 'programme.extend'`).Scan(&user, &before, &after); err != nil {
		t.Fatal(err)
	}
	if user != "coord" || before != time.Now().AddDate(0, 0, 14).Format("2006-01-02") || after != time.Now().AddDate(0, 0, 90).Format("2006-01-02") {
		t.Errorf("audit row %s %s → %s", user, before, after)
	}
}
