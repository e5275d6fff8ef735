package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/store"
	"passnum/tui/kit"
)

// phInes is registered first, with the accent: « Haddad Inès », born 12/05/2007 in Creil.
func phInes() domain.Person {
	return domain.Person{LastName: "Haddad", FirstName: "Inès", BirthDate: time.Date(2007, 5, 12, 0, 0, 0, 0, time.UTC),
		Commune: "60175", QPV: "Hauts de Creil", Diploma: "brevet", Consent: true}
}

// phTypeInes types « HADDAD Ines 12/05/2007 » in the form, with consent, and saves.
func phTypeInes(t *testing.T, a *App) {
	t.Helper()
	phType(t, a, "HADDAD")
	phKey(t, a, tea.KeyTab)
	phType(t, a, "Ines")
	phKey(t, a, tea.KeyTab)
	phType(t, a, "12/05/2007")
	for range 5 { // commune, quartier, situation, diplôme → consentement
		phKey(t, a, tea.KeyTab)
	}
	phType(t, a, "o")
	phKey(t, a, 's', tea.ModCtrl)
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
	env := phEnv(t)
	phAdd(t, env, phInes())
	a := phApp(t, env, NewHome(env)) // ctrl+n from the desk's home, as at the desk
	phKey(t, a, 'n', tea.ModCtrl)
	phTypeInes(t, a)

	f, ok := a.top().(*PersonForm)
	if !ok || f.dups == nil {
		t.Fatalf("top is %T, want the form with the duplicate panel", a.top())
	}
	if f.Typing() {
		t.Error("Typing() = true while the panel asks o/n")
	}
	screen := phScreen(a)
	phMustContain(t, screen,
		"⚠ Cette personne est peut-être déjà enregistrée",
		"Saisie : HADDAD Ines · né(e) le 12/05/2007 · Creil",
		"n°1 HADDAD Inès · né(e) le 12/05/2007 · Creil",
		"aucun carnet remis · fiche créée le 22/11/2026 par Accueil Brassens",
		"ressemblance : même nom, même prénom, même date de naissance",
		"o ou entrée : oui, c'est la même personne — ouvrir la fiche n°1 ; rien n'est enregistré",
		"n : non, c'est une autre personne — enregistrer la nouvelle fiche",
		"esc : revenir au formulaire, la saisie est gardée",
	)
	if help := phHelpLine(a); !strings.Contains(help, "o même personne") || !strings.Contains(help, "n autre personne") || !strings.Contains(help, "esc retour") {
		t.Errorf("help line = %q", help)
	}
	if !strings.Contains(a.status, "À vérifier : HADDAD Ines a peut-être déjà une fiche") || a.statusOK {
		t.Errorf("status = %q", a.status)
	}

	// esc goes back to the form, with what was typed.
	phKey(t, a, tea.KeyEscape)
	if a.top() != kit.Screen(f) || f.dups != nil {
		t.Fatalf("esc: top %T, panel %v", a.top(), f.dups != nil)
	}
	if f.inputs[ffLast].Value() != "HADDAD" || f.inputs[ffFirst].Value() != "Ines" || f.inputs[ffBirth].Value() != "12/05/2007" || !f.consent {
		t.Errorf("the typed record was lost: %q %q %q consent=%v", f.inputs[ffLast].Value(), f.inputs[ffFirst].Value(), f.inputs[ffBirth].Value(), f.consent)
	}
	phMustContain(t, phScreen(a), "Nouvelle personne", "HADDAD")
	if n := phCountPeople(t, env, "haddad"); n != 1 {
		t.Errorf("%d people named Haddad, want 1", n)
	}
}

