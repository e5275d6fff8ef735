package trainer_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui"
	"passnum/tui/internal/tuitest"
	"passnum/tui/trainer"
)

// mustSay checks phrases on the screen read as one text: a message wrapped on two lines counts.
func mustSay(t *testing.T, a *tui.App, wants ...string) {
	t.Helper()
	tuitest.MustContain(t, tuitest.Screen(a)) // the screen itself fits 80 columns
	flat := tuitest.Flat(tuitest.Screen(a))
	for _, w := range wants {
		if !strings.Contains(flat, w) {
			t.Errorf("screen lacks %q:\n%s", w, tuitest.Screen(a))
		}
	}
}

// A session longer than the programme pays for is refused when it is created, under its field,
// and nothing is written: the trainer learns it now, not when the sheet is closed.
func TestSessionFormRefuses180AtCreation(t *testing.T) {
	env := tuitest.TrainerEnv(t)
	a := tuitest.Open(t, env, trainer.NewSessionForm(env))
	tuitest.Type(t, a, "Créer son adresse e-mail")
	for range 6 { // type, thème, niveau, date, début, durée
		tuitest.Key(t, a, tea.KeyTab)
	}
	for range 3 {
		tuitest.Key(t, a, tea.KeyBackspace)
	}
	tuitest.Type(t, a, "180")
	tuitest.Key(t, a, 's', tea.ModCtrl)
	mustSay(t, a, "▸ Durée (min)", "durée : 180 min : le programme paie des séances de 120 min au plus")
	day := domain.CalendarDay(tuitest.Now)
	if list, _ := env.Store.SessionsOn(context.Background(), "pimms-creil", day.AddDate(0, 0, -1), day.AddDate(0, 0, 7)); len(list) != 0 {
		t.Fatalf("a refused form created %v", list)
	}
	tuitest.RequireAppGolden(t, a)
}

// From « Mes séances », e corrects the chosen session with the same form; a closed session is
// refused.
func TestHomeCorrectsASession(t *testing.T) {
	env := tuitest.TrainerEnv(t)
	sess := tuitest.Session(t, env)
	a := tuitest.Open(t, env, trainer.NewHome(env))
	tuitest.MustContain(t, tuitest.Screen(a), "Mes séances — PIMMS de Creil", "e corriger")
	tuitest.Key(t, a, 'e')
	tuitest.MustContain(t, tuitest.Screen(a), "Corriger la séance S1", "Créer son adresse e-mail", "ctrl+s enregistrer")
	for range 4 { // thème, date, début, durée
		tuitest.Key(t, a, tea.KeyTab)
	}
	tuitest.MustContain(t, tuitest.Screen(a), "▸ Durée (min)")
	for range 3 {
		tuitest.Key(t, a, tea.KeyBackspace)
	}
	tuitest.Type(t, a, "180")
	tuitest.Key(t, a, 's', tea.ModCtrl)
	mustSay(t, a, "durée : 180 min : le programme paie")
	for range 3 {
		tuitest.Key(t, a, tea.KeyBackspace)
	}
	tuitest.Type(t, a, "60")
	tuitest.Key(t, a, 's', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "Mes séances", "Séance S1 corrigée : 1 h, 8 places.")
	if got, _ := env.Store.Session(context.Background(), sess.ID); got.DurationMinutes != 60 {
		t.Fatalf("duration after the correction: %d", got.DurationMinutes)
	}

	if _, err := env.Store.RedeemForSession(context.Background(), env.User, sess.ID); err != nil {
		t.Fatal(err)
	}
	a = tuitest.Open(t, env, trainer.NewHome(env))
	tuitest.Key(t, a, 'e')
	tuitest.MustContain(t, tuitest.Screen(a), "Séance S1 close : ses chèques sont encaissés, elle ne se corrige plus.")
}

// Closing the sheet asks first and warns when the session has not begun; esc changes nothing.
func TestSheetCloseAsksAndWarnsBeforeStart(t *testing.T) {
	env := tuitest.TrainerEnv(t)
	later, err := env.Store.CreateSession(context.Background(), env.User, domain.Session{Place: "pimms-creil", Title: "Atelier de l'après-midi",
		Themes: []string{"E-mail"}, Level: "Débutant", Type: domain.SessionCollective, Start: tuitest.Now.Add(4 * time.Hour), DurationMinutes: 90, Capacity: 8})
	if err != nil {
		t.Fatal(err)
	}
	a := tuitest.Open(t, env, trainer.NewSheet(env, later.ID))
	tuitest.Type(t, a, "600001-01")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.Key(t, a, 'e', tea.ModCtrl)
	warning := domain.SessionNotStarted(later, tuitest.Now)
	if warning == "" || !strings.Contains(warning, "la clôturer quand même ?") {
		t.Fatalf("warning %q", warning)
	}
	mustSay(t, a, warning, "Clôturer la feuille de S1", "esc : non")
	tuitest.Key(t, a, tea.KeyEscape)
	tuitest.MustContain(t, tuitest.Screen(a), "Feuille non clôturée : rien n'a été encaissé.")
	if ch, _ := env.Store.Cheque(context.Background(), "600001-01"); ch.State != domain.ChequeAvailable {
		t.Fatalf("a closing refused at the question encashed %s", ch.State)
	}
}

