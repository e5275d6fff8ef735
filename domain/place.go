package domain

import "time"

// Level is a digital-autonomy level, shared by the diagnostic and the places' accepted levels.
type Level string

const (
	LevelNotEvaluated Level = "non_evalue"
	LevelBeginner     Level = "debutant"
	LevelProgressing  Level = "en_progression"
	LevelAutonomous   Level = "autonome"
)

// AllLevels is the default set of levels a place accepts.
var AllLevels = []Level{LevelBeginner, LevelProgressing, LevelAutonomous}

// Modality is how a place accompanies people (diagnostic.md § 5).
type Modality string

const (
	ModIndividual Modality = "individuel"
	ModCollective Modality = "collectif"
	ModAutonomy   Modality = "autonomie"
	ModDistance   Modality = "distance"
	ModOnMyBehalf Modality = "a_ma_place" // Aidants Connect: the mediator acts for the person
)

// Cost is what a place charges.
type Cost string

const (
	CostFree            Cost = "gratuit"
	CostFreeConditional Cost = "gratuit_sous_condition"
	CostPaid            Cost = "payant"
)

// Place is a lieu de médiation numérique, as imported from the national open-data standard and
// completed locally (qualification for the programme, levels, needs, pmr, communes served).
type Place struct {
	ID         string
	Pivot      string
	Name       string
	Commune    string // commune name as published
	PostalCode string
	INSEE      string
	Address    string
	Lat, Lon   float64
	HasCoords  bool
	Phone      string
	Email      string
	Website    string
	Hours      string // OSM opening_hours syntax, shown as is
	Summary    string
	Services   []string // national v1 service names
	Labels     []string // national programmes and formation labels as published
	Qualified  bool     // qualified (APTIC) for the local programme: adds the "APTIC" label
	Levels     []Level
	Needs      []Need // derived from services unless a coordinator set them
	NeedsSet   bool   // true when Needs were edited by hand and must survive re-imports
	Modalities []Modality
	Support    []string // prise en charge spécifique: pmr excluded, see PMR
	PMR        bool
	Cost       Cost
	Itinerant  bool
	Serves     []string // INSEE codes an itinerant place serves
	UpdatedAt  time.Time
}

// EffectiveLabels are the place's labels plus "APTIC" when it is qualified for the programme.
func (p Place) EffectiveLabels() []string {
	out := append([]string(nil), p.Labels...)
	if p.Qualified && !contains(out, "APTIC") {
		out = append(out, "APTIC")
	}
	return out
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
