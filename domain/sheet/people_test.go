package sheet

import (
	"strings"
	"testing"
	"time"

	"passnum/domain"
)

func TestReadPeople(t *testing.T) {
	today := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	creil := domain.Commune{INSEE: "60175", Name: "Creil", QPV: []string{"Hauts de Creil"}}
	lens := domain.Commune{INSEE: "62498", Name: "Lens", QPV: []string{"Cité 12-14", "Grande Résidence"}}
	nogent := domain.Commune{INSEE: "60463", Name: "Nogent-sur-Oise"}
	lk := PeopleLookups{
		Commune: func(field, text string) (domain.Commune, error) {
			for _, c := range []domain.Commune{creil, lens, nogent} {
				if domain.Normalize(text) == domain.Normalize(c.Name) || text == c.INSEE || (c.INSEE == "60175" && text == "60100") {
					return c, nil
				}
			}
			return domain.Commune{}, domain.Errorf(domain.KindInvalid, "%s : « %s » n'est pas une commune du territoire", field, text)
		},
		Prescribers: []domain.Prescriber{{ID: "cs-brassens", Name: "Centre social Georges Brassens"}, {ID: "ccas-creil", Name: "CCAS de Creil"}},
	}
	const header = "Nom;Prénom;Date de naissance;Commune;Code postal;Situation;Diplôme;N° carnet;Date de remise;Structure;QPV;Accord\n"
	cases := []struct {
		name, row string
		check     func(domain.PersonImportRow) bool
		refusal   string // part of the refusal; "" when the row reads
	}{
		{"plain", "Petit;Noé;01/02/2004;Creil;;;;;;;;", func(r domain.PersonImportRow) bool {
			return r.Person.Commune == "60175" && r.Person.BirthDate.Equal(time.Date(2004, 2, 1, 0, 0, 0, 0, time.UTC)) && r.Carnet == "" && !r.Person.Consent
		}, ""},
		{"by postal code, labels", "Petit;Noé;01/02/2004;;60100;Retraité;CAP/BEP;;;;;", func(r domain.PersonImportRow) bool {
			return r.Person.Commune == "60175" && r.Person.Status == domain.StatusRetired && r.Person.Diploma == "cap_bep"
		}, ""},
		{"hand-over, structure by name, Excel serial date", "Petit;Noé;01/02/2004;Creil;;;;600010;46082;centre social georges brassens;;oui", func(r domain.PersonImportRow) bool {
			return r.Carnet == "600010" && r.IssuedAt.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)) && r.Prescriber == "cs-brassens" && r.Person.Consent
		}, ""},
		{"structure by id", "Petit;Noé;01/02/2004;Creil;;;;600010;05/03/2026;ccas-creil;;", func(r domain.PersonImportRow) bool { return r.Prescriber == "ccas-creil" }, ""},
		{"QPV oui, the commune's only one", "Petit;Noé;01/02/2004;Creil;;;;;;;Oui;", func(r domain.PersonImportRow) bool { return r.Person.QPV == "Hauts de Creil" }, ""},
		{"QPV by name", "Petit;Noé;01/02/2004;Lens;;;;;;;grande residence;", func(r domain.PersonImportRow) bool { return r.Person.QPV == "Grande Résidence" }, ""},
		{"QPV non", "Petit;Noé;01/02/2004;Creil;;;;;;;non;", func(r domain.PersonImportRow) bool { return r.Person.QPV == "" }, ""},
		{"QPV oui among several", "Petit;Noé;01/02/2004;Lens;;;;;;;x;", nil, "ligne 2, colonne QPV : « x » — Lens a plusieurs quartiers prioritaires, écrivez lequel (Cité 12-14, Grande Résidence)"},
		{"QPV oui without any", "Petit;Noé;01/02/2004;Nogent-sur-Oise;;;;;;;oui;", nil, "Nogent-sur-Oise n'a pas de quartier prioritaire"},
		{"QPV unknown name", "Petit;Noé;01/02/2004;Creil;;;;;;;Rouher;", nil, "« Rouher » n'est pas un quartier prioritaire de Creil (choix : Hauts de Creil, oui, non)"},
		{"no last name", ";Noé;01/02/2004;Creil;;;;;;;;", nil, "ligne 2, colonne Nom : vide — le nom est obligatoire"},
		{"no first name", "Petit;;01/02/2004;Creil;;;;;;;;", nil, "ligne 2, colonne Prénom : vide"},
		{"no birth date", "Petit;Noé;;Creil;;;;;;;;", nil, "ligne 2, colonne Date de naissance : vide"},
		{"impossible date", "Petit;Noé;31/02/1998;Creil;;;;;;;;", nil, `ligne 2, colonne Date de naissance : "31/02/1998" — le 31 février n'existe pas`},
		{"unknown commune", "Petit;Noé;01/02/2004;Paris;;;;;;;;", nil, "ligne 2, colonne Commune : « Paris »"},
		{"no commune", "Petit;Noé;01/02/2004;;;;;;;;;", nil, "la commune (nom, code postal ou code INSEE) est obligatoire"},
		{"bad postal code", "Petit;Noé;01/02/2004;Creil;601;;;;;;;", nil, "colonne Code postal"},
		{"unknown status", "Petit;Noé;01/02/2004;Creil;;chômeur;;;;;;", nil, "ligne 2, colonne Situation : « chômeur » n'est pas une situation connue"},
		{"unknown diploma", "Petit;Noé;01/02/2004;Creil;;;doctorat;;;;;", nil, "ligne 2, colonne Diplôme : « doctorat » n'est pas un diplôme connu"},
		{"carnet without date", "Petit;Noé;01/02/2004;Creil;;;;600010;;;;", nil, "ligne 2, colonne Date de remise : vide — indiquez le jour où le carnet 600010 a été remis"},
		{"date without carnet", "Petit;Noé;01/02/2004;Creil;;;;;05/03/2026;;;", nil, "ligne 2, colonne N° carnet : vide, alors qu'une date de remise est donnée"},
		{"hand-over in the future", "Petit;Noé;01/02/2004;Creil;;;;600010;05/03/2027;;;", nil, "ligne 2, colonne Date de remise : le 05/03/2027 est dans le futur"},
		{"unknown structure", "Petit;Noé;01/02/2004;Creil;;;;600010;05/03/2026;Mairie;;", nil, "ligne 2, colonne Structure : « Mairie » n'est pas une structure du territoire (choix : Centre social Georges Brassens, CCAS de Creil)"},
		{"bad consent", "Petit;Noé;01/02/2004;Creil;;;;;;;;peut-être", nil, "ligne 2, colonne Accord"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tb, err := ReadCSV([]byte(header + c.row + "\n"))
			if err != nil {
				t.Fatal(err)
			}
			m, err := Resolve(tb.Header, "")
			if err != nil {
				t.Fatal(err)
			}
			rows := ReadPeople(tb, m, lk, PeopleOptions{}, today)
			if len(rows) != 1 || rows[0].Line != 2 {
				t.Fatalf("ReadPeople = %+v", rows)
			}
			r := rows[0]
			if c.refusal != "" {
				if !strings.Contains(r.Refusal, c.refusal) {
					t.Errorf("refusal %q, want it to say %q", r.Refusal, c.refusal)
				}
				return
			}
			if r.Refusal != "" || !c.check(r) {
				t.Errorf("read %+v", r)
			}
		})
	}
}

