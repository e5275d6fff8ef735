package sheet

import (
	"strings"
	"testing"
	"time"

	"passnum/domain"
)

func TestClassifyPeople(t *testing.T) {
	today := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	creil := domain.Commune{INSEE: "60175", Name: "Creil"}
	known := domain.Person{ID: 7, LastName: "Durand", FirstName: "Léa", BirthDate: time.Date(2005, 4, 3, 0, 0, 0, 0, time.UTC)}
	lk := PeopleLookups{
		Commune: func(field, text string) (domain.Commune, error) {
			if domain.Normalize(text) == "creil" || text == "60100" || text == "60175" {
				return creil, nil
			}
			return domain.Commune{}, domain.Errorf(domain.KindInvalid, "%s : « %s » n'est pas une commune du territoire", field, text)
		},
		Duplicates: func(p domain.Person) ([]domain.DuplicateCandidate, error) {
			if domain.Normalize(p.LastName) == "durand" && p.BirthDate.Equal(known.BirthDate) {
				return []domain.DuplicateCandidate{{Person: known, Reason: "même nom et date de naissance"}}, nil
			}
			return nil, nil
		},
		Carnet: func(n string) (domain.Carnet, error) {
			switch n {
			case "600001":
				return domain.Carnet{Number: n, State: domain.CarnetIssued, PersonID: 3}, nil
			case "600002":
				return domain.Carnet{Number: n, State: domain.CarnetIssued, PersonID: 7}, nil
			case "600010":
				return domain.Carnet{Number: n, State: domain.CarnetAllocated}, nil
			}
			return domain.Carnet{}, domain.Errorf(domain.KindNotFound, "carnet %s introuvable", n)
		},
	}
	const header = "Nom;Prénom;Date de naissance;Commune;Code postal;Situation;Diplôme;N° carnet\n"
	cases := []struct {
		name, row string
		want      Verdict
		reason    string // part of the reason, or of the candidate's name
	}{
		{"new", "Petit;Noé;01/02/2004;Creil;;;;", VerdictNew, ""},
		{"new by postal code, labels", "Petit;Noé;01/02/2004;;60100;Retraité;CAP/BEP;600010", VerdictNew, ""},
		{"status and diploma ids", "Petit;Noé;01/02/2004;creil;;demandeur_emploi;bac+2;", VerdictNew, ""},
		{"existing", "DURAND;Lea;03/04/2005;Creil;;;;", VerdictExisting, "Durand"},
		{"existing holds its carnet", "Durand;Léa;03/04/2005;Creil;;;;600002", VerdictExisting, "Durand"},
		{"no last name", ";Noé;01/02/2004;Creil;;;;", VerdictRefused, "ligne 2, colonne Nom : vide — le nom est obligatoire"},
		{"no first name", "Petit;;01/02/2004;Creil;;;;", VerdictRefused, "ligne 2, colonne Prénom : vide"},
		{"no birth date", "Petit;Noé;;Creil;;;;", VerdictRefused, "ligne 2, colonne Date de naissance : vide"},
		{"impossible date", "Petit;Noé;31/02/1998;Creil;;;;", VerdictRefused, `ligne 2, colonne Date de naissance : "31/02/1998" — le 31 février n'existe pas`},
		{"unknown commune", "Petit;Noé;01/02/2004;Paris;;;;", VerdictRefused, "ligne 2, colonne Commune : « Paris »"},
		{"no commune", "Petit;Noé;01/02/2004;;;;;", VerdictRefused, "la commune (nom, code postal ou code INSEE) est obligatoire"},
		{"bad postal code", "Petit;Noé;01/02/2004;Creil;601;;;", VerdictRefused, "colonne Code postal"},
		{"unknown status", "Petit;Noé;01/02/2004;Creil;;chômeur;;", VerdictRefused, "ligne 2, colonne Situation : « chômeur » n'est pas une situation connue"},
		{"unknown diploma", "Petit;Noé;01/02/2004;Creil;;;doctorat;", VerdictRefused, "ligne 2, colonne Diplôme : « doctorat » n'est pas un diplôme connu"},
		{"unknown carnet", "Petit;Noé;01/02/2004;Creil;;;;999999", VerdictRefused, "carnet 999999 inconnu du registre"},
		{"carnet of someone else", "Petit;Noé;01/02/2004;Creil;;;;600001", VerdictRefused, "le carnet 600001 est déjà remis à quelqu'un d'autre (personne n°3)"},
		{"existing, carnet of someone else", "Durand;Léa;03/04/2005;Creil;;;;600001", VerdictRefused, "déjà remis"},
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
			vs, err := ClassifyPeople(tb, m, lk, today)
			if err != nil || len(vs) != 1 {
				t.Fatalf("ClassifyPeople = %v, %v", vs, err)
			}
			v := vs[0]
			if v.Verdict != c.want {
				t.Fatalf("verdict %s (%s), want %s", v.Verdict, v.Reason, c.want)
			}
			switch c.want {
			case VerdictRefused:
				if !strings.Contains(v.Reason, c.reason) {
					t.Errorf("reason %q, want it to say %q", v.Reason, c.reason)
				}
			case VerdictExisting:
				if v.Candidate == nil || v.Candidate.Person.ID != 7 {
					t.Errorf("candidate %+v, want n°7", v.Candidate)
				}
			case VerdictNew:
				if v.Person.Commune != "60175" || v.Candidate != nil {
					t.Errorf("person %+v candidate %v", v.Person, v.Candidate)
				}
			}
		})
	}
}

func TestClassifyPeopleStopsOnLedgerError(t *testing.T) {
	tb, _ := ReadCSV([]byte("Nom;Prénom;Date de naissance;Commune\nPetit;Noé;01/02/2004;Creil\n"))
	m, _ := Resolve(tb.Header, "")
	lk := PeopleLookups{
		Commune: func(string, string) (domain.Commune, error) { return domain.Commune{INSEE: "60175"}, nil },
		Duplicates: func(domain.Person) ([]domain.DuplicateCandidate, error) {
			return nil, domain.Errorf(domain.KindInternal, "disque")
		},
	}
	if _, err := ClassifyPeople(tb, m, lk, time.Now()); err == nil {
		t.Fatal("a failed look-up must stop the dry run, not refuse the row")
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

func TestClassifyPeopleNamesTheFirstCandidateAndCountsTheOthers(t *testing.T) {
	tb, _ := ReadCSV([]byte("Nom;Prénom;Date de naissance;Commune\nPetit;Noé;01/02/2004;Creil\n"))
	m, _ := Resolve(tb.Header, "")
	lk := PeopleLookups{
		Commune: func(string, string) (domain.Commune, error) { return domain.Commune{INSEE: "60175"}, nil },
		Duplicates: func(domain.Person) ([]domain.DuplicateCandidate, error) {
			return []domain.DuplicateCandidate{{Person: domain.Person{ID: 4}}, {Person: domain.Person{ID: 9}}}, nil
		},
	}
	vs, err := ClassifyPeople(tb, m, lk, time.Now())
	if err != nil || vs[0].Verdict != VerdictExisting || vs[0].Candidate.Person.ID != 4 || vs[0].Others != 1 {
		t.Fatalf("got %+v, %v; want existing n°4 and 1 other", vs, err)
	}
}
