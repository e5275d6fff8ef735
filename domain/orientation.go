package domain

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Orientation: which labelled places to recommend after a diagnostic (diagnostic.md § 5).

// MaxRecommendations is how many places a diagnostic recommends.
const MaxRecommendations = 3

// RelaxRadiusKm widens the travel radius when nothing is within reach.
const RelaxRadiusKm = 10

// Tags a recommendation may carry, in the order they are listed.
const (
	TagImmediateHelp   = "aide_immediate"         // R1: someone can do the procedure now
	TagEquipment       = "materiel"               // R2: a device or a connection
	TagFreeConditional = "gratuit_sous_condition" // free only under conditions the desk must check
)

// Warnings of the orientation.
const (
	WarnNoEquipment     = "Aucune offre matériel accessible"
	WarnNoImmediateHelp = "Aucune aide immédiate accessible (France Services ou Aidants Connect faisant la démarche à votre place)"
	WarnNoPlace         = "Pas de structure labellisée correspondante : orienter vers un conseiller numérique"
)

// Recommendation is a place proposed to the person, with what the desk can tell them about it.
type Recommendation struct {
	PlaceID    string   `json:"place_id"`
	Name       string   `json:"name"`
	Score      int      `json:"score"`
	DistanceKm *float64 `json:"distance_km"` // nil when the place or the commune has no coordinates
	Tags       []string `json:"tags"`
	Reasons    []string `json:"reasons"`
}

// Exclusion is a place that was not proposed, and why.
type Exclusion struct {
	PlaceID    string `json:"place_id"`
	Name       string `json:"-"`
	Reason     string `json:"reason"`
	Unlabelled bool   `json:"-"` // bears no label the programme recognises (E1, never relaxed)
}

// Orientation is the outcome of Orient.
type Orientation struct {
	Recommendations []Recommendation
	Excluded        []Exclusion // every place not recommended, in the order places were given
	Warnings        []string
}

// National programme labels the orientation rule names, folded.
var (
	aidantsConnectLabels = foldLabels("Aidants Connect")
	immediateHelpLabels  = foldLabels("France Services", "Aidants Connect")
	equipmentLabels      = foldLabels("Emmaüs Connect", "Relais numérique", "Relais numérique (Emmaüs Connect)")
	mediatorLabels       = foldLabels("Conseillers numériques")
)

// foldLabels prepares labels for comparison without case, accents or punctuation: they are typed
// by hand in the configuration and vary across open-data files.
func foldLabels(labels ...string) []string {
	out := make([]string, len(labels))
	for i, l := range labels {
		out[i] = Normalize(l)
	}
	return out
}

func carriesAny(folded, wanted []string) bool {
	return slices.ContainsFunc(wanted, func(w string) bool { return contains(folded, w) })
}

// EffectiveModalities are the place's modalities plus "a_ma_place" when it carries the Aidants
// Connect label: the label is what entitles a mediator to act on the person's behalf.
func (p Place) EffectiveModalities() []Modality {
	out := append([]Modality(nil), p.Modalities...)
	if carriesAny(foldLabels(p.Labels...), aidantsConnectLabels) && !contains(out, ModOnMyBehalf) {
		out = append(out, ModOnMyBehalf)
	}
	return out
}

// relaxation is how far the filters were loosened to find at least one place.
type relaxation struct {
	supportWaived bool // E6: specific support other than pmr no longer required
	extraKm       int  // E5: added to the travel radius
}

type filterFailure struct {
	rule int // E-number, so reasons read in filter order
	msg  string
}

// placeEval is one place seen from one person: facts first, then the filters of one stage.
type placeEval struct {
	place          Place
	dist           float64
	hasDist        bool
	labels         []string // recognised labels, as published
	folded         []string // every effective label, folded
	mods           []Modality
	primary        bool   // covers the primary need
	others         []Need // other priority needs covered
	supportMatched []string
	supportMissing []string
	score          int
	fails          []filterFailure // E1 and E3–E7; E2 depends on the fill and is judged apart
}

func (e placeEval) passes() bool { return len(e.fails) == 0 }

// passesExceptLevel is the test of the R1/R2 guarantees: every filter but E2 and E3.
func (e placeEval) passesExceptLevel() bool {
	return !slices.ContainsFunc(e.fails, func(f filterFailure) bool { return f.rule != 3 })
}