// TestReadPeopleConsentAndAddress: --consent stands for a file without an « Accord » column and
// for its empty cells; a « non » refuses the row, nothing about the person being recorded; an
// address cell that is no address gives no foyer, or is refused when it is a typo.
func TestReadPeopleConsentAndAddress(t *testing.T) {
	lk := PeopleLookups{Commune: func(string, string) (domain.Commune, error) { return domain.Commune{INSEE: "60175"}, nil }}
	const withColumn = "Nom;Prénom;Né le;Ville;Accord RGPD\nA;B;01/01/1990;Creil;oui\nC;D;01/01/1990;Creil;non\nE;F;01/01/1990;Creil;\n"
	for _, c := range []struct {
		csv     string
		flag    bool
		consent []bool
	}{
		{"Nom;Prénom;Né le;Ville\nA;B;01/01/1990;Creil\n", false, []bool{false}},
		{"Nom;Prénom;Né le;Ville\nA;B;01/01/1990;Creil\n", true, []bool{true}},
		{withColumn, true, []bool{true, false, true}},
		{withColumn, false, []bool{true, false, false}},
	} {
		tb, _ := ReadCSV([]byte(c.csv))
		m, _ := Resolve(tb.Header, "")
		rows := ReadPeople(tb, m, lk, PeopleOptions{Consent: c.flag}, time.Now())
		for i, r := range rows {
			declined := strings.Contains(r.Refusal, "ligne 3, colonne Accord RGPD : non — la personne n'a pas donné son accord")
			if r.Person.Consent != c.consent[i] || (r.Refusal != "") != declined || declined != (r.Line == 3 && strings.Contains(c.csv, "Accord")) {
				t.Errorf("%q --consent=%v row %d: consent %v (%s), want %v", c.csv, c.flag, i, r.Person.Consent, r.Refusal, c.consent[i])
			}
		}
	}
	tb, _ := ReadCSV([]byte("Nom;Prénom;Né le;Ville;Adresse\nA;B;01/01/1990;Creil;12 rue Émile Zola\nC;D;01/01/1990;Creil;SDF\nE;F;01/01/1990;Creil;?\nG;H;01/01/1990;Creil;NC\n"))
	m, _ := Resolve(tb.Header, "")
	rows := ReadPeople(tb, m, lk, PeopleOptions{}, time.Now())
	for i, want := range []string{"12 rue Émile Zola", "", "", ""} {
		if rows[i].Refusal != "" || rows[i].Person.Address != want {
			t.Errorf("row %d: address %q (%s), want %q", rows[i].Line, rows[i].Person.Address, rows[i].Refusal, want)
		}
	}
}

