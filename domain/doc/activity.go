package doc

import (
	"io"
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
		title, level, autonomy := s.Title, s.Level, ""
		if s.Type == domain.SessionIndividual {
			title, level, autonomy = "", "", l.Autonomy
		}
		row := []any{s.Start, csvClock(s.Start), s.DurationMinutes, string(s.Type), domain.CoopPlaceType,
			s.PlaceName, strings.Join(s.Themes, "|"), strings.Join(s.Equipment, "|"), title, level, autonomy,
			l.Present, s.Redeemed}
		for _, g := range domain.CoopGenders {
			row = append(row, l.Genders[g])
		}
		for _, a := range domain.CoopAgeBands {
			row = append(row, l.AgeBands[a])
		}
		for _, st := range domain.CoopStatuses {
			row = append(row, l.Statuses[st])
		}
		cw.Write(csvRow(row...))
	}
	cw.Flush()
	return cw.Error()
}
