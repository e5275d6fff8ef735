package domain

import "strings"

// streetWords maps the abbreviations typed at the desk or found on letters to one canonical
// word, so that « av. » and « avenue » are one household.
var streetWords = map[string]string{
	"r": "rue", "av": "avenue", "ave": "avenue", "bd": "boulevard", "bld": "boulevard",
	"boul": "boulevard", "bvd": "boulevard", "pl": "place", "che": "chemin", "chem": "chemin",
	"imp": "impasse", "all": "allee", "rte": "route", "sq": "square", "fg": "faubourg",
	"fbg": "faubourg", "res": "residence", "resid": "residence", "lot": "lotissement",
	"qu": "quai", "crs": "cours", "sent": "sentier", "pass": "passage", "st": "saint",
	"ste": "sainte", "esp": "esplanade", "prom": "promenade", "ham": "hameau", "bat": "batiment",
}

// numberSuffixes are written « 12 bis », « 12bis » or « 12 B »; one short form keeps them apart
// from 12 and from each other. Single letters other than these stay words: « 12 r » is « rue ».
var numberSuffixes = map[string]string{
	"bis": "b", "b": "b", "ter": "t", "t": "t", "quater": "q", "q": "q",
}

// numberWords announce a number (« n° 12 », « no 12 ») and add nothing to it.
var numberWords = map[string]bool{"n": true, "no": true, "num": true, "numero": true}

var addressParticles = map[string]bool{
	"de": true, "du": true, "des": true, "d": true, "la": true, "le": true, "l": true,
}

func isDigits(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

// splitNumber cuts « 12bis » into « 12 » and « bis »; rest is "" for a bare number, and num is ""
// when the word does not start with a digit.
func splitNumber(w string) (num, rest string) {
	i := strings.IndexFunc(w, func(r rune) bool { return r < '0' || r > '9' })
	if i < 0 {
		return w, ""
	}
	return w[:i], w[i:]
}

// AddressKey folds a street line so that the same address typed another way gives the same
// key: « 12, Rue Emile Zola », « 12 rue Émile-Zola » and « 12 R. EMILE ZOLA » give one key.
// "" when the line holds no letter or digit.
func AddressKey(street string) string {
	words := strings.Fields(Normalize(street))
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); i++ {
		w := words[i]
		if numberWords[w] && i+1 < len(words) && isDigits(words[i+1][:1]) {
			continue
		}
		for _, nw := range []string{"numero", "num", "no", "n"} {
			if rest, ok := strings.CutPrefix(w, nw); ok && rest != "" && isDigits(rest[:1]) {
				w = rest // « no12 »
				break
			}
		}
		if num, rest := splitNumber(w); num != "" {
			if rest == "" && i+1 < len(words) && numberSuffixes[words[i+1]] != "" {
				rest = words[i+1]
				i++
			}
			if s := numberSuffixes[rest]; s != "" {
				rest = s
			}
			out = append(out, num+rest)
			continue
		}
		if long, ok := streetWords[w]; ok {
			w = long
		}
		if !addressParticles[w] {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// noAddress are what desks write in an address field when there is none: no foyer is made of
// them (« SDF » for everyone of a commune would make one foyer of strangers).
var noAddress = map[string]bool{"nc": true, "n c": true, "sdf": true, "inconnue": true, "inconnu": true, "neant": true,
	"aucune": true, "sans": true, "sans domicile": true, "sans domicile fixe": true, "non communiquee": true, "non renseignee": true,
	"domiciliation": true, "domicilie ccas": true, "domiciliee ccas": true, "ccas": true, "a completer": true, "x": true}

// NoAddress reports whether a street line says there is no address (« SDF », « NC », « ? »).
func NoAddress(street string) bool {
	n := Normalize(street)
	return noAddress[n] || strings.Trim(street, "-?./ ") == ""
}

// ValidPostalCode reports whether s is a French postal code (five digits); "" is valid (unknown).
func ValidPostalCode(s string) bool {
	return s == "" || (len(s) == 5 && isDigits(s))
}
