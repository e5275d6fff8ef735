package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"passnum/domain"
)

// emit writes v as JSON with --json, else the French text. Either way no control character of
// the data (a name already in a ledger, an imported place) reaches the terminal as is: the text
// is stripped of them (line feeds and tabs stay), and JSON, which escapes C0 by itself, gets DEL
// and C1 escaped too (the values read back unchanged).
func (a *app) emit(v any, text string) error {
	if a.json {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			return err
		}
		_, err := a.out.Write(escapeJSONControl(b.Bytes()))
		return err
	}
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	_, err := fmt.Fprint(a.out, domain.Printable(text))
	return err
}

// escapeJSONControl writes DEL and the C1 controls (U+0080 to U+009F) of encoded JSON as \u
// escapes. encoding/json leaves them raw, and a terminal may obey them (U+009B is CSI). In valid
// JSON they can only stand inside strings, where the escape means the same character.
func escapeJSONControl(b []byte) []byte {
	if !bytes.ContainsFunc(b, func(r rune) bool { return r >= 0x7f && r < 0xa0 }) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r >= 0x7f && r < 0xa0 {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	return out
}

func frDate(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format("02/01/2006")
}

func frDateTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format("02/01/2006 à 15:04")
}

func (a *app) communeName(insee string) string {
	if c, ok := a.cfg.Commune(insee); ok {
		return c.Name
	}
	return insee
}

// programmeByID is the programme named by --programme, or the only one configured: with
// several and none named, the command refuses to guess (exit 2 with the list).
func (a *app) programmeByID(id string) (domain.Programme, error) {
	p, err := domain.ChooseProgramme(a.cfg.Programmes, id, "--programme")
	if err != nil {
		return domain.Programme{}, err
	}
	return a.effectiveProgramme(p), nil
}
