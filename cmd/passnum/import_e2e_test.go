package main

import (
	"encoding/json"
	"os"
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
	c.wantRun(0, "Colonnes ignorées : « Naiss. »", "import", "people", file, "--sheet", "Bénéficiaires", "--dry-run")
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
