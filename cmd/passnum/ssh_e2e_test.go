package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func TestSSHCommandsAndUnknownKey(t *testing.T) {
	c := newCLI(t)
	c.desk(1)
	f := startSSH(t, c, "")

	start := time.Now()
	out, errOut, code := f.ssh("lecture", "lookup", "600001-03")
	t.Logf("une commande à travers SSH : %s", time.Since(start).Round(time.Millisecond))
	if code != 0 || !strings.Contains(out, "600001-03") || !strings.Contains(out, "disponible") {
		t.Fatalf("lookup over SSH: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = f.ssh("lecture", "lookup", "600001-03", "--json")
	var js map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &js) != nil || js["kind"] != "cheque" {
		t.Fatalf("lookup --json over SSH: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = f.ssh("lecture", "lookup", "699999-01")
	if code != 1 || !strings.Contains(errOut, "introuvable") || out != "" {
		t.Fatalf("unknown chèque over SSH: exit %d, want 1 « introuvable »\n%s%s", code, out, errOut)
	}
	// The text is plain: no terminal, no escape sequences.
	if out, _, _ := f.ssh("accueil-brassens", "people", "find", "martin"); strings.Contains(out, "\x1b") || !strings.Contains(out, "MARTIN0") {
		t.Errorf("people find over SSH: %q", out)
	}

	// Without a command and without a terminal: how to use it, exit 2.
	if _, errOut, code := f.ssh("lecture"); code != 2 || !strings.Contains(errOut, "pas de terminal") {
		t.Errorf("no command, no PTY: exit %d\n%s", code, errOut)
	}
	if out, errOut, code := f.ssh("lecture", "check-config"); code != 0 || !strings.Contains(out, "vous (clé SSH) : Comité de suivi (lecture seule)") {
		t.Errorf("check-config over SSH names the key's user: exit %d\n%s%s", code, out, errOut)
	}
	// The key decides who acts: the options that would change it are refused and audited.
	for _, opt := range [][]string{{"--as", "coord"}, {"--db", "/tmp/x.db"}, {"--config", "/etc/passwd"}, {"--demo"}} {
		args := append([]string{"carnets", "receive"}, opt...)
		_, errOut, code := f.ssh("lecture", args...)
		if code != 2 || !strings.Contains(errOut, opt[0]+" est interdit à travers SSH") {
			t.Errorf("%v over SSH: exit %d, want 2\n%s", opt, code, errOut)
		}
	}
	f.waitAudit("action = 'ssh.refused' AND user_id = 'lecture' AND detail LIKE '%option --as interdite%'")

	// Server files are not readable through a command.
	if _, errOut, code := f.ssh("coord", "places", "import", "/etc/passwd"); code != 2 || !strings.Contains(errOut, "entrée standard") {
		t.Errorf("places import of a server file: exit %d\n%s", code, errOut)
	}

	// An unknown key is refused by the client's own account (255) and audited with its fingerprint.
	stranger := filepath.Join(f.dir, "stranger")
	keygen(t, stranger)
	if _, errOut, code := f.sshWith([]string{stranger}, nil, "lookup", "600001-03"); code != 255 {
		t.Fatalf("unknown key: exit %d, want 255\n%s", code, errOut)
	}
	fp := keyFingerprint(t, stranger+".pub")
	f.waitAudit("action = 'ssh.refused' AND user_id = '' AND entity_id = ? AND detail LIKE 'depuis 127.0.0.1:%'", fp)
	if !strings.Contains(f.log.String(), "accès refusé : inconnu ("+fp+")") {
		t.Errorf("refusal not logged:\n%s", f.log)
	}
	// Every session is audited at its start and end.
	if n := f.auditRows("action = 'ssh.start' AND user_id = 'lecture'"); n < 5 {
		t.Errorf("%d session starts audited for lecture, want at least 5", n)
	}
	f.waitAudit("action = 'ssh.end' AND user_id = 'lecture' AND detail LIKE '%code de sortie 1%'")
}

func TestSSHRolesFollowTheKey(t *testing.T) {
	c := newCLI(t)
	c.desk(1)
	f := startSSH(t, c, "")
	person := c.must("people", "add", "--last-name", "Durand", "--first-name", "Léa",
		"--birth-date", "04/05/2006", "--commune", "60175", "--qpv", "Hauts de Creil", "--diploma", "bac", "--consent")
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "700001", "--count", "1")
	c.must("carnets", "allocate", "--prescriber", "centre-social-georges-brassens", "--count", "1")

	// A trainer may not hand a carnet over; a front desk may not redeem a chèque.
	if out, errOut, code := f.ssh("formateur-pimms", "carnets", "issue", "700001", "--person", person); code != 1 ||
		!strings.Contains(errOut, "Médiateur du PIMMS (formateur) ne peut pas remettre un carnet") {
		t.Errorf("formateur carnets issue over SSH: exit %d, want 1\n%s%s", code, out, errOut)
	}
	if out, errOut, code := f.ssh("accueil-brassens", "redeem", "600001-01", "--place", "pimms-creil"); code != 1 ||
		!strings.Contains(errOut, "ne peut pas encaisser un chèque") {
		t.Errorf("accueil redeem over SSH: exit %d, want 1\n%s%s", code, out, errOut)
	}
	// Both refusals left the ledger as it was; the rightful users then succeed.
	if out := c.must("lookup", "600001-01", "--json"); !strings.Contains(out, `"state": "disponible"`) {
		t.Errorf("refused redemption changed the chèque: %s", out)
	}
	if out, errOut, code := f.ssh("accueil-brassens", "carnets", "issue", "700001", "--person", person); code != 0 {
		t.Errorf("accueil carnets issue over SSH: exit %d\n%s%s", code, out, errOut)
	}
	if out, errOut, code := f.ssh("formateur-pimms", "redeem", "600001-01", "--place", "pimms-creil"); code != 0 {
		t.Errorf("formateur redeem over SSH: exit %d\n%s%s", code, out, errOut)
	}
	if n := f.auditRowsIn("audit", "action = 'cheque.redeem' AND user_id = 'formateur-pimms' AND entity_id = '600001-01'"); n != 1 {
		t.Errorf("redemption audited as formateur-pimms %d times, want 1", n)
	}
}

// TestSSHOfferedKeyGrantsNothing is the CVE-2024-45337 regression: the client offers the
// coordinator's public key (it holds no private part for it: the server accepts the offer but
// no signature follows), then authenticates with the lecture key. The session must act as
// lecture.
func TestSSHOfferedKeyGrantsNothing(t *testing.T) {
	c := newCLI(t)
	c.desk(1)
	f := startSSH(t, c, "")
	offered := filepath.Join(f.dir, "offered-coord")
	pub, err := os.ReadFile(f.keys["coord"] + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(offered+".pub", pub, 0o644); err != nil { // public part only
		t.Fatal(err)
	}
	out, errOut, code := f.sshWith([]string{offered + ".pub", f.keys["lecture"]}, []string{"-v"},
		"carnets", "receive", "--programme", "creil-sud-oise", "--first", "800001", "--count", "1")
	if !strings.Contains(errOut, "Server accepts key: "+offered+".pub") {
		t.Fatalf("the test did not make the client offer the coordinator's key first:\n%s", errOut)
	}
	if code != 1 || !strings.Contains(errOut, "Comité de suivi (lecture seule) (lecture seule) ne peut pas gérer le stock de carnets") {
		t.Fatalf("offered coordinator key then lecture key: exit %d, want 1 and lecture's refusal\n%s%s", code, out, errOut)
	}
	if out, errOut, code := c.run("lookup", "800001-01"); code != 1 || !strings.Contains(errOut, "introuvable") {
		t.Fatalf("carnet 800001 was received with the coordinator's rights: exit %d\n%s%s", code, out, errOut)
	}
	f.waitAudit("action = 'ssh.start' AND user_id = 'lecture' AND entity_id = ?", keyFingerprint(t, f.keys["lecture"]+".pub"))
	if n := f.auditRows("user_id = 'coord'"); n != 0 {
		t.Errorf("%d access events recorded as coord, want none", n)
	}
}

func TestSSHConcurrentLookupsAndRedemptions(t *testing.T) {
	c := newCLI(t)
	c.desk(2)
	f := startSSH(t, c, "")
	type result struct {
		what        string
		out, errOut string
		code        int
	}
	redeem := []string{"600001-01", "600001-01", "600001-02", "600002-05"} // two race for one chèque
	// One holder: each chèque pays a workshop of its own.
	session := map[string]string{"600001-01": "S1", "600001-02": "S2", "600002-05": "S3"}
	c.workshops(3, 8)
	results := make(chan result, 24)
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			user := []string{"lecture", "accueil-brassens", "coord"}[i%3]
			q := fmt.Sprintf("60000%d-%02d", 1+i%2, 1+i%5)
			out, errOut, code := f.ssh(user, "lookup", q, "--json")
			results <- result{"lookup " + q, out, errOut, code}
		}(i)
	}
	for _, ch := range redeem {
		wg.Add(1)
		go func(ch string) {
			defer wg.Done()
			out, errOut, code := f.ssh("formateur-pimms", "redeem", ch, "--place", "pimms-creil", "--session", session[ch])
			results <- result{"redeem " + ch, out, errOut, code}
		}(ch)
	}
	wg.Wait()
	close(results)
	t.Logf("20 consultations et 4 encaissements simultanés à travers SSH : %s", time.Since(start).Round(time.Millisecond))
	redeemed, refused := 0, 0
	for r := range results {
		switch {
		case strings.HasPrefix(r.what, "lookup"):
			var js map[string]any
			if r.code != 0 || json.Unmarshal([]byte(r.out), &js) != nil || js["kind"] != "cheque" {
				t.Errorf("%s: exit %d\n%s%s", r.what, r.code, r.out, r.errOut)
			}
		case r.code == 0:
			redeemed++
		case r.code == 1 && r.what == "redeem 600001-01" && strings.Contains(r.errOut, "déjà utilisé le "):
			refused++
		default:
			t.Errorf("%s: exit %d\n%s%s", r.what, r.code, r.out, r.errOut)
		}
	}
	if redeemed != 3 || refused != 1 {
		t.Fatalf("%d redemptions and %d refusals, want 3 and 1 (600001-01 once)", redeemed, refused)
	}
	if n := f.auditRowsIn("redemption", "1 = 1"); n != 3 {
		t.Errorf("%d redemptions in the ledger, want 3", n)
	}
	if n := f.auditRowsIn("cheque", "state = 'utilise'"); n != 3 {
		t.Errorf("%d chèques used, want 3", n)
	}
	if n := f.auditRows("action = 'ssh.end'"); n != 24 {
		t.Errorf("%d session ends audited, want 24", n)
	}
}

func TestSSHSessionCapAndIdleTimeout(t *testing.T) {
	c := newCLI(t)
	c.desk(1)
	f := startSSH(t, c, "idle_timeout = \"2s\"\nmax_sessions = 1")
	// A session that waits for its standard input holds the only place.
	held := exec.Command("ssh", append(f.sshArgs([]string{f.keys["coord"]}), "127.0.0.1", "places", "import", "-")...)
	stdin, err := held.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	if err := held.Start(); err != nil {
		t.Fatal(err)
	}
	heldAt := time.Now()
	done := make(chan error, 1)
	go func() { done <- held.Wait() }()
	f.waitLog("session ouverte : coord")

	out, errOut, code := f.ssh("lecture", "lookup", "600001-01")
	if code != 1 || !strings.Contains(errOut, "le serveur a déjà 1 sessions ouvertes") {
		t.Fatalf("second session beyond max_sessions = 1: exit %d, want 1\n%s%s", code, out, errOut)
	}
	f.waitAudit("action = 'ssh.refused' AND user_id = 'lecture' AND detail LIKE '%plafond de 1 sessions atteint%'")

	// Nothing comes on the held session: the server closes it after idle_timeout.
	select {
	case <-done:
		if d := time.Since(heldAt); d < 1500*time.Millisecond {
			t.Errorf("idle session closed after %s, before idle_timeout = 2s", d)
		} else {
			t.Logf("session inactive fermée après %s (idle_timeout = 2s)", d.Round(time.Millisecond))
		}
	case <-time.After(8 * time.Second):
		t.Fatal("idle session still open 8 s after its start, idle_timeout = 2s")
	}
	f.waitLog("session fermée : coord")
	if _, errOut, code := f.ssh("lecture", "lookup", "600001-01"); code != 0 {
		t.Fatalf("place freed by the idle session: exit %d\n%s", code, errOut)
	}
}

func TestSSHScreen(t *testing.T) {
	c := newCLI(t)
	c.desk(1)
	f := startSSH(t, c, "")
	cmdline := append([]string{"env", "TERM=xterm-256color", "ssh", "-tt"}, f.sshArgs([]string{f.keys["accueil-brassens"]})...)
	start := time.Now()
	s := startTmuxCommand(t, 100, 30, append(cmdline, "127.0.0.1"))
	s.waitFor("Accueil du centre social Georges Brassens (accueil)", "Que voulez-vous faire ?")
	t.Logf("écran d'accueil à travers SSH affiché en %s", time.Since(start).Round(time.Millisecond))
	// The screen follows the client's window: in 60 columns the header cuts the desk's name.
	s.tmux("resize-window", "-t", s.name, "-x", "60", "-y", "20")
	deadline := time.Now().Add(5 * time.Second)
	for scr := s.screen(); strings.Contains(scr, "Georges Brassens (accueil)") || !strings.Contains(scr, "Que voulez-vous faire ?"); scr = s.screen() {
		if time.Now().After(deadline) {
			t.Fatalf("l'écran ne suit pas la fenêtre de 60 colonnes :\n%s", scr)
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.keys("C-c")
	s.waitFor("[exit 0]")
	f.waitAudit("action = 'ssh.end' AND user_id = 'accueil-brassens' AND detail LIKE '%écran d''accueil ; code de sortie 0%'")
}

// TestSSHGracefulShutdown: on SIGTERM the server stops accepting, lets an open command finish
// its work, then exits 0 with the store closed.
func TestSSHGracefulShutdown(t *testing.T) {
	c := newCLI(t)
	c.must("check-config")
	f := startSSH(t, c, "")
	csv, err := os.ReadFile("testdata/places_min.csv")
	if err != nil {
		t.Fatal(err)
	}
	held := exec.Command("ssh", append(f.sshArgs([]string{f.keys["coord"]}), "127.0.0.1", "places", "import", "-")...)
	stdin, err := held.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	held.Stdout, held.Stderr = &out, &errOut
	if err := held.Start(); err != nil {
		t.Fatal(err)
	}
	f.waitLog("session ouverte : coord")
	f.cmd.Process.Signal(syscall.SIGTERM)
	f.waitLog("arrêt demandé")
	// No new connection once the signal is received.
	if _, errOut, code := f.ssh("lecture", "lookup", "pimms-creil"); code != 255 {
		t.Errorf("new session after SIGTERM: exit %d, want 255 (connection refused)\n%s", code, errOut)
	}
	select {
	case <-f.done:
		t.Fatalf("the server exited with a session open:\n%s", f.log)
	default:
	}
	// The open command still gets its input and completes.
	stdin.Write(csv)
	stdin.Close()
	if err := held.Wait(); err != nil {
		t.Fatalf("held import after SIGTERM: %v\n%s%s", err, out.String(), errOut.String())
	}
	select {
	case <-f.done:
		if f.err != nil {
			t.Fatalf("passnum serve after SIGTERM: %v\n%s", f.err, f.log)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("the server did not exit once its last session ended:\n%s", f.log)
	}
	if !strings.Contains(f.log.String(), "arrêté (0 session restante)") {
		t.Errorf("shutdown not logged:\n%s", f.log)
	}
	if out := c.must("lookup", "pimms-creil", "--json"); !strings.Contains(out, `"kind": "place"`) {
		t.Errorf("place imported by the session finished during shutdown: %s", out)
	}
}

// TestSSHScreenRefusesAHandOverToATrainer: over ssh -tt a trainer opens on their sessions; the
// card of a person who never came to their place is limited and offers no hand-over; the carnet
// stays with its prescriber.
func TestSSHScreenRefusesAHandOverToATrainer(t *testing.T) {
	c := newCLI(t)
	c.desk(2)
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600010", "--count", "1")
	c.must("carnets", "allocate", "--prescriber", "centre-social-georges-brassens", "--count", "1")
	f := startSSH(t, c, "")
	cmdline := append([]string{"env", "TERM=xterm-256color", "ssh", "-tt"}, f.sshArgs([]string{f.keys["formateur-pimms"]})...)
	s := startTmuxCommand(t, 80, 24, append(cmdline, "127.0.0.1"))
	s.waitFor("(formateur)", "Mes séances", "Nouvelle séance")
	s.keys("C-f")
	s.waitFor("Numéro ou nom :") // the lookup's field: the home's menu names « Recherche rapide » too
	s.text("Martin0")
	s.keys("Enter")
	s.waitFor("Numéro ou nom : Martin0", "Inès MARTIN0 (n°1)")
	s.keys("Enter")
	// The person never came to the trainer's place: their card is limited (issue 13) and offers
	// no action, so r does nothing; the ledger would refuse the hand-over anyway.
	s.waitFor("Fiche d", "fiche d'un autre prescripteur : données limitées")
	s.text("r")
	s.text("600010")
	s.keys("Enter")
	s.keys("C-c")
	s.waitFor("[exit 0]")
	if out := c.must("lookup", "600010"); !strings.Contains(out, "attribué") {
		t.Fatalf("the carnet must stay with its prescriber:\n%s", out)
	}
}
