package doc

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// wrapLines wraps plain text to w cells, indented, with a hanging indent so continuation lines
// sit under the text rather than under its mark. It breaks lines where the screens do
// (github.com/charmbracelet/x/ansi's Wrap, which the courrier used when it lived with them), so
// a document keeps its line breaks byte for byte; it knows no terminal styles, a document has none.
func wrapLines(s string, w, indent, hang int) []string {
	width := max(w-indent-hang, 10)
	ls := strings.Split(wrapText(s, width), "\n")
	for i := range ls {
		pad := indent
		if i > 0 {
			pad += hang
		}
		ls[i] = strings.Repeat(" ", pad) + ls[i]
	}
	return ls
}

const nbsp = '\u00a0' // a non-breaking space never breaks a line

// wrapText breaks s into lines of at most limit cells: at spaces and after hyphens, and inside a
// word longer than a line. Spaces at a break are dropped, existing line breaks are kept.
func wrapText(s string, limit int) string {
	if limit < 1 {
		return s
	}
	var (
		buf, word, space              strings.Builder
		spaceWidth, curWidth, wordLen int
	)
	addSpace := func() {
		if spaceWidth == 0 && space.Len() == 0 {
			return
		}
		curWidth += spaceWidth
		buf.WriteString(space.String())
		space.Reset()
		spaceWidth = 0
	}
	addWord := func() {
		if word.Len() == 0 {
			return
		}
		addSpace()
		curWidth += wordLen
		buf.WriteString(word.String())
		word.Reset()
		wordLen = 0
	}
	addNewline := func() {
		buf.WriteByte('\n')
		curWidth = 0
		space.Reset()
		spaceWidth = 0
	}
	// endSpaces keeps the spaces before a line break or the end when they fit, else drops them.
	endSpaces := func() {
		if wordLen != 0 {
			return
		}
		if curWidth+spaceWidth > limit {
			curWidth = 0
		} else {
			buf.WriteString(space.String())
		}
		space.Reset()
		spaceWidth = 0
	}

	for i := 0; i < len(s); {
		if s[i] >= utf8.RuneSelf {
			cluster, width := firstCluster(s[i:])
			i += len(cluster)
			if r, _ := utf8.DecodeRuneInString(cluster); r != utf8.RuneError && unicode.IsSpace(r) && r != nbsp {
				addWord()
				space.WriteRune(r)
				spaceWidth += width
				continue
			}
			if wordLen+width > limit {
				addWord() // a word longer than a line is cut
			}
			word.WriteString(cluster)
			wordLen += width
			if curWidth+wordLen+spaceWidth > limit {
				addNewline()
			}
			if wordLen == limit {
				addWord()
			}
			continue
		}
		r := rune(s[i])
		i++
		switch {
		case r == '\n':
			endSpaces()
			addWord()
			addNewline()
		case unicode.IsSpace(r):
			addWord()
			space.WriteRune(r)
			spaceWidth++
		case r == '-':
			addSpace()
			if curWidth+wordLen >= limit {
				word.WriteRune(r) // no room for the hyphen: it goes with the word
				wordLen++
			} else {
				addWord()
				buf.WriteRune(r)
				curWidth++
			}
		case r == 0x7f:
			word.WriteRune(r) // DEL takes no cell
		default:
			if curWidth == limit {
				addNewline()
			}
			word.WriteRune(r)
			wordLen++
			if wordLen == limit {
				addWord()
			}
			if curWidth+wordLen+spaceWidth > limit {
				addNewline()
			}
		}
	}
	endSpaces()
	addWord()
	return buf.String()
}

// firstCluster is the first user-perceived character of s (which starts with a non-ASCII rune)
// and the cells it takes: a rune with the combining marks, variation selectors and joined runes
// that follow it, or a pair of regional indicators (a flag).
func firstCluster(s string) (string, int) {
	r, n := utf8.DecodeRuneInString(s)
	width := runeWidth(r)
	if isRegional(r) {
		if r2, n2 := utf8.DecodeRuneInString(s[n:]); isRegional(r2) {
			return s[:n+n2], 2
		}
	}
	for n < len(s) {
		next, size := utf8.DecodeRuneInString(s[n:])
		switch {
		case next == '\u200d': // zero width joiner: the next rune joins the cluster
			n += size
			if n < len(s) {
				_, size = utf8.DecodeRuneInString(s[n:])
				n += size
			}
		case next == '\ufe0f' && width == 1 && r >= 0x2000: // emoji presentation selector
			width = 2
			n += size
		case unicode.In(next, unicode.Mn, unicode.Me, unicode.Mc) || (next >= 0x1f3fb && next <= 0x1f3ff):
			n += size
		default:
			return s[:n], width
		}
	}
	return s[:n], width
}

