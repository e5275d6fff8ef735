package domain_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"passnum/domain"
)

// The fictitious territory of diagnostic.md § 6.
const (
	communeV  = "99001" // Villeneuve
	communeSA = "99002" // Saint-Aubin
	communeG  = "99003" // Grandville
	communeH  = "99004" // Hameau-les-Bois
)

// diagLabels are the national labels of the example table plus APTIC.
var diagLabels = []string{
	"France Services", "Aidants Connect", "Conseillers numériques",
	"Bibliothèques numérique de référence", "Emmaüs Connect", "APTIC",
}

// diagOffset moves north and east of a point by kilometres, on the sphere DistanceKm uses.
func diagOffset(lat, lon, northKm, eastKm float64) (float64, float64) {
	const kmPerDegree = 6371.0 * math.Pi / 180
	return lat + northKm/kmPerDegree, lon + eastKm/(kmPerDegree*math.Cos(lat*math.Pi/180))
}

// diagCommunes lays the four communes out so that the four distances of § 6 hold: G is 18 km
// due north of V, SA closes the triangle V–SA 6 km / SA–G 14 km (in the plane, x² + y² = 36 and
// x² + (y − 18)² = 196 give y = 41/9 km north, x = √(36 − y²) east), H is 9 km due south of V.
// TestDiagCommuneDistances checks the result with DistanceKm.
func diagCommunes() []domain.Commune {
	const vLat, vLon = 49.26, 2.47
	y := 41.0 / 9
	x := math.Sqrt(36 - y*y)
	saLat, saLon := diagOffset(vLat, vLon, y, x)
	gLat, gLon := diagOffset(vLat, vLon, 18, 0)
	hLat, hLon := diagOffset(vLat, vLon, -9, 0)
	return []domain.Commune{
		{INSEE: communeV, Name: "Villeneuve", Lat: vLat, Lon: vLon},
		{INSEE: communeSA, Name: "Saint-Aubin", Lat: saLat, Lon: saLon},
		{INSEE: communeG, Name: "Grandville", Lat: gLat, Lon: gLon},
		{INSEE: communeH, Name: "Hameau-les-Bois", Lat: hLat, Lon: hLon},
	}
}

func diagCommune(insee string) domain.Commune {
	for _, c := range diagCommunes() {
		if c.INSEE == insee {
			return c
		}
	}
	panic("no commune " + insee)
}

// diagPlace puts a place at the centre of its commune.
func diagPlace(p domain.Place) domain.Place {
	c := diagCommune(p.INSEE)
	p.Commune, p.Lat, p.Lon, p.HasCoords = c.Name, c.Lat, c.Lon, true
	return p
}

func diagNeeds(s string) []domain.Need {
	var out []domain.Need
	for _, f := range strings.Fields(s) {
		out = append(out, domain.Need(f))
	}
	return out
}

var (
	levelsDebProg  = []domain.Level{domain.LevelBeginner, domain.LevelProgressing}
	levelsProgAuto = []domain.Level{domain.LevelProgressing, domain.LevelAutonomous}
)

