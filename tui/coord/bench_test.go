package coord_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"passnum"
	"passnum/cmd/passnum/config"
	"passnum/store"
	"passnum/tui/coord"
	"passnum/tui/internal/tuitest"
	"passnum/tui/kit"
)

// BenchmarkDashboardLoad is the tableau de bord's Init to its two loads done — the report of
// the whole programme and the alerts' counts — run side by side as the program runs a
// tea.Batch, on the benchmark ledger (store.BenchLedger, PASSNUM_BENCH_SCALE, 0.1 by default).
// report-ms and counts-ms are each load's own time: the slower one is the page's wait.
func BenchmarkDashboardLoad(b *testing.B) {
	cfg, err := config.Parse(passnum.DefaultConfig, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	var prescribers []string
	for _, p := range cfg.Prescribers {
		prescribers = append(prescribers, p.ID)
	}
	opts := store.Options{Programmes: cfg.Programmes, Communes: cfg.Communes}
	path, sum, err := store.BenchLedger(store.BenchSpecFor(prescribers, "pimms-creil", "formateur-pimms"), opts)
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(path, opts)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	env := &kit.Env{Store: st, User: tuitest.Coord, Programmes: cfg.Programmes, Communes: cfg.Communes, Prescribers: cfg.Prescribers, Now: time.Now}

	type timed struct {
		msg tea.Msg
		d   time.Duration
	}
	var reportTime, countsTime time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := coord.NewDashboard(env)
		batch, ok := d.Init()().(tea.BatchMsg)
		if !ok || len(batch) != 2 {
			b.Fatalf("the tableau de bord's Init is not a batch of two loads: %T", batch)
		}
		done := make(chan timed, len(batch))
		for _, cmd := range batch {
			go func() {
				start := time.Now()
				m := cmd()
				done <- timed{m, time.Since(start)}
			}()
		}
		for range batch {
			r := <-done
			if strings.HasSuffix(fmt.Sprintf("%T", r.msg), "Report") { // coord.dashReport, else coord.dashCounts
				reportTime += r.d
			} else {
				countsTime += r.d
			}
			d.Update(r.msg)
		}
		if v := d.View(80, 20); !strings.Contains(v, "Alertes") || strings.Contains(v, "calcul des alertes") {
			b.Fatalf("the loads did not end on the figures and the alerts:\n%s", v)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(reportTime.Microseconds())/1000/float64(b.N), "report-ms")
	b.ReportMetric(float64(countsTime.Microseconds())/1000/float64(b.N), "counts-ms")
	b.ReportMetric(float64(sum.Used), "cheques-used")
	b.ReportMetric(float64(sum.People), "people")
}
