package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"passnum"
)

// bareRun runs the built binary in dir with no --config, the environment without
// PASSNUM_CONFIG plus env: what someone typing passnum in that folder gets.
func bareRun(t *testing.T, dir string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, configEnv+"=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	return runExit(t, cmd)
}

func wantExit(t *testing.T, what string, code, want int, stderr string, phrases ...string) {
	t.Helper()
	if code != want {
		t.Fatalf("%s: exit %d, want %d\n%s", what, code, want, stderr)
	}
	for _, p := range phrases {
		if !strings.Contains(stderr, p) {
			t.Fatalf("%s: the message does not say %q:\n%s", what, p, stderr)
		}
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// In a folder without config.toml, passnum no longer takes the shipped example and leaves an
// empty ledger behind: it says where it looked and how to point it, and creates nothing.
func TestNoConfigurationIsRefusedAndNothingIsCreated(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"lookup", "600001"},
		{"carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", "1"},
		{"check-config"},
		{}, // the TUI
	} {
		_, errOut, code := bareRun(t, dir, nil, args...)
		wantExit(t, "passnum "+strings.Join(args, " "), code, 1, errOut,
			"aucune configuration", "--config", "PASSNUM_CONFIG", filepath.Join(dir, "config.toml"), "passnum init", "passnum --demo")
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Fatalf("passnum created %v in a folder without configuration", names)
	}
	// --demo still runs anywhere, on a throw-away ledger elsewhere.
	out, errOut, code := bareRun(t, dir, nil, "--demo", "lookup", "600001")
	wantExit(t, "passnum --demo lookup 600001", code, 0, errOut)
	if !strings.Contains(out, "Carnet 600001") {
		t.Fatalf("--demo lookup 600001:\n%s", out)
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Fatalf("--demo created %v in the working folder", names)
	}
}

func TestInitIsTheFirstSetUp(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := bareRun(t, dir, nil, "init")
	wantExit(t, "passnum init", code, 0, errOut)
	cfg, db := filepath.Join(dir, "config.toml"), filepath.Join(dir, "passnum.db")
	for _, p := range []string{"Configuration d'exemple écrite : " + cfg, "Registre neuf créé : " + db} {
		if !strings.Contains(out, p) {
			t.Fatalf("passnum init does not say %q:\n%s", p, out)
		}
	}
	if written, err := os.ReadFile(cfg); err != nil || !bytes.Equal(written, passnum.DefaultConfig) {
		t.Fatalf("config.toml is not the shipped example (%v)", err)
	}
	_, errOut, code = bareRun(t, dir, nil, "lookup", "600001")
	wantExit(t, "lookup on the new ledger", code, 1, errOut, "rien ne correspond")
	before, _ := os.ReadFile(db)
	_, errOut, code = bareRun(t, dir, nil, "init")
	wantExit(t, "a second passnum init", code, 1, errOut, "existe déjà", db, "rien n'a été modifié")
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Fatal("a second passnum init changed the ledger")
	}
	_, errOut, code = bareRun(t, dir, nil, "--demo", "init")
	wantExit(t, "passnum --demo init", code, 2, errOut, "--demo")

	// The configuration named by PASSNUM_CONFIG, written there by init, and its ledger beside it.
	other := t.TempDir()
	named := filepath.Join(other, "acso.toml")
	env := []string{configEnv + "=" + named}
	out, errOut, code = bareRun(t, dir, env, "--json", "init")
	wantExit(t, "PASSNUM_CONFIG=… passnum --json init", code, 0, errOut)
	var got initJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.Config != named || !got.ConfigWritten || got.DB != filepath.Join(other, "passnum.db") || got.Schema <= 0 {
		t.Fatalf("init --json = %+v", got)
	}
	out, errOut, code = bareRun(t, dir, env, "check-config")
	wantExit(t, "check-config with PASSNUM_CONFIG", code, 0, errOut)
	if !strings.Contains(out, filepath.Join(other, "passnum.db")) {
		t.Fatalf("check-config does not use %s:\n%s", named, out)
	}
	_, errOut, code = bareRun(t, dir, []string{configEnv + "=" + filepath.Join(other, "absente.toml")}, "lookup", "x")
	wantExit(t, "PASSNUM_CONFIG naming a missing file", code, 1, errOut, "absente.toml (PASSNUM_CONFIG) n'existe pas")
}

// A missing ledger is not created, whether [store] path or --db names it.
func TestMissingLedgerIsNotCreated(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ailleurs.db")
	for _, args := range [][]string{{"lookup", "600001"}, {"places", "import", "testdata/places_min.csv"}} {
		_, errOut, code := runExit(t, exec.Command(binary, append([]string{"--config", "../../config.toml", "--db", db}, args...)...))
		wantExit(t, "passnum "+args[0]+" on a missing ledger", code, 1, errOut, "le registre "+db+" n'existe pas", "--db", "passnum init", "passnum restore")
	}
	if _, err := os.Stat(db); err == nil {
		t.Fatal("a command created the missing ledger")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), passnum.DefaultConfig, 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := bareRun(t, dir, nil, "lookup", "600001")
	wantExit(t, "lookup beside a config.toml without ledger", code, 1, errOut, filepath.Join(dir, "passnum.db"), "[store] path de "+filepath.Join(dir, "config.toml"))
	if names := dirNames(t, dir); len(names) != 1 {
		t.Fatalf("the folder holds %v, want config.toml alone", names)
	}
}

