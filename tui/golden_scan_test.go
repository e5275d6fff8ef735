package tui_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"passnum"
	"passnum/cmd/passnum/config"
	"passnum/domain"
	"passnum/domain/doc"
	"passnum/tui/internal/tuitest"
)

// personRules are what must not reach a person, on a screen or in the courrier: internal codes
// (needs B05, diagnostic domains ENV…, Pix levels, orientation scores) and the typography the
// French text helper fixes (« 1er décembre », elision before a vowel).
var personRules = []struct {
	what string
	re   *regexp.Regexp
}{
	{"code de besoin (B05)", regexp.MustCompile(`\bB[01][0-9]\b`)},
	{"score d'orientation", regexp.MustCompile(`(?i)\bscore\b`)},
	{"niveau Pix chiffré", regexp.MustCompile(`Pix [0-9]`)},
	{"code de domaine (ENV, INF…)", regexp.MustCompile(`\b(ENV|INF|COM|CRE|SEC)\b`)},
	{"« 1 » au lieu de « 1er »", regexp.MustCompile(`(^|[^0-9])1 (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)`)},
	{"« de » devant une voyelle", regexp.MustCompile(`\bde [AEIOUÀÂÉÈÊËÎÏÔÖÙÛÜ]`)},
}

// internalIDs are the ids of the shipped configuration a person must never read: users,
// prescribers, programmes (the one-word ones, « coord », « lecture », are words too).
func internalIDs(t *testing.T) []string {
	t.Helper()
	cfg, err := config.Parse(passnum.DefaultConfig, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{"pimms-creil"}
	for _, u := range cfg.Users {
		ids = append(ids, u.ID)
	}
	for _, p := range cfg.Prescribers {
		ids = append(ids, p.ID)
	}
	for _, p := range cfg.Programmes {
		ids = append(ids, p.ID)
	}
	var out []string
	for _, id := range ids {
		if strings.Contains(id, "-") {
			out = append(out, id)
		}
	}
	return out
}

func scanForPerson(t *testing.T, name, text string, ids []string) {
	t.Helper()
	text = strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(text)
	for i, line := range strings.Split(text, "\n") {
		for _, r := range personRules {
			if m := r.re.FindString(line); m != "" {
				t.Errorf("%s:%d : %s (%q) dans %q", name, i+1, r.what, m, line)
			}
		}
		for _, id := range ids {
			if strings.Contains(line, id) {
				t.Errorf("%s:%d : identifiant interne %q dans %q", name, i+1, id, line)
			}
		}
	}
}

// TestGoldenScreensSpeakToPeople scans every screen pinned in a golden file and a rendered
// courrier for codes and ids that must not reach a person, and for the typography rules.
func TestGoldenScreensSpeakToPeople(t *testing.T) {
	ids := internalIDs(t)
	goldens, err := filepath.Glob("*/testdata/*.golden")
	if err != nil || len(goldens) == 0 {
		t.Fatalf("no golden file found (%v)", err)
	}
	for _, g := range goldens {
		b, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		scanForPerson(t, g, string(b), ids)
	}

	cfg, err := config.Parse(passnum.DefaultConfig, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c := domain.Carnet{Number: "600001", State: domain.CarnetIssued, Prescriber: "centre-social-georges-brassens"}
	l := doc.Letter{Person: domain.Person{FirstName: "inès", LastName: "Haddad"}, Carnet: c, Programme: cfg.Programmes[0],
		Places: []domain.Place{tuitest.Pimms()}, Issuer: cfg.Prescribers[len(cfg.Prescribers)-1], Agent: tuitest.Desk.Name,
		Date: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
	var text, page bytes.Buffer
	if err := doc.LetterText(&text, l); err != nil {
		t.Fatal(err)
	}
	if err := doc.LetterHTML(&page, l); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"courrier.txt": text.String(), "courrier.html": page.String()} {
		scanForPerson(t, name, body, ids)
		for _, want := range []string{"Le 1er décembre 2026", "Bonjour Inès HADDAD", "03 44 00 00 00", "lun.–ven."} {
			if !strings.Contains(strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(body), want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
		// No line may start with a colon: the space before it never breaks.
		if strings.Contains(body, " :") || strings.Contains(body, " ;") {
			t.Errorf("%s has a breakable space before a colon", name)
		}
	}

	// The rules catch what they are meant to: a scan that finds nothing proves nothing.
	for _, bad := range []string{"B06 Emploi", "score 16", "Pix 5.2", "ENV 1 0 0", "le 1 décembre", "fiche de Inès", "par accueil-brassens"} {
		found := false
		for _, r := range personRules {
			found = found || r.re.MatchString(bad)
		}
		for _, id := range ids {
			found = found || strings.Contains(bad, id)
		}
		if !found {
			t.Errorf("the scan misses %q", bad)
		}
	}
}
