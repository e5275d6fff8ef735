package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"passnum"
	"passnum/cmd/passnum/config"
	"passnum/domain"
	"passnum/store"
	"passnum/tui/kit"
)

// Helpers shared by person_test.go, handover_test.go and letter_test.go are prefixed « ph » so
// they do not collide with other test files of the package.

var (
	phNow   = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	phCoord = domain.User{ID: "coord", Name: "Coordination ACSO", Role: domain.RoleCoordination}
	phDesk  = domain.User{ID: "accueil-brassens", Name: "Accueil Brassens", Role: domain.RoleAccueil, Prescriber: "centre-social-georges-brassens"}
)

// phEnv is the desk of the centre social Georges Brassens on the shipped Creil Sud Oise
// configuration, with a real SQLite ledger.
func phEnv(t *testing.T) *kit.Env {
	t.Helper()
	return phEnvWith(t, nil)
}

// phEnvWith is phEnv on a configuration changed by edit before the store opens (a per-foyer
// cap, say), so that the store and the screens apply the same rules.
func phEnvWith(t *testing.T, edit func(*config.Config)) *kit.Env {
	t.Helper()
	dir := t.TempDir()
	cfg, err := config.Parse(passnum.DefaultConfig, dir)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(cfg)
	}
	now := func() time.Time { return phNow }
	st, err := store.Open(filepath.Join(dir, "passnum.db"), store.Options{Programmes: cfg.Programmes, Communes: cfg.Communes, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &kit.Env{Store: st, User: phDesk, Programmes: cfg.Programmes, Communes: cfg.Communes, Prescribers: cfg.Prescribers,
		Now: now, LetterDir: filepath.Join(dir, "courriers")}
}

// phStock receives carnets and allocates them to a prescriber, as the coordination does.
func phStock(t *testing.T, env *kit.Env, prescriber string, numbers ...string) {
	t.Helper()
	ctx := context.Background()
	var specs []store.CarnetSpec
	for _, n := range numbers {
		specs = append(specs, store.CarnetSpec{Number: n})
	}
	if err := env.Store.ReceiveCarnets(ctx, phCoord, env.Programme().ID, specs); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Store.AllocateCarnets(ctx, phCoord, env.Programme().ID, prescriber, len(numbers)); err != nil {
		t.Fatal(err)
	}
}

// phJeanne is 22, has the bac and lives in the QPV of Creil: eligible as a young person, not as
// a job seeker.
func phJeanne() domain.Person {
	return domain.Person{LastName: "Dupont", FirstName: "Jeanne", BirthDate: time.Date(2004, 3, 5, 0, 0, 0, 0, time.UTC),
		Commune: "60175", QPV: "Hauts de Creil", Status: domain.StatusOther, Diploma: "bac", Consent: true}
}

func phAdd(t *testing.T, env *kit.Env, p domain.Person) domain.Person {
	t.Helper()
	id, err := env.Store.AddPerson(context.Background(), env.User, p, store.PersonOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, err = env.Store.Person(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// phApp opens the desk on one screen at 80×24 and runs its Init.
func phApp(t *testing.T, env *kit.Env, s kit.Screen) *App {
	t.Helper()
	a := NewWith(env, s)
	phSend(t, a, tea.WindowSizeMsg{Width: 80, Height: 24})
	phRunMsgs(t, a, phRun(t, a.Init()))
	return a
}

// phSend gives messages to the app and runs every command they cause, and the commands their
// messages cause, until the app is idle: the test sees the screen as the user would once the
// ledger has answered.
func phSend(t *testing.T, a *App, msgs ...tea.Msg) {
	t.Helper()
	phRunMsgs(t, a, msgs...)
}

func phRunMsgs(t *testing.T, a *App, msgs ...tea.Msg) {
	t.Helper()
	queue := append([]tea.Msg(nil), msgs...)
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 500 {
			t.Fatal("the app does not settle: more than 500 messages")
		}
		msg := queue[0]
		queue = queue[1:]
		switch m := msg.(type) {
		case nil:
			continue
		case tea.BatchMsg:
			for _, c := range m {
				queue = append(queue, phRun(t, c))
			}
			continue
		case tea.QuitMsg:
			continue
		}
		_, cmd := a.Update(msg)
		queue = append(queue, phRun(t, cmd))
	}
}

// phRun runs one command, failing rather than hanging on one that waits (a blinking cursor).
func phRun(t *testing.T, cmd tea.Cmd) tea.Msg {
	t.Helper()
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case m := <-done:
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("a command did not return within 10 s")
		return nil
	}
}

// phType types text one key at a time, as a person or a barcode scanner does.
func phType(t *testing.T, a *App, text string) {
	t.Helper()
	for _, r := range text {
		phSend(t, a, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func phKey(t *testing.T, a *App, code rune, mod ...tea.KeyMod) {
	t.Helper()
	k := tea.KeyPressMsg{Code: code}
	for _, m := range mod {
		k.Mod |= m
	}
	phSend(t, a, k)
}

func phScreen(a *App) string { return ansi.Strip(a.View().Content) }

func phMustContain(t *testing.T, screen string, wants ...string) {
	t.Helper()
	for _, l := range strings.Split(screen, "\n") {
		if ansi.StringWidth(l) > 80 {
			t.Errorf("line wider than the 80-column terminal: %q", l)
		}
	}
	flat := phFlat(screen)
	for _, w := range wants {
		if !strings.Contains(flat, phFlat(w)) {
			t.Errorf("screen lacks %q:\n%s", w, screen)
		}
	}
}

// phFlat joins wrapped lines so a phrase is found whatever the width cut it at.
func phFlat(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestPersonFormRefusesImpossibleDate(t *testing.T) {
	env := phEnv(t)
	a := phApp(t, env, NewPersonForm(env, nil))
	phType(t, a, "Dupont")
	phKey(t, a, tea.KeyTab)
	phType(t, a, "Jeanne")
	phKey(t, a, tea.KeyTab)
	phType(t, a, "31/02/2000")
	phKey(t, a, tea.KeyTab) // leaving the field checks it

	f := a.top().(*PersonForm)
	if got := f.errs[ffBirth]; !strings.HasPrefix(got, "date de naissance : ") || !strings.Contains(got, "31/02/2000") {
		t.Fatalf("date error = %q, want one naming the field and the value", got)
	}
	phMustContain(t, phScreen(a), `✗ date de naissance : "31/02/2000" n'est pas une date (format JJ/MM/AAAA`)

	phKey(t, a, 's', tea.ModCtrl)
	if _, ok := a.top().(*PersonForm); !ok {
		t.Fatalf("the form closed on an invalid date: top is %T", a.top())
	}
	if !strings.Contains(a.status, "date de naissance") || a.statusOK {
		t.Errorf("status = %q (ok=%v), want the date error", a.status, a.statusOK)
	}
	if f.focus != ffBirth {
		t.Errorf("focus = %d, want the date field", f.focus)
	}
	people, err := env.Store.FindPeople(context.Background(), "dupont", 5)
	if err != nil || len(people) != 0 {
		t.Fatalf("people = %v, %v; nobody should be recorded", people, err)
	}
}

func TestPersonFormCreatesPerson(t *testing.T) {
	env := phEnv(t)
	a := phApp(t, env, NewPersonForm(env, nil))
	f := a.top().(*PersonForm)
	if !f.Typing() {
		t.Error("Typing() = false on the name field")
	}
	phType(t, a, "Dupont")
	phKey(t, a, tea.KeyTab)
	phType(t, a, "Jeanne")
	phKey(t, a, tea.KeyTab)
	phType(t, a, "05/03/2004")
	phKey(t, a, tea.KeyTab)
	// Commune: the desk's own, Creil, is proposed first.
	phMustContain(t, phScreen(a), "◂ Creil ▸")
	if f.Typing() {
		t.Error("Typing() = true on a choice field")
	}
	phKey(t, a, tea.KeyDown)
	phKey(t, a, tea.KeyRight) // aucun → Hauts de Creil
	phMustContain(t, phScreen(a), "◂ Hauts de Creil ▸")
	phKey(t, a, tea.KeyDown)
	phKey(t, a, tea.KeyRight) // non renseignée → demandeur d'emploi
	phKey(t, a, tea.KeyDown)
	phType(t, a, "b") // first diploma starting with b: brevet, then baccalauréat
	phType(t, a, "b")
	phMustContain(t, phScreen(a), "◂ baccalauréat ▸")
	// No programme caps carnets per foyer in the shipped configuration: no address asked.
	if strings.Contains(phScreen(a), "Adresse") || strings.Contains(phScreen(a), "Même foyer") {
		t.Errorf("the foyer's fields are asked without a per-foyer cap:\n%s", phScreen(a))
	}
	phKey(t, a, tea.KeyDown)

	// Consent left at « non »: the form refuses and says what to do instead.
	phKey(t, a, tea.KeyEnter)
	if _, ok := a.top().(*PersonForm); !ok {
		t.Fatalf("saved without consent: top is %T", a.top())
	}
	phMustContain(t, phScreen(a), "✗ consentement : la personne doit accepter l'enregistrement de ses données ; sinon faites un diagnostic anonyme")

	phType(t, a, "o")
	phKey(t, a, tea.KeyEnter)
	fiche, ok := a.top().(*PersonScreen)
	if !ok {
		t.Fatalf("after saving, top is %T, want the fiche", a.top())
	}
	if a.status != "Personne enregistrée (n°1)" {
		t.Errorf("status = %q", a.status)
	}
	p, err := env.Store.Person(context.Background(), fiche.id)
	if err != nil {
		t.Fatal(err)
	}
	want := domain.Person{ID: 1, LastName: "Dupont", FirstName: "Jeanne", BirthDate: time.Date(2004, 3, 5, 0, 0, 0, 0, time.UTC),
		Commune: "60175", QPV: "Hauts de Creil", Status: domain.StatusJobSeeker, Diploma: "bac", Consent: true}
	p.CreatedAt = time.Time{}
	if p.LastName != want.LastName || p.FirstName != want.FirstName || !p.BirthDate.Equal(want.BirthDate) || p.Commune != want.Commune ||
		p.QPV != want.QPV || p.Status != want.Status || p.Diploma != want.Diploma || p.Address != "" || p.Household != 0 || !p.Consent || p.CreatedBy != phDesk.ID {
		t.Errorf("recorded %+v\nwant      %+v", p, want)
	}
	phMustContain(t, phScreen(a), "Fiche de Jeanne DUPONT (n°1)", "Né(e) le 05/03/2004 (22 ans)")
}

func TestPersonFormCorrectsPerson(t *testing.T) {
	env := phEnv(t)
	p := phAdd(t, env, phJeanne())
	a := phApp(t, env, NewPersonScreen(env, p.ID))
	phType(t, a, "e")
	f, ok := a.top().(*PersonForm)
	if !ok {
		t.Fatalf("e opened %T, want the form", a.top())
	}
	if got := f.inputs[ffBirth].Value(); got != "05/03/2004" {
		t.Errorf("birth field = %q", got)
	}
	phKey(t, a, 'u', tea.ModCtrl) // clear the name
	phType(t, a, "Martin")
	phKey(t, a, 's', tea.ModCtrl)
	if _, ok := a.top().(*PersonScreen); !ok || len(a.stack) != 1 {
		t.Fatalf("after saving, top is %T (%d screens), want the fiche alone", a.top(), len(a.stack))
	}
	phMustContain(t, phScreen(a), "Fiche de Jeanne MARTIN (n°1)")
	got, err := env.Store.Person(context.Background(), p.ID)
	if err != nil || got.LastName != "Martin" || got.QPV != "Hauts de Creil" || got.Diploma != "bac" {
		t.Fatalf("after correction: %+v, %v", got, err)
	}
}

func TestPersonScreenShowsEligibilityCarnetsAndDiagnostics(t *testing.T) {
	env := phEnv(t)
	ctx := context.Background()
	p := phAdd(t, env, phJeanne())
	phStock(t, env, "centre-social-georges-brassens", "600001")
	if err := env.Store.IssueCarnet(ctx, env.User, "600001", p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Store.UpsertPlaces(ctx, phCoord, []domain.Place{phPimms()}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Store.Redeem(ctx, phCoord, "600001-01", "pimms-creil", ""); err != nil {
		t.Fatal(err)
	}
	phDiagnose(t, env, p.ID)

	a := NewWith(env, NewPersonScreen(env, p.ID))
	phSend(t, a, tea.WindowSizeMsg{Width: 80, Height: 80}) // tall enough to read it all at once
	phRunMsgs(t, a, phRun(t, a.Init()))
	phMustContain(t, phScreen(a),
		"Fiche de Jeanne DUPONT (n°1)",
		"Né(e) le 05/03/2004 (22 ans) · Creil · quartier prioritaire : Hauts de Creil",
		"Situation : autre · Diplôme : baccalauréat",
		"Consentement enregistré : oui",
		"✓ Pass numérique Creil Sud Oise : éligible · 1 carnet sur 2 · 4 chèques restants (40 €) — public « Jeunes 16–25 ans sans diplôme au-delà du bac »",
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
func phHasKey(a *App, k string) bool {
	for _, b := range a.top().Keys() {
		if b.Help().Key == k {
			return true
		}
	}
	return false
}

// phHelpLine is the last line of the screen: the keys the desk is shown.
func phHelpLine(a *App) string {
	lines := strings.Split(phScreen(a), "\n")
	return lines[len(lines)-1]
}

func TestPersonScreenHidesHandoverAtLimit(t *testing.T) {
	env := phEnv(t)
	ctx := context.Background()
	p := phAdd(t, env, phJeanne())
	phStock(t, env, "centre-social-georges-brassens", "600001", "600002", "600003")
	for _, n := range []string{"600001", "600002"} {
		if err := env.Store.IssueCarnet(ctx, env.User, n, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	a := phApp(t, env, NewPersonScreen(env, p.ID))
	screen := phScreen(a)
	phMustContain(t, screen,
		"✗ Pass numérique Creil Sud Oise : éligible au programme, mais limite atteinte : 2 carnets sur 2",
		"✓ a 22 ans — 16 à 25 ans demandé", // the criteria stay listed under the summary
		"✗ Remise de carnet impossible : limite atteinte : 2 carnets sur 2",
	)
	if phHasKey(a, "r") {
		t.Error("r is offered although the limit is reached")
	}
	if help := phHelpLine(a); strings.Contains(help, "remise") {
		t.Errorf("help line offers the hand-over: %q", help)
	}
	if strings.Contains(phFlat(screen), "r : remettre un carnet") {
		t.Errorf("the card offers r:\n%s", screen)
	}
	// Pressed anyway, r opens the hand-over, which refuses with its checklist: no confirmation.
	phType(t, a, "r")
	if _, ok := a.top().(*Handover); !ok {
		t.Fatalf("r opened %T", a.top())
	}
	phType(t, a, "600003")
	phKey(t, a, tea.KeyEnter)
	if h := a.top().(*Handover); h.stage == hoConfirm {
		t.Fatalf("a third carnet is offered for confirmation:\n%s", phScreen(a))
	}
}

// phFoyerEnv caps carnets at one per foyer, as a territory that asks for addresses does.
func phFoyerEnv(t *testing.T) *kit.Env {
	return phEnvWith(t, func(c *config.Config) { c.Programmes[0].Limits.CarnetsPerHousehold = 1 })
}

func TestPersonFormFoyerUnderHouseholdCap(t *testing.T) {
	env := phFoyerEnv(t)
	ctx := context.Background()
	phStock(t, env, "centre-social-georges-brassens", "600001")
	jean := phJeanne()
	jean.FirstName, jean.Address = "Jean", "12, Rue Emile Zola"
	jeanP := phAdd(t, env, jean)
	if err := env.Store.IssueCarnet(ctx, env.User, "600001", jeanP.ID); err != nil {
		t.Fatal(err)
	}

	a := phApp(t, env, NewPersonForm(env, nil))
	phType(t, a, "Dupont")
	phKey(t, a, tea.KeyTab)
	phType(t, a, "Marie")
	phKey(t, a, tea.KeyTab)
	phType(t, a, "01/02/2003")
	phKey(t, a, tea.KeyTab) // commune: Creil
	phKey(t, a, tea.KeyTab)
	phKey(t, a, tea.KeyRight) // Hauts de Creil
	phKey(t, a, tea.KeyTab)   // situation
	phKey(t, a, tea.KeyTab)
	phType(t, a, "bb") // baccalauréat: eligible as a young person
	phKey(t, a, tea.KeyTab)
	f := a.top().(*PersonForm)
	if f.focus != ffAddress {
		t.Fatalf("focus = %d after the diploma, want the address", f.focus)
	}
	phMustContain(t, phScreen(a), "Adresse", "Code postal", "Même foyer que (n°)")
	phType(t, a, "12 rue Émile-Zola")
	phKey(t, a, tea.KeyTab)
	phType(t, a, "6010")
	phKey(t, a, tea.KeyTab)
	phMustContain(t, phScreen(a), `✗ code postal : "6010" n'est pas un code postal (cinq chiffres`)
	phKey(t, a, tea.KeyUp)
	phType(t, a, "0")
	phKey(t, a, tea.KeyTab)
	phType(t, a, "abc")
	phKey(t, a, tea.KeyTab)
	phMustContain(t, phScreen(a), `✗ foyer : "abc" n'est pas un numéro de fiche`)
	phKey(t, a, tea.KeyUp)
	phKey(t, a, tea.KeyBackspace)
	phKey(t, a, tea.KeyBackspace)
	phKey(t, a, tea.KeyBackspace)
	phKey(t, a, tea.KeyTab)
	phType(t, a, "o")
	phKey(t, a, 's', tea.ModCtrl)

	card, ok := a.top().(*PersonScreen)
	if !ok {
		t.Fatalf("after saving, top is %T (status %q)", a.top(), a.status)
	}
	marie, err := env.Store.Person(ctx, card.id)
	if err != nil {
		t.Fatal(err)
	}
	if marie.Address != "12 rue Émile-Zola" || marie.PostalCode != "60100" || marie.Household == 0 || marie.Household != mustPerson(t, env, jeanP.ID).Household {
		t.Errorf("Marie = %+v; want the address and Jean's foyer (%d)", marie, mustPerson(t, env, jeanP.ID).Household)
	}
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 60})
	screen := phScreen(a)
	phMustContain(t, screen,
		"Foyer : 12 rue Émile-Zola, 60100 — aussi : Jean DUPONT (1 carnet)",
		"✗ Pass numérique Creil Sud Oise : éligible au programme, mais limite du foyer atteinte",
		"✗ Remise de carnet impossible : limite du foyer atteinte : 1 carnet sur 1 (Jean DUPONT : 1 carnet)")
	if phHasKey(a, "r") {
		t.Error("r is offered although the foyer holds its carnet")
	}
}

func TestPersonFormLinksToFoyerByNumber(t *testing.T) {
	env := phFoyerEnv(t)
	jean := phJeanne()
	jean.FirstName, jean.Address = "Jean", "12 rue Émile-Zola"
	jeanP := phAdd(t, env, jean)

	a := phApp(t, env, NewPersonForm(env, nil))
	phType(t, a, "Martin")
	phKey(t, a, tea.KeyTab)
	phType(t, a, "Lou")
	phKey(t, a, tea.KeyTab)
	phType(t, a, "01/02/2003")
	for range 7 { // … adresse, code postal → même foyer que
		phKey(t, a, tea.KeyTab)
	}
	phType(t, a, "99")
	phKey(t, a, tea.KeyTab)
	phType(t, a, "o")
	phKey(t, a, 's', tea.ModCtrl)
	f, ok := a.top().(*PersonForm)
	if !ok {
		t.Fatalf("saved with an unknown foyer: top is %T", a.top())
	}
	if f.focus != ffHouseholdOf || !strings.Contains(f.errs[ffHouseholdOf], "personne n°99 introuvable") {
		t.Fatalf("focus %d, error %q; want the foyer field's « introuvable »", f.focus, f.errs[ffHouseholdOf])
	}
	phMustContain(t, phScreen(a), "✗ foyer : personne n°99 introuvable")
	phKey(t, a, tea.KeyBackspace)
	phKey(t, a, tea.KeyBackspace)
	phType(t, a, "1")
	phKey(t, a, 's', tea.ModCtrl)
	card, ok := a.top().(*PersonScreen)
	if !ok {
		t.Fatalf("after saving, top is %T (status %q)", a.top(), a.status)
	}
	lou := mustPerson(t, env, card.id)
	if lou.Household == 0 || lou.Household != mustPerson(t, env, jeanP.ID).Household || lou.Address != "" {
		t.Errorf("Lou = %+v, want Jean's foyer without an address", lou)
	}
	phMustContain(t, phScreen(a), "Foyer : sans adresse, rattachée à un foyer — aussi : Jean DUPONT (0 carnet)")
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
	env := phEnv(t)
	p := phAdd(t, env, phJeanne())
	a := phApp(t, env, NewPersonScreen(env, p.ID))
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 20}) // a card longer than the terminal
	first := phScreen(a)
	phMustContain(t, first, "Né(e) le 05/03/2004", "↑/↓ pour défiler")
	for range 30 {
		phKey(t, a, tea.KeyDown)
	}
	last := phScreen(a)
	if strings.Contains(last, "Né(e) le 05/03/2004") {
		t.Errorf("↓ did not scroll:\n%s", last)
	}
	phMustContain(t, last, "Aucun diagnostic enregistré")
	for _, l := range strings.Split(last, "\n") {
		if ansi.StringWidth(l) > 80 {
			t.Errorf("line wider than 80: %q", l)
		}
	}
}

func phPimms() domain.Place {
	return domain.Place{ID: "pimms-creil", Pivot: "12345678900017", Name: "PIMMS de Creil", Commune: "Creil", PostalCode: "60100", INSEE: "60175",
		Address: "12 rue Jules Michelet", Phone: "+33344000000", Hours: "Mo-Fr 09:00-12:00,14:00-17:00",
		Services: []string{"Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien"}, Qualified: true}
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
