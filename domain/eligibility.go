package domain

import (
	"fmt"
	"strings"
	"time"
)

// Criterion is one condition of a public and how the person fares on it, worded for the desk.
type Criterion struct {
	Name   string // âge, diplôme, situation, résidence, quotient familial
	OK     bool
	Reason string // « a 27 ans — le public Jeunes demande 16 à 25 ans »
}

// PublicVerdict is the verdict of one public of a programme.
type PublicVerdict struct {
	Public   Public
	Eligible bool
	Criteria []Criterion
}

// Eligibility is the verdict of a programme for a person: eligible when one public matches
// entirely; every public keeps its criteria so the desk can explain a refusal.
type Eligibility struct {
	Programme Programme
	Eligible  bool
	Publics   []PublicVerdict
}

// Summary is one French sentence for the desk.
func (e Eligibility) Summary() string {
	if e.Eligible {
		for _, p := range e.Publics {
			if p.Eligible {
				s := fmt.Sprintf("Éligible au programme %s (public « %s »)", e.Programme.Name, p.Public.Name)
				if p.Public.Proof != "" {
					s += " — justificatif à demander : " + p.Public.Proof
				}
				return s
			}
		}
	}
	var why []string
	for _, p := range e.Publics {
		for _, c := range p.Criteria {
			if !c.OK {
				why = append(why, c.Reason)
			}
		}
	}
	return fmt.Sprintf("Non éligible au programme %s : %s", e.Programme.Name, strings.Join(dedupe(why), " ; "))
}

// CheckEligibility applies the programme's publics to a person on a given day. communes are the
// territory's communes (residence criteria "territory" and "qpv").
func CheckEligibility(prog Programme, p Person, communes []Commune, today time.Time) Eligibility {
	e := Eligibility{Programme: prog}
	for _, pub := range prog.Publics {
		v := PublicVerdict{Public: pub, Eligible: true}
		for _, c := range publicCriteria(pub, p, communes, today) {
			v.Criteria = append(v.Criteria, c)
			if !c.OK {
				v.Eligible = false
			}
		}
		if v.Eligible {
			e.Eligible = true
		}
		e.Publics = append(e.Publics, v)
	}
	return e
}

func publicCriteria(pub Public, p Person, communes []Commune, today time.Time) []Criterion {
	var out []Criterion
	if pub.AgeMin != nil || pub.AgeMax != nil {
		age := p.AgeOn(today)
		ok := (pub.AgeMin == nil || age >= *pub.AgeMin) && (pub.AgeMax == nil || age <= *pub.AgeMax)
		out = append(out, Criterion{Name: "âge", OK: ok, Reason: ageReason(pub, age, ok)})
	}
	if pub.MaxDiploma != "" {
		ok := p.Diploma != "" && p.Diploma.Rank() <= pub.MaxDiploma.Rank()
		var reason string
		switch {
		case p.Diploma == "":
			reason = fmt.Sprintf("diplôme non renseigné — le public %s demande au plus : %s", pub.Name, DiplomaLabel(pub.MaxDiploma))
		case ok:
			reason = fmt.Sprintf("diplôme %s — au plus %s demandé", DiplomaLabel(p.Diploma), DiplomaLabel(pub.MaxDiploma))
		default:
			reason = fmt.Sprintf("diplôme %s — le public %s demande au plus : %s", DiplomaLabel(p.Diploma), pub.Name, DiplomaLabel(pub.MaxDiploma))
		}
		out = append(out, Criterion{Name: "diplôme", OK: ok, Reason: reason})
	}
	if len(pub.Statuses) > 0 {
		ok := contains(pub.Statuses, p.Status)
		var labels []string
		for _, s := range pub.Statuses {
			labels = append(labels, StatusLabel(s))
		}
		reason := "situation : " + StatusLabel(p.Status)
		if p.Status == "" {
			reason = "situation non renseignée"
		}
		if !ok {
			reason += fmt.Sprintf(" — le public %s demande : %s", pub.Name, strings.Join(labels, " ou "))
		}
		out = append(out, Criterion{Name: "situation", OK: ok, Reason: reason})
	}
	switch pub.Residence {
	case ResidenceTerritory, ResidenceQPV:
		c, inTerritory := findCommune(communes, p.Commune)
		var ok bool
		var reason string
		switch {
		case !inTerritory:
			reason = fmt.Sprintf("habite hors du territoire (commune %s) — le public %s demande d'habiter le territoire", p.Commune, pub.Name)
		case pub.Residence == ResidenceTerritory:
			ok, reason = true, "habite "+c.Name+", sur le territoire"
		case c.HasQPV(p.QPV):
			ok, reason = true, fmt.Sprintf("habite le quartier prioritaire %s (%s)", p.QPV, c.Name)
		default:
			reason = fmt.Sprintf("n'habite pas un quartier prioritaire (QPV) — le public %s demande d'habiter un QPV", pub.Name)
		}
		out = append(out, Criterion{Name: "résidence", OK: ok, Reason: reason})
	}
	if pub.MaxQuotientFamilial != nil {
		ok := p.QuotientFamilial != nil && *p.QuotientFamilial <= *pub.MaxQuotientFamilial
		reason := fmt.Sprintf("quotient familial non renseigné — le public %s demande au plus %d €", pub.Name, *pub.MaxQuotientFamilial)
		if p.QuotientFamilial != nil {
			reason = fmt.Sprintf("quotient familial %d € — plafond du public %s : %d €", *p.QuotientFamilial, pub.Name, *pub.MaxQuotientFamilial)
		}
		out = append(out, Criterion{Name: "quotient familial", OK: ok, Reason: reason})
	}
	return out
}

func ageReason(pub Public, age int, ok bool) string {
	var want string
	switch {
	case pub.AgeMin != nil && pub.AgeMax != nil:
		want = fmt.Sprintf("%d à %d ans", *pub.AgeMin, *pub.AgeMax)
	case pub.AgeMin != nil:
		want = fmt.Sprintf("%d ans ou plus", *pub.AgeMin)
	default:
		want = fmt.Sprintf("%d ans au plus", *pub.AgeMax)
	}
	if ok {
		return fmt.Sprintf("a %d ans — %s demandé", age, want)
	}
	return fmt.Sprintf("a %d ans — le public %s demande %s", age, pub.Name, want)
}

func findCommune(communes []Commune, insee string) (Commune, bool) {
	for _, c := range communes {
		if c.INSEE == insee {
			return c, true
		}
	}
	return Commune{}, false
}

// DiplomaLabel is the French name of a diploma.
func DiplomaLabel(d Diploma) string {
	switch d {
	case "aucun":
		return "aucun diplôme"
	case "brevet":
		return "brevet"
	case "cap_bep":
		return "CAP/BEP"
	case "bac":
		return "baccalauréat"
	case "bac+2":
		return "bac+2"
	case "bac+3":
		return "licence (bac+3)"
	case "bac+5":
		return "master (bac+5)"
	}
	return string(d)
}

// StatusLabel is the French name of a status.
func StatusLabel(s Status) string {
	for _, x := range Statuses {
		if x.Code == s {
			return x.Label
		}
	}
	return string(s)
}

// ValidStatus reports whether s is in the vocabulary.
func ValidStatus(s Status) bool {
	for _, x := range Statuses {
		if x.Code == s {
			return true
		}
	}
	return false
}

func dedupe(in []string) []string {
	var out []string
	for _, s := range in {
		if !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