func TestRowKeyIgnoresSpellingAndFile(t *testing.T) {
	born := time.Date(2004, 2, 1, 0, 0, 0, 0, time.UTC)
	a := domain.PersonImportRow{Line: 2, Person: domain.Person{LastName: "Petit", FirstName: "Noé", BirthDate: born}, Carnet: "600010", IssuedAt: born}
	b := domain.PersonImportRow{Line: 9, Person: domain.Person{LastName: "PETIT ", FirstName: "noe", BirthDate: born, Commune: "60175"}, Carnet: "600010", IssuedAt: born}
	c := a
	c.Carnet = "600011"
	if a.Key() != b.Key() {
		t.Error("the same row, spelled otherwise on another line, must be recognised")
	}
	if a.Key() == c.Key() {
		t.Error("another carnet is another row")
	}
}

func TestParseStatusAndDiploma(t *testing.T) {
	for in, want := range map[string]domain.Status{"Demandeur d'emploi": domain.StatusJobSeeker, "RETRAITÉ": domain.StatusRetired, "retraitee": "", "rsa": domain.StatusRSA, "bénéficiaire du RSA": domain.StatusRSA, "Étudiant": domain.StatusStudent} {
		got, _ := domain.ParseStatus(in)
		if got != want {
			t.Errorf("ParseStatus(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]domain.Diploma{"CAP/BEP": "cap_bep", "Baccalauréat": "bac", "bac+5": "bac+5", "Master (bac+5)": "bac+5", "aucun diplôme": "aucun", "licence": ""} {
		got, _ := domain.ParseDiploma(in)
		if got != want {
			t.Errorf("ParseDiploma(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPrescriberPrecedence: an exact id first, then a name, then an id folded — so a structure
// named like another's id is found by its name.
func TestPrescriberPrecedence(t *testing.T) {
	ix := indexPrescribers([]domain.Prescriber{{ID: "ccas", Name: "Centre communal d'action sociale"}, {ID: "cs-brassens", Name: "CCAS"}})
	for in, want := range map[string]string{"ccas": "ccas", "CCAS": "cs-brassens", "Ccas": "cs-brassens", "CS-BRASSENS": "cs-brassens", "centre communal d action sociale": "ccas"} {
		if p, ok := ix.find(in); !ok || p.ID != want {
			t.Errorf("find(%q) = %q, %v; want %q", in, p.ID, ok, want)
		}
	}
}
