package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// windows1252People is a desk's sheet as Excel saves it « CSV (séparateur : point-virgule) »:
// Windows-1252 (0xE9 is é, 0xB0 is °), CRLF, a column passnum does not read.
const windows1252People = "Nom;Pr\xe9nom;Date de naissance;Commune;N\xb0 carnet;Remarques\r\n" +
	"Petit;No\xe9;01/02/2004;Creil;;\r\n" +
	"DURAND;L\xe9a;03/04/2005;creil;;d\xe9j\xe0 venue\r\n" +
	"Moreau;Jos\xe9;31/02/1998;Creil;;\r\n"

// TestImportPeopleDryRun runs the dry run on a Windows-1252 CSV with one new, one existing and
// one refused row: exit 0, exactly those verdicts in text and JSON, and the ledger unchanged.
func TestImportPeopleDryRun(t *testing.T) {
	c := newCLI(t)
	id := c.must("people", "add", "--last-name", "Durand", "--first-name", "Léa", "--birth-date", "03/04/2005", "--commune", "60175", "--consent")
	file := filepath.Join(t.TempDir(), "beneficiaires.csv")
	if err := os.WriteFile(file, []byte(windows1252People), 0o600); err != nil {
		t.Fatal(err)
	}
	ledger := func() [3]int {
		return [3]int{c.count(`SELECT count(*) FROM person`), c.count(`SELECT count(*) FROM audit`), c.count(`SELECT count(*) FROM carnet WHERE person_id IS NOT NULL`)}
	}
	before := ledger()

	out := c.must("import", "people", file, "--dry-run")
	for _, want := range []string{
		"beneficiaires.csv, Windows-1252, séparateur « ; »",
		"Nom → nom (last_name)",
		"Prénom → prénom (first_name)",
		"Date de naissance → date de naissance (birth_date)",
		"N° carnet → n° carnet (carnet)",
		"Colonnes ignorées : « Remarques »",
		"ligne 2 : nouvelle personne — PETIT Noé, 01/02/2004, Creil\n",
		"ligne 3 : personne existante — n°" + id + " DURAND Léa, 03/04/2005 (",
		`ligne 4 : refusée — colonne Date de naissance : "31/02/1998" — le 31 février n'existe pas`,
		"Total : 1 nouvelle personne, 1 personne existante, 0 ligne déjà importée, 1 ligne refusée ; 0 carnet remis.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the dry run does not say %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "  ligne ") != 3 {
		t.Errorf("want exactly three rows:\n%s", out)
	}

	var got struct {
		DryRun   bool     `json:"dry_run"`
		Unmapped []string `json:"unmapped_columns"`
		Rows     []struct {
			Line      int
			Outcome   string
			Candidate *struct{ ID json.Number }
			Reason    string
		}
		Totals map[string]int
	}
	if err := json.Unmarshal([]byte(c.must("--json", "import", "people", file, "--dry-run")), &got); err != nil {
		t.Fatal(err)
	}
	if !got.DryRun || len(got.Rows) != 3 || got.Totals["new"] != 1 || got.Totals["existing"] != 1 || got.Totals["refused"] != 1 ||
		got.Rows[0].Outcome != "new" || got.Rows[1].Outcome != "existing" || got.Rows[1].Candidate == nil || got.Rows[1].Candidate.ID.String() != id ||
		got.Rows[2].Outcome != "refused" || !strings.HasPrefix(got.Rows[2].Reason, "ligne 4, colonne Date de naissance : ") ||
		len(got.Unmapped) != 1 || got.Unmapped[0] != "Remarques" {
		t.Errorf("JSON dry run: %+v", got)
	}

	c.wantRun(2, "1 ligne refusée : rien n'est enregistré (l'import est tout ou rien)", "import", "people", file)
	c.wantRun(1, "ne peut pas importer des personnes depuis un tableur", "--as", "accueil-brassens", "import", "people", file, "--dry-run")
	if after := ledger(); after != before {
		t.Errorf("the dry run changed the ledger: %v rows before, %v after", before, after)
	}
}

