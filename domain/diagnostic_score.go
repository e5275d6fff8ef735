package domain

// Scoring, need detection and the whole diagnostic (diagnostic.md § 3, 4 and 7).

// DiagStatus says whether enough items were answered to draw a profile.
type DiagStatus string

const (
	DiagComplete   DiagStatus = "complet"
	DiagIncomplete DiagStatus = "incomplet"
)

// MinAnsweredItems is the completeness threshold: below it the answers say too little.
const MinAnsweredItems = 7

// MaxPriorityNeeds is how many detected needs count as priority needs.
const MaxPriorityNeeds = 3

// Texts of the result, shared by every edge.
const (
	AdviceFullDiagnostic = "Diagnostic incomplet : proposer un diagnostic complet avec un médiateur numérique (Pix ABC Diag)"
	AdviceSelfStudy      = "Vous pouvez aussi progresser seul(e) : parcours Pix, Les Bons Clics"
	DiagNotice           = "Repère indicatif, non certifiant : à confirmer avec Pix ABC Diag (10 questions) ou une campagne Pix Orga"
	PixNotice            = "à confirmer avec un test Pix"
)

// LevelLabel is the French wording of a level.
func LevelLabel(l Level) string {
	switch l {
	case LevelBeginner:
		return "débutant"
	case LevelProgressing:
		return "en progression"
	case LevelAutonomous:
		return "autonome"
	default:
		return "non évalué"
	}
}

// DomainScore is the result for one domain; Pix is an indicative benchmark, for display only.
type DomainScore struct {
	Level Level `json:"level"`
	Pix   int   `json:"pix"`
}

// DiagNeeds are the detected needs: the first three are the priority, the primary need first.
type DiagNeeds struct {
	Priority []Need `json:"priority"`
	Others   []Need `json:"others"`
}

// Primary is the need orientation is built around, false when no need was detected.
func (n DiagNeeds) Primary() (Need, bool) {
	if len(n.Priority) == 0 {
		return "", false
	}
	return n.Priority[0], true
}

// DiagnosticResult is what the receptionist reads and `passnum diagnose --json` prints.
type DiagnosticResult struct {
	Status          DiagStatus                 `json:"status"`
	Profile         Level                      `json:"profile,omitempty"` // empty when incomplete
	Domains         map[DiagDomain]DomainScore `json:"domains"`
	Needs           DiagNeeds                  `json:"needs"`
	Recommendations []Recommendation           `json:"recommendations"`
	Excluded        []Exclusion                `json:"excluded"`
	Unlabelled      int                        `json:"excluded_unlabelled,omitempty"` // set by Compact
	Warnings        []string                   `json:"warnings"`
	Advice          []string                   `json:"advice"`
}

// Compact is the result for a script at national scale: the places bearing no label the
// programme recognises — thousands in a national import, none of them a candidate — are
// counted instead of listed; every other excluded place keeps its reason.
func (r DiagnosticResult) Compact() DiagnosticResult {
	kept := make([]Exclusion, 0, len(r.Excluded))
	for _, e := range r.Excluded {
		if e.Unlabelled {
			r.Unlabelled++
			continue
		}
		kept = append(kept, e)
	}
	r.Excluded = kept
	return r
}

// DomainLevel is the level for a domain whose non-null answers sum to sum over n items.
func DomainLevel(sum, n int) Level {
	switch {
	case n == 0:
		return LevelNotEvaluated
	case sum < n:
		return LevelBeginner
	case sum < 2*n:
		return LevelProgressing
	default:
		return LevelAutonomous
	}
}

// PixBenchmark is the indicative Pix level (0 to 3) for a domain, compared in integers so the
// thresholds (mean 0.5, 1.5, 2.5) never suffer rounding. An unanswered domain gets 0, next to
// its non_evalue level.
func PixBenchmark(sum, n int) int {
	switch {
	case n == 0, 2*sum < n:
		return 0
	case 2*sum < 3*n:
		return 1
	case 2*sum < 5*n:
		return 2
	default:
		return 3
	}
}

type diagTally struct{ sum, n int }

// tallyAnswers sums non-null answers per domain and overall; codes outside the item table are
// ignored (Validate reports them).
func tallyAnswers(answers map[string]*int) (map[DiagDomain]diagTally, diagTally) {
	per := make(map[DiagDomain]diagTally, len(DiagDomains))
	var all diagTally
	for _, it := range DiagItems {
		v := answers[it.Code]
		if v == nil {
			continue
		}
		t := per[it.Domain]
		t.sum += *v
		t.n++
		per[it.Domain] = t
		all.sum += *v
		all.n++
	}
	return per, all
}

