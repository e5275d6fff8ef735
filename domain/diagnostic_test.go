package domain_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"passnum/domain"
)

// diagAnswers builds the answers map from Q01..Q14 in order; -1 stands for « pas concerné ».
func diagAnswers(values ...int) map[string]*int {
	out := map[string]*int{}
	for i, v := range values {
		code := domain.DiagItems[i].Code
		if v < 0 {
			out[code] = nil
			continue
		}
		out[code] = &v
	}
	return out
}

func TestDiagItemsTable(t *testing.T) {
	if len(domain.DiagItems) != 14 {
		t.Fatalf("%d items, want 14", len(domain.DiagItems))
	}
	// The Pix codes and item codes are stable keys: check a few against diagnostic.md § 2.
	for code, want := range map[string]struct {
		dom domain.DiagDomain
		pix string
	}{
		"Q01": {domain.DomENV, "5.2"}, "Q03": {domain.DomENV, "5.1"}, "Q06": {domain.DomINF, "1.1"},
		"Q10": {domain.DomCOM, "2.4"}, "Q12": {domain.DomCRE, "3.2"}, "Q14": {domain.DomSEC, "4.2"},
	} {
		it, ok := domain.LookupDiagItem(code)
		if !ok || it.Domain != want.dom || it.Pix != want.pix {
			t.Errorf("%s = %+v, want domain %s pix %s", code, it, want.dom, want.pix)
		}
	}
	if domain.DiagItems[0].Domain != domain.DomENV || domain.DiagDomains[0].Code != domain.DomENV {
		t.Error("ENV must be shown first")
	}
	if q := domain.DiagItems[0].Question(); !strings.HasPrefix(q, "Est-ce que vous savez vous servir") {
		t.Errorf("question = %q", q)
	}
	if len(domain.AnswerScale) != 5 || domain.AnswerScale[4].Value != nil || *domain.AnswerScale[3].Value != 3 {
		t.Errorf("answer scale = %+v", domain.AnswerScale)
	}
}

func TestDomainLevelThresholds(t *testing.T) {
	for _, tc := range []struct {
		sum, n int
		level  domain.Level
		pix    int
	}{
		{0, 0, domain.LevelNotEvaluated, 0},
		{0, 3, domain.LevelBeginner, 0},
		{1, 3, domain.LevelBeginner, 0}, // mean 0.33 < 0.5
		{2, 4, domain.LevelBeginner, 1}, // mean 0.5: Pix 1, still below 1
		{2, 3, domain.LevelBeginner, 1},
		{3, 3, domain.LevelProgressing, 1}, // mean 1: S = n
		{3, 2, domain.LevelProgressing, 2}, // mean 1.5
		{5, 3, domain.LevelProgressing, 2},
		{6, 3, domain.LevelAutonomous, 2}, // mean 2: S = 2n
		{5, 2, domain.LevelAutonomous, 3}, // mean 2.5
		{3, 1, domain.LevelAutonomous, 3},
	} {
		if got := domain.DomainLevel(tc.sum, tc.n); got != tc.level {
			t.Errorf("DomainLevel(%d, %d) = %s, want %s", tc.sum, tc.n, got, tc.level)
		}
		if got := domain.PixBenchmark(tc.sum, tc.n); got != tc.pix {
			t.Errorf("PixBenchmark(%d, %d) = %d, want %d", tc.sum, tc.n, got, tc.pix)
		}
	}
}