// TestImportPeopleDryRunXLSX reads a named sheet of an XLSX whose birth-date column only --map
// names, with an Excel serial date, and a row whose carnet is already someone else's.
func TestImportPeopleDryRunXLSX(t *testing.T) {
	c := newCLI(t)
	c.desk(1) // carnet 600001 handed to MARTIN0 Inès
	f := excelize.NewFile()
	f.NewSheet("Bénéficiaires")
	for i, row := range [][]any{
		{"Nom", "Prénom", "Naiss.", "CP", "N° carnet", "Date de remise"},
		{"Petit", "Noé", 38018, "60100", "", ""}, // Excel serial of 01/02/2004
		{"Lefèvre", "Anna", "12/12/2001", "60100", "600001", "03/03/2026"},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Bénéficiaires", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(t.TempDir(), "accueil.xlsx")
	if err := f.SaveAs(file); err != nil {
		t.Fatal(err)
	}
	c.wantRun(2, `aucune colonne « Date de naissance » dans le fichier (colonnes : « Nom », « Prénom », « Naiss. », « CP », « N° carnet », « Date de remise ») — si elle porte un autre titre, nommez-la avec --map, par exemple --map "Naiss.=birth_date"`,
		"import", "people", file, "--sheet", "Bénéficiaires", "--dry-run")
	out := c.must("import", "people", file, "--sheet", "Bénéficiaires", "--map", "Naiss.=birth_date", "--dry-run")
	for _, want := range []string{
		"accueil.xlsx, feuille « Bénéficiaires »",
		"Naiss. → date de naissance (birth_date)",
		"CP → code postal (postal_code)",
		"ligne 2 : nouvelle personne — PETIT Noé, 01/02/2004, Creil",
		"ligne 3 : refusée — le carnet 600001 est déjà remis à quelqu'un d'autre (personne n°1)",
		"Total : 1 nouvelle personne, 0 personne existante, 0 ligne déjà importée, 1 ligne refusée ; 0 carnet remis.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the dry run does not say %q:\n%s", want, out)
		}
	}
}

// importLedger is the Creil desk the sample files were written for: 220 carnets received, the
// first 60 at the Brassens desk, Yasmine BENALI holding 600001 and Mamadou DIALLO 600002 and
// 600003 (the cap of two).
func importLedger(t *testing.T) *cli {
	c := newCLI(t)
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", "220")
	c.must("carnets", "allocate", "--prescriber", "centre-social-georges-brassens", "--count", "60")
	benali := c.must("people", "add", "--last-name", "Benali", "--first-name", "Yasmine", "--birth-date", "14/03/2005", "--commune", "60175",
		"--qpv", "Hauts de Creil", "--diploma", "cap_bep", "--consent")
	c.must("carnets", "issue", "600001", "--person", benali)
	diallo := c.must("people", "add", "--last-name", "Diallo", "--first-name", "Mamadou", "--birth-date", "02/11/1988", "--commune", "60414",
		"--qpv", "Les Martinets", "--status", "demandeur_emploi", "--consent")
	c.must("carnets", "issue", "600002", "--person", diallo)
	c.must("carnets", "issue", "600003", "--person", diallo)
	return c
}