// diagPlaces is the table of § 6, ST01 to ST07.
func diagPlaces() []domain.Place {
	return []domain.Place{
		diagPlace(domain.Place{ID: "ST01", Name: "France Services de Villeneuve", INSEE: communeV,
			Labels: []string{"France Services", "Aidants Connect"}, Needs: diagNeeds("B05 B09"),
			Modalities: []domain.Modality{domain.ModIndividual, domain.ModOnMyBehalf},
			Support:    []string{domain.SupportIlliteracy}, PMR: true, Cost: domain.CostFree}),
		diagPlace(domain.Place{ID: "ST02", Name: "Espace numérique municipal", INSEE: communeV,
			Labels: []string{"Conseillers numériques"}, Qualified: true, Needs: diagNeeds("B01 B03 B04 B05 B07 B10"),
			Levels: levelsDebProg, Modalities: []domain.Modality{domain.ModIndividual, domain.ModCollective},
			PMR: true, Cost: domain.CostFree}),
		diagPlace(domain.Place{ID: "ST03", Name: "Médiathèque – ateliers numériques", INSEE: communeSA,
			Labels: []string{"Conseillers numériques", "Bibliothèques numérique de référence"},
			Needs:  diagNeeds("B03 B04 B07 B08 B10 B12"), Levels: levelsProgAuto,
			Modalities: []domain.Modality{domain.ModCollective, domain.ModAutonomy}, PMR: true, Cost: domain.CostFree}),
		diagPlace(domain.Place{ID: "ST04", Name: "Atelier Emploi Numérique", INSEE: communeV,
			Labels: []string{"Conseillers numériques"}, Needs: diagNeeds("B06 B10 B04 B01"), Levels: levelsProgAuto,
			Modalities: []domain.Modality{domain.ModCollective, domain.ModIndividual}, PMR: false, Cost: domain.CostFree}),
		diagPlace(domain.Place{ID: "ST05", Name: "Emmaüs Connect – point d'accueil", INSEE: communeG,
			Labels: []string{"Emmaüs Connect"}, Needs: diagNeeds("B02 B01 B03"), Levels: levelsDebProg,
			Modalities: []domain.Modality{domain.ModIndividual, domain.ModCollective}, PMR: true,
			Cost: domain.CostFreeConditional}),
		diagPlace(domain.Place{ID: "ST06", Name: "Bus numérique départemental", INSEE: communeG,
			Itinerant: true, Serves: []string{communeV, communeH},
			Labels: []string{"Conseillers numériques"}, Needs: diagNeeds("B01 B03 B04 B05"), Levels: levelsDebProg,
			Modalities: []domain.Modality{domain.ModIndividual}, PMR: true, Cost: domain.CostFree}),
		diagPlace(domain.Place{ID: "ST07", Name: "Cyber-Formation Pro", INSEE: communeV,
			Needs:      diagNeeds("B01 B06 B10"),
			Modalities: []domain.Modality{domain.ModIndividual, domain.ModCollective}, PMR: true, Cost: domain.CostPaid}),
	}
}

func diagP1() domain.DiagnosticInput {
	return domain.DiagnosticInput{
		Commune: communeV, Motifs: []domain.Need{"B05"},
		Equipment: domain.Equipment{Smartphone: true, Internet: true},
		Mobility:  domain.MobilityCommune, Support: []string{domain.SupportPMR},
		Preference: domain.PrefIndividual, Urgent: true,
		Answers: diagAnswers(1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0),
	}
}

func diagP2() domain.DiagnosticInput {
	return domain.DiagnosticInput{
		Commune: communeV, Motifs: []domain.Need{"B06"},
		Equipment: domain.Equipment{Smartphone: true, Internet: true},
		Mobility:  domain.MobilityFar, Preference: domain.PrefCollective,
		Answers: diagAnswers(3, 1, 1, 3, 2, 1, 3, 1, 2, 2, 0, 1, 2, 1),
	}
}

func diagP3() domain.DiagnosticInput {
	return domain.DiagnosticInput{
		Commune: communeSA, Motifs: []domain.Need{"B08"},
		Equipment: domain.Equipment{Smartphone: true, Computer: true, Internet: true},
		Mobility:  domain.MobilityNear, Preference: domain.PrefCollective,
		Answers: diagAnswers(3, 3, 2, 3, 3, 2, 3, 3, 3, 2, 3, 2, 1, 2),
	}
}

func TestDiagCommuneDistances(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		km   float64
	}{{communeV, communeSA, 6}, {communeV, communeG, 18}, {communeSA, communeG, 14}, {communeV, communeH, 9}} {
		a, b := diagCommune(tc.a), diagCommune(tc.b)
		if d := domain.DistanceKm(a.Lat, a.Lon, b.Lat, b.Lon); math.Abs(d-tc.km) > 0.5 {
			t.Errorf("%s–%s = %.2f km, want %.0f", a.Name, b.Name, d, tc.km)
		}
	}
}

type diagDomainWant struct {
	level domain.Level
	pix   int
}

