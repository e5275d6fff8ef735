package domain

import (
	"fmt"
	"math/big"
	"sort"
	"strings"
)

// MaxCarnetList caps the carnets one command line may name: a typo in a range
// (« 600001-6000500 ») must not move half a million carnets.
const MaxCarnetList = 10_000

// ParseCarnetList reads a list of carnet numbers typed or pasted by a coordinator: numbers and
// ranges separated by commas, « 600001-600050, 600061 ». Numbers stay opaque; a range names two
// numbers of the same length that differ only in their last digits (« CSO0001-CSO0050 » too),
// and lists every number between them, keeping their width. The list is returned in the order
// given, each number once.
//
// A single number may itself contain dashes (« CSO-0001 »): an item is read as a range only
// when a dash splits it into two halves of the same length, or when it is two runs of digits
// around one dash (then the lengths must match, and « 600001-03 », a chèque number, is refused
// as such).
func ParseCarnetList(s string) ([]string, error) {
	if strings.TrimSpace(strings.ReplaceAll(s, ",", "")) == "" {
		return nil, Errorf(KindInvalid, "carnets : liste vide ; donnez des numéros séparés par des virgules, ou des plages comme 600001-600050")
	}
	var out []string
	seen := map[string]string{} // number → the item that named it
	for i, raw := range strings.Split(s, ",") {
		item := strings.Join(strings.Fields(raw), "") // « 600001 - 600050 » is one range
		if item == "" {
			return nil, Errorf(KindInvalid, "carnets : élément n°%d vide (deux virgules de suite, ou une virgule en trop au bout ?)", i+1)
		}
		nums, err := expandItem(item, MaxCarnetList-len(out))
		if err != nil {
			return nil, err
		}
		for _, n := range nums {
			if prev, dup := seen[n]; dup {
				if prev == item {
					return nil, Errorf(KindInvalid, "carnets : %q est donné deux fois", item)
				}
				return nil, Errorf(KindInvalid, "carnets : le carnet %s est donné deux fois (dans %q et dans %q)", n, prev, item)
			}
			seen[n] = item
		}
		out = append(out, nums...)
	}
	return out, nil
}

// expandItem reads one item of a list: a number, or a range of at most room numbers.
func expandItem(item string, room int) ([]string, error) {
	lo, hi, isRange, err := splitRange(item)
	if err != nil {
		return nil, err
	}
	if !isRange {
		if !ValidNumber(item) {
			return nil, Errorf(KindInvalid, "carnets : %q n'est pas un numéro de carnet (chiffres, lettres, tirets, 40 caractères au plus)", item)
		}
		if room < 1 {
			return nil, tooMany()
		}
		return []string{item}, nil
	}
	for _, end := range []string{lo, hi} {
		if !ValidNumber(end) {
			return nil, Errorf(KindInvalid, "carnets : %q : %q n'est pas un numéro de carnet (chiffres, lettres, tirets, 40 caractères au plus)", item, end)
		}
	}
	p := 0
	for p < len(lo) && lo[p] == hi[p] {
		p++
	}
	if p == len(lo) { // « 600001-600001 »: one carnet
		if room < 1 {
			return nil, tooMany()
		}
		return []string{lo}, nil
	}
	// The differing part must be digits in both ends: « 600A01-600B01 » is no range. Every
	// number between the two ends shares their common prefix.
	if !allDigits(lo[p:]) || !allDigits(hi[p:]) {
		return nil, Errorf(KindInvalid, "carnets : %q : une plage va d'un numéro à un autre de même longueur qui ne diffèrent que par leurs derniers chiffres (par exemple 600001-600050)", item)
	}
	from, _ := new(big.Int).SetString(lo[p:], 10)
	to, _ := new(big.Int).SetString(hi[p:], 10)
	if from.Cmp(to) > 0 {
		return nil, Errorf(KindInvalid, "carnets : %q : la plage va à l'envers (écrivez %s-%s)", item, hi, lo)
	}
	count := new(big.Int).Sub(to, from)
	count.Add(count, big.NewInt(1))
	if !count.IsInt64() || count.Int64() > int64(room) {
		return nil, tooManyIn(item, groupedBig(count))
	}
	n := int(count.Int64())
	out := make([]string, 0, n)
	for cur := lo; len(out) < n; cur, _ = increment(cur) {
		out = append(out, cur)
	}
	return out, nil
}

