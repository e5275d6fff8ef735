package doc

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"passnum/domain"
)

func TestWritePersonFileHTML(t *testing.T) {
	at := time.Date(2026, 6, 10, 14, 0, 0, 0, time.UTC)
	f := domain.PersonFile{
		Person:    domain.Person{ID: 7, LastName: "Haddad", FirstName: "Inès", BirthDate: time.Date(2006, 5, 4, 0, 0, 0, 0, time.UTC), Commune: "60175", Address: "12 rue des <Lilas>", Consent: true},
		Household: &domain.PersonFileHousehold{ID: 3, Commune: "60175", Members: []domain.PersonFileHousemate{{ID: 8, Name: "Ana HADDAD"}}},
		Carnets: []domain.PersonFileCarnet{{Number: "600001", Programme: "creil", State: "remis", Prescriber: "cs", IssuedAt: at,
			Cheques: []domain.PersonFileCheque{{Number: "600001-01", State: "utilise", UsedAt: at, Place: "pimms", PlaceName: "PIMMS de Creil", Session: "S1"}}}},
		Attendances: []domain.PersonFileAttendance{{Session: "S1", Title: "E-mail", PlaceName: "PIMMS de Creil", Start: at, Present: true}},
		FollowUps:   []domain.PersonFileFollowUp{{Session: "S1", Autonomy: "Autonome", Comment: "<script>x</script>", At: at, User: "karim"}},
		MergedFrom:  []int64{9},
		Audit:       []domain.PersonFileAudit{{At: at, User: "coord", Action: "person.read", EntityID: "7"}},
	}
	var b bytes.Buffer
	if err := WritePersonFileHTML(&b, f, func(string) string { return "Creil" }, at); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"<!DOCTYPE html>", `lang="fr"`, "Dossier de la personne n°7", "Haddad", "04/05/2006", "12 rue des &lt;Lilas&gt;",
		"Foyer n°3 (Creil) : n°8 Ana HADDAD", "600001-01", "PIMMS de Creil", "Autonome", "&lt;script&gt;", "n°9", "person.read", "Aucun diagnostic."} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q", want)
		}
	}
	for _, bad := range []string{"<script>", "http://", "https://", "<link"} {
		if strings.Contains(out, bad) {
			t.Errorf("the dossier must work offline and escape text: found %q", bad)
		}
	}
}
