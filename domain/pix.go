package domain

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// A Pix positioning is what a trainer writes after a Pix test: a global score in « pix » points
// (Pix's scale: 16 competences × 8 levels × 8 pix = 1024 at most) and/or a level, 0 to 8, in
// some of the 5 domains of the referential (the CRCN numbers them 1 to 5). The follow-up keeps it
// in one text column: the canonical form « 312 1:2 2:3 »; an older free text that does not read
// as one stays as it was typed.

// PixMaxScore and PixMaxLevel are the top of Pix's scales.
const (
	PixMaxScore = 1024
	PixMaxLevel = 8
	pixMaxInput = 200
)

// PixLevel is a level in one domain, Domain being its CRCN number (1 to 5).
type PixLevel struct {
	Domain int
	Level  int
}

// PixPositioning is a parsed Pix result. Free holds a stored text that is not one (kept from
// before positionings were checked), shown as typed.
type PixPositioning struct {
	HasScore bool
	Score    int
	Levels   []PixLevel // by domain number, each domain once
	Free     string
}

// IsZero is true when nothing was recorded.
func (p PixPositioning) IsZero() bool { return !p.HasScore && len(p.Levels) == 0 && p.Free == "" }

// PixDomainLabel is the French name of a domain by its CRCN number (« Informations et données »).
func PixDomainLabel(n int) string {
	for _, d := range DiagDomains {
		if d.CRCN == n {
			return d.Label
		}
	}
	return "domaine " + strconv.Itoa(n)
}

// pixDomainOf is the domain a folded word names: a beginning (3 letters or more) of a word of
// its name, « info », « communication », « securite »; 0 for none.
func pixDomainOf(word string) int {
	if len([]rune(word)) < 3 {
		return 0
	}
	for _, d := range DiagDomains {
		for _, w := range strings.Fields(Normalize(d.Label)) {
			if len(w) > 3 && strings.HasPrefix(w, word) {
				return d.CRCN
			}
		}
	}
	return 0
}

const pixExpected = "attendu : un score de 0 à 1024 (« 312 » ou « 312 pix ») et/ou un niveau de 0 à 8 par domaine (« 1:2 2:3 5:1 » ou « informations 2, communication 3 ») ; laissez vide s'il n'y en a pas"

func pixRefusal(format string, args ...any) error {
	return Errorf(KindInvalid, "positionnement Pix : "+format+" ; "+pixExpected, args...)
}

// pixTokens splits what was typed into numbers, folded words and « : » (« = » too).
func pixTokens(s string) []string {
	var out []string
	var cur []rune
	kind := 0 // 1 digits, 2 letters
	flush := func() {
		if len(cur) > 0 {
			t := string(cur)
			if kind == 2 {
				t = Normalize(t)
			}
			out = append(out, t)
		}
		cur, kind = nil, 0
	}
	for _, r := range s {
		k := 0
		switch {
		case unicode.IsDigit(r):
			k = 1
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			k = 2
		}
		if k != kind || k == 0 {
			flush()
		}
		if k != 0 {
			cur, kind = append(cur, r), k
		} else if r == ':' || r == '=' {
			out = append(out, ":")
		}
	}
	flush()
	return out
}

// isDecimal is « 2,5 » or « 2.5 »: no score, Pix counts whole pix.
func isDecimal(s string) bool {
	i := strings.IndexAny(s, ".,")
	return i > 0 && i < len(s)-1 && allDigits(s[:i]) && allDigits(s[i+1:])
}

// isNegative is a minus sign before a number: « -1 ».
func isNegative(s string) bool {
	for i := strings.IndexByte(s, '-'); i >= 0; i = strings.IndexByte(s, '-') {
		s = strings.TrimLeft(s[i+1:], " ")
		if isNumber(s) {
			return true
		}
	}
	return false
}

func isNumber(t string) bool { return t != "" && t[0] >= '0' && t[0] <= '9' }

