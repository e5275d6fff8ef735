package desk

import (
	"strconv"
	"strings"

	"passnum/domain"
	"passnum/tui/kit"
)

// quotientAsked reports whether a configured public sets a quotient familial ceiling: only then
// does the form ask for it (Creuse's families, for instance).
func quotientAsked(env *kit.Env) bool {
	for _, p := range env.Programmes {
		for _, pub := range p.Publics {
			if pub.MaxQuotientFamilial != nil {
				return true
			}
		}
	}
	return false
}

// quotientHint names the ceilings, so the desk knows why it asks.
func quotientHint(env *kit.Env) string {
	var ceilings []string
	for _, p := range env.Programmes {
		for _, pub := range p.Publics {
			if pub.MaxQuotientFamilial != nil {
				ceilings = append(ceilings, "« "+pub.Name+" » : "+strconv.Itoa(*pub.MaxQuotientFamilial)+" € au plus")
			}
		}
	}
	return "En euros, sur l'attestation CAF ou MSA ; vide si inconnu. Plafond " + strings.Join(ceilings, ", ") + "."
}

// parseQuotient reads the typed quotient familial: nil when empty; « 540 € » and « 540 » are
// the same.
func parseQuotient(typed string) (*int, error) {
	v := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(typed), "€"))
	v = strings.ReplaceAll(v, " ", "")
	if v == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return nil, domain.Errorf(domain.KindInvalid, "quotient familial : %q n'est pas un montant en euros (ex. 540)", typed)
	}
	return &n, nil
}
