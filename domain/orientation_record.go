package domain

import (
	"fmt"
	"strings"
	"time"
)

// Referral is a prescriber sending a person to a place (Aulnoye-Aymeries: Pôle emploi chooses
// who gets the chèques, the centre social prepares their welcome). It is not the ranking of
// places a diagnostic makes (Orientation): it is the choice the desk made, kept.
type Referral struct {
	ID             int64
	PersonID       int64
	PersonName     string // « Jeanne DUPONT », as the reader may see it
	Place          string
	PlaceName      string
	Prescriber     string
	PrescriberName string // set by NamePrescribers: what people read, never the id
	Note           string // what the prescriber tells the place
	FromDiagnostic bool   // the place was one the diagnostic recommended
	At             time.Time
	By             string // the user who recorded it
	// CameAt is the start of the first session of that place whose sheet lists the person, on
	// or after the day of the referral; zero while they have not come.
	CameAt time.Time
}

// FirstCame is the first of the starts (sessions of the place whose sheet lists the person)
// that falls on or after the local calendar day of the referral; zero when none does.
func FirstCame(at time.Time, starts []time.Time) time.Time {
	day := CalendarDay(at)
	var first time.Time
	for _, s := range starts {
		if !CalendarDay(s).Before(day) && (first.IsZero() || s.Before(first)) {
			first = s
		}
	}
	return first
}

// Came says whether the person came to the place since they were sent.
func (r Referral) Came() bool { return !r.CameAt.IsZero() }

// CameText is « venue le 12/03/2026 » or « pas encore venue », for a list.
func (r Referral) CameText() string {
	if r.Came() {
		return "venue le " + r.CameAt.Local().Format("02/01/2006")
	}
	return "pas encore venue"
}

// WithdrawReferral checks the withdrawal of an orientation made by mistake (MayWithdrawReferral)
// and its reason, kept with the orientation; it returns the reason tidied.
func WithdrawReferral(by User, r Referral, reason string, now time.Time) (string, error) {
	reason, err := ValidateWithdrawReason(reason)
	if err != nil {
		return "", err
	}
	return reason, MayWithdrawReferral(by, r, now)
}

// ValidateWithdrawReason checks why an orientation is withdrawn: required, free text kept with
// it (no control character, ReferralNoteMax characters at most).
func ValidateWithdrawReason(reason string) (string, error) {
	reason, err := CheckText("motif", reason, ReferralNoteMax)
	if err == nil && reason == "" {
		err = Errorf(KindInvalid, "motif : obligatoire — dites pourquoi l'orientation est retirée (par exemple « erreur de lieu »)")
	}
	return reason, err
}

// MayWithdrawReferral says whether by may withdraw an orientation at now: the desk of the
// prescriber that made it, the same day (the place may have prepared the welcome since), or the
// coordination at any time; never once the person came to the place (a session of it held
// with them on its sheet), when it is part of their parcours. Who may withdraw is asked first:
// the rest is not for another desk to learn.
func MayWithdrawReferral(by User, r Referral, now time.Time) error {
	switch {
	case by.Role == RoleCoordination:
	case by.Prescriber == "":
		return Errorf(KindForbidden, "%s n'est rattaché à aucun prescripteur : demandez le retrait à la coordination", by.Name)
	case by.Prescriber != r.Prescriber:
		return Errorf(KindForbidden, "%s ne peut pas retirer une orientation faite par un autre prescripteur : demandez-le à la coordination", by.Name)
	case !CalendarDay(r.At).Equal(CalendarDay(now)):
		return Errorf(KindForbidden, "l'orientation date du %s : le jour même seulement, le guichet la retire ; ensuite, demandez-le à la coordination", r.At.Local().Format("02/01/2006"))
	}
	if r.Came() && !r.CameAt.After(now) {
		return Errorf(KindConflict, "%s est venue à %s le %s : l'orientation fait partie de son parcours et ne se retire plus", r.PersonName, r.PlaceName, r.CameAt.Local().Format("02/01/2006"))
	}
	return nil
}

