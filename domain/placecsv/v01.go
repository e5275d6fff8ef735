package placecsv

import (
	"slices"
	"strings"

	"passnum/domain"
)

// v0.1 enumerations also accept the v1 spellings: files migrated half-way mix them, and the
// meaning is the same.
var (
	v01ServicesAny   = v01ServicesEnum.widen(domain.Services...)
	v01PublicsAny    = v01Publics.widen(v1Publics.values...)
	v01LabelsAny     = v01Labels.widen(v1Programmes.values...)
	v01ModalitiesAny = v01Modalities.widen(v1Modalities.values...)
)

var v01Cost = map[string]domain.Cost{
	"Gratuit":                domain.CostFree,
	"Gratuit sous condition": domain.CostFreeConditional,
	"Payant":                 domain.CostPaid,
	"Adhésion":               domain.CostPaid, // a membership fee is still money to find
}

// v01 reads the columns of the 2022 standard and maps them onto v1 meanings.
func (r *row) v01(p *domain.Place) {
	p.Email = first(r.text("courriel", domain.MaxPlaceTextLength), V01)

	var services []string
	for _, s := range r.multi("services", v01ServicesAny) {
		if v1, old := v01Services[s]; old {
			s = v1
		}
		services = appendUnique(services, s)
	}
	p.Services = ordered(domain.Services, services)

	for _, pub := range r.multi("publics_accueillis", v01PublicsAny) {
		if code, ok := v01Support[pub]; ok {
			p.Support = appendUnique(p.Support, code)
		} else if code, ok := domain.SupportFromNational(pub); ok {
			p.Support = appendUnique(p.Support, code)
		}
	}

	// Producers reworded the pass condition freely (« Pass numérique accepté »…): any mention counts.
	var conditions []string
	acceptsPass := false
	for _, c := range splitMulti(r.get("conditions_acces"), ";") {
		if strings.Contains(domain.Normalize(c), "pass numerique") {
			acceptsPass = true
		} else {
			conditions = append(conditions, c)
		}
	}
	var costs []domain.Cost
	for _, c := range r.multiOf("conditions_acces", conditions, v01Conditions) {
		if cost, ok := v01Cost[c]; ok {
			costs = append(costs, cost)
		}
	}
	p.Cost = bestCost(costs)

	labels := r.multi("labels_nationaux", v01LabelsAny)
	for _, l := range labels {
		if v1, ok := v01LabelToV1[l]; ok {
			l = v1
		}
		p.Labels = appendUnique(p.Labels, l)
	}
	p.Qualified = mentionsAPTIC(labels) || mentionsAPTIC(splitMulti(r.get("labels_autres"), ";")) ||
		acceptsPass

	for _, m := range r.multi("modalites_accompagnement", v01ModalitiesAny) {
		mod, ok := v01Modality[m]
		if !ok {
			mod = v1Modality[m]
		}
		p.Modalities = appendUnique(p.Modalities, mod)
	}

	// accessibilite is meant to be an acceslibre link, which may as well document a place with
	// steps: only an explicit mention is taken as step-free.
	p.PMR = slices.Contains(strings.Fields(domain.Normalize(r.get("accessibilite"))), "pmr")
}
