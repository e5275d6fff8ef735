package coord_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/cmd/passnum/config"
	"passnum/domain"
	"passnum/store"
	"passnum/tui"
	"passnum/tui/coord"
	"passnum/tui/internal/tuitest"
	"passnum/tui/kit"
)

func programmeStock(t *testing.T, env *kit.Env) store.ProgrammeStock {
	t.Helper()
	list, err := env.Store.Stock(ctx, tuitest.Coord, env.Programme().ID)
	must(t, err)
	if len(list) != 1 {
		t.Fatalf("%d programmes in the stock, want 1", len(list))
	}
	return list[0]
}

// inHand is each prescriber's carnets in hand, by id.
func inHand(t *testing.T, env *kit.Env) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, h := range programmeStock(t, env).Holders {
		out[h.Prescriber] = h.InHand
	}
	return out
}

// previewTotals reads the preview's table: each prescriber's name and the total column.
func previewTotals(t *testing.T, a *tui.App, env *kit.Env) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, l := range strings.Split(tuitest.Screen(a), "\n") {
		for _, p := range env.Prescribers {
			if !strings.HasPrefix(l, p.Name+" ") {
				continue
			}
			fields := strings.Fields(l)
			n, err := strconv.Atoi(fields[len(fields)-1])
			if err != nil {
				t.Fatalf("preview line without a total: %q", l)
			}
			out[p.ID] = n
		}
	}
	if len(out) != len(env.Prescribers) {
		t.Fatalf("the preview names %d prescribers of %d:\n%s", len(out), len(env.Prescribers), tuitest.Screen(a))
	}
	return out
}

// A count that is not a number is named under its field; nothing is allocated.
func TestStockKeyBadCountBlamesTheField(t *testing.T) {
	f := newFixture(t, withQPVPopulation)
	f.receive(t, "creil-sud-oise", 600001, 30)
	a := open(t, f.env, coord.NewStock(f.env, f.env.Programme()))
	tuitest.MustContain(t, tuitest.Screen(a), "Stock central : 30 carnets", "Aucun carnet attribué")
	tuitest.Key(t, a, 'k')
	tuitest.Type(t, a, "vingt")
	tuitest.Key(t, a, 's', tea.ModCtrl)
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "Clé de répartition", `nombre : "vingt" n'est pas un nombre de carnets (ex. 120)`)
	lines := strings.Split(scr, "\n")
	for i, l := range lines {
		if strings.Contains(l, "Carnets à répartir") {
			if i+1 >= len(lines) || !strings.Contains(lines[i+1], "n'est pas un nombre de carnets") {
				t.Errorf("the error is not under « Carnets à répartir »:\n%s", scr)
			}
		}
	}
	if n := f.allocations(t); n != 0 {
		t.Fatalf("a refused key wrote %d allocations", n)
	}
	if st := programmeStock(t, f.env); st.InStock != 30 || len(st.Holders) != 0 {
		t.Fatalf("a refused key moved carnets: %+v", st)
	}
}

// The preview writes nothing; « o » allocates exactly the shares it showed.
func TestStockKeyPreviewThenConfirm(t *testing.T) {
	f := newFixture(t, withQPVPopulation)
	f.receive(t, "creil-sud-oise", 600001, 30)
	a := open(t, f.env, coord.NewStock(f.env, f.env.Programme()))
	keyForm(t, a, "20", "2")
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "Aperçu de la répartition", "20 carnets du stock central", "Attribuer ces 20 carnets ?")
	shown := previewTotals(t, a, f.env)
	if n := f.allocations(t); n != 0 {
		t.Fatalf("the preview wrote %d allocation audit rows", n)
	}
	if st := programmeStock(t, f.env); st.InStock != 30 || len(st.Holders) != 0 {
		t.Fatalf("the preview moved carnets: %+v", st)
	}
	// The shares of cmd/passnum's key test: 2 fixed, then the largest remainder of 8.
	want := map[string]int{"pole-emploi-creil": 4, "pole-emploi-nogent": 2, "pole-emploi-montataire": 3,
		"mission-locale-vallee-oise": 4, "espace-huberte-dhoker": 3, "centre-social-georges-brassens": 4}
	for id, n := range want {
		if shown[id] != n {
			t.Errorf("preview gives %s %d carnets, want %d", id, shown[id], n)
		}
	}

	tuitest.Key(t, a, 'o')
	tuitest.MustContain(t, tuitest.Screen(a), "20 carnets attribués entre 6 prescripteurs.", "Stock central : 10 carnets")
	got := inHand(t, f.env)
	for id, n := range shown {
		if got[id] != n {
			t.Errorf("%s holds %d carnets, the preview said %d", id, got[id], n)
		}
	}
	if n := f.allocations(t); n != 20 {
		t.Errorf("%d allocation audit rows, want 20 (one a carnet)", n)
	}
	if st := programmeStock(t, f.env); st.InStock != 10 {
		t.Errorf("central stock %d after the key, want 10", st.InStock)
	}
}

