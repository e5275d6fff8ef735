package main

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestSSHLongCommandLineIsRefusedCheaply: the command line is capped before it is parsed (the
// parser is quadratic: 100 000 characters cost 17 s of a server core). At the cap the command
// still runs; beyond it the session is refused at once, in French, with exit 2, and audited.
func TestSSHLongCommandLineIsRefusedCheaply(t *testing.T) {
	c := newCLI(t)
	c.desk(1)
	f := startSSH(t, c, "")

	long := "lookup " + strings.Repeat("a", 100_000-len("lookup "))
	start := time.Now()
	out, errOut, code := f.ssh("lecture", long)
	d := time.Since(start)
	t.Logf("commande de 100 000 caractères à travers SSH : %s", d.Round(time.Millisecond))
	if code != 2 || !strings.Contains(errOut, "commande trop longue : 100 000 caractères, 8 192 au plus") || out != "" {
		t.Fatalf("100 000-character command: exit %d, want 2 and « commande trop longue »\n%s%s", code, clipOut(out), clipOut(errOut))
	}
	if d > 3*time.Second {
		t.Errorf("100 000-character command took %s to refuse", d)
	}
	f.waitAudit("action = 'ssh.refused' AND user_id = 'lecture' AND detail LIKE '%commande trop longue (100 000 caractères)%'")
	if n := f.auditRows("action = 'ssh.start' AND user_id = 'lecture'"); n != 0 {
		t.Errorf("%d session starts audited for the refused command, want 0", n)
	}

	// 8 192 characters exactly (one word padded with spaces) still run; one more is refused.
	atCap := "lookup 600001-03" + strings.Repeat(" ", 8192-len("lookup 600001-03"))
	if out, errOut, code := f.ssh("lecture", atCap); code != 0 || !strings.Contains(out, "600001-03") {
		t.Errorf("8 192-character command: exit %d, want 0\n%s%s", code, clipOut(out), clipOut(errOut))
	}
	if _, errOut, code := f.ssh("lecture", atCap+" "); code != 2 || !strings.Contains(errOut, "commande trop longue : 8 193 caractères, 8 192 au plus") {
		t.Errorf("8 193-character command: exit %d, want 2\n%s", code, clipOut(errOut))
	}
}

// clipOut shortens what a test prints of a long output.
func clipOut(s string) string {
	if len(s) > 600 {
		return s[:300] + fmt.Sprintf(" […%d octets…] ", len(s)-600) + s[len(s)-300:]
	}
	return s
}

// TestSSHKeyOptionsAndSharedKeyRefused: authorized_keys options were accepted and ignored (a
// from= key logged in from anywhere), and a key behind an option prefix could belong to two
// users (the coordinator's key then opened the lecture account). Both are now refused by
// check-config and by serve, naming the user and the line; a clean key works over SSH.
func TestSSHKeyOptionsAndSharedKeyRefused(t *testing.T) {
	c := newCLI(t)
	c.must("check-config")
	f := startServe(t, c, "", func(u string, pubs map[string]string) []string {
		switch u {
		case "lecture":
			return []string{"no-pty " + pubs["coord"] + " le-poste-du-comite"}
		case "formateur-pimms":
			return []string{`from="10.9.9.9" ` + pubs[u]}
		}
		return []string{pubs[u]}
	})
	if f.listening() {
		_, errOut, code := f.ssh("formateur-pimms", "check-config")
		out, _, _ := f.ssh("coord", "check-config")
		t.Fatalf("serve started with key options: the from=\"10.9.9.9\" key logs in from 127.0.0.1 (exit %d %s); the coordinator's key acts as:\n%s",
			code, errOut, out)
	}
	if code := f.exitCode(); code != 2 {
		t.Errorf("serve with key options: exit %d, want 2\n%s", code, f.log)
	}
	for _, want := range []string{
		`utilisateur formateur-pimms : clé SSH n° 1 : option « from="10.9.9.9" » refusée`,
		"utilisateur lecture : clé SSH n° 1 : option « no-pty » refusée",
		"retirez-la de la ligne « no-pty ssh-ed25519 ",
	} {
		if !strings.Contains(f.log.String(), want) {
			t.Errorf("serve's refusal does not say %q:\n%s", want, f.log)
		}
	}
	out, errOut, code := runExit(t, exec.Command(binary, "--config", f.config(), "check-config"))
	if code != 2 || !strings.Contains(errOut, "option « no-pty » refusée") || strings.Contains(errOut, "ssh:") {
		t.Errorf("check-config with key options: exit %d, want 2\n%s%s", code, out, errOut)
	}

	// Without the options the same key with another comment is still the coordinator's: refused.
	c2 := newCLI(t)
	c2.must("check-config")
	g := startServe(t, c2, "", func(u string, pubs map[string]string) []string {
		if u == "lecture" {
			return []string{pubs["coord"] + " le-poste-du-comite"}
		}
		return []string{pubs[u]}
	})
	if g.listening() {
		out, _, _ := g.ssh("coord", "check-config")
		t.Fatalf("serve started with one key for two users; the coordinator's key acts as:\n%s", out)
	}
	if !strings.Contains(g.log.String(), "utilisateur lecture : la clé SSH n° 1 (SHA256:") || !strings.Contains(g.log.String(), "est déjà celle de utilisateur coord") {
		t.Errorf("serve's refusal of a shared key:\n%s", g.log)
	}

	// Clean keys: each key acts as its own user over SSH.
	c3 := newCLI(t)
	c3.must("check-config")
	h := startServe(t, c3, "", func(u string, pubs map[string]string) []string {
		return []string{"  " + pubs[u] + " commentaire libre  "}
	})
	if !h.listening() {
		t.Fatalf("serve with clean keys did not start:\n%s", h.log)
	}
	if out, errOut, code := h.ssh("coord", "check-config"); code != 0 || !strings.Contains(out, "vous (clé SSH) : Coordination ACSO") {
		t.Errorf("coordinator's key over SSH: exit %d\n%s%s", code, out, errOut)
	}
}

// TestSSHBusyLedgerRefusesTheSession: while another process holds the ledger's write lock, the
// session start could not be audited; it waited 10 s, was dropped and the session ran
// unaudited. Now the session is refused within seconds with a French message and exit 1, and
// once the lock is gone the next session is audited as usual.
func TestSSHBusyLedgerRefusesTheSession(t *testing.T) {
	c := newCLI(t)
	c.desk(1)
	f := startSSH(t, c, "")
	db, err := sql.Open("sqlite3", "file:"+c.db+"?_busy_timeout=1000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	hold, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Close()
	if _, err := hold.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	starts := f.auditRows("action = 'ssh.start'")
	start := time.Now()
	out, errOut, code := f.ssh("lecture", "lookup", "600001-03")
	d := time.Since(start)
	t.Logf("session refusée, registre verrouillé par un autre processus : %s", d.Round(time.Millisecond))
	if code != 1 || !strings.Contains(errOut, "passnum : refusé — registre occupé : réessayez dans un instant") || out != "" {
		t.Errorf("session while the ledger is write-locked: exit %d, want 1 and « registre occupé »\n%s%s", code, out, errOut)
	}
	if d > 6*time.Second {
		t.Errorf("the refusal took %s", d)
	}
	if _, err := hold.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	if n := f.auditRows("action = 'ssh.start'"); n != starts {
		t.Errorf("%d session starts audited while the ledger was locked, want none", n-starts)
	}
	f.waitLog("session refusée : lecture")
	// The refusal itself is written once the ledger is free again.
	f.waitAudit("action = 'ssh.refused' AND user_id = 'lecture' AND detail LIKE '%registre occupé à l''ouverture de la session ; commande « lookup 600001-03 »%'")
	if out, errOut, code := f.ssh("lecture", "lookup", "600001-03"); code != 0 || !strings.Contains(out, "600001-03") {
		t.Fatalf("session once the lock is released: exit %d\n%s%s", code, out, errOut)
	}
	if n := f.auditRows("action = 'ssh.start' AND user_id = 'lecture'"); n != 1 {
		t.Errorf("%d session starts audited for lecture, want 1", n)
	}
}

// TestSSHUnauthenticatedFloodIsCountedNotWritten: bare TCP connections that never
// authenticate each wrote one audit row in a write transaction of their own (12 200 connects,
// 12 200 rows, a redemption slowed from 0.1 s to 2.9 s). Now they are counted per address and
// minute and written as one row, an address that floods is refused before the SSH handshake,
// and a redemption from another address goes through at its usual pace. The flood comes from
// 127.0.0.2, the front desk from 127.0.0.1. PASSNUM_FLOOD=10000 runs the long measurement.
func TestSSHUnauthenticatedFloodIsCountedNotWritten(t *testing.T) {
	n := 2000
	if v := os.Getenv("PASSNUM_FLOOD"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 100 {
			t.Fatalf("PASSNUM_FLOOD=%q : un nombre de connexions, au moins 100", v)
		}
	}
	c := newCLI(t)
	c.desk(2)
	c.workshops(2, 8)
	f := startSSH(t, c, "")
	redeem := func(cheque, session string) time.Duration {
		t.Helper()
		start := time.Now()
		out, errOut, code := f.ssh("formateur-pimms", "redeem", cheque, "--place", "pimms-creil", "--session", session)
		if code != 0 {
			t.Fatalf("redeem %s over SSH: exit %d\n%s%s", cheque, code, out, errOut)
		}
		return time.Since(start)
	}
	calm := redeem("600001-01", "S1")
	floodMinute := time.Now().Truncate(time.Minute) // the server counts refusals per wall-clock minute

	// 32 workers connect and close at once, until n connections are made and the redemption
	// started after the first quarter of them is over: the flood lasts the whole redemption.
	var dialed, failed atomic.Int64
	var redeemed atomic.Bool
	quarter := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}, Timeout: 5 * time.Second}
	floodStart := time.Now()
	for w := 0; w < 32; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for dialed.Load() < int64(n) || !redeemed.Load() {
				conn, err := d.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", f.port))
				if err != nil {
					failed.Add(1)
					continue
				}
				conn.Close()
				if dialed.Add(1) >= int64(n/4) {
					once.Do(func() { close(quarter) })
				}
			}
		}()
	}
	<-quarter
	before := dialed.Load()
	during := redeem("600001-02", "S2")
	meanwhile := dialed.Load() - before
	redeemed.Store(true)
	wg.Wait()
	flood := time.Since(floodStart)
	t.Logf("%d connexions TCP nues depuis 127.0.0.2 en %s (%d échecs de connexion) ; encaissement à travers SSH : %s au calme, %s pendant l'inondation (%d connexions pendant l'encaissement)",
		dialed.Load(), flood.Round(time.Millisecond), failed.Load(), calm.Round(time.Millisecond), during.Round(time.Millisecond), meanwhile)
	if during > 2*time.Second {
		t.Errorf("a redemption during the flood took %s (calm: %s)", during, calm)
	}

	// A real client from the flooding address is turned away before the handshake, with the
	// reason on the line the server sends before its version; the front desk still gets in.
	if _, errOut, code := f.sshWith([]string{f.keys["lecture"]}, []string{"-b", "127.0.0.2", "-v"}, "lookup", "600001-03"); code != 255 ||
		!strings.Contains(errOut, "trop de connexions sans authentification depuis cette adresse") {
		t.Errorf("ssh from the flooding address: exit %d, want 255 and the reason\n%s", code, clipOut(errOut))
	}
	if _, errOut, code := f.ssh("lecture", "lookup", "600001-03"); code != 0 {
		t.Errorf("ssh from 127.0.0.1 after the flood: exit %d\n%s", code, errOut)
	}

	// Stopping the server writes what it counted; then the ledger tells. The server first
	// takes in the connections still queued.
	time.Sleep(300 * time.Millisecond)
	if n := f.auditRows("detail LIKE 'depuis 127.0.0.2%'"); n > 1 && time.Now().Truncate(time.Minute).Equal(floodMinute) {
		t.Errorf("%d audit rows for the flood before the minute is over, want 1 (its first attempt)", n)
	} else if n > 3 {
		// A minute turned during the flood: its count row, and the next minute's first attempt.
		t.Errorf("%d audit rows for a flood across a minute, want at most 3", n)
	}
	f.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-f.done:
	case <-time.After(15 * time.Second):
		t.Fatalf("the server did not stop after the flood:\n%s", f.log)
	}
	db, err := sql.Open("sqlite3", c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT detail FROM audit WHERE entity = 'ssh_key' AND action = 'ssh.refused' AND detail LIKE 'depuis 127.0.0.2%'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var details []string
	counted := 0
	count := regexp.MustCompile(`— ([0-9 ]+) tentatives`)
	for rows.Next() {
		var detail string
		if err := rows.Scan(&detail); err != nil {
			t.Fatal(err)
		}
		details = append(details, detail)
		if m := count.FindStringSubmatch(detail); m != nil {
			k, _ := strconv.Atoi(strings.ReplaceAll(m[1], " ", ""))
			counted += k
		} else {
			counted++
		}
	}
	logLines := strings.Count(f.log.String(), "127.0.0.2")
	t.Logf("journal d'audit : %d ligne(s) pour %d tentatives comptées ; journal du serveur : %d ligne(s)", len(details), counted, logLines)
	// One row for the first attempt, then one per minute the flood spans.
	if minutes := int(flood/time.Minute) + 2; len(details) > 1+minutes {
		t.Errorf("%d audit rows for the flood, want at most %d:\n%s", len(details), 1+minutes, clipOut(strings.Join(details, "\n")))
	}
	// The connections still in the listen queue when the server stops were never accepted:
	// allow them (a few dozen of 10 000 at most), but no more. The ssh -b attempt is one more.
	made := dialed.Load() + 1
	if missing := made - int64(counted); missing < 0 || missing > made/100 {
		t.Errorf("the audit counts %d attempts, %d connections were made:\n%s", counted, made, clipOut(strings.Join(details, "\n")))
	}
	if testing.Verbose() {
		t.Logf("lignes d'audit :\n%s", clipOut(strings.Join(details, "\n")))
	}
	if logLines > 10 {
		t.Errorf("%d lines of the server's log name the flooding address", logLines)
	}
	if !strings.Contains(strings.Join(details, "\n"), "refusées avant l'échange SSH") {
		t.Errorf("no connection refused before the SSH handshake:\n%s", clipOut(strings.Join(details, "\n")))
	}
}
