package coord_test

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui"
	"passnum/tui/coord"
	"passnum/tui/internal/tuitest"
)

func placeOf(t *testing.T, f *fixture, id string) domain.Place {
	t.Helper()
	p, err := f.env.Store.Place(ctx, id)
	must(t, err)
	return p
}

// clearField empties the focused text field (ctrl+u: everything before the cursor, at the end).
func clearField(t *testing.T, a *tui.App) { tuitest.Key(t, a, 'u', tea.ModCtrl) }

// « / » filters on the name, the commune or the id, accents and case ignored.
func TestPlacesFilterIgnoresAccents(t *testing.T) {
	f := newFixture(t, nil)
	f.addPlaces(t)
	a := open(t, f.env, coord.NewPlaces(f.env))
	tuitest.MustContain(t, tuitest.Screen(a), "3 lieux, dont 3 qualifiés · 3 affichés")
	tuitest.Type(t, a, "/MÉDIATHEQUE")
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "1 affichés", "Médiathèque de Nogent-sur-Oise")
	if contains(scr, "PIMMS") || contains(scr, "Espace cyber") {
		t.Errorf("the filter lets other places through:\n%s", scr)
	}
	// Enter leaves the field: letters are keys again, the filter stays.
	enter(t, a)
	tuitest.Key(t, a, 'q')
	if p := placeOf(t, f, "mediatheque-nogent"); p.Qualified {
		t.Fatalf("« q » after the filter did not reach the place shown")
	}
	if p := placeOf(t, f, "pimms-creil"); !p.Qualified {
		t.Fatalf("« q » after the filter changed a place not shown")
	}
	// The commune matches too; esc closes the field, not the page.
	tuitest.Key(t, a, '/')
	for range len("MÉDIATHEQUE") {
		tuitest.Key(t, a, tea.KeyBackspace)
	}
	tuitest.Type(t, a, "montataire")
	tuitest.MustContain(t, tuitest.Screen(a), "1 affichés", "Espace cyber de Montataire")
	esc(t, a)
	if _, ok := a.Top().(*coord.Places); !ok {
		t.Fatalf("esc in the filter left the page for %T", a.Top())
	}
}

// « q » qualifies and withdraws the place under the cursor, in the ledger.
func TestPlacesQualifyToggles(t *testing.T) {
	f := newFixture(t, nil)
	f.addPlaces(t)
	a := open(t, f.env, coord.NewPlaces(f.env))
	tuitest.Type(t, a, "/pimms")
	enter(t, a)
	tuitest.Key(t, a, 'q')
	tuitest.MustContain(t, tuitest.Screen(a), "PIMMS de Creil : non qualifié", "3 lieux, dont 2 qualifiés", "✗ PIMMS de Creil")
	if placeOf(t, f, "pimms-creil").Qualified {
		t.Fatal("« q » did not withdraw the PIMMS in the ledger")
	}
	tuitest.Key(t, a, 'q')
	tuitest.MustContain(t, tuitest.Screen(a), "PIMMS de Creil : qualifié pour le Pass numérique", "dont 3 qualifiés")
	if !placeOf(t, f, "pimms-creil").Qualified {
		t.Fatal("a second « q » did not qualify the PIMMS again")
	}
}

// A need that does not exist is named under « Besoins », and the place is not saved.
func TestPlacesEditBadNeedSavesNothing(t *testing.T) {
	f := newFixture(t, nil)
	f.addPlaces(t)
	before := placeOf(t, f, "pimms-creil")
	a := open(t, f.env, coord.NewPlaces(f.env))
	tuitest.Type(t, a, "/pimms")
	enter(t, a)
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "Lieu — PIMMS de Creil", "▸ Niveaux")
	tuitest.Key(t, a, tea.KeyTab)
	clearField(t, a)
	tuitest.Type(t, a, "B01, B99")
	tuitest.Key(t, a, 's', tea.ModCtrl)
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "Lieu — PIMMS de Creil", `besoins : besoin "B99" inconnu (codes B01 à B12)`)
	lines := strings.Split(scr, "\n")
	under := false
	for i, l := range lines {
		if strings.Contains(l, "Besoins") && i+1 < len(lines) && strings.Contains(lines[i+1], `"B99" inconnu`) {
			under = true
		}
	}
	if !under {
		t.Errorf("the error is not under « Besoins »:\n%s", scr)
	}
	after := placeOf(t, f, "pimms-creil")
	if !slices.Equal(after.Needs, before.Needs) || after.NeedsSet {
		t.Fatalf("a refused edit saved the needs: %v (set %v), were %v", after.Needs, after.NeedsSet, before.Needs)
	}
	if n := f.count(t, `SELECT count(*) FROM audit WHERE action = 'place.set'`); n != 0 {
		t.Fatalf("a refused edit wrote %d place.set rows", n)
	}
}

// A valid edit saves the levels, the needs, the communes served and the PMR access.
func TestPlacesEditSaves(t *testing.T) {
	f := newFixture(t, nil)
	f.addPlaces(t)
	a := open(t, f.env, coord.NewPlaces(f.env))
	tuitest.Type(t, a, "/cyber")
	enter(t, a)
	enter(t, a)
	clearField(t, a)
	tuitest.Type(t, a, "debutant, en_progression")
	tuitest.Key(t, a, tea.KeyTab)
	clearField(t, a)
	tuitest.Type(t, a, "b01, B03")
	tuitest.Key(t, a, tea.KeyTab)
	clearField(t, a)
	tuitest.Type(t, a, "60414, 60684")
	tuitest.Key(t, a, tea.KeyTab)
	pmrBefore := placeOf(t, f, "espace-cyber-montataire").PMR
	tuitest.Key(t, a, tea.KeyRight) // oui ↔ non
	tuitest.Key(t, a, 's', tea.ModCtrl)
	tuitest.MustContain(t, tuitest.Screen(a), "Lieux", "Espace cyber de Montataire : qualifié pour le Pass numérique")
	// In words: the codes stay in the form, where they are typed.
	if want := "Espace cyber de Montataire : qualifié pour le Pass numérique ; niveaux : débutant, en progression ; besoins : prendre en main son téléphone / ordinateur, naviguer et chercher sur internet."; a.Status() != want {
		t.Errorf("status %q, want %q", a.Status(), want)
	}
	p := placeOf(t, f, "espace-cyber-montataire")
	if !slices.Equal(p.Levels, []domain.Level{domain.LevelBeginner, domain.LevelProgressing}) {
		t.Errorf("levels %v", p.Levels)
	}
	if !slices.Equal(p.Needs, []domain.Need{"B01", "B03"}) || !p.NeedsSet {
		t.Errorf("needs %v (set %v)", p.Needs, p.NeedsSet)
	}
	if !slices.Equal(p.Serves, []string{"60414", "60684"}) {
		t.Errorf("serves %v", p.Serves)
	}
	if p.PMR == pmrBefore {
		t.Errorf("PMR still %v", p.PMR)
	}
	// The PIMMS is untouched.
	if o := placeOf(t, f, "pimms-creil"); o.NeedsSet || len(o.Serves) != 0 {
		t.Errorf("another place changed: %+v", o)
	}
}