// WithdrawnText says what a withdrawal did: the place no longer sees the person as sent to it,
// unless an orientation by someone else remains.
func WithdrawnText(r Referral, remaining int) string {
	if remaining > 0 {
		return fmt.Sprintf("Orientation de %s vers %s retirée ; %s par un autre prescripteur ou la coordination %s en vigueur : le lieu la voit encore orientée vers lui.",
			r.PersonName, r.PlaceName, Plural(remaining, "autre orientation faite", "autres orientations faites"), PluralWord(remaining, "reste", "restent"))
	}
	return fmt.Sprintf("Orientation de %s vers %s retirée : le lieu ne la voit plus orientée vers lui.", r.PersonName, r.PlaceName)
}

// ReferralNoteMax bounds the note a prescriber writes to a place.
const ReferralNoteMax = 500

// ValidateReferralNote checks the note (free text read by the place): no control character,
// ReferralNoteMax characters at most; inner runs of spaces become one.
func ValidateReferralNote(s string) (string, error) {
	t, err := CheckText("note pour le lieu", s, ReferralNoteMax)
	if err != nil {
		return "", err
	}
	return strings.Join(strings.Fields(t), " "), nil
}

// ParcoursSession is one session a person's name is on, at any place.
type ParcoursSession struct {
	Session   string
	Start     time.Time
	Title     string
	Place     string // its id
	PlaceName string
	Present   bool
}

// Parcours is the bilan de parcours of one person, what goes back to the prescriber: where they
// were sent, the sessions they were on, every follow-up (positioning, evaluations, autonomy)
// with its date.
type Parcours struct {
	Person    Person
	Referrals []Referral        // oldest first
	Sessions  []ParcoursSession // oldest first
	Notes     []FollowUpNote    // oldest first
}

// ForPlace is the parcours as a place's trainers read it: what concerns their place only —
// the orientations to it, its sessions and the follow-ups written on them. Another place's
// comments about the person are not theirs to read; the prescriber reads the whole.
func (p Parcours) ForPlace(place string) Parcours {
	out := Parcours{Person: p.Person}
	for _, r := range p.Referrals {
		if r.Place == place {
			out.Referrals = append(out.Referrals, r)
		}
	}
	ours := map[string]bool{}
	for _, s := range p.Sessions {
		if s.Place == place {
			out.Sessions, ours[s.Session] = append(out.Sessions, s), true
		}
	}
	for _, n := range p.Notes {
		if ours[n.Session] {
			out.Notes = append(out.Notes, n)
		}
	}
	return out
}

// Positionings are the follow-ups that recorded a Pix result, oldest first.
func (p Parcours) Positionings() []FollowUpNote {
	var out []FollowUpNote
	for _, n := range p.Notes {
		if n.Pix != "" {
			out = append(out, n)
		}
	}
	return out
}

// Progression is, per domain (and for the score), the first and the latest positioning, dated.
func (p Parcours) Progression() []PixProgress { return PixProgression(p.Notes) }

// Attended counts the sessions the person was present at.
func (p Parcours) Attended() int {
	n := 0
	for _, s := range p.Sessions {
		if s.Present {
			n++
		}
	}
	return n
}

// Autonomy is « débutant → autonome » from the first and last follow-ups, "" without any.
func (p Parcours) Autonomy() string {
	if len(p.Notes) == 0 {
		return ""
	}
	first, last := p.Notes[0].Autonomy, p.Notes[len(p.Notes)-1].Autonomy
	if len(p.Notes) == 1 || first == last {
		return last
	}
	return first + " → " + last
}

// NamePrescribers gives each referral its prescriber's configured name, "" when unknown.
func NamePrescribers(rs []Referral, list []Prescriber) {
	for i := range rs {
		rs[i].PrescriberName = PrescriberName(list, rs[i].Prescriber)
	}
}
