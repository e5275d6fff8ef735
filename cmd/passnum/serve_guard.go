package main

import (
	"context"
	"fmt"
	"net"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"passnum/domain"
)

// Unauthenticated connections cost the server a goroutine, a key exchange and, once, an audit
// row each; a flood of them (12 200 bare TCP connects) wrote 12 200 rows, each in its own write
// transaction, and a redemption waited behind them. Here they are limited per remote address
// before the SSH handshake, and counted in memory: the first attempt of an address in a minute
// is written at once, with its details, the rest as one row per address and minute. All of
// these rows go through one writer goroutine, so the money's transactions wait behind at most
// one short audit transaction, never a queue of them.
const (
	// guardBurst connections may be attempted at once from one address without
	// authenticating; guardRate more per second after that. An authenticated connection gives
	// its token back, so the front desks behind one address (a NAT) are not limited.
	guardBurst = 40
	guardRate  = 1.0
	// guardAddrs caps the addresses followed; beyond it, new addresses share one bucket.
	guardAddrs = 10000
	// loginGrace closes a connection that has not authenticated by then (sshd's default): a
	// passphrase may be typed meanwhile, a connection left open does not hold its slot forever.
	loginGrace = 2 * time.Minute
	// At most refusalsAtOnce attempts a minute are written one by one, over every address;
	// at most refusalRows rows are written per minute, the other addresses folded into one.
	refusalsAtOnce = 60
	refusalRows    = 1000
)

// guard is the rate limit of unauthenticated connections, a token bucket per remote address.
type guard struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	now     func() time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newGuard() *guard { return &guard{buckets: map[string]*bucket{}, now: time.Now} }

// take spends a token of addr's bucket; false when it is empty (refuse the connection).
func (g *guard) take(addr string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	b := g.buckets[addr]
	if b == nil {
		if len(g.buckets) >= guardAddrs {
			addr = "*"
			b = g.buckets[addr]
		}
		if b == nil {
			b = &bucket{tokens: guardBurst, last: now}
			g.buckets[addr] = b
		}
	}
	b.tokens = min(guardBurst, b.tokens+now.Sub(b.last).Seconds()*guardRate)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// refund gives back the token of a connection that authenticated.
func (g *guard) refund(addr string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	b := g.buckets[addr]
	if b == nil {
		b = g.buckets["*"]
	}
	if b != nil {
		b.tokens = min(guardBurst, b.tokens+1)
	}
}

// prune forgets the addresses whose bucket has filled up again.
func (g *guard) prune() {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	for a, b := range g.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*guardRate >= guardBurst {
			delete(g.buckets, a)
		}
	}
}

// hostKey is the address a connection is limited and counted under: the IP (an IPv6 /64,
// which one machine usually holds whole).
func hostKey(a net.Addr) string {
	host := a.String()
	if t, ok := a.(*net.TCPAddr); ok {
		if t.IP.To4() == nil && len(t.IP) == net.IPv6len {
			return t.IP.Mask(net.CIDRMask(64, 128)).String() + "/64"
		}
		return t.IP.String()
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		return h
	}
	return host
}

// refusals counts the failed attempts of the current minute and writes them.
type refusals struct {
	s *sshServer

	mu      sync.Mutex
	tallies map[string]*tally // by hostKey
	atOnce  int               // attempts written one by one this minute
	queue   chan domain.AccessEvent
	stop    chan chan struct{}
}

type tally struct {
	first   time.Time
	failed  int      // connections closed without authenticating
	limited int      // connections refused before the handshake
	fps     []string // some of the unknown keys offered
	written bool     // the first attempt was written on its own
	warned  bool     // the log said the address is limited
}

func newRefusals(s *sshServer) *refusals {
	return &refusals{s: s, tallies: map[string]*tally{}, queue: make(chan domain.AccessEvent, 256), stop: make(chan chan struct{})}
}

// failed notes an attempt that ended without authenticating: written at once (and logged) when
// it is the address's first of the minute and the minute's budget allows, counted otherwise.
func (r *refusals) failed(addr, remote, fps, reason string) {
	r.mu.Lock()
	t := r.tally(addr)
	if !t.written && r.atOnce < refusalsAtOnce {
		select {
		case r.queue <- domain.AccessEvent{Kind: domain.AccessRefused, Fingerprint: fps, RemoteAddr: remote, Detail: reason}:
			t.written = true
			r.atOnce++
			r.mu.Unlock()
			r.s.logf("accès refusé : inconnu (%s) depuis %s — %s", orNone(fps), remote, reason)
			return
		default: // the writer is behind: count it
		}
	}
	t.failed++
	t.addKeys(fps)
	r.mu.Unlock()
}

