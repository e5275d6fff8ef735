package domain

import "time"

// ActivityLine is one session in the Coop's activity vocabulary: what the month's activity
// export says about it.
type ActivityLine struct {
	Session  Session
	Present  int
	Autonomy string // individual sessions: the autonomy recorded in the follow-up
	Genders  map[string]int
	AgeBands map[string]int
	Statuses map[string]int
}

// BilanLine is what a prescriber learns about one person it handed carnets to.
type BilanLine struct {
	Person        Person
	Carnets       int // handed over by this prescriber
	Sessions      int // attended (present)
	ChequesUsed   int // of this prescriber's carnets
	FollowUps     int
	FirstAutonomy string
	LastAutonomy  string
	LastComment   string
	LastSession   time.Time
	Notes         []FollowUpNote // every follow-up, oldest first: the bilan shows the history
}

// Progression compares the first and the last autonomy the trainers recorded.
func (b BilanLine) Progression() string {
	return AutonomyProgression(b.FirstAutonomy, b.LastAutonomy, b.FollowUps)
}
