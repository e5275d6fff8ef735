package doc

import (
	"io"

	"passnum/domain"
)

// BilanCSVHeader is the header of the bilan export.
var BilanCSVHeader = []string{"n° personne", "nom", "prénom", "carnets remis", "séances suivies", "chèques utilisés",
	"première autonomie", "dernière autonomie", "progression", "dernière séance", "dernier commentaire"}

// WriteBilanCSV writes a prescriber's bilan, one line per person.
func WriteBilanCSV(w io.Writer, lines []domain.BilanLine) error {
	cw, err := csvWriter(w)
	if err != nil {
		return err
	}
	cw.Write(BilanCSVHeader)
	for _, b := range lines {
		cw.Write(csvRow(b.Person.ID, b.Person.LastName, b.Person.FirstName, b.Carnets,
			b.Sessions, b.ChequesUsed, b.FirstAutonomy, b.LastAutonomy, b.Progression(),
			b.LastSession, b.LastComment))
	}
	cw.Flush()
	return cw.Error()
}
