package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
)

// hostileName would retitle the terminal (OSC 0), clear it (CSI 2J, here as the C1 CSI) and
// return the carriage if printed as is.
const hostileName = "Dup\x1b]0;pwned\x07ont\u009b2J\x7f\r"

// terminalBytes are the bytes a terminal obeys: C0 but line feed and tab, DEL, and C1 in
// UTF-8 (U+0080 to U+009F are C2 80 to C2 9F).
func terminalControl(b []byte) (int, bool) {
	for i, c := range b {
		if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c == 0xc2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] < 0xa0) {
			return i, true
		}
	}
	return 0, false
}

func TestEmitTextStripsControlCharacters(t *testing.T) {
	var out bytes.Buffer
	a := &app{out: &out}
	if err := a.emit(nil, "Jeanne "+hostileName+" (n°12)\n  carnet\t600001"); err != nil {
		t.Fatal(err)
	}
	if i, bad := terminalControl(out.Bytes()); bad {
		t.Fatalf("control byte at %d: %q", i, out.String())
	}
	if got := out.String(); got != "Jeanne Dup]0;pwnedont2J (n°12)\n  carnet\t600001\n" {
		t.Errorf("text = %q", got)
	}
}

// JSON escapes C0 by itself; DEL and C1 are escaped too, and the value reads back unchanged.
func TestEmitJSONEscapesControlCharacters(t *testing.T) {
	var out bytes.Buffer
	a := &app{out: &out, json: true}
	if err := a.emit(map[string]any{"last_name": hostileName, "note": "é < 10 €"}, "ignored"); err != nil {
		t.Fatal(err)
	}
	if i, bad := terminalControl(out.Bytes()); bad {
		t.Fatalf("control byte at %d: %q", i, out.String())
	}
	var back map[string]string
	if err := json.Unmarshal(out.Bytes(), &back); err != nil || back["last_name"] != hostileName || back["note"] != "é < 10 €" {
		t.Fatalf("JSON %q reads back as %q, %v", out.String(), back, err)
	}
}

// A name already in a ledger (written before names were checked, or by hand) cannot retitle
// the terminal of whoever looks the person up, in text or in JSON.
func TestLookupOfHostileNameShowsNoEscape(t *testing.T) {
	c := newCLI(t)
	id := c.must("people", "add", "--last-name", "Dupont", "--first-name", "Inès", "--birth-date", "04/05/2006", "--commune", "60175", "--consent")
	db, err := sql.Open("sqlite3", c.db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`UPDATE person SET last_name = ? WHERE id = ?`, hostileName, id)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"lookup", id}, {"lookup", id, "--json"}} {
		out, errOut, code := c.run(args...)
		if code != 0 || !strings.Contains(strings.ToUpper(out), "DUP") {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
		if i, bad := terminalControl([]byte(out)); bad {
			t.Errorf("%v: control byte at %d: %q", args, i, out)
		}
	}
}
