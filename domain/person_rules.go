package domain

import (
	"strings"
	"time"
)

// ValidatePerson checks a person's record field by field, with French messages that name the
// field and the value.
func ValidatePerson(p Person, communes []Commune, today time.Time) error {
	if strings.TrimSpace(p.LastName) == "" {
		return Errorf(KindInvalid, "nom : obligatoire")
	}
	if strings.TrimSpace(p.FirstName) == "" {
		return Errorf(KindInvalid, "prénom : obligatoire")
	}
	for _, f := range []struct {
		field, text string
		max         int
	}{{"nom", p.LastName, MaxNameLength}, {"prénom", p.FirstName, MaxNameLength}, {"adresse", p.Address, MaxAddressLength}} {
		if _, err := CheckText(f.field, f.text, f.max); err != nil {
			return err
		}
	}
	if p.BirthDate.IsZero() {
		return Errorf(KindInvalid, "date de naissance : obligatoire (JJ/MM/AAAA)")
	}
	if p.BirthDate.After(today) {
		return Errorf(KindInvalid, "date de naissance : %s est dans le futur", p.BirthDate.Format("02/01/2006"))
	}
	if age := p.AgeOn(today); age > 120 {
		return Errorf(KindInvalid, "date de naissance : %s donne %d ans, vérifiez l'année", p.BirthDate.Format("02/01/2006"), age)
	}
	c, ok := findCommune(communes, p.Commune)
	if !ok {
		return Errorf(KindInvalid, "commune : code INSEE %q inconnu du territoire (voir passnum check-config pour la liste)", p.Commune)
	}
	if p.QPV != "" && !c.HasQPV(p.QPV) {
		if len(c.QPV) == 0 {
			return Errorf(KindInvalid, "quartier : %s n'a pas de quartier prioritaire, laissez le champ vide", c.Name)
		}
		return Errorf(KindInvalid, "quartier : %q n'est pas un QPV de %s (choix : %s)", p.QPV, c.Name, strings.Join(c.QPV, ", "))
	}
	if p.Status != "" && !ValidStatus(p.Status) {
		var codes []string
		for _, s := range Statuses {
			codes = append(codes, string(s.Code))
		}
		return Errorf(KindInvalid, "situation : %q inconnue (choix : %s)", p.Status, strings.Join(codes, ", "))
	}
	if p.Diploma != "" && p.Diploma.Rank() < 0 {
		var codes []string
		for _, d := range Diplomas {
			codes = append(codes, string(d))
		}
		return Errorf(KindInvalid, "diplôme : %q inconnu (choix : %s)", p.Diploma, strings.Join(codes, ", "))
	}
	if !ValidPostalCode(p.PostalCode) {
		return Errorf(KindInvalid, "code postal : %q n'est pas un code postal (cinq chiffres, par exemple 62300)", p.PostalCode)
	}
	if p.QuotientFamilial != nil && *p.QuotientFamilial < 0 {
		return Errorf(KindInvalid, "quotient familial : %d est négatif", *p.QuotientFamilial)
	}
	return nil
}
