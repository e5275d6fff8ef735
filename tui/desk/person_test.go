package desk_test

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"passnum/cmd/passnum/config"
	"passnum/domain"
	"passnum/tui"
	"passnum/tui/desk"
	"passnum/tui/internal/tuitest"
	"passnum/tui/kit"
)

func TestPersonFormRefusesImpossibleDate(t *testing.T) {
	env := tuitest.Env(t)
	a := tuitest.Open(t, env, desk.NewPersonForm(env, nil))
	tuitest.Type(t, a, "Dupont")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "Jeanne")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "31/02/2000")
	tuitest.Key(t, a, tea.KeyTab) // leaving the field checks it

	f := a.Top().(*desk.PersonForm)
	if got := f.Err(desk.FfBirth); !strings.HasPrefix(got, "date de naissance : ") || !strings.Contains(got, "31/02/2000") {
		t.Fatalf("date error = %q, want one naming the field and the value", got)
	}
	tuitest.MustContain(t, tuitest.Screen(a), `✗ date de naissance : "31/02/2000" — le 31 février n'existe pas`)

	tuitest.Key(t, a, 's', tea.ModCtrl)
	if _, ok := a.Top().(*desk.PersonForm); !ok {
		t.Fatalf("the form closed on an invalid date: top is %T", a.Top())
	}
	if !strings.Contains(a.Status(), "date de naissance") || a.StatusOK() {
		t.Errorf("status = %q (ok=%v), want the date error", a.Status(), a.StatusOK())
	}
	if f.Focused() != desk.FfBirth {
		t.Errorf("focus = %d, want the date field", f.Focused())
	}
	people, err := env.Store.FindPeople(context.Background(), "dupont", 5)
	if err != nil || len(people) != 0 {
		t.Fatalf("people = %v, %v; nobody should be recorded", people, err)
	}
}

func TestPersonFormCreatesPerson(t *testing.T) {
	env := tuitest.Env(t)
	a := tuitest.Open(t, env, desk.NewPersonForm(env, nil))
	f := a.Top().(*desk.PersonForm)
	if !f.Typing() {
		t.Error("Typing() = false on the name field")
	}
	tuitest.Type(t, a, "Dupont")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "Jeanne")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "05/03/2004")
	tuitest.Key(t, a, tea.KeyTab)
	// Commune: the desk's own, Creil, is proposed first.
	tuitest.MustContain(t, tuitest.Screen(a), "◂ Creil ▸")
	if f.Typing() {
		t.Error("Typing() = true on a choice field")
	}
	tuitest.Key(t, a, tea.KeyDown)
	tuitest.Key(t, a, tea.KeyRight) // aucun → Hauts de Creil
	tuitest.MustContain(t, tuitest.Screen(a), "◂ Hauts de Creil ▸")
	tuitest.Key(t, a, tea.KeyDown)
	tuitest.Key(t, a, tea.KeyRight) // non renseignée → demandeur d'emploi
	tuitest.Key(t, a, tea.KeyDown)
	tuitest.Type(t, a, "b") // first diploma starting with b: brevet, then baccalauréat
	tuitest.Type(t, a, "b")
	tuitest.MustContain(t, tuitest.Screen(a), "◂ baccalauréat ▸")
	// No programme caps carnets per foyer in the shipped configuration: no address asked.
	if strings.Contains(tuitest.Screen(a), "Adresse") || strings.Contains(tuitest.Screen(a), "Même foyer") {
		t.Errorf("the foyer's fields are asked without a per-foyer cap:\n%s", tuitest.Screen(a))
	}
	tuitest.Key(t, a, tea.KeyDown)

	// Consent left at « non »: the form refuses and says what to do instead.
	tuitest.Key(t, a, tea.KeyEnter)
	if _, ok := a.Top().(*desk.PersonForm); !ok {
		t.Fatalf("saved without consent: top is %T", a.Top())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "✗ consentement : la personne doit accepter l'enregistrement de ses données ; sinon faites un diagnostic anonyme")

	tuitest.Type(t, a, "o")
	tuitest.Key(t, a, tea.KeyEnter)
	fiche, ok := a.Top().(*desk.PersonScreen)
	if !ok {
		t.Fatalf("after saving, top is %T, want the fiche", a.Top())
	}
	if a.Status() != "Personne enregistrée (n°1)" {
		t.Errorf("status = %q", a.Status())
	}
	p, err := env.Store.Person(context.Background(), fiche.ID())
	if err != nil {
		t.Fatal(err)
	}
	want := domain.Person{ID: 1, LastName: "Dupont", FirstName: "Jeanne", BirthDate: time.Date(2004, 3, 5, 0, 0, 0, 0, time.UTC),
		Commune: "60175", QPV: "Hauts de Creil", Status: domain.StatusJobSeeker, Diploma: "bac", Consent: true}
	p.CreatedAt = time.Time{}
	if p.LastName != want.LastName || p.FirstName != want.FirstName || !p.BirthDate.Equal(want.BirthDate) || p.Commune != want.Commune ||
		p.QPV != want.QPV || p.Status != want.Status || p.Diploma != want.Diploma || p.Address != "" || p.Household != 0 || !p.Consent || p.CreatedBy != tuitest.Desk.ID {
		t.Errorf("recorded %+v\nwant      %+v", p, want)
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Fiche de Jeanne DUPONT (n°1)", "Né(e) le 05/03/2004 (22 ans)")
}

