package domain

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SessionType is the Coop's kind of session.
type SessionType string

const (
	SessionCollective SessionType = "collectif"  // an atelier: title, level, several people
	SessionIndividual SessionType = "individuel" // one person helped
)

// Limits of a session; beyond them the input is surely a mistake. The limits of its texts are
// with the others, in text.go.
const (
	MaxSessionLength   = 600 // minutes: a day of training
	MaxSessionCapacity = 200
)

// Session is an atelier or an individual accompaniment at a place, the unit a chèque pays for.
type Session struct {
	ID              string // « S12 »: short enough to type from a printed sheet
	Place           string
	PlaceName       string
	Title           string
	Themes          []string // Coop themes, at least one
	Level           string   // Coop level, collective sessions only
	Type            SessionType
	Start           time.Time
	DurationMinutes int
	Capacity        int
	Equipment       []string // Coop equipment
	Trainer         string   // user id
	CreatedAt       time.Time
	ClosedAt        time.Time // when its sheet was closed (chèques encashed); zero while open
	// Counts, filled when the store reads a session.
	Participants, Present, Redeemed int
}

// End is when the session finishes.
func (s Session) End() time.Time { return s.Start.Add(time.Duration(s.DurationMinutes) * time.Minute) }

// Closed says whether the sheet was closed: the session can no longer be corrected.
func (s Session) Closed() bool { return !s.ClosedAt.IsZero() }

// SessionID is the printed id of the session numbered n.
func SessionID(n int64) string { return "S" + strconv.FormatInt(n, 10) }

// ParseSessionID reads « S12 », « s12 » or « 12 ».
func ParseSessionID(s string) (int64, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(strings.TrimPrefix(t, "S"), "s")
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return 0, Errorf(KindInvalid, "séance : %q n'est pas un numéro de séance (S suivi d'un nombre, par exemple S12)", s)
	}
	return n, nil
}

// ExactSessionID reads a session id spelled exactly as printed: « S » followed by a number,
// with no space, sign, lower case or leading zero (« S12 »). A redemption names its session
// this way, so that a near miss (« S1 », « S1x », « S-1 », « s1 ») is refused instead of
// being taken for a session or recorded as something else.
func ExactSessionID(s string) (int64, bool) {
	if !strings.HasPrefix(s, "S") {
		return 0, false
	}
	n, err := strconv.ParseInt(s[1:], 10, 64)
	if err != nil || n <= 0 || SessionID(n) != s {
		return 0, false
	}
	return n, true
}

// ValidateSession checks a session field by field, with French messages naming the field, and
// returns it with the Coop spellings (« debutant » becomes « Débutant »).
func ValidateSession(s Session) (Session, error) {
	var err error
	if s.Place, err = CheckText("lieu", s.Place, MaxIDLength); err != nil {
		return s, err
	}
	if s.Title, err = CheckText("titre", s.Title, MaxTitleLength); err != nil {
		return s, err
	}
	if s.Place == "" {
		return s, Errorf(KindInvalid, "lieu : obligatoire (passnum places list donne les identifiants)")
	}
	switch SessionType(Normalize(string(s.Type))) {
	case SessionCollective:
		s.Type = SessionCollective
	case SessionIndividual:
		s.Type = SessionIndividual
	default:
		return s, Errorf(KindInvalid, "type : %q inconnu (choix : collectif, individuel)", s.Type)
	}
	if s.Type == SessionCollective && s.Title == "" {
		return s, Errorf(KindInvalid, "titre : obligatoire pour un atelier collectif (par exemple « Créer son adresse e-mail »)")
	}
	if len(s.Themes) == 0 {
		return s, Errorf(KindInvalid, "thème : indiquez au moins un thème (choix : %s)", strings.Join(CoopThemes, ", "))
	}
	if s.Themes, err = CoopValues("thème", CoopThemes, s.Themes); err != nil {
		return s, err
	}
	switch {
	case s.Type == SessionCollective && strings.TrimSpace(s.Level) == "":
		return s, Errorf(KindInvalid, "niveau : obligatoire pour un atelier collectif (choix : %s)", strings.Join(CoopLevels, ", "))
	case s.Type == SessionCollective:
		if s.Level, err = CoopValue("niveau", CoopLevels, s.Level); err != nil {
			return s, err
		}
	case strings.TrimSpace(s.Level) != "":
		return s, Errorf(KindInvalid, "niveau : réservé aux ateliers collectifs ; pour une séance individuelle, notez l'autonomie dans le suivi")
	}
	if s.Start.IsZero() {
		return s, Errorf(KindInvalid, "date et heure : obligatoires (JJ/MM/AAAA et HH:MM)")
	}
	if s.DurationMinutes <= 0 || s.DurationMinutes > MaxSessionLength {
		return s, Errorf(KindInvalid, "durée : %d min ? Indiquez une durée en minutes, de 1 à %d", s.DurationMinutes, MaxSessionLength)
	}
	switch {
	case s.Type == SessionIndividual && s.Capacity == 0:
		s.Capacity = 1
	case s.Type == SessionIndividual && s.Capacity != 1:
		return s, Errorf(KindInvalid, "capacité : une séance individuelle accueille une seule personne, pas %d", s.Capacity)
	case s.Capacity <= 0 || s.Capacity > MaxSessionCapacity:
		return s, Errorf(KindInvalid, "capacité : %s ? Indiquez un nombre de 1 à %d", Plural(s.Capacity, "place", "places"), MaxSessionCapacity)
	}
	if s.Equipment, err = CoopValues("matériel", CoopEquipment, s.Equipment); err != nil {
		return s, err
	}
	if contains(s.Equipment, NoEquipment) && len(s.Equipment) > 1 {
		var others []string
		for _, e := range s.Equipment {
			if e != NoEquipment {
				others = append(others, e)
			}
		}
		return s, Errorf(KindInvalid, "matériel : « %s » ne va pas avec %s", NoEquipment, strings.Join(others, ", "))
	}
	return s, nil
}

