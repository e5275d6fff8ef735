package doc

import (
	"io"
	"strconv"

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
		cw.Write([]string{strconv.FormatInt(b.Person.ID, 10), csvText(b.Person.LastName), csvText(b.Person.FirstName), strconv.Itoa(b.Carnets),
			strconv.Itoa(b.Sessions), strconv.Itoa(b.ChequesUsed), b.FirstAutonomy, b.LastAutonomy, b.Progression(),
			csvDate(b.LastSession), csvText(b.LastComment)})
	}
	cw.Flush()
	return cw.Error()
}
