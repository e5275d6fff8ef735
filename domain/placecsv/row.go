package placecsv

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"passnum/domain"
)

// Patterns of the standard (identical in v0.1 and v1), compiled on first use: compiling them
// at init cost every passnum command, not only places import.
var (
	rePivot  = lazyRegexp(`^[a-zA-Z0-9]{9,14}$`)
	rePostal = lazyRegexp(`^\d{5}$`)
	reINSEE  = lazyRegexp(`^([013-9]\d|2[AB1-9])\d{3}$`)
	rePhone  = lazyRegexp(`^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$`)
	reFrDate = lazyRegexp(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
)

func lazyRegexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}

// row is one data line being read into a place, collecting its problems.
type row struct {
	line     int
	h        *header
	record   []string
	problems []Problem
}

// get is the value of a column, trimmed. A published file is not typed at the desk: its control
// characters (an escape sequence, a line break inside a presentation) are stripped rather than
// refusing the place (a line break or a tab becomes a space), so that no imported text can
// reach a terminal with an escape sequence in it — domain.CheckText refuses them at the desk.
func (r *row) get(col string) string {
	i, ok := r.h.index[col]
	if !ok {
		return ""
	}
	return strings.TrimSpace(domain.StripControl(r.record[i]))
}

// text is get for a free text passnum keeps, reporting one longer than max characters.
func (r *row) text(col string, max int) string {
	v := r.get(col)
	r.limit(col, v, max)
	return v
}

func (r *row) limit(col, v string, max int) {
	if n := utf8.RuneCountInString(v); n > max {
		r.add(col, v, "%d caractères au plus attendus (ici %d)", max, n)
	}
}

func (r *row) add(col, value, format string, args ...any) {
	r.problems = append(r.problems, Problem{Line: r.line, Column: col, Value: value, Message: fmt.Sprintf(format, args...)})
}

// multi returns the canonical values of a multi-valued enumerated column and reports each value
// outside the enumeration.
func (r *row) multi(col string, e enum) []string {
	return r.multiOf(col, splitMulti(r.get(col), r.h.version.multiSep()), e)
}

func (r *row) multiOf(col string, values []string, e enum) []string {
	sep := r.h.version.multiSep()
	var out []string
	for _, v := range values {
		c, ok := e.lookup(v)
		if ok {
			out = appendUnique(out, c)
			continue
		}
		hint := ""
		if other := otherSeparator(v, sep); other != "" {
			hint = fmt.Sprintf(" — en %s, les valeurs multiples se séparent par « %s », pas par « %s »", r.h.version, sep, other)
		}
		r.add(col, v, "valeur inconnue du standard %s, valeurs possibles : %s%s", r.h.version, strings.Join(e.shown, ", "), hint)
	}
	return out
}

func otherSeparator(v, sep string) string {
	for _, s := range []string{"|", ";", ","} {
		if s != sep && strings.Contains(v, s) {
			return s
		}
	}
	return ""
}

// common reads the columns v0.1 and v1 share.
func (r *row) common() domain.Place {
	for _, col := range required {
		if r.get(col) == "" {
			r.add(col, "", "valeur obligatoire manquante : %s", requiredHint[col])
		}
	}
	p := domain.Place{
		ID:      r.text("id", domain.MaxIDLength),
		Name:    r.text("nom", domain.MaxPlaceNameLength),
		Commune: r.text("commune", domain.MaxNameLength),
		Address: r.text("adresse", domain.MaxAddressLength),
		Hours:   r.text("horaires", domain.MaxPlaceTextLength),
		Summary: r.get("presentation_resume"), // its limit is the standard's, below
	}
	if c := r.text("complement_adresse", domain.MaxAddressLength); c != "" && p.Address != "" {
		p.Address += ", " + c
	}
	// A SIRET is often typed in groups (« 123 456 789 00012 »).
	if v := r.get("pivot"); v != "" {
		p.Pivot = strings.Join(strings.Fields(v), "")
		if !rePivot().MatchString(p.Pivot) {
			r.add("pivot", v, "SIRET (14 chiffres) ou numéro RNA attendu : 9 à 14 lettres ou chiffres, sans ponctuation")
		}
	}
	if v := r.get("code_postal"); v != "" {
		p.PostalCode = v
		if !rePostal().MatchString(v) {
			r.add("code_postal", v, "5 chiffres attendus, par exemple 60100%s", leadingZeroHint(v))
		}
	}
	if v := r.get("code_insee"); v != "" {
		p.INSEE = v
		if !reINSEE().MatchString(v) {
			r.add("code_insee", v, "code INSEE de la commune attendu : 5 caractères (2A ou 2B en tête pour la Corse), par exemple 60175%s", leadingZeroHint(v))
		}
	}
	if v := r.get("telephone"); v != "" {
		p.Phone = normalizePhone(v)
		if !rePhone().MatchString(p.Phone) {
			r.add("telephone", v, "numéro au format international attendu, par exemple +33344000000 (ou 03 44 00 00 00, converti automatiquement)")
		}
	}
	p.Website = first(r.text("site_web", domain.MaxPlaceTextLength), r.h.version)
	p.Lat, p.Lon, p.HasCoords = r.coords()
	if limit := summaryMax(r.h.version); utf8.RuneCountInString(p.Summary) > limit {
		r.add("presentation_resume", p.Summary, "%d caractères au plus attendus (ici %d) ; déplacez la suite dans presentation_detail",
			limit, utf8.RuneCountInString(p.Summary))
	}
	if v := r.get("date_maj"); v != "" {
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			example := "2026-10-01"
			if m := reFrDate().FindStringSubmatch(v); m != nil {
				example = fmt.Sprintf("%s-%02s-%02s", m[3], m[2], m[1])
			}
			r.add("date_maj", v, "date au format AAAA-MM-JJ attendue, par exemple %s", example)
		}
		p.UpdatedAt = d
	}
	return p
}

