package desk_test

import (
	"bytes"
	"context"
	stdhtml "html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"passnum/cmd/passnum/config"
	"passnum/tui/desk"
	"passnum/tui/internal/tuitest"

	"passnum"
	"passnum/domain"
	"passnum/domain/doc"
)

func phProgramme(t *testing.T) domain.Programme {
	t.Helper()
	cfg, err := config.Parse(passnum.DefaultConfig, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Programmes[0]
}

func phCarnet() domain.Carnet {
	c := domain.Carnet{Number: "600001", State: domain.CarnetIssued}
	for i := 1; i <= 5; i++ {
		c.Cheques = append(c.Cheques, domain.Cheque{Number: domain.ChequeNumber("600001", i), Position: i})
	}
	return c
}

// phLetter is the courrier of carnet c for Jeanne, without a diagnostic when places is nil.
func phLetter(t *testing.T, c domain.Carnet, places []domain.Place) doc.Letter {
	t.Helper()
	return doc.Letter{Person: tuitest.Jeanne(), Carnet: c, Programme: phProgramme(t), Places: places, From: map[bool]doc.PlacesFrom{true: doc.Recommended}[places != nil], Date: tuitest.Now}
}

func phRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestLetterWithoutDiagnostic writes the courrier where the desk keeps them: both files, named
// after the carnet and the day, hold what domain/doc renders (whose tests check the wording).
func TestLetterWithoutDiagnostic(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "courriers") // created by WriteLetter
	txt, html, err := desk.WriteLetter(dir, phLetter(t, phCarnet(), nil))
	if err != nil {
		t.Fatal(err)
	}
	if txt != filepath.Join(dir, "courrier-600001-2026-11-22.txt") || html != filepath.Join(dir, "courrier-600001-2026-11-22.html") {
		t.Errorf("paths = %q, %q", txt, html)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 { // letters name people: owner only
		t.Errorf("letter dir: %v, %v", fi, err)
	}
	for _, path := range []string{txt, html} {
		body := stdhtml.UnescapeString(phRead(t, path))
		for _, want := range []string{
			"Jeanne DUPONT",
			"600001",
			"5 chèques de 10 € (50 € en tout)",
			"valables jusqu'au", "31/12/2027",
			"1 chèque = 1 atelier (séance de 2 h au plus)",
			"Aucun lieu qualifié n'est encore enregistré",
			"22 novembre 2026",
		} {
			if !strings.Contains(tuitest.Flat(body), want) {
				t.Errorf("%s lacks %q:\n%s", filepath.Base(path), want, body)
			}
		}
		// Data minimisation: the letter leaves the desk, the birth date stays in the ledger.
		if strings.Contains(body, "2004") {
			t.Errorf("%s shows the birth date", filepath.Base(path))
		}
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 { // letters name people: owner only
			t.Errorf("%s: %v, %v", filepath.Base(path), fi, err)
		}
	}
	if !strings.HasPrefix(phRead(t, html), "<!DOCTYPE html>") {
		t.Error("the HTML letter has no doctype")
	}
	var text, page bytes.Buffer
	doc.LetterText(&text, phLetter(t, phCarnet(), nil))
	doc.LetterHTML(&page, phLetter(t, phCarnet(), nil))
	if phRead(t, txt) != text.String() || phRead(t, html) != page.String() {
		t.Error("the files written are not the courrier domain/doc renders")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".courrier-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestLetterListsPlacesAndEscapesHTML: the recommended places reach the files, escaped in the
// HTML one (the wording of the places is domain/doc's TestLetterListsPlacesAndEscapesHTML).
func TestLetterListsPlacesAndEscapesHTML(t *testing.T) {
	dir := t.TempDir()
	odd := domain.Place{ID: "x", Name: `Atelier <script>alert("x")</script> & Cie`, Address: "1 place de l'Église", PostalCode: "60100", Commune: "Creil",
		Hours: "Mo-Fr 09:00-12:00; Sa off", Services: []string{"Accès internet et matériel informatique"}}
	txt, html, err := desk.WriteLetter(dir, phLetter(t, phCarnet(), []domain.Place{tuitest.Pimms(), odd}))
	if err != nil {
		t.Fatal(err)
	}
	if text := phRead(t, txt); !strings.Contains(text, "1. PIMMS de Creil") || strings.Contains(text, "Sans diagnostic") {
		t.Errorf("text letter:\n%s", text)
	}
	if page := phRead(t, html); strings.Contains(page, "<script>") || !strings.Contains(page, "&lt;script&gt;") {
		t.Errorf("a place name reached the HTML unescaped:\n%s", page)
	}
}

func TestLetterFileNameKeepsToTheDirectory(t *testing.T) {
	dir := t.TempDir()
	c := phCarnet()
	c.Number = "../../etc/x"
	txt, _, err := desk.WriteLetter(dir, phLetter(t, c, nil))
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(txt) != dir {
		t.Errorf("letter written to %s, outside %s", txt, dir)
	}
}

// store.LetterPlaces tells the three cases apart, so the courrier words each rightly: no diagnostic,
// a diagnostic naming places, a diagnostic naming none (the qualified places then, not « sans
// diagnostic »).
func TestLetterPlacesSaysWhereThePlacesComeFrom(t *testing.T) {
	env := tuitest.Env(t)
	ctx := context.Background()
	if _, err := env.Store.UpsertPlaces(ctx, tuitest.Coord, []domain.Place{tuitest.Pimms()}); err != nil {
		t.Fatal(err)
	}
	prog := phProgramme(t)
	p := tuitest.Add(t, env, tuitest.Jeanne())
	places, from, err := env.Store.LetterPlaces(ctx, p.ID, prog)
	if err != nil || from != doc.NoDiagnostic || len(places) != 1 {
		t.Fatalf("without a diagnostic: %v places, from %v, %v", places, from, err)
	}
	none := domain.DiagnosticResult{Status: domain.DiagComplete, Profile: domain.LevelBeginner}
	if _, err := env.Store.SaveDiagnostic(ctx, env.User, p.ID, domain.DiagnosticInput{Commune: "60175"}, none); err != nil {
		t.Fatal(err)
	}
	places, from, err = env.Store.LetterPlaces(ctx, p.ID, prog)
	if err != nil || from != doc.NoneRecommended || len(places) != 1 || places[0].Name != "PIMMS de Creil" {
		t.Fatalf("a diagnostic naming no place: %v places, from %v, %v", places, from, err)
	}
	var text bytes.Buffer
	if err := doc.LetterText(&text, doc.NewLetter(env.User, env.Prescribers, p, phCarnet(), prog, places, from, tuitest.Now)); err != nil {
		t.Fatal(err)
	}
	if body := tuitest.Flat(text.String()); strings.Contains(body, "Sans diagnostic") || !strings.Contains(body, "Le diagnostic n'a pas désigné de lieu en particulier") {
		t.Errorf("the courrier of a diagnostic naming no place:\n%s", text.String())
	}
	phDiagnose(t, env, p.ID)
	if _, from, err = env.Store.LetterPlaces(ctx, p.ID, prog); err != nil || from != doc.Recommended {
		t.Fatalf("a diagnostic naming the PIMMS: from %v, %v", from, err)
	}
}