// « n » and esc go back from the preview to the form, which keeps what was typed; nothing is written.
func TestStockPreviewNoAndEscReturnToTheForm(t *testing.T) {
	f := newFixture(t, withQPVPopulation)
	f.receive(t, "creil-sud-oise", 600001, 30)
	a := open(t, f.env, coord.NewStock(f.env, f.env.Programme()))
	keyForm(t, a, "20", "2")
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "Attribuer ces 20 carnets ?")
	tuitest.Key(t, a, 'n')
	tuitest.MustContain(t, tuitest.Screen(a), "Clé de répartition", "Carnets à répartir 20", "Part fixe 2")
	enter(t, a) // the focus is still on the last field
	tuitest.MustContain(t, tuitest.Screen(a), "Aperçu de la répartition")
	esc(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "Clé de répartition", "Carnets à répartir 20")
	esc(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "Stock de carnets", "Stock central : 30 carnets")
	if n := f.allocations(t); n != 0 || len(programmeStock(t, f.env).Holders) != 0 {
		t.Fatalf("going back from the preview allocated: %d rows", n)
	}
}

// A key larger than the central stock is refused in French, before any preview, and writes nothing.
func TestStockKeyLargerThanTheStockIsRefused(t *testing.T) {
	f := newFixture(t, withQPVPopulation)
	f.receive(t, "creil-sud-oise", 600001, 8)
	a := open(t, f.env, coord.NewStock(f.env, f.env.Programme()))
	keyForm(t, a, "20", "0")
	enter(t, a)
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "Clé de répartition", "stock insuffisant : 8 carnets en stock")
	if a.StatusOK() {
		t.Errorf("the refusal is not shown as an error: %q", a.Status())
	}
	if strings.Contains(scr, "Attribuer ces") {
		t.Fatalf("a key the stock cannot hold reached the question:\n%s", scr)
	}
	tuitest.Key(t, a, 'o') // on the form, « o » is nothing
	if n := f.allocations(t); n != 0 || programmeStock(t, f.env).InStock != 8 {
		t.Fatalf("a refused key allocated: %d rows", n)
	}
}

// manyPrescribers adds ten mairies annexes at Nogent-sur-Oise: sixteen prescribers in the key.
func manyPrescribers(cfg *config.Config) {
	withQPVPopulation(cfg)
	for i := range 10 {
		cfg.Prescribers = append(cfg.Prescribers, domain.Prescriber{ID: fmt.Sprintf("mairie-annexe-%d", i), Name: fmt.Sprintf("Mairie annexe %d", i), Commune: "60463"})
	}
}

// The preview's warnings and its question must show before « o » can allocate, whatever the
// number of prescribers (Lens-Liévin's key has one a commune).
func TestStockPreviewQuestionShowsWithManyPrescribers(t *testing.T) {
	f := newFixture(t, manyPrescribers)
	f.receive(t, "creil-sud-oise", 600001, 60)
	a := open(t, f.env, coord.NewStock(f.env, f.env.Programme()))
	keyForm(t, a, "40", "1")
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "Nogent-sur-Oise pèse 11 fois", "Attribuer ces 40 carnets ?")
}

// The form offers « population », which the configuration cannot give: choosing it is refused
// The key's form says what the proportional part follows (the only basis the configuration
// gives), and Enter on its last field shows the preview.
func TestStockKeyFollowsQPVPopulation(t *testing.T) {
	f := newFixture(t, withQPVPopulation)
	f.receive(t, "creil-sud-oise", 600001, 30)
	a := open(t, f.env, coord.NewStock(f.env, f.env.Programme()))
	tuitest.Key(t, a, 'k')
	if scr := tuitest.Screen(a); !contains(scr, "au prorata de la population en QPV de la commune de chaque prescripteur (qpv_population)") || strings.Contains(scr, "◂ population ▸") {
		t.Fatalf("the form does not say what the key follows:\n%s", scr)
	}
	tuitest.Key(t, a, tea.KeyEscape)
	keyForm(t, a, "20", "2")
	tuitest.MustContain(t, tuitest.Screen(a), "Aperçu de la répartition", "Attribuer ces 20 carnets ?")
	if n := f.allocations(t); n != 0 {
		t.Fatalf("%d allocations", n)
	}
}
