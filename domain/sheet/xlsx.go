package sheet

import (
	"bytes"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"passnum/domain"
)

// ReadXLSX reads one sheet of a workbook: name, or when empty the first sheet holding a value.
// Cells are read raw, so a date cell gives its Excel serial number (36526) whatever its display
// format, and a date column is read the same on every machine (see ParseDate). A merged cell's value
// fills its whole range; a title merged across the top is skipped; a header whose cells are
// merged over several rows (« Identité » above « Nom » and « Prénom ») joins them per column.
func ReadXLSX(r io.Reader, name string) (*Table, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, domain.Errorf(domain.KindInvalid, "ce fichier n'est pas un classeur .xlsx lisible — ouvrez-le et enregistrez-le à nouveau au format Excel 2007-365 (.xlsx)")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if name != "" {
		found := ""
		for _, s := range sheets {
			if s == name || found == "" && domain.Normalize(s) == domain.Normalize(name) {
				found = s
			}
		}
		if found == "" {
			return nil, domain.Errorf(domain.KindInvalid, "--sheet : pas de feuille « %s » dans ce classeur (feuilles : %s)", name, quoteList(sheets))
		}
		t, err := readSheet(f, found)
		if t == nil && err == nil {
			err = domain.Errorf(domain.KindInvalid, "--sheet : la feuille « %s » est vide", found)
		}
		return t, err
	}
	for _, s := range sheets {
		if t, err := readSheet(f, s); t != nil || err != nil {
			return t, err
		}
	}
	return nil, domain.Errorf(domain.KindInvalid, "le classeur est vide : aucune feuille ne contient de données")
}

// readSheet gives a nil table for a sheet without a value.
// maxHeaderRows is the deepest header a desk's sheet has (a group title above the column names).
const maxHeaderRows = 3

func readSheet(f *excelize.File, name string) (*Table, error) {
	rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, &domain.Error{Kind: domain.KindInternal, Message: "lecture de la feuille « " + name + " » impossible", Err: err}
	}
	var merges []excelize.MergeCell
	if mayMerge(f) {
		if merges, err = f.GetMergeCells(name, true); err != nil {
			return nil, &domain.Error{Kind: domain.KindInternal, Message: "lecture des cellules fusionnées impossible", Err: err}
		}
	}
	type span struct{ r0, c0, r1, c1 int }
	var spans []span
	// A merge reaches no further than the cells the sheet holds: a whole-column or whole-sheet
	// merge (A1:XFD1048576, which a crafted or careless file may hold) would otherwise grow the
	// table to billions of cells.
	lastRow, lastCol := len(rows)-1, 0
	for _, r := range rows {
		lastCol = max(lastCol, len(r)-1)
	}
	for _, m := range merges {
		c0, r0, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c1, r1, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		s := span{r0 - 1, c0 - 1, min(r1-1, lastRow), min(c1-1, lastCol)}
		if s.r1 < s.r0 || s.c1 < s.c0 {
			continue // entirely outside the cells held
		}
		spans = append(spans, s)
		if s.r0 >= len(rows) {
			continue
		}
		v := cell(rows[s.r0], s.c0)
		for len(rows) <= s.r1 {
			rows = append(rows, nil)
		}
		for ri := s.r0; ri <= s.r1; ri++ {
			for len(rows[ri]) <= s.c1 {
				rows[ri] = append(rows[ri], "")
			}
			for ci := s.c0; ci <= s.c1; ci++ {
				rows[ri][ci] = v
			}
		}
	}
	h := 0
	for h < len(rows) && emptyRow(rows[h]) {
		h++
	}
	// A title merged across the columns above the header: its row holds one value, all of it
	// inside one horizontal merge.
	for h < len(rows)-1 {
		title := false
		for _, s := range spans {
			if s.r0 == h && s.r1 == h && s.c1 > s.c0 && onlyWithin(rows[h], s.c0, s.c1) {
				title = true
			}
		}
		if !title {
			break
		}
		for h++; h < len(rows) && emptyRow(rows[h]); h++ {
		}
	}
	if h >= len(rows) {
		return nil, nil
	}
	depth := 1
	for _, s := range spans {
		if s.r0 == h {
			depth = max(depth, s.r1-s.r0+1)
		}
	}
	// A header spans a few rows at most: a merge running down the data (a whole column merged)
	// is not a header.
	depth = min(depth, maxHeaderRows, len(rows)-h)
	// Group headers merged across columns (« Identité » over Nom and Prénom) are a row above
	// the header that names fewer fields than the row under it.
	if depth == 1 && h+1 < len(rows) && guessed(rows[h+1]) >= 2 && guessed(rows[h+1]) > guessed(rows[h]) {
		depth = 2
	}
	t := build(rows, h, depth)
	t.Sheet = name
	return t, nil
}

// mayMerge tells whether a worksheet of f may hold merged cells. GetMergeCells parses the
// whole sheet into memory, 1.6 s of the 2.5 s of reading 10 000 rows here, so it is skipped
// when no worksheet's XML names a merge; a worksheet excelize kept out of memory (a large
// one, in a temporary file) is assumed to hold some.
func mayMerge(f *excelize.File) bool {
	found, inMemory := false, 0
	f.Pkg.Range(func(k, v any) bool {
		name, _ := k.(string)
		if strings.HasPrefix(name, "xl/worksheets/") && strings.HasSuffix(name, ".xml") {
			inMemory++
			b, ok := v.([]byte)
			found = !ok || bytes.Contains(b, []byte("mergeCell"))
		}
		return !found
	})
	return found || inMemory < len(f.GetSheetList())
}

// onlyWithin reports whether every non-empty cell of r lies in columns c0..c1.
func onlyWithin(r []string, c0, c1 int) bool {
	for c, v := range r {
		if strings.TrimSpace(v) != "" && (c < c0 || c > c1) {
			return false
		}
	}
	return true
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "« " + n + " »"
	}
	return strings.Join(q, ", ")
}
