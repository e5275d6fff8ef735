package config

import (
	"strings"

	"passnum/domain"
)

func trimmedIDs(in []string) []string {
	var out []string
	for _, s := range in {
		out = append(out, strings.TrimSpace(s))
	}
	return out
}

// exclusiveWith checks that every programme named in exclusive_with is configured and is not
// the programme itself: a typo would silently let a person hold both.
func (p *problems) exclusiveWith(progs []domain.Programme) {
	for i, x := range progs {
		where := item("programme", i, x.ID)
		for _, id := range x.ExclusiveWith {
			switch {
			case id == x.ID:
				p.add(where, "exclusive_with = [%q] : un programme ne s'exclut pas lui-même ; nommez l'autre programme", id)
			case !hasProgramme(progs, id):
				var ids []string
				for _, o := range progs {
					if o.ID != x.ID {
						ids = append(ids, o.ID)
					}
				}
				hint := "aucun autre programme n'est configuré"
				if len(ids) > 0 {
					hint = "choix : " + strings.Join(ids, ", ")
				}
				p.add(where, "exclusive_with = [%q] : programme inconnu (%s)", id, hint)
			}
		}
	}
}

func hasProgramme(progs []domain.Programme, id string) bool {
	for _, x := range progs {
		if x.ID == id {
			return true
		}
	}
	return false
}
