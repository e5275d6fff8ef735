package domain

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// The French wording every output shares (screens, CLI, documents): counts with their noun,
// money, dates, durations, names and elision. A document and a screen saying the same thing use
// the same helper, so they never word it differently.

// Plural writes a count with its noun, French style: 0 and 1 take the singular
// (« 0 carnet », « 1 carnet », « 2 carnets »).
func Plural(n int, one, many string) string {
	if n > 1 || n < -1 {
		return fmt.Sprintf("%d %s", n, many)
	}
	return fmt.Sprintf("%d %s", n, one)
}

// PluralWord is the noun alone in the number n asks for, where the count is written apart (a
// column, « 3/12 inscrits »).
func PluralWord(n int, one, many string) string {
	if n > 1 || n < -1 {
		return many
	}
	return one
}

// RoundEuros writes an amount the way a letter or a desk says it: « 50 € », « 79 750 € », and
// « 12,50 € » only when there are cents.
func RoundEuros(cents int64) string {
	if cents%100 == 0 {
		return Grouped(cents/100) + " €"
	}
	return Euros(cents)
}

// LongDate writes a day as a letter is dated: « 22 novembre 2026 », « 1er décembre 2026 ».
func LongDate(t time.Time) string {
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return day + " " + MonthName(t.Month()) + " " + strconv.Itoa(t.Year())
}

// DurationLabel writes minutes as a timetable does: « 45 min », « 2 h », « 1 h 30 ».
func DurationLabel(minutes int) string {
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %02d", h, m)
}

// DisplayName is « Prénom NOM », the usual French way to address a person in a letter or a title.
func (p Person) DisplayName() string {
	return strings.TrimSpace(NameCase(p.FirstName) + " " + strings.ToUpper(strings.TrimSpace(p.LastName)))
}

// OfName is « de Jeanne DUPONT » or, before a vowel or a silent h, « d'Amina LEFÈVRE »,
// « d'Hélène MARTIN ».
func OfName(name string) string {
	if elides(name) {
		return "d'" + name
	}
	return "de " + name
}

// Grouped writes a count as French figures are read: « 2 200 », « 10 000 ».
func Grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// InSentence is a label inside a sentence: « Date de naissance » → « date de naissance », but
// an acronym stays (« QPV »), and an accented first letter is lowered whole (« Âge » → « âge »).
func InSentence(label string) string {
	r := []rune(label)
	if len(r) == 0 || len(r) > 1 && unicode.IsUpper(r[0]) && unicode.IsUpper(r[1]) {
		return label
	}
	return string(unicode.ToLower(r[0])) + string(r[1:])
}

// OnDate is a day in a sentence: « le 1er décembre 2026 ».
func OnDate(t time.Time) string { return "le " + LongDate(t) }

// NameCase shows a first name as typed, but with a capital to each part: « inès » and
// « jean-pierre » become « Inès » and « Jean-Pierre »; « McDonald » keeps its capitals.
func NameCase(s string) string {
	rs := []rune(strings.TrimSpace(s))
	start := true
	for i, r := range rs {
		if start {
			rs[i] = unicode.ToUpper(r)
		}
		start = r == ' ' || r == '-' || r == '\''
	}
	return string(rs)
}

// hMuet are the first names whose h is silent, so « d'Hélène » but « de Hamid »: a short
// list of the common ones, not a dictionary — a name missing here reads « de », never wrong
// enough to mislead.
var hMuet = []string{"hélène", "héloïse", "hugo", "hervé", "henri", "hector", "hubert", "hortense",
	"honoré", "honorine", "hippolyte", "hermine", "hadrien", "hilaire", "hyacinthe"}