type orienter struct {
	in         DiagnosticInput
	profile    Level
	priority   []Need
	primary    Need
	hasPrimary bool
	others     []Need   // priority needs after the primary
	recognised []string // folded
	communes   map[string]Commune
	home       Commune
	homeKnown  bool // the person's commune is in the territory
	hasHome    bool // and its centre is known
	needPMR    bool
	specific   []string // K5 supports other than pmr
}

// Orient recommends up to three places for a person of the given profile and priority needs
// (primary first), explaining every choice and every exclusion. communes gives the person's
// location (the centre of in.Commune) and stands in for places without coordinates.
func Orient(in DiagnosticInput, profile Level, priority []Need, places []Place, communes []Commune, recognisedLabels []string) Orientation {
	o := orienter{in: in, profile: profile, priority: priority, recognised: foldLabels(recognisedLabels...),
		communes: make(map[string]Commune, len(communes))}
	if len(priority) > 0 {
		o.primary, o.hasPrimary, o.others = priority[0], true, priority[1:]
	}
	for _, c := range communes {
		o.communes[c.INSEE] = c
	}
	o.home, o.homeKnown = o.communes[in.Commune]
	o.hasHome = o.homeKnown && o.home.HasCoords()
	for _, s := range in.Support {
		if s == SupportPMR {
			o.needPMR = true
		} else if !contains(o.specific, s) {
			o.specific = append(o.specific, s)
		}
	}

	out := Orientation{Recommendations: []Recommendation{}, Excluded: []Exclusion{}, Warnings: []string{}}
	switch {
	case o.homeKnown && !o.hasHome:
		out.Warnings = append(out.Warnings, fmt.Sprintf("Commune %s sans coordonnées : distances non calculées, proximité jugée par la commune, l'intercommunalité puis le département", o.home.Name))
	case !o.hasHome:
		out.Warnings = append(out.Warnings, fmt.Sprintf("Commune %s sans coordonnées : distances non calculées", in.Commune))
	}

	// Relax step by step, and only when nothing passes: E6's specific support first (an
	// accompanying person or an interpreter can make up for it), then the radius. E2 is already
	// open to every priority need through the fill, and E1 is never relaxed.
	stages := []relaxation{{}}
	if len(o.specific) > 0 {
		stages = append(stages, relaxation{supportWaived: true})
	}
	stages = append(stages, relaxation{supportWaived: len(o.specific) > 0, extraKm: RelaxRadiusKm})
	var (
		relax  relaxation
		evals  []placeEval
		ranked []placeEval
		fill   bool
	)
	facts := make([]placeEval, len(places))
	for i, p := range places {
		facts[i] = o.facts(p)
	}
	for _, relax = range stages {
		evals = make([]placeEval, len(facts))
		for i, e := range facts {
			evals[i] = o.filter(e, relax)
		}
		ranked, fill = o.candidates(evals)
		if len(ranked) > 0 {
			break
		}
	}

	list := slices.Clone(ranked[:min(len(ranked), MaxRecommendations)])
	displaced := map[string]string{}
	gs := o.guarantees()
	for i, g := range gs {
		if slices.ContainsFunc(list, g.qualifies) {
			continue
		}
		pool := slices.DeleteFunc(slices.Clone(evals), func(e placeEval) bool {
			return !e.passesExceptLevel() || !g.qualifies(e) || containsPlace(list, e.place.ID)
		})
		if len(pool) == 0 {
			out.Warnings = append(out.Warnings, g.warning)
			continue
		}
		slices.SortStableFunc(pool, rankCompare)
		if len(list) < MaxRecommendations {
			list = append(list, pool[0])
			continue
		}
		// Replace the lowest place unless it is the only one keeping an earlier guarantee.
		for j := len(list) - 1; j >= 0; j-- {
			if !soleKeeper(list, j, gs[:i]) {
				displaced[list[j].place.ID] = fmt.Sprintf("Remplacée par « %s » : %s", pool[0].place.Name, g.why)
				list[j] = pool[0]
				break
			}
		}
	}

	if len(list) == 0 {
		out.Warnings = append(out.Warnings, WarnNoPlace)
	} else {
		if relax.supportWaived {
			out.Warnings = append(out.Warnings, fmt.Sprintf(
				"Aucune structure n'offre l'accueil spécifique demandé (%s) : prévoir un accompagnant / interprète",
				supportNames(o.specific)))
		}
		if relax.extraKm > 0 {
			out.Warnings = append(out.Warnings, fmt.Sprintf("Aucune structure à portée : rayon de déplacement élargi de %d km", relax.extraKm))
		}
	}

	for _, e := range list {
		out.Recommendations = append(out.Recommendations, o.recommendation(e))
	}
	for _, e := range evals {
		if containsPlace(list, e.place.ID) {
			continue
		}
		reason, ok := displaced[e.place.ID]
		if !ok {
			reason = o.exclusionReason(e, fill, containsPlace(ranked, e.place.ID))
		}
		out.Excluded = append(out.Excluded, Exclusion{PlaceID: e.place.ID, Name: e.place.Name, Reason: reason, Unlabelled: !ok && len(e.labels) == 0})
	}
	return out
}

