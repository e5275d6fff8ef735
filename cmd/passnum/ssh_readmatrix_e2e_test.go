package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// readMatrix is the ledger of TestSSHReadMatrix: four people, each tied differently to the
// front desk of the centre social Georges Brassens and to the PIMMS.
type readMatrix struct {
	martin0 string // two Brassens carnets, a chèque scanned at the PIMMS
	martin2 string // one Brassens carnet, never came to the PIMMS
	durand  string // a carnet of the mission locale, registered by the coordination
	petit   string // registered by the Brassens desk, on a PIMMS sheet, no carnet
}

func newReadMatrix(t *testing.T, c *cli) readMatrix {
	t.Helper()
	c.desk(3) // Martin0 holds 600001 and 600002, Martin2 600003
	var m readMatrix
	var found []personJSON
	for _, name := range []string{"Martin0", "Martin2"} {
		if err := json.Unmarshal([]byte(c.must("people", "find", name, "--json")), &found); err != nil || len(found) != 1 {
			t.Fatalf("people find %s: %v %v", name, found, err)
		}
		if name == "Martin0" {
			m.martin0 = fmt.Sprint(found[0].ID)
		} else {
			m.martin2 = fmt.Sprint(found[0].ID)
		}
	}
	m.durand = c.must("people", "add", "--last-name", "Durand", "--first-name", "Léa", "--birth-date", "12/03/2001", "--commune", "60463",
		"--qpv", "Rochers et Coteaux", "--status", "demandeur_emploi", "--diploma", "bac", "--consent")
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "700001", "--count", "1")
	c.must("carnets", "allocate", "--prescriber", "mission-locale-vallee-oise", "--count", "1")
	c.must("carnets", "issue", "700001", "--person", m.durand)
	m.petit = c.must("--as", "accueil-brassens", "people", "add", "--last-name", "Petit", "--first-name", "Noah", "--birth-date", "01/02/2003",
		"--commune", "60175", "--status", "rsa", "--diploma", "aucun", "--consent")
	c.workshops(1, 8)
	c.must("--as", "formateur-pimms", "sessions", "attend", "S1", "--person", m.petit)
	c.must("--as", "formateur-pimms", "redeem", "600001-01", "--place", "pimms-creil")
	return m
}