func TestOverallProfile(t *testing.T) {
	for _, tc := range []struct {
		name    string
		answers map[string]*int
		want    domain.Level
	}{
		{"device gate: ENV beginner, the rest fluent", diagAnswers(0, 0, 1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3), domain.LevelBeginner},
		{"overall mean below 1", diagAnswers(2, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1), domain.LevelBeginner},
		{"fluent but one domain beginner", diagAnswers(3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 3, 3), domain.LevelProgressing},
		{"fluent everywhere", diagAnswers(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2), domain.LevelAutonomous},
		{"unanswered domain does not block autonome", diagAnswers(3, 3, 3, 3, 3, 3, 3, 3, 3, 3, -1, -1, 3, 3), domain.LevelAutonomous},
		{"ENV not answered: no gate", diagAnswers(-1, -1, -1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1), domain.LevelProgressing},
		{"nothing answered", diagAnswers(), domain.LevelNotEvaluated},
	} {
		if got := domain.OverallProfile(tc.answers); got != tc.want {
			t.Errorf("%s: profile %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestDetectNeeds(t *testing.T) {
	fluent := diagAnswers(3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3)
	equipped := domain.Equipment{Smartphone: true, Computer: true, Internet: true}
	phoneOnly := domain.Equipment{Smartphone: true, Internet: true}
	for _, tc := range []struct {
		name string
		in   domain.DiagnosticInput
		want []domain.Need
	}{
		{"motifs only, in order", domain.DiagnosticInput{Motifs: []domain.Need{"B09", "B05"}, Equipment: equipped, Answers: fluent}, []domain.Need{"B09", "B05"}},
		{"no device at all", domain.DiagnosticInput{Motifs: []domain.Need{"B05"}, Equipment: domain.Equipment{Internet: true}, Answers: fluent}, []domain.Need{"B05", "B02"}},
		{"no connection", domain.DiagnosticInput{Motifs: []domain.Need{"B05"}, Equipment: domain.Equipment{Smartphone: true, Computer: true}, Answers: fluent}, []domain.Need{"B05", "B02"}},
		{"job without a computer", domain.DiagnosticInput{Motifs: []domain.Need{"B06"}, Equipment: phoneOnly, Answers: fluent}, []domain.Need{"B06", "B02"}},
		{"documents without a computer", domain.DiagnosticInput{Motifs: []domain.Need{"B10"}, Equipment: phoneOnly, Answers: fluent}, []domain.Need{"B10", "B02"}},
		{"admin without a computer is fine", domain.DiagnosticInput{Motifs: []domain.Need{"B05"}, Equipment: phoneOnly, Answers: fluent}, []domain.Need{"B05"}},
		{"derived order, motif not repeated", domain.DiagnosticInput{
			Motifs: []domain.Need{"B07"}, Equipment: domain.Equipment{}, Answers: diagAnswers(1, 3, 3, 3, 0, 3, 3, 1, 0, 3, 3, 3, 1, 3),
		}, []domain.Need{"B07", "B02", "B01", "B05", "B04", "B10"}},
		{"2 is not weak, null ignored", domain.DiagnosticInput{Equipment: equipped, Answers: diagAnswers(2, -1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2)}, nil},
		{"each item rule", domain.DiagnosticInput{Equipment: equipped, Answers: diagAnswers(3, 3, 1, 3, 3, 0, 3, 1, 3, 0, 3, 1, 3, 0)},
			[]domain.Need{"B01", "B03", "B05", "B04", "B10", "B07"}},
	} {
		if got := domain.DetectNeeds(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("%s: needs %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestSplitNeeds(t *testing.T) {
	n := domain.SplitNeeds([]domain.Need{"B05", "B01", "B03", "B04"})
	if !slices.Equal(n.Priority, []domain.Need{"B05", "B01", "B03"}) || !slices.Equal(n.Others, []domain.Need{"B04"}) {
		t.Errorf("split = %+v", n)
	}
	if p, ok := n.Primary(); !ok || p != "B05" {
		t.Errorf("primary = %s, %v", p, ok)
	}
	short := domain.SplitNeeds([]domain.Need{"B08"})
	if !slices.Equal(short.Priority, []domain.Need{"B08"}) || short.Others == nil || len(short.Others) != 0 {
		t.Errorf("split = %#v", short)
	}
}

func TestDiagnoseIncomplete(t *testing.T) {
	in := diagP1()
	in.Answers = diagAnswers(1, 0, 0, 0, 1, 0, -1, -1, -1, -1, -1, -1, -1, -1) // 6 answered
	res := domain.Diagnose(in, diagPlaces(), diagCommunes(), diagLabels)
	if res.Status != domain.DiagIncomplete || res.Profile != "" {
		t.Fatalf("status %s profile %q, want incomplet without profile", res.Status, res.Profile)
	}
	if len(res.Recommendations) != 0 || len(res.Excluded) != 0 {
		t.Errorf("recommendations %v excluded %v, want none", res.Recommendations, res.Excluded)
	}
	if !slices.Contains(res.Advice, domain.AdviceFullDiagnostic) || !strings.Contains(domain.AdviceFullDiagnostic, "ABC Diag") {
		t.Errorf("advice = %v", res.Advice)
	}
	if res.Domains[domain.DomCOM].Level != domain.LevelNotEvaluated {
		t.Errorf("COM = %+v, want non_evalue", res.Domains[domain.DomCOM])
	}

	one := 1
	in.Answers["Q07"] = &one // the 7th answer makes it complete
	if res := domain.Diagnose(in, diagPlaces(), diagCommunes(), diagLabels); res.Status != domain.DiagComplete {
		t.Errorf("7 answers: status %s, want complet", res.Status)
	}
}

func TestValidate(t *testing.T) {
	known := func(insee string) bool { return insee == communeV }
	four := 4
	minus := -1
	for _, tc := range []struct {
		name   string
		change func(*domain.DiagnosticInput)
		wants  []string // fragments of the message: the field, then the value
	}{
		{"unknown item", func(in *domain.DiagnosticInput) { in.Answers["Q15"] = nil }, []string{"answers.Q15", "question inconnue"}},
		{"answer above 3", func(in *domain.DiagnosticInput) { in.Answers["Q03"] = &four }, []string{"answers.Q03", "4"}},
		{"negative answer", func(in *domain.DiagnosticInput) { in.Answers["Q01"] = &minus }, []string{"answers.Q01", "-1"}},
		{"unknown motif", func(in *domain.DiagnosticInput) { in.Motifs = []domain.Need{"B13"} }, []string{"motifs", "B13"}},
		{"three motifs", func(in *domain.DiagnosticInput) { in.Motifs = []domain.Need{"B05", "B06", "B01"} }, []string{"motifs", "3 motifs", "2 au plus"}},
		{"repeated motif", func(in *domain.DiagnosticInput) { in.Motifs = []domain.Need{"B05", "B05"} }, []string{"motifs", "deux fois"}},
		{"unknown commune", func(in *domain.DiagnosticInput) { in.Commune = "99999" }, []string{"commune", "99999"}},
		{"missing commune", func(in *domain.DiagnosticInput) { in.Commune = "" }, []string{"commune", "manquant"}},
		{"unknown mobility", func(in *domain.DiagnosticInput) { in.Mobility = "voiture" }, []string{"mobility", "voiture"}},
		{"missing mobility", func(in *domain.DiagnosticInput) { in.Mobility = "" }, []string{"mobility", "valeur manquante", "commune, proche, loin"}},
		{"unknown preference", func(in *domain.DiagnosticInput) { in.Preference = "groupe" }, []string{"preference", "groupe"}},
		{"unknown support", func(in *domain.DiagnosticInput) { in.Support = []string{"pmr", "braille"} }, []string{"support", "braille"}},
	} {
		in := diagP1()
		tc.change(&in)
		err := in.Validate(known)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if domain.KindOf(err) != domain.KindInvalid {
			t.Errorf("%s: kind %v, want invalid", tc.name, domain.KindOf(err))
		}
		for _, w := range tc.wants {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q does not name %q", tc.name, err, w)
			}
		}
	}

	if err := diagP1().Validate(known); err != nil {
		t.Errorf("P1 is valid, got %v", err)
	}
	if err := diagP1().Validate(nil); err != nil {
		t.Errorf("without a territory the commune is not checked, got %v", err)
	}
	in := diagP1()
	in.Mobility, in.Answers["Q02"] = "x", &four
	if err := in.Validate(known); err == nil || !strings.Contains(err.Error(), "mobility") || !strings.Contains(err.Error(), "answers.Q02") {
		t.Errorf("every problem is reported at once, got %v", err)
	}
}

func TestDiagnosticInputJSON(t *testing.T) {
	// The input of diagnostic.md § 7, verbatim.
	const raw = `{"commune":"60175","motifs":["B05"],
 "equipment":{"smartphone":true,"computer":false,"internet":true},
 "mobility":"commune","support":["pmr"],"preference":"individuel","free_only":true,"urgent":true,
 "answers":{"Q01":1,"Q02":0,"Q03":null}}`
	var in domain.DiagnosticInput
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		t.Fatal(err)
	}
	if in.Commune != "60175" || !slices.Equal(in.Motifs, []domain.Need{"B05"}) || !in.Equipment.Smartphone ||
		in.Equipment.Computer || in.Mobility != domain.MobilityCommune || in.Preference != domain.PrefIndividual ||
		!in.FreeRequired() || !in.Urgent || *in.Answers["Q01"] != 1 || *in.Answers["Q02"] != 0 {
		t.Errorf("decoded %+v", in)
	}
	if v, ok := in.Answers["Q03"]; !ok || v != nil {
		t.Errorf("Q03 = %v, %v; want present and null", v, ok)
	}
	if err := in.Validate(func(string) bool { return true }); err != nil {
		t.Error(err)
	}

	var absent domain.DiagnosticInput
	if err := json.Unmarshal([]byte(`{"commune":"60175"}`), &absent); err != nil || !absent.FreeRequired() {
		t.Errorf("free_only absent must mean free required (err %v)", err)
	}
	if err := json.Unmarshal([]byte(`{"free_only":false}`), &absent); err != nil || absent.FreeRequired() {
		t.Errorf("free_only false must lift the requirement (err %v)", err)
	}
}

func TestDiagnosticResultJSON(t *testing.T) {
	res := domain.Diagnose(diagP1(), diagPlaces(), diagCommunes(), diagLabels)
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"status", "profile", "domains", "needs", "recommendations", "excluded", "warnings", "advice"} {
		if _, ok := got[key]; !ok {
			t.Errorf("output lacks %q: %s", key, b)
		}
	}
	env := got["domains"].(map[string]any)["ENV"].(map[string]any)
	if env["level"] != "debutant" || env["pix"] != 0.0 {
		t.Errorf("domains.ENV = %v", env)
	}
	needs := got["needs"].(map[string]any)
	if _, ok := needs["priority"]; !ok {
		t.Errorf("needs = %v", needs)
	}
	rec := got["recommendations"].([]any)[0].(map[string]any)
	for _, key := range []string{"place_id", "name", "score", "distance_km", "tags", "reasons"} {
		if _, ok := rec[key]; !ok {
			t.Errorf("recommendation lacks %q: %v", key, rec)
		}
	}
	exc := got["excluded"].([]any)[0].(map[string]any)
	if len(exc) != 2 || exc["place_id"] == nil || exc["reason"] == nil {
		t.Errorf("excluded entry = %v, want place_id and reason only", exc)
	}
	if strings.Contains(string(b), "null") {
		t.Errorf("no list should be null: %s", b)
	}
}

func TestSupportsFromNational(t *testing.T) {
	got := domain.SupportsFromNational([]string{
		"Illettrisme", "Langues étrangères (anglais)", "Langues étrangères (autres)", "Surdité",
		"Déficience visuelle", "Handicaps moteurs", "Handicaps mentaux", "Inconnu",
	})
	want := []string{"illettrisme", "langue", "surdite", "deficience_visuelle", "handicap_moteur", "handicap_mental"}
	if !slices.Equal(got, want) {
		t.Errorf("supports = %v, want %v", got, want)
	}
	if code, ok := domain.SupportFromNational(" surdite "); !ok || code != domain.SupportDeafness {
		t.Errorf("folded value: %q %v", code, ok)
	}
}

// At national scale a script gets the excluded places that could have been candidates, with
// their reasons, and only the count of those bearing no recognised label.
func TestCompactCountsUnlabelledPlaces(t *testing.T) {
	r := domain.DiagnosticResult{Excluded: []domain.Exclusion{{PlaceID: "a", Reason: "Aucun label reconnu", Unlabelled: true},
		{PlaceID: "b", Reason: "trop loin"}, {PlaceID: "c", Reason: "Aucun label reconnu", Unlabelled: true}}}
	c := r.Compact()
	if c.Unlabelled != 2 || len(c.Excluded) != 1 || c.Excluded[0].PlaceID != "b" || len(r.Excluded) != 3 {
		t.Errorf("compact = %+v, original %d exclusions", c, len(r.Excluded))
	}
}
