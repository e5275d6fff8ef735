package doc

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"passnum/domain"
)

func sampleParcours() domain.Parcours {
	at := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, time.Local) }
	return domain.Parcours{
		Person:    domain.Person{ID: 7, FirstName: "Jeanne", LastName: "Dupont"},
		Referrals: []domain.Referral{{PlaceName: "Centre social Guy-Moquet", Prescriber: "pole-emploi-aulnoye", PrescriberName: "Agence Pôle emploi d'Aulnoye-Aymeries", Note: "CV en ligne", At: at(2, 9), CameAt: at(3, 14)}},
		Sessions:  []domain.ParcoursSession{{Session: "S4", Start: at(3, 14), Title: "Premiers pas", PlaceName: "Centre social Guy-Moquet", Present: true}},
		Notes: []domain.FollowUpNote{
			{Session: "S4", At: at(3, 16), Autonomy: "Avec guidage", Comment: "test Pix de départ", Pix: "96 1:1"},
			{Session: "S4", At: at(10, 16), Autonomy: "Autonome", Comment: "=envoie ses candidatures", Pix: "1:3"},
		},
	}
}

// The chronology is in date order, the positioning and both comments are there, and a cell
// starting with « = » is neutralised in the CSV.
func TestParcoursTable(t *testing.T) {
	var b bytes.Buffer
	if err := ParcoursTable(sampleParcours()).WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	body := got[strings.Index(got, "\n"):]
	order := []string{";orientation par Agence Pôle emploi d'Aulnoye-Aymeries;", ";séance;", ";positionnement;", ";Informations et données niveau 3;"}
	last := -1
	for _, w := range order {
		i := strings.Index(body, w)
		if i <= last {
			t.Fatalf("%q out of order in\n%s", w, got)
		}
		last = i
	}
	for _, w := range []string{"02/03/2026", "10/03/2026", ";96 pix · Informations et données niveau 1;test Pix de départ", "'=envoie ses candidatures"} {
		if !strings.Contains(got, w) {
			t.Errorf("CSV lacks %q:\n%s", w, got)
		}
	}
	b.Reset()
	if err := ParcoursTable(sampleParcours()).WriteXLSX(&b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Parcours")
	if len(rows) != 5 || rows[0][6] != "positionnement Pix" {
		t.Errorf("XLSX rows = %q", rows)
	}
}

// A Pix result typed before positionings were checked shows as typed, in no progression.
func TestParcoursOldFreePix(t *testing.T) {
	p := sampleParcours()
	p.Notes[0].Pix = "ABC Diag : 2,5"
	var b bytes.Buffer
	if err := ParcoursTable(p).WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), ";S4;;Avec guidage;ABC Diag : 2,5;test Pix de départ") {
		t.Errorf("CSV lacks the old text:\n%s", b.String())
	}
	if g := p.Progression(); len(g) != 1 || g[0].Label() != "Informations et données" || g[0].Moved() {
		t.Errorf("progression = %+v", g)
	}
}

func TestParcoursHTML(t *testing.T) {
	var b bytes.Buffer
	if err := WriteParcoursHTML(&b, sampleParcours(), time.Date(2026, 3, 12, 9, 0, 0, 0, time.Local)); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, w := range []string{"<h1>Bilan de parcours</h1>", "Jeanne DUPONT (n°7)", "@page { size: A4", "1 séance suivie", "autonomie : Avec guidage → Autonome",
		"<td>Centre social Guy-Moquet</td><td>Agence Pôle emploi d&#39;Aulnoye-Aymeries</td><td>CV en ligne</td><td>venue le 03/03/2026</td>",
		"<td>03/03/2026</td><td>S4</td><td>96 pix · Informations et données niveau 1</td><td>test Pix de départ</td>",
		"<td>Informations et données</td><td>niveau 1</td><td>03/03/2026</td><td>niveau 3</td><td>10/03/2026</td>",
		"<td>Score Pix</td><td>96 pix</td><td>03/03/2026</td><td></td><td></td>", "=envoie ses candidatures"} {
		if !strings.Contains(got, w) {
			t.Errorf("HTML lacks %q", w)
		}
	}
	if strings.Contains(got, "<script") || strings.Contains(got, "http") {
		t.Error("the page must print offline: no script, no link")
	}
	if strings.Contains(got, "pole-emploi-aulnoye") {
		t.Error("the bilan sent to the prescriber shows its internal id")
	}
}

// The positioning export has, per domain, the first and the latest positioning with their dates.
func TestParcoursProgressionTable(t *testing.T) {
	tables := ParcoursTables(sampleParcours())
	if len(tables) != 2 || tables[1].Suffix != "-positionnement" {
		t.Fatalf("tables = %+v", tables)
	}
	var b bytes.Buffer
	if err := tables[1].WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, w := range []string{"domaine;premier positionnement;date;séance;dernier positionnement;date;séance",
		"Score Pix;96 pix;03/03/2026;S4;96 pix;03/03/2026;S4",
		"Informations et données;niveau 1;03/03/2026;S4;niveau 3;10/03/2026;S4"} {
		if !strings.Contains(got, w) {
			t.Errorf("positioning CSV lacks %q:\n%s", w, got)
		}
	}
	b.Reset()
	if err := tables[1].WriteXLSX(&b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Positionnement")
	if len(rows) != 3 || rows[2][0] != "Informations et données" || rows[2][4] != "niveau 3" {
		t.Errorf("XLSX rows = %q", rows)
	}
}
