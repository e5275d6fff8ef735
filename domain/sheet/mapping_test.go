package sheet

import (
	"slices"
	"strings"
	"testing"
)

func TestGuessField(t *testing.T) {
	for _, c := range []struct {
		header string
		want   Field // "" for none
	}{
		{"Nom", LastName},
		{"NOM DE FAMILLE", LastName},
		{"  nom   d'usage ", LastName},
		{"Prénom", FirstName},
		{"PRENOM", FirstName},
		{"Date de naissance", BirthDate},
		{"Date de\nnaissance", BirthDate},
		{"Né(e) le", BirthDate},
		{"née le", BirthDate},
		{"Commune", Commune},
		{"Ville", Commune},
		{"Code postal", PostalCode},
		{"CP", PostalCode},
		{"QPV", QPV},
		{"Situation", Status},
		{"Diplôme", Diploma},
		{"N° carnet", Carnet},
		{"N° de carnet", Carnet},
		{"Nº carnet", Carnet},
		{"n°carnet", Carnet},
		{"Carnet", Carnet},
		{"Numéro de carnet", Carnet},
		{"Date de remise", IssuedAt},
		{"Remis le", IssuedAt},
		{"Structure", Prescriber},
		{"Structure prescriptrice", Prescriber},
		{"birth_date", BirthDate},
		{"Identité › Nom", LastName},
		{"Carnet › Date de remise", IssuedAt},
		// Whole headers only: these name something else.
		{"Nom de la structure", ""},
		{"Commune de naissance", ""},
		{"Date", ""},
		{"Montant", ""},
		{"", ""},
	} {
		got, ok := GuessField(c.header)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("GuessField(%q) = %q, %v; want %q", c.header, got, ok, c.want)
		}
	}
}

func TestGuessKeepsFirstOfTwoColumns(t *testing.T) {
	m := Guess([]string{"Nom", "Prénom", "Nom de famille", "Remarque"})
	if c, _ := m.Column(LastName); c != 0 {
		t.Errorf("last_name in column %d", c)
	}
	if got := m.Unmapped(); !slices.Equal(got, []string{"Nom de famille", "Remarque"}) {
		t.Errorf("unmapped %q", got)
	}
	if got := m.Missing(); !slices.Contains(got, BirthDate) || slices.Contains(got, FirstName) {
		t.Errorf("missing %v", got)
	}
}

func TestResolve(t *testing.T) {
	header := []string{"Nom", "Prénom", "Naissance le", "Carnet", "Cote", "Structure"}
	for _, c := range []struct {
		name, spec string
		want       map[Field]string // field → header
		unmapped   []string
		err        string
	}{
		{"guess only", "", map[Field]string{LastName: "Nom", FirstName: "Prénom", Carnet: "Carnet", Prescriber: "Structure"}, []string{"Naissance le", "Cote"}, ""},
		{"add a column", "Naissance le=birth_date", map[Field]string{BirthDate: "Naissance le"}, []string{"Cote"}, ""},
		{"folded column, French label", " naissance LE = Date de naissance ", map[Field]string{BirthDate: "Naissance le"}, []string{"Cote"}, ""},
		{"by letter", "c=birth_date,E=qpv", map[Field]string{BirthDate: "Naissance le", QPV: "Cote"}, nil, ""},
		{"leave out", "Structure=", map[Field]string{LastName: "Nom"}, []string{"Naissance le", "Cote", "Structure"}, ""},
		{"move a field", "Cote=carnet", map[Field]string{Carnet: "Cote"}, []string{"Naissance le", "Carnet"}, ""},
		{"trailing comma", "Cote=qpv,", map[Field]string{QPV: "Cote"}, []string{"Naissance le"}, ""},
		{"unknown column", "Naissance=birth_date", nil, nil, "--map : pas de colonne « Naissance » dans le fichier (colonnes : « Nom », « Prénom », « Naissance le », « Carnet », « Cote », « Structure »)"},
		{"unknown field", "Cote=birthday", nil, nil, "--map : champ « birthday » inconnu pour la colonne « Cote » (champs : last_name, first_name, birth_date, commune, postal_code, address, qpv, status, diploma, carnet, issued_at, prescriber, consent)"},
		{"no equals", "Cote", nil, nil, "--map : « Cote » — écrivez colonne=champ"},
		{"field twice", "Cote=birth_date,Naissance le=birth_date", nil, nil, "--map : le champ birth_date est donné à deux colonnes, « Cote » et « Naissance le »"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := Resolve(header, c.spec)
			if c.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), c.err) {
					t.Fatalf("err %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for f, h := range c.want {
				if got := m.ColumnName(f); got != h {
					t.Errorf("%s in %q, want %q", f, got, h)
				}
			}
			if got := m.Unmapped(); !slices.Equal(got, c.unmapped) {
				t.Errorf("unmapped %q, want %q", got, c.unmapped)
			}
		})
	}
}
