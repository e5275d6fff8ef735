package desk_test

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/store"
	"passnum/tui"
	"passnum/tui/desk"
	"passnum/tui/internal/tuitest"
	"passnum/tui/kit"
)

// phInes is registered first, with the accent: « Haddad Inès », born 12/05/2007 in Creil.
func phInes() domain.Person {
	return domain.Person{LastName: "Haddad", FirstName: "Inès", BirthDate: time.Date(2007, 5, 12, 0, 0, 0, 0, time.UTC),
		Commune: "60175", QPV: "Hauts de Creil", Diploma: "brevet", Consent: true}
}

// phTypeInes types « HADDAD Ines 12/05/2007 » in the form, with consent, and saves.
func phTypeInes(t *testing.T, a *tui.App) {
	t.Helper()
	tuitest.Type(t, a, "HADDAD")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "Ines")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "12/05/2007")
	for range 5 { // commune, quartier, situation, diplôme → consentement
		tuitest.Key(t, a, tea.KeyTab)
	}
	tuitest.Type(t, a, "o")
	tuitest.Key(t, a, 's', tea.ModCtrl)
}

func phCountPeople(t *testing.T, env *kit.Env, name string) int {
	t.Helper()
	people, err := env.Store.FindPeople(context.Background(), name, 50)
	if err != nil {
		t.Fatal(err)
	}
	return len(people)
}