// importState is what an import may change, compared whole between two runs.
func (c *cli) importState() string {
	c.t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT count(*) FROM person`, `SELECT count(*) FROM audit`, `SELECT count(*) FROM import_row`,
		`SELECT count(*) FROM carnet WHERE state = 'remis'`, `SELECT count(*) FROM carnet WHERE state = 'attribue'`,
		`SELECT count(*) FROM cheque WHERE state = 'disponible'`,
	} {
		fmt.Fprintf(&b, "%d ", c.count(q))
	}
	return b.String()
}

// TestImportPeopleLibreOfficeCSV imports the sample of the README: a Windows-1252 CSV as
// LibreOffice saves it (semicolons, decimal commas, group headers that were merged cells, an
// empty trailing row, an Excel serial date). The dry run lists exactly the expected rows;
// all-or-nothing refuses the file; --skip-invalid records the rest, dated as in the file;
// importing it again changes nothing; the refused rows' XLSX, once fixed, imports.
func TestImportPeopleLibreOfficeCSV(t *testing.T) {
	c := importLedger(t)
	const file = "testdata/import/beneficiaires.csv"
	before := c.importState()
	out := c.must("import", "people", file, "--dry-run", "--consent")
	want := []string{
		"  ligne 3 : nouvelle personne — PETIT Noé, 01/02/2004, Creil, QPV Hauts de Creil ; carnet 600010 remis le 05/03/2026 par Centre social Georges Brassens",
		"  ligne 4 : personne existante — n°1 BENALI Yasmine, 14/03/2005 (même nom, même prénom, même date de naissance) ; carnet 600001 déjà enregistré à son nom",
		"  ligne 5 : personne existante — PETIT Noé, 01/02/2004, la même que la ligne 3 ; carnet 600011 remis le 02/04/2026 par Centre social Georges Brassens",
		"  ligne 6 : refusée — le carnet 600012 ne peut pas être remis à DIALLO Mamadou (n°2) le 10/04/2026 : limite atteinte : 2 carnets sur 2",
		`  ligne 7 : refusée — colonne Né(e) le : "31/02/1998" — le 31 février n'existe pas`,
		"  ligne 8 : nouvelle personne — HADDAD Inès, 12/05/2007, Creil, QPV Hauts de Creil ; carnet 600200 remis le 15/04/2026 par Mission Locale de la Vallée de l'Oise",
		"  ligne 9 : nouvelle personne — LEROY Anna, 09/08/2005, Nogent-sur-Oise, QPV Rochers et Coteaux",
	}
	var got []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "  ligne ") {
			got = append(got, l)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("dry run rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, w := range []string{"beneficiaires.csv, Windows-1252, séparateur « ; » — aperçu, rien n'est enregistré.",
		"Identité › Nom → nom (last_name)", "Remise du carnet › N° de carnet → n° carnet (carnet)", "QPV → QPV (qpv)",
		"Colonnes ignorées : « Montant »",
		"Total : 3 nouvelles personnes, 2 personnes existantes, 0 ligne déjà importée, 2 lignes refusées ; 3 carnets remis."} {
		if !strings.Contains(out, w) {
			t.Errorf("the dry run does not say %q:\n%s", w, out)
		}
	}
	if c.importState() != before {
		t.Fatal("the dry run changed the ledger")
	}

	// Without --consent the new people's carnets are refused, saying what to do.
	c.wantRun(0, "ligne 3 : refusée — accord de PETIT Noé non renseigné — aucun carnet ne se remet sans l'accord de la personne pour l'enregistrement de ses données ; ajoutez au fichier une colonne Accord (oui ou non), ou dites que toutes les personnes du fichier l'ont donné (--consent ; à l'écran, « Accord de tous »)", "import", "people", file, "--dry-run")
	c.wantRun(2, "2 lignes refusées : rien n'est enregistré (l'import est tout ou rien) ; corrigez-les dans le fichier", "import", "people", file, "--consent")
	if c.importState() != before {
		t.Fatal("a refused all-or-nothing import changed the ledger")
	}

	rejects := filepath.Join(t.TempDir(), "refus.xlsx")
	out = c.must("import", "people", file, "--consent", "--skip-invalid", "--rejects", rejects)
	if !strings.Contains(out, "— enregistré.") || !strings.Contains(out, "Lignes refusées écrites dans refus.xlsx") {
		t.Errorf("apply says:\n%s", out)
	}
	if n := c.count(`SELECT count(*) FROM person WHERE norm_last IN ('petit', 'haddad', 'leroy')`); n != 3 {
		t.Errorf("%d new people, want 3", n)
	}
	if n := c.count(`SELECT count(*) FROM carnet WHERE number = '600200' AND state = 'remis' AND prescriber = 'mission-locale-vallee-oise' AND issued_at LIKE '2026-04-15%'`); n != 1 {
		t.Error("600200, still in stock, must be allocated to the Mission Locale and handed over on 15/04/2026")
	}
	if n := c.count(`SELECT count(*) FROM audit WHERE action = 'person.import' AND detail = 'import de beneficiaires.csv, ligne 8' AND user_id = 'coord'`); n != 1 {
		t.Error("the registration from line 8 must be audited with the file, the row and who imported")
	}
	applied := c.importState()
	again := c.must("import", "people", file, "--consent", "--skip-invalid")
	if !strings.Contains(again, "Total : 0 nouvelle personne, 1 personne existante, 4 lignes déjà importées, 2 lignes refusées ; 0 carnet remis.") {
		t.Errorf("re-import:\n%s", again)
	}
	if c.importState() != applied {
		t.Errorf("importing the file again changed the ledger: %s, then %s", applied, c.importState())
	}

	// The desk fixes the refused rows in the workbook (a real date, another person's carnet
	// for the capped one) and imports it: the « Motif » column is ignored.
	x, err := excelize.OpenFile(rejects)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("Lignes refusées")
	if len(rows) != 3 || rows[0][len(rows[0])-1] != "Motif" || rows[1][0] != "DIALLO" || rows[2][2] != "31/02/1998" ||
		!strings.Contains(rows[2][len(rows[2])-1], "le 31 février n'existe pas") {
		t.Fatalf("rejected rows: %q", rows)
	}
	x.SetCellValue("Lignes refusées", "A2", "DIALLO-SOW") // another person of that family: Awa
	x.SetCellValue("Lignes refusées", "B2", "Awa")
	x.SetCellValue("Lignes refusées", "C2", "02/11/1990")
	x.SetCellValue("Lignes refusées", "C3", "28/02/1998")
	fixed := filepath.Join(t.TempDir(), "refus-corrige.xlsx")
	if err := x.SaveAs(fixed); err != nil {
		t.Fatal(err)
	}
	out = c.must("import", "people", fixed, "--consent")
	if !strings.Contains(out, "Colonnes ignorées : « Montant », « Motif »") || !strings.Contains(out, "Total : 2 nouvelles personnes, 0 personne existante, 0 ligne déjà importée, 0 ligne refusée ; 2 carnets remis.") {
		t.Errorf("the fixed rejects:\n%s", out)
	}
}

