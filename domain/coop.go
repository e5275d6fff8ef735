package domain

import (
	"strings"
	"time"
)

// The vocabulary of La Coop de la médiation numérique's activity reports (CRA). Values are kept
// as the Coop spells them, so an export needs no translation table and a trainer who also
// reports there recognises every word.

// CoopThemes are the themes a session can cover (at least one).
var CoopThemes = []string{
	"Diagnostic numérique", "Prendre en main du matériel", "Maintenance de matériel",
	"Gérer ses contenus numériques", "Navigation sur internet", "E-mail", "Bureautique",
	"Réseaux sociaux communication", "Santé", "Banque et achats en ligne",
	"Accompagner un professionnel", "Insertion professionnelle", "Prévention en sécurité numérique",
	"Parentalité", "Scolarité et numérique", "Créer avec le numérique", "Culture numérique",
	"Intelligence artificielle", "Aide aux démarches administratives",
}

// CoopLevels are the levels of a collective workshop.
var CoopLevels = []string{"Débutant", "Intermédiaire", "Avancé"}

// NoEquipment excludes every other equipment.
const NoEquipment = "Pas de matériel"

// CoopEquipment is the equipment used during a session.
var CoopEquipment = []string{"Ordinateur", "Téléphone", "Tablette", "Autre", NoEquipment}

// CoopAutonomy is the autonomy observed at the end of an individual session, from least to most
// autonomous: the order is the progression a bilan reports.
var CoopAutonomy = []string{"Avec guidage", "Autonome avec guidage en cas de besoin", "Autonome"}

// NotCommunicated is the Coop's answer when a participant's gender, age or status is unknown.
const NotCommunicated = "Non communiqué"

// CoopGenders are the genders counted for collective workshops.
var CoopGenders = []string{"Masculin", "Féminin", NotCommunicated}

// CoopAgeBands are the age bands counted for collective workshops.
var CoopAgeBands = []string{"Moins de 12 ans", "12-17", "18-24", "25-39", "40-59", "60-69", "70 ans et plus", NotCommunicated}

// CoopStatuses are the social statuses counted for collective workshops.
var CoopStatuses = []string{"Scolarisé", "Sans emploi", "En emploi", "Retraité", NotCommunicated}

// CoopPlaceType is the Coop's place type of every passnum session: chèques are only redeemed at
// a place.
const CoopPlaceType = "Lieu d'activité"

// CoopValue finds v in a Coop list ignoring case and accents (« debutant », « e-mail ») and
// returns the Coop spelling; the error names the field and the choices.
func CoopValue(field string, list []string, v string) (string, error) {
	n := Normalize(v)
	for _, x := range list {
		if Normalize(x) == n && n != "" {
			return x, nil
		}
	}
	return "", Errorf(KindInvalid, "%s : %q inconnu (choix : %s)", field, strings.TrimSpace(v), strings.Join(list, ", "))
}

// CoopValues is CoopValue for each item of a list, without duplicates, in the given order.
func CoopValues(field string, list []string, vs []string) ([]string, error) {
	out := []string{}
	for _, v := range vs {
		x, err := CoopValue(field, list, v)
		if err != nil {
			return nil, err
		}
		if !contains(out, x) {
			out = append(out, x)
		}
	}
	return out, nil
}

// AutonomyRank is the position of an autonomy in CoopAutonomy, -1 when unknown.
func AutonomyRank(a string) int {
	for i, x := range CoopAutonomy {
		if x == a {
			return i
		}
	}
	return -1
}

// CoopProfile is what the Coop counts about a participant of a collective workshop.
type CoopProfile struct {
	Gender  string
	AgeBand string
	Status  string
}

// ValidateProfile checks an anonymous participant's counts, taking the Coop spelling; an empty
// field means « Non communiqué ».
func ValidateProfile(p CoopProfile) (CoopProfile, error) {
	var err error
	fields := []struct {
		name string
		list []string
		v    *string
	}{{"genre", CoopGenders, &p.Gender}, {"tranche d'âge", CoopAgeBands, &p.AgeBand}, {"statut", CoopStatuses, &p.Status}}
	for _, f := range fields {
		if strings.TrimSpace(*f.v) == "" {
			*f.v = NotCommunicated
			continue
		}
		if *f.v, err = CoopValue(f.name, f.list, *f.v); err != nil {
			return p, err
		}
	}
	return p, nil
}

// AgeBand is the Coop age band of someone born on birth, on the given day.
func AgeBand(birth, day time.Time) string {
	if birth.IsZero() {
		return NotCommunicated
	}
	age := Person{BirthDate: birth}.AgeOn(day)
	switch {
	case age < 12:
		return "Moins de 12 ans"
	case age < 18:
		return "12-17"
	case age < 25:
		return "18-24"
	case age < 40:
		return "25-39"
	case age < 60:
		return "40-59"
	case age < 70:
		return "60-69"
	}
	return "70 ans et plus"
}

// CoopStatus maps a person's status, as the programme's publics name it, onto the Coop's
// coarser list; what does not say whether the person works stays « Non communiqué ».
func CoopStatus(s Status) string {
	switch s {
	case StatusJobSeeker:
		return "Sans emploi"
	case StatusEmployee, StatusHomeHelp:
		return "En emploi"
	case StatusRetired:
		return "Retraité"
	case StatusStudent:
		return "Scolarisé"
	}
	return NotCommunicated
}

// ProfileOf is the Coop profile of a registered person on the day of a session. passnum keeps
// no gender (minimal data): it is counted as « Non communiqué ».
func ProfileOf(p Person, day time.Time) CoopProfile {
	return CoopProfile{Gender: NotCommunicated, AgeBand: AgeBand(p.BirthDate, day), Status: CoopStatus(p.Status)}
}

// AutonomyProgression says how a person's autonomy moved between the first and the last of n
// follow-ups, in the words a prescriber reads.
func AutonomyProgression(first, last string, n int) string {
	switch {
	case n == 0:
		return "non évaluée"
	case n == 1:
		return "une seule évaluation"
	}
	a, b := AutonomyRank(first), AutonomyRank(last)
	switch {
	case b > a:
		return "en progrès"
	case b < a:
		return "en recul"
	}
	return "stable"
}
