package main

import (
	"context"
	"net"
	"strings"
	"sync"
	"sync/atomic"

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
// authenticates is recorded once, with the unknown keys it offered, when it closes.
type attempt struct {
	remote        string
	authenticated atomic.Bool
	mu            sync.Mutex
	unknown       []string // fingerprints of the unknown keys offered
}

type attemptKey struct{}

// watchConn is the ConnCallback: it attaches an attempt to the connection's context.
func (s *sshServer) watchConn(ctx ssh.Context, c net.Conn) net.Conn {
	at := &attempt{remote: c.RemoteAddr().String()}
	ctx.SetValue(attemptKey{}, at)
	return &watchedConn{Conn: c, onClose: func() { s.connClosed(at) }}
}

// serverConfig gives each connection an authentication log that notes a real success. The
// public-key callback cannot: it also answers keys merely offered (CVE-2024-45337).
func (s *sshServer) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	at, _ := ctx.Value(attemptKey{}).(*attempt)
	return &gossh.ServerConfig{AuthLogCallback: func(_ gossh.ConnMetadata, method string, err error) {
		if err == nil && method != "none" && at != nil {
			at.authenticated.Store(true)
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

// connClosed records a connection that ended without authenticating.
func (s *sshServer) connClosed(at *attempt) {
	if at.authenticated.Load() {
		return
	}
	at.mu.Lock()
	fps := strings.Join(at.unknown, ",")
	at.mu.Unlock()
	reason := "clé inconnue"
	if fps == "" {
		reason = "aucune clé connue prouvée"
	}
	s.refuse(domain.AccessEvent{Fingerprint: fps, RemoteAddr: at.remote, Detail: reason})
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
