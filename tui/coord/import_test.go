package coord_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/xuri/excelize/v2"

	"passnum/tui"
	"passnum/tui/coord"
	"passnum/tui/internal/tuitest"
)

// importLedger is 240 carnets received (600001-600240) and no one registered, and a copy of
// the Creil desk's LibreOffice CSV (Windows-1252, two header rows) in a folder of the test:
// the refused rows' file is written beside it.
func importLedger(t *testing.T) (*fixture, string) {
	t.Helper()
	f := newFixture(t, nil)
	f.receive(t, "creil-sud-oise", 600001, 240)
	data, err := os.ReadFile("../../cmd/passnum/testdata/import/beneficiaires.csv")
	must(t, err)
	path := filepath.Join(t.TempDir(), "beneficiaires.csv")
	must(t, os.WriteFile(path, data, 0o600))
	return f, path
}

// openImport opens the import from the tableau de bord, as a coordinator does, and fills the
// form: the file, the agreement of everyone, then Enter on the last field for the preview.
func openImport(t *testing.T, f *fixture, path string) *tui.App {
	t.Helper()
	a := openHome(t, f.env)
	tuitest.MustContain(t, tuitest.Screen(a), "i importer des personnes")
	tuitest.Key(t, a, 'i')
	tuitest.MustContain(t, tuitest.Screen(a), "Importer des personnes", "▸ Fichier")
	tuitest.Send(t, a, tea.PasteMsg{Content: "'" + path + "'"}) // dragged from a file manager: quoted
	for range 3 {
		tuitest.Key(t, a, tea.KeyTab)
	}
	tuitest.MustContain(t, tuitest.Screen(a), "▸ Accord de tous")
	tuitest.Key(t, a, tea.KeyRight)
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "▸ Ignorer les refus")
	enter(t, a)
	return a
}

// The preview of the Creil desk's file at 80×24: the columns read and the one left out, every
// row with its verdict, the totals and what the two refused rows mean — and nothing recorded.
func TestImportPreviewGolden(t *testing.T) {
	f, path := importLedger(t)
	a := openImport(t, f, path)
	tuitest.MustContain(t, tuitest.Screen(a), "Importer des personnes — aperçu",
		"beneficiaires.csv (Windows-1252, « ; ») — rien n'est enregistré",
		"Identité › Nom → nom", "Né(e) le → date de naissance", "N° de carnet → n° carnet", "Colonnes ignorées : « Montant »",
		"ligne 3 · nouvelle personne · PETIT Noé · carnet 600010 remis le 05/03/2026",
		"4 nouvelles personnes, 1 personne existante, 0 ligne déjà importée, 2 lignes refusées ; 4 carnets remis.",
		"2 lignes refusées : l'import est tout ou rien")
	if n := f.count(t, `SELECT count(*) FROM person`); n != 0 {
		t.Fatalf("the preview recorded %d people", n)
	}
	tuitest.RequireAppGolden(t, a)
	for range 12 { // past the end: the last rows stay in view
		tuitest.Key(t, a, tea.KeyDown)
	}
	tuitest.MustContain(t, tuitest.Screen(a), "9 au-dessus, 0 en dessous",
		"ligne 5 · personne existante · PETIT Noé, la même que la ligne 3 · carnet 600011 remis le 02/04/2026",
		`ligne 7 · refusée · colonne Né(e) le : "31/02/1998" — le 31 février n'existe pas`,
		"ligne 8 · nouvelle personne · HADDAD Inès · carnet 600200 remis le 15/04/2026", "ligne 9 · nouvelle personne · LEROY Anna")
	tuitest.Key(t, a, tea.KeyUp) // one up from past the end is one line up
	tuitest.MustContain(t, tuitest.Screen(a), "8 au-dessus, 1 en dessous")
	tuitest.Key(t, a, tea.KeyHome)
	tuitest.MustContain(t, tuitest.Screen(a), "0 au-dessus, 9 en dessous")
	tuitest.Key(t, a, tea.KeyEnd)
	tuitest.MustContain(t, tuitest.Screen(a), "9 au-dessus, 0 en dessous")
}

