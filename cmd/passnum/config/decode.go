package config

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/agnivade/levenshtein"

	"passnum/domain"
)

// decode reads the TOML text into the file shape. It reports, in French: syntax errors with
// line and column, values of the wrong type with their line, and unknown keys with their line.
func decode(data []byte, name string) (*fileConfig, error) {
	text := strings.TrimPrefix(string(data), "\ufeff")
	// One pass. toml.Decode parses the whole text before it fills f, and returns an empty
	// MetaData when the text does not parse: no keys means a syntax error, keys mean the text
	// parsed and a value did not fit (its ParseError then comes from a value).
	var f fileConfig
	md, err := toml.Decode(text, &f)
	if err != nil {
		if len(md.Keys()) == 0 {
			return nil, syntaxError(name, text, err)
		}
		return nil, valueError(name, md, err)
	}
	if err := unknownKeys(name, text, md); err != nil {
		return nil, err
	}
	f.communeLines = tableLines(text, "communes")
	return &f, nil
}

// tableLines returns the line number of each [[name]] header, in order: the i-th entry of the
// array of tables starts there.
func tableLines(text, name string) []int {
	var out []int
	for i, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if h, ok := strings.CutPrefix(l, "[["); ok {
			if h, _, ok := strings.Cut(h, "]]"); ok && strings.TrimSpace(h) == name {
				out = append(out, i+1)
			}
		}
	}
	return out
}

func invalid(err error, format string, args ...any) *domain.Error {
	e := domain.Errorf(domain.KindInvalid, format, args...)
	e.Err = err
	return e
}

func syntaxError(name, text string, err error) error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return invalid(err, "%s : fichier TOML illisible (%v)", name, err)
	}
	line, col := pe.Position.Line, pe.Position.Col
	where := fmt.Sprintf("%s, ligne %d, colonne %d", name, line, col)
	if line <= 0 {
		where = name
	}
	excerpt := ""
	if lines := strings.Split(text, "\n"); line > 0 && line <= len(lines) {
		if s := strings.TrimSpace(lines[line-1]); s != "" {
			excerpt = " dans « " + shorten(s, 60) + " »"
		}
	}
	hint := "vérifiez les guillemets, les crochets, les virgules et le signe = sur cette ligne ou la précédente"
	for _, h := range syntaxHints {
		if strings.Contains(pe.Message, h.contains) {
			hint = h.hint
			break
		}
	}
	return invalid(err, "%s : erreur de syntaxe TOML%s (%s) ; %s", where, excerpt, pe.Message, hint)
}

// syntaxHints explain, in French, the parser messages a coordinator is most likely to meet.
var syntaxHints = []struct{ contains, hint string }{
	{"out of range", "nombre trop grand : vérifiez la valeur (les montants sont en centimes, ex. 1000 pour 10 €)"},
	{"cannot be used as an array", "cette table est écrite une fois [x] et une fois [[x]] : pour une liste, écrivez [[x]] à chaque entrée"},
	{"already created as a hash", "cette table est écrite une fois [[x]] et une fois [x] : pour une liste, écrivez [[x]] à chaque entrée"},
	{"has already been defined", "cette clé ou cette table est écrite deux fois : gardez-en une seule, ou, pour une liste de tables, écrivez [[x]] à chaque entrée"},
	{"strings cannot contain newlines", "guillemet fermant manquant à la fin du texte"},
	{"unexpected EOF", "le fichier s'arrête au milieu d'une valeur : un guillemet ou un crochet fermant manque"},
}