// candidates are the places passing every filter, ranked: those covering the primary need and,
// when they are fewer than three (fill), those covering another priority need.
func (o orienter) candidates(evals []placeEval) (ranked []placeEval, fill bool) {
	for _, e := range evals {
		if e.passes() && e.primary {
			ranked = append(ranked, e)
		}
	}
	fill = len(ranked) < MaxRecommendations
	if fill {
		for _, e := range evals {
			if e.passes() && !e.primary && len(e.others) > 0 {
				ranked = append(ranked, e)
			}
		}
	}
	slices.SortStableFunc(ranked, rankCompare)
	return ranked, fill
}

// rankCompare orders by score, then the nearest, then by name; the ID only makes ties
// deterministic.
func rankCompare(a, b placeEval) int {
	return cmp.Or(
		cmp.Compare(b.score, a.score),
		cmp.Compare(a.sortDistance(), b.sortDistance()),
		strings.Compare(a.place.Name, b.place.Name),
		strings.Compare(a.place.ID, b.place.ID),
	)
}

func (e placeEval) sortDistance() float64 {
	if !e.hasDist {
		return math.Inf(1)
	}
	return e.dist
}

func containsPlace(list []placeEval, id string) bool {
	return slices.ContainsFunc(list, func(e placeEval) bool { return e.place.ID == id })
}

// guarantee is R1 or R2: a kind of place the list must hold whatever the scores.
type guarantee struct {
	qualifies func(placeEval) bool
	why       string // reason given to the place it displaces
	warning   string // when no place qualifies
}

func (o orienter) immediateHelpApplies() bool {
	return (contains(o.priority, NeedAdmin) || contains(o.priority, NeedHealth)) &&
		(o.profile == LevelBeginner || o.in.Urgent)
}

func (o orienter) equipmentApplies() bool { return contains(o.priority, NeedAccess) }

func qualifiesImmediateHelp(e placeEval) bool {
	return carriesAny(e.folded, immediateHelpLabels) &&
		contains(e.mods, ModOnMyBehalf) && contains(e.place.Needs, NeedAdmin)
}

func qualifiesEquipment(e placeEval) bool { return contains(e.place.Needs, NeedAccess) }

func (o orienter) guarantees() []guarantee {
	var gs []guarantee
	if o.immediateHelpApplies() {
		gs = append(gs, guarantee{qualifiesImmediateHelp, "aide immédiate garantie pour une démarche", WarnNoImmediateHelp})
	}
	if o.equipmentApplies() {
		gs = append(gs, guarantee{qualifiesEquipment, "offre matériel garantie", WarnNoEquipment})
	}
	return gs
}

// soleKeeper reports whether list[j] is the only place satisfying one of the guarantees.
func soleKeeper(list []placeEval, j int, gs []guarantee) bool {
	for _, g := range gs {
		if !g.qualifies(list[j]) {
			continue
		}
		n := 0
		for _, e := range list {
			if g.qualifies(e) {
				n++
			}
		}
		if n == 1 {
			return true
		}
	}
	return false
}

// placePoint is where a place is: its coordinates, else the centre of its commune.
func (o orienter) placePoint(p Place) (lat, lon float64, ok bool) {
	if p.HasCoords {
		return p.Lat, p.Lon, true
	}
	if c, found := o.communes[p.INSEE]; found && c.HasCoords() {
		return c.Lat, c.Lon, true
	}
	return 0, 0, false
}