// The rows scroll between the columns and the totals, and follow a resize.
func TestImportPreviewScrolls(t *testing.T) {
	f, path := importLedger(t)
	a := openImport(t, f, path)
	tuitest.Send(t, a, tea.WindowSizeMsg{Width: 80, Height: 18})
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "0 au-dessus", "Colonnes lues : Identité › Nom → nom", "Total")
	if contains(scr, "ligne 9 ·") {
		t.Fatalf("at 80×18 the last row should be below:\n%s", scr)
	}
	for range 40 {
		tuitest.Key(t, a, tea.KeyDown)
	}
	tuitest.MustContain(t, tuitest.Screen(a), "ligne 9 · nouvelle personne · LEROY Anna", "0 en dessous (7 lignes du fichier)", "Total")
	tuitest.Key(t, a, tea.KeyPgUp)
	tuitest.MustContain(t, tuitest.Screen(a), "en dessous")
	for _, size := range [][2]int{{60, 16}, {120, 40}, {80, 24}} {
		tuitest.Send(t, a, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		fits(t, tuitest.Screen(a), size[0], size[1], "aperçu de l'import")
	}
	tuitest.Key(t, a, 'i')
	enter(t, a)
	for _, size := range [][2]int{{60, 16}, {80, 24}} {
		tuitest.Send(t, a, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		scr := tuitest.Screen(a)
		fits(t, scr, size[0], size[1], "confirmation de l'import")
		if !contains(scr, "o : oui") {
			t.Errorf("at %d×%d the question is off the page:\n%s", size[0], size[1], scr)
		}
	}
}

// All or nothing first: with refused rows Enter records nothing and says how to go on; « i »
// ignores them, one confirmation records the others, and « r » writes the refused rows beside
// the file with their motif, owner only.
func TestImportApplyWithRefusedRows(t *testing.T) {
	f, path := importLedger(t)
	a := openImport(t, f, path)
	enter(t, a)
	scr := tuitest.Screen(a)
	if !contains(scr, "rien ne serait enregistré — i pour ignorer les lignes refusées, ou corrigez le fichier") || contains(scr, "o : oui") {
		t.Fatalf("Enter with refused rows and all or nothing:\n%s", scr)
	}
	tuitest.Key(t, a, 'i')
	tuitest.MustContain(t, tuitest.Screen(a), "lignes refusées : ignorées", "2 lignes refusées ignorées, les autres enregistrées")
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "Enregistrer 4 nouvelles personnes et 4 carnets remis ? o : oui")
	esc(t, a) // back to the preview, nothing recorded
	if contains(tuitest.Screen(a), "o : oui") || f.count(t, `SELECT count(*) FROM person`) != 0 {
		t.Fatalf("esc on the question:\n%s", tuitest.Screen(a))
	}
	enter(t, a)
	tuitest.Key(t, a, 'o')
	scr = tuitest.Screen(a)
	tuitest.MustContain(t, scr, "Importer des personnes — résultat", "Import enregistré : 4 nouvelles personnes, 4 carnets remis.", "— enregistré")
	if !strings.Contains(strings.ReplaceAll(tuitest.Flat(scr), "beneficiaires- refus", "beneficiaires-refus"), "2 lignes refusées ne sont pas enregistrées : r les écrit dans beneficiaires-refus.xlsx") {
		t.Errorf("the result does not offer the refused rows' file:\n%s", scr)
	}
	if n := f.count(t, `SELECT count(*) FROM person`); n != 4 {
		t.Errorf("%d people in the ledger, want the 4 new ones", n)
	}
	if n := f.count(t, `SELECT count(*) FROM audit WHERE action = 'import.people'`); n != 1 {
		t.Errorf("%d import.people audit rows, want 1", n)
	}

	tuitest.Key(t, a, 'r')
	rejects := filepath.Join(filepath.Dir(path), "beneficiaires-refus.xlsx")
	tuitest.MustContain(t, tuitest.Screen(a), "Lignes refusées écrites")
	st, err := os.Stat(rejects)
	must(t, err)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %v, want 0600: it names people", rejects, st.Mode().Perm())
	}
	wb, err := excelize.OpenFile(rejects)
	must(t, err)
	defer wb.Close()
	rows, err := wb.GetRows(wb.GetSheetName(0))
	must(t, err)
	var got []string
	for _, r := range rows {
		got = append(got, strings.Join(r, ";"))
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{"Motif", "BENALI;Yasmine", "MOREAU;José;31/02/1998", "le 31 février n'existe pas"} {
		if !strings.Contains(all, want) {
			t.Errorf("the refused rows' file lacks %q:\n%s", want, all)
		}
	}

	esc(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "Tableau de bord")
}

