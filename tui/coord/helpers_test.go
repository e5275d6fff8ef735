package coord_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"passnum"
	"passnum/cmd/passnum/config"
	"passnum/domain"
	"passnum/store"
	"passnum/tui"
	"passnum/tui/internal/tuitest"
	"passnum/tui/kit"
)

// The pages print dates with .Local(): the goldens are drawn in UTC whatever the machine's zone.
func TestMain(m *testing.M) {
	time.Local = time.UTC
	os.Exit(m.Run())
}

// Lecture is the steering committee's read-only account.
var Lecture = domain.User{ID: "lecture", Name: "Comité de suivi", Role: domain.RoleLecture}

// clock is the ledger's and the screens' time, moved by the test (a redemption yesterday).
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// fixture is a coordinator's terminal on the shipped configuration, a real ledger and a clock
// pinned to tuitest.Now (22 November 2026, 10:00 UTC).
type fixture struct {
	env   *kit.Env
	clock *clock
	db    string // the ledger's file, read beside the store (audit rows)
}

// newFixture opens the ledger on the shipped configuration changed by edit (nil: as shipped).
func newFixture(t *testing.T, edit func(*config.Config)) *fixture {
	t.Helper()
	dir := t.TempDir()
	cfg, err := config.Parse(passnum.DefaultConfig, dir)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(cfg)
	}
	ck := &clock{t: tuitest.Now}
	st, err := store.Open(filepath.Join(dir, "passnum.db"), store.Options{Programmes: cfg.Programmes, Communes: cfg.Communes, Now: ck.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &fixture{clock: ck, db: filepath.Join(dir, "passnum.db"), env: &kit.Env{Store: st, User: tuitest.Coord, Programmes: cfg.Programmes, Communes: cfg.Communes,
		Prescribers: cfg.Prescribers, Now: ck.Now, LetterDir: filepath.Join(dir, "courriers"), ExportDir: filepath.Join(dir, "exports")}}
}

// withQPVPopulation is keyConfig of cmd/passnum: Creil 9 000, Montataire 3 000, Nogent-sur-Oise
// 2 000 inhabitants in QPV. Creil has three prescribers and Montataire two: both weigh several times.
func withQPVPopulation(cfg *config.Config) {
	pop := map[string]int{"60175": 9000, "60414": 3000, "60463": 2000}
	for i, c := range cfg.Communes {
		if n, ok := pop[c.INSEE]; ok {
			cfg.Communes[i].QPVPopulation = n
		}
	}
}

var ctx = context.Background()

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// numbers are the carnet numbers from first, count of them.
func numbers(first, count int) []string {
	out := make([]string, count)
	for i := range out {
		out[i] = fmt.Sprint(first + i)
	}
	return out
}

// receive records a delivery of count carnets from first, as the coordination; over the
// budget when it has to.
func (f *fixture) receive(t *testing.T, prog string, first, count int) {
	t.Helper()
	var specs []store.CarnetSpec
	for _, n := range numbers(first, count) {
		specs = append(specs, store.CarnetSpec{Number: n})
	}
	_, err := f.env.Store.ReceiveCarnetsWith(ctx, tuitest.Coord, prog, specs, store.ReceiveOptions{})
	if err != nil && domain.KindOf(err) == domain.KindConflict && strings.Contains(err.Error(), "budget") {
		_, err = f.env.Store.ReceiveCarnetsWith(ctx, tuitest.Coord, prog, specs, store.ReceiveOptions{OverBudget: true, Reason: "livraison de test"})
	}
	must(t, err)
}

func (f *fixture) allocate(t *testing.T, prog, prescriber string, count int) []string {
	t.Helper()
	got, err := f.env.Store.AllocateCarnets(ctx, tuitest.Coord, prog, prescriber, count)
	must(t, err)
	return got
}

// place is a qualified place like the PIMMS, under another id and name, in another commune.
func place(id, name string, n int, commune, postal, insee string) domain.Place {
	p := tuitest.Pimms()
	p.ID, p.Name, p.Pivot = id, name, fmt.Sprintf("123456789%05d", n)
	p.Commune, p.PostalCode, p.INSEE = commune, postal, insee
	return p
}

// places are three qualified places where chèques are used.
var places = []domain.Place{tuitest.Pimms(),
	place("mediatheque-nogent", "Médiathèque de Nogent-sur-Oise", 1, "Nogent-sur-Oise", "60180", "60463"),
	place("espace-cyber-montataire", "Espace cyber de Montataire", 2, "Montataire", "60160", "60414")}

func (f *fixture) addPlaces(t *testing.T) {
	t.Helper()
	_, err := f.env.Store.UpsertPlaces(ctx, tuitest.Coord, places)
	must(t, err)
}

// person records someone eligible, the desk of the centre social registering them.
func (f *fixture) person(t *testing.T, last, first string) domain.Person {
	t.Helper()
	p := tuitest.Jeanne()
	p.LastName, p.FirstName = last, first
	id, err := f.env.Store.AddPerson(ctx, tuitest.Desk, p, store.PersonOptions{})
	must(t, err)
	p, err = f.env.Store.Person(ctx, id)
	must(t, err)
	return p
}

func (f *fixture) issue(t *testing.T, carnet string, p domain.Person) {
	t.Helper()
	must(t, f.env.Store.IssueCarnet(ctx, tuitest.Desk, carnet, p.ID))
}

// redeemAt uses a chèque at a place at a given time, then puts the clock back.
func (f *fixture) redeemAt(t *testing.T, at time.Time, cheque, placeID string) {
	t.Helper()
	back := f.clock.Now()
	f.clock.Set(at)
	defer f.clock.Set(back)
	_, err := f.env.Store.Redeem(ctx, tuitest.Coord, cheque, placeID, "")
	must(t, err)
}

// october is a day of last month, the month the claims page opens on.
func october(day, hour int) time.Time { return time.Date(2026, 10, day, hour, 0, 0, 0, time.UTC) }

// usedLedger is last month's chèques at three places, none claimed yet: Jeanne's carnet 600001
// (of three the centre social holds, out of 30 received on 1 October) paid twice at the PIMMS,
// once at the médiathèque and once at the espace cyber.
func usedLedger(t *testing.T, edit func(*config.Config)) *fixture {
	t.Helper()
	f := newFixture(t, edit)
	f.clock.Set(october(1, 9))
	defer f.clock.Set(tuitest.Now)
	f.addPlaces(t)
	f.receive(t, "creil-sud-oise", 600001, 30)
	f.allocate(t, "creil-sud-oise", tuitest.Desk.Prescriber, 3)
	jeanne := f.person(t, "Dupont", "Jeanne")
	f.issue(t, "600001", jeanne)
	f.redeemAt(t, october(6, 14), "600001-01", "pimms-creil")
	f.redeemAt(t, october(13, 14), "600001-02", "pimms-creil")
	f.redeemAt(t, october(14, 10), "600001-03", "mediatheque-nogent")
	f.redeemAt(t, october(20, 15), "600001-04", "espace-cyber-montataire")
	return f
}

// claimsLedger is usedLedger with the PIMMS's chèques claimed as R1 and the médiathèque's as
// R2 (on 2 November); the espace cyber's chèque waits for its claim.
func claimsLedger(t *testing.T, edit func(*config.Config)) *fixture {
	t.Helper()
	f := usedLedger(t, edit)
	f.clock.Set(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	defer f.clock.Set(tuitest.Now)
	for _, p := range []string{"pimms-creil", "mediatheque-nogent"} {
		_, err := f.env.Store.ClaimsPrepare(ctx, tuitest.Coord, p, october(1, 0))
		must(t, err)
	}
	return f
}

// count is one number the ledger holds, read beside the store (the audit rows of an action).
func (f *fixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+f.db+"?mode=ro")
	must(t, err)
	defer db.Close()
	var n int
	must(t, db.QueryRow(query, args...).Scan(&n))
	return n
}

// allocations is how many carnet.allocate audit rows the ledger holds.
func (f *fixture) allocations(t *testing.T) int {
	t.Helper()
	return f.count(t, `SELECT count(*) FROM audit WHERE action = 'carnet.allocate'`)
}

// open opens the root App on a first screen at 80×24 and runs its Init.
func open(t *testing.T, env *kit.Env, s kit.Screen) *tui.App {
	t.Helper()
	return tuitest.Open(t, env, s)
}

// openHome opens the root App on the user's home, as the binary does.
func openHome(t *testing.T, env *kit.Env) *tui.App {
	t.Helper()
	return tuitest.Open(t, env, tui.New(env).Top())
}

// fits checks every line of the screen within w cells, and h lines.
func fits(t *testing.T, screen string, w, h int, what string) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	if len(lines) != h {
		t.Errorf("%s at %d×%d: %d lines", what, w, h, len(lines))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("%s at %d×%d: line %d is %d cells wide: %q", what, w, h, i+1, lw, l)
		}
	}
}