// elides reports that a word starting s takes « d' » rather than « de ».
func elides(s string) bool {
	const vowels = "AEIOUÀÂÄÉÈÊËÎÏÔÖÙÛÜaeiouàâäéèêëîïôöùûü"
	r, size := utf8.DecodeRuneInString(s)
	if strings.ContainsRune(vowels, r) {
		return true
	}
	if r == 'Y' || r == 'y' {
		// A y before a vowel is a consonant (« de Yasmine »), before a consonant a vowel (« d'Yves »).
		next, _ := utf8.DecodeRuneInString(s[size:])
		return !strings.ContainsRune(vowels, next)
	}
	lower := strings.ToLower(s)
	for _, h := range hMuet {
		if strings.HasPrefix(lower, h) {
			return true
		}
	}
	return false
}

// PhoneLabel shows a French number the way people dial it: « 03 44 00 01 01 » from
// +33344000101, 0033344000101, 03.44.00.01.01 or 0344000101; any other number stays as given.
func PhoneLabel(s string) string {
	s = strings.TrimSpace(s)
	var digits strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == '+' && digits.Len() == 0, r == ' ', r == '.', r == '-', r == '\u00a0':
		default:
			return s
		}
	}
	d := digits.String()
	switch {
	case strings.HasPrefix(s, "+33") && len(d) == 11:
		d = "0" + d[2:]
	case strings.HasPrefix(d, "0033") && len(d) == 13:
		d = "0" + d[4:]
	case strings.HasPrefix(s, "+"):
		return s
	}
	if len(d) != 10 || d[0] != '0' {
		return s
	}
	return strings.Join([]string{d[0:2], d[2:4], d[4:6], d[6:8], d[8:10]}, " ")
}

var osmDays = map[string]int{"Mo": 0, "Tu": 1, "We": 2, "Th": 3, "Fr": 4, "Sa": 5, "Su": 6}

var frenchDays = []string{"lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."}

// HoursLabel writes OpenStreetMap opening hours in French: « Mo-Fr 09:00-12:30,13:30-17:00 »
// is « lun.–ven. 9 h – 12 h 30, 13 h 30 – 17 h ». It knows day lists and ranges, « off »,
// public holidays (PH) and rules separated by « ; »; anything else (free text, week numbers,
// months) is shown as published rather than half translated. A time keeps its parts together
// (no-break spaces), so a line never ends between « 12 h » and « 30 ».
func HoursLabel(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if s == "24/7" {
		return "tous les jours, 24 h sur 24"
	}
	var rules []string
	for _, rule := range strings.Split(s, ";") {
		rule = strings.TrimSpace(rule)
		if rule == "" {
			continue
		}
		r, ok := hoursRule(rule)
		if !ok {
			return s
		}
		rules = append(rules, r)
	}
	return strings.Join(rules, " ; ")
}

// hoursRule is one rule: days (optional) then times or « off ».
func hoursRule(rule string) (string, bool) {
	fields := strings.Fields(rule)
	if len(fields) == 0 || len(fields) > 2 {
		return "", false
	}
	days, times := "", fields[0]
	if len(fields) == 2 {
		days, times = fields[0], fields[1]
	} else if _, err := hoursTimes(times); err != nil {
		days, times = fields[0], "" // « Mo-Fr » alone: open those days, hours not given
	}
	var when string
	if days != "" {
		var ok bool
		if when, ok = hoursDays(days); !ok {
			return "", false
		}
	}
	switch {
	case times == "off" || times == "closed":
		if days == "PH" {
			return "fermé les jours fériés", true
		}
		return when + "\u00a0: fermé", true
	case times == "":
		return when, true
	}
	t, err := hoursTimes(times)
	if err != nil {
		return "", false
	}
	if when == "" {
		return "tous les jours " + t, true
	}
	return when + " " + t, true
}

// hoursDays is « lun.–ven. », « lun., mer. », « jours fériés ».
func hoursDays(s string) (string, bool) {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part == "PH" {
			out = append(out, "jours fériés")
			continue
		}
		from, to, isRange := strings.Cut(part, "-")
		a, ok := osmDays[from]
		if !ok {
			return "", false
		}
		if !isRange {
			out = append(out, frenchDays[a])
			continue
		}
		b, ok := osmDays[to]
		if !ok {
			return "", false
		}
		out = append(out, frenchDays[a]+"–"+frenchDays[b])
	}
	return strings.Join(out, ", "), true
}

