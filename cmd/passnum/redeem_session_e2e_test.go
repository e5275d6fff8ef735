package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestRedeemSessionEndToEnd is the bug report through the built binary: a near-miss session
// label (« " S1" », « S1x », « S-1 ») is refused as bad input instead of being stored, the same
// person cannot pay twice for S1, and a chèque redeemed without --session pays for an
// individual accompaniment whose id lookup shows.
func TestRedeemSessionEndToEnd(t *testing.T) {
	c := newCLI(t)
	c.desk(4) // Martin0: 600001, 600002; Martin2: 600003, 600004
	as := func(args ...string) []string { return append([]string{"--as", "formateur-pimms"}, args...) }
	session := c.must(as("sessions", "add", "--title", "Créer son adresse e-mail", "--theme", "E-mail", "--level", "Débutant",
		"--type", "collectif", "--date", time.Now().Format("02/01/2006"), "--start", "00:00", "--duration", "90", "--capacity", "8", "--equipment", "Ordinateur")...)
	if session != "S1" {
		t.Fatalf("sessions add printed %q, want S1", session)
	}

	for _, bad := range []string{" S1", "S1x", "S-1", "s1 ", "S99"} {
		out, errOut, code := c.run(as("redeem", "600001-01", "--session", bad)...)
		if code != 2 || !strings.Contains(errOut, "séance inconnue : \""+bad+"\"") || !strings.Contains(errOut, "les séances du jour : S1") {
			t.Errorf("redeem --session %q: exit %d %q%q, want exit 2 « séance inconnue »", bad, code, out, errOut)
		}
	}
	if out := c.must("lookup", "600001-01", "--json"); !strings.Contains(out, `"state": "disponible"`) || strings.Contains(out, `"session"`) {
		t.Fatalf("a refused redemption changed the chèque: %s", out)
	}

	if out, errOut, code := c.run(as("redeem", "600001-01", "--session", "S1")...); code != 0 || !strings.Contains(out, "séance S1") {
		t.Fatalf("redeem --session S1: exit %d %q%q", code, out, errOut)
	}
	if out, errOut, code := c.run(as("redeem", "600001-02", "--session", "S1")...); code != 1 || !strings.Contains(errOut, "a déjà payé la séance S1") {
		t.Errorf("second chèque of the same person for S1: exit %d %q%q, want exit 1", code, out, errOut)
	}
	if out, errOut, code := c.run(as("redeem", "600001-02", "--session", " S1")...); code != 2 || !strings.Contains(errOut, "séance inconnue") {
		t.Errorf("second chèque of the same person for \" S1\": exit %d %q%q, want exit 2", code, out, errOut)
	}

	// Without --session: the holder's individual accompaniment of the day.
	if out, errOut, code := c.run(as("redeem", "600003-01")...); code != 0 || !strings.Contains(out, "accompagnement individuel S") {
		t.Fatalf("redeem without --session: exit %d %q%q", code, out, errOut)
	}
	var ch struct {
		State   string `json:"state"`
		Session string `json:"session"`
	}
	if err := json.Unmarshal([]byte(c.must("lookup", "600003-01", "--json")), &ch); err != nil {
		t.Fatal(err)
	}
	if ch.State != "utilise" || !regexp.MustCompile(`^S[0-9]+$`).MatchString(ch.Session) || ch.Session == "S1" {
		t.Fatalf("lookup after a redemption without --session: %+v, want a new session id", ch)
	}
	if out, errOut, code := c.run(as("redeem", "600003-02")...); code != 1 || !strings.Contains(errOut, "a déjà payé la séance "+ch.Session) {
		t.Errorf("second chèque of the same person without --session: exit %d %q%q, want exit 1", code, out, errOut)
	}
	// The individual accompaniment is now one of the day's sessions.
	if _, errOut, code := c.run(as("redeem", "600004-01", "--session", "S9")...); code != 2 || !strings.Contains(errOut, "les séances du jour : S1, "+ch.Session) {
		t.Errorf("unknown session: exit %d %q", code, errOut)
	}
}
