package kit

import (
	"strings"
	"time"

	"passnum/domain"
)

// ScanBurst notices a barcode scanner in a text field: its keys come a few milliseconds apart,
// a person's a hundred or more. It remembers where the last fast run of keys began, so a number
// scanned after text left in the field can be told from that text.
type ScanBurst struct {
	Clock func() time.Time // nil: the wall clock (tests set their own)
	last  time.Time
	from  int // where, in the field's value, the fast run began
}

// scanGap is the longest pause between two keys of one scan: scanners type a key every few
// milliseconds, the fastest typists about every 60.
const scanGap = 35 * time.Millisecond

// Key records a key that types text at the end of a field holding before.
func (b *ScanBurst) Key(before string) {
	now := time.Now()
	if b.Clock != nil {
		now = b.Clock()
	}
	if b.last.IsZero() || now.Sub(b.last) > scanGap || b.from > len(before) {
		b.from = len(before)
	}
	b.last = now
}

// Scanned is the carnet or chèque number a fast run of keys typed after other text in value.
func (b *ScanBurst) Scanned(value string) (string, bool) {
	if b.from <= 0 || b.from >= len(value) {
		return "", false
	}
	tail := strings.TrimSpace(value[b.from:])
	return tail, domain.ScannedNumber(tail)
}

// Reset forgets the run, when the field is emptied.
func (b *ScanBurst) Reset() { b.last, b.from = time.Time{}, 0 }