// limited notes a connection refused by the rate limit; the log says it once a minute.
func (r *refusals) limited(addr string) {
	r.mu.Lock()
	t := r.tally(addr)
	t.limited++
	warn := !t.warned
	t.warned = true
	r.mu.Unlock()
	if warn {
		r.s.logf("trop de connexions sans authentification depuis %s : les suivantes sont refusées avant l'échange SSH (%d d'un coup, puis %g par seconde), et comptées", addr, guardBurst, guardRate)
	}
}

// later writes an access event in the background (a refusal the ledger could not take when
// it happened), or counts it when the queue is full.
func (r *refusals) later(e domain.AccessEvent) {
	select {
	case r.queue <- e:
	default:
		r.s.logf("journal d'audit saturé : %s de %s non inscrit", e.Kind, e.RemoteAddr)
	}
}

func (r *refusals) tally(addr string) *tally {
	t := r.tallies[addr]
	if t == nil {
		t = &tally{first: time.Now()}
		r.tallies[addr] = t
	}
	return t
}

func (t *tally) addKeys(fps string) {
	for _, fp := range strings.Split(fps, ",") {
		if fp != "" && len(t.fps) < 3 && !slices.Contains(t.fps, fp) {
			t.fps = append(t.fps, fp)
		}
	}
}

// run is the one writer of unauthenticated refusals: the events queued one by one, and at
// every minute the counts of the minute, in one transaction. It returns when stop asks,
// after writing what is left.
func (r *refusals) run(g *guard) {
	next := func() <-chan time.Time {
		now := time.Now()
		return time.After(now.Truncate(time.Minute).Add(time.Minute).Sub(now))
	}
	tick := next()
	for {
		select {
		case e := <-r.queue:
			r.s.record(e)
		case <-tick:
			r.flush()
			g.prune()
			tick = next()
		case done := <-r.stop:
			for {
				select {
				case e := <-r.queue:
					r.s.record(e)
					continue
				default:
				}
				break
			}
			r.flush()
			close(done)
			return
		}
	}
}

// close writes what is counted and stops the writer.
func (r *refusals) close() {
	done := make(chan struct{})
	r.stop <- done
	<-done
}

// flush writes the minute's counts, one row per address, and starts a new minute.
func (r *refusals) flush() {
	r.mu.Lock()
	tallies := r.tallies
	r.tallies, r.atOnce = map[string]*tally{}, 0
	r.mu.Unlock()
	addrs := make([]string, 0, len(tallies))
	for a, t := range tallies {
		if t.failed+t.limited > 0 {
			addrs = append(addrs, a)
		}
	}
	if len(addrs) == 0 {
		return
	}
	sort.Slice(addrs, func(i, j int) bool { return tallies[addrs[i]].first.Before(tallies[addrs[j]].first) })
	var events []domain.AccessEvent
	var rest tally
	restAddrs := 0
	for i, a := range addrs {
		t := tallies[a]
		if i >= refusalRows-1 && len(addrs) > refusalRows {
			rest.failed += t.failed
			rest.limited += t.limited
			restAddrs++
			continue
		}
		e := t.event(a)
		events = append(events, e)
		r.s.logf("accès refusés depuis %s : %s", a, e.Detail)
	}
	if restAddrs > 0 {
		rest.first = tallies[addrs[refusalRows-1]].first
		e := rest.event(fmt.Sprintf("%s autres adresses", domain.Grouped(int64(restAddrs))))
		events = append(events, e)
		r.s.logf("accès refusés depuis %s : %s", e.RemoteAddr, e.Detail)
	}
	if err := r.s.base.store.RecordAccesses(context.Background(), events); err != nil {
		r.s.logf("journal d'audit : impossible d'enregistrer %s de tentatives refusées : %v", domain.Plural(len(events), "ligne", "lignes"), err)
	}
}

func (t *tally) event(addr string) domain.AccessEvent {
	n := t.failed + t.limited
	detail := fmt.Sprintf("%s tentatives sans authentification dans la minute de %s", domain.Grouped(int64(n)), t.first.Format("15:04"))
	var parts []string
	if t.failed > 0 {
		parts = append(parts, fmt.Sprintf("%s fermées sans clé connue prouvée", domain.Grouped(int64(t.failed))))
	}
	if t.limited > 0 {
		parts = append(parts, fmt.Sprintf("%s refusées avant l'échange SSH (trop de connexions)", domain.Grouped(int64(t.limited))))
	}
	detail += " : " + strings.Join(parts, ", ")
	return domain.AccessEvent{Kind: domain.AccessRefused, At: t.first, Fingerprint: strings.Join(t.fps, ","), RemoteAddr: addr, Detail: detail}
}
