package doc

import (
	"io"
	"strconv"
	"strings"

	"passnum/domain"
)

// ActivityCSVHeader is the header of the activity export.
func ActivityCSVHeader() []string {
	h := []string{"date", "heure", "durée (min)", "type", "type de lieu", "lieu", "thèmes", "matériel", "titre", "niveau", "autonomie", "participants", "chèques utilisés"}
	for _, g := range domain.CoopGenders {
		h = append(h, "genre : "+g)
	}
	for _, a := range domain.CoopAgeBands {
		h = append(h, "âge : "+a)
	}
	for _, st := range domain.CoopStatuses {
		h = append(h, "statut : "+st)
	}
	return h
}

// WriteActivityCSV writes one line per session in the Coop's vocabulary: title and level for a
// collective workshop, autonomy for an individual session, counts by gender, age band and status.
func WriteActivityCSV(w io.Writer, lines []domain.ActivityLine) error {
	cw, err := csvWriter(w)
	if err != nil {
		return err
	}
	cw.Write(ActivityCSVHeader())
	for _, l := range lines {
		s := l.Session
		title, level, autonomy := csvText(s.Title), s.Level, ""
		if s.Type == domain.SessionIndividual {
			title, level, autonomy = "", "", l.Autonomy
		}
		row := []string{csvDate(s.Start), s.Start.Local().Format("15:04"), strconv.Itoa(s.DurationMinutes), string(s.Type), domain.CoopPlaceType,
			csvText(s.PlaceName), strings.Join(s.Themes, "|"), strings.Join(s.Equipment, "|"), title, level, autonomy,
			strconv.Itoa(l.Present), strconv.Itoa(s.Redeemed)}
		for _, g := range domain.CoopGenders {
			row = append(row, strconv.Itoa(l.Genders[g]))
		}
		for _, a := range domain.CoopAgeBands {
			row = append(row, strconv.Itoa(l.AgeBands[a]))
		}
		for _, st := range domain.CoopStatuses {
			row = append(row, strconv.Itoa(l.Statuses[st]))
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}
