package doc

import (
	"io"

	"passnum/domain"
)

// ClaimCSVHeader and ClaimCSVSharesHeader are the headers of the two tables of a claim file.
var (
	ClaimCSVHeader       = []string{"demande", "lieu", "numéro de chèque", "carnet", "date d'utilisation", "séance", "programme", "montant"}
	ClaimCSVSharesHeader = []string{"demande", "lieu", "programme", "financeur", "part (%)", "montant"}
)

// WriteClaimCSV writes a claim as one file with two tables separated by an empty line: one line
// per chèque, then the amount per programme and funder and a « Total » line. One file is what a
// place sends; the empty line lets a spreadsheet user select either table.
func WriteClaimCSV(w io.Writer, c domain.Claim) error {
	cw, err := csvWriter(w)
	if err != nil {
		return err
	}
	cw.Write(ClaimCSVHeader)
	for _, it := range c.Items {
		cw.Write(csvRow(c.ID, c.PlaceName, it.Cheque, it.Carnet, it.UsedAt, it.Session, it.Programme, csvAmount(it.ValueCents)))
	}
	cw.Write(nil)
	cw.Write(ClaimCSVSharesHeader)
	for _, sh := range c.Shares {
		cw.Write(csvRow(c.ID, c.PlaceName, sh.Programme, sh.Funder, sh.SharePercent, csvAmount(sh.AmountCents)))
	}
	cw.Write(csvRow(c.ID, c.PlaceName, "", "Total", "", csvAmount(c.AmountCents)))
	cw.Flush()
	return cw.Error()
}
