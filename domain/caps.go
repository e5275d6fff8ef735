package domain

import (
	"fmt"
	"strings"
	"time"
)

// Housemate is another member of a person's foyer, with what they hold in one programme.
type Housemate struct {
	ID      int64
	Name    string // « Jean DUPONT »
	Carnets int
	Lost    int // carnets declared lost (voided after the hand-over)
}

// Holding is what a person and their foyer already hold in one programme, read in the same
// transaction as the hand-over it decides.
type Holding struct {
	Carnets     int  // handed to the person, voided ones excluded
	Lost        int  // handed to the person, then declared lost (voided)
	ChequesLeft int  // still usable in them
	InHousehold bool // the person has a foyer (an address or a link)
	Housemates  []Housemate
	// Exclusive are the carnets the person holds in programmes exclusive with this one
	// (ExclusiveHeld): any of them refuses the hand-over.
	Exclusive []HeldCarnet
}

// HouseholdCarnets counts the carnets of the whole foyer, the person's included.
func (h Holding) HouseholdCarnets() int {
	n := h.Carnets
	for _, m := range h.Housemates {
		n += m.Carnets
	}
	return n
}

// countedInHousehold is what weighs against the foyer's cap under the programme's rule on lost
// carnets.
func (h Holding) countedInHousehold(r LostRule) int {
	n := r.Counted(h.Carnets, h.Lost)
	for _, m := range h.Housemates {
		n += r.Counted(m.Carnets, m.Lost)
	}
	return n
}

// Counted is how many carnets weigh against a cap: those held, plus the lost ones when the
// programme counts them.
func (r LostRule) Counted(held, lost int) int {
	if r.CountsInCap {
		return held + lost
	}
	return held
}

// Replacement refuses a new carnet to a person who declared one lost, when the programme
// replaces none; nil when it does, or when nothing was lost.
func (r LostRule) Replacement(programme string, lost int) *Error {
	if !r.NoReplacement || lost == 0 {
		return nil
	}
	return Errorf(KindConflict, "le programme %s ne remplace pas un carnet perdu (%s) : voyez la coordination", programme, Plural(lost, "carnet déclaré perdu", "carnets déclarés perdus"))
}

// Text says the rule to the desk before it declares a carnet lost.
func (r LostRule) Text(programme string) string {
	switch {
	case r.NoReplacement:
		return "le programme " + programme + " ne remplace pas un carnet perdu"
	case r.CountsInCap:
		return "le programme " + programme + " permet d'en remettre un autre, le carnet perdu restant compté dans le plafond"
	}
	return "le programme " + programme + " permet d'en remettre un autre, le carnet perdu ne compte plus dans le plafond"
}

// lostNote is « (dont 1 perdu) » when lost carnets are counted in a cap, "" otherwise.
func (r LostRule) lostNote(lost int) string {
	if !r.CountsInCap || lost == 0 {
		return ""
	}
	return fmt.Sprintf(" (dont %s)", Plural(lost, "perdu", "perdus"))
}

// CapRule names one of the rules a hand-over must pass once the person is eligible.
type CapRule string

const (
	CapConsent   CapRule = "consent"   // the person agreed to have their data recorded
	CapPerson    CapRule = "person"    // carnets per person
	CapHousehold CapRule = "household" // carnets per foyer, only when the programme caps it
	CapLost      CapRule = "lost"      // a replacement for a lost carnet, only when one was lost
	CapExclusive CapRule = "exclusive" // not both: only when the programme is exclusive with another
)

// CapCheck is the verdict of one rule, worded for the desk whether it passes or not.
type CapCheck struct {
	Rule   CapRule
	OK     bool
	Reason string
	Err    *Error // the refusal when !OK
}

// Standing is the whole answer the desk needs before a hand-over: the eligibility criterion by
// criterion, then every cap rule, and the public matched.
type Standing struct {
	Eligibility
	Holding
	Consent bool
	Public  Public     // the public matched, zero when not eligible
	Caps    []CapCheck // consent, person, then household when capped: all of them, passed or not
	Refusal *Error     // why a carnet cannot be handed over now (the first failing rule); nil when it can
	Request HandOverRequest
	Extra   bool // the carnet would be one beyond the cap, given on request (Request.ExtraReason)
}

// HandOverRequest is what the desk says at a hand-over that weighs on the cap.
type HandOverRequest struct {
	Accompanied bool   // a prescriber's adviser accompanies the person
	ExtraReason string // why a carnet beyond the cap is asked for, "" when none is
}

// NeedsExtraReason says the only thing missing is the reason of a carnet beyond the cap: the
// programme gives one on request, the desk must say why.
func (s Standing) NeedsExtraReason() bool {
	c, ok := s.Cap(CapPerson)
	return ok && !c.OK && KindOf(c.Err) == KindInvalid && s.Programme.Limits.ExtraOnRequest > 0 && s.Request.ExtraReason == "" && s.Refusal == c.Err
}

