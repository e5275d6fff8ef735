package desk_test

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"passnum/domain"
	"passnum/store"
	"passnum/tui"
	"passnum/tui/desk"
	"passnum/tui/kit"
)

// Fixtures of diagnostic.md § 6, copied from domain/orientation_test.go (test helpers of another
// package cannot be imported). Every name starts with diag: other screens' tests share the package.

const (
	diagCommuneV  = "99001" // Villeneuve
	diagCommuneSA = "99002" // Saint-Aubin
	diagCommuneG  = "99003" // Grandville
	diagCommuneH  = "99004" // Hameau-les-Bois
)

var diagTestNow = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

var diagTestLabels = []string{
	"France Services", "Aidants Connect", "Conseillers numériques",
	"Bibliothèques numérique de référence", "Emmaüs Connect", "APTIC",
}

func diagTestOffset(lat, lon, northKm, eastKm float64) (float64, float64) {
	const kmPerDegree = 6371.0 * math.Pi / 180
	return lat + northKm/kmPerDegree, lon + eastKm/(kmPerDegree*math.Cos(lat*math.Pi/180))
}

// diagTestCommunes lays the communes out so that V–SA 6 km, V–G 18 km, SA–G 14 km, V–H 9 km.
func diagTestCommunes() []domain.Commune {
	const vLat, vLon = 49.26, 2.47
	y := 41.0 / 9
	x := math.Sqrt(36 - y*y)
	saLat, saLon := diagTestOffset(vLat, vLon, y, x)
	gLat, gLon := diagTestOffset(vLat, vLon, 18, 0)
	hLat, hLon := diagTestOffset(vLat, vLon, -9, 0)
	return []domain.Commune{
		{INSEE: diagCommuneV, Name: "Villeneuve", Lat: vLat, Lon: vLon},
		{INSEE: diagCommuneSA, Name: "Saint-Aubin", Lat: saLat, Lon: saLon},
		{INSEE: diagCommuneG, Name: "Grandville", Lat: gLat, Lon: gLon},
		{INSEE: diagCommuneH, Name: "Hameau-les-Bois", Lat: hLat, Lon: hLon},
	}
}

func diagTestPlace(p domain.Place) domain.Place {
	for _, c := range diagTestCommunes() {
		if c.INSEE == p.INSEE {
			p.Commune, p.Lat, p.Lon, p.HasCoords = c.Name, c.Lat, c.Lon, true
		}
	}
	return p
}

func diagTestNeeds(s string) []domain.Need {
	var out []domain.Need
	for _, f := range strings.Fields(s) {
		out = append(out, domain.Need(f))
	}
	return out
}