func TestDuplicatePanelShowsCandidate(t *testing.T) {
	env := tuitest.Env(t)
	tuitest.Add(t, env, phInes())
	a := tuitest.Open(t, env, desk.NewHome(env)) // ctrl+n from the desk's home, as at the desk
	tuitest.Key(t, a, 'n', tea.ModCtrl)
	phTypeInes(t, a)

	f, ok := a.Top().(*desk.PersonForm)
	if !ok || !f.DuplicatesOpen() {
		t.Fatalf("top is %T, want the form with the duplicate panel", a.Top())
	}
	if f.Typing() {
		t.Error("Typing() = true while the panel asks o/n")
	}
	screen := tuitest.Screen(a)
	tuitest.MustContain(t, screen,
		"⚠ Cette personne est peut-être déjà enregistrée",
		"Saisie : Ines HADDAD · né(e) le 12/05/2007 · Creil",
		"n°1 Inès HADDAD · né(e) le 12/05/2007 · Creil",
		"aucun carnet remis · fiche créée le 22/11/2026 par Accueil Brassens",
		"ressemblance : même nom, même prénom, même date de naissance",
		"o ou entrée : oui, c'est la même personne — ouvrir la fiche n°1 ; rien n'est enregistré",
		"n : non, c'est une autre personne — enregistrer la nouvelle fiche",
		"esc : revenir au formulaire, la saisie est gardée",
	)
	if help := phHelpLine(a); !strings.Contains(help, "o même personne") || !strings.Contains(help, "n autre personne") || !strings.Contains(help, "esc retour") {
		t.Errorf("help line = %q", help)
	}
	if !strings.Contains(a.Status(), "À vérifier : Ines HADDAD a peut-être déjà une fiche") || a.StatusOK() {
		t.Errorf("status = %q", a.Status())
	}

	// esc goes back to the form, with what was typed.
	tuitest.Key(t, a, tea.KeyEscape)
	if a.Top() != kit.Screen(f) || f.DuplicatesOpen() {
		t.Fatalf("esc: top %T, panel %v", a.Top(), f.DuplicatesOpen())
	}
	if f.Input(desk.FfLast).Value() != "HADDAD" || f.Input(desk.FfFirst).Value() != "Ines" || f.Input(desk.FfBirth).Value() != "12/05/2007" || !f.Consent() {
		t.Errorf("the typed record was lost: %q %q %q consent=%v", f.Input(desk.FfLast).Value(), f.Input(desk.FfFirst).Value(), f.Input(desk.FfBirth).Value(), f.Consent())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Nouvelle personne", "HADDAD")
	if n := phCountPeople(t, env, "haddad"); n != 1 {
		t.Errorf("%d people named Haddad, want 1", n)
	}
}

func TestDuplicatePanelSamePersonOpensCard(t *testing.T) {
	env := tuitest.Env(t)
	ines := tuitest.Add(t, env, phInes())
	a := tuitest.Open(t, env, desk.NewPersonForm(env, nil))
	phTypeInes(t, a)
	tuitest.Key(t, a, tea.KeyEnter) // o or enter: the same person

	card, ok := a.Top().(*desk.PersonScreen)
	if !ok || card.ID() != ines.ID || a.Depth() != 1 {
		t.Fatalf("top is %T (%d screens), want the card of n°%d alone", a.Top(), a.Depth(), ines.ID)
	}
	if n := phCountPeople(t, env, "haddad"); n != 1 {
		t.Errorf("%d people named Haddad, want 1: the typed record must not be saved", n)
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Fiche d'Inès HADDAD (n°1)")
	if !strings.Contains(a.Status(), "Fiche existante ouverte : n°1 Inès HADDAD") || !strings.Contains(a.Status(), "pas été enregistrée") {
		t.Errorf("status = %q", a.Status())
	}
}

func TestDuplicatePanelNotSamePersonSaves(t *testing.T) {
	env := tuitest.Env(t)
	tuitest.Add(t, env, phInes())
	a := tuitest.Open(t, env, desk.NewPersonForm(env, nil))
	phTypeInes(t, a)
	tuitest.Type(t, a, "n")

	card, ok := a.Top().(*desk.PersonScreen)
	if !ok {
		t.Fatalf("top is %T (status %q), want the new card", a.Top(), a.Status())
	}
	if n := phCountPeople(t, env, "haddad"); n != 2 {
		t.Errorf("%d people named Haddad, want 2", n)
	}
	if card.ID() != 2 || a.Status() != "Personne enregistrée (n°2)" {
		t.Errorf("card n°%d, status %q", card.ID(), a.Status())
	}
	// The decision holds: a correction of n°2 is not stopped by n°1 again.
	p := mustPerson(t, env, 2)
	if err := env.Store.UpdatePerson(context.Background(), env.User, p, store.PersonOptions{}); err != nil {
		t.Errorf("correcting n°2 after « pas la même personne »: %v", err)
	}
}

func TestDuplicatePanelSeveralCandidates(t *testing.T) {
	env := tuitest.Env(t)
	tuitest.Add(t, env, phInes())
	swapped := phInes()
	swapped.LastName, swapped.FirstName = "Ines", "Haddad" // names the other way round
	if _, err := env.Store.AddPerson(context.Background(), env.User, swapped, store.PersonOptions{NotDuplicate: true}); err != nil {
		t.Fatal(err)
	}
	a := tuitest.Open(t, env, desk.NewPersonForm(env, nil))
	phTypeInes(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "2 fiches lui ressemblent", "n°2 Haddad INES", "ressemblance : nom et prénom inversés",
		"n : non, aucune de ces fiches — enregistrer la nouvelle fiche")
	tuitest.Key(t, a, tea.KeyDown)
	tuitest.Type(t, a, "o")
	if card, ok := a.Top().(*desk.PersonScreen); !ok || card.ID() != 2 {
		t.Fatalf("top is %T, want the card of n°2", a.Top())
	}
}

func TestDuplicatePanelGolden(t *testing.T) {
	env := tuitest.Env(t)
	tuitest.Add(t, env, phInes())
	var keys []tea.Msg
	for _, r := range "HADDAD" {
		keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	keys = append(keys, tea.KeyPressMsg{Code: tea.KeyTab})
	for _, r := range "Ines" {
		keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	keys = append(keys, tea.KeyPressMsg{Code: tea.KeyTab})
	for _, r := range "12/05/2007" {
		keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	for range 5 {
		keys = append(keys, tea.KeyPressMsg{Code: tea.KeyTab})
	}
	keys = append(keys, tea.KeyPressMsg{Code: 'o', Text: "o"}, tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	teaGolden(t, env, desk.NewPersonForm(env, nil), keys, func(a *tui.App) bool {
		f, ok := a.Top().(*desk.PersonForm)
		return ok && f.DuplicatesOpen() && a.Status() != ""
	})
}

func TestDuplicatePanelOnCorrection(t *testing.T) {
	env := tuitest.Env(t)
	jeanne := tuitest.Add(t, env, tuitest.Jeanne())
	ines := tuitest.Add(t, env, phInes())
	a := tuitest.Open(t, env, desk.NewPersonScreen(env, jeanne.ID))
	tuitest.Type(t, a, "e")
	f := a.Top().(*desk.PersonForm)
	f.Input(desk.FfLast).SetValue("Haddad")
	f.Input(desk.FfFirst).SetValue("Ines")
	f.Input(desk.FfBirth).SetValue("12/05/2007")
	tuitest.Key(t, a, 's', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "n°2 Inès HADDAD", "n : non, c'est une autre personne — enregistrer la correction")
	tuitest.Type(t, a, "o")
	if card, ok := a.Top().(*desk.PersonScreen); !ok || card.ID() != ines.ID {
		t.Fatalf("top is %T, want the card of n°%d", a.Top(), ines.ID)
	}
	if p := mustPerson(t, env, jeanne.ID); p.LastName != "Dupont" {
		t.Errorf("the correction was saved: %+v", p)
	}
	if !strings.Contains(a.Status(), "correction de la n°1 non enregistrée") {
		t.Errorf("status = %q", a.Status())
	}
}
