package doc

import (
	"io"
	"strconv"

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
	place := csvText(c.PlaceName)
	cw.Write(ClaimCSVHeader)
	for _, it := range c.Items {
		cw.Write([]string{c.ID, place, it.Cheque, it.Carnet, csvDate(it.UsedAt), it.Session, it.Programme, CSVAmount(it.ValueCents)})
	}
	cw.Write(nil)
	cw.Write(ClaimCSVSharesHeader)
	for _, sh := range c.Shares {
		cw.Write([]string{c.ID, place, sh.Programme, sh.Funder, strconv.Itoa(sh.SharePercent), CSVAmount(sh.AmountCents)})
	}
	cw.Write([]string{c.ID, place, "", "Total", "", CSVAmount(c.AmountCents)})
	cw.Flush()
	return cw.Error()
}
