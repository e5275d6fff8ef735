package placecsv

import (
	"slices"

	"passnum/domain"
)

// v1 reads the columns of the current standard.
func (r *row) v1(p *domain.Place) {
	p.Email = first(r.text("courriels", domain.MaxPlaceTextLength), V1)
	p.Services = ordered(domain.Services, r.multi("services", v1Services))
	r.multi("publics_specifiquement_adresses", v1Publics)
	r.multi("modalites_acces", v1Access)

	supports := r.multi("prise_en_charge_specifique", v1Supports)
	p.Support = domain.SupportsFromNational(supports)
	// A place that welcomes people with motor disabilities is taken as step-free.
	p.PMR = slices.Contains(supports, "Handicaps moteurs")

	var costs []domain.Cost
	for _, c := range r.multi("frais_a_charge", v1Costs) {
		costs = append(costs, v1Cost[c])
	}
	p.Cost = bestCost(costs)

	p.Itinerant = slices.Contains(r.multi("itinerance", v1Itinerance), "Itinérant")

	// formations_labels has no enumeration in the standard we follow: kept as published.
	formations := splitMulti(r.get("formations_labels"), "|")
	for _, l := range formations {
		r.limit("formations_labels", l, domain.MaxLabelLength)
	}
	for _, l := range append(r.multi("dispositif_programmes_nationaux", v1Programmes), formations...) {
		p.Labels = appendUnique(p.Labels, l)
	}
	p.Qualified = mentionsAPTIC(formations) || mentionsAPTIC(splitMulti(r.get("autres_formations_labels"), "|"))

	for _, m := range r.multi("modalites_accompagnement", v1Modalities) {
		p.Modalities = appendUnique(p.Modalities, v1Modality[m])
	}
}