type diagExample struct {
	name     string
	in       domain.DiagnosticInput
	domains  map[domain.DiagDomain]diagDomainWant
	profile  domain.Level
	priority []domain.Need
	others   []domain.Need
	ids      []string
	scores   []int
	tags     [][]string
}

func TestDiagnoseWorkedExamples(t *testing.T) {
	deb, prog, auto := domain.LevelBeginner, domain.LevelProgressing, domain.LevelAutonomous
	for _, ex := range []diagExample{
		{
			name: "P1", in: diagP1(),
			domains: map[domain.DiagDomain]diagDomainWant{
				domain.DomENV: {deb, 0}, domain.DomINF: {deb, 0}, domain.DomCOM: {deb, 0}, domain.DomCRE: {deb, 0}, domain.DomSEC: {deb, 1},
			},
			profile:  deb,
			priority: diagNeeds("B05 B01 B03"), others: diagNeeds("B04 B10 B07"),
			ids: []string{"ST02", "ST06", "ST01"}, scores: []int{21, 20, 17},
			tags: [][]string{{}, {}, {"aide_immediate"}},
		},
		{
			name: "P2", in: diagP2(),
			domains: map[domain.DiagDomain]diagDomainWant{
				domain.DomENV: {prog, 2}, domain.DomINF: {auto, 2}, domain.DomCOM: {auto, 2}, domain.DomCRE: {deb, 1}, domain.DomSEC: {prog, 2},
			},
			profile:  prog,
			priority: diagNeeds("B06 B02 B01"), others: diagNeeds("B03 B04 B10 B07"),
			ids: []string{"ST04", "ST05", "ST02"}, scores: []int{20, 11, 10},
			tags: [][]string{{}, {"materiel", "gratuit_sous_condition"}, {}},
		},
		{
			name: "P3", in: diagP3(),
			domains: map[domain.DiagDomain]diagDomainWant{
				domain.DomENV: {auto, 3}, domain.DomINF: {auto, 3}, domain.DomCOM: {auto, 3}, domain.DomCRE: {auto, 3}, domain.DomSEC: {prog, 2},
			},
			profile:  auto,
			priority: diagNeeds("B08 B07"), others: []domain.Need{},
			ids: []string{"ST03"}, scores: []int{20},
			tags: [][]string{{}},
		},
	} {
		t.Run(ex.name, func(t *testing.T) {
			if err := ex.in.Validate(func(insee string) bool { return strings.HasPrefix(insee, "9900") }); err != nil {
				t.Fatal(err)
			}
			res := domain.Diagnose(ex.in, diagPlaces(), diagCommunes(), diagLabels)
			if res.Status != domain.DiagComplete {
				t.Fatalf("status %s", res.Status)
			}
			for d, want := range ex.domains {
				if got := res.Domains[d]; got.Level != want.level || got.Pix != want.pix {
					t.Errorf("%s = %+v, want %s / Pix %d", d, got, want.level, want.pix)
				}
			}
			if res.Profile != ex.profile {
				t.Errorf("profile %s, want %s", res.Profile, ex.profile)
			}
			if !slices.Equal(res.Needs.Priority, ex.priority) || !slices.Equal(res.Needs.Others, ex.others) {
				t.Errorf("needs %+v, want priority %v others %v", res.Needs, ex.priority, ex.others)
			}
			var ids []string
			var scores []int
			for _, r := range res.Recommendations {
				ids = append(ids, r.PlaceID)
				scores = append(scores, r.Score)
			}
			if !slices.Equal(ids, ex.ids) || !slices.Equal(scores, ex.scores) {
				t.Fatalf("recommended %v scores %v, want %v %v\n%+v", ids, scores, ex.ids, ex.scores, res)
			}
			for i, r := range res.Recommendations {
				if !slices.Equal(r.Tags, ex.tags[i]) {
					t.Errorf("%s tags %v, want %v", r.PlaceID, r.Tags, ex.tags[i])
				}
				if len(r.Reasons) == 0 {
					t.Errorf("%s has no reasons", r.PlaceID)
				}
			}
			if got := len(res.Recommendations) + len(res.Excluded); got != len(diagPlaces()) {
				t.Errorf("%d places accounted for, want every one of %d", got, len(diagPlaces()))
			}
			for _, e := range res.Excluded {
				if e.Reason == "" {
					t.Errorf("%s excluded without a reason", e.PlaceID)
				}
			}
			if got := slices.Contains(res.Advice, domain.AdviceSelfStudy); got != (ex.profile == auto) {
				t.Errorf("R3 advice present = %v, want %v: %v", got, ex.profile == auto, res.Advice)
			}
			if !slices.Contains(res.Advice, domain.DiagNotice) {
				t.Errorf("advice lacks the indicative notice: %v", res.Advice)
			}
			if len(res.Warnings) != 0 {
				t.Errorf("warnings %v, want none", res.Warnings)
			}
		})
	}
}