func TestPersonFormCorrectsPerson(t *testing.T) {
	env := tuitest.Env(t)
	p := tuitest.Add(t, env, tuitest.Jeanne())
	a := tuitest.Open(t, env, desk.NewPersonScreen(env, p.ID))
	tuitest.Type(t, a, "e")
	f, ok := a.Top().(*desk.PersonForm)
	if !ok {
		t.Fatalf("e opened %T, want the form", a.Top())
	}
	if got := f.Input(desk.FfBirth).Value(); got != "05/03/2004" {
		t.Errorf("birth field = %q", got)
	}
	tuitest.Key(t, a, 'u', tea.ModCtrl) // clear the name
	tuitest.Type(t, a, "Martin")
	tuitest.Key(t, a, 's', tea.ModCtrl)
	if _, ok := a.Top().(*desk.PersonScreen); !ok || a.Depth() != 1 {
		t.Fatalf("after saving, top is %T (%d screens), want the fiche alone", a.Top(), a.Depth())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Fiche de Jeanne MARTIN (n°1)")
	got, err := env.Store.Person(context.Background(), p.ID)
	if err != nil || got.LastName != "Martin" || got.QPV != "Hauts de Creil" || got.Diploma != "bac" {
		t.Fatalf("after correction: %+v, %v", got, err)
	}
}

func TestPersonScreenShowsEligibilityCarnetsAndDiagnostics(t *testing.T) {
	env := tuitest.Env(t)
	ctx := context.Background()
	p := tuitest.Add(t, env, tuitest.Jeanne())
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600001")
	if err := env.Store.IssueCarnet(ctx, env.User, "600001", p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Store.UpsertPlaces(ctx, tuitest.Coord, []domain.Place{tuitest.Pimms()}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Store.Redeem(ctx, tuitest.Coord, "600001-01", "pimms-creil", ""); err != nil {
		t.Fatal(err)
	}
	phDiagnose(t, env, p.ID)

	a := tui.NewWith(env, desk.NewPersonScreen(env, p.ID))
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 80, Height: 80}) // tall enough to read it all at once
	tuitest.Send(t, a, tuitest.Run(t, a.Init()))
	tuitest.MustContain(t, tuitest.Screen(a),
		"Fiche de Jeanne DUPONT (n°1)",
		"Né(e) le 05/03/2004 (22 ans) · Creil · quartier prioritaire : Hauts de Creil",
		"Situation : autre · Diplôme : baccalauréat",
		"Consentement enregistré : oui",
		"Éligible · 1 carnet sur 2 · 4 chèques restants (40 €) · valables jusqu'au 31/12/2027", "✓ Pass numérique Creil Sud Oise ✓ public « Jeunes 16–25 ans sans diplôme au-delà du bac »",
		"✓ public « Jeunes 16–25 ans sans diplôme au-delà du bac »",
		"✓ a 22 ans — 16 à 25 ans demandé",
		"✓ habite le quartier prioritaire Hauts de Creil (Creil)",
		"✗ public « Demandeurs d'emploi »",
		"✗ situation : autre — le public Demandeurs d'emploi demande : demandeur d'emploi",
		"600001 — remis à une personne le 22/11/2026 · Pass numérique Creil Sud Oise · entamé",
		"600001-01     utilisé le 22/11/2026 à 10:00 · PIMMS de Creil",
		"600001-02     disponible",
		"Diagnostics (1)",
		"22/11/2026 — profil débutant — lieux : PIMMS de Creil",
		"Adresse : non renseignée · Consentement enregistré : oui",
	)
	if !phHasKey(a, "r") {
		t.Error("r is not offered for a person who may receive a second carnet")
	}
}

// phHasKey reports whether the top screen offers the key (help line and « ? » help).
func phHasKey(a *tui.App, k string) bool {
	for _, b := range a.Top().Keys() {
		if b.Help().Key == k {
			return true
		}
	}
	return false
}

// phHelpLine is the last line of the screen: the keys the desk is shown.
func phHelpLine(a *tui.App) string {
	lines := strings.Split(tuitest.Screen(a), "\n")
	return lines[len(lines)-1]
}

func TestPersonScreenHidesHandoverAtLimit(t *testing.T) {
	env := tuitest.Env(t)
	ctx := context.Background()
	p := tuitest.Add(t, env, tuitest.Jeanne())
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600001", "600002", "600003")
	for _, n := range []string{"600001", "600002"} {
		if err := env.Store.IssueCarnet(ctx, env.User, n, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	a := tuitest.Open(t, env, desk.NewPersonScreen(env, p.ID))
	screen := tuitest.Screen(a)
	tuitest.MustContain(t, screen,
		"✗ Pass numérique Creil Sud Oise : éligible au programme, mais limite atteinte : 2 carnets sur 2",
		"✓ a 22 ans — 16 à 25 ans demandé", // the criteria stay listed under the summary
		"✗ Remise de carnet impossible : limite atteinte : 2 carnets sur 2",
	)
	if phHasKey(a, "r") {
		t.Error("r is offered although the limit is reached")
	}
	if help := phHelpLine(a); strings.Contains(help, "r remise") {
		t.Errorf("help line offers the hand-over: %q", help)
	}
	if strings.Contains(tuitest.Flat(screen), "r : remettre un carnet") {
		t.Errorf("the card offers r:\n%s", screen)
	}
	// Pressed anyway, r opens the hand-over, which refuses with its checklist: no confirmation.
	tuitest.Type(t, a, "r")
	if _, ok := a.Top().(*desk.Handover); !ok {
		t.Fatalf("r opened %T", a.Top())
	}
	tuitest.Type(t, a, "600003")
	tuitest.Key(t, a, tea.KeyEnter)
	if h := a.Top().(*desk.Handover); h.Stage() == desk.HoConfirm {
		t.Fatalf("a third carnet is offered for confirmation:\n%s", tuitest.Screen(a))
	}
}

// phFoyerEnv caps carnets at one per foyer, as a territory that asks for addresses does.
func phFoyerEnv(t *testing.T) *kit.Env {
	return tuitest.EnvWith(t, func(c *config.Config) { c.Programmes[0].Limits.CarnetsPerHousehold = 1 })
}

func TestPersonFormFoyerUnderHouseholdCap(t *testing.T) {
	env := phFoyerEnv(t)
	ctx := context.Background()
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600001")
	jean := tuitest.Jeanne()
	jean.FirstName, jean.Address = "Jean", "12, Rue Emile Zola"
	jeanP := tuitest.Add(t, env, jean)
	if err := env.Store.IssueCarnet(ctx, env.User, "600001", jeanP.ID); err != nil {
		t.Fatal(err)
	}

	a := tuitest.Open(t, env, desk.NewPersonForm(env, nil))
	tuitest.Type(t, a, "Dupont")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "Marie")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "01/02/2003")
	tuitest.Key(t, a, tea.KeyTab) // commune: Creil
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Key(t, a, tea.KeyRight) // Hauts de Creil
	tuitest.Key(t, a, tea.KeyTab)   // situation
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "bb") // baccalauréat: eligible as a young person
	tuitest.Key(t, a, tea.KeyTab)
	f := a.Top().(*desk.PersonForm)
	if f.Focused() != desk.FfAddress {
		t.Fatalf("focus = %d after the diploma, want the address", f.Focused())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Adresse", "Code postal", "Même foyer que (n°)")
	tuitest.Type(t, a, "12 rue Émile-Zola")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "6010")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.MustContain(t, tuitest.Screen(a), `✗ code postal : "6010" n'est pas un code postal (cinq chiffres`)
	tuitest.Key(t, a, tea.KeyUp)
	tuitest.Type(t, a, "0")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "abc")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.MustContain(t, tuitest.Screen(a), `✗ foyer : "abc" n'est pas un numéro de fiche`)
	tuitest.Key(t, a, tea.KeyUp)
	tuitest.Key(t, a, tea.KeyBackspace)
	tuitest.Key(t, a, tea.KeyBackspace)
	tuitest.Key(t, a, tea.KeyBackspace)
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "o")
	tuitest.Key(t, a, 's', tea.ModCtrl)

	card, ok := a.Top().(*desk.PersonScreen)
	if !ok {
		t.Fatalf("after saving, top is %T (status %q)", a.Top(), a.Status())
	}
	marie, err := env.Store.Person(ctx, card.ID())
	if err != nil {
		t.Fatal(err)
	}
	if marie.Address != "12 rue Émile-Zola" || marie.PostalCode != "60100" || marie.Household == 0 || marie.Household != mustPerson(t, env, jeanP.ID).Household {
		t.Errorf("Marie = %+v; want the address and Jean's foyer (%d)", marie, mustPerson(t, env, jeanP.ID).Household)
	}
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 60})
	screen := tuitest.Screen(a)
	tuitest.MustContain(t, screen,
		"Foyer : 12 rue Émile-Zola, 60100 — aussi : Jean DUPONT (1 carnet)",
		"✗ Pass numérique Creil Sud Oise : éligible au programme, mais limite du foyer atteinte",
		"✗ Remise de carnet impossible : limite du foyer atteinte : 1 carnet sur 1 (Jean DUPONT : 1 carnet)")
	if phHasKey(a, "r") {
		t.Error("r is offered although the foyer holds its carnet")
	}
}