// ctrl+r writes the attendance sheet to sign beside the exports and names the file on its own
// line; over SSH it gives the command instead and writes nothing on the server.
func TestSheetPrintsTheAttendanceSheet(t *testing.T) {
	env := tuitest.TrainerEnv(t)
	env.ExportDir = filepath.Join(t.TempDir(), "exports")
	sess := tuitest.Session(t, env)
	a := tuitest.Open(t, env, trainer.NewSheet(env, sess.ID))
	tuitest.Type(t, a, "600001-01")
	tuitest.Key(t, a, tea.KeyEnter)

	env.Remote = true
	tuitest.Key(t, a, 'r', tea.ModCtrl)
	mustSay(t, a, "ssh … sessions sheet S1 --html - > emargement-S1-2026-11-22.html")
	if _, err := os.Stat(env.ExportDir); !os.IsNotExist(err) {
		t.Fatalf("over SSH nothing is written on the server: %v", err)
	}
	env.Remote = false
	tuitest.Key(t, a, 'r', tea.ModCtrl)
	path := filepath.Join(env.ExportDir, "emargement-S1-2026-11-22.html")
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), "Jeanne DUPONT") || !strings.Contains(string(b), "Feuille d'émargement") {
		t.Fatalf("attendance sheet file: %v", err)
	}
	// The path is whole, on lines of its own (cut at the width only), under its label.
	lines := strings.Split(tuitest.Screen(a), "\n")
	shown := ""
	for i, l := range lines {
		if strings.Contains(l, "écrite dans :") {
			for _, next := range lines[i+1:] {
				if strings.TrimSpace(next) == "" {
					break
				}
				shown += strings.TrimSpace(next)
			}
		}
	}
	if shown != path {
		t.Fatalf("the path must be on its own line, whole: %q\n%s", shown, tuitest.Screen(a))
	}
}

// A sheet opened again after its closing still says why a line was refused.
func TestReopenedSheetKeepsTheRefusal(t *testing.T) {
	env := tuitest.TrainerEnv(t)
	sess := tuitest.Session(t, env)
	if _, err := env.Store.Redeem(context.Background(), env.User, "600001-01", "pimms-creil", ""); err != nil {
		t.Fatal(err)
	}
	if _, _, err := env.Store.AddParticipantByCheque(context.Background(), env.User, sess.ID, "600001-01"); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Store.RedeemForSession(context.Background(), env.User, sess.ID); err != nil {
		t.Fatal(err)
	}
	a := tuitest.Open(t, env, trainer.NewSheet(env, sess.ID))
	mustSay(t, a, "✗ chèque 600001-01")
}

// A past session is listed under « Mes séances » so the follow-up can be written the next day;
// each follow-up is kept, dated, with its Pix result.
func TestPastSessionFollowUpHistory(t *testing.T) {
	env := tuitest.TrainerEnv(t)
	yesterday, err := env.Store.CreateSession(context.Background(), env.User, domain.Session{Place: "pimms-creil", Title: "Atelier d'hier",
		Themes: []string{"E-mail"}, Level: "Débutant", Type: domain.SessionCollective, Start: tuitest.Now.Add(-24 * time.Hour), DurationMinutes: 90, Capacity: 8})
	if err != nil {
		t.Fatal(err)
	}
	jeanne, _, err := env.Store.AddParticipantByCheque(context.Background(), env.User, yesterday.ID, "600001-01")
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Store.RecordFollowUp(context.Background(), env.User, yesterday.ID, jeanne.PersonID, "Avec guidage", "découvre la souris"); err != nil {
		t.Fatal(err)
	}
	a := tuitest.Open(t, env, trainer.NewHome(env))
	tuitest.MustContain(t, tuitest.Screen(a), "Séances passées (30 derniers jours)", "Atelier d'hier")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Feuille d'émargement — S1 Atelier d'hier", "Jeanne DUPONT")
	tuitest.Key(t, a, 'o', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "Suivi — Jeanne DUPONT", "Déjà noté :", "Avec guidage · « découvre la souris »")
	tuitest.Key(t, a, tea.KeyRight)
	tuitest.Key(t, a, tea.KeyRight)
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "premier e-mail envoyé")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "312")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Suivi enregistré pour Jeanne DUPONT.")
	sheet, _ := env.Store.Participants(context.Background(), yesterday.ID)
	if len(sheet) != 1 || len(sheet[0].Notes) != 2 || sheet[0].Notes[0].Comment != "découvre la souris" || sheet[0].Pix != "312" || sheet[0].Autonomy != "Autonome" {
		t.Fatalf("follow-up history: %+v", sheet)
	}
}

// « Mes séances » at 80×24: the place named in the title, today's session, the past ones under
// their own heading, and the key that corrects a session.
func TestHomeGoldenWithPastSessions(t *testing.T) {
	env := tuitest.TrainerEnv(t)
	tuitest.Session(t, env)
	for _, days := range []int{1, 3, 12} {
		if _, err := env.Store.CreateSession(context.Background(), env.User, domain.Session{Place: "pimms-creil", Title: "Atelier passé",
			Themes: []string{"E-mail"}, Level: "Débutant", Type: domain.SessionCollective, Start: tuitest.Now.AddDate(0, 0, -days), DurationMinutes: 90, Capacity: 8}); err != nil {
			t.Fatal(err)
		}
	}
	a := tuitest.Open(t, env, trainer.NewHome(env))
	tuitest.MustContain(t, tuitest.Screen(a), "Mes séances — PIMMS de Creil", "Séances passées (30 derniers jours)", "21/11", "10/11", "e corriger")
	tuitest.RequireAppGolden(t, a)
}

// The bilan says how to export it, in its footer and above the table.
func TestBilanShowsItsExportKey(t *testing.T) {
	env := tuitest.TrainerEnv(t)
	a := tuitest.Open(t, env, trainer.NewBilan(env))
	lines := strings.Split(tuitest.Screen(a), "\n")
	if help := lines[len(lines)-1]; !strings.Contains(help, "ctrl+e exporter (CSV)") {
		t.Fatalf("the footer lacks the export key: %q", help)
	}
	tuitest.MustContain(t, tuitest.Screen(a), "ctrl+e : exporter ce bilan (CSV) pour le prescripteur")
}