func diagExcluded(t *testing.T, res domain.DiagnosticResult, id string) string {
	t.Helper()
	for _, e := range res.Excluded {
		if e.PlaceID == id {
			return e.Reason
		}
	}
	t.Fatalf("%s is not excluded: %+v", id, res)
	return ""
}

func diagRecommended(res domain.DiagnosticResult) []string {
	var ids []string
	for _, r := range res.Recommendations {
		ids = append(ids, r.PlaceID)
	}
	return ids
}

func TestOrientExclusionReasons(t *testing.T) {
	p1 := domain.Diagnose(diagP1(), diagPlaces(), diagCommunes(), diagLabels)
	for id, fragments := range map[string][]string{
		"ST07": {"Aucun label reconnu", "payant"},
		"ST03": {"Ne couvre pas le besoin principal : Démarches administratives en ligne", "« débutant »", "hors de votre commune"},
		"ST04": {"« débutant »", "PMR"},
	} {
		reason := diagExcluded(t, p1, id)
		for _, f := range fragments {
			if !strings.Contains(reason, f) {
				t.Errorf("P1 %s: %q lacks %q", id, reason, f)
			}
		}
	}

	p2 := domain.Diagnose(diagP2(), diagPlaces(), diagCommunes(), diagLabels)
	// Outranked: said in words, the points stay out of what the person hears.
	if r := diagExcluded(t, p2, "ST06"); !strings.Contains(r, "d'autres structures correspondent mieux") || strings.Contains(r, "score") {
		t.Errorf("P2 ST06 was outranked: %q", r)
	}
	if r := diagExcluded(t, p2, "ST01"); !strings.Contains(r, "ni un autre besoin prioritaire") {
		t.Errorf("P2 ST01: %q", r)
	}
	if r := diagExcluded(t, p2, "ST03"); !strings.Contains(r, "ni un autre besoin prioritaire") {
		t.Errorf("P2 ST03 covers B03, not a priority need: %q", r)
	}

	p3 := domain.Diagnose(diagP3(), diagPlaces(), diagCommunes(), diagLabels)
	if r := diagExcluded(t, p3, "ST02"); !strings.Contains(r, "N'accueille pas le niveau « autonome »") {
		t.Errorf("P3 ST02: %q", r)
	}
	if r := diagExcluded(t, p3, "ST05"); !strings.Contains(r, "au-delà de 10 km") {
		t.Errorf("P3 ST05 is 14 km away: %q", r)
	}
}

func TestOrientRecommendationReasons(t *testing.T) {
	p1 := domain.Diagnose(diagP1(), diagPlaces(), diagCommunes(), diagLabels)
	want := map[string][]string{
		"ST02": {"Besoin principal : Démarches administratives en ligne", "Labels : Conseillers numériques, APTIC", "Dans votre commune"},
		"ST06": {"Itinérant : vient dans votre commune"},
		"ST01": {"Aide immédiate", "Accompagnement individuel, comme souhaité"},
	}
	for _, r := range p1.Recommendations {
		all := strings.Join(r.Reasons, "\n")
		for _, w := range want[r.PlaceID] {
			if !strings.Contains(all, w) {
				t.Errorf("%s reasons %q lack %q", r.PlaceID, r.Reasons, w)
			}
		}
	}
	if d := p1.Recommendations[1].DistanceKm; d == nil || math.Abs(*d-18) > 0.5 {
		t.Errorf("ST06 distance = %v, want its base 18 km away", d)
	}
}

