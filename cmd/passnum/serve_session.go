package main

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/ssh"

	"passnum/domain"
	"passnum/tui"
)

// sessionMiddleware runs every SSH session: who acts, the session cap, the audit, then a
// command or the front-desk screen; the exit status goes back to the client.
func (s *sshServer) sessionMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		code := s.session(sess)
		_ = sess.Exit(code)
		next(sess)
	}
}

func (s *sshServer) session(sess ssh.Session) (code int) {
	remote := sess.RemoteAddr().String()
	key := sess.PublicKey()
	fp := fingerprint(key)
	// The user is resolved from the key this session proved, never from a key the public-key
	// callback saw offered (CVE-2024-45337).
	u, ok := s.keys.owner(key)
	if !ok {
		s.refuse(domain.AccessEvent{Fingerprint: fp, RemoteAddr: remote, Detail: "clé inconnue à l'ouverture de la session"})
		fmt.Fprintln(sess.Stderr(), "passnum : accès refusé — cette clé SSH n'est déclarée pour aucun utilisateur")
		return exitRefused
	}
	u.Via = "ssh " + fp // the audit of reads says which key read a person
	// The command line is measured before anything parses it: the parser behind
	// sess.Command() is quadratic in the length of a word (100 000 characters took 17 s of a
	// core), so a long line is refused at once and the line is parsed once, here.
	raw := sess.RawCommand()
	if n := utf8.RuneCountInString(raw); n > maxCommandChars {
		s.refuse(domain.AccessEvent{User: u.ID, Fingerprint: fp, RemoteAddr: remote,
			Detail: fmt.Sprintf("commande trop longue (%s caractères) : « %s »", domain.Grouped(int64(n)), clip(raw, 60))})
		fmt.Fprintf(sess.Stderr(), "passnum : saisie invalide — commande trop longue : %s caractères, %s au plus\n",
			domain.Grouped(int64(n)), domain.Grouped(maxCommandChars))
		return exitInvalid
	}
	args := sess.Command()
	_, _, isPty := sess.Pty()
	what := "écran d'accueil"
	if raw != "" {
		what = "commande « " + raw + " »"
	} else if !isPty {
		what = "ni commande ni terminal"
	}
	if !s.enter() {
		s.refuse(domain.AccessEvent{User: u.ID, Fingerprint: fp, RemoteAddr: remote,
			Detail: fmt.Sprintf("plafond de %d sessions atteint ; %s", s.max, what)})
		fmt.Fprintf(sess.Stderr(), "passnum : refusé — le serveur a déjà %d sessions ouvertes (max_sessions) : réessayez dans un moment\n", s.max)
		return exitRefused
	}
	// No session without its audit row: when the ledger cannot take it (another process
	// holds the write lock), the session is refused in French rather than run unaudited.
	if err := s.base.store.RecordAccessWithin(context.Background(),
		domain.AccessEvent{Kind: domain.AccessStart, User: u.ID, Fingerprint: fp, RemoteAddr: remote, Detail: what}, startAuditWait); err != nil {
		s.leave()
		s.logf("session refusée : %s (%s) depuis %s — %s : ouverture impossible à inscrire au journal d'audit (%v)", u.ID, fp, remote, what, err)
		s.refusals.later(domain.AccessEvent{Kind: domain.AccessRefused, At: time.Now(), User: u.ID, Fingerprint: fp, RemoteAddr: remote,
			Detail: "registre occupé à l'ouverture de la session ; " + what})
		if domain.KindOf(err) == domain.KindConflict {
			fmt.Fprintln(sess.Stderr(), "passnum : refusé — registre occupé : réessayez dans un instant (une autre opération écrit dans la base)")
		} else {
			fmt.Fprintln(sess.Stderr(), "passnum : refusé — le journal d'audit est indisponible, la session ne peut pas s'ouvrir ; l'incident est dans le journal du serveur")
		}
		return exitRefused
	}
	start := time.Now()
	s.logf("session ouverte : %s (%s) depuis %s — %s", u.ID, fp, remote, what)
	defer func() {
		if r := recover(); r != nil {
			s.logf("erreur interne dans la session de %s depuis %s : %v", u.ID, remote, r)
			fmt.Fprintln(sess.Stderr(), "passnum : erreur interne — la session est fermée ; l'incident est dans le journal du serveur")
			code = exitRefused
		}
		s.leave()
		d := time.Since(start).Round(time.Millisecond)
		s.logf("session fermée : %s depuis %s — code de sortie %d, durée %s", u.ID, remote, code, d)
		s.record(domain.AccessEvent{Kind: domain.AccessEnd, User: u.ID, Fingerprint: fp, RemoteAddr: remote,
			Detail: fmt.Sprintf("%s ; code de sortie %d ; durée %s", what, code, d)})
	}()

	if len(args) > 0 {
		return s.command(sess, args, u, fp)
	}
	if isPty {
		return s.screen(sess, u)
	}
	fmt.Fprint(sess.Stderr(), noCommandHelp)
	return exitInvalid
}

