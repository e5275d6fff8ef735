package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// rssKB is the resident memory of a process, from /proc.
func rssKB(t *testing.T, pid int) int {
	t.Helper()
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.Fields(v)[0])
			return n
		}
	}
	t.Fatal("no VmRSS")
	return 0
}

// TestSSHDeskSessionMemory opens ten front-desk screens at once over ssh -tt and measures what
// they cost the server: the README's « mémoire par session ». A screen that held a copy of the
// ledger, or leaked per keystroke, would blow the bound.
func TestSSHDeskSessionMemory(t *testing.T) {
	c := newCLI(t)
	c.desk(2)
	f := startSSH(t, c, "")
	before := rssKB(t, f.cmd.Process.Pid)
	const sessions = 10
	cmdline := append([]string{"env", "TERM=xterm-256color", "ssh", "-tt"}, f.sshArgs([]string{f.keys["accueil-brassens"]})...)
	var screens []*tmuxSession
	for i := 0; i < sessions; i++ {
		screens = append(screens, startTmuxCommand(t, 80, 24, append(cmdline, "127.0.0.1")))
	}
	for _, s := range screens {
		// At 80 columns the header cuts the desk's long name, not the programme's.
		s.waitFor("Accueil du centre social", "(accueil) · Pass numérique Creil Sud Oise", "Que voulez-vous faire ?")
	}
	during := rssKB(t, f.cmd.Process.Pid)
	per := (during - before) / sessions
	t.Logf("serveur : %d Ko au repos, %d Ko avec %d écrans d'accueil ouverts, soit %d Ko par session", before, during, sessions, per)
	if per > 20*1024 {
		t.Errorf("%d Ko par session d'accueil : plus de 20 Mo", per)
	}
	for _, s := range screens {
		s.keys("C-c")
	}
}
