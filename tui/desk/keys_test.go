package desk_test

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui"
	"passnum/tui/desk"
	"passnum/tui/internal/tuitest"
)

var ctrlC = tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}

// quits presses ctrl+c and tells whether the app asked the program to stop.
func quits(t *testing.T, a *tui.App, k tea.KeyPressMsg) bool {
	t.Helper()
	_, cmd := a.Update(k)
	_, quit := tuitest.Run(t, cmd).(tea.QuitMsg)
	return quit
}

func TestCtrlCAsksInAHalfFilledForm(t *testing.T) {
	env := tuitest.Env(t)
	a := tuitest.Open(t, env, desk.NewHome(env))
	if !quits(t, a, ctrlC) {
		t.Fatal("ctrl+c on an empty home must quit at once: nothing is lost")
	}
	tuitest.Key(t, a, 'n', tea.ModCtrl)
	if !quits(t, a, ctrlC) {
		t.Fatal("ctrl+c on an untouched form must quit at once")
	}
	tuitest.Type(t, a, "Dupont")
	if quits(t, a, ctrlC) {
		t.Fatal("ctrl+c quit a half-filled form without asking")
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Quitter sans enregistrer ?", "o/n", "la fiche en cours de saisie")
	// Any other answer keeps the work, and the key is not typed into the field.
	if quits(t, a, tea.KeyPressMsg{Code: 'n', Text: "n"}) {
		t.Fatal("n quit")
	}
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "Rien n'est perdu", "Nouvelle personne", "Dupont")
	if strings.Contains(scr, "Dupontn") {
		t.Fatalf("the answer went into the field:\n%s", scr)
	}
	if quits(t, a, ctrlC) || !quits(t, a, tea.KeyPressMsg{Code: 'o', Text: "o"}) {
		t.Fatal("o after ctrl+c must quit")
	}
}

func TestCtrlCAsksGolden(t *testing.T) {
	env := tuitest.Env(t)
	keys := []tea.Msg{}
	for _, r := range "Dupont" {
		keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	keys = append(keys, ctrlC)
	teaGolden(t, env, desk.NewPersonForm(env, nil), keys, func(a *tui.App) bool {
		return strings.Contains(a.Status(), "Quitter sans enregistrer")
	})
}

func TestCtrlCAsksDuringADiagnostic(t *testing.T) {
	env := tuitest.Env(t)
	a := tuitest.Open(t, env, desk.NewDiagnostic(env, nil))
	if !quits(t, a, ctrlC) {
		t.Fatal("ctrl+c before any answer must quit at once")
	}
	tuitest.Type(t, a, "1")
	if quits(t, a, ctrlC) {
		t.Fatal("ctrl+c quit a diagnostic under way without asking")
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Quitter sans enregistrer ?", "le diagnostic en cours")
	if !quits(t, a, ctrlC) {
		t.Fatal("ctrl+c twice must quit")
	}
}

// Step 1 of the diagnostic says how to go on, in its body and its footer, at 60×20 too.
func TestDiagnosticFooterKeepsEnterAt60(t *testing.T) {
	env := tuitest.Env(t)
	a := tuitest.Open(t, env, desk.NewDiagnostic(env, nil))
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 60, Height: 20})
	lines := strings.Split(tuitest.Screen(a), "\n")
	foot := lines[len(lines)-1]
	if !strings.Contains(foot, "entrée suite") || !strings.Contains(foot, "? aide") || len([]rune(foot)) > 60 {
		t.Fatalf("footer at 60 columns = %q", foot)
	}
	if body := strings.Join(lines[:len(lines)-2], "\n"); !strings.Contains(body, "entrée : continuer") {
		t.Fatalf("step 1 does not say how to go on at 60×20:\n%s", body)
	}
}

func TestPersonFormFooterSaysHowToSave(t *testing.T) {
	env := tuitest.Env(t)
	a := tuitest.Open(t, env, desk.NewPersonForm(env, nil))
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		tuitest.Send(t, a, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		lines := strings.Split(tuitest.Screen(a), "\n")
		if foot := lines[len(lines)-1]; !strings.Contains(foot, "ctrl+s enregistrer") || !strings.Contains(foot, "? aide") {
			t.Errorf("%dx%d: footer = %q", size[0], size[1], foot)
		}
	}
	tuitest.Type(t, a, "D")
	if lines := strings.Split(tuitest.Screen(a), "\n"); !strings.Contains(lines[len(lines)-1], "F1 aide") {
		t.Errorf("with text in the field the footer must offer F1: %q", lines[len(lines)-1])
	}
}

