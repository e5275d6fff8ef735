package domain

import "time"

// AccessKind is what happened to a remote access: a session opened or closed, or an attempt
// refused. Each one is kept in the audit log so a coordinator can tell who came in, when and how.
type AccessKind string

const (
	AccessStart   AccessKind = "ssh.start"   // a session began (TUI or command)
	AccessEnd     AccessKind = "ssh.end"     // a session ended, with its exit status
	AccessRefused AccessKind = "ssh.refused" // unknown key, session cap reached, forbidden option…
)

// AccessEvent is one remote access event. User is empty when no declared user could be
// identified (an unknown key); Fingerprint is the key's SHA256 fingerprint as ssh-keygen -l shows.
type AccessEvent struct {
	Kind        AccessKind
	At          time.Time // zero: now
	User        string
	Fingerprint string
	RemoteAddr  string
	Detail      string // French: the command, the exit status, the reason of a refusal
}
