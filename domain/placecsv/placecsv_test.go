package placecsv

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"passnum/domain"
)

func parseFile(t *testing.T, path string) ([]domain.Place, []Problem, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return Parse(f)
}

func byID(places []domain.Place) map[string]domain.Place {
	m := map[string]domain.Place{}
	for _, p := range places {
		m[p.ID] = p
	}
	return m
}

func TestParseV1(t *testing.T) {
	places, problems, err := parseFile(t, "testdata/v1_valid.csv")
	if err != nil || len(problems) > 0 {
		t.Fatalf("err = %v, problems = %v", err, problems)
	}
	if len(places) != 5 {
		t.Fatalf("%d places, want 5", len(places))
	}
	got := byID(places)

	lens := got["cyber-base-lens"]
	want := domain.Place{
		ID: "cyber-base-lens", Pivot: "21620498000015", Name: "Cyber-base de Lens", Commune: "Lens", PostalCode: "62300", INSEE: "62498",
		Address: "12 rue de la Gare, 1er étage", Lat: 50.4291, Lon: 2.8317, HasCoords: true,
		Phone: "+33321000001", Email: "cyberbase@example.fr", Website: "https://example.fr/cyberbase", Hours: "Mo-Fr 09:00-12:00,14:00-17:00",
		Summary:    "Ateliers, accès libre et aide aux démarches en ligne.",
		Services:   []string{domain.SvcAdmin, domain.SvcEveryday, domain.SvcAccess},
		Labels:     []string{"Conseillers numériques", "Aidants Connect", "APTIC"},
		Qualified:  true,
		Modalities: []domain.Modality{domain.ModAutonomy, domain.ModIndividual, domain.ModCollective, domain.ModOnMyBehalf},
		Support:    []string{domain.SupportDeafness, domain.SupportMotor},
		PMR:        true,
		Cost:       domain.CostFree,
		UpdatedAt:  time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC),
	}
	want.Needs = domain.NeedsFromServices(want.Services)
	if !equalPlace(lens, want) {
		t.Errorf("cyber-base-lens =\n %+v\nwant\n %+v", lens, want)
	}

	if bus := got["bus-lievin"]; !bus.Itinerant || bus.HasCoords || bus.Qualified || len(bus.Labels) != 0 {
		t.Errorf("bus: itinerant=%v coords=%v qualified=%v labels=%v", bus.Itinerant, bus.HasCoords, bus.Qualified, bus.Labels)
	}
	if fs := got["france-services-avion"]; fs.Cost != domain.CostFreeConditional || fs.Qualified || fs.PMR {
		t.Errorf("France Services: cost=%q (the most accessible of the published ones) qualified=%v pmr=%v", fs.Cost, fs.Qualified, fs.PMR)
	}
	if pro := got["formation-pro-lens"]; pro.Cost != domain.CostPaid || !slices.Equal(pro.Modalities, []domain.Modality{domain.ModDistance}) {
		t.Errorf("private training: cost=%q modalities=%v (« A distance » must be read as « À distance »)", pro.Cost, pro.Modalities)
	}
	res := got["ressourcerie-lievin"]
	if res.Cost != "" || !res.Qualified || res.Pivot != "W623000123" ||
		!slices.Equal(res.Support, []string{domain.SupportIlliteracy, domain.SupportLanguage}) ||
		!slices.Equal(res.Needs, []domain.Need{domain.NeedAccess}) {
		t.Errorf("ressourcerie: cost=%q (empty means unknown) qualified=%v (APTIC in autres_formations_labels) pivot=%q support=%v needs=%v",
			res.Cost, res.Qualified, res.Pivot, res.Support, res.Needs)
	}
}

func equalPlace(a, b domain.Place) bool {
	return a.ID == b.ID && a.Pivot == b.Pivot && a.Name == b.Name && a.Commune == b.Commune && a.PostalCode == b.PostalCode &&
		a.INSEE == b.INSEE && a.Address == b.Address && a.Lat == b.Lat && a.Lon == b.Lon && a.HasCoords == b.HasCoords &&
		a.Phone == b.Phone && a.Email == b.Email && a.Website == b.Website && a.Hours == b.Hours && a.Summary == b.Summary &&
		slices.Equal(a.Services, b.Services) && slices.Equal(a.Labels, b.Labels) && a.Qualified == b.Qualified &&
		slices.Equal(a.Levels, b.Levels) && slices.Equal(a.Needs, b.Needs) && a.NeedsSet == b.NeedsSet &&
		slices.Equal(a.Modalities, b.Modalities) && slices.Equal(a.Support, b.Support) && a.PMR == b.PMR && a.Cost == b.Cost &&
		a.Itinerant == b.Itinerant && slices.Equal(a.Serves, b.Serves) && a.UpdatedAt.Equal(b.UpdatedAt)
}