// Proximity without coordinates: how a place relates to the person's commune when a distance
// cannot be computed (a commune taken from the official list has no centre).
type proximity int

const (
	proxUnknown     proximity = iota
	proxDepartement           // same département
	proxEPCI                  // same intercommunalité
)

// proximity compares the place's commune with the person's, by EPCI then département.
func (o orienter) proximity(p Place) proximity {
	c, ok := o.communes[p.INSEE]
	if !ok || !o.homeKnown {
		return proxUnknown
	}
	switch {
	case c.EPCI != "" && c.EPCI == o.home.EPCI:
		return proxEPCI
	case c.Departement != "" && c.Departement == o.home.Departement:
		return proxDepartement
	}
	return proxUnknown
}

func (o orienter) serves(p Place) bool { return p.Itinerant && contains(p.Serves, o.in.Commune) }

func (o orienter) radiusKm() int {
	switch o.in.Mobility {
	case MobilityNear:
		return NearRadiusKm
	case MobilityFar:
		return FarRadiusKm
	default:
		return 0 // commune only
	}
}

// facts is what does not depend on relaxation, computed once per place.
func (o orienter) facts(p Place) placeEval {
	e := placeEval{place: p, mods: p.EffectiveModalities()}
	if lat, lon, ok := o.placePoint(p); ok && o.hasHome {
		e.dist, e.hasDist = DistanceKm(o.home.Lat, o.home.Lon, lat, lon), true
	}
	labels := p.EffectiveLabels()
	e.folded = foldLabels(labels...)
	for i, l := range labels {
		if contains(o.recognised, e.folded[i]) {
			e.labels = append(e.labels, l)
		}
	}
	e.primary = o.hasPrimary && contains(p.Needs, o.primary)
	for _, n := range o.others {
		if contains(p.Needs, n) {
			e.others = append(e.others, n)
		}
	}
	for _, s := range o.specific {
		if contains(p.Support, s) {
			e.supportMatched = append(e.supportMatched, s)
		} else {
			e.supportMissing = append(e.supportMissing, s)
		}
	}
	e.score = o.score(e)
	return e
}

// filter applies E1 and E3–E7 as loosened by relax.
func (o orienter) filter(e placeEval, relax relaxation) placeEval {
	p := e.place
	fail := func(rule int, format string, args ...any) {
		e.fails = append(e.fails, filterFailure{rule, fmt.Sprintf(format, args...)})
	}
	if len(e.labels) == 0 {
		fail(1, "aucun label reconnu")
	}
	levels := p.Levels
	if len(levels) == 0 {
		levels = AllLevels
	}
	if !contains(levels, o.profile) {
		fail(3, "n'accueille pas le niveau « %s »", LevelLabel(o.profile))
	}
	equipped := (o.in.Equipment.Smartphone || o.in.Equipment.Computer) && o.in.Equipment.Internet
	switch {
	case o.profile == LevelBeginner && !contains(e.mods, ModIndividual) && !contains(e.mods, ModOnMyBehalf):
		fail(4, "ni accompagnement individuel ni démarche faite à la place de la personne, nécessaires à un débutant")
	case len(e.mods) > 0 && !slices.ContainsFunc(e.mods, func(m Modality) bool { return m != ModDistance }) &&
		(o.profile != LevelAutonomous || !equipped):
		fail(4, "accompagnement à distance seulement : réservé à une personne autonome, équipée et connectée")
	}
	if msg := o.unreachable(e, relax); msg != "" {
		fail(5, "%s", msg)
	}
	if o.needPMR && !p.PMR {
		fail(6, "pas d'accès de plain-pied (PMR)")
	}
	if len(e.supportMissing) > 0 && !relax.supportWaived {
		fail(6, "pas d'accueil spécifique : %s", supportNames(e.supportMissing))
	}
	if o.in.FreeRequired() {
		switch p.Cost {
		case CostFree, CostFreeConditional:
		case CostPaid:
			fail(7, "payant, alors que la gratuité est demandée")
		default:
			fail(7, "gratuité non renseignée, alors qu'elle est demandée")
		}
	}
	return e
}