// SessionLoad is what a session has already taken when one more chèque is presented.
type SessionLoad struct {
	Cheques       int // live redemptions in the session
	PersonCheques int // of them, those of the person presenting this chèque
}

// SessionRefusal refuses a chèque the session cannot take under the programme's rules: before
// the session's day, a session longer than the programme pays for, a person who already paid
// for it, or a full session. A person paying twice is said as such even when that second
// chèque would also overflow the session (an individual session holds one person).
func (p Programme) SessionRefusal(number string, s Session, load SessionLoad, today time.Time, person string) error {
	if CalendarDay(today).Before(CalendarDay(s.Start)) {
		return Errorf(KindConflict, "chèque %s refusé : la séance %s a lieu le %s, ses chèques s'encaissent à partir de ce jour-là", number, s.ID, s.Start.Local().Format("02/01/2006"))
	}
	if p.MaxSessionMinutes > 0 && s.DurationMinutes > p.MaxSessionMinutes {
		return Errorf(KindConflict, "chèque %s refusé : la séance %s dure %d min, le programme %s paie des séances de %d min au plus", number, s.ID, s.DurationMinutes, p.Name, p.MaxSessionMinutes)
	}
	per := p.PerSession()
	if load.PersonCheques >= per {
		return Errorf(KindConflict, "chèque %s refusé : %s a déjà payé la séance %s (%s par séance)", number, person, s.ID, Plural(per, "chèque", "chèques"))
	}
	if load.Cheques >= s.Capacity*per {
		return Errorf(KindConflict, "chèque %s refusé : capacité dépassée, la séance %s est prévue pour %s et %s", number, s.ID, Plural(s.Capacity, "personne", "personnes"), Plural(load.Cheques, "chèque y est déjà encaissé", "chèques y sont déjà encaissés"))
	}
	return nil
}

// IndividualTitle is the title of the individual accompaniment a chèque redeemed without a
// session is recorded in.
const IndividualTitle = "Accompagnement individuel"

// IndividualMinutes is how long that accompaniment is recorded to last: what the programme pays
// for at most, an hour when it sets no limit.
func (p Programme) IndividualMinutes() int {
	if p.MaxSessionMinutes > 0 {
		return p.MaxSessionMinutes
	}
	return 60
}

// PerSession is how many chèques one person gives for one session (at least one).
func (p Programme) PerSession() int {
	if p.ChequesPerSession < 1 {
		return 1
	}
	return p.ChequesPerSession
}

// CalendarDay is the local calendar day of t: sessions, same-day cancellations and months are
// counted in the territory's days, not in UTC.
func CalendarDay(t time.Time) time.Time { return Day(t.Local()) }

// Participant is one line of a session's attendance sheet (feuille d'émargement): a registered
// person (found by name, or by scanning one of their chèques) or an anonymous participant
// counted as the Coop does.
type Participant struct {
	ID        int64
	Session   string
	PersonID  int64  // 0: anonymous, or a scanned chèque whose carnet has no holder
	Name      string // the person's « Prénom NOM »
	Cheque    string // the chèque scanned to add them, "" when added by name
	Anonymous bool
	Profile   CoopProfile // anonymous: as declared; persons: derived on the session's day
	Present   bool
	Cheques   []string // live chèques redeemed for them in this session
	Autonomy  string   // follow-up, when recorded
	Comment   string
	Pix       string         // Pix result of the last follow-up, when recorded
	Notes     []FollowUpNote // every follow-up recorded for them in this session, oldest first
	Warning   string         // at scan time: why the scanned chèque will be refused
	Refusal   string         // why the last closing of the sheet refused their chèque, "" if it did not
}

