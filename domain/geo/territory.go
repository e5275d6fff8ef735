package geo

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Territory names a programme's territory in one of four ways; exactly one is set.
type Territory struct {
	EPCI        string   // SIREN, e.g. "246200364" (CA de Lens - Liévin)
	Departement string   // e.g. "23"
	Region      string   // e.g. "32"
	Communes    []string // INSEE codes
}

// Empty reports whether no way is set.
func (t Territory) Empty() bool {
	return t.EPCI == "" && t.Departement == "" && t.Region == "" && len(t.Communes) == 0
}

// Describe names the territory in French, for check-config: « CA de Lens - Liévin (EPCI 246200364) ».
func (x *Index) Describe(t Territory) string {
	switch {
	case t.EPCI != "":
		if e, ok := x.EPCIByCode(t.EPCI); ok {
			return fmt.Sprintf("%s (EPCI %s)", e.Name, e.Code)
		}
	case t.Departement != "":
		if d, ok := x.DepartementByCode(t.Departement); ok {
			return fmt.Sprintf("%s (département %s)", d.Name, d.Code)
		}
	case t.Region != "":
		if r, ok := x.RegionByCode(t.Region); ok {
			return fmt.Sprintf("%s (région %s)", r.Name, r.Code)
		}
	case len(t.Communes) > 0:
		return fmt.Sprintf("liste de %d communes", len(t.Communes))
	}
	return ""
}

var sirenRe = regexp.MustCompile(`^[0-9]{9}$`)

// Resolve lists the communes of the territory, sorted by code. Its errors are in French, name
// the wrong value and say how to fix it; each item of a list is checked.
func (x *Index) Resolve(t Territory) ([]Commune, error) {
	set := 0
	for _, s := range []bool{t.EPCI != "", t.Departement != "", t.Region != "", len(t.Communes) > 0} {
		if s {
			set++
		}
	}
	switch {
	case set == 0:
		return nil, fmt.Errorf("territoire vide : écrivez par ex. territory = { epci = \"246200364\" }, { departement = \"23\" }, { region = \"32\" } ou { communes = [\"60175\", \"60414\"] }")
	case set > 1:
		return nil, fmt.Errorf("territoire décrit de plusieurs façons : gardez une seule clé parmi epci, departement, region et communes")
	}
	var out []Commune
	switch {
	case t.EPCI != "":
		e, ok := x.EPCIByCode(t.EPCI)
		if !ok {
			return nil, x.unknownEPCI(t.EPCI)
		}
		for _, code := range e.Members {
			c, _ := x.Commune(code)
			out = append(out, c)
		}
	case t.Departement != "":
		d, ok := x.DepartementByCode(strings.ToUpper(t.Departement))
		if !ok {
			return nil, fmt.Errorf("département « %s » inconnu : indiquez son code, ex. departement = \"23\" pour la Creuse, \"2A\" pour la Corse-du-Sud, \"971\" pour la Guadeloupe", t.Departement)
		}
		for _, c := range x.Communes {
			if c.Departement == d.Code && !c.Arrondissement {
				out = append(out, c)
			}
		}
	case t.Region != "":
		r, ok := x.RegionByCode(t.Region)
		if !ok {
			return nil, fmt.Errorf("région « %s » inconnue : indiquez son code Insee, ex. region = \"32\" pour les Hauts-de-France (codes : %s)", t.Region, x.regionCodes())
		}
		for _, c := range x.Communes {
			if c.Region == r.Code && !c.Arrondissement {
				out = append(out, c)
			}
		}
	default:
		var bad []string
		seen := map[string]bool{}
		for _, code := range t.Communes {
			code = strings.TrimSpace(code)
			c, ok := x.Commune(strings.ToUpper(code))
			switch {
			case !ok:
				bad = append(bad, x.unknownCommune(code))
			case seen[c.Code]:
				bad = append(bad, fmt.Sprintf("« %s » (%s) est écrit deux fois", code, c.Name))
			default:
				seen[c.Code] = true
				out = append(out, c)
			}
		}
		if len(bad) > 0 {
			return nil, fmt.Errorf("communes du territoire : %s", strings.Join(bad, " ; "))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

func (x *Index) regionCodes() string {
	parts := make([]string, len(x.Regions))
	for i, r := range x.Regions {
		parts[i] = r.Code + " " + r.Name
	}
	return strings.Join(parts, ", ")
}

// unknownEPCI explains an EPCI value that is not a known SIREN: a name is looked up, a code gets
// the way to find it.
func (x *Index) unknownEPCI(v string) error {
	if !sirenRe.MatchString(v) {
		if found := x.SearchEPCI(v, 5); len(found) > 0 {
			return fmt.Errorf("EPCI « %s » : il faut le numéro SIREN de l'intercommunalité (9 chiffres), pas son nom ; voulez-vous dire %s ?", v, epciList(found))
		}
		return fmt.Errorf("EPCI « %s » inconnu : il faut le numéro SIREN de l'intercommunalité (9 chiffres), ex. epci = \"246200364\" pour la CA de Lens - Liévin", v)
	}
	return fmt.Errorf("EPCI « %s » inconnu : aucune intercommunalité n'a ce numéro SIREN dans la liste officielle (%s %s) ; vérifiez-le sur la fiche de l'intercommunalité (banatic.interieur.gouv.fr), ex. epci = \"246200364\" pour la CA de Lens - Liévin",
		v, SourcePackage, x.Version)
}

func epciList(es []EPCI) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = fmt.Sprintf("« %s » (epci = \"%s\")", e.Name, e.Code)
	}
	return strings.Join(parts, ", ")
}

// SearchEPCI returns up to max EPCI whose name contains every word of q (folded), by name.
func (x *Index) SearchEPCI(q string, max int) []EPCI {
	words := strings.Fields(Fold(q))
	if len(words) == 0 {
		return nil
	}
	var out []EPCI
	for _, e := range x.EPCIs {
		name := " " + Fold(e.Name) + " "
		all := true
		for _, w := range words {
			if !strings.Contains(name, w) {
				all = false
				break
			}
		}
		if all {
			out = append(out, e)
			if len(out) == max {
				break
			}
		}
	}
	return out
}
