package main

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

// binary is the passnum command built once for the tests that run it as a user would.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "passnum-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "passnum")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// cli runs the built binary on the shipped configuration and a database of the test.
type cli struct {
	t  *testing.T
	db string
}

func newCLI(t *testing.T) *cli {
	c := &cli{t: t, db: filepath.Join(t.TempDir(), "passnum.db")}
	c.must("init") // the first set-up: no other command creates a ledger (ledger_open.go)
	return c
}

func (c *cli) run(args ...string) (stdout, stderr string, code int) {
	return runExit(c.t, exec.Command(binary, append([]string{"--config", "../../config.toml", "--db", c.db}, args...)...))
}

// runExit runs a command to its end and returns what it printed and its exit status; only a
// command that could not run at all fails the test.
func runExit(t *testing.T, cmd *exec.Cmd) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}

func (c *cli) must(args ...string) string {
	c.t.Helper()
	out, errOut, code := c.run(args...)
	if code != 0 {
		c.t.Fatalf("passnum %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return strings.TrimSpace(out)
}

// desk prepares a place that accepts chèques and n carnets handed to eligible young people.
func (c *cli) desk(carnets int) {
	c.t.Helper()
	c.must("places", "import", "testdata/places_min.csv")
	c.must("places", "set", "pimms-creil", "--qualified")
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", fmt.Sprint(carnets))
	c.must("carnets", "allocate", "--prescriber", "centre-social-georges-brassens", "--count", fmt.Sprint(carnets))
	var person string
	for i := 0; i < carnets; i++ {
		if i%2 == 0 {
			// Near names and one birth date on purpose: --not-duplicate says they are different people.
			person = c.must("people", "add", "--last-name", fmt.Sprintf("Martin%d", i), "--first-name", "Inès",
				"--birth-date", "04/05/2006", "--commune", "60175", "--qpv", "Hauts de Creil", "--diploma", "bac", "--consent", "--not-duplicate")
		}
		c.must("carnets", "issue", fmt.Sprintf("%d", 600001+i), "--person", person)
	}
}

// workshops creates n collective sessions today at the PIMMS, S1 to Sn on a fresh ledger: one
// person pays a session once, so a test that redeems several chèques of one holder spreads them.
func (c *cli) workshops(n, capacity int) {
	c.t.Helper()
	for k := 1; k <= n; k++ {
		c.must("sessions", "add", "--place", "pimms-creil", "--title", fmt.Sprintf("Atelier %d", k), "--theme", "E-mail", "--level", "Débutant",
			"--date", time.Now().Format("02/01/2006"), "--start", "00:00", "--duration", "60", "--capacity", fmt.Sprint(capacity))
	}
}

func TestConcurrentRedemptionsUseEachChequeOnce(t *testing.T) {
	c := newCLI(t)
	c.desk(4) // 4 carnets of 5 = 20 chèques, two people holding 10 each
	// Ten workshops of two today: each person pays each of them once with one of their chèques.
	c.workshops(10, 2)
	var cheques, sessions []string
	for i := 0; i < 4; i++ {
		for pos := 1; pos <= 5; pos++ {
			cheques = append(cheques, fmt.Sprintf("%d-%02d", 600001+i, pos))
			sessions = append(sessions, fmt.Sprintf("S%d", (i%2)*5+pos))
		}
	}
	type result struct {
		code   int
		stderr string
	}
	results := make(chan result, 800)
	var wg sync.WaitGroup
	for p := 0; p < 8; p++ {
		wg.Add(1)
		go func(p int) {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				k := (p*7 + i*3) % len(cheques)
				_, stderr, code := c.run("redeem", cheques[k], "--place", "pimms-creil", "--session", sessions[k])
				results <- result{code, stderr}
			}
		}(p)
	}
	wg.Wait()
	close(results)
	ok := 0
	for r := range results {
		switch {
		case r.code == 0:
			ok++
		case strings.Contains(r.stderr, "database is locked") || strings.Contains(r.stderr, "occupée"):
			t.Fatalf("a lock reached the user: %s", r.stderr)
		case r.code != 1 || !strings.Contains(r.stderr, "déjà utilisé le ") || !strings.Contains(r.stderr, " à "):
			t.Fatalf("refusal exit %d: %q, want exit 1 « déjà utilisé le … à … »", r.code, r.stderr)
		}
	}
	if ok != 20 {
		t.Fatalf("%d redemptions succeeded, want exactly 20", ok)
	}
	db, err := sql.Open("sqlite3", c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var used, redemptions, audits int
	db.QueryRow(`SELECT count(*) FROM cheque WHERE state = 'utilise'`).Scan(&used)
	db.QueryRow(`SELECT count(*) FROM redemption`).Scan(&redemptions)
	db.QueryRow(`SELECT count(*) FROM audit WHERE action = 'cheque.redeem'`).Scan(&audits)
	if used != 20 || redemptions != 20 || audits != 20 {
		t.Fatalf("ledger: %d used, %d redemptions, %d audit rows; want 20 each", used, redemptions, audits)
	}
}

func TestKilledDeliveryLeavesNoneOrAll(t *testing.T) {
	c := newCLI(t)
	c.must("check-config") // creates and migrates the database
	cmd := exec.Command(binary, "--config", "../../config.toml", "--db", c.db,
		"carnets", "receive", "--programme", "creil-sud-oise", "--first", "100000", "--count", "100000",
		"--over-budget", "--reason", "test de charge") // 100 000 carnets: far above the shipped budget
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// Kill once the transaction has written a good part of its pages to the WAL.
	deadline := time.Now().Add(30 * time.Second)
	killed := false
	for !killed && time.Now().Before(deadline) {
		if st, err := os.Stat(c.db + "-wal"); err == nil && st.Size() > 4<<20 {
			cmd.Process.Signal(syscall.SIGKILL)
			killed = true
			break
		}
		select {
		case <-done:
			deadline = time.Now() // finished before we could kill it
		case <-time.After(2 * time.Millisecond):
		}
	}
	if killed {
		<-done
	}
	db, err := sql.Open("sqlite3", c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	var carnets, cheques int
	db.QueryRow(`SELECT count(*) FROM carnet`).Scan(&carnets)
	db.QueryRow(`SELECT count(*) FROM cheque`).Scan(&cheques)
	if !killed {
		t.Fatalf("the delivery finished before it could be killed (%d carnets): the test proved nothing", carnets)
	}
	if !(carnets == 0 && cheques == 0) && !(carnets == 100000 && cheques == 500000) {
		t.Fatalf("after SIGKILL: %d carnets, %d chèques; want none or all", carnets, cheques)
	}
	t.Logf("killed midway: %d carnets kept", carnets)
}

func TestExitCodesAndFrenchMessages(t *testing.T) {
	c := newCLI(t)
	c.desk(2) // both to the same person
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600003", "--count", "1")
	c.must("carnets", "allocate", "--prescriber", "centre-social-georges-brassens", "--count", "1")
	tests := []struct {
		args   []string
		code   int
		phrase string
	}{
		{[]string{"carnets", "issue", "600003", "--person", "1"}, 1, "limite atteinte : 2 carnets sur 2"},
		{[]string{"redeem", "600001-01", "--place", "nulle-part"}, 1, "lieu \"nulle-part\" introuvable"},
		{[]string{"redeem", "999-01", "--place", "pimms-creil"}, 1, "chèque 999-01 introuvable"},
		{[]string{"people", "add", "--last-name", "X", "--first-name", "Y", "--birth-date", "31/02/2000", "--commune", "60175", "--consent"}, 2, "--birth-date"},
		{[]string{"people", "add", "--last-name", "X", "--first-name", "Y", "--birth-date", "01/02/2000", "--commune", "60175", "--qpv", "Les Martinets", "--consent"}, 2, "n'est pas un QPV de Creil"},
		{[]string{"frobnicate"}, 2, "commande inconnue"},
		{[]string{"redeem", "600001-01", "--plaec", "x"}, 2, "option inconnue"},
		{[]string{"carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", "1"}, 1, "600001 est déjà enregistré"},
	}
	for _, tt := range tests {
		out, errOut, code := c.run(tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.phrase) {
			t.Errorf("passnum %s: exit %d %q%q, want exit %d saying %q", strings.Join(tt.args, " "), code, out, errOut, tt.code, tt.phrase)
		}
	}
}

func TestImportMalformedImportsNothing(t *testing.T) {
	c := newCLI(t)
	good, err := os.ReadFile("demo/places_creil.csv")
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(good), ",60100,60175,12 rue", ",6010,60175,12 rue", 1)
	path := filepath.Join(t.TempDir(), "lieux.csv")
	os.WriteFile(path, []byte(bad), 0o644)
	_, errOut, code := c.run("places", "import", path)
	if code != 2 || !strings.Contains(errOut, "ligne 2, colonne code_postal : 5 chiffres attendus") || !strings.Contains(errOut, "rien n'a été importé") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if out := c.must("places", "list", "--json"); out != "[]" {
		t.Fatalf("a refused import must write nothing, places = %s", out)
	}
	out := c.must("places", "import", path, "--skip-invalid")
	if !strings.Contains(out, "8 lieux ajoutés") || !strings.Contains(out, "1 ligne ignorée") {
		t.Fatalf("--skip-invalid: %s", out)
	}
}

func TestLookupJSON(t *testing.T) {
	c := newCLI(t)
	c.desk(1)
	c.must("redeem", "600001-02", "--place", "pimms-creil")
	tests := map[string]string{
		"600001-02":   `"kind": "cheque"`,
		"600001":      `"kind": "carnet"`,
		"pimms-creil": `"kind": "place"`,
		"martin0":     `"kind": "person"`,
	}
	for q, want := range tests {
		out := c.must("lookup", q, "--json")
		if !strings.Contains(out, want) || !strings.Contains(out, `"state"`) {
			t.Errorf("lookup %s: %s", q, out)
		}
	}
	if out := c.must("lookup", "600001-02", "--json"); !strings.Contains(out, `"state": "utilise"`) {
		t.Errorf("used chèque: %s", out)
	}
	if out := c.must("lookup", "600001", "--json"); !strings.Contains(out, `"state": "remis"`) {
		t.Errorf("issued carnet: %s", out)
	}
}

func TestDiagnoseAndCheckConfig(t *testing.T) {
	c := newCLI(t)
	if out := c.must("check-config"); !strings.Contains(out, "11 communes, 6 prescripteurs") || !strings.Contains(out, "creil-sud-oise") {
		t.Fatalf("check-config: %s", out)
	}
	c.must("places", "import", "demo/places_creil.csv")
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		return p
	}
	answers := `"answers":{"Q01":3,"Q02":1,"Q03":1,"Q04":3,"Q05":2,"Q06":1,"Q07":3,"Q08":1,"Q09":2,"Q10":2,"Q11":0,"Q12":1,"Q13":2,"Q14":1}`
	good := write("p2.json", `{"commune":"60175","motifs":["B06"],"equipment":{"smartphone":true,"computer":false,"internet":true},"mobility":"loin","support":[],"preference":"collectif",`+answers+`}`)
	out := c.must("diagnose", "--answers", good, "--json")
	for _, want := range []string{`"status": "complet"`, `"profile": "en_progression"`, `"priority": [`, `"place_id": "intermaide-creil"`} {
		if !strings.Contains(out, want) {
			t.Errorf("diagnose output lacks %s:\n%s", want, out)
		}
	}
	bad := []struct{ body, phrase string }{
		{`{"commune":"99999","motifs":["B06"],"mobility":"loin","preference":"collectif",` + answers + `}`, "99999"},
		{`{"commune":"60175","motifs":["B06"],"mobility":"loin","preference":"collectif","answers":{"Q01":4}}`, "Q01"},
		{`{"commune":"60175","motifs":["B99"],"mobility":"loin","preference":"collectif",` + answers + `}`, "B99"},
		{`{"commune":"60175",`, "JSON invalide"},
	}
	for i, b := range bad {
		_, errOut, code := c.run("diagnose", "--answers", write(fmt.Sprintf("bad%d.json", i), b.body))
		if code != 2 || !strings.Contains(errOut, b.phrase) {
			t.Errorf("bad input %d: exit %d %q, want exit 2 naming %q", i, code, errOut, b.phrase)
		}
	}
}