func TestDuplicatePanelSamePersonOpensCard(t *testing.T) {
	env := phEnv(t)
	ines := phAdd(t, env, phInes())
	a := phApp(t, env, NewPersonForm(env, nil))
	phTypeInes(t, a)
	phKey(t, a, tea.KeyEnter) // o or enter: the same person

	card, ok := a.top().(*PersonScreen)
	if !ok || card.id != ines.ID || len(a.stack) != 1 {
		t.Fatalf("top is %T (%d screens), want the card of n°%d alone", a.top(), len(a.stack), ines.ID)
	}
	if n := phCountPeople(t, env, "haddad"); n != 1 {
		t.Errorf("%d people named Haddad, want 1: the typed record must not be saved", n)
	}
	phMustContain(t, phScreen(a), "Fiche d'Inès HADDAD (n°1)")
	if !strings.Contains(a.status, "Fiche existante ouverte : n°1 HADDAD Inès") || !strings.Contains(a.status, "pas été enregistrée") {
		t.Errorf("status = %q", a.status)
	}
}

func TestDuplicatePanelNotSamePersonSaves(t *testing.T) {
	env := phEnv(t)
	phAdd(t, env, phInes())
	a := phApp(t, env, NewPersonForm(env, nil))
	phTypeInes(t, a)
	phType(t, a, "n")

	card, ok := a.top().(*PersonScreen)
	if !ok {
		t.Fatalf("top is %T (status %q), want the new card", a.top(), a.status)
	}
	if n := phCountPeople(t, env, "haddad"); n != 2 {
		t.Errorf("%d people named Haddad, want 2", n)
	}
	if card.id != 2 || a.status != "Personne enregistrée (n°2)" {
		t.Errorf("card n°%d, status %q", card.id, a.status)
	}
	// The decision holds: a correction of n°2 is not stopped by n°1 again.
	p := mustPerson(t, env, 2)
	if err := env.Store.UpdatePerson(context.Background(), env.User, p, store.PersonOptions{}); err != nil {
		t.Errorf("correcting n°2 after « pas la même personne »: %v", err)
	}
}

func TestDuplicatePanelSeveralCandidates(t *testing.T) {
	env := phEnv(t)
	phAdd(t, env, phInes())
	swapped := phInes()
	swapped.LastName, swapped.FirstName = "Ines", "Haddad" // names the other way round
	if _, err := env.Store.AddPerson(context.Background(), env.User, swapped, store.PersonOptions{NotDuplicate: true}); err != nil {
		t.Fatal(err)
	}
	a := phApp(t, env, NewPersonForm(env, nil))
	phTypeInes(t, a)
	phMustContain(t, phScreen(a), "2 fiches lui ressemblent", "n°2 INES Haddad", "ressemblance : nom et prénom inversés",
		"n : non, aucune de ces fiches — enregistrer la nouvelle fiche")
	phKey(t, a, tea.KeyDown)
	phType(t, a, "o")
	if card, ok := a.top().(*PersonScreen); !ok || card.id != 2 {
		t.Fatalf("top is %T, want the card of n°2", a.top())
	}
}

func TestDuplicatePanelGolden(t *testing.T) {
	env := phEnv(t)
	phAdd(t, env, phInes())
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
	teaGolden(t, env, NewPersonForm(env, nil), keys, func(a *App) bool {
		f, ok := a.top().(*PersonForm)
		return ok && f.dups != nil && a.status != ""
	})
}

func TestDuplicatePanelOnCorrection(t *testing.T) {
	env := phEnv(t)
	jeanne := phAdd(t, env, phJeanne())
	ines := phAdd(t, env, phInes())
	a := phApp(t, env, NewPersonScreen(env, jeanne.ID))
	phType(t, a, "e")
	f := a.top().(*PersonForm)
	f.inputs[ffLast].SetValue("Haddad")
	f.inputs[ffFirst].SetValue("Ines")
	f.inputs[ffBirth].SetValue("12/05/2007")
	phKey(t, a, 's', tea.ModCtrl)
	phMustContain(t, phScreen(a), "n°2 HADDAD Inès", "n : non, c'est une autre personne — enregistrer la correction")
	phType(t, a, "o")
	if card, ok := a.top().(*PersonScreen); !ok || card.id != ines.ID {
		t.Fatalf("top is %T, want the card of n°%d", a.top(), ines.ID)
	}
	if p := mustPerson(t, env, jeanne.ID); p.LastName != "Dupont" {
		t.Errorf("the correction was saved: %+v", p)
	}
	if !strings.Contains(a.status, "correction de la n°1 non enregistrée") {
		t.Errorf("status = %q", a.status)
	}
}
