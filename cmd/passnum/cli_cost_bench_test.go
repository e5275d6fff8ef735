package main

// What one CLI call costs as a whole process, next to the sqlite3 command-line shell doing the
// same SQL on the same file: start-up, configuration, opening and closing the database included.
//
//	go test ./cmd/passnum -run '^$' -bench CLI -benchtime 200x
//
// Metrics: passnum-ms/op and sqlite3-ms/op (one whole process each, run alternately so that a
// busy machine slows both alike), and ratio = passnum / sqlite3 (goal ≤ 1.5).
// PASSNUM_COST_BINARY=/path/to/passnum measures another build (say, the one before a change)
// instead of the binary TestMain built.

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"passnum"
	"passnum/cmd/passnum/config"
	"passnum/store"
)

// costLedger is a ledger prepared for the cost benchmarks, and what to ask it.
type costLedger struct {
	db     string // the SQLite file
	cheque string // a chèque number that lookup finds
	name   string // a name prefix that people find matches
}

// prepareCostLedger builds the ledger the cost benchmarks query. For now a small one made with
// the binary itself (200 carnets, a few people); replace this function's body to measure on a
// realistic ledger: the benchmarks only use the returned fields.
func prepareCostLedger(b *testing.B) costLedger {
	b.Helper()
	cfg, err := config.Parse(passnum.DefaultConfig, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	var prescribers []string
	for _, p := range cfg.Prescribers {
		prescribers = append(prescribers, p.ID)
	}
	path, sum, err := store.BenchLedger(store.BenchSpecFor(prescribers, "pimms-creil", "formateur-pimms"),
		store.Options{Programmes: cfg.Programmes, Communes: cfg.Communes})
	if err != nil {
		b.Fatal(err)
	}
	// Read-only commands on the shared file: nothing here writes to it.
	return costLedger{db: path, cheque: sum.UsedCheque, name: "mart"}
}

// costBinary is the passnum build being measured.
func costBinary() string {
	if p := os.Getenv("PASSNUM_COST_BINARY"); p != "" {
		return p
	}
	return binary
}

// SQL the binary runs, written out for sqlite3 (literals instead of parameters). Keep in step
// with the store: lookup of a chèque number is Store.Cheque (store/redeem.go: cheques, with
// chequeColumns) then Store.History (store/lookup.go); people find is Store.FindPeople
// (store/people.go: both name indexes, limit 50 from cmd_people.go, personColumns).

func lookupChequeSQL(number string) string {
	return `SELECT ch.number, ch.carnet, ch.position, ch.state, ch.used_at, ch.place_id, coalesce(pl.name, ''), ch.session_id, c.programme
FROM cheque ch JOIN carnet c ON c.number = ch.carnet LEFT JOIN place pl ON pl.id = ch.place_id
WHERE ch.number = '` + number + `' ORDER BY ch.carnet, ch.position;
SELECT at, user_id, action, before, after, detail FROM audit WHERE entity = 'cheque' AND entity_id = '` + number + `' ORDER BY id;`
}

func findPeopleSQL(prefix string) string {
	const cols = `id, last_name, first_name, birth_date, commune, qpv, status, diploma, address, postal_code,
coalesce(household_id, 0), quotient_familial, consent, created_at, created_by, coalesce(merged_into, 0)`
	return `SELECT ` + cols + ` FROM person INDEXED BY person_last_first WHERE norm_last GLOB '` + prefix + `*' AND merged_into IS NULL ORDER BY norm_last, norm_first, id LIMIT 50;
SELECT ` + cols + ` FROM person INDEXED BY person_first_last WHERE norm_first GLOB '` + prefix + `*' AND merged_into IS NULL ORDER BY norm_first, norm_last, id LIMIT 50;`
}

func BenchmarkCLILookup(b *testing.B) {
	l := prepareCostLedger(b)
	benchCLICost(b, l, []string{"lookup", l.cheque}, lookupChequeSQL(l.cheque), "Chèque "+l.cheque, l.cheque)
}

func BenchmarkCLIPeopleFind(b *testing.B) {
	l := prepareCostLedger(b)
	benchCLICost(b, l, []string{"people", "find", l.name}, findPeopleSQL(l.name), "MARTIN", "Martin")
}

// benchCLICost runs the passnum command and sqlite3 on the same SQL alternately, b.N times each.
func benchCLICost(b *testing.B, l costLedger, args []string, sql, wantPassnum, wantShell string) {
	sqlite3, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Skip("sqlite3 n'est pas installé")
	}
	passnum := func() *exec.Cmd {
		return exec.Command(costBinary(), append([]string{"--config", "../../config.toml", "--db", l.db}, args...)...)
	}
	// -init /dev/null: no ~/.sqliterc; -readonly like passnum's read-only open.
	shell := func() *exec.Cmd { return exec.Command(sqlite3, "-init", "/dev/null", "-readonly", "-batch", l.db, sql) }

	// Both must do the work before their time means anything.
	if out, err := passnum().CombinedOutput(); err != nil || !strings.Contains(string(out), wantPassnum) {
		b.Fatalf("passnum %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	if out, err := shell().CombinedOutput(); err != nil || !strings.Contains(string(out), wantShell) {
		b.Fatalf("sqlite3: %v\n%s", err, out)
	}

	var tPassnum, tShell time.Duration
	timed := func(cmd *exec.Cmd) time.Duration {
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("%s: %v", cmd, err)
		}
		return time.Since(start)
	}
	for b.Loop() {
		tPassnum += timed(passnum())
		tShell += timed(shell())
	}
	n := float64(b.N)
	b.ReportMetric(float64(tPassnum.Microseconds())/n/1000, "passnum-ms/op")
	b.ReportMetric(float64(tShell.Microseconds())/n/1000, "sqlite3-ms/op")
	b.ReportMetric(float64(tPassnum)/float64(tShell), "ratio")
}

// BenchmarkCLIDiagnose is `diagnose --json` against every place of the ledger (5 000 at scale
// 1): the whole process, and the size of what a script receives.
func BenchmarkCLIDiagnose(b *testing.B) {
	l := prepareCostLedger(b)
	answers := filepath.Join(b.TempDir(), "p2.json")
	if err := os.WriteFile(answers, []byte(`{"commune":"60175","motifs":["B06"],"equipment":{"smartphone":true,"computer":false,"internet":true},`+
		`"mobility":"loin","support":[],"preference":"collectif","answers":{"Q01":3,"Q02":1,"Q03":1,"Q04":3,"Q05":2,"Q06":1,"Q07":3,"Q08":1,"Q09":2,"Q10":2,"Q11":0,"Q12":1,"Q13":2,"Q14":1}}`), 0o644); err != nil {
		b.Fatal(err)
	}
	var size int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, err := exec.Command(costBinary(), "--config", "../../config.toml", "--db", l.db, "diagnose", "--answers", answers, "--json").Output()
		if err != nil || !strings.Contains(string(out), `"recommendations"`) {
			b.Fatalf("diagnose: %v\n%s", err, out)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size)/1024, "KB-output")
}
