package kit

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"passnum/domain"
	"passnum/domain/doc"
)

// A claim's export is four files: its chèques and its funders' split, each as a CSV with its
// XLSX beside it, the owner's only; the workbook opens on the same lines.
func TestWriteTablesOneFilePerTable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "exports")
	c := domain.Claim{ID: "R1", Place: "pimms", PlaceName: "PIMMS", AmountCents: 1000,
		Items:  []domain.ClaimItem{{Cheque: "600001-01", Carnet: "600001", Programme: "p", UsedAt: time.Now(), ValueCents: 1000}},
		Shares: []domain.FunderShare{{Programme: "p", Funder: "État", SharePercent: 100, AmountCents: 1000}}}
	paths, err := WriteTables(dir, "remboursement-R1.csv", doc.ClaimTables(c))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(p))
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v", p, err)
		}
	}
	want := []string{"remboursement-R1.csv", "remboursement-R1.xlsx", "remboursement-R1-financeurs.csv", "remboursement-R1-financeurs.xlsx"}
	if len(names) != len(want) {
		t.Fatalf("files = %v, want %v", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Errorf("file %d = %s, want %s", i, names[i], want[i])
		}
	}
	f, err := excelize.OpenFile(paths[3])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Financeurs")
	if err != nil || len(rows) != 3 || rows[1][5] != "État" || rows[2][5] != "Total" {
		t.Errorf("funders' workbook = %v (%v)", rows, err)
	}
}