// startAuditWait is how long a session start waits for the ledger's write lock before the
// session is refused: longer than any write of passnum itself, far shorter than the store's
// busy timeout (10 s) that a person at a front desk would take for a hang.
const startAuditWait = 3 * time.Second

// maxCommandChars caps the command line of a session (sess.RawCommand), checked before it is
// parsed. The longest real command (a redemption with its options, a person with every field)
// is a few hundred characters.
const maxCommandChars = 8192

const noCommandHelp = `passnum : saisie invalide — pas de terminal et pas de commande.
  Écran d'accueil : ssh -t … (avec un terminal)
  Une commande    : ssh … lookup 600001-03, ssh … people find dupont, ssh … help
`

func (s *sshServer) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.active >= s.max {
		return false
	}
	s.active++
	return true
}

func (s *sshServer) leave() {
	s.mu.Lock()
	s.active--
	s.mu.Unlock()
}

// command runs one CLI command for u against the server's store, with the session as its
// streams. The global options that choose the configuration, the database or the acting user
// are refused: over SSH the key decides who acts, on the server's ledger.
func (s *sshServer) command(sess ssh.Session, line []string, u domain.User, fp string) int {
	stderr := sess.Stderr()
	g, args, err := splitGlobals(line)
	if err != nil {
		return report(stderr, err)
	}
	for _, f := range []struct {
		name string
		set  bool
	}{{"--as", g.as != ""}, {"--db", g.db != ""}, {"--config", g.config != ""}, {"--demo", g.demo}} {
		if f.set {
			s.refuse(domain.AccessEvent{User: u.ID, Fingerprint: fp, RemoteAddr: sess.RemoteAddr().String(),
				Detail: "option " + f.name + " interdite : « " + sess.RawCommand() + " »"})
			return report(stderr, domain.Errorf(domain.KindInvalid,
				"%s est interdit à travers SSH : c'est votre clé SSH qui dit qui agit (%s, %s), sur la base du serveur", f.name, u.Name, u.Role.Label()))
		}
	}
	if isHelp(args) {
		fmt.Fprint(sess, usage+"\n"+trainerUsage+exitUsage)
		return exitOK
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, noCommandHelp)
		return exitInvalid
	}
	if isInit(args) {
		return report(stderr, domain.Errorf(domain.KindInvalid,
			"passnum init met un registre en service sur une machine : il se lance sur le serveur, pas à travers SSH (ce serveur a déjà son registre)"))
	}
	a := s.base.session(u, g.json, sess, sess)
	if err := a.dispatch(sess.Context(), args, sess); err != nil {
		return report(stderr, err)
	}
	return exitOK
}

// screen runs the front-desk TUI on the session, with the session's own terminal size, colour
// profile and environment, never the server's.
func (s *sshServer) screen(sess ssh.Session, u domain.User) int {
	pty, winch, _ := sess.Pty()
	env := append(sess.Environ(), "TERM="+pty.Term)
	a := s.base.session(u, false, sess, sess)
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	p := tea.NewProgram(tui.New(a.tuiEnv()),
		tea.WithInput(sess), tea.WithOutput(sess), tea.WithEnvironment(env),
		tea.WithWindowSize(pty.Window.Width, pty.Window.Height),
		tea.WithColorProfile(sessionProfile(env)),
		tea.WithContext(ctx),
		// There is no shell to suspend to on the other side of a session.
		tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
			if _, ok := msg.(tea.SuspendMsg); ok {
				return tea.ResumeMsg{}
			}
			return msg
		}))
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case w, ok := <-winch:
				if !ok {
					return
				}
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	}()
	if _, err := p.Run(); err != nil && ctx.Err() == nil {
		s.logf("écran d'accueil de %s : %v", u.ID, err)
		return exitRefused
	}
	return exitOK
}

// sessionProfile is the colour profile of the client's terminal, read from the session's
// environment. Truecolour only when the client says so with COLORTERM: a TERM name alone
// (kitty, alacritty…) is not proof enough across an SSH hop.
func sessionProfile(env []string) colorprofile.Profile {
	p := colorprofile.Env(env)
	if p == colorprofile.TrueColor {
		colorterm := ""
		for _, kv := range env {
			if v, ok := strings.CutPrefix(kv, "COLORTERM="); ok {
				colorterm = strings.ToLower(v)
			}
		}
		if colorterm != "truecolor" && colorterm != "24bit" {
			p = colorprofile.ANSI256
		}
	}
	return p
}
