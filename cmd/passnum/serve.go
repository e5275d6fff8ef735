package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"charm.land/wish/v2"
	"charm.land/wish/v2/recover"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"passnum/domain"
)

// shutdownGrace is how long open sessions may go on after SIGTERM before they are cut; a
// command's transaction is short, a screen left open is closed after it.
const shutdownGrace = 10 * time.Second

// optimizeEvery is how often a running server lets SQLite refresh its planner statistics
// (PRAGMA optimize, cheap when nothing changed); it also runs once at start.
const optimizeEvery = 6 * time.Hour

// sshServer serves the front desk over SSH: one store for every session, the user decided by
// the key each session proved.
type sshServer struct {
	base *app // the server's configuration and open store
	keys keyring
	log  *log.Logger
	max  int

	mu     sync.Mutex
	active int // sessions running

	guard    *guard    // rate limit of unauthenticated connections, per address
	refusals *refusals // counts and writes the attempts that never authenticated
	pending  sync.Map  // *watchedConn → *attempt: connections not authenticated yet
}

func (s *sshServer) logf(format string, args ...any) {
	// One event, one line: a newline inside a value must not split it, and what a client sent
	// (its command, its address) must not drive the terminal that reads the log.
	line := strings.ReplaceAll(fmt.Sprintf(format, args...), "\n", " ⏎ ")
	s.log.Print(strings.Map(func(r rune) rune {
		if domain.IsControl(r) {
			return '�'
		}
		return r
	}, line))
}

// Printf lets the recover middleware log a panic on one line.
func (s *sshServer) Printf(format string, args ...any) { s.logf(format, args...) }

// serve runs the SSH server until SIGINT or SIGTERM, then stops accepting, lets open sessions
// end (at most shutdownGrace) and returns, which closes the store.
func (a *app) serve(ctx context.Context) error {
	keys, err := newKeyring(a.cfg.Users)
	if err != nil {
		return err
	}
	// The ledger's serve lock, held shared until the server returns: passnum restore takes it
	// exclusive, so it refuses while a server runs, and a server does not start mid-restore.
	release, err := lockLedger(a.storePath, false)
	if errors.Is(err, errLedgerLocked) {
		return domain.Errorf(domain.KindConflict, "passnum serve : une restauration du registre %s est en cours : relancez le serveur quand elle est finie", a.storePath)
	}
	if err != nil {
		return err
	}
	defer release()
	s := &sshServer{base: a, keys: keys, max: a.cfg.SSH.MaxSessions, log: log.New(a.errOut(), "passnum serve : ", log.LstdFlags), guard: newGuard()}
	s.refusals = newRefusals(s)
	if len(keys) == 0 {
		s.logf("attention : aucune clé dans [[users]] keys, personne ne pourra se connecter")
	}
	hostFP, err := s.ensureHostKey(a.cfg.SSH.HostKey)
	if err != nil {
		return err
	}
	srv, err := wish.NewServer(
		wish.WithAddress(a.cfg.SSH.Listen),
		wish.WithHostKeyPath(a.cfg.SSH.HostKey),
		wish.WithIdleTimeout(a.cfg.SSH.IdleTimeout),
		wish.WithPublicKeyAuth(s.knownKey),
		// Recover wraps the whole chain: in wish v2.0.0 it guards only what it is given.
		wish.WithMiddleware(recover.MiddlewareWithLogger(s, s.sessionMiddleware)),
	)
	if err != nil {
		return domain.Errorf(domain.KindInvalid, "serveur SSH : %v", err)
	}
	srv.ConnCallback = s.watchConn
	srv.ServerConfigCallback = s.serverConfig

	ln, err := net.Listen("tcp", a.cfg.SSH.Listen)
	if err != nil {
		return domain.Errorf(domain.KindInvalid, "[ssh] listen : impossible d'écouter sur %s (%v)", a.cfg.SSH.Listen, err)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	octx, stopOptimize := context.WithCancel(ctx)
	optimized := make(chan struct{})
	defer func() { stopOptimize(); <-optimized }() // never close the store under a PRAGMA optimize
	go s.optimize(octx, optimizeEvery, optimized)
	go s.refusals.run(s.guard)
	// Before the store closes: the connections still authenticating are closed and counted,
	// and the counts written.
	defer func() { s.closePending(); s.refusals.close() }()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	s.logf("écoute sur %s (clé d'hôte %s, %s) ; base %s ; %s d'utilisateurs ; inactivité %s ; %d sessions au plus",
		ln.Addr(), a.cfg.SSH.HostKey, hostFP, a.storePath, domain.Plural(len(keys), "clé", "clés"), a.cfg.SSH.IdleTimeout, s.max)

	select {
	case err := <-served:
		return fmt.Errorf("serveur SSH arrêté : %w", err)
	case <-ctx.Done():
	}
	stop() // a second Ctrl-C kills at once
	s.logf("arrêt demandé : plus de nouvelle connexion ; %s, %s pour finir", domain.Plural(s.sessions(), "session ouverte", "sessions ouvertes"), shutdownGrace)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, ssh.ErrServerClosed) {
		s.logf("sessions encore ouvertes après %s : fermeture", shutdownGrace)
		srv.Close()
	}
	// Closing a connection cancels its session; wait for the handlers to return so that no
	// transaction is cut by the store closing under it.
	deadline := time.Now().Add(5 * time.Second)
	for s.sessions() > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	s.logf("arrêté (%s)", domain.Plural(s.sessions(), "session restante", "sessions restantes"))
	return nil
}