// enter, esc… are the keys the tests press most.
func enter(t *testing.T, a *tui.App) { tuitest.Key(t, a, tea.KeyEnter) }
func esc(t *testing.T, a *tui.App)   { tuitest.Key(t, a, tea.KeyEscape) }

// stockLedger is 30 carnets received (600001-600030), three allocated to the centre social
// (600001-600003) and 600001 handed to Jeanne Dupont.
func stockLedger(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, nil)
	f.receive(t, "creil-sud-oise", 600001, 30)
	f.allocate(t, "creil-sud-oise", tuitest.Desk.Prescriber, 3)
	f.issue(t, "600001", f.person(t, "Dupont", "Jeanne"))
	return f
}

// keyForm opens the allocation key's form from the stock page and fills the count and the
// fixed share; the focus ends on the last field, where Enter asks for the preview.
func keyForm(t *testing.T, a *tui.App, count, fixed string) {
	t.Helper()
	tuitest.Key(t, a, 'k')
	tuitest.MustContain(t, tuitest.Screen(a), "Clé de répartition", "▸ Carnets à répartir")
	tuitest.Type(t, a, count)
	tuitest.Key(t, a, tea.KeyTab)
	tuitest.Key(t, a, tea.KeyBackspace)
	tuitest.Type(t, a, fixed)
	tuitest.Key(t, a, tea.KeyEnter)
}

// contains is strings.Contains on the screen's words, whatever the line breaks.
func contains(screen, phrase string) bool {
	return strings.Contains(tuitest.Flat(screen), tuitest.Flat(phrase))
}