func diagTestPlaces() []domain.Place {
	debProg := []domain.Level{domain.LevelBeginner, domain.LevelProgressing}
	progAuto := []domain.Level{domain.LevelProgressing, domain.LevelAutonomous}
	return []domain.Place{
		diagTestPlace(domain.Place{ID: "ST01", Name: "France Services de Villeneuve", INSEE: diagCommuneV,
			Labels: []string{"France Services", "Aidants Connect"}, Needs: diagTestNeeds("B05 B09"),
			Modalities: []domain.Modality{domain.ModIndividual, domain.ModOnMyBehalf},
			Support:    []string{domain.SupportIlliteracy}, PMR: true, Cost: domain.CostFree}),
		diagTestPlace(domain.Place{ID: "ST02", Name: "Espace numérique municipal", INSEE: diagCommuneV,
			Labels: []string{"Conseillers numériques"}, Qualified: true, Needs: diagTestNeeds("B01 B03 B04 B05 B07 B10"),
			Levels: debProg, Modalities: []domain.Modality{domain.ModIndividual, domain.ModCollective},
			PMR: true, Cost: domain.CostFree}),
		diagTestPlace(domain.Place{ID: "ST03", Name: "Médiathèque – ateliers numériques", INSEE: diagCommuneSA,
			Labels: []string{"Conseillers numériques", "Bibliothèques numérique de référence"},
			Needs:  diagTestNeeds("B03 B04 B07 B08 B10 B12"), Levels: progAuto,
			Modalities: []domain.Modality{domain.ModCollective, domain.ModAutonomy}, PMR: true, Cost: domain.CostFree}),
		diagTestPlace(domain.Place{ID: "ST04", Name: "Atelier Emploi Numérique", INSEE: diagCommuneV,
			Labels: []string{"Conseillers numériques"}, Needs: diagTestNeeds("B06 B10 B04 B01"), Levels: progAuto,
			Modalities: []domain.Modality{domain.ModCollective, domain.ModIndividual}, PMR: false, Cost: domain.CostFree}),
		diagTestPlace(domain.Place{ID: "ST05", Name: "Emmaüs Connect – point d'accueil", INSEE: diagCommuneG,
			Labels: []string{"Emmaüs Connect"}, Needs: diagTestNeeds("B02 B01 B03"), Levels: debProg,
			Modalities: []domain.Modality{domain.ModIndividual, domain.ModCollective}, PMR: true,
			Cost: domain.CostFreeConditional}),
		diagTestPlace(domain.Place{ID: "ST06", Name: "Bus numérique départemental", INSEE: diagCommuneG,
			Itinerant: true, Serves: []string{diagCommuneV, diagCommuneH},
			Labels: []string{"Conseillers numériques"}, Needs: diagTestNeeds("B01 B03 B04 B05"), Levels: debProg,
			Modalities: []domain.Modality{domain.ModIndividual}, PMR: true, Cost: domain.CostFree}),
		diagTestPlace(domain.Place{ID: "ST07", Name: "Cyber-Formation Pro", INSEE: diagCommuneV,
			Needs:      diagTestNeeds("B01 B06 B10"),
			Modalities: []domain.Modality{domain.ModIndividual, domain.ModCollective}, PMR: true, Cost: domain.CostPaid}),
	}
}

// diagTestEnv opens a real ledger under t.TempDir() holding the seven places of § 6.
func diagTestEnv(t *testing.T) *kit.Env {
	t.Helper()
	now := func() time.Time { return diagTestNow }
	prog := domain.Programme{ID: "test", Name: "Pass numérique Test", ChequeValueCents: 1000, ChequesPerCarnet: 5,
		ValidFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), ValidUntil: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC),
		RecognisedLabels: diagTestLabels}
	s, err := store.Open(filepath.Join(t.TempDir(), "passnum.db"), store.Options{
		Programmes: []domain.Programme{prog}, Communes: diagTestCommunes(), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	coord := domain.User{ID: "coord", Name: "Coordination", Role: domain.RoleCoordination}
	if _, err := s.UpsertPlaces(context.Background(), coord, diagTestPlaces()); err != nil {
		t.Fatal(err)
	}
	return &kit.Env{
		Store:      s,
		User:       domain.User{ID: "claire", Name: "Claire", Role: domain.RoleAccueil, Prescriber: "ccas"},
		Programmes: []domain.Programme{prog},
		Communes:   diagTestCommunes(),
		Now:        now,
	}
}

// diagTestPerson records P1 of § 6: 68, living in Villeneuve.
func diagTestPerson(t *testing.T, env *kit.Env) *domain.Person {
	t.Helper()
	ctx := context.Background()
	id, err := env.Store.AddPerson(ctx, env.User, domain.Person{LastName: "DUBOIS", FirstName: "Jeanne",
		BirthDate: time.Date(1958, 3, 14, 0, 0, 0, 0, time.UTC), Commune: diagCommuneV, Status: domain.StatusRetired}, store.PersonOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := env.Store.Person(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return &p
}

// diagPress builds the key message a terminal sends for a key name or a character.
func diagPress(k string) tea.KeyPressMsg {
	special := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "backspace": tea.KeyBackspace, "left": tea.KeyLeft,
		"right": tea.KeyRight, "up": tea.KeyUp, "down": tea.KeyDown, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
		"home": tea.KeyHome, "end": tea.KeyEnd,
	}
	if r, ok := special[k]; ok {
		return tea.KeyPressMsg{Code: r}
	}
	if k == "space" {
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// diagSend gives msg to the app and runs the commands it returns synchronously, feeding their
// messages back, as the program would (batches included).
func diagSend(t *testing.T, a *tui.App, msg tea.Msg) {
	t.Helper()
	queue := []tea.Msg{msg}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 100 {
			t.Fatal("commands keep producing messages")
		}
		m := queue[0]
		queue = queue[1:]
		_, cmd := a.Update(m)
		queue = append(queue, diagRun(cmd)...)
	}
}

func diagRun(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, diagRun(c)...)
		}
		return out
	case tea.QuitMsg:
		return nil
	default:
		return []tea.Msg{msg}
	}
}