// The preview read again after the import: every row already imported, nothing to record.
func TestImportTwiceChangesNothing(t *testing.T) {
	f, path := importLedger(t)
	a := openImport(t, f, path)
	tuitest.Key(t, a, 'i')
	enter(t, a)
	tuitest.Key(t, a, 'o')
	tuitest.MustContain(t, tuitest.Screen(a), "Import enregistré")
	esc(t, a)
	a = openImport(t, f, path)
	tuitest.MustContain(t, tuitest.Screen(a), "0 nouvelle personne", "5 lignes déjà importées", "ligne 3 · déjà importée · PETIT Noé (import du")
	tuitest.Key(t, a, 'i')
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "Rien à enregistrer")
	if n := f.count(t, `SELECT count(*) FROM person`); n != 4 {
		t.Errorf("%d people after importing twice, want 4", n)
	}
}

// Bad input lands under its field in French, the page stays; esc steps back one state at a time.
func TestImportErrorsAndEsc(t *testing.T) {
	f, path := importLedger(t)
	dir := filepath.Dir(path)
	must(t, os.WriteFile(filepath.Join(dir, "beneficiaires.ods"), []byte("PK"), 0o600))
	must(t, syscall.Mkfifo(filepath.Join(dir, "tube.csv"), 0o600)) // opening it would wait for a writer
	cases := []struct {
		name, path, sheet, want string
	}{
		{"no path", "", "", "fichier : tapez ou collez le chemin du fichier .xlsx ou .csv"},
		{"missing", filepath.Join(dir, "absent.csv"), "", "absent.csv n'existe pas — vérifiez le chemin"},
		{"folder", dir, "", "est un dossier"},
		{"ods", filepath.Join(dir, "beneficiaires.ods"), "", "format .ods non lu — enregistrez le fichier au format .xlsx ou .csv"},
		{"named pipe", filepath.Join(dir, "tube.csv"), "", "tube.csv n'est pas un fichier ordinaire"},
		{"sheet of a CSV", path, "Feuil1", "feuille : beneficiaires.csv est un fichier CSV, qui n'a qu'une feuille — laissez ce champ vide"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := open(t, f.env, coord.NewImport(f.env))
			tuitest.Type(t, a, c.path)
			tuitest.Key(t, a, tea.KeyTab)
			tuitest.Type(t, a, c.sheet)
			tuitest.Key(t, a, 's', tea.ModCtrl)
			scr := tuitest.Screen(a)
			if !contains(scr, c.want) || !contains(scr, "Importer des personnes") || contains(scr, "aperçu, rien") {
				t.Errorf("want %q on the form:\n%s", c.want, scr)
			}
		})
	}

	t.Run("forbidden", func(t *testing.T) {
		env := *f.env
		env.User = tuitest.Desk
		a := open(t, &env, coord.NewImport(&env))
		tuitest.Type(t, a, path)
		tuitest.Key(t, a, 's', tea.ModCtrl)
		if scr := tuitest.Screen(a); !contains(scr, "ne peut pas importer des personnes depuis un tableur") {
			t.Errorf("a front desk importing:\n%s", scr)
		}
	})

	t.Run("over SSH", func(t *testing.T) {
		env := *f.env
		env.Remote = true
		a := open(t, &env, coord.NewImport(&env))
		tuitest.Type(t, a, "beneficiaires.csv")
		tuitest.Key(t, a, 's', tea.ModCtrl)
		tuitest.MustContain(t, tuitest.Screen(a), "Par SSH")
		if scr := tuitest.Screen(a); !contains(scr, "import people - --format csv --dry-run < beneficiaires.csv") {
			t.Errorf("over SSH:\n%s", scr)
		}
	})

	t.Run("esc", func(t *testing.T) {
		a := openImport(t, f, path)
		tuitest.Key(t, a, 'i')
		enter(t, a)
		tuitest.MustContain(t, tuitest.Screen(a), "o : oui")
		esc(t, a)
		tuitest.MustContain(t, tuitest.Screen(a), "Importer des personnes — aperçu", "entrée enregistrer")
		esc(t, a)
		scr := tuitest.Screen(a)
		tuitest.MustContain(t, scr, "▸ Ignorer les refus")
		if !strings.Contains(scr, "beneficiaires.csv") || !contains(scr, "Ignorer les refus ◂ oui ▸") {
			t.Errorf("the form lost what was typed, or « i » from the preview:\n%s", scr)
		}
		esc(t, a)
		tuitest.MustContain(t, tuitest.Screen(a), "Tableau de bord")
		if n := f.count(t, `SELECT count(*) FROM person`); n != 0 {
			t.Errorf("%d people recorded without « o »", n)
		}
	})
}