func TestParseV01(t *testing.T) {
	places, problems, err := parseFile(t, "testdata/v01_valid.csv")
	if err != nil || len(problems) > 0 {
		t.Fatalf("err = %v, problems = %v", err, problems)
	}
	if len(places) != 3 {
		t.Fatalf("%d places, want 3", len(places))
	}
	got := byID(places)
	tests := []struct {
		id         string
		qualified  bool
		services   []string
		labels     []string
		modalities []domain.Modality
		support    []string
		cost       domain.Cost
		pmr        bool
		phone      string
	}{
		{"epn-gueret", true, // APTIC in labels_nationaux
			[]string{domain.SvcAdmin, domain.SvcEveryday, domain.SvcAccess},
			[]string{"APTIC", "Conseillers numériques"}, // CNFS renamed to its v1 programme
			[]domain.Modality{domain.ModAutonomy, domain.ModIndividual},
			[]string{domain.SupportIlliteracy, domain.SupportDeafness},
			domain.CostFree, false, "+33555000001"},
		{"mairie-aubusson", true, // « Accepte le Pass numérique » in conditions_acces
			[]string{domain.SvcJob, domain.SvcCreative, domain.SvcCulture},
			[]string{"France Services", "Aidants Connect"},
			[]domain.Modality{domain.ModOnMyBehalf},
			nil, domain.CostPaid, true, "+33555000002"},
		{"asso-lavaveix", false,
			[]string{domain.SvcParenting, domain.SvcEquipment},
			nil,
			[]domain.Modality{domain.ModCollective},
			nil, domain.CostPaid, false, ""},
	}
	for _, tt := range tests {
		p := got[tt.id]
		if p.Qualified != tt.qualified || !slices.Equal(p.Services, tt.services) || !slices.Equal(p.Labels, tt.labels) ||
			!slices.Equal(p.Modalities, tt.modalities) || !slices.Equal(p.Support, tt.support) || p.Cost != tt.cost ||
			p.PMR != tt.pmr || p.Phone != tt.phone {
			t.Errorf("%s: qualified=%v services=%v labels=%v modalities=%v support=%v cost=%q pmr=%v phone=%q\nwant %+v",
				tt.id, p.Qualified, p.Services, p.Labels, p.Modalities, p.Support, p.Cost, p.PMR, p.Phone, tt)
		}
		if !slices.Equal(p.Needs, domain.NeedsFromServices(p.Services)) {
			t.Errorf("%s: needs %v not derived from the mapped services", tt.id, p.Needs)
		}
	}
}

// TestParseProblems: each file has one bad line among good ones; the problem must point at the
// physical line and the column, say in French what is expected and name the value, and the bad
// line must yield no place.
func TestParseProblems(t *testing.T) {
	tests := []struct {
		file    string
		line    int
		column  string
		value   string
		message string // a phrase of the French message
		badID   string
		places  int
	}{
		{"bad_postal_code.csv", 3, "code_postal", "6010", "5 chiffres attendus", "lieu-b", 2},
		{"unknown_service.csv", 3, "services", "Réparer son vélo", "valeur inconnue du standard v1, valeurs possibles : Aide aux démarches administratives", "lieu-b", 2},
		// lieu-a's detail spans lines 2 and 3: lieu-b starts on physical line 4.
		{"bad_phone.csv", 4, "telephone", "01 23 45", "numéro au format international attendu", "lieu-b", 2},
		// The second lieu-a is refused, the first kept.
		{"duplicate_id.csv", 4, "id", "lieu-a", "identifiant déjà utilisé ligne 2", "lieu-c", 2},
		{"v01_unknown_service.csv", 2, "services", "Réparer son vélo", "valeur inconnue du standard v0.1, valeurs possibles : Devenir autonome", "epn-x", 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			places, problems, err := parseFile(t, filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(problems) != 1 {
				t.Fatalf("problems = %q, want exactly one", problems)
			}
			p := problems[0]
			if p.Line != tt.line || p.Column != tt.column || p.Value != tt.value || !strings.Contains(p.Message, tt.message) {
				t.Errorf("got %+v\nwant line %d, column %s, value %q, message containing %q", p, tt.line, tt.column, tt.value, tt.message)
			}
			prefix := "ligne " + strconv.Itoa(tt.line) + ", colonne " + tt.column + " : "
			if s := p.String(); !strings.HasPrefix(s, prefix) || !strings.HasSuffix(s, "(valeur « "+tt.value+" »)") {
				t.Errorf("String() = %q, want « %s… (valeur « %s ») »", s, prefix, tt.value)
			}
			if len(places) != tt.places {
				t.Errorf("%d places, want %d", len(places), tt.places)
			}
			if tt.column != "id" {
				if _, ok := byID(places)[tt.badID]; ok {
					t.Errorf("the bad line %s must yield no place", tt.badID)
				}
			}
		})
	}
}

