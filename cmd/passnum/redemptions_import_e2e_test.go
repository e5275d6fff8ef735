package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// redemptionsDesk is the PIMMS, qualified, and four carnets 600001–600004 handed today to four
// people, one each: the carnets are out since today, so a chèque can be dated today and not
// yesterday.
func (c *cli) redemptionsDesk() {
	c.t.Helper()
	c.must("places", "import", "testdata/places_min.csv")
	c.must("places", "set", "pimms-creil", "--qualified")
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", "4")
	c.must("carnets", "allocate", "--prescriber", "centre-social-georges-brassens", "--count", "4")
	for i := 0; i < 4; i++ {
		id := c.must("people", "add", "--last-name", fmt.Sprintf("Martin%d", i), "--first-name", "Inès", "--birth-date", "04/05/2006",
			"--commune", "60175", "--qpv", "Hauts de Creil", "--diploma", "bac", "--consent", "--not-duplicate")
		c.must("carnets", "issue", fmt.Sprint(600001+i), "--person", id)
	}
}

// TestImportRedemptions imports a place's CSV of used chèques: the dry run lists exactly what
// the import does, row by row, and writes nothing; the import with refused rows writes nothing
// and exits 1; --skip-invalid records the good rows, each audited as imported; the same file
// again changes nothing.
func TestImportRedemptions(t *testing.T) {
	c := newCLI(t)
	c.redemptionsDesk()
	c.must("redeem", "600004-01", "--place", "pimms-creil") // recorded at the PIMMS today already

	now := time.Now()
	today, tomorrow, yesterday := now.Format("02/01/2006"), now.AddDate(0, 0, 1).Format("02/01/2006"), now.AddDate(0, 0, -1).Format("02/01/2006")
	y, m, d := now.Date()
	serial := int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	file := filepath.Join(t.TempDir(), "utilisations.csv")
	csv := "N° chèque;Date d'utilisation;Lieu;Remarque\n" +
		"600001-01;" + today + ";PIMMS de Creil;\n" + // 2: by the place's name
		"600002-01;" + fmt.Sprint(serial) + ";pimms-creil;date Excel\n" + // 3: an Excel serial date
		"600004-01;" + today + ";pimms-creil;\n" + // 4: already recorded
		"600003-01;" + tomorrow + ";pimms-creil;\n" + // 5: a day to come
		"600009-01;" + today + ";pimms-creil;\n" + // 6: unknown chèque
		"600001-01;" + today + ";pimms-creil;\n" + // 7: twice in the file
		"600003-02;" + yesterday + ";pimms-creil;\n" + // 8: before the hand-over
		"600003-03;" + today + ";Mairie de Creil;\n" // 9: unknown place
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	ledger := func() [4]int {
		return [4]int{c.count(`SELECT count(*) FROM redemption`), c.count(`SELECT count(*) FROM audit`),
			c.count(`SELECT count(*) FROM cheque WHERE state = 'utilise'`), c.count(`SELECT count(*) FROM session`)}
	}
	before := ledger()

	out := c.must("import", "redemptions", file, "--dry-run")
	wantLines := []string{
		"  ligne 2 : à enregistrer — chèque 600001-01, PIMMS de Creil, le " + today,
		"  ligne 3 : à enregistrer — chèque 600002-01, PIMMS de Creil, le " + today,
		"  ligne 4 : déjà enregistré — chèque 600004-01, PIMMS de Creil, le " + today,
		"  ligne 5 : refusée — colonne Date d'utilisation : " + tomorrow + " est une date à venir",
		"  ligne 6 : refusée — colonne N° chèque : chèque 600009-01 inconnu du registre",
		"  ligne 7 : refusée — colonne N° chèque : chèque 600001-01 déjà dans la ligne 2 du fichier",
		"  ligne 8 : refusée — colonne Date d'utilisation : chèque 600003-02 : son carnet 600003 n'a été remis que le " + today + ", après le " + yesterday,
		"  ligne 9 : refusée — colonne Lieu : lieu « Mairie de Creil » inconnu",
	}
	for _, want := range append([]string{
		"Import de chèques utilisés depuis utilisations.csv, UTF-8, séparateur « ; » — aperçu, rien n'est enregistré.",
		"N° chèque → n° chèque (cheque)",
		"Date d'utilisation → date d'utilisation (used_on)",
		"Lieu → lieu (place)",
		"Colonnes ignorées : « Remarque »",
		"Total : 2 chèques à enregistrer, 1 déjà enregistré, 5 lignes refusées.",
	}, wantLines...) {
		if !strings.Contains(out, want) {
			t.Errorf("the dry run does not say %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "  ligne "); n != 8 {
		t.Errorf("%d rows listed, want 8:\n%s", n, out)
	}

	var got struct {
		DryRun  bool `json:"dry_run"`
		Written bool `json:"applied"`
		Rows    []struct {
			Line    int    `json:"line"`
			Outcome string `json:"outcome"`
			Cheque  string `json:"cheque"`
			Date    string `json:"date"`
			Place   string `json:"place"`
			Reason  string `json:"reason"`
		} `json:"rows"`
		Totals map[string]int `json:"totals"`
	}
	if err := json.Unmarshal([]byte(c.must("--json", "import", "redemptions", file, "--dry-run")), &got); err != nil {
		t.Fatal(err)
	}
	if !got.DryRun || got.Written || len(got.Rows) != 8 || got.Totals["recorded"] != 2 || got.Totals["already_imported"] != 1 || got.Totals["refused"] != 5 ||
		got.Rows[0].Outcome != "recorded" || got.Rows[0].Place != "pimms-creil" || got.Rows[0].Date != now.Format("2006-01-02") ||
		got.Rows[2].Outcome != "already_imported" || got.Rows[4].Outcome != "refused" ||
		!strings.HasPrefix(got.Rows[4].Reason, "ligne 6, colonne N° chèque : chèque 600009-01 inconnu") {
		t.Errorf("JSON dry run: %+v", got)
	}
	if after := ledger(); after != before {
		t.Fatalf("the dry run changed the ledger: %v before, %v after", before, after)
	}

	c.wantRun(2, "5 lignes refusées : rien n'est enregistré (l'import est tout ou rien) ; corrigez-les dans le fichier et relancez, ou relancez avec --skip-invalid", "import", "redemptions", file)
	if after := ledger(); after != before {
		t.Fatalf("an import with refused rows changed the ledger: %v before, %v after", before, after)
	}

	out = c.must("import", "redemptions", file, "--skip-invalid")
	for _, want := range []string{
		"  ligne 2 : enregistré — chèque 600001-01, PIMMS de Creil, le " + today,
		"  ligne 3 : enregistré — chèque 600002-01, PIMMS de Creil, le " + today,
		"Total : 2 chèques enregistrés, 1 déjà enregistré, 5 lignes refusées.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the import does not say %q:\n%s", want, out)
		}
	}
	once := ledger()
	if once[0] != before[0]+2 || once[2] != before[2]+2 {
		t.Fatalf("the import recorded %d redemptions, %d used chèques; want 2 each", once[0]-before[0], once[2]-before[2])
	}
	if n := c.count(`SELECT count(*) FROM audit WHERE action = 'cheque.import' AND user_id = 'coord' AND detail LIKE '%import fichier utilisations.csv, ligne _'`); n != 2 {
		t.Errorf("%d audit rows of imported redemptions, want 2", n)
	}
	if look := c.must("lookup", "600002-01"); !strings.Contains(look, "importé par Coordination ACSO : import fichier utilisations.csv, ligne 3") {
		t.Errorf("the chèque's history does not say it was imported:\n%s", look)
	}

	out = c.must("import", "redemptions", file, "--skip-invalid")
	if !strings.Contains(out, "Total : 0 chèque enregistré, 3 déjà enregistrés, 5 lignes refusées.") {
		t.Errorf("the second import:\n%s", out)
	}
	if again := ledger(); again != once {
		t.Fatalf("importing the same file again changed the ledger: %v then %v", once, again)
	}
	c.wantRun(1, "déjà utilisé le ", "redeem", "600001-01", "--place", "pimms-creil")

	// A file of one place, without a place column: --place names it, by id or name.
	one := filepath.Join(t.TempDir(), "pimms.csv")
	if err := os.WriteFile(one, []byte("Chèque;Date\n600003-01;"+today+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.wantRun(0, "ligne 2 : à enregistrer — chèque 600003-01, PIMMS de Creil, le "+today, "import", "redemptions", one, "--place", "PIMMS de Creil", "--dry-run")
	c.wantRun(2, "n'a pas de colonne « Lieu » — donnez le lieu de tout le fichier avec --place LIEU", "import", "redemptions", one)
	c.wantRun(2, "--place : lieu « nulle-part » inconnu", "import", "redemptions", one, "--place", "nulle-part")
	c.wantRun(2, "aucune colonne « N° chèque »", "import", "redemptions", one, "--place", "pimms-creil", "--map", "Chèque=")
	c.wantRun(1, "ne peut pas importer", "--as", "accueil-brassens", "import", "redemptions", one, "--place", "pimms-creil")
	c.wantRun(2, "(seulement : people, redemptions)", "import", "cheques", one)
}
