package sheet

import (
	"strings"
	"testing"
	"time"

	"passnum/domain"
)

// A file read whole: its columns, its rows, and its refused rows given back as the file had
// them with the report's motif.
func TestReadPeopleFileAndRefused(t *testing.T) {
	creil := domain.Commune{INSEE: "60175", Name: "Creil"}
	lk := PeopleLookups{Commune: func(field, text string) (domain.Commune, error) {
		if domain.Normalize(text) == "creil" {
			return creil, nil
		}
		return domain.Commune{}, domain.Errorf(domain.KindInvalid, "%s : « %s » inconnue", field, text)
	}}
	const csv = "Nom;Prénom;Date de naissance;Commune;Remarques\nPetit;Noé;01/02/2004;Creil;\nMoreau;José;31/02/1998;Creil;à rappeler\n"
	today := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	f, err := ReadPeopleFile("beneficiaires.csv", strings.NewReader(csv), "", "", lk, PeopleOptions{Consent: true}, today)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Mapping.Unmapped(); len(got) != 1 || got[0] != "Remarques" {
		t.Errorf("unmapped columns %q, want Remarques", got)
	}
	if len(f.Rows) != 2 || f.Rows[0].Refusal != "" || !f.Rows[0].Person.Consent || !strings.Contains(f.Rows[1].Refusal, "31 février") {
		t.Fatalf("rows %+v", f.Rows)
	}
	rep := domain.ImportReport{Rows: []domain.PersonImportResult{{Line: 2, Outcome: domain.ImportNew}, {Line: 3, Outcome: domain.ImportRefused, Reason: f.Rows[1].Refusal}}}
	rows, motifs := f.Refused(rep)
	if len(rows) != 1 || strings.Join(rows[0], ";") != "Moreau;José;31/02/1998;Creil;à rappeler" || motifs[0] != `Colonne Date de naissance : "31/02/1998" — le 31 février n'existe pas` {
		t.Errorf("refused %q %q", rows, motifs)
	}

	// A file without a column every row needs is refused whole, saying how to name it.
	_, err = ReadPeopleFile("b.csv", strings.NewReader("Patronyme;Prénom;Né le;Ville\nPetit;Noé;01/02/2004;Creil\n"), "", "", lk, PeopleOptions{}, today)
	if err == nil || err.Error() != `aucune colonne « Nom » dans le fichier (colonnes : « Patronyme », « Prénom », « Né le », « Ville ») — si elle porte un autre titre, nommez-la avec --map, par exemple --map "Patronyme=last_name"` {
		t.Errorf("no last-name column: %v", err)
	}
	_, err = ReadPeopleFile("b.csv", strings.NewReader("Nom;Prénom;Né le;N° carnet\nPetit;Noé;01/02/2004;600001\n"), "", "", lk, PeopleOptions{}, today)
	if err == nil || !strings.Contains(err.Error(), "aucune colonne « Commune » ni « Code postal »") {
		t.Errorf("no commune column: %v", err)
	}

	if _, err := ReadPeopleFile("beneficiaires.ods", strings.NewReader(""), "", "", lk, PeopleOptions{}, today); err == nil || !strings.Contains(err.Error(), ".xlsx ou .csv") {
		t.Errorf("an .ods file: %v", err)
	}
	if _, err := ReadPeopleFile("beneficiaires.csv", strings.NewReader(csv), "", "Remarques=zzz", lk, PeopleOptions{}, today); err == nil || !strings.Contains(err.Error(), "champ « zzz » inconnu") {
		t.Errorf("a bad mapping: %v", err)
	}
}
