package domain

import (
	"strings"
	"time"
)

// Status is a person's social status, as the publics of a programme name it.
type Status string

const (
	StatusJobSeeker   Status = "demandeur_emploi"
	StatusYouthInsert Status = "jeune_insertion"
	StatusRSA         Status = "rsa"
	StatusAAH         Status = "aah"
	StatusRetired     Status = "retraite"
	StatusEmployee    Status = "salarie"
	StatusHomeHelp    Status = "salarie_aide_domicile"
	StatusStudent     Status = "etudiant"
	StatusOther       Status = "autre"
)

// Statuses lists the valid statuses with their French labels.
var Statuses = []struct {
	Code  Status
	Label string
}{
	{StatusJobSeeker, "demandeur d'emploi"},
	{StatusYouthInsert, "jeune en insertion"},
	{StatusRSA, "bénéficiaire du RSA"},
	{StatusAAH, "bénéficiaire de l'AAH"},
	{StatusRetired, "retraité(e)"},
	{StatusEmployee, "salarié(e)"},
	{StatusHomeHelp, "salarié(e) de l'aide à domicile"},
	{StatusStudent, "étudiant(e)"},
	{StatusOther, "autre"},
}

// Diploma is the highest diploma, ordered from none to bac+5.
type Diploma string

// Diplomas is the ordered list of diplomas.
var Diplomas = []Diploma{"aucun", "brevet", "cap_bep", "bac", "bac+2", "bac+3", "bac+5"}

// Rank is the position of a diploma in Diplomas, -1 when unknown.
func (d Diploma) Rank() int {
	for i, x := range Diplomas {
		if x == d {
			return i
		}
	}
	return -1
}

// Residence is the residence criterion of a public.
type Residence string

const (
	ResidenceAny       Residence = "any"
	ResidenceTerritory Residence = "territory" // one of the configured communes
	ResidenceQPV       Residence = "qpv"       // a QPV of one of the configured communes
)

// Public is one target public of a programme; a person is eligible when one public matches
// entirely. Nil pointers and empty lists mean "no condition".
type Public struct {
	ID                  string
	Name                string
	AgeMin, AgeMax      *int
	MaxDiploma          Diploma
	Statuses            []Status
	Residence           Residence
	MaxQuotientFamilial *int
	Proof               string // justificatif to ask for, shown to the desk
}

// Funder is a co-funder of a programme and its share.
type Funder struct {
	Name         string
	SharePercent int
}

// Limits caps carnets; 0 means no limit.
type Limits struct {
	CarnetsPerPerson    int
	CarnetsPerHousehold int
	// CarnetsPerPersonAccompanied replaces CarnetsPerPerson when a prescriber's adviser
	// accompanies the person (Hauts-de-France: 10 chèques accompanied, 5 alone); 0: the same cap.
	CarnetsPerPersonAccompanied int
	// ExtraOnRequest is how many carnets may be handed over beyond the cap on a stated request
	// (Hauts-de-France: +5 chèques); each one needs a reason, audited and counted.
	ExtraOnRequest int
	Lost           LostRule // what a carnet declared lost still weighs
}

// LostRule is the programme's answer to a lost carnet. Its zero value replaces a lost carnet and
// no longer counts it against the caps (its unused chèques are void, the person holds nothing of
// it); the configuration's default keeps it counted (CountsInCap), so that declaring carnets lost
// is no way around the caps.
type LostRule struct {
	// NoReplacement refuses any further carnet to a person who declared one lost (config
	// lost_replacement = false).
	NoReplacement bool
	// CountsInCap keeps a lost carnet in the person's and the foyer's count, so a replacement
	// takes a place under the cap (config lost_counts_in_cap = true).
	CountsInCap bool
}

// Programme is one funded operation (dispositif): its publics, carnet format, validity, budget.
type Programme struct {
	ID                string
	Name              string
	Operator          string
	ChequeValueCents  int
	ChequesPerCarnet  int
	ValidFrom         time.Time // first day chèques can be used
	ValidUntil        time.Time // last day of validity (inclusive)
	ToleranceDays     int       // extra days after ValidUntil during which chèques are still accepted
	AlertDays         int       // calendar: alert this many days before the end (0: APTIC's 30)
	StopDays          int       // calendar: distribution stops this many days before the end (0: 15)
	LastCallDays      int       // calendar: last call this many days before the end (0: 7)
	ChequesPerSession int
	MaxSessionMinutes int
	BudgetCents       int64
	TargetPeople      int // people the programme means to reach, 0 when not set (figures)
	TargetCarnets     int // carnets it means to hand over, 0 when not set (figures)
	RecognisedLabels  []string
	// ExclusiveWith names the programmes a person may not hold a carnet of as well as one of
	// this programme (config exclusive_with); the rule goes both ways (see ExclusiveHeld).
	ExclusiveWith []string
	Limits        Limits
	Funders       []Funder
	Publics       []Public
}

// Calendar before the end of a programme (APTIC defaults, see Calendar): alert at J-30,
// distribution stops at J-15, last call at J-7.
const (
	AlertDays            = 30
	DistributionStopDays = 15
	LastCallDays         = 7
)

// ProgrammeChoices lists the programmes as a person choosing among them reads them:
// « creuse-1 (Pass numérique Creuse — minima sociaux), creuse-2 (…) ».
func ProgrammeChoices(progs []Programme) string {
	var parts []string
	for _, p := range progs {
		parts = append(parts, p.ID+" ("+p.Name+")")
	}
	return strings.Join(parts, ", ")
}

// ChooseProgramme is the programme a command is about: the one named by id, or the only one
// configured. With several and none named it refuses to guess — taking the first would hand
// over, allocate or count in the wrong dispositif without a word; flag is how a programme is
// named (« --programme »).
func ChooseProgramme(progs []Programme, id, flag string) (Programme, *Error) {
	if id == "" {
		switch len(progs) {
		case 0:
			return Programme{}, Errorf(KindInvalid, "aucun programme configuré")
		case 1:
			return progs[0], nil
		}
		return Programme{}, Errorf(KindInvalid, "%d programmes sont configurés : précisez lequel avec %s ID (choix : %s)", len(progs), flag, ProgrammeChoices(progs))
	}
	for _, p := range progs {
		if p.ID == id {
			return p, nil
		}
	}
	var ids []string
	for _, p := range progs {
		ids = append(ids, p.ID)
	}
	return Programme{}, Errorf(KindInvalid, "%s : %q inconnu (choix : %s)", flag, id, strings.Join(ids, ", "))
}

// Issuable keeps the programmes of which a carnet can be handed over to the person now: when
// there are two, the desk chooses (the carnet it scans says which), none is taken for it.
func Issuable(standings []Standing) []Programme {
	var out []Programme
	for _, s := range standings {
		if s.CanIssue() {
			out = append(out, s.Programme)
		}
	}
	return out
}