func TestParseFatal(t *testing.T) {
	tests := []struct {
		file    string
		message string
	}{
		{"missing_column.csv", "colonne obligatoire manquante : code_postal ; ajoutez-la à la ligne d'en-tête"},
		{"semicolon.csv", "séparateur non reconnu : le fichier semble séparé par des points-virgules (« ; ») alors que le standard attend des virgules"},
		{"tab.csv", "séparé par des tabulations"},
	}
	for _, tt := range tests {
		places, problems, err := parseFile(t, filepath.Join("testdata", tt.file))
		if err == nil || domain.KindOf(err) != domain.KindInvalid || !strings.Contains(err.Error(), tt.message) {
			t.Errorf("%s: err = %v, want an invalid-input error saying %q", tt.file, err, tt.message)
		}
		if places != nil || problems != nil {
			t.Errorf("%s: a refused file yields nothing, got %d places, %d problems", tt.file, len(places), len(problems))
		}
	}
}

func TestParseFatalInline(t *testing.T) {
	header := strings.Join(v1Columns, ",")
	tests := []struct {
		name, csv, message string
	}{
		{"empty", "", "fichier vide"},
		{"only a BOM", "\ufeff\r\n", "fichier vide"},
		{"xlsx", "PK\x03\x04rest of a zip", "classeur (.xlsx ou .ods)"},
		{"utf-16", "\xff\xfei\x00d\x00", "UTF-16"},
		{"latin-1", header + "\nx,123456789,Caf\xe9,Creil,60100,,1 rue A,,,,,,,,,,,,,,2026-01-01,,,,,,,,,,,\n", "ligne 2 : le fichier n'est pas encodé en UTF-8"},
		{"not the standard", "nom;prénom;âge\nDupont;Jean;42\n", "en-tête non reconnu"},
		{"mixed versions", header + ",labels_nationaux\n", "l'en-tête mélange des colonnes de la v1 (courriels"},
		{"several missing", "id,nom,commune,adresse\n", "colonnes obligatoires manquantes : pivot, code_postal, date_maj"},
		{"duplicate column", header + ",nom\n", "colonne en double dans l'en-tête : nom (colonnes 3 et 33)"},
		{"unclosed quote", header + "\n\"lieu-a,123456789\n", "ligne 2 : guillemet mal fermé"},
	}
	for _, tt := range tests {
		_, _, err := Parse(strings.NewReader(tt.csv))
		if err == nil || domain.KindOf(err) != domain.KindInvalid || !strings.Contains(err.Error(), tt.message) {
			t.Errorf("%s: err = %v, want an invalid-input error saying %q", tt.name, err, tt.message)
		}
	}
}

// TestParseTolerance: files that differ from the base sample only in ways the standard's readers
// should not care about give the same three places.
func TestParseTolerance(t *testing.T) {
	for _, file := range []string{"bom.csv", "crlf.csv", "reordered.csv"} {
		t.Run(file, func(t *testing.T) {
			places, problems, err := parseFile(t, filepath.Join("testdata", file))
			if err != nil || len(problems) > 0 {
				t.Fatalf("err = %v, problems = %v", err, problems)
			}
			if len(places) != 3 {
				t.Fatalf("%d places, want 3", len(places))
			}
			a := places[0]
			if a.ID != "lieu-a" || a.Name != "Lieu A" || a.PostalCode != "60100" || a.Cost != domain.CostFree ||
				!slices.Equal(a.Services, []string{domain.SvcAdmin}) || !slices.Equal(a.Modalities, []domain.Modality{domain.ModIndividual}) {
				t.Errorf("first place = %+v", a)
			}
			for _, p := range places {
				for _, s := range []string{p.ID, p.Hours, p.Summary, p.Commune} {
					if strings.ContainsAny(s, "\r\ufeff") {
						t.Errorf("%s: stray CR or BOM in %q", p.ID, s)
					}
				}
			}
		})
	}
}