func TestPersonFormReadsTypedDates(t *testing.T) {
	for _, typed := range []string{"05032004", "05-03-2004", "05.03.2004", "05/03/04"} {
		env := tuitest.Env(t)
		a := tuitest.Open(t, env, desk.NewPersonFormNamed(env, "Dupont Jeanne"))
		tuitest.Type(t, a, typed)
		for range 5 { // to the consent, past the choices
			tuitest.Key(t, a, tea.KeyTab)
		}
		tuitest.Type(t, a, "o")
		tuitest.Key(t, a, 's', tea.ModCtrl)
		tuitest.MustContain(t, tuitest.Screen(a), "Fiche de Jeanne DUPONT")
		people, err := env.Store.FindPeople(context.Background(), "dupont", 5)
		if err != nil || len(people) != 1 || people[0].BirthDate.Format("02/01/2006") != "05/03/2004" {
			t.Fatalf("%s: people = %v, %v", typed, people, err)
		}
	}
}

func TestPersonFormConfirmsABirthOver110Years(t *testing.T) {
	env := tuitest.Env(t)
	a := tuitest.Open(t, env, desk.NewPersonFormNamed(env, "Dupont Jeanne"))
	tuitest.Type(t, a, "01/01/1912") // 114 years on the tests' day
	for range 5 {
		tuitest.Key(t, a, tea.KeyTab)
	}
	tuitest.Type(t, a, "o")
	tuitest.Key(t, a, 's', tea.ModCtrl)
	if _, ok := a.Top().(*desk.PersonForm); !ok {
		t.Fatalf("a birth 114 years ago was recorded without asking: top is %T", a.Top())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "114 ans", "ctrl+s encore pour confirmer")
	tuitest.Key(t, a, 's', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "Fiche de Jeanne DUPONT")
}

// A scan on a card, where there is no field: a carnet in the desk's stock opens its hand-over
// to this person, a chèque opens its lookup card.
func TestScanOnTheCardIsRouted(t *testing.T) {
	env := tuitest.Env(t)
	p := tuitest.Add(t, env, tuitest.Jeanne())
	tuitest.Stock(t, env, tuitest.Desk.Prescriber, "600001", "600002")
	if err := env.Store.IssueCarnet(context.Background(), tuitest.Desk, "600001", p.ID); err != nil {
		t.Fatal(err)
	}
	a := tuitest.Open(t, env, desk.NewPersonScreen(env, p.ID))
	tuitest.Type(t, a, "600002")
	tuitest.MustContain(t, tuitest.Screen(a), "Lecture d'un numéro : 600002")
	tuitest.Key(t, a, tea.KeyEnter)
	if _, ok := a.Top().(*desk.Handover); !ok {
		t.Fatalf("a carnet scanned on the card opened %T, want its hand-over", a.Top())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Remise de carnet — Jeanne DUPONT", "600002", "Confirmer la remise du carnet 600002 à Jeanne DUPONT ? (o/n)")
	tuitest.Key(t, a, tea.KeyEscape) // the question, then the hand-over
	tuitest.Key(t, a, tea.KeyEscape)
	if _, ok := a.Top().(*desk.PersonScreen); !ok {
		t.Fatalf("esc from the hand-over: top is %T", a.Top())
	}
	tuitest.Type(t, a, "600001-03")
	tuitest.Key(t, a, tea.KeyEnter)
	if _, ok := a.Top().(*desk.Lookup); !ok {
		t.Fatalf("a chèque scanned on the card opened %T, want its lookup", a.Top())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Chèque 600001-03")
}

// The lecture role is offered neither registering nor handing over.
func TestHomeOffersLectureOnlyTheLookup(t *testing.T) {
	env := tuitest.Env(t)
	env.User = domain.User{ID: "lecture", Name: "Comité de suivi (lecture seule)", Role: domain.RoleLecture}
	a := tuitest.Open(t, env, desk.NewHome(env))
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "Recherche rapide", "Comité de suivi (lecture seule) · Pass numérique")
	for _, no := range []string{"Nouvelle personne", "Remise de carnet", "ctrl+n", "ctrl+r", "(lecture seule) (lecture seule)"} {
		if strings.Contains(scr, no) {
			t.Errorf("the lecture role is offered %q:\n%s", no, scr)
		}
	}
	tuitest.Key(t, a, 'n', tea.ModCtrl)
	if _, ok := a.Top().(*desk.Home); !ok {
		t.Fatalf("ctrl+n opened %T for the lecture role", a.Top())
	}
}

// The quick lookup and the hand-over open the help by « ? » while their field is empty.
func TestQuestionMarkOnEmptyFields(t *testing.T) {
	env := tuitest.Env(t)
	p := tuitest.Add(t, env, tuitest.Jeanne())
	a := tuitest.Open(t, env, desk.NewLookup(env, ""))
	tuitest.Type(t, a, "?")
	tuitest.MustContain(t, tuitest.Screen(a), "Aide — Recherche rapide")
	a = tuitest.Open(t, env, desk.NewHandover(env, &p))
	tuitest.Type(t, a, "?")
	tuitest.MustContain(t, tuitest.Screen(a), "Aide — Remise de carnet")
	tuitest.Key(t, a, tea.KeyEscape)
	tuitest.Type(t, a, "6?")
	tuitest.MustContain(t, tuitest.Screen(a), "N° du carnet : 6?", "F1 aide")
}