// lastKeyError is compiled on first use: only a configuration with a wrong value needs it.
var lastKeyError = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^toml: (?:line (\d+) )?\(last key "(.*)"\): (.*)$`)
})

// valueError explains a value that does not fit the expected type.
func valueError(name string, md toml.MetaData, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) { // our date/duration checks, or a number out of range
		msg := pe.Message
		if strings.Contains(msg, "out of range") || strings.Contains(msg, "cannot be represented") {
			msg = "nombre trop grand (" + msg + ")"
		}
		return invalid(err, "%s : « %s » : %s", at(name, pe.Position.Line), pe.LastKey, msg)
	}
	m := lastKeyError().FindStringSubmatch(err.Error())
	if m == nil {
		return invalid(err, "%s : valeur invalide (%v)", name, err)
	}
	line, _ := strconv.Atoi(m[1])
	key := m[2]
	path := strings.Split(key, ".")
	want := "une valeur d'un autre type"
	if t, ok := fieldType(reflect.TypeOf(fileConfig{}), path); ok {
		want = describeType(t)
	}
	got := tomlTypeLabel(md.Type(path...))
	return invalid(err, "%s : « %s » n'a pas le bon type : il faut %s, pas %s", at(name, line), key, want, got)
}

func at(name string, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s, ligne %d", name, line)
	}
	return name
}

// unknownKeys reports every key of the file that passnum does not read, with its line.
func unknownKeys(name, text string, md toml.MetaData) error {
	und := md.Undecoded()
	isUnd := make(map[string]bool, len(und))
	for _, k := range und {
		isUnd[k.String()] = true
	}
	// The decoder also fills a field from a key that differs only by case ("Path" for "path"),
	// but TOML keys are case-sensitive: report those keys as unknown too.
	known := knownKeys()
	var path []byte
	for _, k := range md.Keys() {
		path = path[:0]
		for i, part := range k {
			if i > 0 {
				path = append(path, 0)
			}
			path = append(path, part...)
		}
		if !known[string(path)] && !isUnd[k.String()] {
			und = append(und, k)
			isUnd[k.String()] = true
		}
	}
	if len(und) == 0 {
		return nil
	}
	type finding struct {
		line int
		msg  string
	}
	var found []finding
	seen := map[string]bool{}
	for _, k := range und {
		s := k.String()
		if seen[s] || parentUndecoded(k, isUnd) {
			continue // report a whole unknown table once, not each of its keys
		}
		seen[s] = true
		line := keyLine(text, md, k)
		found = append(found, finding{line, fmt.Sprintf("%s : clé inconnue « %s »%s", at(name, line), s, keyHint(k))})
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].line < found[j].line })
	msgs := make([]string, len(found))
	for i, f := range found {
		msgs[i] = f.msg
	}
	return domain.Errorf(domain.KindInvalid, "%s", strings.Join(msgs, "\n"))
}

// knownKeys is every key path the file shape accepts (what fieldType finds), joined with NUL:
// one map look-up per key of the file instead of a walk through the struct tags by reflection.
var knownKeys = sync.OnceValue(func() map[string]bool {
	known := map[string]bool{}
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		t = elem(t)
		if t.Kind() != reflect.Struct {
			return
		}
		for i := 0; i < t.NumField(); i++ {
			n := tomlName(t.Field(i))
			if n == "" {
				continue // untagged fields of the value types; no key of the file names them
			}
			path := prefix + n
			known[path] = true
			walk(t.Field(i).Type, path+"\x00")
		}
	}
	walk(reflect.TypeOf(fileConfig{}), "")
	return known
})

func parentUndecoded(k toml.Key, isUnd map[string]bool) bool {
	for i := 1; i < len(k); i++ {
		if isUnd[k[:i].String()] {
			return true
		}
	}
	return false
}

// keyHint suggests the nearest known key, or lists the keys accepted at that place.
func keyHint(k toml.Key) string {
	if len(k) > 1 && k[len(k)-1] == "territory" {
		// Written after a [table] header, the key belongs to that table.
		return " : territory se place au début du fichier, avant la première [table], ex. territory = { epci = \"246200364\" }"
	}
	parent, ok := fieldType(reflect.TypeOf(fileConfig{}), k[:len(k)-1])
	if !ok {
		return ""
	}
	known := tomlNames(parent)
	if len(known) == 0 {
		return ""
	}
	last := k[len(k)-1]
	best, bestDist := "", 3
	for _, n := range known {
		if d := levenshtein.ComputeDistance(strings.ToLower(last), n); d < bestDist {
			best, bestDist = n, d
		}
	}
	if best != "" {
		return fmt.Sprintf(" : voulez-vous dire « %s » ?", best)
	}
	return " ; clés possibles ici : " + strings.Join(known, ", ")
}

// keyLine finds the line of a key. MetaData keeps key positions private, but a ParseError raised
// by an Unmarshaler carries the position of the key being decoded: decode the text once more
// into a type that has a single field, at k, whose Unmarshaler always fails. For a key repeated
// in several [[tables]] the parser keeps the position of the last one. 0 when not found.
func keyLine(text string, md toml.MetaData, k toml.Key) int {
	t := reflect.TypeOf(trap{})
	for i := len(k) - 1; i >= 0; i-- {
		if strings.ContainsAny(k[i], ",\"") {
			return 0 // not expressible as a struct tag
		}
		t = reflect.StructOf([]reflect.StructField{{
			Name: "F",
			Type: t,
			Tag:  reflect.StructTag(`toml:` + strconv.Quote(k[i])),
		}})
		if i > 0 {
			switch md.Type(k[:i]...) {
			case "ArrayHash", "Array":
				t = reflect.SliceOf(t)
			}
		}
	}
	v := reflect.New(t)
	_, err := toml.Decode(text, v.Interface())
	var pe toml.ParseError
	if errors.As(err, &pe) && pe.Message == errTrap.Error() {
		return pe.Position.Line
	}
	return 0
}

var errTrap = errors.New("passnum: key position probe")

type trap struct{}

func (*trap) UnmarshalTOML(any) error { return errTrap }

// fieldType follows a key path through the file shape (through slices of tables too).
func fieldType(t reflect.Type, path []string) (reflect.Type, bool) {
	for _, p := range path {
		t = elem(t)
		if t.Kind() != reflect.Struct {
			return nil, false
		}
		found := false
		for i := 0; i < t.NumField(); i++ {
			if tomlName(t.Field(i)) == p {
				t, found = t.Field(i).Type, true
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	return t, true
}

func elem(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	return t
}

func tomlName(f reflect.StructField) string {
	n, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	return n
}

// tomlNames lists the keys accepted in a table of type t (none for a value type).
func tomlNames(t reflect.Type) []string {
	t = elem(t)
	if t.Kind() != reflect.Struct || isValueType(t) {
		return nil
	}
	var names []string
	for i := 0; i < t.NumField(); i++ {
		if n := tomlName(t.Field(i)); n != "" {
			names = append(names, n)
		}
	}
	return names
}

func isValueType(t reflect.Type) bool {
	return t == reflect.TypeOf(dateValue{}) || t == reflect.TypeOf(durationValue{})
}

// describeType names, in French, what a key of Go type t expects.
func describeType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == reflect.TypeOf(dateValue{}):
		return "une date AAAA-MM-JJ, ex. 2026-01-01"
	case t == reflect.TypeOf(durationValue{}):
		return "une durée entre guillemets, ex. \"15m\""
	}
	switch t.Kind() {
	case reflect.String:
		return "un texte entre guillemets, ex. \"60175\""
	case reflect.Int, reflect.Int64:
		return "un nombre entier, sans guillemets, ex. 1000"
	case reflect.Float64:
		return "un nombre, sans guillemets, ex. 49.2583"
	case reflect.Bool:
		return "true ou false"
	case reflect.Slice:
		if elem(t).Kind() == reflect.Struct {
			return "des tables [[…]]"
		}
		return "une liste entre crochets, ex. [\"a\", \"b\"]"
	case reflect.Struct:
		return "une table […]"
	}
	return "une valeur d'un autre type"
}

func tomlTypeLabel(t string) string {
	switch t {
	case "String":
		return "un texte"
	case "Integer":
		return "un nombre entier"
	case "Float":
		return "un nombre décimal"
	case "Bool":
		return "un booléen"
	case "Datetime":
		return "une date"
	case "Array":
		return "une liste"
	case "Hash":
		return "une table"
	case "ArrayHash":
		return "des tables [[…]]"
	}
	return "une valeur d'un autre type"
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