// TestImportPeopleSampleXLSX: the same desk's sheet as an XLSX, with a merged group header, a
// title, dates as date cells and as serial numbers, and an empty trailing row.
func TestImportPeopleSampleXLSX(t *testing.T) {
	c := importLedger(t)
	f := excelize.NewFile()
	sh := "Sheet1"
	for i, row := range [][]any{
		{"Pass numérique — remises 2026"},
		{},
		{"Identité", "", "", "Carnet", ""},
		{"Nom", "Prénom", "Date de naissance", "N° carnet", "Date de remise", "Commune", "QPV", "Situation"},
		{"PETIT", "Noé", "01/02/2004", "600010", 46086, "Creil", "oui", "demandeur d'emploi"},
		{"Roux", "Eva", 38506, "", "", "Creil", "non", ""},
		{"", "", "", "", "", "", "", ""},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sh, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	f.MergeCell(sh, "A1", "H1")
	f.MergeCell(sh, "A3", "C3")
	f.MergeCell(sh, "D3", "E3")
	file := filepath.Join(t.TempDir(), "remises.xlsx")
	if err := f.SaveAs(file); err != nil {
		t.Fatal(err)
	}
	out := c.must("import", "people", file, "--dry-run", "--consent")
	for _, w := range []string{
		"Identité › Nom → nom (last_name)",
		"ligne 5 : nouvelle personne — PETIT Noé, 01/02/2004, Creil, QPV Hauts de Creil ; carnet 600010 remis le 05/03/2026",
		"ligne 6 : nouvelle personne — ROUX Eva, 03/06/2005, Creil\n",
		"Total : 2 nouvelles personnes",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("XLSX dry run does not say %q:\n%s", w, out)
		}
	}
	if strings.Count(out, "  ligne ") != 2 {
		t.Errorf("the empty trailing row must not count:\n%s", out)
	}
	c.must("import", "people", file, "--consent")
	st := c.importState()
	c.must("import", "people", file, "--consent")
	if c.importState() != st {
		t.Error("the XLSX imported twice changed the ledger")
	}
}

