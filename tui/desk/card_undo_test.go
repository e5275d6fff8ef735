package desk_test

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"passnum/cmd/passnum/config"
	"passnum/domain"
	"passnum/tui"
	"passnum/tui/desk"
	"passnum/tui/internal/tuitest"
	"passnum/tui/kit"
)

// issued hands carnet number to Jeanne as the desk and opens her card.
func issued(t *testing.T, env *kit.Env, numbers ...string) (*tui.App, domain.Person) {
	t.Helper()
	tuitest.Stock(t, env, "centre-social-georges-brassens", numbers...)
	p := tuitest.Add(t, env, tuitest.Jeanne())
	for _, n := range numbers {
		if err := env.Store.IssueCarnet(context.Background(), env.User, n, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	return tuitest.Open(t, env, desk.NewPersonScreen(env, p.ID)), p
}

func keyHelps(s kit.Screen) string {
	var out []string
	for _, k := range s.Keys() {
		out = append(out, k.Help().Key+" "+k.Help().Desc)
	}
	return strings.Join(out, " · ")
}

// The same day, x on the card takes the hand-over back: reason, confirmation, then the carnet
// is in the prescriber's stock again and the card no longer lists it.
func TestCardCancelHandover(t *testing.T) {
	env := tuitest.Env(t)
	a, _ := issued(t, env, "600001")
	if got := keyHelps(a.Top()); !strings.Contains(got, "x annuler la remise") || !strings.Contains(got, "l déclarer perdu") {
		t.Fatalf("card keys = %s", got)
	}
	tuitest.Type(t, a, "x")
	u, ok := a.Top().(*desk.CardUndo)
	if !ok {
		t.Fatalf("x opened %T", a.Top())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Remise faite par erreur aujourd'hui à Jeanne DUPONT", "◂ 600001 ▸", "Motif")
	// No reason: refused under the field, nothing written.
	tuitest.Key(t, a, tea.KeyEnter)
	if u.Confirming() || !strings.Contains(a.Status(), "motif : obligatoire") {
		t.Fatalf("empty reason: confirming %v, status %q", u.Confirming(), a.Status())
	}
	tuitest.Type(t, a, "mauvaise personne")
	tuitest.Key(t, a, tea.KeyEnter)
	if !u.Confirming() {
		t.Fatalf("no confirmation; status %q", a.Status())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "La remise du carnet 600001 à Jeanne DUPONT sera annulée : il revient dans le stock de Centre social Georges Brassens",
		"Motif : « mauvaise personne »", "Confirmer ? o : oui")
	// n goes back to the form, nothing written.
	tuitest.Type(t, a, "n")
	if c, _ := env.Store.Carnet(context.Background(), "600001"); u.Confirming() || c.State != domain.CarnetIssued {
		t.Fatalf("after n: confirming %v, carnet %s", u.Confirming(), c.State)
	}
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.Type(t, a, "o")
	if _, ok := a.Top().(*desk.PersonScreen); !ok || a.Depth() != 1 {
		t.Fatalf("after o: top %T, depth %d, status %q", a.Top(), a.Depth(), a.Status())
	}
	if a.Status() != "Carnet 600001 revenu dans le stock de Centre social Georges Brassens." || !a.StatusOK() {
		t.Errorf("status = %q (ok %v)", a.Status(), a.StatusOK())
	}
	c, _ := env.Store.Carnet(context.Background(), "600001")
	if c.State != domain.CarnetAllocated || c.PersonID != 0 || c.Prescriber != "centre-social-georges-brassens" {
		t.Errorf("carnet = %+v", c)
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Carnets (0)")
	if got := keyHelps(a.Top()); strings.Contains(got, "annuler la remise") || strings.Contains(got, "déclarer perdu") {
		t.Errorf("keys still offered without a carnet: %s", got)
	}
}

// The next day the cancellation is no longer offered, and pressed anyway it says why; a desk of
// another prescriber and a trainer are offered neither action.
func TestCardUndoOfferedOnlyToWhomMay(t *testing.T) {
	env := tuitest.Env(t)
	a, p := issued(t, env, "600001")
	env.Now = func() time.Time { return tuitest.Now.Add(24 * time.Hour) }
	tuitest.Send(t, a, tuitest.Run(t, a.Top().Init()))
	if got := keyHelps(a.Top()); strings.Contains(got, "annuler la remise") || !strings.Contains(got, "l déclarer perdu") {
		t.Errorf("the next day, keys = %s", got)
	}
	tuitest.Type(t, a, "x")
	if _, ok := a.Top().(*desk.PersonScreen); !ok || !strings.Contains(a.Status(), "une remise ne s'annule que le jour même") || a.StatusOK() {
		t.Errorf("x the next day: top %T, status %q", a.Top(), a.Status())
	}

	for _, u := range []domain.User{
		{ID: "accueil-ml", Name: "Accueil Mission locale", Role: domain.RoleAccueil, Prescriber: "mission-locale-vallee-oise"},
		{ID: "formateur-pimms", Name: "Karim", Role: domain.RoleFormateur, Place: "pimms-creil"},
	} {
		other := *env
		other.User, other.Now = u, func() time.Time { return tuitest.Now }
		b := tuitest.Open(t, &other, desk.NewPersonScreen(&other, p.ID))
		if got := keyHelps(b.Top()); strings.Contains(got, "annuler la remise") || strings.Contains(got, "déclarer perdu") {
			t.Errorf("%s is offered %s", u.ID, got)
		}
		tuitest.Type(t, b, "l")
		if _, ok := b.Top().(*desk.CardUndo); ok {
			t.Errorf("%s opened the loss declaration", u.ID)
		}
	}
	if c, _ := env.Store.Carnet(context.Background(), "600001"); c.State != domain.CarnetIssued {
		t.Errorf("carnet = %s, want still issued", c.State)
	}
}

// l declares a carnet lost from the card: the unused chèques are void and the status says what
// the programme's rule allows next.
func TestCardDeclareLost(t *testing.T) {
	env := tuitest.Env(t)
	a, p := issued(t, env, "600001", "600002")
	tuitest.Type(t, a, "l")
	if _, ok := a.Top().(*desk.CardUndo); !ok {
		t.Fatalf("l opened %T", a.Top())
	}
	tuitest.MustContain(t, tuitest.Screen(a), "Carnet perdu par Jeanne DUPONT", "permet d'en remettre un autre, le carnet perdu restant compté dans le plafond", "◂ 600001 ▸")
	tuitest.Key(t, a, tea.KeyUp) // back to the carnet
	tuitest.Key(t, a, tea.KeyRight)
	tuitest.MustContain(t, tuitest.Screen(a), "◂ 600002 ▸")
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Type(t, a, "perdu dans le bus")
	tuitest.Key(t, a, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(a), "Le carnet 600002 de Jeanne DUPONT sera déclaré perdu : 5 chèques non utilisés seront annulés")
	tuitest.Type(t, a, "o")
	if _, ok := a.Top().(*desk.PersonScreen); !ok {
		t.Fatalf("after o: top %T, status %q", a.Top(), a.Status())
	}
	if !strings.HasPrefix(a.Status(), "Carnet 600002 déclaré perdu : 5 chèques annulés. Le programme") {
		t.Errorf("status = %q", a.Status())
	}
	c, _ := env.Store.Carnet(context.Background(), "600002")
	if c.State != domain.CarnetVoid || c.Cheques[0].State != domain.ChequeVoid {
		t.Errorf("carnet = %s, chèque %s", c.State, c.Cheques[0].State)
	}
	// The shipped rule keeps a lost carnet in the cap of 2: declaring it lost is no way to a third.
	if st, _ := env.Store.Standing(context.Background(), p.ID, env.Programme().ID); st.Carnets != 1 || st.Lost != 1 || st.CanIssue() {
		t.Errorf("standing: %d held, %d lost, refusal %v; want the cap reached", st.Carnets, st.Lost, st.Refusal)
	}
}

func TestCardCancelHandoverGolden(t *testing.T) {
	env := tuitest.Env(t)
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600001")
	p := tuitest.Add(t, env, tuitest.Jeanne())
	if err := env.Store.IssueCarnet(context.Background(), env.User, "600001", p.ID); err != nil {
		t.Fatal(err)
	}
	carnets, err := env.Store.PersonCarnets(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	var keys []tea.Msg
	for _, r := range "erreur de carnet" {
		keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	keys = append(keys, tea.KeyPressMsg{Code: tea.KeyEnter})
	teaGolden(t, env, desk.NewCardUndo(env, false, p, carnets), keys, func(a *tui.App) bool {
		u, ok := a.Top().(*desk.CardUndo)
		return ok && u.Confirming()
	})
}

// After a carnet declared lost, the hand-over's checklist says what the programme's rule
// allows: here none, the replacement is refused with what to do.
func TestHandoverAfterLostCarnetFollowsTheRule(t *testing.T) {
	env := tuitest.EnvWith(t, func(c *config.Config) { c.Programmes[0].Limits.Lost = domain.LostRule{NoReplacement: true} })
	_, p := issued(t, env, "600001")
	tuitest.Stock(t, env, "centre-social-georges-brassens", "600002")
	if err := env.Store.DeclareLost(context.Background(), env.User, "600001", p.ID, "perdu"); err != nil {
		t.Fatal(err)
	}
	b := tuitest.Open(t, env, desk.NewHandover(env, &p))
	tuitest.Type(t, b, "600002")
	tuitest.Key(t, b, tea.KeyEnter)
	tuitest.MustContain(t, tuitest.Screen(b), "✗ Carnet perdu : le programme Pass numérique Creil Sud Oise ne remplace pas un carnet perdu (1 carnet déclaré perdu)")
	if strings.Contains(tuitest.Screen(b), "Confirmer la remise") {
		t.Errorf("a replacement the programme refuses is offered:\n%s", tuitest.Screen(b))
	}
}
