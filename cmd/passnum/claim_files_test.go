package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// claimFiles reads a claim's export as the place receives it: the chèques' CSV at path, the
// funders' CSV beside it (« -financeurs.csv »), each with its workbook. It returns the session of
// each chèque, the sum of the chèque lines in cents and the funders' total as written.
func claimFiles(t *testing.T, path string) (cheques map[string]string, sum int, total string) {
	t.Helper()
	base := strings.TrimSuffix(path, ".csv")
	for _, f := range []string{base + ".xlsx", base + "-financeurs.csv", base + "-financeurs.xlsx"} {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Fatalf("the claim's export lacks %s: %v", f, err)
		}
	}
	col := func(header []string, name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q in %v", name, header)
		return -1
	}
	rows := readCSV(t, path)
	h := rows[0]
	cheques = map[string]string{}
	for _, r := range rows[1:] {
		if len(r) != len(h) || r[0] == "demande" {
			t.Fatalf("the chèques' file holds another table: %v", rows)
		}
		amount := r[col(h, "montant")]
		if !frAmountCell.MatchString(amount) || !frDateCell.MatchString(r[col(h, "date d'utilisation")]) {
			t.Errorf("claim line %v: amount or date not in French format", r)
		}
		var e, ct int
		fmt.Sscanf(amount, "%d,%d", &e, &ct)
		sum += e*100 + ct
		cheques[r[col(h, "numéro de chèque")]] = r[col(h, "séance")]
	}
	shares := readCSV(t, base+"-financeurs.csv")
	for _, r := range shares[1:] {
		if r[col(shares[0], "financeur")] == "Total" {
			total = r[col(shares[0], "montant")]
		}
	}
	return cheques, sum, total
}

// Every export with --out writes an .xlsx of the same rows beside its CSV; a claim's funders go
// to a file of their own, or with --funders to standard output.
func TestExportsWriteWorkbooksBeside(t *testing.T) {
	c := newCLI(t)
	c.desk(2)
	c.workshops(1, 5)
	c.must("redeem", "600001-01", "--place", "pimms-creil", "--session", "S1")
	month := time.Now().Format("2006-01")
	c.must("claims", "prepare", "--month", month, "--place", "pimms-creil")
	dir := t.TempDir()

	claim := filepath.Join(dir, "R1.csv")
	out := c.must("claims", "export", "R1", "--out", claim)
	if !strings.Contains(out, "À côté : "+filepath.Join(dir, "R1.xlsx")+", "+filepath.Join(dir, "R1-financeurs.csv")) {
		t.Errorf("claims export says: %s", out)
	}
	cheques, sum, total := claimFiles(t, claim)
	if cheques["600001-01"] != "S1" || sum != 1000 || total != "10,00" {
		t.Errorf("claim files: %v, %d cents, total %q", cheques, sum, total)
	}
	if stdout := c.must("claims", "export", "R1", "--funders"); !strings.Contains(stdout, "financeur") || !strings.Contains(stdout, "Total") || strings.Contains(stdout, "numéro de chèque") {
		t.Errorf("--funders on standard output:\n%s", stdout)
	}
	if stdout := c.must("claims", "export", "R1"); strings.Contains(stdout, "financeur") || !strings.Contains(stdout, "600001-01") {
		t.Errorf("the chèques on standard output:\n%s", stdout)
	}
	c.wantRun(2, "--funders choisit la part des financeurs sur la sortie standard", "claims", "export", "R1", "--funders", "--out", filepath.Join(dir, "x.csv"))
	if _, err := os.Stat(filepath.Join(dir, "x.csv")); !os.IsNotExist(err) {
		t.Errorf("a refused export wrote x.csv: %v", err)
	}

	for _, args := range [][]string{
		{"export", "activity", "--month", month, "--out", filepath.Join(dir, "activite.csv")},
		{"export", "bilan", "--prescriber", "centre-social-georges-brassens", "--out", filepath.Join(dir, "bilan.csv")},
	} {
		c.must(args...)
		csv := args[len(args)-1]
		if st, err := os.Stat(strings.TrimSuffix(csv, ".csv") + ".xlsx"); err != nil || st.Size() == 0 || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: no workbook beside the CSV (%v)", args[1], err)
		}
	}
}