func diagType(t *testing.T, a *tui.App, keys ...string) {
	t.Helper()
	for _, k := range keys {
		diagSend(t, a, diagPress(k))
	}
}

// diagP1Context answers K1…K7 as P1 does, the commune being the cursor's (prefilled for a person,
// Villeneuve first otherwise): B05; smartphone yes, computer no, internet yes; only my commune;
// pmr; individuel; urgent.
var diagP1Context = []string{"1", "enter", "o", "n", "o", "enter", "enter", "1", "1", "enter", "1", "o"}

var diagP1Answers = []string{"1", "0", "0", "0", "1", "0", "1", "0", "0", "0", "0", "0", "1", "0"}

func diagScreen(t *testing.T, a *tui.App) *desk.Diagnostic {
	t.Helper()
	d, ok := a.Top().(*desk.Diagnostic)
	if !ok {
		t.Fatalf("top screen is %T, not the diagnostic", a.Top())
	}
	return d
}

func diagView(a *tui.App) string { return ansi.Strip(a.View().Content) }

func diagNewApp(t *testing.T, env *kit.Env, p *domain.Person) *tui.App {
	t.Helper()
	a := tui.NewWith(env, desk.NewDiagnostic(env, p))
	diagSend(t, a, a.Init())
	diagSend(t, a, tea.WindowSizeMsg{Width: 80, Height: 24})
	return a
}

func TestDiagnosticContextSteps(t *testing.T) {
	env := diagTestEnv(t)
	a := diagNewApp(t, env, nil)
	if v := diagView(a); !strings.Contains(v, "Étape 1/7 · Motif de la venue") {
		t.Fatalf("first step:\n%s", v)
	}
	diagType(t, a, "enter") // no motif yet
	if d := diagScreen(t, a); d.Step() != desk.StepMotif || !strings.Contains(diagView(a), "au moins un motif") {
		t.Fatalf("enter without a motif moved on:\n%s", diagView(a))
	}
	// Two motifs in order of importance; a third is refused; space toggles the line under the cursor.
	diagType(t, a, "2", "1", "3")
	d := diagScreen(t, a)
	if !slices.Equal(d.Motifs(), []domain.Need{domain.NeedJob, domain.NeedAdmin}) || !strings.Contains(diagView(a), "Deux motifs au plus") {
		t.Fatalf("motifs %v\n%s", d.Motifs(), diagView(a))
	}
	diagType(t, a, "up", "space") // cursor from line 3 to 2 (Emploi): unticked
	if !slices.Equal(d.Motifs(), []domain.Need{domain.NeedAdmin}) {
		t.Fatalf("motifs after space %v", d.Motifs())
	}
	diagType(t, a, "enter", "1", "3", "enter")
	if !strings.Contains(diagView(a), "Étape 3/7 · Commune") || !d.Equipment().Smartphone || d.Equipment().Computer || !d.Equipment().Internet {
		t.Fatalf("equipment %+v\n%s", d.Equipment(), diagView(a))
	}
	diagType(t, a, "g", "enter") // g: next commune starting with g
	if got := d.Commune().Name; got != "Grandville" {
		t.Fatalf("commune %s", got)
	}
	diagType(t, a, "2", "2", "4", "enter", "g", "3", "n")
	in := d.Input()
	want := domain.DiagnosticInput{Commune: diagCommuneG, Motifs: []domain.Need{domain.NeedAdmin},
		Equipment: domain.Equipment{Smartphone: true, Internet: true}, Mobility: domain.MobilityNear,
		Support: []string{domain.SupportIlliteracy, domain.SupportDeafness}, Preference: domain.PrefIndifferent}
	if in.Commune != want.Commune || !slices.Equal(in.Motifs, want.Motifs) || in.Equipment != want.Equipment ||
		in.Mobility != want.Mobility || !slices.Equal(in.Support, want.Support) || in.Preference != want.Preference ||
		in.FreeRequired() || in.Urgent {
		t.Fatalf("input %+v, want %+v, free not required, not urgent", in, want)
	}
	if v := diagView(a); !strings.Contains(v, "Question 1/14") {
		t.Fatalf("after K7:\n%s", v)
	}
}

