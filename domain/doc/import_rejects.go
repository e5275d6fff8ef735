package doc

// RejectedRowsTable is the rows an import refused, cell for cell as the file had them under
// its header, with a « Motif » column saying why: the desk fixes the cells, deletes the motif
// or leaves it (an import ignores it), and imports the file again.
func RejectedRowsTable(header []string, rows [][]string, motifs []string) Table {
	t := Table{Sheet: "Lignes refusées", Title: "Lignes refusées à l'import", Header: append(append([]string{}, header...), "Motif")}
	for i, r := range rows {
		cells := make([]xlsxCell, 0, len(header)+1)
		for c := range header {
			v := ""
			if c < len(r) {
				v = r[c]
			}
			cells = append(cells, rawText(v))
		}
		t.Rows = append(t.Rows, append(cells, rawText(motifs[i])))
	}
	return t
}

// rawText is a cell as the desk typed it: a workbook's text cell is never evaluated, and the
// rows go back to an import, which must read them unchanged (no « ' » before « - »).
func rawText(s string) xlsxCell { return xlsxCell{xText, s} }