// unreachable says why the person cannot get to the place, "" when they can (E5).
func (o orienter) unreachable(e placeEval, relax relaxation) string {
	if e.place.INSEE == o.in.Commune || o.serves(e.place) {
		return ""
	}
	limit := o.radiusKm() + relax.extraKm
	where := ""
	if e.place.Itinerant {
		where = "itinérant ne passant pas dans votre commune, "
	}
	switch {
	case limit == 0:
		return where + "hors de votre commune"
	case !e.hasDist:
		// Without a distance, the intercommunalité stands for the near radius and the
		// département for the far one.
		switch prox := o.proximity(e.place); {
		case prox == proxEPCI:
			return ""
		case prox == proxDepartement && limit >= FarRadiusKm:
			return ""
		case prox == proxDepartement:
			return where + "distance inconnue (pas de coordonnées) et hors de votre intercommunalité"
		case o.homeKnown && o.home.EPCI != "":
			return where + "distance inconnue (pas de coordonnées) et hors de votre département"
		}
		return where + "distance inconnue (pas de coordonnées)"
	case e.dist > float64(limit):
		return fmt.Sprintf("%sà %s, au-delà de %d km", where, kmText(e.dist), limit)
	}
	return ""
}

func (o orienter) score(e placeEval) int {
	s := 3 * len(e.others)
	if e.primary {
		s += 10
	}
	switch {
	case !e.place.Itinerant && e.place.INSEE == o.in.Commune:
		s += 3
	case o.serves(e.place):
		s += 2
	default:
		s++
	}
	if o.preferenceMet(e) {
		s += 2
	}
	s += len(e.supportMatched)
	if o.labelBonus(e) {
		s += 2
	}
	return s
}

func (o orienter) preferenceMet(e placeEval) bool {
	pref := Modality(o.in.Preference)
	return (pref == ModIndividual || pref == ModCollective) && contains(e.mods, pref)
}

// labelBonus reports whether the place earns the +2 label bonus: some rule holds for the person
// AND the place carries its label. Read "first rule that matches" that way, since P2 of
// diagnostic.md § 6 needs it: B02 is a priority need, yet ST04 gets the Conseillers numériques
// bonus.
func (o orienter) labelBonus(e placeEval) bool {
	if !o.hasPrimary {
		return false
	}
	adminLike := o.primary == NeedAdmin || o.primary == NeedHealth
	return adminLike && carriesAny(e.folded, immediateHelpLabels) ||
		o.equipmentApplies() && carriesAny(e.folded, equipmentLabels) ||
		!adminLike && carriesAny(e.folded, mediatorLabels)
}

func (o orienter) recommendation(e placeEval) Recommendation {
	p := e.place
	r := Recommendation{PlaceID: p.ID, Name: p.Name, Score: e.score, Tags: []string{}, Reasons: []string{}}
	if e.hasDist {
		d := math.Round(e.dist*10) / 10
		r.DistanceKm = &d
	}
	immediate := o.immediateHelpApplies() && qualifiesImmediateHelp(e)
	equipment := o.equipmentApplies() && qualifiesEquipment(e)
	conditional := p.Cost == CostFreeConditional
	if immediate {
		r.Tags = append(r.Tags, TagImmediateHelp)
	}
	if equipment {
		r.Tags = append(r.Tags, TagEquipment)
	}
	if conditional {
		r.Tags = append(r.Tags, TagFreeConditional)
	}

	say := func(format string, args ...any) { r.Reasons = append(r.Reasons, fmt.Sprintf(format, args...)) }
	if e.primary {
		say("Besoin principal : %s", needName(o.primary))
	}
	if len(e.others) > 0 {
		say("Autres besoins prioritaires : %s", needNames(e.others))
	}
	if len(e.labels) > 0 {
		say("Labels : %s", strings.Join(e.labels, ", "))
	}
	if o.preferenceMet(e) {
		say("%s, comme souhaité", capitaliseFirst(modalityName(Modality(o.in.Preference))))
	} else if len(e.mods) > 0 {
		names := make([]string, len(e.mods))
		for i, m := range e.mods {
			names[i] = modalityName(m)
		}
		say("Modalités : %s", strings.Join(names, ", "))
	}
	switch {
	case !p.Itinerant && p.INSEE == o.in.Commune:
		say("Dans votre commune")
	case o.serves(p) && e.hasDist:
		say("Itinérant : vient dans votre commune (base à %s)", kmText(e.dist))
	case o.serves(p):
		say("Itinérant : vient dans votre commune")
	case e.hasDist:
		say("À %s", kmText(e.dist))
	case o.proximity(p) == proxEPCI:
		say("Dans votre intercommunalité (distance inconnue : pas de coordonnées)")
	case o.proximity(p) == proxDepartement:
		say("Dans votre département (distance inconnue : pas de coordonnées)")
	}
	if o.needPMR {
		say("Accès de plain-pied (PMR)")
	}
	if len(e.supportMatched) > 0 {
		say("Accueil spécifique : %s", supportNames(e.supportMatched))
	}
	if len(e.supportMissing) > 0 {
		say("Pas d'accueil spécifique (%s) : prévoir un accompagnant / interprète", supportNames(e.supportMissing))
	}
	if immediate {
		say("Aide immédiate : un aidant habilité peut faire la démarche avec ou pour la personne")
	}
	if equipment {
		say("Accès à un appareil ou à internet")
	}
	if conditional {
		say("Gratuit sous condition : vérifier les conditions d'accès")
	}
	for _, f := range e.fails {
		if f.rule == 3 { // only a guarantee lets such a place in
			say("Retenue malgré le niveau : %s", f.msg)
		}
	}
	return r
}