// PersonCap is the per-person cap of a hand-over: the accompanied cap when an adviser
// accompanies the person and the programme sets one, else the ordinary one; 0 means none.
func (l Limits) PersonCap(accompanied bool) int {
	if accompanied && l.CarnetsPerPersonAccompanied > 0 {
		return l.CarnetsPerPersonAccompanied
	}
	return l.CarnetsPerPerson
}

// ValidateExtraReason checks the reason of a carnet beyond the cap: no control character, 200
// characters at most; inner runs of spaces become one.
func ValidateExtraReason(s string) (string, error) {
	t, err := CheckText("motif du carnet supplémentaire", s, 200)
	if err != nil {
		return "", err
	}
	return strings.Join(strings.Fields(t), " "), nil
}

// CanIssue reports whether a carnet of the programme can be handed over now.
func (s Standing) CanIssue() bool { return s.Eligible && s.Refusal == nil }

// Cap returns the verdict of one rule; ok is false when the programme does not apply it.
func (s Standing) Cap(r CapRule) (CapCheck, bool) {
	for _, c := range s.Caps {
		if c.Rule == r {
			return c, true
		}
	}
	return CapCheck{}, false
}

// CheckStanding applies the programme's publics, then its caps, to a person: a person may be
// eligible and still refused a carnet because they, or their foyer, already hold the maximum.
// It answers for a person who comes alone and asks for nothing extra (CheckHandOver says more).
func CheckStanding(prog Programme, p Person, communes []Commune, today time.Time, h Holding) Standing {
	return CheckHandOver(prog, p, communes, today, h, HandOverRequest{})
}

// CheckHandOver is CheckStanding for one hand-over: whether a prescriber's adviser accompanies
// the person, and the reason given for a carnet beyond the cap, decide the per-person cap.
func CheckHandOver(prog Programme, p Person, communes []Commune, today time.Time, h Holding, req HandOverRequest) Standing {
	s := Standing{Eligibility: CheckEligibility(prog, p, communes, today), Holding: h, Consent: p.Consent, Request: req}
	for _, pv := range s.Publics {
		if pv.Eligible {
			s.Public = pv.Public
			break
		}
	}
	lim := prog.Limits
	pass := func(r CapRule, reason string) { s.Caps = append(s.Caps, CapCheck{Rule: r, OK: true, Reason: reason}) }
	fail := func(r CapRule, err *Error) { s.Caps = append(s.Caps, CapCheck{Rule: r, Reason: err.Message, Err: err}) }

	if p.Consent {
		pass(CapConsent, "enregistré")
	} else {
		fail(CapConsent, Errorf(KindConflict, "la personne n'a pas donné son accord pour l'enregistrement de ses données : elle peut être accompagnée anonymement, mais aucun carnet ne peut lui être remis"))
	}

	held := "aucun carnet déjà remis"
	if h.Carnets > 0 {
		held = Plural(h.Carnets, "carnet déjà remis", "carnets déjà remis")
	}
	counted, note := lim.Lost.Counted(h.Carnets, h.Lost), lim.Lost.lostNote(h.Lost)
	switch l := lim.PersonCap(req.Accompanied); {
	case l == 0:
		pass(CapPerson, held+", pas de plafond par personne")
	case counted >= l && counted < l+lim.ExtraOnRequest:
		if req.ExtraReason == "" {
			fail(CapPerson, Errorf(KindInvalid, "%s sur %d%s : un carnet supplémentaire peut être remis sur demande (%d au plus), indiquez le motif de la demande", Plural(counted, "carnet", "carnets"), l, note, lim.ExtraOnRequest))
		} else {
			s.Extra = true
			pass(CapPerson, fmt.Sprintf("carnet supplémentaire sur demande (%s sur %d%s) : %s", Plural(counted, "carnet", "carnets"), l, note, req.ExtraReason))
		}
	case counted >= l:
		fail(CapPerson, Errorf(KindConflict, "limite atteinte : %s sur %d%s", Plural(counted, "carnet", "carnets"), l, note))
	case counted == 0:
		pass(CapPerson, fmt.Sprintf("%s (%d au plus par personne)", held, l))
	case note != "":
		pass(CapPerson, fmt.Sprintf("%s sur %d au plus par personne%s", Plural(counted, "carnet compté", "carnets comptés"), l, note))
	default:
		pass(CapPerson, fmt.Sprintf("%s sur %d au plus par personne", held, l))
	}

	inFoyer := h.countedInHousehold(lim.Lost)
	switch l := lim.CarnetsPerHousehold; {
	case l == 0:
	case !h.InHousehold:
		fail(CapHousehold, Errorf(KindInvalid, "adresse du foyer à renseigner : le programme %s limite à %s par foyer ; indiquez l'adresse de la personne ou rattachez-la au foyer d'une autre personne", prog.Name, Plural(l, "carnet", "carnets")))
	case inFoyer >= l:
		fail(CapHousehold, Errorf(KindConflict, "limite du foyer atteinte : %s sur %d (%s)", Plural(inFoyer, "carnet", "carnets"), l, h.holders()))
	case inFoyer == 0:
		pass(CapHousehold, fmt.Sprintf("aucun carnet remis au foyer (%d au plus par foyer)", l))
	default:
		pass(CapHousehold, fmt.Sprintf("%s au foyer sur %d au plus", Plural(inFoyer, "carnet remis", "carnets remis"), l))
	}

	if h.Lost > 0 {
		if err := lim.Lost.Replacement(prog.Name, h.Lost); err != nil {
			fail(CapLost, err)
		} else {
			pass(CapLost, Plural(h.Lost, "carnet déclaré perdu", "carnets déclarés perdus")+" : le programme permet de le remplacer")
		}
	}

	if err := ExclusiveRefusal(prog, h.Exclusive); err != nil {
		fail(CapExclusive, err)
	} else if len(prog.ExclusiveWith) > 0 {
		pass(CapExclusive, "aucun carnet d'un programme qui ne se cumule pas avec celui-ci")
	}

	if !s.Eligible {
		s.Refusal = Errorf(KindConflict, "%s : %s", p.DisplayName(), s.Eligibility.Summary())
		return s
	}
	for _, c := range s.Caps {
		if !c.OK {
			s.Refusal = c.Err
			break
		}
	}
	return s
}

