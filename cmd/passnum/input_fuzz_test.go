package main

// Fuzz targets for what passnum reads from outside in this package: the SSH command line's global
// options (splitGlobals), an operator's delivery file (carnets receive --file) and a diagnostic's
// answers file (diagnose --answers). Seed corpora: testdata/fuzz/FuzzX/, run by go test ./....
// To fuzz one longer: go test ./cmd/passnum -run '^$' -fuzz '^FuzzReadCarnetFile$' -fuzztime 10m

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"passnum"
	"passnum/cmd/passnum/config"
	"passnum/domain"
	"passnum/domain/placecsv"
	"passnum/store"
)

func wantInvalid(t *testing.T, err error, phrases ...string) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindInvalid {
		t.Fatalf("%v (%T): not a KindInvalid domain error", err, err)
	}
	if strings.TrimSpace(de.Message) == "" {
		t.Fatalf("%v: no message", err)
	}
	for _, p := range phrases {
		if !strings.Contains(err.Error(), p) {
			t.Fatalf("%q does not say %q", err, p)
		}
	}
}

// globalArgs writes globals back as options.
func globalArgs(g globals) []string {
	var out []string
	for _, o := range []struct{ name, v string }{{"config", g.config}, {"db", g.db}, {"as", g.as}} {
		if o.v != "" {
			out = append(out, "--"+o.name+"="+o.v)
		}
	}
	if g.json {
		out = append(out, "--json")
	}
	if g.demo {
		out = append(out, "--demo")
	}
	return out
}

// isGlobal says whether splitGlobals reads arg as a global option.
func isGlobal(arg string) bool {
	if !strings.HasPrefix(arg, "-") || arg == "-" || arg == "--" {
		return false
	}
	name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
	switch name {
	case "config", "db", "as", "json", "demo":
		return true
	}
	return false
}

// FuzzSplitGlobals: an SSH command is split into words (NUL-separated here). The server refuses
// --config, --db, --as and --demo, so none may slip through into the command's own arguments,
// whatever the spelling; the split is stable and what it took writes back to the same options.
func FuzzSplitGlobals(f *testing.F) {
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Split(line, "\x00")
		g, rest, err := splitGlobals(args)
		if err != nil {
			wantInvalid(t, err, "il manque la valeur de l'option --")
			if last := args[len(args)-1]; !isGlobal(last) {
				t.Fatalf("%q: refused though the last word %q is no option", args, last)
			}
			return
		}
		for _, a := range rest {
			if isGlobal(a) {
				t.Fatalf("%q: the global option %q is left in the command's arguments %q", args, a, rest)
			}
		}
		// rest keeps the other words, in order.
		i := 0
		for _, a := range args {
			if i < len(rest) && a == rest[i] {
				i++
			}
		}
		if i != len(rest) {
			t.Fatalf("%q: %q is not the other words in order", args, rest)
		}
		g2, rest2, err := splitGlobals(rest)
		if err != nil || g2 != (globals{}) || !reflect.DeepEqual(rest2, rest) {
			t.Fatalf("%q: splitting %q again gives %+v %q %v", args, rest, g2, rest2, err)
		}
		g3, rest3, err := splitGlobals(append(globalArgs(g), rest...))
		if err != nil || g3 != g || !reflect.DeepEqual(rest3, rest) {
			t.Fatalf("%q: %+v %q written back reads %+v %q %v", args, g, rest, g3, rest3, err)
		}
	})
}

// FuzzReadCarnetFile: an operator's delivery file. Invariants: no panic; a refusal is a
// KindInvalid error naming the file; what is read is at least one carnet, each number valid and
// once, with either no chèque or exactly perCarnet valid ones, in file order; written back one
// carnet a line, it reads the same.
func FuzzReadCarnetFile(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte, perCarnet int) {
		if perCarnet < 0 {
			perCarnet = -perCarnet
		}
		perCarnet = 1 + perCarnet%20
		specs, err := readCarnetFile(bytes.NewReader(data), "livraison.csv", perCarnet)
		if err != nil {
			wantInvalid(t, err, "livraison.csv")
			return
		}
		if len(specs) == 0 {
			t.Fatal("no carnet and no error")
		}
		seen := map[string]bool{}
		var back strings.Builder
		for i, sp := range specs {
			if !domain.ValidNumber(sp.Number) || seen[sp.Number] {
				t.Fatalf("carnet %q invalid or twice", sp.Number)
			}
			seen[sp.Number] = true
			if i > 0 && sp.Line <= specs[i-1].Line {
				t.Fatalf("lines out of order: %d after %d", sp.Line, specs[i-1].Line)
			}
			if len(sp.Cheques) != 0 && len(sp.Cheques) != perCarnet {
				t.Fatalf("carnet %s: %d chèques, want 0 or %d", sp.Number, len(sp.Cheques), perCarnet)
			}
			for _, c := range sp.Cheques {
				if !domain.ValidNumber(c) {
					t.Fatalf("carnet %s: chèque %q invalid", sp.Number, c)
				}
			}
			back.WriteString(strings.Join(append([]string{sp.Number}, sp.Cheques...), ";") + "\n")
		}
		again, err := readCarnetFile(strings.NewReader(back.String()), "livraison.csv", perCarnet)
		if err != nil || len(again) != len(specs) {
			t.Fatalf("written back:\n%s\nreads %d carnets, %v", back.String(), len(again), err)
		}
		for i := range again {
			if again[i].Number != specs[i].Number || !reflect.DeepEqual(again[i].Cheques, specs[i].Cheques) {
				t.Fatalf("written back, carnet %d reads %+v, was %+v", i, again[i], specs[i])
			}
		}
	})
}

// FuzzDiagnoseAnswers: passnum diagnose --answers - on a ledger holding the demo's places.
// Invariants: no panic; a refusal is a KindInvalid error; an accepted file gives a diagnostic
// whose JSON reads back with a status, and a French text.
func FuzzDiagnoseAnswers(f *testing.F) {
	cfg, err := config.Parse(passnum.DefaultConfig, f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	s, err := store.Open(filepath.Join(f.TempDir(), "passnum.db"), store.Options{Programmes: cfg.Programmes, Communes: cfg.Communes})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	places, _, err := placecsv.Parse(bytes.NewReader(demoPlaces))
	if err != nil {
		f.Fatal(err)
	}
	coord, _ := findUser(cfg.Users, "coord")
	if _, err := s.UpsertPlaces(context.Background(), coord, places); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, asJSON bool) {
		var out bytes.Buffer
		a := &app{cfg: cfg, store: s, user: coord, out: &out, json: asJSON, stdin: bytes.NewReader(data)}
		if err := a.diagnose(context.Background(), []string{"--answers", "-"}); err != nil {
			wantInvalid(t, err)
			return
		}
		if !asJSON {
			if !strings.Contains(out.String(), "Besoins prioritaires : ") {
				t.Fatalf("text output:\n%s", out.String())
			}
			return
		}
		var res struct {
			Status string `json:"status"`
		}
		if err := json.Unmarshal(out.Bytes(), &res); err != nil || res.Status == "" {
			t.Fatalf("JSON output %v:\n%s", err, out.String())
		}
	})
}
