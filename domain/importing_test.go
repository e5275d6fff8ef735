package domain

import (
	"testing"
	"time"
)

func TestImportWording(t *testing.T) {
	born := time.Date(2004, 2, 1, 0, 0, 0, 0, time.UTC)
	noe := Person{ID: 3, LastName: "Petit", FirstName: "Noé", BirthDate: born, Commune: "60175", QPV: "Hauts de Creil"}
	benali := Person{ID: 1, LastName: "Benali", FirstName: "Yasmine", BirthDate: time.Date(2005, 3, 14, 0, 0, 0, 0, time.UTC)}
	names := ImportNames{Commune: func(string) string { return "Creil" }, Prescriber: func(string) string { return "Centre social Georges Brassens" }}
	issued := time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name      string
		row       PersonImportResult
		who, note string
		brief     string
	}{
		{"new with a carnet", PersonImportResult{Line: 3, Outcome: ImportNew, Person: noe, Carnet: "600010", HandedOver: true, IssuedAt: issued, Prescriber: "cs"},
			"PETIT Noé, 01/02/2004, Creil, QPV Hauts de Creil", "carnet 600010 remis le 05/03/2026 par Centre social Georges Brassens", "PETIT Noé"},
		{"existing, carnet theirs", PersonImportResult{Line: 4, Outcome: ImportExisting, Person: benali, Candidate: &DuplicateCandidate{Person: benali, Reason: "même nom"}, Others: 2, Carnet: "600001", CarnetHeld: true},
			"n°1 BENALI Yasmine, 14/03/2005 (même nom), et 2 autres fiches possibles", "carnet 600001 déjà enregistré à son nom", "n°1 BENALI Yasmine, 14/03/2005 (même nom), et 2 autres fiches possibles"},
		{"the same as an earlier row", PersonImportResult{Line: 5, Outcome: ImportExisting, Person: noe, SameAsLine: 3},
			"PETIT Noé, 01/02/2004, la même que la ligne 3", "", "PETIT Noé, la même que la ligne 3"},
		{"already imported from another file", PersonImportResult{Line: 6, Outcome: ImportAlready, Person: noe, Carnet: "600010", ImportedAt: issued, ImportedFile: "a.csv"},
			"PETIT Noé, 01/02/2004 (import du 05/03/2026, fichier a.csv)", "", "PETIT Noé (import du 05/03/2026, fichier a.csv)"},
		{"refused", PersonImportResult{Line: 7, Outcome: ImportRefused, Carnet: "600013", Reason: "ligne 7, colonne Né(e) le : le 31 février n'existe pas"},
			"colonne Né(e) le : le 31 février n'existe pas", "", "colonne Né(e) le : le 31 février n'existe pas"},
	} {
		if got := c.row.Who("b.csv", names); got != c.who {
			t.Errorf("%s: Who = %q, want %q", c.name, got, c.who)
		}
		if got := c.row.Who("b.csv", ImportNames{Brief: true}); got != c.brief {
			t.Errorf("%s: brief Who = %q, want %q", c.name, got, c.brief)
		}
		if got := c.row.CarnetNote(names); got != c.note {
			t.Errorf("%s: CarnetNote = %q, want %q", c.name, got, c.note)
		}
	}
	rep := ImportReport{Rows: []PersonImportResult{{Outcome: ImportNew, HandedOver: true}, {Outcome: ImportExisting}, {Outcome: ImportRefused}, {Outcome: ImportRefused}}}
	if got, want := rep.Totals(), "1 nouvelle personne, 1 personne existante, 0 ligne déjà importée, 2 lignes refusées ; 1 carnet remis"; got != want {
		t.Errorf("Totals = %q, want %q", got, want)
	}
	if rep.Recorded() != 1 {
		t.Errorf("Recorded = %d, want 1 (the new person)", rep.Recorded())
	}
}
