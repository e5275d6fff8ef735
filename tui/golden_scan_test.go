package tui_test

import (
	"bytes"
	"fmt"
	"io/fs"
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
	// The one-word user ids are words too (« coord », « lecture »), so only where a history or
	// a « par » names who did something; « demo » is the demonstration's user.
	{"identifiant d'utilisateur", regexp.MustCompile(`([0-9]{2}:[0-9]{2}|\bpar)\s+(coord|lecture|demo)\b|\bdemo\b`)},
	{"numéro de personne du journal (« personne 11 »)", regexp.MustCompile(`\bpersonne [0-9]+\b|à la personne n°[0-9]`)},
	{"code d'action du journal (carnet.issue…)", regexp.MustCompile(`\b(carnet|cheque|person|session|claim|place|programme|diagnostic)\.[a-z_]{3,}\b`)},
	{"pluriel « (s) » d'un compte", regexp.MustCompile(`\p{L}\(s\)`)},
	{"téléphone au format international", regexp.MustCompile(`\+33\s?[1-9]`)},
	{"horaires au format OSM", regexp.MustCompile(`\b(Mo|Tu|We|Th|Fr|Sa|Su)(-(Mo|Tu|We|Th|Fr|Sa|Su))? [0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}`)},
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

// containsID finds an id whole or cut by a narrow column (« centre-social-g… »).
func containsID(line, id string) bool {
	if strings.Contains(line, id) {
		return true
	}
	for n := 10; n < len(id); n++ {
		if strings.Contains(line, id[:n]+"…") {
			return true
		}
	}
	return false
}

// goldens are every golden file of every tui package, in subdirectories too (teatest's
// per-subtest goldens).
func goldens(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".golden") && strings.Contains(filepath.ToSlash(path), "/testdata/") {
			out = append(out, path)
		}
		return err
	})
	if err != nil || len(out) == 0 {
		t.Fatalf("no golden file found (%v)", err)
	}
	for _, pkg := range []string{"desk", "trainer", "coord"} {
		found := false
		for _, g := range out {
			found = found || strings.HasPrefix(filepath.ToSlash(g), pkg+"/")
		}
		if !found {
			t.Errorf("no golden of tui/%s scanned", pkg)
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
			if containsID(line, id) {
				t.Errorf("%s:%d : identifiant interne %q dans %q", name, i+1, id, line)
			}
		}
	}
}

// TestGoldenScreensSpeakToPeople scans every screen pinned in a golden file and a rendered
// courrier for codes and ids that must not reach a person, and for the typography rules.
func TestGoldenScreensSpeakToPeople(t *testing.T) {
	ids := internalIDs(t)
	for _, g := range goldens(t) {
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
	// Each way the courrier introduces its places: without a diagnostic, from it, and after a
	// diagnostic that named none.
	for _, from := range []doc.PlacesFrom{doc.NoDiagnostic, doc.Recommended, doc.NoneRecommended} {
		l.From = from
		var text, page bytes.Buffer
		if err := doc.LetterText(&text, l); err != nil {
			t.Fatal(err)
		}
		if err := doc.LetterHTML(&page, l); err != nil {
			t.Fatal(err)
		}
		for name, body := range map[string]string{"courrier.txt": text.String(), "courrier.html": page.String()} {
			name = fmt.Sprintf("%s (lieux %d)", name, from)
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
			if from == doc.NoneRecommended && strings.Contains(body, "Sans diagnostic") {
				t.Errorf("%s says « sans diagnostic » after a diagnostic", name)
			}
		}
	}

	// The rules catch what they are meant to: a scan that finds nothing proves nothing.
	for _, bad := range []string{"B06 Emploi", "score 16", "Pix 5.2", "ENV 1 0 0", "le 1 décembre", "fiche de Inès", "par accueil-brassens",
		"01/12 à 14:35  coord  enregistrement", "remis par demo", "prescripteur centre-social-g…", "Remboursements — pimms-creil",
		"tél. +33344000101", "Mo-Fr 09:00-12:30,13:30-17:00", "de Amina", "de Ulysse", "de Océane",
		"remise — personne 11", "remise à la personne n°11 annulée", "22/11 10:00 carnet.issue", "0 chèque(s)", "2 réponse(s) sur 14"} {
		found := false
		for _, r := range personRules {
			found = found || r.re.MatchString(bad)
		}
		for _, id := range ids {
			found = found || containsID(bad, id)
		}
		if !found {
			t.Errorf("the scan misses %q", bad)
		}
	}
}