// TestREADMEImportSample: the README's « Venir d'un tableur » shows the sample's dry run on the
// demo ledger as the command prints it.
func TestREADMEImportSample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const cmdLine = "$ go run ./cmd/passnum --demo --as coord import people cmd/passnum/testdata/import/beneficiaires.csv --dry-run --consent\n"
	_, block, ok := strings.Cut(string(readme), cmdLine)
	if !ok {
		t.Fatal("the README no longer shows the import sample's command")
	}
	block, _, _ = strings.Cut(block, "```")
	cmd := exec.Command(binary, "--demo", "--as", "coord", "import", "people", "testdata/import/beneficiaires.csv", "--dry-run", "--consent")
	cmd.Env = append(os.Environ(), "TMPDIR="+t.TempDir())
	out, errOut, code := runExit(t, cmd)
	if code != 0 || out != block {
		t.Errorf("exit %d %s; the README shows:\n%s\nthe command prints:\n%s", code, errOut, block, out)
	}
}

// TestImportPeopleRepeatedRow: a file with the same row twice (a copy-paste in the desk's
// sheet) is one person and one hand-over, in text and JSON alike, dry run and apply.
func TestImportPeopleRepeatedRow(t *testing.T) {
	c := importLedger(t)
	file := filepath.Join(t.TempDir(), "doublon.csv")
	row := "MARTIN;Paul;01/01/2005;Creil;Hauts de Creil;demandeur d'emploi;600010;05/03/2026\n"
	if err := os.WriteFile(file, []byte("Nom;Prénom;Date de naissance;Commune;QPV;Situation;N° carnet;Date de remise\n"+row+row), 0o600); err != nil {
		t.Fatal(err)
	}
	out := c.must("import", "people", file, "--dry-run", "--consent")
	if !strings.Contains(out, "ligne 3 : personne existante — MARTIN Paul, 01/01/2005, la même que la ligne 2 ; carnet 600010 déjà enregistré à son nom") {
		t.Errorf("dry run:\n%s", out)
	}
	var got struct {
		Rows []struct {
			PersonID   int64 `json:"person_id"`
			SameAsLine int   `json:"same_as_line"`
		}
	}
	if err := json.Unmarshal([]byte(c.must("--json", "import", "people", file, "--dry-run", "--consent")), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Rows) != 2 || got.Rows[0].PersonID != 0 || got.Rows[1].SameAsLine != 2 || got.Rows[1].PersonID != 0 {
		t.Errorf("JSON dry run must give no number a rolled-back registration took: %+v", got.Rows)
	}
	c.must("import", "people", file, "--consent")
	if n := c.count(`SELECT count(*) FROM person WHERE norm_last = 'martin' AND norm_first = 'paul'`); n != 1 {
		t.Errorf("%d records for the repeated row", n)
	}
}

// TestCommandHelpWithoutLedger: a command's help is read before the first set-up, when no
// ledger exists yet.
func TestCommandHelpWithoutLedger(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"import", "people", "--help"}, {"import", "redemptions", "-h"}, {"people", "add", "--help"}} {
		cmd := exec.Command(binary, append([]string{"--config", "../../config.toml", "--db", filepath.Join(dir, "absent.db")}, args...)...)
		out, errOut, code := runExit(t, cmd)
		if code != 0 || !strings.Contains(out, strings.Join(args[:2], " ")) || errOut != "" {
			t.Errorf("passnum %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "absent.db")); err == nil {
		t.Error("asking for help created a ledger")
	}
}
