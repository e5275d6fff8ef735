package coord_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/xuri/excelize/v2"

	"passnum/tui/coord"
	"passnum/tui/internal/tuitest"
)

// « x » and « h » write the report into the export folder: a workbook with its Synthèse, a
// printable page with its charts.
func TestExportsWriteTheReport(t *testing.T) {
	f := claimsLedger(t, nil)
	a := open(t, f.env, coord.NewExports(f.env, f.env.Programme()))
	tuitest.Key(t, a, 'x')
	xlsx := filepath.Join(f.env.ExportDir, "rapport-creil-sud-oise-programme.xlsx")
	if a.Status() != "Fichier écrit : "+xlsx || !a.StatusOK() {
		t.Fatalf("status %q, want the XLSX's path", a.Status())
	}
	wb, err := excelize.OpenFile(xlsx)
	must(t, err)
	defer wb.Close()
	if !slices.Contains(wb.GetSheetList(), "Synthèse") {
		t.Fatalf("the workbook's sheets are %v, no Synthèse", wb.GetSheetList())
	}

	tuitest.Key(t, a, 'h')
	html := filepath.Join(f.env.ExportDir, "rapport-creil-sud-oise-programme.html")
	tuitest.MustContain(t, tuitest.Screen(a), "Fichier écrit :")
	data, err := os.ReadFile(html)
	must(t, err)
	if !strings.Contains(string(data), "<svg") {
		t.Fatalf("the HTML report has no chart (<svg)")
	}
	if strings.Contains(string(data), "Dupont") || strings.Contains(string(data), "Jeanne") {
		t.Errorf("the report names a person")
	}

	// A month's report is named after it.
	tuitest.Key(t, a, tea.KeyRight)
	tuitest.Key(t, a, tea.KeyRight)
	tuitest.MustContain(t, tuitest.Screen(a), "Période : ◂ octobre 2026 ▸")
	tuitest.Key(t, a, 'x')
	if _, err := os.Stat(filepath.Join(f.env.ExportDir, "rapport-creil-sud-oise-2026-10.xlsx")); err != nil {
		t.Fatalf("october's workbook: %v (status %q)", err, a.Status())
	}
}

// Over SSH the files would land on the server: each key gives the command to type instead,
// and nothing is written.
func TestExportsOverSSHGiveTheCommand(t *testing.T) {
	f := claimsLedger(t, nil)
	f.env.Remote = true
	a := open(t, f.env, coord.NewExports(f.env, f.env.Programme()))
	tuitest.MustContain(t, tuitest.Screen(a), "Par SSH, les fichiers s'écrivent sur votre poste")
	for key, want := range map[rune]string{
		'x': "Par SSH, tapez sur votre poste : ssh … report --programme creil-sud-oise --xlsx - > rapport-creil-sud-oise-programme.xlsx",
		'h': "Par SSH, tapez sur votre poste : ssh … report --programme creil-sud-oise --html - > rapport-creil-sud-oise-programme.html",
	} {
		tuitest.Key(t, a, key)
		if a.Status() != want {
			t.Errorf("« %c »: status %q, want %q", key, a.Status(), want)
		}
	}
	tuitest.Key(t, a, tea.KeyRight)
	tuitest.Key(t, a, 'x')
	if want := "ssh … report --programme creil-sud-oise --month 2026-11 --xlsx - > rapport-creil-sud-oise-2026-11.xlsx"; !strings.HasSuffix(a.Status(), want) {
		t.Errorf("a month over SSH: %q, want …%q", a.Status(), want)
	}
	tuitest.Key(t, a, 'a')
	if want := "ssh … export activity --month 2026-11 > activite-2026-11.csv"; !strings.HasSuffix(a.Status(), want) {
		t.Errorf("activity over SSH: %q, want …%q", a.Status(), want)
	}
	if _, err := os.Stat(f.env.ExportDir); !os.IsNotExist(err) {
		entries, _ := os.ReadDir(f.env.ExportDir)
		t.Fatalf("over SSH files were written on the server: %v", entries)
	}
}

// The activity goes by month: without one « a » asks to choose it; with one it writes the CSV.
func TestExportsActivityNeedsAMonth(t *testing.T) {
	f := claimsLedger(t, nil)
	a := open(t, f.env, coord.NewExports(f.env, f.env.Programme()))
	tuitest.Key(t, a, 'a')
	if want := "L'activité s'exporte par mois : choisissez un mois avec ←/→."; a.Status() != want {
		t.Fatalf("status %q, want %q", a.Status(), want)
	}
	if _, err := os.Stat(f.env.ExportDir); !os.IsNotExist(err) {
		t.Fatalf("« a » without a month wrote something: %v", err)
	}
	tuitest.Key(t, a, tea.KeyRight)
	tuitest.Key(t, a, tea.KeyRight)
	tuitest.Key(t, a, 'a')
	csv := filepath.Join(f.env.ExportDir, "activite-2026-10.csv")
	if a.Status() != "Fichier écrit : "+csv {
		t.Fatalf("status %q, want the CSV's path", a.Status())
	}
	data, err := os.ReadFile(csv)
	must(t, err)
	if len(strings.TrimSpace(string(data))) == 0 || strings.Contains(string(data), "Dupont") {
		t.Fatalf("october's activity:\n%s", data)
	}
	// The same table as a workbook, beside the CSV.
	if st, err := os.Stat(strings.TrimSuffix(csv, ".csv") + ".xlsx"); err != nil || st.Size() == 0 {
		t.Errorf("no activity workbook beside the CSV: %v", err)
	}
}
