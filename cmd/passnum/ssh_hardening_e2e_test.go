package main

import (
	"fmt"
	"strings"
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