func TestParseRowChecks(t *testing.T) {
	cols := v1Columns
	line := func(set map[string]string) string {
		base := map[string]string{"id": "x", "pivot": "123456789", "nom": "Lieu", "commune": "Creil", "code_postal": "60100", "adresse": "1 rue A", "date_maj": "2026-01-01"}
		for k, v := range set {
			base[k] = v
		}
		var f []string
		for _, c := range cols {
			v := base[c]
			if strings.ContainsAny(v, ",\"\n\r") {
				v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
			}
			f = append(f, v)
		}
		return strings.Join(cols, ",") + "\n" + strings.Join(f, ",") + "\n"
	}
	long := strings.Repeat("é", 281)
	tests := []struct {
		name          string
		set           map[string]string
		column, value string
		message       string
	}{
		{"missing name", map[string]string{"nom": ""}, "nom", "", "valeur obligatoire manquante : indiquez le nom du lieu"},
		{"bad pivot", map[string]string{"pivot": "12-34"}, "pivot", "12-34", "SIRET (14 chiffres) ou numéro RNA attendu"},
		{"bad insee", map[string]string{"code_insee": "6017"}, "code_insee", "6017", "le tableur a peut-être supprimé le 0 initial"},
		{"french date", map[string]string{"date_maj": "01/10/2026"}, "date_maj", "01/10/2026", "date au format AAAA-MM-JJ attendue, par exemple 2026-10-01"},
		{"latitude out of range", map[string]string{"latitude": "149.2", "longitude": "2.4"}, "latitude", "149.2", "nombre décimal entre -90 et 90 attendu"},
		{"longitude alone", map[string]string{"longitude": "2.4"}, "latitude", "", "latitude attendue avec la longitude"},
		{"latitude NaN", map[string]string{"latitude": "NaN", "longitude": "2.4"}, "latitude", "NaN", "nombre décimal entre -90 et 90 attendu"},
		{"latitude nan", map[string]string{"latitude": "nan", "longitude": "2.4"}, "latitude", "nan", "nombre décimal entre -90 et 90 attendu"},
		{"longitude NaN", map[string]string{"latitude": "49.2", "longitude": "NaN"}, "longitude", "NaN", "nombre décimal entre -180 et 180 attendu"},
		{"latitude Inf", map[string]string{"latitude": "Inf", "longitude": "2.4"}, "latitude", "Inf", "nombre décimal entre -90 et 90 attendu"},
		{"longitude -Infinity", map[string]string{"latitude": "49.2", "longitude": "-Infinity"}, "longitude", "-Infinity", "nombre décimal entre -180 et 180 attendu"},
		{"latitude overflow", map[string]string{"latitude": "1e400", "longitude": "2.4"}, "latitude", "1e400", "nombre décimal entre -90 et 90 attendu"},
		{"latitude -90.5", map[string]string{"latitude": "-90.5", "longitude": "2.4"}, "latitude", "-90.5", "nombre décimal entre -90 et 90 attendu"},
		{"longitude 180,1", map[string]string{"latitude": "49.2", "longitude": "180,1"}, "longitude", "180,1", "nombre décimal entre -180 et 180 attendu"},
		{"longitude -181", map[string]string{"latitude": "49.2", "longitude": "-181"}, "longitude", "-181", "nombre décimal entre -180 et 180 attendu"},
		{"name too long", map[string]string{"nom": strings.Repeat("é", domain.MaxPlaceNameLength+1)}, "nom", strings.Repeat("é", domain.MaxPlaceNameLength+1), "200 caractères au plus attendus (ici 201)"},
		{"address too long", map[string]string{"adresse": strings.Repeat("a", domain.MaxAddressLength+1)}, "adresse", strings.Repeat("a", domain.MaxAddressLength+1), "200 caractères au plus attendus (ici 201)"},
		{"hours too long", map[string]string{"horaires": strings.Repeat("Mo-Fr 09:00-12:00; ", 30)}, "horaires", strings.TrimSpace(strings.Repeat("Mo-Fr 09:00-12:00; ", 30)), "500 caractères au plus attendus (ici 569)"},
		{"label too long", map[string]string{"formations_labels": "Label court|" + strings.Repeat("l", domain.MaxLabelLength+1)}, "formations_labels", strings.Repeat("l", domain.MaxLabelLength+1), "120 caractères au plus attendus (ici 121)"},
		{"summary too long", map[string]string{"presentation_resume": long}, "presentation_resume", long, "280 caractères au plus attendus (ici 281)"},
		{"v0.1 separator in v1", map[string]string{"modalites_accompagnement": "En autonomie;À distance"}, "modalites_accompagnement", "En autonomie;À distance", "en v1, les valeurs multiples se séparent par « | », pas par « ; »"},
		{"unknown support", map[string]string{"prise_en_charge_specifique": "Dyslexie"}, "prise_en_charge_specifique", "Dyslexie", "valeurs possibles : Surdité, Handicaps moteurs"},
		{"unknown public", map[string]string{"publics_specifiquement_adresses": "Retraités"}, "publics_specifiquement_adresses", "Retraités", "valeur inconnue du standard v1"},
		{"unknown cost", map[string]string{"frais_a_charge": "Libre"}, "frais_a_charge", "Libre", "Gratuit, Gratuit sous condition, Payant"},
		{"unknown programme", map[string]string{"dispositif_programmes_nationaux": "APTIC"}, "dispositif_programmes_nationaux", "APTIC", "valeur inconnue du standard v1"},
		{"unknown access", map[string]string{"modalites_acces": "Venir"}, "modalites_acces", "Venir", "Se présenter, Téléphoner"},
		{"unknown itinerance", map[string]string{"itinerance": "Mobile"}, "itinerance", "Mobile", "Itinérant, Fixe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			places, problems, err := Parse(strings.NewReader(line(tt.set)))
			if err != nil {
				t.Fatal(err)
			}
			if len(problems) != 1 || len(places) != 0 {
				t.Fatalf("problems = %q, places = %d; want one problem and no place", problems, len(places))
			}
			p := problems[0]
			if p.Line != 2 || p.Column != tt.column || p.Value != tt.value || !strings.Contains(p.Message, tt.message) {
				t.Errorf("got %+v\nwant column %s, value %q, message containing %q", p, tt.column, tt.value, tt.message)
			}
		})
	}

	t.Run("normalised values", func(t *testing.T) {
		places, problems, err := Parse(strings.NewReader(line(map[string]string{
			"telephone": "+33 (0)3 44 00 00 00", "pivot": "123 456 789 00012", "latitude": "49,26", "longitude": "2.47",
			"dispositif_programmes_nationaux": "point d’accès numérique caf", "services": "Aide aux démarches administratives||",
		})))
		if err != nil || len(problems) > 0 || len(places) != 1 {
			t.Fatalf("err = %v, problems = %q", err, problems)
		}
		p := places[0]
		if p.Phone != "+33344000000" || p.Pivot != "12345678900012" || p.Lat != 49.26 || !p.HasCoords ||
			!slices.Equal(p.Labels, []string{"Point d'accès numérique CAF"}) || !slices.Equal(p.Services, []string{domain.SvcAdmin}) {
			t.Errorf("place = %+v", p)
		}
	})

	t.Run("coordinates at the limits", func(t *testing.T) {
		places, problems, err := Parse(strings.NewReader(line(map[string]string{"latitude": "-90", "longitude": "180"})))
		if err != nil || len(problems) > 0 || len(places) != 1 || places[0].Lat != -90 || places[0].Lon != 180 || !places[0].HasCoords {
			t.Fatalf("err = %v, problems = %q, places = %+v", err, problems, places)
		}
	})

	t.Run("NaN named by line and column", func(t *testing.T) {
		_, problems, _ := Parse(strings.NewReader(line(map[string]string{"latitude": "49.2", "longitude": "NaN"})))
		if len(problems) != 1 || !strings.HasPrefix(problems[0].String(), "ligne 2, colonne longitude : nombre décimal entre -180 et 180 attendu (WGS84)") {
			t.Fatalf("problems = %q", problems)
		}
	})

	// Texts of a published file are not typed at the desk: a control character is dropped (a line
	// break becomes a space) rather than refusing the place, and none reaches a terminal.
	t.Run("control characters stripped", func(t *testing.T) {
		places, problems, err := Parse(strings.NewReader(line(map[string]string{
			"nom": "Lieu\x1b]0;pwned\x07 A", "commune": "Cre\u009bil", "adresse": "1 rue A\t", "horaires": "Mo-Fr 09:00-12:00\r\nSa 09:00-12:00",
			"presentation_resume": "Accueil\nsur rendez-vous\x7f", "formations_labels": "Label\x1b[31m rouge",
		})))
		if err != nil || len(problems) > 0 || len(places) != 1 {
			t.Fatalf("err = %v, problems = %q, places = %d", err, problems, len(places))
		}
		p := places[0]
		if p.Name != "Lieu]0;pwned A" || p.Commune != "Creil" || p.Address != "1 rue A" || p.Hours != "Mo-Fr 09:00-12:00 Sa 09:00-12:00" ||
			p.Summary != "Accueil sur rendez-vous" || !slices.Equal(p.Labels, []string{"Label[31m rouge"}) {
			t.Errorf("place = %+v", p)
		}
	})

	t.Run("ragged line", func(t *testing.T) {
		in := line(nil) + "y,123456789,Lieu,Creil,60100\n"
		places, problems, err := Parse(strings.NewReader(in))
		if err != nil || len(places) != 1 || len(problems) != 1 || problems[0].Line != 3 ||
			!strings.HasPrefix(problems[0].String(), "ligne 3 : 5 colonnes au lieu de 32") {
			t.Fatalf("err = %v, places = %d, problems = %q", err, len(places), problems)
		}
	})

	t.Run("blank spreadsheet rows", func(t *testing.T) {
		in := line(nil) + strings.Repeat(",", len(cols)-1) + "\n\n"
		places, problems, err := Parse(strings.NewReader(in))
		if err != nil || len(places) != 1 || len(problems) != 0 {
			t.Fatalf("err = %v, places = %d, problems = %q", err, len(places), problems)
		}
	})
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{Line: 3, Column: "code_postal", Value: "6010", Message: "5 chiffres attendus"}, "ligne 3, colonne code_postal : 5 chiffres attendus (valeur « 6010 »)"},
		{Problem{Line: 2, Column: "nom", Message: "valeur obligatoire manquante"}, "ligne 2, colonne nom : valeur obligatoire manquante"},
		{Problem{Line: 7, Message: "31 colonnes au lieu de 32"}, "ligne 7 : 31 colonnes au lieu de 32"},
		{Problem{Line: 4, Column: "presentation_resume", Value: strings.Repeat("a", 70), Message: "trop long"},
			"ligne 4, colonne presentation_resume : trop long (valeur « " + strings.Repeat("a", 60) + "… »)"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("got  %q\nwant %q", got, tt.want)
		}
	}
}

