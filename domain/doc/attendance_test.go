package doc

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"passnum/domain"
)

// The printed attendance sheet names the session, its day, place and trainer, has one line to
// sign per participant and blank lines up to the capacity, and loads nothing from outside.
func TestAttendanceHTML(t *testing.T) {
	start := time.Date(2026, 12, 1, 14, 0, 0, 0, time.Local)
	a := AttendanceSheet{
		Session: domain.Session{ID: "S12", Place: "pimms-creil", PlaceName: "PIMMS de Creil", Title: "Créer son adresse e-mail", Themes: []string{"E-mail"},
			Level: "Débutant", Type: domain.SessionCollective, Start: start, DurationMinutes: 90, Capacity: 4},
		Place:   domain.Place{Name: "PIMMS de Creil", Address: "12 rue Jules Michelet", PostalCode: "60100", Commune: "Creil"},
		Trainer: "Médiateur du PIMMS",
		Participants: []domain.Participant{
			{ID: 1, PersonID: 7, Name: "Jeanne Dupont", Cheque: "600001-01", Present: true},
			{ID: 2, PersonID: 8, Name: "Inès Haddad", Present: false},
			{ID: 3, Anonymous: true, Present: true},
		},
		PrintedAt: start.Add(-time.Hour),
	}
	var b bytes.Buffer
	if err := WriteAttendanceHTML(&b, a); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, want := range []string{"Feuille d'émargement", "Créer son adresse e-mail", "séance S12", "Le 1er décembre 2026, de 14 h à 15 h 30 (1 h 30)",
		"PIMMS de Creil, 12 rue Jules Michelet, 60100 Creil", "Formateur ou formatrice : Médiateur du PIMMS", "Jeanne Dupont", "600001-01",
		"Inès Haddad <span class=\"absent\">(absent(e))</span>", `<td class="n">4</td><td></td>`, "@page { size: A4"} {
		if !strings.Contains(s, want) {
			t.Errorf("HTML without %q", want)
		}
	}
	if n := strings.Count(s, `<td class="sign"></td>`); n != 4 {
		t.Errorf("%d signature boxes, want one per place (4)", n)
	}
	if strings.Contains(s, "http://") || strings.Contains(s, "https://") || strings.Contains(s, "<script") {
		t.Error("the sheet loads something from outside")
	}
	if got := AttendanceFileName(a.Session); got != "emargement-S12-2026-12-01.html" {
		t.Errorf("file name %q", got)
	}
	golden(t, "attendance.html", b.Bytes())
}
