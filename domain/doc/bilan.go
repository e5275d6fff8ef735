package doc

import (
	"io"

	"passnum/domain"
)

// BilanCSVHeader is the header of the bilan export.
var BilanCSVHeader = []string{"n° personne", "nom", "prénom", "carnets remis", "séances suivies", "chèques utilisés",
	"première autonomie", "dernière autonomie", "progression", "dernière séance", "dernier commentaire"}

// BilanTable is a prescriber's bilan, one line per person.
func BilanTable(lines []domain.BilanLine) Table {
	t := Table{Sheet: "Bilan", Title: "Bilan du prescripteur", Header: BilanCSVHeader}
	for _, b := range lines {
		t.Rows = append(t.Rows, []xlsxCell{xcount(int(b.Person.ID)), xtext(b.Person.LastName), xtext(b.Person.FirstName), xcount(b.Carnets),
			xcount(b.Sessions), xcount(b.ChequesUsed), xtext(b.FirstAutonomy), xtext(b.LastAutonomy), xtext(b.Progression()),
			xday(b.LastSession), xtext(b.LastComment)})
	}
	return t
}

// WriteBilanCSV writes a prescriber's bilan, one line per person.
func WriteBilanCSV(w io.Writer, lines []domain.BilanLine) error { return BilanTable(lines).WriteCSV(w) }