func isRegional(r rune) bool { return r >= 0x1f1e6 && r <= 0x1f1ff }

// runeWidth is the cells a rune takes in a monospaced font: none for marks, controls and format
// characters, two for East Asian wide characters and emoji, one otherwise.
func runeWidth(r rune) int {
	switch {
	case r == utf8.RuneError:
		return 1
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cc, unicode.Cf):
		return 0
	}
	lo, hi := 0, len(wideRanges)
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case r < wideRanges[m][0]:
			hi = m
		case r > wideRanges[m][1]:
			lo = m + 1
		default:
			return 2
		}
	}
	return 1
}

// wideRanges are the East Asian Wide and Fullwidth characters and the emoji shown wide (Unicode
// EastAsianWidth W and F), sorted.
var wideRanges = [][2]rune{
	{0x1100, 0x115f}, {0x231a, 0x231b}, {0x2329, 0x232a}, {0x23e9, 0x23ec}, {0x23f0, 0x23f0}, {0x23f3, 0x23f3},
	{0x25fd, 0x25fe}, {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267f, 0x267f}, {0x2693, 0x2693}, {0x26a1, 0x26a1},
	{0x26aa, 0x26ab}, {0x26bd, 0x26be}, {0x26c4, 0x26c5}, {0x26ce, 0x26ce}, {0x26d4, 0x26d4}, {0x26ea, 0x26ea},
	{0x26f2, 0x26f3}, {0x26f5, 0x26f5}, {0x26fa, 0x26fa}, {0x26fd, 0x26fd}, {0x2705, 0x2705}, {0x270a, 0x270b},
	{0x2728, 0x2728}, {0x274c, 0x274c}, {0x274e, 0x274e}, {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797},
	{0x27b0, 0x27b0}, {0x27bf, 0x27bf}, {0x2b1b, 0x2b1c}, {0x2b50, 0x2b50}, {0x2b55, 0x2b55}, {0x2e80, 0x303e},
	{0x3041, 0x33ff}, {0x3400, 0x4dbf}, {0x4e00, 0x9fff}, {0xa000, 0xa4cf}, {0xa960, 0xa97f}, {0xac00, 0xd7a3},
	{0xf900, 0xfaff}, {0xfe10, 0xfe19}, {0xfe30, 0xfe6f}, {0xff00, 0xff60}, {0xffe0, 0xffe6},
	{0x16fe0, 0x16fe4}, {0x17000, 0x18aff}, {0x1b000, 0x1b2ff}, {0x1f004, 0x1f004}, {0x1f0cf, 0x1f0cf},
	{0x1f18e, 0x1f18e}, {0x1f191, 0x1f19a}, {0x1f200, 0x1f202}, {0x1f210, 0x1f23b}, {0x1f240, 0x1f248},
	{0x1f250, 0x1f251}, {0x1f260, 0x1f265}, {0x1f300, 0x1f320}, {0x1f32d, 0x1f335}, {0x1f337, 0x1f37c},
	{0x1f37e, 0x1f393}, {0x1f3a0, 0x1f3ca}, {0x1f3cf, 0x1f3d3}, {0x1f3e0, 0x1f3f0}, {0x1f3f4, 0x1f3f4},
	{0x1f3f8, 0x1f43e}, {0x1f440, 0x1f440}, {0x1f442, 0x1f4fc}, {0x1f4ff, 0x1f53d}, {0x1f54b, 0x1f54e},
	{0x1f550, 0x1f567}, {0x1f57a, 0x1f57a}, {0x1f595, 0x1f596}, {0x1f5a4, 0x1f5a4}, {0x1f5fb, 0x1f64f},
	{0x1f680, 0x1f6c5}, {0x1f6cc, 0x1f6cc}, {0x1f6d0, 0x1f6d2}, {0x1f6d5, 0x1f6d7}, {0x1f6dc, 0x1f6df},
	{0x1f6eb, 0x1f6ec}, {0x1f6f4, 0x1f6fc}, {0x1f7e0, 0x1f7eb}, {0x1f7f0, 0x1f7f0}, {0x1f90c, 0x1f93a},
	{0x1f93c, 0x1f945}, {0x1f947, 0x1f9ff}, {0x1fa70, 0x1faff}, {0x20000, 0x2fffd}, {0x30000, 0x3fffd},
}