// splitRange tells whether an item is a range and gives its two ends.
func splitRange(item string) (lo, hi string, isRange bool, err error) {
	if !strings.Contains(item, "-") {
		return "", "", false, nil
	}
	if strings.HasPrefix(item, "-") || strings.HasSuffix(item, "-") {
		return "", "", false, Errorf(KindInvalid, "carnets : %q : il manque un bout à la plage (écrivez par exemple 600001-600050)", item)
	}
	// Two halves of the same length around the middle dash.
	if len(item)%2 == 1 && item[len(item)/2] == '-' {
		return item[:len(item)/2], item[len(item)/2+1:], true, nil
	}
	// Two runs of digits around one dash, of different lengths: a typo or a chèque number.
	l, r, _ := strings.Cut(item, "-")
	if allDigits(l) && allDigits(r) {
		if len(r) < len(l) && len(r) <= 3 {
			return "", "", false, Errorf(KindInvalid, "carnets : %q ressemble à un numéro de chèque (carnet %s, chèque n°%s) : donnez des numéros de carnet", item, l, r)
		}
		return "", "", false, Errorf(KindInvalid, "carnets : %q : les deux bouts de la plage n'ont pas la même longueur (%d et %d chiffres) ; écrivez les deux numéros en entier, par exemple 600001-600050", item, len(l), len(r))
	}
	return "", "", false, nil // an opaque number with a dash: « CSO-0001 »
}

func tooMany() error {
	return Errorf(KindInvalid, "carnets : plus de %s carnets dans la liste ; découpez-la en plusieurs commandes", Grouped(MaxCarnetList))
}

func groupedBig(n *big.Int) string {
	if n.IsInt64() {
		return Grouped(n.Int64())
	}
	return "des milliards de"
}

func tooManyIn(item, n string) error {
	return Errorf(KindInvalid, "carnets : %q : %s carnets, la liste en accepte %s au plus ; vérifiez les bouts de la plage ou découpez-la", item, n, Grouped(MaxCarnetList))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// CarnetRanges writes carnet numbers compactly: consecutive numbers of the same length that
// differ by one in their last digits make a range, « 600001-600050, 600061 ». The numbers are
// sorted first (by length, then text, which for equal lengths is numeric order), so any order
// in gives the same ranges out; duplicates are kept once.
func CarnetRanges(numbers []string) []string {
	if len(numbers) == 0 {
		return []string{}
	}
	sorted := append([]string(nil), numbers...)
	SortCarnetNumbers(sorted)
	var out []string
	first, last := sorted[0], sorted[0]
	flush := func() {
		if first == last {
			out = append(out, first)
		} else {
			out = append(out, first+"-"+last)
		}
	}
	for _, n := range sorted[1:] {
		if n == last {
			continue
		}
		if Consecutive(last, n) {
			last = n
			continue
		}
		flush()
		first, last = n, n
	}
	flush()
	return out
}

// SortCarnetNumbers sorts numbers by length, then text: numeric order among numbers of one length.
func SortCarnetNumbers(numbers []string) {
	sort.Slice(numbers, func(i, j int) bool {
		if len(numbers[i]) != len(numbers[j]) {
			return len(numbers[i]) < len(numbers[j])
		}
		return numbers[i] < numbers[j]
	})
}

// Consecutive reports whether b is the number right after a: same length, and the trailing
// digits of b are those of a plus one (« 600009 » → « 600010 », « CSO0099 » → « CSO0100 »).
func Consecutive(a, b string) bool {
	next, ok := increment(a)
	return ok && next == b
}

// increment adds one to the trailing digits of a number, keeping its length, as on paper; it
// fails when the number does not end with a digit or the carry would change its length or reach
// a letter (« 999 », « AB9 »).
func increment(a string) (string, bool) {
	next := []byte(a)
	i := len(next) - 1
	for ; i >= 0 && next[i] == '9'; i-- {
		next[i] = '0'
	}
	if i < 0 || !isDigit(next[i]) {
		return "", false
	}
	next[i]++
	return string(next), true
}

// RangesText joins ranges for a line of text, keeping at most max of them
// (« 600001-600050, 600061 … et 12 autres plages »); max ≤ 0 keeps all.
func RangesText(ranges []string, max int) string {
	if len(ranges) == 0 {
		return "—"
	}
	if max <= 0 || len(ranges) <= max {
		return strings.Join(ranges, ", ")
	}
	return fmt.Sprintf("%s … et %s", strings.Join(ranges[:max], ", "), Plural(len(ranges)-max, "autre plage", "autres plages"))
}
