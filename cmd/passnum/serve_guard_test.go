package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"passnum/domain"
	"passnum/store"
)

func TestGuardTokenBucket(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	g := newGuard()
	g.now = func() time.Time { return now }
	for i := 0; i < guardBurst; i++ {
		if !g.take("192.0.2.1") {
			t.Fatalf("connection %d refused, burst is %d", i+1, guardBurst)
		}
	}
	if g.take("192.0.2.1") {
		t.Fatal("connection beyond the burst accepted")
	}
	if !g.take("192.0.2.2") {
		t.Fatal("another address is limited too")
	}
	g.refund("192.0.2.1") // an authenticated connection gives its token back
	if !g.take("192.0.2.1") || g.take("192.0.2.1") {
		t.Fatal("a refunded token is one connection")
	}
	now = now.Add(2 * time.Second)
	if !g.take("192.0.2.1") || !g.take("192.0.2.1") || g.take("192.0.2.1") {
		t.Fatalf("after 2 s, want 2 more connections at %g a second", guardRate)
	}
	now = now.Add(time.Hour)
	g.prune()
	if len(g.buckets) != 0 {
		t.Errorf("%d buckets kept after an hour of calm, want 0", len(g.buckets))
	}
}

func TestHostKey(t *testing.T) {
	for _, tt := range []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4(192, 0, 2, 7), Port: 5000}, "192.0.2.7"},
		{&net.TCPAddr{IP: net.ParseIP("2001:db8:1:2:3:4:5:6"), Port: 5000}, "2001:db8:1:2::/64"},
		{&net.TCPAddr{IP: net.ParseIP("::ffff:192.0.2.7"), Port: 5000}, "192.0.2.7"},
	} {
		if got := hostKey(tt.addr); got != tt.want {
			t.Errorf("hostKey(%v) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}

// testRefusals is a server on a fresh ledger with its refusals' writer running.
func testRefusals(t *testing.T, logTo io.Writer) (*sshServer, *store.Store) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "passnum.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s := &sshServer{base: &app{store: st}, log: log.New(logTo, "", 0), guard: newGuard()}
	s.refusals = newRefusals(s)
	go s.refusals.run(s.guard)
	return s, st
}

// TestRefusalsFromManyAddresses: a flood from many addresses writes at most refusalsAtOnce
// rows one by one and refusalRows rows of counts a minute, the other addresses folded in one.
func TestRefusalsFromManyAddresses(t *testing.T) {
	s, st := testRefusals(t, io.Discard)
	const addrs = 1100
	for i := 0; i < addrs; i++ {
		a := fmt.Sprintf("10.0.%d.%d", i/250, i%250)
		s.refusals.failed(a, a+":22", "", "aucune clé connue prouvée")
		s.refusals.failed(a, a+":22", "", "aucune clé connue prouvée")
	}
	s.refusals.close()
	events, err := st.AccessEvents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := refusalsAtOnce + refusalRows; len(events) != want {
		t.Fatalf("%d rows for %d addresses, want %d", len(events), addrs, want)
	}
	last := events[len(events)-1]
	// Every address has a count (the first 60 of 1, the others of 2): 999 rows, then the last
	// 101 addresses folded, 2 attempts each.
	if last.RemoteAddr != "101 autres adresses" || !strings.HasPrefix(last.Detail, "202 tentatives") {
		t.Errorf("folded row = %+v", last)
	}
}

// TestRefusalsCountedPerAddressAndMinute: the first failed attempt of an address is written
// with its details, the others of the minute as one row with their count.
func TestRefusalsCountedPerAddressAndMinute(t *testing.T) {
	var logged lockedBuffer
	s, st := testRefusals(t, &logged)
	r := s.refusals
	r.failed("192.0.2.1", "192.0.2.1:5000", "SHA256:a,SHA256:b", "clé inconnue")
	r.failed("192.0.2.9", "192.0.2.9:6000", "", "aucune clé connue prouvée")
	var wg sync.WaitGroup // connections close on goroutines of their own
	for w := 0; w < 10; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				if i < 30 {
					r.limited("192.0.2.1")
				}
				if w*50+i < 499 {
					r.failed("192.0.2.1", "192.0.2.1:5001", "SHA256:a,SHA256:b", "clé inconnue")
				}
			}
		}()
	}
	wg.Wait()
	r.close()
	events, err := st.AccessEvents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 3 {
		t.Fatalf("%d rows, want 3 (two first attempts, one count): %+v", len(events), events)
	}
	byDetail := map[string]domain.AccessEvent{}
	for _, e := range events {
		if e.Kind != domain.AccessRefused {
			t.Errorf("kind %s", e.Kind)
		}
		byDetail[e.RemoteAddr] = e
	}
	if e := byDetail["192.0.2.1:5000"]; e.Detail != "clé inconnue" || e.Fingerprint != "SHA256:a,SHA256:b" {
		t.Errorf("first attempt of 192.0.2.1 = %+v", e)
	}
	if e := byDetail["192.0.2.9:6000"]; e.Detail != "aucune clé connue prouvée" {
		t.Errorf("first attempt of 192.0.2.9 = %+v", e)
	}
	e := byDetail["192.0.2.1"]
	if !strings.HasPrefix(e.Detail, "799 tentatives sans authentification dans la minute de ") ||
		!strings.HasSuffix(e.Detail, " : 499 fermées sans clé connue prouvée, 300 refusées avant l'échange SSH (trop de connexions)") ||
		e.Fingerprint != "SHA256:a,SHA256:b" {
		t.Errorf("count row of 192.0.2.1 = %+v", e)
	}
	if n := strings.Count(logged.String(), "\n"); n > 4 {
		t.Errorf("%d log lines for 801 attempts:\n%s", n, logged.String())
	}
}