// The demo's Creil places (invented addresses, SIRET, phones and coordinates) go through this
// importer when the demo starts: the file must be a clean v1 file.
func TestCreilSample(t *testing.T) {
	places, problems, err := parseFile(t, "../../cmd/passnum/demo/places_creil.csv")
	if err != nil || len(problems) > 0 {
		t.Fatalf("err = %v, problems = %q", err, problems)
	}
	got := byID(places)
	aptic := []string{"pimms-creil", "intermaide-creil", "sjt-montataire", "cims-nogent", "compagnons-marais"}
	for _, id := range aptic {
		if p, ok := got[id]; !ok || !p.Qualified {
			t.Errorf("%s must be present and qualified (APTIC)", id)
		}
	}
	qualified := 0
	for _, p := range places {
		if p.Qualified {
			qualified++
		}
		if !p.HasCoords || !strings.HasPrefix(p.Phone, "+33") || len(p.Needs) == 0 {
			t.Errorf("%s: coords=%v phone=%q needs=%v", p.ID, p.HasCoords, p.Phone, p.Needs)
		}
	}
	if qualified != len(aptic) {
		t.Errorf("%d qualified places, want the %d labelled structures only", qualified, len(aptic))
	}
	if fs := got["france-services-creil"]; !slices.Contains(fs.Modalities, domain.ModOnMyBehalf) {
		t.Errorf("France Services with Aidants Connect must act on the person's behalf: %v", fs.Modalities)
	}
	if m := got["mediatheque-nogent"]; !slices.Contains(m.Labels, "Conseillers numériques") {
		t.Errorf("médiathèque labels = %v", m.Labels)
	}
	if !got["bus-numerique-acso"].Itinerant {
		t.Error("the bus must be itinerant")
	}
	if pro := got["cyber-formation-pro"]; pro.Cost != domain.CostPaid || len(pro.EffectiveLabels()) != 0 {
		t.Errorf("private training: cost=%q labels=%v", pro.Cost, pro.EffectiveLabels())
	}
}
