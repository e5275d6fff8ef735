package domain

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of the free texts passnum keeps, in characters (not bytes): beyond them the input is
// surely a mistake (a paste of a whole document, a stuck key). Every free text is checked by
// CheckText against one of them, in the domain, whatever screen or command it came from.
const (
	MaxNameLength      = 100 // a person's last or first name
	MaxAddressLength   = 200 // a street line (numéro et rue)
	MaxTitleLength     = 120 // a session's title
	MaxLabelLength     = 120 // a label: one value of a place's labels (formations_labels…)
	MaxReasonLength    = 280 // why a redemption is cancelled, a carnet voided or moved, two records merged
	MaxCommentLength   = 280 // a trainer's follow-up comment
	MaxIDLength        = 100 // an identifier typed or imported (place, prescriber)
	MaxPlaceNameLength = 200 // a place's name as published in the national file
	MaxPlaceTextLength = 500 // a place's other published texts: opening hours, website, e-mail
)

// CheckText is the one check of a free text typed into passnum, with French messages naming the
// field: it trims the spaces around the text, refuses control characters (C0 — tab and line
// feed included —, DEL, C1, hence every escape sequence a terminal would obey) and bytes that
// are not UTF-8, and refuses more than max characters. It returns the trimmed text; an empty
// text is accepted (the caller says when a field is required).
func CheckText(field, s string, max int) (string, error) {
	s = strings.TrimSpace(s)
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		n++
		switch {
		case r == utf8.RuneError && size == 1:
			return "", Errorf(KindInvalid, "%s : caractère illisible (position %d), le texte n'est pas en UTF-8 ; retapez %s sans copier-coller depuis un autre logiciel", field, n, theField(field))
		case IsControl(r):
			return "", Errorf(KindInvalid, "%s : caractère de contrôle interdit (position %d) ; retapez %s sans copier-coller depuis un autre logiciel", field, n, theField(field))
		}
		i += size
	}
	if n > max {
		return "", Errorf(KindInvalid, "%s : %s caractères au plus (vous en avez tapé %s)", field, Grouped(int64(max)), Grouped(int64(n)))
	}
	return s, nil
}

// theField is « le nom », « l'adresse »: the field with its article, for a message.
func theField(field string) string {
	if r, _ := utf8.DecodeRuneInString(field); strings.ContainsRune("aàâeéèêiîoôuûyAÀÂEÉÈÊIÎOÔUÛY", r) {
		return "l'" + field
	}
	return "le " + field
}

// IsControl reports a control character: C0 (U+0000 to U+001F), DEL (U+007F) or C1 (U+0080 to
// U+009F) — ESC (U+001B) and CSI (U+009B) start the sequences that move a terminal's cursor,
// retitle its window or rewrite its screen —, and the bidirectional controls and line and
// paragraph separators, which make a printed name read otherwise than it is stored.
func IsControl(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r < 0xa0) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
}

// StripControl is for texts passnum reads from a file rather than a keyboard (a places file of
// the national open data): there a control character is dropped instead of refusing the line,
// and tab, line feed and carriage return become one space (a multi-line presentation stays
// readable), so that no imported text can reach a terminal with an escape sequence in it. Bytes
// that are not UTF-8 are dropped too.
func StripControl(s string) string {
	if clean(s, false) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false // the last rune written is a space that replaced a line break or a tab
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
		case r == '\t' || r == '\n' || r == '\r':
			if !space {
				b.WriteByte(' ')
				space = true
			}
		case IsControl(r):
		default:
			b.WriteRune(r)
			space = false
		}
	}
	return b.String()
}

// Printable is text made safe to print on a terminal: line feeds and tabs stay (they lay the
// text out), every other control character is dropped and bytes that are not UTF-8 become
// U+FFFD, so that data already in a ledger (or a message quoting it) cannot move the cursor,
// retitle the window or rewrite the screen.
func Printable(s string) string {
	if clean(s, true) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\n' || r == '\t' || !IsControl(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// clean reports that s is UTF-8 without control characters (but line feeds and tabs when
// layout is set): the common case, which needs no copy.
func clean(s string, layout bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if IsControl(r) && !(layout && (r == '\n' || r == '\t')) {
			return false
		}
	}
	return true
}