// AnsweredCount is the number of items with a non-null answer.
func AnsweredCount(answers map[string]*int) int {
	_, all := tallyAnswers(answers)
	return all.n
}

// ScoreDomains gives every domain its level and Pix benchmark.
func ScoreDomains(answers map[string]*int) map[DiagDomain]DomainScore {
	per, _ := tallyAnswers(answers)
	out := make(map[DiagDomain]DomainScore, len(DiagDomains))
	for _, d := range DiagDomains {
		t := per[d.Code]
		out[d.Code] = DomainScore{Level: DomainLevel(t.sum, t.n), Pix: PixBenchmark(t.sum, t.n)}
	}
	return out
}

// OverallProfile is the person's profile. A beginner on the device (ENV) is a beginner whatever
// the rest, since every other skill goes through the device.
func OverallProfile(answers map[string]*int) Level {
	per, all := tallyAnswers(answers)
	if all.n == 0 {
		return LevelNotEvaluated
	}
	if env := per[DomENV]; DomainLevel(env.sum, env.n) == LevelBeginner || all.sum < all.n {
		return LevelBeginner
	}
	if all.sum >= 2*all.n {
		beginnerSomewhere := false
		for _, t := range per {
			if DomainLevel(t.sum, t.n) == LevelBeginner {
				beginnerSomewhere = true
			}
		}
		if !beginnerSomewhere {
			return LevelAutonomous
		}
	}
	return LevelProgressing
}

// weakItemNeeds are the needs an item answered ≤ 1 reveals, in the order derived needs are listed
// (B02, which comes from the context, precedes them).
var weakItemNeeds = []struct {
	need  Need
	items []string
}{
	{NeedDevice, []string{"Q01", "Q02", "Q03"}},
	{NeedBrowse, []string{"Q04", "Q06"}},
	{NeedAdmin, []string{"Q09", "Q10"}},
	{NeedContact, []string{"Q07", "Q08"}},
	{NeedDocuments, []string{"Q05", "Q11", "Q12"}},
	{NeedSecurity, []string{"Q13", "Q14"}},
}

// DetectNeeds lists the person's needs: K1 motifs first, in their order, then the needs derived
// from the context and the weak items, without duplicates.
func DetectNeeds(in DiagnosticInput) []Need {
	var out []Need
	add := func(n Need) {
		if !contains(out, n) {
			out = append(out, n)
		}
	}
	for _, m := range in.Motifs {
		add(m)
	}
	eq := in.Equipment
	noDevice := !eq.Smartphone && !eq.Computer
	wantsComputerWork := contains(in.Motifs, NeedJob) || contains(in.Motifs, NeedDocuments)
	if noDevice || !eq.Internet || (wantsComputerWork && !eq.Computer) {
		add(NeedAccess)
	}
	for _, rule := range weakItemNeeds {
		for _, code := range rule.items {
			if v := in.Answers[code]; v != nil && *v <= 1 {
				add(rule.need)
				break
			}
		}
	}
	return out
}

// SplitNeeds separates the priority needs from the others.
func SplitNeeds(needs []Need) DiagNeeds {
	k := min(len(needs), MaxPriorityNeeds)
	return DiagNeeds{
		Priority: append([]Need{}, needs[:k]...),
		Others:   append([]Need{}, needs[k:]...),
	}
}

// Diagnose scores the answers, detects the needs and orients the person among places. It expects
// an input that passed Validate. Slices of the result are never nil, so the JSON shows [] rather
// than null.
func Diagnose(in DiagnosticInput, places []Place, communes []Commune, recognisedLabels []string) DiagnosticResult {
	res := DiagnosticResult{
		Domains:         ScoreDomains(in.Answers),
		Needs:           SplitNeeds(DetectNeeds(in)),
		Recommendations: []Recommendation{},
		Excluded:        []Exclusion{},
		Warnings:        []string{},
		Advice:          []string{},
	}
	if AnsweredCount(in.Answers) < MinAnsweredItems {
		res.Status = DiagIncomplete
		res.Advice = append(res.Advice, AdviceFullDiagnostic)
		return res
	}
	res.Status = DiagComplete
	res.Profile = OverallProfile(in.Answers)
	o := Orient(in, res.Profile, res.Needs.Priority, places, communes, recognisedLabels)
	res.Recommendations = append(res.Recommendations, o.Recommendations...)
	res.Excluded = append(res.Excluded, o.Excluded...)
	res.Warnings = append(res.Warnings, o.Warnings...)
	if res.Profile == LevelAutonomous {
		res.Advice = append(res.Advice, AdviceSelfStudy)
	}
	res.Advice = append(res.Advice, DiagNotice)
	return res
}
