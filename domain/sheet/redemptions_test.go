package sheet

import (
	"strings"
	"testing"
	"time"
)

func TestGuessRedemptionField(t *testing.T) {
	for _, c := range []struct {
		header string
		want   Field // "" for none
	}{
		{"N° chèque", Cheque},
		{"N° de chèque", Cheque},
		{"Numéro du chèque", Cheque},
		{"CHEQUE", Cheque},
		{"Nº pass", Cheque},
		{"Date", UsedOn},
		{"Date d'utilisation", UsedOn},
		{"Date d’utilisation", UsedOn},
		{"Utilisé le", UsedOn},
		{"Date de la séance", UsedOn},
		{"Lieu", Place},
		{"Structure", Place},
		{"Structure labellisée", Place},
		{"Chèque › N°", Cheque}, // a merged « Chèque » over « N° »
		{"Utilisation › Date", UsedOn},
		// People's headers name nothing here, and the other way round.
		{"N° carnet", ""},
		{"Date de naissance", ""},
		{"Nom", ""},
		{"", ""},
	} {
		got, ok := Redemptions.GuessField(c.header)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("Redemptions.GuessField(%q) = %q, %v; want %q", c.header, got, ok, c.want)
		}
	}
	// The people's set is untouched: « Date » alone is not a person's date, « Structure » is the prescriber.
	if f, ok := People.GuessField("Date"); ok {
		t.Errorf("People.GuessField(Date) = %q", f)
	}
	if f, _ := People.GuessField("Structure"); f != Prescriber {
		t.Errorf("People.GuessField(Structure) = %q, want prescriber", f)
	}
}

func TestResolveRedemptionsMap(t *testing.T) {
	header := []string{"Pass utilisé", "Jour", "Lieu", "Remarque"}
	m := Redemptions.Guess(header)
	if got := m.Mapped(); len(got) != 1 || got[0] != Place {
		t.Fatalf("guessed %v, want only place", got)
	}
	if got := m.Missing(); len(got) != 3 || got[0] != Cheque || got[1] != UsedOn || got[2] != Session {
		t.Fatalf("missing %v, want cheque and used_on", got)
	}
	m, err := Redemptions.Resolve(header, "Pass utilisé=cheque, B=Date d'utilisation")
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := m.Column(Cheque); c != 0 {
		t.Errorf("cheque in column %d", c)
	}
	if c, _ := m.Column(UsedOn); c != 1 {
		t.Errorf("used_on in column %d", c)
	}
	if m.ColumnName(UsedOn) != "Jour" || strings.Join(m.Unmapped(), ",") != "Remarque" {
		t.Errorf("column name %q, unmapped %v", m.ColumnName(UsedOn), m.Unmapped())
	}
	_, err = Redemptions.Resolve(header, "Jour=birth_date")
	if err == nil || !strings.Contains(err.Error(), "champ « birth_date » inconnu pour la colonne « Jour » (champs : cheque, used_on, place, session)") {
		t.Errorf("a people field in a redemptions map: %v", err)
	}
	_, err = Resolve([]string{"Nom"}, "Nom=cheque")
	if err == nil || !strings.Contains(err.Error(), "(champs : last_name, first_name,") {
		t.Errorf("a redemptions field in a people map: %v", err)
	}
}

func TestReadRedemptions(t *testing.T) {
	tab := &Table{Header: []string{"N° chèque", "Date", "Lieu"}, Rows: []Row{
		{Line: 2, Cells: []string{"600001-01", "05/03/2026", "PIMMS de Creil"}},
		{Line: 3, Cells: []string{"600001-02", "46086", ""}}, // Excel serial, place from --place
		{Line: 4, Cells: []string{"600001-03", "2026-03-07 00:00:00", "cims"}},
		{Line: 5, Cells: []string{"600001-01", "06/03/2026", "pimms"}},
		{Line: 6, Cells: []string{"", "06/03/2026", "pimms"}},
		{Line: 7, Cells: []string{"600001 04", "06/03/2026", "pimms"}},
		{Line: 8, Cells: []string{"600001-05", "31/02/2026", "pimms"}},
		{Line: 9, Cells: []string{"600001-06", "", "pimms"}},
	}}
	m := Redemptions.Guess(tab.Header)
	rows := ReadRedemptions(tab, m, "pimms")
	want := []struct {
		cheque, day, place string
		field              Field
		refusal            string
	}{
		{"600001-01", "2026-03-05", "PIMMS de Creil", "", ""},
		{"600001-02", "2026-03-05", "pimms", "", ""},
		{"600001-03", "2026-03-07", "cims", "", ""},
		{"600001-01", "2026-03-06", "pimms", Cheque, "ligne 5, colonne N° chèque : chèque 600001-01 déjà dans la ligne 2 du fichier"},
		{"", "2026-03-06", "pimms", Cheque, "ligne 6, colonne N° chèque : vide — le numéro du chèque est obligatoire"},
		{"600001 04", "2026-03-06", "pimms", Cheque, "ligne 7, colonne N° chèque : « 600001 04 » n'est pas un numéro de chèque"},
		{"600001-05", "", "pimms", UsedOn, `ligne 8, colonne Date : "31/02/2026" — le 31 février n'existe pas`},
		{"600001-06", "", "pimms", UsedOn, "ligne 9, colonne Date : vide — la date d'utilisation est obligatoire"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i, w := range want {
		r := rows[i]
		d := ""
		if !r.Day.IsZero() {
			d = r.Day.Format(time.DateOnly)
		}
		if r.Cheque != w.cheque || d != w.day || r.Place != w.place || r.Field != w.field || !strings.HasPrefix(r.Refusal, w.refusal) || (w.refusal == "") != (r.Refusal == "") {
			t.Errorf("line %d: %+v (day %s), want %+v", r.Line, r, d, w)
		}
	}

	// Without a place column or --place, each row says so.
	tab = &Table{Header: []string{"N° chèque", "Date"}, Rows: []Row{{Line: 2, Cells: []string{"600001-01", "05/03/2026"}}}}
	rows = ReadRedemptions(tab, Redemptions.Guess(tab.Header), "")
	if rows[0].Field != Place || !strings.HasPrefix(rows[0].Refusal, "ligne 2, colonne Lieu : vide — le lieu est obligatoire") {
		t.Errorf("no place: %+v", rows[0])
	}
}
