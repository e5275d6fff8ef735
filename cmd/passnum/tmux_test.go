package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tmuxSession runs the built binary in a private tmux server, as a receptionist's terminal.
type tmuxSession struct {
	t      *testing.T
	socket string
	name   string
}

func startTmux(t *testing.T, width, height int, env []string, args ...string) *tmuxSession {
	t.Helper()
	cmdline := append([]string{"env"}, env...)
	cmdline = append(cmdline, binary)
	return startTmuxCommand(t, width, height, append(cmdline, args...))
}

// startTmuxCommand runs any command line in the pane (the ssh client, for the SSH tests).
func startTmuxCommand(t *testing.T, width, height int, cmdline []string) *tmuxSession {
	t.Helper()
	needTool(t, "tmux", "tmux")
	s := &tmuxSession{t: t, socket: filepath.Join(t.TempDir(), "tmux.sock"), name: "desk"}
	var quoted []string
	for _, a := range cmdline {
		quoted = append(quoted, "'"+strings.ReplaceAll(a, "'", `'\''`)+"'")
	}
	// The shell keeps the pane after exit so the exit status can be read.
	shell := strings.Join(quoted, " ") + "; echo \"[exit $?]\"; sleep 30"
	s.tmux("-f", "/dev/null", "new-session", "-d", "-s", s.name, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), "sh", "-c", shell)
	s.tmux("set-option", "-g", "escape-time", "0")
	t.Cleanup(func() { exec.Command("tmux", "-S", s.socket, "kill-server").Run() })
	return s
}

func (s *tmuxSession) tmux(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// screen is the visible text of the pane, no-break spaces read as spaces: the screens put
// one before every colon (French typography), the tests' phrases are typed with plain ones.
func (s *tmuxSession) screen() string {
	return strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s.tmux("capture-pane", "-p", "-t", s.name))
}

// send types keys (tmux key names: Enter, Escape, C-n, Up…) or literal text with -l.
func (s *tmuxSession) keys(keys ...string) {
	s.t.Helper()
	s.tmux(append([]string{"send-keys", "-t", s.name}, keys...)...)
}

func (s *tmuxSession) text(text string) {
	s.t.Helper()
	s.tmux("send-keys", "-t", s.name, "-l", text)
}

// waitFor polls the screen until it shows every phrase, failing with the last screen.
func (s *tmuxSession) waitFor(phrases ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var scr string
	for time.Now().Before(deadline) {
		scr = s.screen()
		if showsAll(scr, phrases) {
			return scr
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("l'écran ne montre pas %q après 15 s :\n%s", phrases, scr)
	return ""
}

func showsAll(scr string, phrases []string) bool {
	for _, p := range phrases {
		if !strings.Contains(scr, p) {
			return false
		}
	}
	return true
}

// press sends one key that leads to another screen or state and waits until the screen shows
// every phrase. The program answers such a key after a command, so whatever is typed before the
// new screen shows goes to the old one (« ESTEUR » for « Testeur » after ctrl+n): at least one
// phrase must be absent before the key, or the wait would prove nothing — waiting for
// « Nouvelle personne », which the home's menu already shows, is refused here.
func (s *tmuxSession) press(key string, phrases ...string) string {
	s.t.Helper()
	before := s.screen()
	fresh := false
	for _, p := range phrases {
		fresh = fresh || !strings.Contains(before, p)
	}
	if !fresh {
		s.t.Fatalf("press %s : %q est déjà à l'écran avant la touche, attendez un texte que seul l'écran suivant montre :\n%s", key, phrases, before)
	}
	if len(key) == 1 {
		s.text(key) // a letter or digit, typed as such (tmux would read « p » as a key name too)
	} else {
		s.keys(key)
	}
	return s.waitFor(phrases...)
}

// fill types text into the focused field and waits until the screen shows it, so the next key
// (Tab, Enter, ctrl+s) cannot overtake it and every letter is known to have reached the field.
func (s *tmuxSession) fill(text string) string {
	s.t.Helper()
	s.text(text)
	return s.waitFor(text)
}

// pathAfter is the path or command a screen puts on its own lines after the line holding
// marker, hard-wrapped and never cut: rebuilt from those lines up to the next blank one.
func pathAfter(scr, marker string) string {
	lines := strings.Split(scr, "\n")
	var path strings.Builder
	for i, l := range lines {
		if strings.Contains(l, marker) {
			for _, next := range lines[i+1:] {
				if strings.TrimSpace(next) == "" {
					break
				}
				path.WriteString(strings.TrimSpace(next))
			}
			break
		}
	}
	return path.String()
}

// lineWith reports whether one line of the screen holds every part, case aside: a person's
// name is matched by its parts, whichever order and case the screen writes it in.
func lineWith(scr string, parts ...string) bool {
	for _, l := range strings.Split(strings.ToLower(scr), "\n") {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(l, strings.ToLower(p))
		}
		if all {
			return true
		}
	}
	return false
}