func TestPersonFormLinksToFoyerByNumber(t *testing.T) {
	env := phFoyerEnv(t)
	jean := tuitest.Jeanne()
	jean.FirstName, jean.Address = "Jean", "12 rue Émile-Zola"
	jeanP := tuitest.Add(t, env, jean)

	a := tuitest.Open(t, env, desk.NewPersonForm(env, nil))
	tuitest.Type(t, a, "Martin")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "Lou")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "01/02/2003")
	for range 7 { // … adresse, code postal → même foyer que
		tuitest.Key(t, a, tea.KeyTab)
	}
	tuitest.Type(t, a, "99")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "o")
	tuitest.Key(t, a, 's', tea.ModCtrl)
	f, ok := a.Top().(*desk.PersonForm)
	if !ok {
		t.Fatalf("saved with an unknown foyer: top is %T", a.Top())
	}
	if f.Focused() != desk.FfHouseholdOf || !strings.Contains(f.Err(desk.FfHouseholdOf), "personne n°99 introuvable") {
		t.Fatalf("focus %d, error %q; want the foyer field's « introuvable »", f.Focused(), f.Err(desk.FfHouseholdOf))
	}
	tuitest.MustContain(t, tuitest.Screen(a), "✗ foyer : personne n°99 introuvable")
	tuitest.Key(t, a, tea.KeyBackspace)
	tuitest.Key(t, a, tea.KeyBackspace)
	tuitest.Type(t, a, "1")
	tuitest.Key(t, a, 's', tea.ModCtrl)
	card, ok := a.Top().(*desk.PersonScreen)
	if !ok {
		t.Fatalf("after saving, top is %T (status %q)", a.Top(), a.Status())
	}
	lou := mustPerson(t, env, card.ID())
	if lou.Household == 0 || lou.Household != mustPerson(t, env, jeanP.ID).Household || lou.Address != "" {
		t.Errorf("Lou = %+v, want Jean's foyer without an address", lou)
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Foyer : sans adresse, rattachée à un foyer — aussi : Jean DUPONT (0 carnet)")
}

