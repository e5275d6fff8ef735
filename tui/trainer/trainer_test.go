package trainer_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/internal/tuitest"
	"passnum/tui/trainer"
)

// A start time that is not a time is named under its field, and no session is created.
func TestSessionFormBlamesTheField(t *testing.T) {
	env := tuitest.TrainerEnv(t)
	a := tuitest.Open(t, env, trainer.NewSessionForm(env))
	tuitest.Type(t, a, "Créer son adresse e-mail")
	for range 5 { // type, thème, niveau, date, début
		tuitest.Key(t, a, tea.KeyTab)
	}
	for range 5 {
		tuitest.Key(t, a, tea.KeyBackspace)
	}
	tuitest.Type(t, a, "25h99")
	tuitest.Key(t, a, 's', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "▸ Début", `début : "25h99" n'est pas une heure (format HH:MM, par exemple 14:30)`)
	day := domain.CalendarDay(tuitest.Now)
	if list, _ := env.Store.SessionsOn(context.Background(), "pimms-creil", day, day.AddDate(0, 0, 7)); len(list) != 0 {
		t.Fatalf("a refused form created %v", list)
	}
	for range 5 {
		tuitest.Key(t, a, tea.KeyBackspace)
	}
	tuitest.Type(t, a, "14h")
	tuitest.Key(t, a, 's', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "Feuille d'émargement — S1", "14:00–15:30 (90 min)", "Séance S1 créée")
}

// A chèque redeemed by mistake is given back the same day, with a reason, from the sheet.
func TestSheetRedeemThenCancelSameDay(t *testing.T) {
	env := tuitest.TrainerEnv(t)
	sess := tuitest.Session(t, env)
	a := tuitest.Open(t, env, trainer.NewSheet(env, sess.ID))
	tuitest.Type(t, a, "600001-01")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Jeanne DUPONT est sur la feuille", "1 présent sur 8 places")
	tuitest.Key(t, a, 'e', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "Clôturer la feuille de S1 et encaisser les chèques de 1 personne présente ?")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "✓ chèque 600001-01 encaissé", "S1 clos : 1 chèque encaissé, 0 refus.")

	tuitest.Key(t, a, 'x', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "Annuler un encaissement — Jeanne DUPONT", "▸ Motif")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "motif : obligatoire")
	if ch, _ := env.Store.Cheque(context.Background(), "600001-01"); ch.State != domain.ChequeUsed {
		t.Fatalf("a cancellation without reason must change nothing, chèque is %s", ch.State)
	}
	tuitest.Type(t, a, "scanné par erreur")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Encaissement du chèque 600001-01 annulé", "0 chèque encaissé")
	if scr := tuitest.Screen(a); strings.Contains(scr, "encaissé (") || strings.Contains(scr, "✓ chèque") {
		t.Fatalf("after the cancellation the line must not say it is paid:\n%s", scr)
	}
	if ch, _ := env.Store.Cheque(context.Background(), "600001-01"); ch.State != domain.ChequeAvailable {
		t.Fatalf("after cancellation the chèque is %s, want disponible", ch.State)
	}
	h, _ := env.Store.History(context.Background(), "cheque", "600001-01")
	if len(h) == 0 || !strings.Contains(h[len(h)-1].Detail+h[len(h)-1].After, "scanné par erreur") {
		t.Fatalf("the reason must be in the audit trail: %+v", h)
	}
}

// Someone on the sheet by mistake is marked absent; closing the sheet then asks nothing of them.
func TestSheetAbsentPaysNothing(t *testing.T) {
	env := tuitest.TrainerEnv(t)
	sess := tuitest.Session(t, env)
	a := tuitest.Open(t, env, trainer.NewSheet(env, sess.ID))
	tuitest.Type(t, a, "dupont")
	tuitest.MustContain(t, tuitest.Screen(a), "Jeanne DUPONT", "Entrée : ajouter la personne choisie")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Chèque de Jeanne DUPONT", "▸ Chèque remis")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "chèque : scannez ou tapez le numéro du chèque remis")
	tuitest.Type(t, a, "600001-02")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Jeanne DUPONT est sur la feuille", "600001-02")
	tuitest.Key(t, a, 'p', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "Jeanne DUPONT : absent(e).", "absent  Jeanne DUPONT")
	tuitest.Key(t, a, 'e', tea.ModCtrl)
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "S1 clos : 0 chèque encaissé, 0 refus.")
	if ch, _ := env.Store.Cheque(context.Background(), "600001-01"); ch.State != domain.ChequeAvailable {
		t.Fatalf("an absent person's chèque is %s, want disponible", ch.State)
	}
}

// A front desk that reaches a sheet (a direct link) can neither fill it nor redeem: the ledger
// refuses and the screen says why.
func TestSheetRefusesAFrontDesk(t *testing.T) {
	env := tuitest.TrainerEnv(t)
	sess := tuitest.Session(t, env)
	env.User = tuitest.Desk
	a := tuitest.Open(t, env, trainer.NewSheet(env, sess.ID))
	tuitest.Type(t, a, "600001-01")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Non autorisé", "Participants (0)")
	tuitest.Key(t, a, 'e', tea.ModCtrl)
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "ne peut pas encaisser un chèque")
	if ch, _ := env.Store.Cheque(context.Background(), "600001-01"); ch.State != domain.ChequeAvailable {
		t.Fatalf("a front desk redeemed a chèque: %s", ch.State)
	}
}

// The month's claim gathers the chèques used; exported at the desk it is a file beside the
// ledger, and over SSH the screen gives the command that brings it to the trainer's machine.
func TestClaimsPrepareAndExport(t *testing.T) {
	env := tuitest.TrainerEnv(t)
	env.ExportDir = filepath.Join(t.TempDir(), "exports")
	if _, err := env.Store.Redeem(context.Background(), env.User, "600001-01", "pimms-creil", ""); err != nil {
		t.Fatal(err)
	}
	a := tuitest.Open(t, env, trainer.NewClaims(env))
	tuitest.MustContain(t, tuitest.Screen(a), "novembre 2026", "Aucune demande de remboursement")
	tuitest.Key(t, a, 'p', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "Demande R1 préparée : 1 chèque, 10,00 €", "R1 novembre 2026 préparée 1 10,00 €")
	tuitest.Key(t, a, 'p', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "aucun chèque") // nothing left to claim: a chèque is never claimed twice

	env.Remote = true
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "ssh … claims export R1 > R1.csv")
	if _, err := os.Stat(env.ExportDir); !os.IsNotExist(err) {
		t.Fatalf("over SSH nothing is written on the server: %v", err)
	}
	env.Remote = false
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Demande R1 exportée dans")
	b, err := os.ReadFile(filepath.Join(env.ExportDir, "remboursement-R1-pimms-creil-2026-11.csv"))
	if err != nil || !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) || !bytes.Contains(b, []byte("600001-01")) {
		t.Fatalf("export file: %v\n%s", err, b)
	}
}