// holders names who in the foyer holds carnets: « Jean DUPONT : 1 carnet ».
func (h Holding) holders() string {
	var names []string
	if h.Carnets > 0 {
		names = append(names, "cette personne : "+Plural(h.Carnets, "carnet", "carnets"))
	}
	for _, m := range h.Housemates {
		if m.Carnets > 0 {
			names = append(names, m.Name+" : "+Plural(m.Carnets, "carnet", "carnets"))
		}
	}
	return strings.Join(names, ", ")
}

// Summary is the one line the card, `eligibility` and a lookup give for a programme:
// « éligible · 1 carnet sur 2 · 5 chèques restants (50 €) » or « éligible au programme, mais
// limite atteinte : 2 carnets sur 2 ».
func (s Standing) Summary() string {
	if !s.Eligible {
		return s.Eligibility.Summary()
	}
	if s.Refusal != nil {
		return fmt.Sprintf("%s : éligible au programme, mais %s", s.Programme.Name, s.Refusal.Message)
	}
	lim := s.Programme.Limits
	parts := []string{s.Programme.Name + " : éligible"}
	carnets := Plural(s.Carnets, "carnet", "carnets")
	if lim.CarnetsPerPerson > 0 {
		carnets += fmt.Sprintf(" sur %d", lim.CarnetsPerPerson)
	}
	parts = append(parts, carnets)
	if lim.CarnetsPerHousehold > 0 {
		parts = append(parts, fmt.Sprintf("foyer : %s sur %d", Plural(s.HouseholdCarnets(), "carnet", "carnets"), lim.CarnetsPerHousehold))
	}
	if s.Carnets > 0 {
		parts = append(parts, fmt.Sprintf("%s (%s)", Plural(s.ChequesLeft, "chèque restant", "chèques restants"), RoundEuros(int64(s.ChequesLeft*s.Programme.ChequeValueCents))))
	}
	out := strings.Join(parts, " · ")
	if s.Public.Name != "" {
		out += " — public « " + s.Public.Name + " »"
		if s.Public.Proof != "" {
			out += ", justificatif à demander : " + s.Public.Proof
		}
	}
	return out
}

// OverCap is a person who holds more carnets of a programme than it allows — after a merge of
// two records, typically — until a coordinator resolves it.
type OverCap struct {
	Person    Person
	Programme Programme
	Carnets   int
}

// AboveCap reports whether holding carnets of the programme exceeds its per-person cap.
func (p Programme) AboveCap(carnets int) bool {
	l := p.Limits.MaxPerPerson()
	return l > 0 && carnets > l
}

// MaxPerPerson is the most carnets a person may hold: the larger cap, plus the extra on
// request; 0 means no cap.
func (l Limits) MaxPerPerson() int {
	if l.CarnetsPerPerson == 0 {
		return 0
	}
	return max(l.CarnetsPerPerson, l.CarnetsPerPersonAccompanied) + l.ExtraOnRequest
}

// MergeOverCaps foresees the caps the kept person would exceed once the other record's carnets
// are theirs; held counts each record's carnets by programme.
func MergeOverCaps(progs []Programme, kept Person, keptHeld, otherHeld map[string]int) []OverCap {
	var out []OverCap
	for _, prog := range progs {
		if n := keptHeld[prog.ID] + otherHeld[prog.ID]; prog.AboveCap(n) {
			out = append(out, OverCap{Person: kept, Programme: prog, Carnets: n})
		}
	}
	return out
}

// Message is « n°12 détient désormais 4 carnets pour un maximum de 2 ».
func (o OverCap) Message() string {
	return fmt.Sprintf("n°%d %s détient désormais %s du programme %s pour un maximum de %d", o.Person.ID, o.Person.DisplayName(), Plural(o.Carnets, "carnet", "carnets"), o.Programme.Name, o.Programme.Limits.MaxPerPerson())
}
