package main

import (
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// aulnoye runs the built binary on the shipped Aulnoye-Aymeries configuration with the centre
// social imported and a job seeker registered by Pôle emploi.
type aulnoye struct{ *cli }

func newAulnoye(t *testing.T) aulnoye {
	c := &cli{t: t, db: filepath.Join(t.TempDir(), "passnum.db")}
	a := aulnoye{c}
	a.must("init")
	a.must("places", "import", "testdata/places_aulnoye.csv")
	a.must("places", "set", "centre-social-guy-moquet", "--qualified")
	return a
}

func (a aulnoye) run(args ...string) (string, string, int) {
	return runExit(a.t, exec.Command(binary, append([]string{"--config", "../../configs/hauts-de-france-aulnoye.toml", "--db", a.db}, args...)...))
}

func (a aulnoye) must(args ...string) string {
	a.t.Helper()
	out, errOut, code := a.run(args...)
	if code != 0 {
		a.t.Fatalf("passnum %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return strings.TrimSpace(out)
}

// TestOrientationCLI: Pôle emploi orients a person to the centre social, the trainer lists them
// announced, puts them on a sheet with a Pix positioning and a comment, and the bilan de
// parcours comes back as text, JSON, HTML, CSV and XLSX; wrong uses say why.
func TestOrientationCLI(t *testing.T) {
	a := newAulnoye(t)
	desk := func(args ...string) []string { return append([]string{"--as", "accueil-pole-emploi"}, args...) }
	trainer := func(args ...string) []string { return append([]string{"--as", "formateur-guy-moquet"}, args...) }
	id := a.must(desk("people", "add", "--last-name", "Dupont", "--first-name", "Jeanne", "--birth-date", "04/05/1980",
		"--commune", "59033", "--status", "demandeur_emploi", "--consent")...)

	for _, tt := range []struct {
		args   []string
		code   int
		phrase string
	}{
		{desk("people", "orient", id), 2, "--place est obligatoire"},
		{desk("people", "orient", id, "--place", "nulle-part"), 1, "lieu \"nulle-part\" introuvable"},
		{trainer("people", "orient", id, "--place", "centre-social-guy-moquet"), 1, "ne peut pas orienter une personne vers un lieu"},
		{desk("people", "orient", id, "--place", "centre-social-guy-moquet", "--note", strings.Repeat("x", 501)), 2, "note pour le lieu : 500 caractères au plus"},
		{desk("people", "parcours", id, "--csv", "a.csv", "--html", "b.html"), 2, "une seule sortie à la fois"},
		{[]string{"--as", "lecture", "people", "parcours", id}, 1, "ne peut pas consulter les personnes orientées vers un lieu"},
	} {
		out, errOut, code := a.run(tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.phrase) {
			t.Errorf("passnum %s: exit %d, %q%q; want exit %d saying %q", strings.Join(tt.args, " "), code, out, errOut, tt.code, tt.phrase)
		}
	}

	out := a.must(desk("people", "orient", id, "--place", "centre-social-guy-moquet", "--note", "CV et candidatures en ligne", "--from-diagnostic")...)
	if !strings.Contains(out, "Orientation de Jeanne DUPONT vers Centre social Guy-Moquet enregistrée") {
		t.Errorf("orient printed %q", out)
	}
	if out := a.must(trainer("people", "oriented")...); !strings.Contains(out, "Jeanne DUPONT") || !strings.Contains(out, "pas encore venue") || !strings.Contains(out, "« CV et candidatures en ligne »") {
		t.Errorf("oriented printed %q", out)
	}
	today := time.Now().Format("02/01/2006")
	a.must(trainer("sessions", "add", "--title", "Premiers pas", "--theme", "E-mail", "--level", "Débutant", "--date", today, "--start", "00:00", "--duration", "60", "--capacity", "8")...)
	a.must(trainer("sessions", "attend", "S1", "--person", id)...)
	a.must(trainer("sessions", "follow-up", "S1", "--person", id, "--autonomy", "Avec guidage", "--comment", "test Pix de départ", "--pix", "96 pix, communication 2")...)
	a.must(trainer("sessions", "follow-up", "S1", "--person", id, "--autonomy", "Autonome", "--comment", "dépose ses candidatures")...)
	// A mistyped positioning is refused, naming the value and the expected form, and nothing is written.
	if _, errOut, code := a.run(trainer("sessions", "follow-up", "S1", "--person", id, "--autonomy", "Autonome", "--pix", "informations 9")...); code != 2 ||
		!strings.Contains(errOut, "positionnement Pix : « informations 9 » : niveau 9 en Informations et données, un niveau va de 0 à 8") || !strings.Contains(errOut, "« 1:2 2:3 5:1 »") {
		t.Errorf("--pix informations 9: exit %d, %s", code, errOut)
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(a.must(trainer("--json", "people", "oriented")...)), &list); err != nil || len(list) != 1 || list[0]["came"] != true || list[0]["from_diagnostic"] != true {
		t.Errorf("oriented --json = %v (%v)", list, err)
	}

	text := a.must(desk("people", "parcours", id)...)
	for _, w := range []string{"Bilan de parcours de Jeanne Dupont", "1 séance suivie", "Autonomie : Avec guidage → Autonome", "Score Pix : 96 pix le ", "Communication et collaboration : niveau 2 le ", "test Pix de départ", "dépose ses candidatures", "venue le " + today} {
		if !strings.Contains(text, w) {
			t.Errorf("parcours lacks %q:\n%s", w, text)
		}
	}
	var js map[string]any
	if err := json.Unmarshal([]byte(a.must(desk("--json", "people", "parcours", id)...)), &js); err != nil {
		t.Fatal(err)
	}
	if notes, _ := js["follow_ups"].([]any); js["kind"] != "parcours" || len(notes) != 2 || js["sessions_attended"] != float64(1) {
		t.Errorf("parcours --json = %v", js)
	}
	dir := t.TempDir()
	html, csvPath, xlsx := filepath.Join(dir, "parcours.html"), filepath.Join(dir, "parcours.csv"), filepath.Join(dir, "parcours.xlsx")
	a.must(desk("people", "parcours", id, "--html", html)...)
	a.must(desk("people", "parcours", id, "--csv", csvPath)...)
	a.must(trainer("people", "parcours", id, "--xlsx", xlsx)...) // the place that received them reads it too
	page, _ := os.ReadFile(html)
	if !strings.Contains(string(page), "<h1>Bilan de parcours</h1>") || !strings.Contains(string(page), "<td>96 pix · Communication et collaboration niveau 2</td>") {
		t.Errorf("HTML parcours lacks the title or the Pix result")
	}
	rows := readCSV(t, csvPath)
	if len(rows) != 5 || rows[3][1] != "positionnement" || rows[3][6] != "96 pix · Communication et collaboration niveau 2" || rows[4][7] != "dépose ses candidatures" {
		t.Errorf("CSV parcours = %q", rows)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	if x, _ := f.GetRows("Parcours"); len(x) != 5 {
		t.Errorf("XLSX parcours has %d rows, want 5", len(x))
	}
	// Each opening of the parcours is one audited read.
	db, err := sql.Open("sqlite3", a.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var reads, orients int
	db.QueryRow(`SELECT count(*) FROM audit WHERE action = 'person.read' AND entity_id = ? AND after = 'parcours'`, id).Scan(&reads)
	db.QueryRow(`SELECT count(*) FROM audit WHERE action = 'person.orient' AND entity_id = ?`, id).Scan(&orients)
	if reads != 5 || orients != 1 {
		t.Errorf("audit: %d parcours reads (want 5), %d orientations (want 1)", reads, orients)
	}
}

// TestOrientationWithdrawn: an orientation made by mistake is withdrawn the same day by the
// desk, with a reason: the place no longer lists the person and its trainer no longer reads
// their record whole; the dossier keeps when and why.
func TestOrientationWithdrawn(t *testing.T) {
	a := newAulnoye(t)
	desk := func(args ...string) []string { return append([]string{"--as", "accueil-pole-emploi"}, args...) }
	trainer := func(args ...string) []string { return append([]string{"--as", "formateur-guy-moquet"}, args...) }
	id := a.must(desk("people", "add", "--last-name", "Dupont", "--first-name", "Jeanne", "--birth-date", "04/05/1980",
		"--commune", "59033", "--status", "demandeur_emploi", "--consent")...)
	a.must(desk("people", "orient", id, "--place", "centre-social-guy-moquet")...)
	if out := a.must(trainer("people", "oriented")...); !strings.Contains(out, "Jeanne DUPONT") {
		t.Fatalf("the place lists the person sent to it:\n%s", out)
	}
	for _, tt := range []struct {
		args   []string
		code   int
		phrase string
	}{
		{desk("people", "unorient", id, "--place", "centre-social-guy-moquet"), 2, "--reason est obligatoire"},
		{desk("people", "unorient", id), 2, "--place est obligatoire"},
		{trainer("people", "unorient", id, "--place", "centre-social-guy-moquet", "--reason", "erreur"), 1, "ne peut pas orienter une personne vers un lieu"},
	} {
		if _, errOut, code := a.run(tt.args...); code != tt.code || !strings.Contains(errOut, tt.phrase) {
			t.Errorf("passnum %s: exit %d, want %d saying %q\n%s", strings.Join(tt.args, " "), code, tt.code, tt.phrase, errOut)
		}
	}
	out := a.must(desk("people", "unorient", id, "--place", "centre-social-guy-moquet", "--reason", "erreur de lieu")...)
	if !strings.Contains(out, "Orientation de Jeanne DUPONT vers") || !strings.Contains(out, "retirée") {
		t.Errorf("unorient says:\n%s", out)
	}
	if out := a.must(trainer("people", "oriented")...); strings.Contains(out, "DUPONT") {
		t.Errorf("a withdrawn orientation still lists the person at the place:\n%s", out)
	}
	if _, errOut, code := a.run(trainer("people", "parcours", id)...); code != 1 || !strings.Contains(errOut, "ne peut pas lire le parcours") {
		t.Errorf("the place's trainer still reads the record whole: exit %d\n%s", code, errOut)
	}
	if _, errOut, code := a.run(desk("people", "unorient", id, "--place", "centre-social-guy-moquet", "--reason", "erreur")...); code != 1 || !strings.Contains(errOut, "n'est pas orientée vers le lieu") {
		t.Errorf("a second withdrawal: exit %d\n%s", code, errOut)
	}
	if out := a.must("--as", "coord", "people", "export", id); !strings.Contains(out, "retirée le ") || !strings.Contains(out, "(erreur de lieu)") {
		t.Errorf("the dossier must say the orientation was withdrawn, when and why:\n%s", out)
	}
}