func TestOrientImmediateHelpReplacesThird(t *testing.T) {
	// A fourth place covering B05 pushes ST01 out of the top 3; R1 brings it back in third place.
	places := append(diagPlaces(), diagPlace(domain.Place{ID: "ST08", Name: "Maison de quartier", INSEE: communeV,
		Labels: []string{"Conseillers numériques"}, Needs: diagNeeds("B05 B01 B03"),
		Modalities: []domain.Modality{domain.ModIndividual}, PMR: true, Cost: domain.CostFree}))
	res := domain.Diagnose(diagP1(), places, diagCommunes(), diagLabels)
	if got := diagRecommended(res); !slices.Equal(got, []string{"ST02", "ST08", "ST01"}) {
		t.Fatalf("recommended %v, want ST02 ST08 ST01", got)
	}
	if r := diagExcluded(t, res, "ST06"); !strings.Contains(r, "Remplacée par « France Services de Villeneuve »") {
		t.Errorf("ST06: %q", r)
	}

	// Without a France Services / Aidants Connect place within reach the desk is warned.
	res = domain.Diagnose(diagP1(), slices.DeleteFunc(diagPlaces(), func(p domain.Place) bool { return p.ID == "ST01" }), diagCommunes(), diagLabels)
	if !slices.Contains(res.Warnings, domain.WarnNoImmediateHelp) {
		t.Errorf("warnings %v", res.Warnings)
	}
}

func TestOrientImmediateHelpIgnoresLevel(t *testing.T) {
	// R1 waives E3: a France Services for progressing people still serves an urgent beginner.
	places := diagPlaces()
	places[0].Levels = levelsProgAuto
	places = append(places, diagPlace(domain.Place{ID: "ST08", Name: "Maison de quartier", INSEE: communeV,
		Labels: []string{"Conseillers numériques"}, Needs: diagNeeds("B05"),
		Modalities: []domain.Modality{domain.ModIndividual}, PMR: true, Cost: domain.CostFree}))
	res := domain.Diagnose(diagP1(), places, diagCommunes(), diagLabels)
	if got := diagRecommended(res); !slices.Equal(got, []string{"ST02", "ST06", "ST01"}) {
		t.Fatalf("recommended %v, want ST01 kept by R1", got)
	}
	if tags := res.Recommendations[2].Tags; !slices.Equal(tags, []string{domain.TagImmediateHelp}) {
		t.Errorf("ST01 tags %v", tags)
	}
	if r := diagExcluded(t, res, "ST08"); !strings.Contains(r, "Remplacée") {
		t.Errorf("ST08: %q", r)
	}
}

func TestOrientNoEquipmentOffer(t *testing.T) {
	places := slices.DeleteFunc(diagPlaces(), func(p domain.Place) bool { return p.ID == "ST05" })
	res := domain.Diagnose(diagP2(), places, diagCommunes(), diagLabels)
	if !slices.Contains(res.Warnings, domain.WarnNoEquipment) {
		t.Errorf("warnings %v, want %q", res.Warnings, domain.WarnNoEquipment)
	}
	if got := diagRecommended(res); !slices.Equal(got, []string{"ST04", "ST02", "ST06"}) {
		t.Errorf("recommended %v", got)
	}
}

func TestOrientSupportRelaxed(t *testing.T) {
	// Nobody offers sign language: rather than nothing, the places are shown with a warning.
	in := diagP1()
	in.Support = []string{domain.SupportPMR, domain.SupportDeafness}
	res := domain.Diagnose(in, diagPlaces(), diagCommunes(), diagLabels)
	if got := diagRecommended(res); !slices.Equal(got, []string{"ST02", "ST06", "ST01"}) {
		t.Errorf("recommended %v", got)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "prévoir un accompagnant / interprète") {
		t.Errorf("warnings %v", res.Warnings)
	}

	// A matched support is worth a point and is never relaxed away.
	in.Support = []string{domain.SupportPMR, domain.SupportIlliteracy}
	res = domain.Diagnose(in, diagPlaces(), diagCommunes(), diagLabels)
	if got := diagRecommended(res); !slices.Equal(got, []string{"ST01"}) || res.Recommendations[0].Score != 18 {
		t.Errorf("recommended %v, want ST01 alone with 18 points: %+v", got, res.Recommendations)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings %v", res.Warnings)
	}
}

