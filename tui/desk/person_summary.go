package desk

import (
	"fmt"
	"strings"

	"passnum/domain"
)

// standingLine sums a programme's standing up in one line, for the top of the card: « Éligible ·
// 1 carnet sur 2 · 5 chèques restants (50 €) · valables jusqu'au 31/12/2027 », or what is
// missing: « Non éligible · il manque seulement : habiter un QPV ».
func standingLine(st domain.Standing) string {
	if !st.Eligible {
		return "Non éligible · " + missingLine(st)
	}
	prog := st.Programme
	parts := []string{"Éligible"}
	carnets := domain.Plural(st.Carnets, "carnet", "carnets")
	if max := prog.Limits.CarnetsPerPerson; max > 0 {
		carnets += fmt.Sprintf(" sur %d", max)
	}
	parts = append(parts, carnets)
	if st.Carnets > 0 {
		parts = append(parts, fmt.Sprintf("%s (%s)", domain.Plural(st.ChequesLeft, "chèque restant", "chèques restants"),
			domain.RoundEuros(int64(st.ChequesLeft*prog.ChequeValueCents))))
	}
	if !prog.ValidUntil.IsZero() {
		parts = append(parts, "valables jusqu'au "+prog.ValidUntil.Format("02/01/2006"))
	}
	if c, ok := st.Cap(domain.CapExclusive); ok && !c.OK && len(st.Exclusive) > 0 {
		// Not both: say which programme already gave one, the reason the desk must tell.
		parts = append(parts, "pas de carnet : déjà un carnet du programme "+st.Exclusive[0].ProgrammeName)
	} else if c, ok := st.Cap(domain.CapPerson); ok && !c.OK {
		parts = append(parts, "limite atteinte : pas d'autre carnet")
	} else if st.Refusal != nil {
		parts = append(parts, "pas d'autre carnet")
	}
	return strings.Join(parts, " · ")
}

// missingLine says what the person lacks for the public they are closest to (fewest failing
// criteria, the first configured on a tie).
func missingLine(st domain.Standing) string {
	var best *domain.PublicVerdict
	bestMissing := 0
	for i := range st.Publics {
		n := 0
		for _, c := range st.Publics[i].Criteria {
			if !c.OK {
				n++
			}
		}
		if best == nil || n < bestMissing {
			best, bestMissing = &st.Publics[i], n
		}
	}
	if best == nil {
		return "le programme n'a aucun public configuré"
	}
	var missing []string
	for _, c := range best.Criteria {
		if !c.OK {
			missing = append(missing, criterionNeed(best.Public, c))
		}
	}
	lead := "il manque : "
	if len(missing) == 1 {
		lead = "il manque seulement : "
	}
	out := lead + domain.JoinAnd(missing)
	if len(st.Publics) > 1 {
		out += " (public « " + best.Public.Name + " »)"
	}
	return out
}

// criterionNeed is what a public asks for one criterion, said as what the person should be or
// do: « habiter un QPV », « avoir de 16 à 25 ans ».
func criterionNeed(pub domain.Public, c domain.Criterion) string {
	switch c.Name {
	case "âge":
		switch {
		case pub.AgeMin != nil && pub.AgeMax != nil:
			return fmt.Sprintf("avoir de %d à %d ans", *pub.AgeMin, *pub.AgeMax)
		case pub.AgeMin != nil:
			return fmt.Sprintf("avoir %d ans ou plus", *pub.AgeMin)
		case pub.AgeMax != nil:
			return fmt.Sprintf("avoir %d ans ou moins", *pub.AgeMax)
		}
	case "diplôme":
		if strings.Contains(c.Reason, "non renseigné") {
			return "le diplôme (à renseigner)"
		}
		return "un diplôme au plus : " + domain.DiplomaLabel(pub.MaxDiploma)
	case "situation":
		if strings.Contains(c.Reason, "non renseignée") {
			return "la situation (à renseigner)"
		}
		var labels []string
		for _, s := range pub.Statuses {
			labels = append(labels, domain.StatusLabel(s))
		}
		return "être " + strings.Join(labels, " ou ")
	case "résidence":
		if pub.Residence == domain.ResidenceQPV {
			return "habiter un QPV"
		}
		return "habiter le territoire"
	case "quotient familial":
		if pub.MaxQuotientFamilial != nil {
			return fmt.Sprintf("un quotient familial de %d € au plus", *pub.MaxQuotientFamilial)
		}
	}
	return c.Name
}

// choiceLine tells the desk, when the person may receive a carnet of several programmes, that
// it chooses at the hand-over, and whether they combine; "" when there is no choice.
func choiceLine(sts []domain.Standing) string {
	progs := domain.Issuable(sts)
	if len(progs) < 2 {
		return ""
	}
	out := fmt.Sprintf("Éligible à %d programmes : choisissez à la remise (F2 change le programme en cours)", len(progs))
	for i := range progs {
		for j := i + 1; j < len(progs); j++ {
			if domain.Exclusive(progs[i], progs[j]) {
				return out + " ; ils ne se cumulent pas : un seul carnet de l'un ou de l'autre."
			}
		}
	}
	return out + "."
}
