package doc

import (
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"passnum/domain"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares a rendered document with testdata/name, byte for byte: the files leave the
// desk, a changed byte is a changed document.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./domain/doc -update rewrites it):\n got %q\nwant %q", name, got, want)
	}
}

// readFrenchCSV reads an export back as a spreadsheet would: it must start with the UTF-8 BOM,
// end its lines with CRLF and separate its cells by « ; ». Empty lines (between tables) are dropped.
func readFrenchCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		t.Fatalf("export without UTF-8 BOM: %q", b[:min(len(b), 20)])
	}
	if !bytes.Contains(b, []byte("\r\n")) {
		t.Fatal("export without CRLF line ends")
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma = ';'
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func goldenClaim() domain.Claim {
	day := func(d int) time.Time { return time.Date(2026, 10, d, 14, 30, 0, 0, time.Local) }
	return domain.Claim{ID: "R3", Place: "pimms", PlaceName: "=PIMMS; de \"Creil\"", Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.Local), Cheques: 4, AmountCents: 4250,
		Items: []domain.ClaimItem{
			{Cheque: "600001-01", Carnet: "600001", Programme: "creil-sud-oise", UsedAt: day(12), Session: "S1", ValueCents: 1000,
				ProgrammeName: "Pass numérique Creil Sud Oise", SessionTitle: "Créer son adresse e-mail", SessionStart: day(12)},
			{Cheque: "600003-05", Carnet: "600003", Programme: "creil-sud-oise", UsedAt: day(14), ValueCents: 1000},
			{Cheque: "700001-01", Carnet: "700001", Programme: "autre", UsedAt: day(31), Session: "S2", ValueCents: 1250},
			{Cheque: "700001-02", Carnet: "700001", Programme: "autre", ValueCents: 1000},
		},
		Shares: []domain.FunderShare{
			{Programme: "creil-sud-oise", ProgrammeName: "Pass numérique Creil Sud Oise", Funder: "État", SharePercent: 61, AmountCents: 1220},
			{Programme: "creil-sud-oise", Funder: "Europe", SharePercent: 14, AmountCents: 280},
			{Programme: "creil-sud-oise", Funder: "ACSO", SharePercent: 25, AmountCents: 500},
			{Programme: "autre", Funder: "-Remise", SharePercent: 100, AmountCents: -5},
			{Programme: "autre", Funder: "Agglo", SharePercent: 100, AmountCents: 2255},
		}}
}

func goldenActivity() []domain.ActivityLine {
	at := func(d, h, m int) time.Time { return time.Date(2026, 10, d, h, m, 0, 0, time.Local) }
	return []domain.ActivityLine{
		{Session: domain.Session{ID: "S1", Place: "pimms", PlaceName: "PIMMS de Creil", Title: "Créer son adresse e-mail", Themes: []string{"E-mail", "Prendre en main un ordinateur"},
			Level: "Débutant", Type: domain.SessionCollective, Start: at(12, 14, 0), DurationMinutes: 90, Equipment: []string{"Ordinateur", "Tablette"}, Redeemed: 3},
			Present: 4, Genders: map[string]int{"Féminin": 1, "Masculin": 1, "Non communiqué": 2}, AgeBands: map[string]int{"60-69": 1, "18-24": 3},
			Statuses: map[string]int{"Retraité": 1, "Sans emploi": 1, "Non communiqué": 2}},
		{Session: domain.Session{ID: "S2", Place: "pimms", PlaceName: "@PIMMS", Title: "ignoré", Themes: []string{"Aide aux démarches administratives"}, Level: "Avancé",
			Type: domain.SessionIndividual, Start: at(13, 9, 5), DurationMinutes: 45, Redeemed: 1},
			Autonomy: "Autonome", Present: 1, Genders: map[string]int{"Non communiqué": 1}, AgeBands: map[string]int{"Non communiqué": 1}, Statuses: map[string]int{"Non communiqué": 1}},
		{Session: domain.Session{ID: "S3", Place: "pimms", PlaceName: "PIMMS de Creil", Title: "+33 : appeler; \"vite\"", Themes: nil, Type: domain.SessionCollective,
			Start: at(31, 23, 59), DurationMinutes: 120}, Genders: map[string]int{}, AgeBands: map[string]int{}, Statuses: map[string]int{}},
	}
}

