package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"passnum"
	"passnum/cmd/passnum/config"
	"passnum/domain"
)

// englishWords are the words of Go's, the system's and SQLite's messages that must never reach
// a user; matched as whole words (« invalide » is French).
var englishWords = regexp.MustCompile(`(?i)\b(no such file|invalid|parse|unexpected|locked|unmarshal|panic|goroutine|flag provided|permission denied|is a directory|out of range|syntax|expected)\b`)

// ledgerHash is a digest of everything the ledger holds, read through the Go driver: the schema,
// its version, and every row of every table in a stable order. SQLite's statistics tables are
// left out (ANALYZE may refresh them without changing the ledger).
func ledgerHash(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h := sha256.New()
	var version int
	if err := db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(h, "user_version %d\n", version)
	rows, err := db.Query(`SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var typ, name, def string
		if err := rows.Scan(&typ, &name, &def); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s %s %s\n", typ, name, def)
		if typ == "table" && !strings.HasPrefix(name, "sqlite_") {
			tables = append(tables, name)
		}
	}
	rows.Close()
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("%q", vals))
		}
		rows.Close()
		sort.Strings(lines)
		fmt.Fprintf(h, "table %s %d\n%s\n", table, len(lines), strings.Join(lines, "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// refused runs a command that must be refused: exit code, a French phrase, no English word, no
// Go stack, and the ledger left as it was.
func (c *cli) refused(code int, phrase string, args ...string) string {
	c.t.Helper()
	before := ledgerHash(c.t, c.db)
	out, errOut, got := c.run(args...)
	all := out + errOut
	switch {
	case got != code:
		c.t.Errorf("passnum %s: exit %d, want %d\n%s", clipArgs(args), got, code, all)
	case !strings.Contains(errOut, phrase):
		c.t.Errorf("passnum %s: the message does not say %q\n%s", clipArgs(args), phrase, all)
	case englishWords.MatchString(all):
		c.t.Errorf("passnum %s: English reaches the user (%q)\n%s", clipArgs(args), englishWords.FindString(all), all)
	}
	if after := ledgerHash(c.t, c.db); after != before {
		c.t.Errorf("passnum %s: the ledger changed", clipArgs(args))
	}
	return errOut
}

// clipArgs writes a command line for a test's message, long values cut.
func clipArgs(args []string) string {
	var out []string
	for _, a := range args {
		if len(a) > 40 {
			a = fmt.Sprintf("%.30q…(%d)", a, len(a))
		} else {
			a = fmt.Sprintf("%q", a)
		}
		out = append(out, a)
	}
	return strings.Join(out, " ")
}

func writeTemp(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Issue 12 item 1: a delivery file line made only of separators crashed carnets receive.
func TestCarnetFileOfSeparatorsOnly(t *testing.T) {
	c := newCLI(t)
	c.must("check-config")
	for _, body := range []string{";;\n", "600001\n600002\n,\n", "numéro;chèques\n600001\n\t;\n"} {
		file := writeTemp(t, "livraison.csv", body)
		line := fmt.Sprintf("ligne %d", strings.Count(body, "\n"))
		errOut := c.refused(2, line, "carnets", "receive", "--programme", "creil-sud-oise", "--file", file)
		if !strings.Contains(errOut, "séparateurs") || !strings.Contains(errOut, "rien n'a été enregistré") {
			t.Errorf("%q: %s", body, errOut)
		}
	}
	if n := c.count(`SELECT count(*) FROM carnet`); n != 0 {
		t.Fatalf("%d carnets written", n)
	}
}

// No command prints a Go panic: dispatch turns it into an internal error, the stack goes to a
// log file beside the database. A store that was never opened makes any command panic.
func TestPanicBecomesInternalError(t *testing.T) {
	cfg, err := config.Parse(passnum.DefaultConfig, "")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	a := &app{cfg: cfg, user: domain.User{ID: "coord", Role: domain.RoleCoordination}, out: &out, stderr: &errOut, storePath: filepath.Join(dir, "passnum.db")}
	err = a.dispatch(context.Background(), []string{"places", "list"}, nil)
	if err == nil {
		t.Fatal("no error from a command whose store is nil")
	}
	var shown bytes.Buffer
	if code := report(&shown, err); code != exitRefused {
		t.Errorf("exit %d, want %d", code, exitRefused)
	}
	msg := shown.String() + out.String() + errOut.String()
	if !strings.Contains(msg, "erreur interne") || !strings.Contains(msg, "erreur imprévue") || englishWords.MatchString(msg) {
		t.Errorf("message: %s", msg)
	}
	log, err := os.ReadFile(filepath.Join(dir, panicLog))
	if err != nil || !strings.Contains(string(log), "goroutine") || !strings.Contains(msg, panicLog) {
		t.Errorf("the stack is not in %s (%v):\n%s", panicLog, err, log)
	}
}

// Issue 12 item 4: Go's flag messages become French, naming the option with its two dashes.
func TestFlagMistakesInFrench(t *testing.T) {
	c := newCLI(t)
	c.must("check-config")
	for _, tt := range []struct {
		phrase string
		args   []string
	}{
		{"--qualified : « maybe » ne vaut ni oui ni non", []string{"places", "set", "pimms-creil", "--qualified=maybe"}},
		{"--over-budget : « peut-être » ne vaut ni oui ni non", []string{"carnets", "receive", "--programme", "creil-sud-oise", "--first", "1", "--count", "1", "--over-budget=peut-être"}},
		{"--count : « 99999999999999999999 » est un nombre bien trop grand", []string{"carnets", "allocate", "--prescriber", "centre-social-georges-brassens", "--count", "99999999999999999999"}},
		{"--count : « dix » n'est pas un nombre entier", []string{"carnets", "allocate", "--prescriber", "centre-social-georges-brassens", "--count", "dix"}},
		{"option inconnue --x (options de cette commande : --place, --session", []string{"redeem", "600001-01", "-x"}},
		{"option inconnue --plaec", []string{"redeem", "600001-01", "--plaec", "pimms-creil"}},
		{"il manque la valeur de --place", []string{"redeem", "600001-01", "--place"}},
		{"il manque la valeur de --place : « --session » qui suit est une option", []string{"redeem", "600001-01", "--place", "--session", "S1"}},
		{"« ---place » n'est pas une option bien écrite", []string{"redeem", "600001-01", "---place", "x"}},
	} {
		c.refused(2, tt.phrase, tt.args...)
	}
	if out := c.must("redeem", "--help"); !strings.Contains(out, "redeem CHÈQUE --place ID") || strings.Contains(out, "people add") {
		t.Errorf("redeem --help:\n%s", out)
	}
}

// Issue 12 item 4: the system's file errors become French, with the exit status of who must act.
func TestFileMistakesInFrench(t *testing.T) {
	c := newCLI(t)
	c.must("check-config")
	dir := t.TempDir()
	c.refused(2, "passnum places import : le fichier "+filepath.Join(dir, "absent.csv")+" n'existe pas", "places", "import", filepath.Join(dir, "absent.csv"))
	c.refused(2, "--answers : le fichier absent.json n'existe pas", "diagnose", "--answers", "absent.json")
	c.refused(2, "--file : "+dir+" est un dossier, donnez le fichier des numéros de carnets", "carnets", "receive", "--programme", "creil-sud-oise", "--file", dir)
	c.refused(2, "--out : "+dir+" est un dossier, donnez le nom du fichier à écrire", "export", "activity", "--month", "2026-11", "--out", dir)
	c.refused(2, "--out : impossible d'écrire dans "+filepath.Join(dir, "absent")+" : ce dossier n'existe pas", "export", "activity", "--month", "2026-11", "--out", filepath.Join(dir, "absent", "a.csv"))
	c.refused(2, "chemin ou nom de fichier trop long", "export", "activity", "--month", "2026-11", "--out", filepath.Join(dir, strings.Repeat("n", 300)+".csv"))

	// Permission denied: as root, without the capabilities that bypass file modes.
	secret := writeTemp(t, "lieux.csv", "id\n")
	if err := os.Chmod(secret, 0); err != nil {
		t.Fatal(err)
	}
	args := []string{binary, "--config", "../../config.toml", "--db", c.db, "places", "import", secret}
	if os.Geteuid() == 0 {
		if _, err := exec.LookPath("setpriv"); err != nil {
			t.Skip("root without setpriv: cannot be refused a file")
		}
		args = append([]string{"setpriv", "--bounding-set=-dac_override,-dac_read_search"}, args...)
	}
	out, errOut, code := runExit(t, exec.Command(args[0], args[1:]...))
	if code != 1 || !strings.Contains(errOut, "passnum n'a pas le droit de lire "+secret) || englishWords.MatchString(out+errOut) {
		t.Errorf("unreadable file: exit %d, want 1\n%s%s", code, out, errOut)
	}
}

// Issue 12 item 4: the answers file's JSON mistakes say the field, the type expected, the line.
func TestDiagnoseJSONMistakesInFrench(t *testing.T) {
	c := newCLI(t)
	c.must("check-config")
	for _, tt := range []struct{ body, phrase string }{
		{"rien", "caractère inattendu ligne 1, colonne 1"},
		{"{\n  \"commune\": \"60175\",\n  \"bogus\": 1\n}", "champ « bogus » inconnu ; champs possibles : commune, motifs"},
		{`{"commune": 60175}`, "« commune » doit être un texte entre guillemets, pas un nombre (ligne 1, colonne 17)"},
		{`{"motifs": "B01"}`, "« motifs » doit être une liste entre crochets"},
		{`{"equipment": {"smartphone": "oui"}}`, "« equipment.smartphone » doit être true ou false, sans guillemets, pas un texte"},
		{`{"answers": {"Q01": "3"}}`, "chaque réponse doit être un nombre entier de 0 à 3"},
		{`{"commune": "60175"} {}`, "du texte suit l'objet JSON"},
		{``, "le fichier est vide"},
		{`{"commune": "6`, "le fichier s'arrête au milieu"},
	} {
		c.refused(2, tt.phrase, "diagnose", "--answers", writeTemp(t, "reponses.json", tt.body))
	}
}

// Issue 12 item 4: a search of 1 000 words overflowed SQLite; now a long text is refused and only
// the first words count.
func TestPeopleSearchBounds(t *testing.T) {
	c := newCLI(t)
	c.desk(1)
	words := strings.TrimSpace(strings.Repeat("a ", 1000))
	c.refused(2, "passnum people find : texte de 1 999 caractères, trop long (au plus 200)", "people", "find", words)
	c.refused(2, "passnum lookup : texte de 1 999 caractères, trop long", "lookup", words)
	c.refused(2, "passnum people find : « \\x1b]0;x\\a » contient un caractère de contrôle", "people", "find", "\x1b]0;x\x07")
	// Nine words: the ninth does not count.
	nine := strings.TrimSpace(strings.Repeat("martin0 ", 8)) + " zzz"
	if out := c.must("people", "find", nine); !strings.Contains(out, "MARTIN0") && !strings.Contains(out, "Martin0") {
		t.Errorf("people find %q: %s", nine, out)
	}
}

// Issue 12 item 11: a folder for a CSV, an argument to check-config, a negative person.
func TestCommandLineRefusals(t *testing.T) {
	c := newCLI(t)
	c.desk(1)
	c.workshops(1, 5)
	dir := t.TempDir()
	c.refused(2, "passnum places import : "+dir+" est un dossier, donnez le fichier CSV", "places", "import", dir)
	c.refused(2, "passnum check-config ne prend pas d'argument : « extra » est en trop", "check-config", "extra")
	c.refused(2, "passnum serve : option inconnue --port", "serve", "--port", "2222")
	c.refused(2, "--person : -1 n'est pas un numéro de personne", "carnets", "issue", "600001", "--person", "-1")
	c.refused(2, "--person : -1 n'est pas un numéro de personne", "sessions", "attend", "S1", "--person", "-1")
	c.refused(2, "--person : -1 n'est pas un numéro de personne", "--as", "lecture", "sessions", "follow-up", "S1", "--person", "-1", "--autonomy", "Autonome")
	c.refused(2, "passnum eligibility : -1 n'est pas un numéro de personne", "eligibility", "-1")
	// A number that cannot exist, a place that does not: bad input, not « introuvable » or nothing listed.
	c.refused(2, "passnum redeem : « 600001 01 » n'est pas un numéro de chèque", "redeem", "600001 01", "--place", "pimms-creil")
	c.refused(2, "passnum carnets issue : « 6000\\x1b » n'est pas un numéro de carnet", "carnets", "issue", "6000\x1b", "--person", "1")
	c.refused(2, "--place : lieu « nulle-part » introuvable", "sessions", "list", "--place", "nulle-part")
	c.refused(2, "--place : lieu « nulle-part » introuvable", "claims", "list", "--place", "nulle-part")
}
