package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"passnum/domain"
)

// keyring maps the SHA256 fingerprints of [[users]] keys to their owner. The configuration
// already refuses a key declared for two users and any authorized_keys option, so a key names
// at most one user and grants nothing but that user's rights.
type keyring map[string]domain.User // key: the key's SHA256 fingerprint

func newKeyring(users []domain.User) (keyring, error) {
	k := keyring{}
	for _, u := range users {
		for n, line := range u.Keys {
			pub, _, options, _, err := gossh.ParseAuthorizedKey([]byte(line))
			if err != nil || len(options) > 0 {
				return nil, domain.Errorf(domain.KindInvalid, "utilisateur %s : clé SSH n° %d illisible ou avec des options : passnum check-config dit pourquoi", u.ID, n+1)
			}
			fp := gossh.FingerprintSHA256(pub)
			if other, dup := k[fp]; dup && other.ID != u.ID {
				return nil, domain.Errorf(domain.KindInvalid, "la clé SSH %s est déclarée pour %s et pour %s : une clé doit désigner un seul utilisateur", fp, other.ID, u.ID)
			}
			k[fp] = u
		}
	}
	return k, nil
}

// owner is the user whose key this is.
func (k keyring) owner(pub gossh.PublicKey) (domain.User, bool) {
	if pub == nil {
		return domain.User{}, false
	}
	u, ok := k[gossh.FingerprintSHA256(pub)]
	return u, ok
}

func fingerprint(pub gossh.PublicKey) string {
	if pub == nil {
		return ""
	}
	return gossh.FingerprintSHA256(pub)
}

// attempt follows one connection through authentication, so that a connection that never
// authenticates is counted once, with the unknown keys it offered, when it closes.
type attempt struct {
	remote        string // host:port
	addr          string // what the rate limit and the counts go by (hostKey)
	authenticated atomic.Bool
	timedOut      atomic.Bool
	grace         *time.Timer
	mu            sync.Mutex
	unknown       []string // fingerprints of the unknown keys offered
}

type attemptKey struct{}

// watchConn is the ConnCallback, run before the SSH handshake. An address that has used up its
// unauthenticated connections is refused here, the connection closed at once (returning nil);
// otherwise an attempt is attached to the connection's context, and the connection is closed
// if it has not authenticated after loginGrace.
func (s *sshServer) watchConn(ctx ssh.Context, c net.Conn) net.Conn {
	addr := hostKey(c.RemoteAddr())
	if !s.guard.take(addr) {
		s.refusals.limited(addr)
		// RFC 4253 lets a server send lines before its version; ssh -v and nc show this one.
		c.SetWriteDeadline(time.Now().Add(time.Second))
		io.WriteString(c, "passnum : trop de connexions sans authentification depuis cette adresse : réessayez dans une minute\r\n")
		return nil
	}
	at := &attempt{remote: c.RemoteAddr().String(), addr: addr}
	ctx.SetValue(attemptKey{}, at)
	wc := &watchedConn{Conn: c}
	wc.onClose = func() { s.connClosed(at, wc) }
	at.grace = time.AfterFunc(loginGrace, func() {
		if !at.authenticated.Load() {
			at.timedOut.Store(true)
			wc.Close()
		}
	})
	s.pending.Store(wc, at)
	return wc
}

// serverConfig gives each connection an authentication log that notes a real success. The
// public-key callback cannot: it also answers keys merely offered (CVE-2024-45337).
func (s *sshServer) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	at, _ := ctx.Value(attemptKey{}).(*attempt)
	return &gossh.ServerConfig{AuthLogCallback: func(_ gossh.ConnMetadata, method string, err error) {
		if err == nil && method != "none" && at != nil && at.authenticated.CompareAndSwap(false, true) {
			at.grace.Stop()
			s.guard.refund(at.addr)
		}
	}}
}

// knownKey is the public-key callback. It runs for every key a client offers, including keys
// whose private part the client does not hold, so it only says whether the key belongs to
// anyone; who acts is decided again in the session from the key that was actually proven.
func (s *sshServer) knownKey(ctx ssh.Context, key ssh.PublicKey) bool {
	if _, ok := s.keys.owner(key); ok {
		return true
	}
	if at, ok := ctx.Value(attemptKey{}).(*attempt); ok {
		at.mu.Lock()
		at.unknown = append(at.unknown, fingerprint(key))
		at.mu.Unlock()
	}
	return false
}

// connClosed counts a connection that ended without authenticating (see refusals).
func (s *sshServer) connClosed(at *attempt, wc *watchedConn) {
	s.pending.Delete(wc)
	at.grace.Stop()
	if at.authenticated.Load() {
		return
	}
	at.mu.Lock()
	fps := strings.Join(at.unknown, ",")
	at.mu.Unlock()
	reason := "clé inconnue"
	switch {
	case at.timedOut.Load():
		reason = fmt.Sprintf("pas d'authentification en %s : connexion fermée", loginGrace)
	case fps == "":
		reason = "aucune clé connue prouvée"
	}
	s.refusals.failed(at.addr, at.remote, fps, reason)
}

// closePending closes the connections that have not authenticated (at shutdown), so that
// they are counted before the counts are written.
func (s *sshServer) closePending() {
	s.pending.Range(func(k, _ any) bool {
		k.(*watchedConn).Close()
		return true
	})
}

// refuse logs and audits a refused attempt.
func (s *sshServer) refuse(e domain.AccessEvent) {
	e.Kind = domain.AccessRefused
	who := e.User
	if who == "" {
		who = "inconnu"
	}
	s.logf("accès refusé : %s (%s) depuis %s — %s", who, orNone(e.Fingerprint), e.RemoteAddr, e.Detail)
	s.record(e)
}

// record writes an access event; the audit must not depend on the session that is ending.
func (s *sshServer) record(e domain.AccessEvent) {
	if err := s.base.store.RecordAccess(context.Background(), e); err != nil {
		s.logf("journal d'audit : impossible d'enregistrer %s de %s : %v", e.Kind, e.RemoteAddr, err)
	}
}

func orNone(s string) string {
	if s == "" {
		return "aucune clé"
	}
	return s
}

type watchedConn struct {
	net.Conn
	once    sync.Once
	onClose func()
}

func (c *watchedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.onClose)
	return err
}