func goldenBilan() []domain.BilanLine {
	return []domain.BilanLine{
		{Person: domain.Person{ID: 12, LastName: "Dupont", FirstName: "Jeanne"}, Carnets: 1, Sessions: 3, ChequesUsed: 3, FollowUps: 2,
			FirstAutonomy: "Débutant", LastAutonomy: "Autonome", LastComment: "a envoyé sa candidature; contente", LastSession: time.Date(2026, 10, 13, 10, 0, 0, 0, time.Local)},
		{Person: domain.Person{ID: 7, LastName: "-Haddad", FirstName: "=Inès"}, Carnets: 2, FollowUps: 1, FirstAutonomy: "Autonome", LastAutonomy: "Autonome",
			LastComment: "=HYPERLINK(\"x\")"},
		{Person: domain.Person{ID: 9, LastName: "Martin", FirstName: "Paul\tÉmile"}, Carnets: 1, Sessions: 1, ChequesUsed: 1, LastComment: "\rligne"},
	}
}

func TestCSVGolden(t *testing.T) {
	for _, c := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"claim.csv", func(b *bytes.Buffer) error { return WriteClaimCSV(b, goldenClaim()) }},
		{"claim-financeurs.csv", func(b *bytes.Buffer) error { return WriteClaimSharesCSV(b, goldenClaim()) }},
		{"empty-claim.csv", func(b *bytes.Buffer) error { return WriteClaimCSV(b, domain.Claim{ID: "R1", PlaceName: "x"}) }},
		{"activity.csv", func(b *bytes.Buffer) error { return WriteActivityCSV(b, goldenActivity()) }},
		{"empty-activity.csv", func(b *bytes.Buffer) error { return WriteActivityCSV(b, nil) }},
		{"bilan.csv", func(b *bytes.Buffer) error { return WriteBilanCSV(b, goldenBilan()) }},
		{"empty-bilan.csv", func(b *bytes.Buffer) error { return WriteBilanCSV(b, nil) }},
	} {
		var b bytes.Buffer
		if err := c.write(&b); err != nil {
			t.Fatal(err)
		}
		golden(t, c.name, b.Bytes())
	}
}

// TestClaimCSVReadsBack reads a claim's two files as a spreadsheet would: one line per chèque
// with the names beside the ids, and apart, the amount per programme and funder then a total
// equal to the claim's — never a second table under the first.
func TestClaimCSVReadsBack(t *testing.T) {
	c := goldenClaim()
	var b bytes.Buffer
	if err := WriteClaimCSV(&b, c); err != nil {
		t.Fatal(err)
	}
	table := readFrenchCSV(t, b.Bytes())
	if strings.Join(table[0], ";") != strings.Join(ClaimCSVHeader, ";") {
		t.Fatalf("claim header = %v", table[0])
	}
	if len(table) != 1+len(c.Items) {
		t.Fatalf("claim lines file: %d rows, want the header and %d chèques (nothing under them)", len(table), len(c.Items))
	}
	items := table[1:]
	for i, row := range items {
		it := c.Items[i]
		if len(row) != len(ClaimCSVHeader) || row[0] != "R3" || row[1] != "pimms" || row[2] != `'=PIMMS; de "Creil"` || row[3] != it.Cheque || row[11] != CSVAmount(it.ValueCents) {
			t.Errorf("chèque line %v for %+v", row, it)
		}
	}
	if items[0][5] != "12/10/2026" || items[3][5] != "" || items[1][6] != "" {
		t.Errorf("dates and sessions: %v", items)
	}
	if items[0][6] != "S1" || items[0][7] != "Créer son adresse e-mail" || items[0][8] != "12/10/2026" || items[0][9] != "creil-sud-oise" || items[0][10] != "Pass numérique Creil Sud Oise" {
		t.Errorf("names next to ids: %v", items[0])
	}
	b.Reset()
	if err := WriteClaimSharesCSV(&b, c); err != nil {
		t.Fatal(err)
	}
	shares := readFrenchCSV(t, b.Bytes())
	if strings.Join(shares[0], ";") != strings.Join(ClaimCSVSharesHeader, ";") {
		t.Fatalf("funder file header: %v", shares[0])
	}
	last := shares[len(shares)-1]
	if last[5] != "Total" || last[7] != "42,50" || len(shares) != len(c.Shares)+2 {
		t.Errorf("total line %v of %d funder lines", last, len(shares))
	}
	if shares[1][4] != "Pass numérique Creil Sud Oise" {
		t.Errorf("programme name beside its id: %v", shares[1])
	}
	// A funder starting with « - » is text like any other (a configuration is typed too); the
	// amount stays a number.
	if shares[4][5] != "'-Remise" || shares[4][7] != "-0,05" {
		t.Errorf("negative share %v", shares[4])
	}
}

