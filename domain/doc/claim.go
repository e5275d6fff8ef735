package doc

import (
	"io"

	"passnum/domain"
)

// ClaimCSVHeader and ClaimCSVSharesHeader are the headers of a claim's two tables: one line
// per chèque, and what each funder of each programme pays.
var (
	ClaimCSVHeader = []string{"demande", "identifiant du lieu", "lieu", "numéro de chèque", "carnet", "date d'utilisation",
		"séance", "titre de la séance", "date de la séance", "programme", "nom du programme", "montant"}
	ClaimCSVSharesHeader = []string{"demande", "identifiant du lieu", "lieu", "programme", "nom du programme", "financeur", "part (%)", "montant"}
)

// ClaimSharesSuffix ends the file name of a claim's funder split, beside its lines.
const ClaimSharesSuffix = "-financeurs"

// ClaimTables are a claim's two tables, one file each: a line per chèque, then the amount per
// programme and funder with the claim's total under it.
func ClaimTables(c domain.Claim) []Table {
	lines := Table{Sheet: "Chèques", Title: "Demande de remboursement " + c.ID + " — " + c.PlaceName, Header: ClaimCSVHeader}
	for _, it := range c.Items {
		lines.Rows = append(lines.Rows, []xlsxCell{xtext(c.ID), xtext(c.Place), xtext(c.PlaceName), xtext(it.Cheque), xtext(it.Carnet),
			xday(it.UsedAt), xtext(it.Session), xtext(it.SessionTitle), xday(it.SessionStart), xtext(it.Programme), xtext(it.ProgrammeName),
			xeuro(it.ValueCents)})
	}
	shares := Table{Sheet: "Financeurs", Suffix: ClaimSharesSuffix, Title: "Demande de remboursement " + c.ID + " — part des financeurs", Header: ClaimCSVSharesHeader}
	for _, sh := range c.Shares {
		shares.Rows = append(shares.Rows, []xlsxCell{xtext(c.ID), xtext(c.Place), xtext(c.PlaceName), xtext(sh.Programme), xtext(sh.ProgrammeName),
			xtext(sh.Funder), xcount(sh.SharePercent), xeuro(sh.AmountCents)})
	}
	shares.Total = []xlsxCell{xtext(c.ID), xtext(c.Place), xtext(c.PlaceName), xtext(""), xtext(""), xtext("Total"), xtext(""), xeuro(c.AmountCents)}
	return []Table{lines, shares}
}

// WriteClaimCSV writes a claim's chèques, one line each (its funder split is WriteClaimSharesCSV).
func WriteClaimCSV(w io.Writer, c domain.Claim) error { return ClaimTables(c)[0].WriteCSV(w) }

// WriteClaimSharesCSV writes what each funder of each programme pays of a claim, and the total.
func WriteClaimSharesCSV(w io.Writer, c domain.Claim) error { return ClaimTables(c)[1].WriteCSV(w) }
