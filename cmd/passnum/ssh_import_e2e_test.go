package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sshStdin runs a command over SSH as user with stdin sent on the client's standard input, as
// « ssh … import people - --format csv < fichier.csv » does.
func (f *sshFixture) sshStdin(user string, stdin []byte, args ...string) (stdout, stderr string, code int) {
	f.t.Helper()
	cmd := exec.Command("ssh", append(f.sshArgs([]string{f.keys[user]}), append([]string{"127.0.0.1"}, args...)...)...)
	cmd.Stdin = bytes.NewReader(stdin)
	return runExit(f.t, cmd)
}

// TestSSHImportPeopleFromStandardInput: the coordinator sends the desk's LibreOffice CSV
// (Windows-1252, merged group headers, an empty trailing row) on the SSH client's standard
// input. The dry run lists its rows and changes nothing; without --format standard input is
// refused in French (exit 2), as is a path on the server; --rejects - sends the workbook of the
// refused rows, with their « Motif », on standard output; the import, then the same file again,
// records once; a front desk may not import.
func TestSSHImportPeopleFromStandardInput(t *testing.T) {
	c := newCLI(t)
	c.desk(1) // carnet 600001 handed to MARTIN0 Inès
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600010", "--count", "4")
	c.must("carnets", "allocate", "--prescriber", "centre-social-georges-brassens", "--count", "4")
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600200", "--count", "1")
	c.must("carnets", "allocate", "--prescriber", "mission-locale-vallee-oise", "--count", "1")
	csv, err := os.ReadFile("testdata/import/beneficiaires.csv")
	if err != nil {
		t.Fatal(err)
	}
	ledger := func() [3]int {
		return [3]int{c.count(`SELECT count(*) FROM person`), c.count(`SELECT count(*) FROM carnet WHERE state = 'remis'`), c.count(`SELECT count(*) FROM import_row`)}
	}
	before := ledger()
	f := startSSH(t, c, "")

	out, errOut, code := f.sshStdin("coord", csv, "import", "people", "-", "--format", "csv", "--dry-run", "--consent")
	if code != 0 {
		t.Fatalf("dry run over SSH: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"Import de personnes depuis entrée standard.csv, Windows-1252, séparateur « ; » — aperçu, rien n'est enregistré.",
		"Identité › Nom → nom (last_name)",
		"Remise du carnet › N° de carnet → n° carnet (carnet)",
		"Colonnes ignorées : « Montant »",
		"ligne 3 : nouvelle personne — PETIT Noé, 01/02/2004, Creil, QPV Hauts de Creil ; carnet 600010 remis le 05/03/2026 par Centre social Georges Brassens\n",
		"ligne 4 : refusée — le carnet 600001 est déjà remis à quelqu'un d'autre (personne n°1)\n",
		"ligne 5 : personne existante — PETIT Noé, 01/02/2004, la même que la ligne 3 ; carnet 600011 remis le 02/04/2026 par Centre social Georges Brassens\n",
		"ligne 6 : nouvelle personne — DIALLO Mamadou, 02/11/1988, Montataire, QPV Les Martinets ; carnet 600012 remis le 10/04/2026 par Centre social Georges Brassens\n",
		`ligne 7 : refusée — colonne Né(e) le : "31/02/1998" — le 31 février n'existe pas`,
		"ligne 8 : nouvelle personne — HADDAD Inès, 12/05/2007, Creil, QPV Hauts de Creil ; carnet 600200 remis le 15/04/2026 par Mission Locale de la Vallée de l'Oise\n",
		"ligne 9 : nouvelle personne — LEROY Anna, 09/08/2005, Nogent-sur-Oise, QPV Rochers et Coteaux\n",
		"Total : 4 nouvelles personnes, 1 personne existante, 0 ligne déjà importée, 2 lignes refusées ; 4 carnets remis.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the dry run over SSH does not say %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "  ligne "); n != 7 {
		t.Errorf("%d rows listed, want 7 (the empty trailing row is no row):\n%s", n, out)
	}
	if strings.Contains(out, "\x1b") || errOut != "" {
		t.Errorf("plain text on stdout, nothing on stderr: %q\n%s", out, errOut)
	}
	if after := ledger(); after != before {
		t.Errorf("the dry run over SSH changed the ledger: %v before, %v after", before, after)
	}

	// Standard input without its format, and a file of the server: refused, in French, exit 2.
	if out, errOut, code := f.sshStdin("coord", csv, "import", "people", "-", "--dry-run", "--consent"); code != 2 ||
		!strings.Contains(errOut, "passnum import people - : précisez ce que contient l'entrée standard avec --format csv ou --format xlsx") || out != "" {
		t.Errorf("stdin without --format over SSH: exit %d, want 2\n%s%s", code, out, errOut)
	}
	if out, errOut, code := f.sshStdin("coord", nil, "import", "people", "/etc/passwd.csv", "--dry-run"); code != 2 ||
		!strings.Contains(errOut, "à travers SSH, envoyez le fichier sur l'entrée standard avec « - »") || out != "" {
		t.Errorf("a server path over SSH: exit %d, want 2\n%s%s", code, out, errOut)
	}

	// --rejects -: standard output is the workbook alone.
	xlsx, errOut, code := f.sshStdin("coord", csv, "import", "people", "-", "--format", "csv", "--dry-run", "--consent", "--rejects", "-")
	if code != 0 || !strings.HasPrefix(xlsx, "PK") {
		t.Fatalf("--rejects - over SSH: exit %d, %d bytes starting %q\n%s", code, len(xlsx), xlsx[:min(len(xlsx), 40)], errOut)
	}
	wb, err := excelize.OpenReader(strings.NewReader(xlsx))
	if err != nil {
		t.Fatalf("the rejected rows are no workbook: %v", err)
	}
	defer wb.Close()
	rows, err := wb.GetRows(wb.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	motif, header := -1, -1
	for i, r := range rows {
		for j, cell := range r {
			if cell == "Motif" {
				header, motif = i, j
			}
		}
	}
	if motif < 0 {
		t.Fatalf("no « Motif » column in the rejected rows:\n%q", rows)
	}
	got := rows[header+1:]
	if len(got) != 2 || len(got[0]) <= motif || len(got[1]) <= motif ||
		got[0][0] != "BENALI" || !strings.Contains(got[0][motif], "Le carnet 600001 est déjà remis à quelqu'un d'autre") ||
		got[1][0] != "MOREAU" || !strings.Contains(got[1][motif], "31/02/1998") {
		t.Errorf("rejected rows, want BENALI (carnet 600001) and MOREAU (31/02/1998) with their motif:\n%q", rows)
	}
	if after := ledger(); after != before {
		t.Errorf("--rejects - with --dry-run changed the ledger: %v before, %v after", before, after)
	}

	// A front desk may not import, even a dry run.
	if out, errOut, code := f.sshStdin("accueil-brassens", csv, "import", "people", "-", "--format", "csv", "--dry-run", "--consent"); code != 1 ||
		!strings.Contains(errOut, "ne peut pas importer des personnes depuis un tableur") || out != "" {
		t.Errorf("accueil import over SSH: exit %d, want 1\n%s%s", code, out, errOut)
	}

	// Recorded once: the good rows, then the same file again changes nothing.
	out, errOut, code = f.sshStdin("coord", csv, "import", "people", "-", "--format", "csv", "--consent", "--skip-invalid")
	if code != 0 || !strings.Contains(out, "— enregistré.") || !strings.Contains(out, "4 carnets remis.") {
		t.Fatalf("import over SSH: exit %d\n%s%s", code, out, errOut)
	}
	recorded := ledger()
	if want := [3]int{before[0] + 4, before[1] + 4, 5}; recorded != want {
		t.Errorf("after the import: %v people, carnets handed over, import rows; want %v", recorded, want)
	}
	out, errOut, code = f.sshStdin("coord", csv, "import", "people", "-", "--format", "csv", "--consent", "--skip-invalid")
	if code != 0 || !strings.Contains(out, "Total : 0 nouvelle personne, 0 personne existante, 5 lignes déjà importées, 2 lignes refusées ; 0 carnet remis.") {
		t.Errorf("the same file again over SSH: exit %d\n%s%s", code, out, errOut)
	}
	if again := ledger(); again != recorded {
		t.Errorf("the same file again changed the ledger: %v, then %v", recorded, again)
	}
}