func TestActivityCSVReadsBack(t *testing.T) {
	var b bytes.Buffer
	if err := WriteActivityCSV(&b, goldenActivity()); err != nil {
		t.Fatal(err)
	}
	table := readFrenchCSV(t, b.Bytes())
	header := table[0]
	col := func(name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q in %v", name, header)
		return -1
	}
	if len(table) != 4 || len(header) != 15+len(domain.CoopGenders)+len(domain.CoopAgeBands)+len(domain.CoopStatuses) {
		t.Fatalf("activity: %d lines, header %v", len(table), header)
	}
	collective, individual, empty := table[1], table[2], table[3]
	for name, c := range map[string][2]string{
		"collective time":      {collective[col("heure")], "14:00"},
		"collective themes":    {collective[col("thèmes")], "E-mail|Prendre en main un ordinateur"},
		"collective equipment": {collective[col("matériel")], "Ordinateur|Tablette"},
		"collective women":     {collective[col("genre : Féminin")], "1"},
		"collective 18-24":     {collective[col("âge : 18-24")], "3"},
		"collective chèques":   {collective[col("chèques utilisés")], "3"},
		"individual title":     {individual[col("titre")], ""},
		"individual level":     {individual[col("niveau")], ""},
		"individual autonomy":  {individual[col("autonomie")], "Autonome"},
		"individual place":     {individual[col("lieu")], "'@PIMMS"},
		"injected title":       {empty[col("titre")], `'+33 : appeler; "vite"`},
		"empty participants":   {empty[col("participants")], "0"},
		"type de lieu":         {empty[col("type de lieu")], domain.CoopPlaceType},
		"place id":             {collective[col("identifiant du lieu")], "pimms"},
		"session id":           {collective[col("séance")], "S1"},
	} {
		if c[0] != c[1] {
			t.Errorf("%s = %q, want %q", name, c[0], c[1])
		}
	}
}

func TestBilanCSVReadsBack(t *testing.T) {
	var b bytes.Buffer
	if err := WriteBilanCSV(&b, goldenBilan()); err != nil {
		t.Fatal(err)
	}
	table := readFrenchCSV(t, b.Bytes())
	if len(table) != 4 || strings.Join(table[0], ";") != strings.Join(BilanCSVHeader, ";") {
		t.Fatalf("bilan: %v", table)
	}
	want := [][]string{
		{"12", "Dupont", "Jeanne", "1", "3", "3", "Débutant", "Autonome", "en progrès", "13/10/2026", "a envoyé sa candidature; contente"},
		{"7", "'-Haddad", "'=Inès", "2", "0", "0", "Autonome", "Autonome", "une seule évaluation", "", `'=HYPERLINK("x")`},
		{"9", "Martin", "Paul\tÉmile", "1", "1", "1", "", "", "non évaluée", "", "'ligne"}, // encoding/csv drops the CR it reads; the golden file keeps it
	}
	for i, w := range want {
		if strings.Join(table[i+1], "\x00") != strings.Join(w, "\x00") {
			t.Errorf("bilan line %d = %q, want %q", i+1, table[i+1], w)
		}
	}
}

func TestCellText(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "Dupont": "Dupont", "=1+1": "'=1+1", "+33": "'+33", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\rx": "'\rx", "a=b": "a=b", " =x": " =x",
	} {
		if got := cellText(in); got != want {
			t.Errorf("cellText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSVAmount(t *testing.T) {
	for cents, want := range map[int64]string{0: "0,00", 5: "0,05", 1000: "10,00", 123450: "1234,50", -5: "-0,05", -1250: "-12,50"} {
		if got := CSVAmount(cents); got != want {
			t.Errorf("CSVAmount(%d) = %q, want %q", cents, got, want)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disque plein") }

// A writer that fails makes every document fail: no half file is reported as written.
func TestCSVWriteErrors(t *testing.T) {
	for name, err := range map[string]error{
		"claim":    WriteClaimCSV(failWriter{}, goldenClaim()),
		"shares":   WriteClaimSharesCSV(failWriter{}, goldenClaim()),
		"activity": WriteActivityCSV(failWriter{}, goldenActivity()),
		"bilan":    WriteBilanCSV(failWriter{}, goldenBilan()),
	} {
		if err == nil {
			t.Errorf("%s: no error from a failing writer", name)
		}
	}
}