// TestSSHReadMatrix: over SSH with the real client, each role's key reads people as issue 13
// says — a front desk reads in full the people of its prescriber, others limited (name, birth
// date, commune, carnets held) and their eligibility refused; a trainer reads in full the
// people of its place's sheets and chèques, and its bilan lists only those who came; the
// steering committee gets no name; the coordination reads everyone. Each opening of a record
// writes a person.read row naming the key it came through.
func TestSSHReadMatrix(t *testing.T) {
	c := newCLI(t)
	m := newReadMatrix(t, c)
	f := startSSH(t, c, "")
	fp := map[string]string{}
	for _, u := range sshUsers {
		fp[u] = keyFingerprint(t, f.keys[u]+".pub")
	}
	all := []string{m.martin0, m.martin2, m.durand, m.petit}
	full := map[string][]string{
		"coord":            all,
		"accueil-brassens": {m.martin0, m.martin2, m.petit},
		"formateur-pimms":  {m.martin0, m.petit},
	}
	private := []string{"qpv", "status", "diploma", "eligibility", "address"}

	for _, user := range []string{"coord", "accueil-brassens", "formateur-pimms"} {
		for _, id := range all {
			isFull := slices.Contains(full[user], id)
			what := fmt.Sprintf("%s: lookup #%s", user, id)

			// lookup --json: the full record, or what the duplicate check needs.
			out, errOut, code := f.ssh(user, "lookup", "#"+id, "--json")
			var js map[string]any
			if code != 0 || json.Unmarshal([]byte(out), &js) != nil || js["kind"] != "person" || fmt.Sprint(js["id"]) != id {
				t.Fatalf("%s --json: exit %d\n%s%s", what, code, out, errOut)
			}
			for _, k := range []string{"last_name", "first_name", "birth_date", "commune", "carnets"} {
				if _, ok := js[k]; !ok {
					t.Errorf("%s --json has no %s: %s", what, k, out)
				}
			}
			if isFull {
				if js["limited"] != nil {
					t.Errorf("%s --json: limited, want the full record: %s", what, out)
				}
				if _, ok := js["eligibility"]; !ok {
					t.Errorf("%s --json: full record without eligibility: %s", what, out)
				}
			} else {
				if js["limited"] != true {
					t.Errorf("%s --json: not limited: %s", what, out)
				}
				for _, k := range private {
					if _, ok := js[k]; ok {
						t.Errorf("%s --json (limited) holds %s: %s", what, k, out)
					}
				}
			}
			if id == m.durand && !isFull && js["carnets"] != float64(1) {
				t.Errorf("%s --json: carnets %v, want 1 (the number held)", what, js["carnets"])
			}

			// lookup as text: the same, in French.
			out, errOut, code = f.ssh(user, "lookup", "#"+id)
			if code != 0 {
				t.Fatalf("%s: exit %d\n%s%s", what, code, out, errOut)
			}
			if isFull == strings.Contains(out, "données limitées") {
				t.Errorf("%s (full %v):\n%s", what, isFull, out)
			}
			if id == m.durand {
				if isFull != strings.Contains(out, "QPV Rochers et Coteaux") {
					t.Errorf("%s: QPV shown %v, want %v:\n%s", what, !isFull, isFull, out)
				}
				if !isFull && !strings.Contains(out, "DURAND") || !strings.Contains(out, "12/03/2001") || !strings.Contains(out, "1 carnet remis") && !isFull {
					t.Errorf("%s: the limited view names, dates and counts carnets:\n%s", what, out)
				}
			}

			// eligibility: status, diploma and QPV, so the full record only (exit 1 says « not
			// eligible », the criteria are then printed all the same).
			out, errOut, code = f.ssh(user, "eligibility", id)
			if isFull && (code > 1 || !strings.Contains(out, "✓ âge : a ")) {
				t.Errorf("%s: eligibility %s: exit %d\n%s%s", user, id, code, out, errOut)
			}
			if !isFull && (code != 1 || out != "" || !strings.Contains(errOut, "ne voit pas son statut, son diplôme ni son QPV")) {
				t.Errorf("%s: eligibility %s: exit %d, want 1 and the refusal\n%s%s", user, id, code, out, errOut)
			}
		}

		// people find lists everyone matching, limited where the record is not the user's.
		out, errOut, code := f.ssh(user, "people", "find", "Martin", "--json")
		var list []map[string]any
		if code != 0 || json.Unmarshal([]byte(out), &list) != nil || len(list) != 2 {
			t.Fatalf("%s: people find Martin: exit %d\n%s%s", user, code, out, errOut)
		}
		out2, errOut, code := f.ssh(user, "people", "find", "Durand", "--json")
		var durand []map[string]any
		if code != 0 || json.Unmarshal([]byte(out2), &durand) != nil || len(durand) != 1 {
			t.Fatalf("%s: people find Durand: exit %d\n%s%s", user, code, out2, errOut)
		}
		for _, p := range append(list, durand...) {
			id := fmt.Sprint(p["id"])
			isFull := slices.Contains(full[user], id)
			if (p["limited"] == true) == isFull {
				t.Errorf("%s: people find, person %s: limited %v, want %v", user, id, p["limited"], !isFull)
			}
			if !isFull {
				for _, k := range private {
					if v, ok := p[k]; ok && v != "" {
						t.Errorf("%s: people find, person %s (limited) holds %s = %v", user, id, k, v)
					}
				}
			}
		}
		if text, _, _ := f.ssh(user, "people", "find", "Durand"); !strings.Contains(text, "DURAND") {
			t.Errorf("%s: people find Durand as text:\n%s", user, text)
		}
	}

	// The bilan: the front desk's lists its carnet holders, the trainer's only those who came to
	// the PIMMS, the coordination's all of them.
	bilan := map[string][]string{
		"coord":            {m.martin0, m.martin2},
		"accueil-brassens": {m.martin0, m.martin2},
		"formateur-pimms":  {m.martin0},
	}
	for user, want := range bilan {
		args := []string{"export", "bilan", "--prescriber", "centre-social-georges-brassens", "--json"}
		out, errOut, code := f.ssh(user, args...)
		var lines []map[string]any
		if code != 0 || json.Unmarshal([]byte(out), &lines) != nil {
			t.Fatalf("%s: export bilan: exit %d\n%s%s", user, code, out, errOut)
		}
		var got []string
		for _, l := range lines {
			got = append(got, fmt.Sprint(l["person"]))
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: export bilan lists %v, want %v", user, got, want)
		}
		text, _, _ := f.ssh(user, args[:4]...)
		if strings.Contains(text, "MARTIN2") != slices.Contains(want, m.martin2) {
			t.Errorf("%s: export bilan as text:\n%s", user, text)
		}
	}

	// The steering committee: figures and chèques, never a person.
	for _, args := range [][]string{
		{"lookup", "#" + m.martin0}, {"lookup", "#" + m.martin0, "--json"}, {"lookup", "Martin0"}, {"lookup", "Durand", "--json"},
		{"eligibility", m.martin0}, {"people", "find", "Martin"}, {"people", "find", "Durand", "--json"},
		{"export", "bilan", "--prescriber", "centre-social-georges-brassens"},
	} {
		out, errOut, code := f.ssh("lecture", args...)
		// The refusal may repeat what was typed, never what the ledger holds of anyone.
		if code != 1 || out != "" || strings.ContainsAny(errOut, "0123456789") && strings.Contains(errOut, "/20") ||
			strings.Contains(errOut, "Inès") || strings.Contains(errOut, "Léa") {
			t.Errorf("lecture: %v: exit %d, want 1 and no one's data\n%s%s", args, code, out, errOut)
		}
	}
	if out, errOut, code := f.ssh("lecture", "lookup", "600001-01", "--json"); code != 0 || !strings.Contains(out, `"state": "utilise"`) || strings.Contains(out, "person") {
		t.Errorf("lecture: lookup of a chèque: exit %d\n%s%s", code, out, errOut)
	}
	if out, errOut, code := f.ssh("lecture", "lookup", "600001", "--json"); code != 0 || strings.Contains(out, `"person"`) {
		t.Errorf("lecture: lookup of a carnet names its holder: exit %d\n%s%s", code, out, errOut)
	}
	if out, errOut, code := f.ssh("lecture", "report", "--json"); code != 0 || strings.Contains(out, "Martin") || strings.Contains(out, "Durand") {
		t.Errorf("lecture: report: exit %d\n%s%s", code, out, errOut)
	}

	// Every opening went to the audit, with the key it came through; a search is no read.
	db, err := sql.Open("sqlite3", c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(where string, args ...any) int {
		t.Helper()
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM audit WHERE action = 'person.read' AND `+where, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, user := range []string{"coord", "accueil-brassens", "formateur-pimms"} {
		via := "ssh " + fp[user]
		if n := count("user_id = ? AND detail <> ?", user, via); n != 0 {
			t.Errorf("%s: %d person.read rows not from « %s »", user, n, via)
		}
		for _, id := range all {
			// Two lookups (--json and text) of each person, one eligibility of the full records.
			if n := count("user_id = ? AND entity_id = ? AND after = 'lookup' AND detail = ?", user, id, via); n != 2 {
				t.Errorf("%s: %d lookup reads of person %s from « %s », want 2", user, n, id, via)
			}
			wantElig := 0
			if slices.Contains(full[user], id) {
				wantElig = 1
			}
			if n := count("user_id = ? AND entity_id = ? AND after = 'eligibility' AND detail = ?", user, id, via); n != wantElig {
				t.Errorf("%s: %d eligibility reads of person %s, want %d", user, n, id, wantElig)
			}
		}
		for _, id := range bilan[user] {
			if n := count("user_id = ? AND entity_id = ? AND after = 'export bilan' AND detail = ?", user, id, via); n != 2 {
				t.Errorf("%s: %d bilan reads of person %s, want 2 (--json and text)", user, n, id)
			}
		}
		if n := count("user_id = ? AND after = 'export bilan'", user); n != 2*len(bilan[user]) {
			t.Errorf("%s: %d bilan reads, want %d: a bilan reads only the people it lists", user, n, 2*len(bilan[user]))
		}
	}
	if n := count("user_id = 'lecture'"); n != 0 {
		t.Errorf("%d person.read rows for lecture, which read no one", n)
	}
	if n := count("after NOT IN ('lookup', 'eligibility', 'export bilan')"); n != 0 {
		t.Errorf("%d person.read rows of another kind (a search is no read)", n)
	}
}