// ParsePix reads a Pix result as a trainer types it: « 312 », « 312 pix », « 1:2 2:3 5:1 »,
// « informations 2, communication 3 », or a score and levels together. Empty is no result.
func ParsePix(s string) (PixPositioning, error) {
	var p PixPositioning
	typed := strings.TrimSpace(s)
	if typed == "" {
		return p, nil
	}
	if len([]rune(typed)) > pixMaxInput {
		return p, pixRefusal("%d caractères, c'est trop long (%d au plus)", len([]rune(typed)), pixMaxInput)
	}
	if isDecimal(typed) {
		return p, pixRefusal("« %s » : un score Pix est un nombre entier de pix", typed)
	}
	if isNegative(typed) {
		return p, pixRefusal("« %s » : un score ou un niveau n'est jamais négatif", typed)
	}
	seen := map[int]bool{}
	addLevel := func(dom int, level, what string) error {
		n, err := strconv.Atoi(level)
		if err != nil || n > PixMaxLevel {
			return pixRefusal("« %s » : niveau %s en %s, un niveau va de 0 à 8", what, level, PixDomainLabel(dom))
		}
		if seen[dom] {
			return pixRefusal("« %s » : %s est donné deux fois", typed, PixDomainLabel(dom))
		}
		seen[dom] = true
		p.Levels = append(p.Levels, PixLevel{dom, n})
		return nil
	}
	tok := pixTokens(typed)
	for i := 0; i < len(tok); i++ {
		t := tok[i]
		next := func(k int) string {
			if i+k < len(tok) {
				return tok[i+k]
			}
			return ""
		}
		switch {
		case isNumber(t) && next(1) == ":":
			dom, _ := strconv.Atoi(t)
			if dom < 1 || dom > 5 || len(t) > 1 {
				return p, pixRefusal("« %s:%s » : le domaine %s n'existe pas (1 Informations et données, 2 Communication et collaboration, 3 Création de contenu, 4 Protection et sécurité, 5 Environnement numérique)", t, next(2), t)
			}
			if !isNumber(next(2)) {
				return p, pixRefusal("« %s: » : il manque le niveau de %s", t, PixDomainLabel(dom))
			}
			if err := addLevel(dom, next(2), t+":"+next(2)); err != nil {
				return p, err
			}
			i += 2
		case isNumber(t):
			n, err := strconv.Atoi(t)
			if err != nil || n > PixMaxScore {
				return p, pixRefusal("« %s » n'est pas un score Pix (de 0 à 1024 pix)", t)
			}
			if p.HasScore {
				return p, pixRefusal("« %s » : deux scores (%d et %s) ; pour un niveau par domaine, écrivez « 1:2 »", typed, p.Score, t)
			}
			p.HasScore, p.Score = true, n
			if next(1) == "pix" || next(1) == "points" {
				i++
			}
		case (t == "niveau" || t == "niv") && isNumber(next(1)):
			return p, pixRefusal("« %s %s » : de quel domaine ? écrivez par exemple « 1:%s » ou « informations %s »", t, next(1), next(1), next(1))
		case t == "pix" || t == "score" || t == "niveau" || t == "niv" || t == "et" || t == "de" || t == ":":
			// words around a number: « score pix 312 », « niveau 2 »
		default:
			dom := pixDomainOf(t)
			if dom == 0 {
				return p, pixRefusal("« %s » n'est pas un domaine Pix (informations, communication, création, protection, environnement)", t)
			}
			j := i + 1
			for j < len(tok) && !isNumber(tok[j]) && (tok[j] == ":" || tok[j] == "et" || tok[j] == "de" || tok[j] == "niveau" || tok[j] == "niv" || pixDomainOf(tok[j]) == dom) {
				j++
			}
			if j >= len(tok) || !isNumber(tok[j]) {
				return p, pixRefusal("« %s » : il manque le niveau de %s", typed, PixDomainLabel(dom))
			}
			if err := addLevel(dom, tok[j], t+" "+tok[j]); err != nil {
				return p, err
			}
			i = j
		}
	}
	if p.IsZero() {
		return p, pixRefusal("« %s » ne donne ni score ni niveau", typed)
	}
	sortPixLevels(p.Levels)
	return p, nil
}

