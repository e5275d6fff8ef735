package doc

import (
	"io"
	"strings"

	"passnum/domain"
)

// ActivityCSVHeader is the header of the activity export.
func ActivityCSVHeader() []string {
	h := []string{"date", "heure", "durée (min)", "type", "type de lieu", "identifiant du lieu", "lieu", "thèmes", "matériel", "séance", "titre", "niveau", "autonomie", "participants", "chèques utilisés"}
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

// ActivityTable is one line per session in the Coop's vocabulary: title and level for a
// collective workshop, autonomy for an individual session, counts by gender, age band and status.
func ActivityTable(lines []domain.ActivityLine) Table {
	t := Table{Sheet: "Activité", Title: "Activité des séances", Header: ActivityCSVHeader()}
	for _, l := range lines {
		s := l.Session
		title, level, autonomy := s.Title, s.Level, ""
		if s.Type == domain.SessionIndividual {
			title, level, autonomy = "", "", l.Autonomy
		}
		row := []xlsxCell{xday(s.Start), xclock(s.Start), xcount(s.DurationMinutes), xtext(string(s.Type)), xtext(domain.CoopPlaceType),
			xtext(s.Place), xtext(s.PlaceName), xtext(strings.Join(s.Themes, "|")), xtext(strings.Join(s.Equipment, "|")), xtext(s.ID),
			xtext(title), xtext(level), xtext(autonomy), xcount(l.Present), xcount(s.Redeemed)}
		for _, g := range domain.CoopGenders {
			row = append(row, xcount(l.Genders[g]))
		}
		for _, a := range domain.CoopAgeBands {
			row = append(row, xcount(l.AgeBands[a]))
		}
		for _, st := range domain.CoopStatuses {
			row = append(row, xcount(l.Statuses[st]))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// WriteActivityCSV writes the activity table as a CSV.
func WriteActivityCSV(w io.Writer, lines []domain.ActivityLine) error {
	return ActivityTable(lines).WriteCSV(w)
}