// Label names the participant on a sheet.
func (p Participant) Label() string {
	switch {
	case p.Name != "":
		return p.Name
	case p.Anonymous:
		return "participant anonyme n°" + strconv.FormatInt(p.ID, 10)
	case p.Cheque != "":
		return "porteur du chèque " + p.Cheque
	}
	return "participant n°" + strconv.FormatInt(p.ID, 10)
}

// ValidateFollowUp checks a trainer's follow-up: a Coop autonomy and a short comment.
func ValidateFollowUp(autonomy, comment string) (string, string, error) {
	a, err := CoopValue("autonomie", CoopAutonomy, autonomy)
	if err != nil {
		return "", "", err
	}
	if comment, err = CheckText("commentaire", comment, MaxCommentLength); err != nil {
		return "", "", err
	}
	return a, comment, nil
}

// ValidateReason checks the reason given for a cancellation: required, short.
func ValidateReason(reason string) (string, error) {
	if strings.TrimSpace(reason) == "" {
		return "", Errorf(KindInvalid, "motif : obligatoire (par exemple « chèque scanné par erreur »)")
	}
	return CheckText("motif", reason, MaxReasonLength)
}

// ParseClock reads a start time as trainers write it: « 14:30 », « 14h30 » or « 14h ».
func ParseClock(field, s string) (hour, minute int, err error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.Replace(t, "h", ":", 1)
	if strings.HasSuffix(t, ":") {
		t += "00"
	}
	v, perr := time.Parse("15:04", t)
	if perr != nil {
		return 0, 0, Errorf(KindInvalid, "%s : %q n'est pas une heure (format HH:MM, par exemple 14:30)", field, s)
	}
	return v.Hour(), v.Minute(), nil
}

// SessionPlanRefusal checks a session against the programmes' rules when it is created or
// corrected, not only when its sheet is closed: a session longer than every programme usable on
// its day pays for is refused at once, naming the most generous limit. A day no programme covers
// is left to the closing, which says why each chèque is refused.
func SessionPlanRefusal(programmes []Programme, s Session) error {
	limit, name := 0, ""
	for _, p := range programmes {
		if !p.Calendar().Usable(s.Start.Local()) {
			continue
		}
		if p.MaxSessionMinutes <= 0 {
			return nil // this programme pays for any length
		}
		if p.MaxSessionMinutes > limit {
			limit, name = p.MaxSessionMinutes, p.Name
		}
	}
	if limit > 0 && s.DurationMinutes > limit {
		return Errorf(KindInvalid, "durée : %d min : le programme paie des séances de %d min au plus (%s) ; raccourcissez la séance ou faites-en deux", s.DurationMinutes, limit, name)
	}
	return nil
}

// CapacityRefusal refuses one more person on a sheet that already seats its capacity
// (seated: the participants not marked absent).
func CapacityRefusal(s Session, seated int) error {
	if seated >= s.Capacity {
		return Errorf(KindConflict, "capacité %d atteinte : la séance %s est complète ; augmentez sa capacité (corrigez la séance) ou marquez absente une personne qui n'est pas venue", s.Capacity, s.ID)
	}
	return nil
}

// CapacityCutRefusal refuses a correction that would seat fewer places than people present.
func CapacityCutRefusal(capacity, seated int) error {
	if capacity < seated {
		return Errorf(KindInvalid, "capacité : %s, mais %s déjà sur la feuille ; indiquez au moins %d", Plural(capacity, "place", "places"), Plural(seated, "personne présente", "personnes présentes"), seated)
	}
	return nil
}

// SessionNotStarted is the warning before closing a sheet ahead of time, "" once the session has
// begun: « La séance commence à 14 h : la clôturer quand même ? ».
func SessionNotStarted(s Session, now time.Time) string {
	if !now.Before(s.Start) {
		return ""
	}
	start := s.Start.Local()
	when := ClockLabel(start)
	if !CalendarDay(start).Equal(CalendarDay(now)) {
		when = "le " + LongDate(start) + " à " + when
	} else {
		when = "à " + when
	}
	return "La séance commence " + when + " : la clôturer quand même ?"
}

// ClockLabel writes a time of day as French timetables do: « 14 h », « 9 h 30 ».
func ClockLabel(t time.Time) string {
	if t.Minute() == 0 {
		return strconv.Itoa(t.Hour()) + " h"
	}
	return fmt.Sprintf("%d h %02d", t.Hour(), t.Minute())
}

// FollowUpNote is one follow-up a trainer recorded for a person at a session, kept with its
// date: a later follow-up adds a note, it does not overwrite the previous one.
type FollowUpNote struct {
	Session  string
	Start    time.Time // the session's start
	At       time.Time // when the note was written
	Autonomy string
	Comment  string
	Pix      string // Pix positioning as stored (PixPositioning.Stored, or an older free text), "" without one
}