func TestOrientRadiusRelaxed(t *testing.T) {
	// From Hameau-les-Bois, commune only, with the bus gone: Villeneuve (9 km) comes into reach.
	in := diagP2()
	in.Commune, in.Mobility = communeH, domain.MobilityCommune
	places := slices.DeleteFunc(diagPlaces(), func(p domain.Place) bool { return p.ID == "ST06" })
	res := domain.Diagnose(in, places, diagCommunes(), diagLabels)
	if got := diagRecommended(res); !slices.Equal(got, []string{"ST04", "ST02"}) {
		t.Fatalf("recommended %v, want ST04 ST02", got)
	}
	if res.Recommendations[0].Score != 18 {
		t.Errorf("ST04 score %d, want 10 + 3 (B01) + 1 + 2 + 2", res.Recommendations[0].Score)
	}
	if !slices.ContainsFunc(res.Warnings, func(w string) bool { return strings.Contains(w, "élargi de 10 km") }) {
		t.Errorf("warnings %v", res.Warnings)
	}
	// ST05 (Grandville, 27 km) stays out of reach, so R2 cannot be met.
	if !slices.Contains(res.Warnings, domain.WarnNoEquipment) {
		t.Errorf("warnings %v", res.Warnings)
	}

	// With the bus, which serves Hameau-les-Bois, nothing needs relaxing.
	res = domain.Diagnose(in, diagPlaces(), diagCommunes(), diagLabels)
	if got := diagRecommended(res); !slices.Equal(got, []string{"ST06"}) {
		t.Errorf("recommended %v, want the bus", got)
	}
}

func TestOrientNoLabelledPlace(t *testing.T) {
	// E1 is never relaxed: with no recognised label there is nothing to recommend.
	res := domain.Diagnose(diagP1(), diagPlaces(), diagCommunes(), []string{"Label inconnu"})
	if len(res.Recommendations) != 0 || len(res.Excluded) != len(diagPlaces()) {
		t.Fatalf("recommendations %v excluded %d", res.Recommendations, len(res.Excluded))
	}
	if !slices.Contains(res.Warnings, domain.WarnNoPlace) {
		t.Errorf("warnings %v", res.Warnings)
	}
}

func TestOrientDistanceOnly(t *testing.T) {
	online := diagPlace(domain.Place{ID: "WEB", Name: "Permanence en ligne", INSEE: communeSA,
		Labels: []string{"Conseillers numériques"}, Needs: diagNeeds("B08"),
		Modalities: []domain.Modality{domain.ModDistance}, Cost: domain.CostFree})
	p3 := diagP3()
	res := domain.Diagnose(p3, []domain.Place{online}, diagCommunes(), diagLabels)
	if got := diagRecommended(res); !slices.Equal(got, []string{"WEB"}) {
		t.Errorf("an autonomous, equipped person may be sent online: %v", got)
	}
	p3.Equipment.Internet = false
	res = domain.Diagnose(p3, []domain.Place{online}, diagCommunes(), diagLabels)
	if r := diagExcluded(t, res, "WEB"); !strings.Contains(r, "à distance seulement") {
		t.Errorf("without a connection: %q", r)
	}
}

func TestEffectiveModalities(t *testing.T) {
	p := domain.Place{Labels: []string{"Aidants Connect"}, Modalities: []domain.Modality{domain.ModIndividual}}
	if got := p.EffectiveModalities(); !slices.Equal(got, []domain.Modality{domain.ModIndividual, domain.ModOnMyBehalf}) {
		t.Errorf("modalities %v", got)
	}
	if len(p.Modalities) != 1 {
		t.Error("the place's own modalities must not change")
	}
}