func mustPerson(t *testing.T, env *kit.Env, id int64) domain.Person {
	t.Helper()
	p, err := env.Store.Person(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPersonScreenScrolls(t *testing.T) {
	env := tuitest.Env(t)
	p := tuitest.Add(t, env, tuitest.Jeanne())
	a := tuitest.Open(t, env, desk.NewPersonScreen(env, p.ID))
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 20}) // a card longer than the terminal
	first := tuitest.Screen(a)
	tuitest.MustContain(t, first, "Né(e) le 05/03/2004", "↑/↓ pour défiler")
	for range 30 {
		tuitest.Key(t, a, tea.KeyDown)
	}
	last := tuitest.Screen(a)
	if strings.Contains(last, "Né(e) le 05/03/2004") {
		t.Errorf("↓ did not scroll:\n%s", last)
	}
	tuitest.MustContain(t, last, "Aucun diagnostic enregistré")
	for _, l := range strings.Split(last, "\n") {
		if ansi.StringWidth(l) > 80 {
			t.Errorf("line wider than 80: %q", l)
		}
	}
}

// phDiagnose saves a diagnostic recommending the PIMMS, as the diagnostic screen would.
func phDiagnose(t *testing.T, env *kit.Env, personID int64) {
	t.Helper()
	res := domain.DiagnosticResult{Status: domain.DiagComplete, Profile: domain.LevelBeginner,
		Recommendations: []domain.Recommendation{{PlaceID: "pimms-creil", Name: "PIMMS de Creil", Score: 80, Tags: []string{}, Reasons: []string{}}}}
	if _, err := env.Store.SaveDiagnostic(context.Background(), env.User, personID, domain.DiagnosticInput{Commune: "60175"}, res); err != nil {
		t.Fatal(err)
	}
}