// exclusionReason lists every filter the place fails, so the desk can tell what would change the
// answer; a place that passes them all was only outranked.
func (o orienter) exclusionReason(e placeEval, fill, passed bool) string {
	if passed {
		return "Remplit les critères, mais d'autres structures correspondent mieux"
	}
	fails := slices.Clone(e.fails)
	if msg := o.needFailure(e, fill); msg != "" {
		fails = append(fails, filterFailure{2, msg})
	}
	slices.SortStableFunc(fails, func(a, b filterFailure) int { return cmp.Compare(a.rule, b.rule) })
	msgs := make([]string, len(fails))
	for i, f := range fails {
		msgs[i] = f.msg
	}
	return capitaliseFirst(strings.Join(msgs, " ; "))
}

// needFailure is E2 as it stood: with the fill, any priority need will do.
func (o orienter) needFailure(e placeEval, fill bool) string {
	switch {
	case !o.hasPrimary:
		return "aucun besoin identifié"
	case e.primary || (fill && len(e.others) > 0):
		return ""
	case fill && len(o.others) > 0:
		return fmt.Sprintf("ne couvre ni le besoin principal, %s, ni un autre besoin prioritaire", needName(o.primary))
	default:
		return fmt.Sprintf("ne couvre pas le besoin principal : %s", needName(o.primary))
	}
}

// needName is the need in words: the reasons are read to the person, who has no use for B05.
func needName(n Need) string {
	if info, ok := LookupNeed(n); ok {
		return info.Label
	}
	return string(n)
}

func needNames(ns []Need) string {
	names := make([]string, len(ns))
	for i, n := range ns {
		names[i] = needName(n)
	}
	return strings.Join(names, " ; ")
}

func modalityName(m Modality) string {
	switch m {
	case ModIndividual:
		return "accompagnement individuel"
	case ModCollective:
		return "atelier collectif"
	case ModAutonomy:
		return "en autonomie"
	case ModDistance:
		return "à distance"
	case ModOnMyBehalf:
		return "démarche faite à votre place (Aidants Connect)"
	}
	return string(m)
}

var supportShortNames = map[string]string{
	SupportPMR:        "PMR",
	SupportIlliteracy: "illettrisme",
	SupportLanguage:   "langue étrangère",
	SupportDeafness:   "surdité",
	SupportVisual:     "déficience visuelle",
	SupportMotor:      "handicap moteur",
	SupportMental:     "handicap mental",
}

func supportNames(codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = cmp.Or(supportShortNames[c], c)
	}
	return strings.Join(names, ", ")
}

// kmText writes a distance the French way, to the tenth: "5,9 km", "18 km".
func kmText(d float64) string {
	s := strconv.FormatFloat(math.Round(d*10)/10, 'f', -1, 64)
	return strings.Replace(s, ".", ",", 1) + " km"
}

func capitaliseFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}