// summaryMax is the standard's limit: v1 tightened the 500 characters of v0.1 to 280.
func summaryMax(v Version) int {
	if v == V01 {
		return 500
	}
	return 280
}

func leadingZeroHint(v string) string {
	if len(v) == 4 && strings.Trim(v, "0123456789") == "" {
		return " (le tableur a peut-être supprimé le 0 initial : mettez la colonne au format texte)"
	}
	return ""
}

// normalizePhone writes the French national form (« 03 44 00 00 00 », « +33 (0)3 44… ») the
// international way the standard requires; anything else is left for the pattern to judge.
func normalizePhone(s string) string {
	s = strings.Map(func(c rune) rune {
		switch c {
		case ' ', '.', '-', '/', '(', ')', '\u00a0', '\u202f':
			return -1
		}
		return c
	}, s)
	switch {
	case strings.HasPrefix(s, "0033"):
		s = "+33" + s[4:]
	case len(s) == 10 && s[0] == '0' && strings.Trim(s, "0123456789") == "":
		s = "+33" + s[1:]
	}
	if strings.HasPrefix(s, "+330") && len(s) == 13 {
		s = "+33" + s[4:]
	}
	return s
}

// first keeps the first of several URLs or e-mails, the place having one field for each.
func first(s string, v Version) string {
	seps := "|"
	if v == V01 {
		seps = ";," // v0.1 documents the comma but its own example uses « ; »
	}
	for _, f := range strings.FieldsFunc(s, func(c rune) bool { return strings.ContainsRune(seps, c) }) {
		if f = strings.TrimSpace(f); f != "" {
			return f
		}
	}
	return ""
}

func (r *row) coords() (lat, lon float64, ok bool) {
	lat, latSet, latOK := r.coord("latitude", 90, "49.2598")
	lon, lonSet, lonOK := r.coord("longitude", 180, "2.4747")
	switch {
	case latSet && !lonSet:
		r.add("longitude", "", "longitude attendue avec la latitude : renseignez les deux, ou aucune")
	case lonSet && !latSet:
		r.add("latitude", "", "latitude attendue avec la longitude : renseignez les deux, ou aucune")
	}
	return lat, lon, latOK && lonOK
}

func (r *row) coord(col string, limit float64, example string) (v float64, set, ok bool) {
	s := r.get(col)
	if s == "" {
		return 0, false, false
	}
	// A decimal comma is what a French spreadsheet writes; the value is unambiguous.
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	// ParseFloat reads « NaN » and « Inf » too; NaN compares false with any limit.
	if err != nil || math.IsNaN(v) || v < -limit || v > limit {
		r.add(col, s, "nombre décimal entre -%g et %g attendu (WGS84), par exemple %s", limit, limit, example)
		return 0, true, false
	}
	return v, true, true
}

// place reads the whole line, common columns then the version's own.
func (r *row) place() domain.Place {
	p := r.common()
	if r.h.version == V01 {
		r.v01(&p)
	} else {
		r.v1(&p)
	}
	p.Needs = domain.NeedsFromServices(p.Services)
	if containsFolded(p.Labels, "Aidants Connect") {
		p.Modalities = append(p.Modalities, domain.ModOnMyBehalf)
	}
	p.Modalities = ordered(modalityOrder, p.Modalities)
	p.Support = ordered(supportOrder, p.Support)
	return p
}

func containsFolded(list []string, v string) bool {
	v = domain.Normalize(v)
	for _, x := range list {
		if domain.Normalize(x) == v {
			return true
		}
	}
	return false
}

// mentionsAPTIC spots the label in free text too (« Label APTIC », « aptic »).
func mentionsAPTIC(values []string) bool {
	for _, v := range values {
		for _, w := range strings.Fields(domain.Normalize(v)) {
			if w == "aptic" {
				return true
			}
		}
	}
	return false
}

// bestCost keeps the most accessible of several published costs: a place offering something free
// is worth proposing to someone who cannot pay.
func bestCost(costs []domain.Cost) domain.Cost {
	for _, c := range []domain.Cost{domain.CostFree, domain.CostFreeConditional, domain.CostPaid} {
		for _, x := range costs {
			if x == c {
				return c
			}
		}
	}
	return ""
}