func TestDiagnosticBackKeepsAnswers(t *testing.T) {
	env := diagTestEnv(t)
	a := diagNewApp(t, env, nil)
	diagType(t, a, diagP1Context...)
	diagType(t, a, "1", "0", "3", "n") // Q01…Q04
	d := diagScreen(t, a)
	if v := diagView(a); !strings.Contains(v, "Question 5/14") {
		t.Fatalf("after four answers:\n%s", v)
	}
	diagType(t, a, "left", "backspace")
	v := diagView(a)
	if !strings.Contains(v, "Question 3/14") || !strings.Contains(v, "▸ 3  Oui, seul(e), sans problème   ← réponse donnée") {
		t.Fatalf("back to Q03 does not show its answer:\n%s", v)
	}
	if !slices.Equal(d.Answers()[:5], []string{"1", "0", "3", "n", ""}) {
		t.Fatalf("answers after going back: %q", d.Answers())
	}
	// → keeps the answer; the scale is always there, whichever the question.
	diagType(t, a, "right")
	if v := diagView(a); !strings.Contains(v, "Question 4/14") || !strings.Contains(v, "▸ n  Pas concerné") {
		t.Fatalf("→ did not keep Q04's answer:\n%s", v)
	}
	diagType(t, a, "2") // changes Q04 only
	diagType(t, a, "left", "left", "left", "left", "left")
	if v := diagView(a); d.Phase() != desk.DiagContext || !strings.Contains(v, "Étape 7/7 · Urgence") {
		t.Fatalf("back from Q01 should reach the last context step:\n%s", v)
	}
	diagType(t, a, "left")
	if v := diagView(a); !strings.Contains(v, "Étape 6/7") || !strings.Contains(v, "▸ 1 (•) Seul(e) avec un médiateur") {
		t.Fatalf("K6 does not show its answer:\n%s", v)
	}
	diagType(t, a, "enter", "enter")
	if v := diagView(a); !strings.Contains(v, "Question 1/14") || !strings.Contains(v, "▸ 1  Oui, mais seulement") {
		t.Fatalf("Q01 lost its answer:\n%s", v)
	}
	if !slices.Equal(d.Answers()[:5], []string{"1", "0", "3", "2", ""}) {
		t.Fatalf("answers: %q", d.Answers())
	}
	if !strings.Contains(diagView(a), "Réponses ? 0 3 │ 2 · · │") {
		t.Fatalf("answer strip:\n%s", diagView(a))
	}
}