// Help: « ? » on the form's empty field, and on the preview, listing the preview's keys.
func TestImportHelp(t *testing.T) {
	f, path := importLedger(t)
	askHelp(t, open(t, f.env, coord.NewImport(f.env)), "Importer des personnes")
	a := openImport(t, f, path)
	tuitest.Type(t, a, "?")
	scr := tuitest.Screen(a)
	for _, want := range []string{"Aide — Importer des personnes — aperçu", "entrée enregistrer", "i ignorer les refus (oui/non)",
		"r écrire les refus (XLSX)", "↑/↓ défiler"} {
		if !contains(scr, want) {
			t.Errorf("the preview's help lacks %q:\n%s", want, scr)
		}
	}
}

// The committee's account is not offered the import, and « i » opens nothing on its tableau de bord.
func TestImportNotForLecture(t *testing.T) {
	f, _ := importLedger(t)
	f.env.User = Lecture
	a := openHome(t, f.env)
	tuitest.Key(t, a, 'i')
	if scr := tuitest.Screen(a); strings.Contains(scr, "Importer des personnes") || !strings.Contains(scr, "Tableau de bord") {
		t.Errorf("the committee opened the import:\n%s", scr)
	}
}

// TestImportPreviewRefusedOnly: f shows the refused rows alone — the few to fix in a long file
// — and f again all of them.
func TestImportPreviewRefusedOnly(t *testing.T) {
	f, path := importLedger(t)
	a := openImport(t, f, path)
	tuitest.Key(t, a, 'f')
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "ligne 4 · refusée", "2 lignes refusées sur 7 — f : toutes")
	if contains(scr, "nouvelle personne ·") {
		t.Errorf("f shows the refused rows alone:\n%s", scr)
	}
	tuitest.Key(t, a, tea.KeyEnd)
	tuitest.MustContain(t, tuitest.Screen(a), "ligne 7 · refusée", "0 en dessous")
	tuitest.Key(t, a, 'f')
	tuitest.MustContain(t, tuitest.Screen(a), "ligne 3 · nouvelle personne · PETIT Noé", "(7 lignes du fichier)")
}
