package placecsv

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"passnum/domain"
)

// FuzzParse feeds the places importer any bytes, from the seed corpus of real files
// (testdata/fuzz/FuzzParse: v1, v0.1, a BOM, CRLF, wrong separators, UTF-16, a workbook…).
// To fuzz longer: go test ./domain/placecsv -run '^$' -fuzz '^FuzzParse$' -fuzztime 10m
//
// Invariants: no panic; a file refused as a whole is a French KindInvalid error and yields
// nothing; otherwise every problem names a line after the header and says what is expected in
// French, every place has its required fields, and the same file read again, or behind a
// byte order mark, gives the same result.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		places, problems, err := Parse(bytes.NewReader(data))
		if err != nil {
			var de *domain.Error
			if !errors.As(err, &de) || de.Kind != domain.KindInvalid {
				t.Fatalf("%v (%T): not a KindInvalid domain error", err, err)
			}
			if places != nil || problems != nil {
				t.Fatalf("a refused file yields %d places, %d problems", len(places), len(problems))
			}
			wantFrench(t, err.Error(), data)
			return
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, p := range problems {
			if p.Line < 2 || p.Line > lines {
				t.Fatalf("problem on line %d of a %d-line file: %v", p.Line, lines, p)
			}
			wantFrench(t, p.Message, data)
			if s := p.String(); !strings.HasPrefix(s, "ligne ") || !utf8.ValidString(s) {
				t.Fatalf("Problem.String() = %q", s)
			}
		}
		for _, p := range places {
			if p.ID == "" || p.Name == "" || p.Commune == "" {
				t.Fatalf("a place without its required fields: %+v", p)
			}
		}
		if len(places)+len(problems) > 0 && len(places) > lines-1 {
			t.Fatalf("%d places from %d lines", len(places), lines)
		}
		again, problems2, err := Parse(bytes.NewReader(data))
		if err != nil || !reflect.DeepEqual(again, places) || !reflect.DeepEqual(problems2, problems) {
			t.Fatalf("a second read differs (%v)", err)
		}
		if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
			bom, problems3, err := Parse(bytes.NewReader(append([]byte("\xEF\xBB\xBF"), data...)))
			if err != nil || !reflect.DeepEqual(bom, places) || !reflect.DeepEqual(problems3, problems) {
				t.Fatalf("behind a byte order mark the file reads differently (%v)", err)
			}
		}
	})
}

// englishGiveaways are words of Go's csv or strconv errors that must not reach a French message.
var englishGiveaways = []string{"parse error", "bare \"", "extraneous", "wrong number of fields", "invalid syntax", "strconv.", "cannot parse", "unexpected"}

func wantFrench(t *testing.T, msg string, input []byte) {
	t.Helper()
	if strings.TrimSpace(msg) == "" {
		t.Fatal("empty message")
	}
	for _, w := range englishGiveaways {
		if strings.Contains(msg, w) && !bytes.Contains(input, []byte(w)) {
			t.Fatalf("the message says %q in English: %s", w, msg)
		}
	}
}