// TestDiagnosticP1 runs worked example P1 for a recorded person through the real ledger.
func TestDiagnosticP1(t *testing.T) {
	env := diagTestEnv(t)
	p := diagTestPerson(t, env)
	a := diagNewApp(t, env, p)
	if d := diagScreen(t, a); d.Commune().INSEE != diagCommuneV {
		t.Fatalf("commune not prefilled from the person")
	}
	diagType(t, a, diagP1Context...)
	diagType(t, a, diagP1Answers...)
	d := diagScreen(t, a)
	if d.Phase() != desk.DiagResult || d.Result() == nil {
		t.Fatalf("no result:\n%s", diagView(a))
	}
	var ids []string
	for _, r := range d.Result().Recommendations {
		ids = append(ids, r.PlaceID)
	}
	if !slices.Equal(ids, []string{"ST02", "ST06", "ST01"}) {
		t.Fatalf("recommended %v, want ST02 ST06 ST01", ids)
	}
	if a.Status() != "Diagnostic enregistré" || !a.StatusOK() {
		t.Errorf("status line %q (ok %v)", a.Status(), a.StatusOK())
	}

	full := ansi.Strip(d.ResultContent(80))
	i2, i6, i1 := strings.Index(full, "1. Espace numérique municipal"), strings.Index(full, "2. Bus numérique départemental"),
		strings.Index(full, "3. France Services de Villeneuve")
	if i2 < 0 || i6 < i2 || i1 < i6 {
		t.Fatalf("places not listed ST02, ST06, ST01:\n%s", full)
	}
	for _, want := range []string{
		"Profil : débutant", "Environnement numérique",
		"Besoins prioritaires : Démarches administratives en ligne",
		"Prendre en main son téléphone / ordinateur", "Naviguer et chercher sur internet",
		"Autres besoins : Communiquer avec ses proches · Documents",
		"1. Espace numérique municipal · 0 km", "2. Bus numérique départemental · 18 km", "3. France Services de Villeneuve · 0 km [aide immédiate]",
		"Itinérant : vient dans votre commune", "non certifiant", "x : voir les 4 lieux écartés",
	} {
		if !strings.Contains(full, want) {
			t.Errorf("result lacks %q:\n%s", want, full)
		}
	}
	for _, code := range []string{"ENV ", "Pix 0", "Pix 1", "B05", "B01", "score"} {
		if strings.Contains(full, code) {
			t.Errorf("the result shows the code %q to the person:\n%s", code, full)
		}
	}
	if strings.Contains(full, "Cyber-Formation Pro") {
		t.Errorf("excluded places shown before x:\n%s", full)
	}

	// The result is longer than the screen: it scrolls, the window never exceeds the body.
	top := diagView(a)
	if !strings.Contains(top, "↓ suite") || len(strings.Split(top, "\n")) > 24 ||
		!strings.Contains(top, "3. France Services de Villeneuve · 0 km [aide immédiate]") {
		t.Fatalf("first window:\n%s", top)
	}
	diagType(t, a, "end")
	if v := diagView(a); !strings.Contains(v, "── fin") || !strings.Contains(v, "Enregistré (n°1) sur la fiche de Jeanne DUBOIS") {
		t.Fatalf("last window:\n%s", v)
	}
	diagType(t, a, "home")
	if v := diagView(a); !strings.Contains(v, "lignes 1-") {
		t.Fatalf("home does not come back to the top:\n%s", v)
	}

	// x shows the excluded places with their reasons, scrolled into view; esc closes them first.
	diagType(t, a, "x")
	v := diagView(a)
	if !strings.Contains(v, "Lieux écartés (4)") || !strings.Contains(v, "Cyber-Formation Pro : Aucun label reconnu") {
		t.Fatalf("excluded places:\n%s", v)
	}
	diagType(t, a, "esc")
	if d.ShowExcluded() || a.Depth() != 1 {
		t.Fatalf("esc should close the excluded list, not the screen")
	}

	saved, err := env.Store.PersonDiagnostics(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(saved) != 1 || saved[0].Result.Profile != domain.LevelBeginner || saved[0].User != "claire" ||
		len(saved[0].Result.Recommendations) != 3 || saved[0].Input.Commune != diagCommuneV {
		t.Fatalf("saved diagnostics: %+v", saved)
	}
	if got := saved[0].Input.Answers["Q13"]; got == nil || *got != 1 {
		t.Fatalf("Q13 saved as %v", got)
	}

	// r: remise de carnet for this person, in place of the saved result, so that the hand-over
	// ends on the screen the diagnostic came from.
	diagType(t, a, "r")
	if _, ok := a.Top().(*desk.Handover); !ok || a.Depth() != 1 {
		t.Fatalf("r did not open the hand-over in place of the result: stack %d, top %T", a.Depth(), a.Top())
	}
	if _, still := a.Top().(*desk.Diagnostic); still {
		t.Fatal("top is still the diagnostic")
	}
}

func TestDiagnosticAnonymousSavedAndIncomplete(t *testing.T) {
	env := diagTestEnv(t)
	a := diagNewApp(t, env, nil)
	diagType(t, a, diagP1Context...)
	// Six answers and eight « pas concerné »: fewer than 7, so no profile and no place.
	diagType(t, a, "1", "0", "2", "3", "1", "1", "n", "n", "n", "n", "n", "n", "n", "n")
	d := diagScreen(t, a)
	if d.Result() == nil || d.Result().Status != domain.DiagIncomplete {
		t.Fatalf("result %+v", d.Result())
	}
	if !strings.Contains(a.Status(), "anonymement") {
		t.Errorf("status %q does not say the diagnostic was kept anonymously", a.Status())
	}
	full := ansi.Strip(d.ResultContent(80))
	for _, want := range []string{"Diagnostic incomplet", "6 réponses sur 14", domain.AdviceFullDiagnostic[:40], "Enregistré anonymement (n°1)"} {
		if !strings.Contains(full, want) {
			t.Errorf("incomplete result lacks %q:\n%s", want, full)
		}
	}
	if strings.Contains(full, "Lieux conseillés") {
		t.Errorf("an incomplete diagnostic recommends places:\n%s", full)
	}
	act, err := env.Store.ActivityOn(context.Background(), diagTestNow)
	if err != nil {
		t.Fatal(err)
	}
	if act.Diagnostics != 1 {
		t.Fatalf("%d diagnostics recorded today, want 1", act.Diagnostics)
	}
	diagType(t, a, "r") // no person: no hand-over, an explanation instead
	if a.Depth() != 1 || !strings.Contains(diagView(a), "Personne non enregistrée") {
		t.Fatalf("r without a person:\n%s", diagView(a))
	}
}

func TestDiagnosticEscAsksBeforeDroppingAnswers(t *testing.T) {
	env := diagTestEnv(t)
	a := diagNewApp(t, env, nil) // a screen below, so that leaving shows
	diagSend(t, a, kit.Push(desk.NewDiagnostic(env, nil))())
	diagType(t, a, diagP1Context...)
	diagType(t, a, "1", "esc")
	if a.Depth() != 2 || !strings.Contains(diagView(a), "esc encore pour abandonner") {
		t.Fatalf("first esc with an answer should ask:\n%s", diagView(a))
	}
	diagType(t, a, "esc")
	if a.Depth() != 1 {
		t.Fatalf("second esc should leave: stack %d", a.Depth())
	}
}

// TestDiagnosticHelpLineFits keeps the help line's « ? aide » on the screens used most.
func TestDiagnosticHelpLineFits(t *testing.T) {
	env := diagTestEnv(t)
	a := diagNewApp(t, env, diagTestPerson(t, env))
	helpLine := func() string {
		lines := strings.Split(diagView(a), "\n")
		return lines[len(lines)-1]
	}
	check := func(where string, wants ...string) {
		t.Helper()
		h := helpLine()
		for _, w := range append(wants, "? aide") {
			if !strings.Contains(h, w) {
				t.Errorf("%s: help line %q lacks %q", where, h, w)
			}
		}
	}
	check("K1", "1-0/espace cocher", "entrée suite")
	diagType(t, a, diagP1Context...)
	check("item", "0-3 répondre", "n pas concerné", "← précédente")
	diagType(t, a, diagP1Answers...)
	check("result", "défiler", "x écartés", "r remise de carnet")
	diagType(t, a, "?")
	if v := diagView(a); !strings.Contains(v, "Aide — Diagnostic") || !strings.Contains(v, "remise de carnet") {
		t.Fatalf("? should open the help:\n%s", v)
	}
}

// diagGolden runs the diagnostic for p through teaGolden.
func diagGolden(t *testing.T, p *domain.Person, env *kit.Env, keys []string, ready func(*tui.App) bool) {
	t.Helper()
	msgs := make([]tea.Msg, len(keys))
	for i, k := range keys {
		msgs[i] = diagPress(k)
	}
	teaGolden(t, env, desk.NewDiagnostic(env, p), msgs, ready)
}

func TestDiagnosticGoldenQuestion(t *testing.T) {
	env := diagTestEnv(t)
	keys := append(slices.Clone(diagP1Context), diagP1Answers[:4]...)
	diagGolden(t, diagTestPerson(t, env), env, keys, func(a *tui.App) bool {
		d, ok := a.Top().(*desk.Diagnostic)
		return ok && d.Phase() == desk.DiagItems && d.Item() == 4
	})
}

func TestDiagnosticGoldenResultP1(t *testing.T) {
	env := diagTestEnv(t)
	keys := append(slices.Clone(diagP1Context), diagP1Answers...)
	diagGolden(t, diagTestPerson(t, env), env, keys, func(a *tui.App) bool {
		d, ok := a.Top().(*desk.Diagnostic)
		return ok && d.Phase() == desk.DiagResult && d.SavedID() != 0 && a.Status() != ""
	})
}
