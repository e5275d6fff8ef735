package main

import (
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

// litestreamInstall installs the version .ci/run installs; the configuration below is its format (v0.5).
const litestreamInstall = "go install github.com/benbjohnson/litestream/cmd/litestream@v0.5.18"

// litestreamBinary finds litestream on PATH, else where go install puts it. Litestream is run as
// a separate process only: its library embeds modernc.org/sqlite, which must not share a process
// with mattn/go-sqlite3.
func litestreamBinary(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("litestream"); err == nil {
		return p
	}
	var dirs []string
	if out, err := exec.Command("go", "env", "GOBIN").Output(); err == nil && strings.TrimSpace(string(out)) != "" {
		dirs = append(dirs, strings.TrimSpace(string(out)))
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		for _, d := range filepath.SplitList(strings.TrimSpace(string(out))) {
			dirs = append(dirs, filepath.Join(d, "bin"))
		}
	}
	for _, d := range dirs {
		p := filepath.Join(d, "litestream")
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return p
		}
	}
	return needTool(t, "litestream", litestreamInstall) // neither on PATH nor in dirs: skipped (failed under .ci/run)
}

// restoredCheques restores the replica into path (overwriting it) and returns the chèques that
// have a redemption there.
func restoredCheques(litestream, replicaURL, path string) (map[string]bool, error) {
	out, err := exec.Command(litestream, "restore", "-force", "-o", path, replicaURL).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("litestream restore : %v\n%s", err, out)
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.Query(`SELECT cheque FROM redemption WHERE cancelled_at IS NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	got := map[string]bool{}
	for rows.Next() {
		var ch string
		if err := rows.Scan(&ch); err != nil {
			return nil, err
		}
		got[ch] = true
	}
	return got, rows.Err()
}

// TestReplicationRestoresEveryCommittedRedemption runs litestream beside the binary as the
// README says: redemptions from several processes while it replicates to a file replica, then
// a restore elsewhere must hold exactly the redemptions that were reported done (exit 0), with
// the chèques used and integrity_check ok. A probe restores the replica while the redemptions
// run, to measure how long a committed redemption takes to reach it.
func TestReplicationRestoresEveryCommittedRedemption(t *testing.T) {
	litestream := litestreamBinary(t)
	version, _ := exec.Command(litestream, "version").Output()
	t.Logf("litestream %s (%s)", strings.TrimSpace(string(version)), litestream)

	c := newCLI(t)
	c.must("check-config") // the ledger newCLI created (passnum init) is at the schema
	replica := filepath.Join(t.TempDir(), "replica")
	config := filepath.Join(t.TempDir(), "litestream.yml")
	// The README's configuration (default monitor and sync intervals: 1 s), except that
	// litestream checkpoints after 64 WAL pages instead of 1000 (≈ 4 Mo): the WAL is then
	// restarted several times while passnum processes open, write and close the ledger.
	yml := fmt.Sprintf("dbs:\n  - path: %s\n    min-checkpoint-page-count: 64\n    replica:\n      type: file\n      path: %s\n", c.db, replica)
	if err := os.WriteFile(config, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(t.TempDir(), "litestream.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	ls := exec.Command(litestream, "replicate", "-config", config, "-log-level", "debug")
	ls.Stdout, ls.Stderr = logFile, logFile
	if err := ls.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- ls.Wait() }()
	stopped := false
	defer func() {
		if !stopped {
			ls.Process.Kill()
			<-exited
		}
	}()
	litestreamLog := func() string { b, _ := os.ReadFile(logPath); return string(b) }

	// 20 carnets of 5 = 100 chèques, 10 people holding 10 each; ten workshops today, each
	// person pays each of them once.
	c.desk(20)
	c.workshops(10, 10)
	var cheques, sessions []string
	for i := 0; i < 20; i++ {
		for pos := 1; pos <= 5; pos++ {
			cheques = append(cheques, fmt.Sprintf("%d-%02d", 600001+i, pos))
			sessions = append(sessions, fmt.Sprintf("S%d", (i%2)*5+pos))
		}
	}

	// Four guichets try every chèque, each in its own order: each chèque is redeemed once, the
	// other tries are refused « déjà utilisé ».
	var mu sync.Mutex
	committed := map[string]time.Time{} // chèque → when its redeem exited 0
	var failures []string
	var workers sync.WaitGroup
	for w, step := range []int{1, 3, 7, 9} { // prime to 100: each guichet goes through all chèques
		workers.Add(1)
		go func(w, step int) {
			defer workers.Done()
			for i := range cheques {
				k := (w*37 + i*step) % len(cheques)
				out, stderr, code := c.run("redeem", cheques[k], "--place", "pimms-creil", "--session", sessions[k])
				at := time.Now()
				mu.Lock()
				switch {
				case code == 0:
					if _, dup := committed[cheques[k]]; dup {
						failures = append(failures, fmt.Sprintf("%s encaissé deux fois", cheques[k]))
					}
					committed[cheques[k]] = at
				case code != 1 || !strings.Contains(stderr, "déjà utilisé le "):
					failures = append(failures, fmt.Sprintf("redeem %s : exit %d %q%q", cheques[k], code, out, stderr))
				}
				mu.Unlock()
			}
		}(w, step)
	}

	// And a delivery of 10 000 carnets: one transaction of more than 1000 WAL pages, after
	// which passnum itself checkpoints (SQLite's wal_autocheckpoint) while litestream replicates.
	workers.Add(1)
	go func() {
		defer workers.Done()
		out, stderr, code := c.run("carnets", "receive", "--programme", "creil-sud-oise", "--first", "700001", "--count", "10000",
			"--over-budget", "--reason", "test de charge") // 10 000 carnets: above the shipped budget
		if code != 0 {
			mu.Lock()
			failures = append(failures, fmt.Sprintf("carnets receive : exit %d %q%q", code, out, stderr))
			mu.Unlock()
		}
	}()

	// Meanwhile, a probe restores the replica again and again and notes when each redemption
	// first appears in it.
	probe := filepath.Join(t.TempDir(), "sonde.db")
	replicaURL := "file://" + replica
	seen := map[string]time.Time{}
	var probeErr error
	probes := 0
	probeOnce := func() {
		probes++
		got, err := restoredCheques(litestream, replicaURL, probe)
		now := time.Now()
		if err != nil {
			probeErr = err // no replica yet at the very start
			return
		}
		probeErr = nil
		for ch := range got {
			if _, ok := seen[ch]; !ok {
				seen[ch] = now
			}
		}
	}
	redemptionsDone := make(chan struct{})
	var prober sync.WaitGroup
	prober.Add(1)
	go func() {
		defer prober.Done()
		for {
			select {
			case <-redemptionsDone:
				return
			default:
				probeOnce()
			}
		}
	}()
	start := time.Now()
	workers.Wait()
	redemptionsTook := time.Since(start)
	close(redemptionsDone)
	prober.Wait()
	if len(failures) > 0 {
		t.Fatalf("%d essai(s) en échec pendant la réplication, dont : %s", len(failures), failures[0])
	}
	if len(committed) != len(cheques) {
		t.Fatalf("%d chèques encaissés sur %d", len(committed), len(cheques))
	}
	var last time.Time
	for _, at := range committed {
		if at.After(last) {
			last = at
		}
	}

	// Wait until the replica holds every committed redemption (poll, 30 s at most).
	replicated := func() (n int) {
		for ch := range committed {
			if _, ok := seen[ch]; ok {
				n++
			}
		}
		return n
	}
	deadline := time.Now().Add(30 * time.Second)
	for replicated() < len(committed) {
		if time.Now().After(deadline) {
			t.Fatalf("après 30 s la réplique n'a que %d encaissements sur %d (dernière erreur : %v)\n%s", replicated(), len(committed), probeErr, litestreamLog())
		}
		probeOnce()
	}
	for ch := range seen {
		if _, ok := committed[ch]; !ok {
			t.Errorf("la réplique a un encaissement de %s, qu'aucun redeem n'a réussi", ch)
		}
	}
	probing := time.Since(start)
	var lags []time.Duration
	for ch, at := range committed {
		lag := seen[ch].Sub(at)
		if lag < 0 { // the probe read it between the commit and the process's exit
			lag = 0
		}
		lags = append(lags, lag)
	}
	sort.Slice(lags, func(i, j int) bool { return lags[i] < lags[j] })
	t.Logf("%d encaissements en %v pendant la réplication ; retard de la réplique : médian %v, 90 %% %v, max %v ; dernier encaissement répliqué %v après sa fin (une restauration témoin toutes les %v)",
		len(committed), redemptionsTook.Round(time.Millisecond), lags[len(lags)/2].Round(time.Millisecond),
		lags[len(lags)*9/10].Round(time.Millisecond), lags[len(lags)-1].Round(time.Millisecond), latest(seen).Sub(last).Round(time.Millisecond), (probing / time.Duration(probes)).Round(time.Millisecond))

	// Stop litestream as systemd would (SIGTERM: final sync, then exit).
	ls.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		stopped = true
		if err != nil {
			t.Fatalf("litestream s'est arrêté en erreur : %v\n%s", err, litestreamLog())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("litestream ne s'arrête pas 30 s après SIGTERM\n%s", litestreamLog())
	}
	// Passnum's own checkpoints (when a process closes the ledger, and after the delivery's
	// 1000 WAL pages) must not have made litestream start over: its only snapshot is the first
	// sync; and its own checkpoints did restart the WAL during the run.
	logText := litestreamLog()
	if n := strings.Count(logText, "snap=true"); n != 1 {
		t.Errorf("litestream a fait %d instantané(s) complet(s), attendu 1 (le premier) : un checkpoint de passnum l'a contourné ?\n%s", n, logText)
	}
	checkpoints := strings.Count(logText, "msg=checkpoint ")
	if checkpoints == 0 {
		t.Errorf("litestream n'a fait aucun checkpoint : l'essai n'a pas fait redémarrer le WAL\n%s", logText)
	}
	t.Logf("litestream : %d checkpoint(s), 1 seul instantané complet", checkpoints)

	// The README's restore: with the configuration, into a new file.
	restored := filepath.Join(t.TempDir(), "passnum-restaure.db")
	if out, err := exec.Command(litestream, "restore", "-config", config, "-o", restored, c.db).CombinedOutput(); err != nil {
		t.Fatalf("litestream restore -config %s -o %s %s : %v\n%s", config, restored, c.db, err, out)
	}
	db, err := sql.Open("sqlite3", "file:"+restored+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("base restaurée : integrity_check = %q, %v", check, err)
	}
	set := func(query string) map[string]bool {
		t.Helper()
		rows, err := db.Query(query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		got := map[string]bool{}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			if got[s] {
				t.Fatalf("%s : %s deux fois", query, s)
			}
			got[s] = true
		}
		return got
	}
	for _, query := range []string{
		`SELECT cheque FROM redemption`,
		`SELECT number FROM cheque WHERE state = 'utilise'`,
		`SELECT entity_id FROM audit WHERE action = 'cheque.redeem'`,
	} {
		got := set(query)
		for ch := range committed {
			if !got[ch] {
				t.Errorf("base restaurée : %s manque dans %s", ch, query)
			}
		}
		for ch := range got {
			if _, ok := committed[ch]; !ok {
				t.Errorf("base restaurée : %s dans %s sans encaissement réussi", ch, query)
			}
		}
	}
	var delivered, deliveredCheques int
	db.QueryRow(`SELECT count(*) FROM carnet WHERE number >= '700001'`).Scan(&delivered)
	db.QueryRow(`SELECT count(*) FROM cheque WHERE number >= '700001'`).Scan(&deliveredCheques)
	if delivered != 10000 || deliveredCheques != 50000 {
		t.Errorf("base restaurée : livraison de %d carnets et %d chèques, attendu 10000 et 50000", delivered, deliveredCheques)
	}
	one := cheques[len(cheques)/2]
	if out := (&cli{t: t, db: restored}).must("lookup", one); !strings.Contains(out, "utilisé le ") || !strings.Contains(out, "PIMMS de Creil") {
		t.Fatalf("passnum lookup %s --db %s :\n%s", one, restored, out)
	}
}

// latest is the last of the times.
func latest(times map[string]time.Time) time.Time {
	var m time.Time
	for _, at := range times {
		if at.After(m) {
			m = at
		}
	}
	return m
}