func sortPixLevels(l []PixLevel) {
	for i := 1; i < len(l); i++ {
		for j := i; j > 0 && l[j].Domain < l[j-1].Domain; j-- {
			l[j], l[j-1] = l[j-1], l[j]
		}
	}
}

// PixFromStored reads the follow-up's stored text; what does not read as a positioning (a free
// text typed before they were checked) is kept as Free.
func PixFromStored(s string) PixPositioning {
	if strings.TrimSpace(s) == "" {
		return PixPositioning{}
	}
	p, err := ParsePix(s)
	if err != nil {
		return PixPositioning{Free: strings.TrimSpace(s)}
	}
	return p
}

// Stored is the canonical text kept in the follow-up: « 312 1:2 2:3 ».
func (p PixPositioning) Stored() string {
	if p.Free != "" {
		return p.Free
	}
	var parts []string
	if p.HasScore {
		parts = append(parts, strconv.Itoa(p.Score))
	}
	for _, l := range p.Levels {
		parts = append(parts, strconv.Itoa(l.Domain)+":"+strconv.Itoa(l.Level))
	}
	return strings.Join(parts, " ")
}

// String is the positioning in French: « 312 pix · Informations et données niveau 2 ».
func (p PixPositioning) String() string {
	if p.Free != "" {
		return p.Free
	}
	var parts []string
	if p.HasScore {
		parts = append(parts, strconv.Itoa(p.Score)+" pix")
	}
	for _, l := range p.Levels {
		parts = append(parts, PixDomainLabel(l.Domain)+" niveau "+strconv.Itoa(l.Level))
	}
	return strings.Join(parts, " · ")
}

// PixText is a follow-up's stored Pix result written for a reader, "" without one.
func PixText(stored string) string { return PixFromStored(stored).String() }

// PixMark is one positioning's value in a domain (or the score), dated.
type PixMark struct {
	At      time.Time
	Session string
	Value   int
}

// PixProgress is the first and the latest positioning of one domain (Domain 0: the score).
type PixProgress struct {
	Domain      int
	First, Last PixMark
}

// Label is « Score Pix » or the domain's name.
func (g PixProgress) Label() string {
	if g.Domain == 0 {
		return "Score Pix"
	}
	return PixDomainLabel(g.Domain)
}

// Moved says whether there were two positionings of that domain.
func (g PixProgress) Moved() bool { return !g.First.At.Equal(g.Last.At) }

func (g PixProgress) value(v int) string {
	if g.Domain == 0 {
		return strconv.Itoa(v) + " pix"
	}
	return "niveau " + strconv.Itoa(v)
}

// FirstText and LastText are « niveau 2 » or « 312 pix ».
func (g PixProgress) FirstText() string { return g.value(g.First.Value) }
func (g PixProgress) LastText() string  { return g.value(g.Last.Value) }

// String is « Informations et données : niveau 1 le 03/03/2026 → niveau 3 le 10/03/2026 ».
func (g PixProgress) String() string {
	s := g.Label() + " : " + g.FirstText() + " le " + g.First.At.Local().Format("02/01/2006")
	if g.Moved() {
		s += " → " + g.LastText() + " le " + g.Last.At.Local().Format("02/01/2006")
	}
	return s
}

// PixProgression is, from follow-ups oldest first, the first and latest positioning of the
// score and of each domain that was positioned, score first then domains 1 to 5.
func PixProgression(notes []FollowUpNote) []PixProgress {
	byDomain := map[int]*PixProgress{}
	mark := func(dom int, n FollowUpNote, v int) {
		m := PixMark{At: n.At, Session: n.Session, Value: v}
		if g, ok := byDomain[dom]; ok {
			g.Last = m
			return
		}
		byDomain[dom] = &PixProgress{Domain: dom, First: m, Last: m}
	}
	for _, n := range notes {
		p := PixFromStored(n.Pix)
		if p.HasScore {
			mark(0, n, p.Score)
		}
		for _, l := range p.Levels {
			mark(l.Domain, n, l.Level)
		}
	}
	var out []PixProgress
	for dom := 0; dom <= 5; dom++ {
		if g, ok := byDomain[dom]; ok {
			out = append(out, *g)
		}
	}
	return out
}
