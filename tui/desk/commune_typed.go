package desk

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/domain/geo"
)

// typeCommune reads the commune field as a name or a postal code typed letter by letter
// (« cre », « 60100 », « st max »): the best match is chosen as each key comes, and an unknown
// or shared entry is said under the field with the communes it could be. A first letter typed
// again walks through the communes starting with it, as before: it reports false then, and
// choose does the walk.
func (f *PersonForm) typeCommune(msg tea.KeyPressMsg) bool {
	switch {
	case msg.String() == "backspace":
		if f.typedIn == "" {
			return true
		}
		r := []rune(f.typedIn)
		f.typedIn = string(r[:len(r)-1])
	case msg.Text == "" || msg.String() == "space" && f.typedIn == "":
		return false
	case len([]rune(f.typedIn)) == 1 && domain.Normalize(msg.Text) == domain.Normalize(f.typedIn):
		return false // « s » again: the next commune in s
	default:
		f.typedIn += msg.Text
	}
	f.errs[ffCommune] = ""
	if strings.TrimSpace(f.typedIn) == "" {
		return true
	}
	m := geo.Find(f.typedIn, f.geoCommunes())
	pick := ""
	switch {
	case m.Found:
		pick = m.Commune.Code
	case len(m.Candidates) > 0:
		pick = m.Candidates[0].Code
		if m.Ambiguous || len(m.Candidates) > 1 {
			f.errs[ffCommune] = geo.Explain(f.typedIn, m, "du territoire") + " — ←/→ pour choisir"
		}
	default:
		f.errs[ffCommune] = geo.Explain(f.typedIn, m, "du territoire")
	}
	if i := communeIndex(f.env.Communes, pick); i >= 0 && i != f.commune {
		f.setOption(ffCommune, i)
	}
	return true
}

// geoCommunes are the desk's communes as geo finds them, with the official postal codes.
func (f *PersonForm) geoCommunes() []geo.Commune { return geo.TerritoryCommunes(f.env.Communes) }