// hoursTimes is « 9 h – 12 h 30, 13 h 30 – 17 h ».
func hoursTimes(s string) (string, error) {
	var out []string
	for _, span := range strings.Split(s, ",") {
		from, to, ok := strings.Cut(span, "-")
		if !ok {
			return "", Errorf(KindInvalid, "plage horaire %q", span)
		}
		a, err := hoursClock(from)
		if err != nil {
			return "", err
		}
		b, err := hoursClock(to)
		if err != nil {
			return "", err
		}
		out = append(out, a+" – "+b)
	}
	return strings.Join(out, ", "), nil
}

// hoursClock is « 9 h », « 12 h 30 » from « 09:00 », « 12:30 ».
func hoursClock(s string) (string, error) {
	hh, mm, ok := strings.Cut(s, ":")
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if !ok || err1 != nil || err2 != nil || len(mm) != 2 || h < 0 || h > 24 || m < 0 || m > 59 {
		return "", Errorf(KindInvalid, "heure %q", s)
	}
	if m == 0 {
		return fmt.Sprintf("%d\u00a0h", h), nil
	}
	return fmt.Sprintf("%d\u00a0h\u00a0%02d", h, m), nil
}

// Typo applies French spacing to a text shown on a screen: a no-break space before « : », « ; »,
// « ! », « ? », « € » and inside « », so a line never starts with a colon. A terminal breaks lines at
// U+202F (it counts as a space), hence the wider no-break space here; documents use NarrowTypo.
func Typo(s string) string { return typoWith(s, "\u00a0") }

// NarrowTypo is Typo with the narrow no-break space (U+202F) a printed page uses.
func NarrowTypo(s string) string { return typoWith(s, "\u202f") }

var typoPairs = []string{" :", ":", " ;", ";", " !", "!", " ?", "?", "« ", "«", " »", "»", " €", "€"}

func typoWith(s, space string) string {
	if !strings.ContainsAny(s, ":;!?«»€") {
		return s
	}
	pairs := make([]string, 0, len(typoPairs))
	for i := 0; i < len(typoPairs); i += 2 {
		from, mark := typoPairs[i], typoPairs[i+1]
		to := space + mark
		if mark == "«" {
			to = mark + space
		}
		pairs = append(pairs, from, to)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// EUMention is the sentence the European funds require on documents given to the public when
// a funder is European (FEDER, FSE+, or simply « Europe »): « Ce projet est cofinancé par
// l'Union européenne » with the fund named when known; "" when no funder is European.
func EUMention(funders []Funder) string {
	for _, f := range funders {
		n := strings.ToUpper(f.Name)
		switch {
		case strings.Contains(n, "FEDER"):
			return "Ce projet est cofinancé par l'Union européenne dans le cadre du Fonds européen de développement régional (FEDER)."
		case strings.Contains(n, "FSE"):
			return "Ce projet est cofinancé par l'Union européenne dans le cadre du Fonds social européen (FSE+)."
		case strings.Contains(n, "EUROP") || n == "UE" || strings.Contains(n, "UNION EUROP"):
			return "Ce projet est cofinancé par l'Union européenne."
		}
	}
	return ""
}

// FunderNames lists the funders as a person reads them: « l'État, l'Europe et l'ACSO » is
// too clever for names typed in a configuration, so « État, Europe et ACSO ».
func FunderNames(funders []Funder) string {
	var names []string
	for _, f := range funders {
		if n := strings.TrimSpace(f.Name); n != "" {
			names = append(names, n)
		}
	}
	return JoinAnd(names)
}

// JoinAnd is « a, b et c ».
func JoinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " et " + items[len(items)-1]
}

// CapitalFirst writes a sentence's first letter in capital: « Le programme… ».
func CapitalFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// PadRight pads s with spaces to w cells (escape codes take none), so that the values after a
// column of labels line up, on a screen as in a printed courrier.
func PadRight(s string, w int) string {
	if d := w - ansi.StringWidth(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}