func TestEmptyLedgerFileIsRefused(t *testing.T) {
	c := &cli{t: t, db: filepath.Join(t.TempDir(), "passnum.db")}
	if err := os.WriteFile(c.db, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"lookup", "600001"}, {"carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", "1"}, {"init"}} {
		_, errOut, code := c.run(args...)
		wantExit(t, "passnum "+args[0]+" on an empty file", code, 1, errOut, c.db, "vide (0 octet)", "passnum restore")
	}
	if st, err := os.Stat(c.db); err != nil || st.Size() != 0 {
		t.Fatalf("the empty file became a ledger (%v)", err)
	}
}

// A damaged ledger is found when a command opens it, with the backup to restore; restore then
// works on it.
func TestDamagedLedgerIsDetectedAtOpen(t *testing.T) {
	c := newCLI(t)
	c.must("places", "import", "testdata/places_min.csv")
	saved := c.backup().Path
	good, err := os.ReadFile(c.db)
	if err != nil {
		t.Fatal(err)
	}
	damage := func(offset int64, n int) {
		t.Helper()
		if err := os.WriteFile(c.db, good, 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.OpenFile(c.db, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteAt(bytes.Repeat([]byte("GARBAGE!"), n/8), offset); err != nil {
			t.Fatal(err)
		}
	}
	damage(0, 96) // the header
	for _, args := range [][]string{{"lookup", "pimms-creil"}, {"places", "set", "pimms-creil", "--qualified"}} {
		_, errOut, code := c.run(args...)
		wantExit(t, "passnum "+args[0]+" on a garbage header", code, 1, errOut, c.db, "n'est pas une base SQLite", "mettez le fichier de côté", "dernière sauvegarde trouvée : passnum restore "+saved)
	}
	damage(100, 3000) // the schema's page
	_, errOut, code := c.run("lookup", "pimms-creil")
	wantExit(t, "lookup on a damaged schema", code, 1, errOut, c.db, "est endommagée", "passnum restore "+saved)
	// As the message says: the damaged file aside, then the backup in its place.
	if err := os.Rename(c.db, c.db+".endommagé"); err != nil {
		t.Fatal(err)
	}
	out := c.must("restore", saved)
	if !strings.Contains(out, "Registre restauré : "+c.db) {
		t.Fatalf("restore:\n%s", out)
	}
	if out := c.must("lookup", "pimms-creil"); !strings.Contains(out, "PIMMS de Creil") {
		t.Fatalf("after restore:\n%s", out)
	}
}

// Another process holds the ledger under BEGIN EXCLUSIVE: a write waits the busy timeout (10 s),
// then is refused in French; lookups go on (WAL).
func TestLockedLedgerIsRefusedAfterTheBusyTimeout(t *testing.T) {
	c := newCLI(t)
	c.must("places", "import", "testdata/places_min.csv")
	holder, err := sql.Open("sqlite3", "file:"+c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	ctx := context.Background()
	conn, err := holder.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	if out := c.must("lookup", "pimms-creil"); !strings.Contains(out, "PIMMS de Creil") {
		t.Fatalf("lookup under the lock:\n%s", out)
	}
	start := time.Now()
	_, errOut, code := c.run("places", "set", "pimms-creil", "--qualified")
	wantExit(t, "a write under BEGIN EXCLUSIVE", code, 1, errOut, "la base "+c.db+" est occupée", "réessayez dans un instant", "rien n'a été enregistré")
	if waited := time.Since(start); waited < 9*time.Second {
		t.Fatalf("refused after %v: the busy timeout is 10 s", waited)
	}
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	c.must("places", "set", "pimms-creil", "--qualified")
}

// otherUser makes cmd run as a user who owns none of the test's files: a root test process
// ignores file permissions, so it hands the binary to nobody.
func otherUser(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if os.Getuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
}

// copyFile copies src to dst with the rights perm.
func copyFile(t *testing.T, src, dst string, perm os.FileMode) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dst, perm)
}

// A ledger file passnum may only read, and a folder it may not write: lookups work, writes are
// refused in French with what to do, and nothing is changed.
func TestReadOnlyLedgerAllowsLookups(t *testing.T) {
	c := newCLI(t)
	c.must("places", "import", "testdata/places_min.csv")
	dir := t.TempDir() // readable by the other user: the binary, the configuration, the ledgers
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bin, cfg := filepath.Join(dir, "passnum"), filepath.Join(dir, "config.toml")
	copyFile(t, binary, bin, 0o755)
	copyFile(t, "../../config.toml", cfg, 0o644)
	for _, tc := range []struct {
		name              string
		fileMode, dirMode os.FileMode
	}{
		{"read-only file", 0o444, 0o777},
		{"read-only folder", 0o644, 0o555},
	} {
		t.Run(tc.name, func(t *testing.T) {
			folder := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-"))
			if err := os.Mkdir(folder, 0o755); err != nil {
				t.Fatal(err)
			}
			db := filepath.Join(folder, "passnum.db")
			copyFile(t, c.db, db, tc.fileMode)
			if err := os.Chmod(folder, tc.dirMode); err != nil {
				t.Fatal(err)
			}
			defer os.Chmod(folder, 0o755)
			run := func(args ...string) (string, string, int) {
				cmd := exec.Command(bin, append([]string{"--config", cfg, "--db", db}, args...)...)
				otherUser(t, cmd)
				return runExit(t, cmd)
			}
			before, _ := os.ReadFile(db)
			out, errOut, code := run("lookup", "pimms-creil")
			wantExit(t, "lookup", code, 0, errOut)
			if !strings.Contains(out, "PIMMS de Creil") {
				t.Fatalf("lookup:\n%s", out)
			}
			_, errOut, code = run("places", "set", "pimms-creil", "--qualified")
			wantExit(t, "a write", code, 1, errOut, db, "lecture seule", "les consultations restent possibles")
			if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
				t.Fatal("the ledger changed")
			}
		})
	}
}
