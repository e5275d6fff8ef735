package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The SSH end-to-end tests' server: the built binary's « passnum serve » on a free loopback
// port, a throwaway key pair per user of the shipped configuration, and the real OpenSSH client.

// sshUsers are the users of the shipped configuration, in the order of their keys = [] lines.
var sshUsers = []string{"coord", "accueil-brassens", "formateur-pimms", "lecture"}

// sshServer runs the built binary's « passnum serve » on a free loopback port, on the database
// of a cli, with a throwaway key pair for every user of the shipped configuration.
type sshFixture struct {
	t    *testing.T
	c    *cli
	dir  string
	port int
	keys map[string]string // user id → private key file
	log  *lockedBuffer
	cmd  *exec.Cmd
	done chan struct{} // closed when the server has exited, with waitErr set
	err  error
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func keygen(t *testing.T, path string) {
	t.Helper()
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", filepath.Base(path), "-f", path).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
}

// keyFingerprint is the SHA256 fingerprint ssh-keygen gives for a public key file.
func keyFingerprint(t *testing.T, pub string) string {
	t.Helper()
	out, err := exec.Command("ssh-keygen", "-l", "-f", pub).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(out))[1]
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startSSH writes the test configuration beside the cli's database, one key per user, starts
// the server and waits until it listens. sshTable replaces the shipped [ssh] table's settings
// other than listen.
func startSSH(t *testing.T, c *cli, sshTable string) *sshFixture {
	t.Helper()
	f := startServe(t, c, sshTable, func(u string, pubs map[string]string) []string { return []string{pubs[u]} })
	f.waitLog("écoute sur 127.0.0.1:")
	return f
}

// waitLog waits until the server's log shows text.
func (f *sshFixture) waitLog(text string) {
	f.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(f.log.String(), text) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	f.t.Fatalf("le journal du serveur ne montre pas %q :\n%s", text, f.log)
}

// sshArgs is the OpenSSH client command line, for the identity files given (first offered first).
func (f *sshFixture) sshArgs(identities []string, extra ...string) []string {
	args := []string{"-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes"}
	if !slices.Contains(extra, "-v") {
		args = append(args, "-o", "LogLevel=ERROR")
	}
	for _, id := range identities {
		args = append(args, "-i", id)
	}
	args = append(args, "-p", fmt.Sprint(f.port))
	args = append(args, extra...)
	return args
}

// ssh runs a command over SSH as user (its key), returning what the real client returns.
func (f *sshFixture) ssh(user string, args ...string) (stdout, stderr string, code int) {
	return f.sshWith([]string{f.keys[user]}, nil, args...)
}

func (f *sshFixture) sshWith(identities, options []string, args ...string) (stdout, stderr string, code int) {
	return runExit(f.t, exec.Command("ssh", append(f.sshArgs(identities, options...), append([]string{"127.0.0.1"}, args...)...)...))
}

// audit reads the access events of the ledger, waiting a little for the one wanted to appear
// (a refused connection is recorded when it closes).
func (f *sshFixture) auditRows(where string, args ...any) int {
	f.t.Helper()
	db, err := sql.Open("sqlite3", f.c.db)
	if err != nil {
		f.t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM audit WHERE entity = 'ssh_key' AND `+where, args...).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

// auditRowsIn counts the rows of any ledger table.
func (f *sshFixture) auditRowsIn(table, where string, args ...any) int {
	f.t.Helper()
	db, err := sql.Open("sqlite3", f.c.db)
	if err != nil {
		f.t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM `+table+` WHERE `+where, args...).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

func (f *sshFixture) waitAudit(where string, args ...any) {
	f.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if f.auditRows(where, args...) > 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	f.t.Fatalf("pas de ligne d'audit où %s %v ; journal :\n%s", where, args, f.log)
}

// startServe is startSSH with a say on each user's keys = [...]: lines(user, pubs) gives the
// user's key lines, pubs being every user's fresh .pub line. It starts « passnum serve » and
// returns at once; the caller waits for the log or the exit (listening reports which).
func startServe(t *testing.T, c *cli, sshTable string, lines func(user string, pubs map[string]string) []string) *sshFixture {
	t.Helper()
	needTool(t, "ssh", "openssh-client")
	needTool(t, "ssh-keygen", "openssh-client")
	f := &sshFixture{t: t, c: c, dir: filepath.Dir(c.db), port: freePort(t), keys: map[string]string{}, log: &lockedBuffer{}}
	base, err := os.ReadFile("../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	pubs := map[string]string{}
	for _, u := range sshUsers {
		key := filepath.Join(f.dir, "key-"+u)
		keygen(t, key)
		f.keys[u] = key
		pub, err := os.ReadFile(key + ".pub")
		if err != nil {
			t.Fatal(err)
		}
		pubs[u] = strings.TrimSpace(string(pub))
	}
	cfg := string(base)
	for _, u := range sshUsers {
		var q []string
		for _, l := range lines(u, pubs) {
			q = append(q, fmt.Sprintf("%q", l))
		}
		cfg = strings.Replace(cfg, "keys = []", "keys = ["+strings.Join(q, ", ")+"]", 1)
	}
	start := strings.Index(cfg, "[ssh]")
	end := strings.Index(cfg, "\n# ----")
	cfg = cfg[:start] + fmt.Sprintf("[ssh]\nlisten = \"127.0.0.1:%d\"\n%s\n", f.port, sshTable) + cfg[end:]
	if strings.Contains(cfg, "keys = []") {
		t.Fatal("configuration de test : un utilisateur sans clé")
	}
	cfgPath := filepath.Join(f.dir, "config.toml") // [store] path = "passnum.db" is then c.db
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	f.cmd = exec.Command(binary, "--config", cfgPath, "serve")
	f.cmd.Stderr = f.log
	if err := f.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	f.done = make(chan struct{})
	go func() { f.err = f.cmd.Wait(); close(f.done) }()
	t.Cleanup(func() {
		f.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-f.done:
		case <-time.After(15 * time.Second):
			f.cmd.Process.Kill()
			t.Errorf("passnum serve ne s'arrête pas sur SIGTERM :\n%s", f.log)
		}
	})
	return f
}

// listening waits until the server listens (true) or exits (false).
func (f *sshFixture) listening() bool {
	f.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		if strings.Contains(f.log.String(), "écoute sur 127.0.0.1:") {
			return true
		}
		select {
		case <-f.done:
			return false
		case <-deadline:
			f.t.Fatalf("passnum serve ni n'écoute ni ne s'arrête :\n%s", f.log)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// config is the configuration file the fixture's server reads.
func (f *sshFixture) config() string { return filepath.Join(f.dir, "config.toml") }

// exitCode is the server's exit status once it has exited.
func (f *sshFixture) exitCode() int {
	<-f.done
	if f.cmd.ProcessState == nil {
		return -1
	}
	return f.cmd.ProcessState.ExitCode()
}