// optimize runs Store.Optimize now and then every interval until ctx ends, then closes done.
// A failure is logged, never fatal: the statistics only help the query planner.
func (s *sshServer) optimize(ctx context.Context, interval time.Duration, done chan<- struct{}) {
	defer close(done)
	run := func() {
		start := time.Now()
		if err := s.base.store.Optimize(ctx); err != nil && ctx.Err() == nil {
			s.logf("attention : PRAGMA optimize a échoué (%v) ; nouvel essai dans %s", err, interval)
			return
		}
		if d := time.Since(start); d > time.Second {
			s.logf("PRAGMA optimize : %s", d.Round(time.Millisecond))
		}
	}
	run()
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			run()
		}
	}
}

func (s *sshServer) sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.active
}

// ensureHostKey creates the host key with 0600 rights when it does not exist yet, and returns
// its fingerprint. passnum writes it itself: the key generator wish would call also changes
// the rights of the key's folder (0700), which may be the configuration's own folder.
func (s *sshServer) ensureHostKey(path string) (string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return "", err
		}
		block, err := gossh.MarshalPrivateKey(priv, "passnum host key")
		if err != nil {
			return "", err
		}
		data = pem.EncodeToMemory(block)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return "", domain.Errorf(domain.KindInvalid, "[ssh] host_key : impossible de créer %s (%v)", path, err)
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return "", err
		}
		if err := f.Close(); err != nil {
			return "", err
		}
		if err := os.Chmod(path, 0o600); err != nil { // whatever the umask
			return "", err
		}
		s.logf("clé d'hôte créée : %s", path)
	} else if err != nil {
		return "", domain.Errorf(domain.KindInvalid, "[ssh] host_key : impossible de lire %s (%v)", path, err)
	}
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		// A key written by an older version, or copied in with a permissive umask: narrowed.
		if err := os.Chmod(path, st.Mode().Perm()&0o700); err != nil {
			s.logf("attention : la clé d'hôte %s est lisible par d'autres (%v) et ses droits n'ont pu être réduits (%v) : chmod 600 %s", path, st.Mode().Perm(), err, path)
		} else {
			s.logf("clé d'hôte %s : droits réduits de %v à %v (lisible par son propriétaire seul)", path, st.Mode().Perm(), st.Mode().Perm()&0o700)
		}
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return "", domain.Errorf(domain.KindInvalid, "[ssh] host_key : %s n'est pas une clé privée SSH lisible (%v)", path, err)
	}
	return gossh.FingerprintSHA256(signer.PublicKey()), nil
}

func (a *app) errOut() io.Writer {
	if a.stderr != nil {
		return a.stderr
	}
	return os.Stderr
}
