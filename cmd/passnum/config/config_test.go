package config

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"passnum/domain"
)

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// lineOf is the 1-based line of the first line of text containing s.
func lineOf(t *testing.T, text, s string) int {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	t.Fatalf("%q not in text", s)
	return 0
}

// invalidMessage checks err is a *domain.Error of kind KindInvalid and returns its message.
func invalidMessage(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		t.Fatal("expected an error, got none")
	}
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("error %T is not a *domain.Error: %v", err, err)
	}
	if de.Kind != domain.KindInvalid {
		t.Fatalf("kind = %v, want KindInvalid: %v", de.Kind, err)
	}
	return de.Message
}

func assertContains(t *testing.T, msg string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(msg, w) {
			t.Errorf("message does not contain %q:\n%s", w, msg)
		}
	}
}

func TestShippedConfig(t *testing.T) {
	c, err := Load("../../../config.toml")
	if err != nil {
		t.Fatalf("shipped config.toml: %v", err)
	}
	if got := len(c.Communes); got != 11 {
		t.Errorf("communes = %d, want 11", got)
	}
	if got := len(c.Prescribers); got != 6 {
		t.Errorf("prescribers = %d, want 6", got)
	}
	if got := len(c.Programmes); got != 1 {
		t.Fatalf("programmes = %d, want 1", got)
	}
	p := c.DefaultProgramme()
	if p.ID != "creil-sud-oise" || p.Operator != "APTIC" {
		t.Errorf("programme = %q by %q", p.ID, p.Operator)
	}
	sum := 0
	for _, f := range p.Funders {
		sum += f.SharePercent
	}
	if sum != 100 {
		t.Errorf("funders sum to %d, want 100", sum)
	}
	if p.ChequeValueCents != 1000 || p.ChequesPerCarnet != 5 || p.Limits.CarnetsPerPerson != 2 || p.BudgetCents != 7975000 {
		t.Errorf("carnet format = %+v", p)
	}
	if len(p.Publics) != 2 {
		t.Errorf("publics = %d, want 2", len(p.Publics))
	}
	today := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	if p.ValidFrom.After(today) || p.ValidUntil.Before(today) {
		t.Errorf("sample programme not valid today: %s – %s", p.ValidFrom, p.ValidUntil)
	}
	qpv := 0
	for _, x := range c.Communes {
		qpv += len(x.QPV)
	}
	if qpv != 4 {
		t.Errorf("QPV = %d, want the 4 named in the articles", qpv)
	}
	if creil, ok := c.Commune("60175"); !ok || !creil.HasQPV("Hauts de Creil") {
		t.Errorf("Creil = %+v, %v", creil, ok)
	}
	if u, ok := c.User(c.LocalUser); !ok || u.Role != domain.RoleCoordination {
		t.Errorf("local user %q = %+v, %v", c.LocalUser, u, ok)
	}
	if u, _ := c.User("accueil-brassens"); u.Prescriber != "centre-social-georges-brassens" {
		t.Errorf("accueil-brassens prescriber = %q", u.Prescriber)
	}
	abs, _ := filepath.Abs("../../..")
	if want := filepath.Join(abs, "passnum.db"); c.StorePath != want {
		t.Errorf("StorePath = %q, want %q", c.StorePath, want)
	}
}

func TestValidBase(t *testing.T) {
	c, err := Load("testdata/valid.toml")
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := filepath.Abs("testdata")
	if c.Dir != dir {
		t.Errorf("Dir = %q, want %q", c.Dir, dir)
	}
	want := SSH{Listen: DefaultSSHListen, HostKey: filepath.Join(dir, DefaultHostKey), IdleTimeout: 15 * time.Minute, MaxSessions: 50}
	if c.SSH != want {
		t.Errorf("SSH = %+v, want defaults %+v", c.SSH, want)
	}
	p := c.DefaultProgramme()
	if !p.ValidFrom.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) || !p.ValidUntil.Equal(time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("dates (TOML date and string) = %s, %s", p.ValidFrom, p.ValidUntil)
	}
	if p.ChequesPerSession != 1 {
		t.Errorf("ChequesPerSession default = %d, want 1", p.ChequesPerSession)
	}
	pub := p.Publics[0]
	if pub.AgeMin == nil || *pub.AgeMin != 16 || pub.AgeMax == nil || *pub.AgeMax != 25 || pub.MaxQuotientFamilial != nil {
		t.Errorf("public = %+v", pub)
	}
	if _, ok := c.Programme("p1"); !ok {
		t.Error("Programme(p1) not found")
	}
	if x, ok := c.Prescriber("cs"); !ok || x.Commune != "60175" {
		t.Errorf("Prescriber(cs) = %+v, %v", x, ok)
	}
	if _, ok := c.User("nobody"); ok {
		t.Error("User(nobody) found")
	}
	if _, ok := c.Commune("60414"); ok {
		t.Error("Commune(60414) found")
	}
}

func TestStorePath(t *testing.T) {
	base := readTestdata(t, "valid.toml")
	dir := t.TempDir()
	abs := filepath.Join(t.TempDir(), "elsewhere.db")
	tests := []struct {
		name, line, want string
	}{
		{"relative to the config folder", `path = "data/test.db"`, filepath.Join(dir, "data", "test.db")},
		{"parent folder", `path = "../shared.db"`, filepath.Join(filepath.Dir(dir), "shared.db")},
		{"absolute kept", `path = "` + filepath.ToSlash(abs) + `"`, abs},
		{"default", ``, filepath.Join(dir, DefaultStorePath)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := strings.Replace(base, `path = "data/test.db"`, tt.line, 1)
			c, err := Parse([]byte(data), dir)
			if err != nil {
				t.Fatal(err)
			}
			if c.StorePath != tt.want {
				t.Errorf("StorePath = %q, want %q", c.StorePath, tt.want)
			}
		})
	}
}

func TestUnknownKeys(t *testing.T) {
	text := readTestdata(t, "unknown_key.toml")
	_, err := Load("testdata/unknown_key.toml")
	msg := invalidMessage(t, err)
	limit := lineOf(t, text, "[programmes.limit]")
	residance := lineOf(t, text, "residance")
	assertContains(t, msg,
		"unknown_key.toml, ligne "+strconv.Itoa(limit)+" : clé inconnue « programmes.limit » : voulez-vous dire « limits » ?",
		"unknown_key.toml, ligne "+strconv.Itoa(residance)+" : clé inconnue « programmes.publics.residance » : voulez-vous dire « residence » ?",
	)
	if strings.Contains(msg, "carnets_per_person") {
		t.Errorf("keys of an unknown table reported one by one:\n%s", msg)
	}
	if strings.Index(msg, "programmes.limit ") > strings.Index(msg, "residance") {
		t.Errorf("unknown keys not in line order:\n%s", msg)
	}

	_, err = Parse([]byte("colour = \"bleu\"\n"+readTestdata(t, "valid.toml")), t.TempDir())
	assertContains(t, invalidMessage(t, err), "config.toml, ligne 1 : clé inconnue « colour » ; clés possibles ici : store, local, ssh, users")

	// TOML keys are case-sensitive, although the decoder would fill "path" from "Path".
	data := strings.Replace(readTestdata(t, "valid.toml"), `path = "data/test.db"`, `Path = "data/test.db"`, 1)
	_, err = Parse([]byte(data), t.TempDir())
	assertContains(t, invalidMessage(t, err), "config.toml, ligne 3 : clé inconnue « store.Path » : voulez-vous dire « path » ?")
}

func TestSyntaxErrors(t *testing.T) {
	text := readTestdata(t, "syntax_error.toml")
	_, err := Load("testdata/syntax_error.toml")
	msg := invalidMessage(t, err)
	assertContains(t, msg, "syntax_error.toml, ligne "+strconv.Itoa(lineOf(t, text, `name = "Coordination`))+", colonne ", "erreur de syntaxe TOML", `« name = "Coordination »`)

	tests := []struct {
		name, data string
		want       []string
	}{
		{"double equal sign", "[local]\nuser = = \"coord\"\n",
			[]string{"config.toml, ligne 2, colonne 8 : erreur de syntaxe TOML dans « user = = \"coord\" »"}},
		{"table and array of tables", "[[programmes]]\nid = \"a\"\n[programmes]\nid = \"b\"\n",
			[]string{"config.toml, ligne 3", "écrivez [[x]] à chaque entrée"}},
		{"key written twice", "[local]\nuser = \"a\"\nuser = \"b\"\n",
			[]string{"config.toml, ligne 3", "écrite deux fois"}},
		{"number too large", "[ssh]\nmax_sessions = 99999999999999999999\n",
			[]string{"config.toml, ligne 2", "nombre trop grand"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.data), "")
			assertContains(t, invalidMessage(t, err), tt.want...)
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "absent.toml"))
	assertContains(t, invalidMessage(t, err), "absent.toml introuvable")
}

func TestInvalid(t *testing.T) {
	base := readTestdata(t, "valid.toml")
	publicsAt := strings.Index(base, "[[programmes.publics]]")
	tests := []struct {
		name     string
		old, new string // replaced once in valid.toml
		want     []string
	}{
		{"funders not summing to 100", "share_percent = 25", "share_percent = 20",
			[]string{"config.toml, programme p1 : les parts des financeurs font 95 %, elles doivent faire 100 % (État 61 + Europe 14 + ACSO 20)"}},
		{"funder share out of range", "share_percent = 14", "share_percent = 0",
			[]string{"programme p1, financeur n° 2 : share_percent = 0 : une part va de 1 à 100 %"}},
		{"unknown role", `role = "coordination"`, `role = "admin"`,
			[]string{"utilisateur coord : rôle « admin » inconnu : choisissez accueil, formateur, coordination ou lecture"}},
		{"accueil without prescriber", "prescriber = \"cs\"\n", "",
			[]string{"utilisateur accueil-cs : le rôle accueil demande un prescripteur : ajoutez prescriber", "ids déclarés : cs"}},
		{"accueil with unknown prescriber", `prescriber = "cs"`, `prescriber = "cs2"`,
			[]string{"utilisateur accueil-cs : prescripteur « cs2 » inconnu"}},
		{"formateur without place", `role = "coordination"`, `role = "formateur"`,
			[]string{"utilisateur coord : le rôle formateur demande un lieu : ajoutez place"}},
		{"prescriber with unknown commune", `commune = "60175"`, `commune = "60999"`,
			[]string{"prescripteur cs : commune « 60999 » inconnue", "codes déclarés : 60175 Creil"}},
		{"INSEE too short", `insee = "60175"`, `insee = "6017"`,
			[]string{"commune 6017 : code INSEE « 6017 » invalide : il faut 5 caractères"}},
		{"INSEE with letters", `insee = "60175"`, `insee = "6O175"`,
			[]string{"code INSEE « 6O175 » invalide"}},
		{"old Corsican INSEE", `insee = "60175"`, `insee = "20004"`,
			[]string{"code INSEE « 20004 » invalide", "2A/2B pour la Corse"}},
		{"INSEE written as a number", `insee = "60175"`, `insee = 60175`,
			[]string{"config.toml, ligne " + strconv.Itoa(lineOf(t, base, `insee = "60175"`)) + " : « communes.insee » n'a pas le bon type : il faut un texte entre guillemets"}},
		{"commune without coordinates", "lat = 49.2583\n", "",
			[]string{"commune 60175 : lat et lon obligatoires"}},
		{"valid_until before valid_from", `valid_until = "2026-12-31"`, `valid_until = "2025-12-31"`,
			[]string{"programme p1 : valid_until (2025-12-31) est avant valid_from (2026-01-01)"}},
		{"alert days not positive", `valid_until = "2026-12-31"`, "valid_until = \"2026-12-31\"\nalert_days = 0",
			[]string{"programme p1 : alert_days = 0 : l'alerte se donne en jours avant la fin, au moins 1 (APTIC : 30)"}},
		{"calendar out of order", `valid_until = "2026-12-31"`, "valid_until = \"2026-12-31\"\nstop_days = 5",
			[]string{"programme p1 : alert_days = 30, stop_days = 5, last_call_days = 7 : le calendrier doit aller de l'alerte à l'arrêt puis au dernier appel"}},
		{"unreadable date", `valid_until = "2026-12-31"`, `valid_until = "31/12/2026"`,
			[]string{"config.toml, ligne " + strconv.Itoa(lineOf(t, base, "valid_until")) + " : « programmes.valid_until » : date « 31/12/2026 » illisible : écrivez-la AAAA-MM-JJ"}},
		{"date with a time", `valid_from = 2026-01-01`, `valid_from = 2026-01-01T10:00:00`,
			[]string{"« programmes.valid_from »", "contient une heure"}},
		{"missing valid_from", "valid_from = 2026-01-01\n", "",
			[]string{"programme p1 : valid_from manquant"}},
		{"cheque value not positive", "cheque_value_cents = 1000", "cheque_value_cents = 0",
			[]string{"programme p1 : cheque_value_cents = 0 : la valeur d'un chèque doit être positive"}},
		{"cheques per carnet not positive", "cheques_per_carnet = 5", "cheques_per_carnet = -5",
			[]string{"programme p1 : cheques_per_carnet = -5"}},
		{"age_min above age_max", "age_min = 16", "age_min = 30",
			[]string{"programme p1, public jeune : age_min (30) est supérieur à age_max (25)"}},
		{"unknown diploma", `max_diploma = "bac"`, `max_diploma = "licence"`,
			[]string{"diplôme « licence » inconnu", "bac+3"}},
		{"unknown status", `max_diploma = "bac"`, `statuses = ["chomeur"]`,
			[]string{"statut « chomeur » inconnu", "demandeur_emploi (demandeur d'emploi)"}},
		{"unknown residence", `residence = "qpv"`, `residence = "quartier"`,
			[]string{"residence « quartier » inconnue", `"any"`, `"territory"`, `"qpv"`}},
		{"qpv residence without any QPV", `qpv = ["Hauts de Creil"]`, `qpv = []`,
			[]string{"residence = \"qpv\" demande au moins un quartier prioritaire"}},
		{"programme without public", base[publicsAt:], "",
			[]string{"programme p1 : aucun public"}},
		{"local user not declared", `user = "coord"`, `user = "ghost"`,
			[]string{"[local] user : utilisateur « ghost » inconnu", "ids déclarés : coord, accueil-cs"}},
		{"local user missing", "[local]\nuser = \"coord\"\n", "",
			[]string{"[local] user : manquant"}},
		{"duplicate user id", `id = "accueil-cs"`, `id = "coord"`,
			[]string{"utilisateur coord : id déclaré deux fois (utilisateurs n° 1 et n° 2)"}},
		{"id with a space", `id = "cs"`, `id = "centre social"`,
			[]string{"id « centre social » invalide"}},
		{"idle_timeout without unit", "[store]", "[ssh]\nidle_timeout = 15\n\n[store]",
			[]string{"« ssh.idle_timeout » : écrivez la durée entre guillemets avec son unité"}},
		{"bad listen address", "[store]", "[ssh]\nlisten = \"2222\"\n\n[store]",
			[]string{"[ssh] listen : adresse « 2222 » invalide"}},
		{"unreadable SSH key", "role = \"coordination\"\n", "role = \"coordination\"\nkeys = [\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBroken me@poste\"]\n",
			[]string{"utilisateur coord : clé SSH n° 1 illisible", "collez la ligne entière du fichier .pub"}},
		{"empty store path", `path = "data/test.db"`, `path = ""`,
			[]string{"[store] path : chemin vide"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(base, tt.old) {
				t.Fatalf("%q not in valid.toml", tt.old)
			}
			data := strings.Replace(base, tt.old, tt.new, 1)
			_, err := Parse([]byte(data), t.TempDir())
			assertContains(t, invalidMessage(t, err), tt.want...)
		})
	}
}

func TestAllProblemsReportedAtOnce(t *testing.T) {
	data := strings.NewReplacer(`role = "coordination"`, `role = "admin"`, "share_percent = 25", "share_percent = 20").
		Replace(readTestdata(t, "valid.toml"))
	_, err := Parse([]byte(data), "")
	msg := invalidMessage(t, err)
	assertContains(t, msg, "rôle « admin » inconnu", "font 95 %")
	if n := strings.Count(msg, "\n"); n != 1 {
		t.Errorf("want 2 lines, got %d:\n%s", n+1, msg)
	}
}

func TestProgrammeTargets(t *testing.T) {
	base := readTestdata(t, "valid.toml")
	withTargets := func(lines string) string {
		return strings.Replace(base, "cheques_per_carnet = 5\n", "cheques_per_carnet = 5\n"+lines, 1)
	}
	c, err := Parse([]byte(base), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if p := c.DefaultProgramme(); p.TargetPeople != 0 || p.TargetCarnets != 0 {
		t.Errorf("targets left out = %d, %d; want 0 (no objective)", p.TargetPeople, p.TargetCarnets)
	}
	c, err = Parse([]byte(withTargets("target_people = 4000\ntarget_carnets = 1000\n")), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if p := c.DefaultProgramme(); p.TargetPeople != 4000 || p.TargetCarnets != 1000 {
		t.Errorf("targets = %d, %d; want 4000, 1000", p.TargetPeople, p.TargetCarnets)
	}
	if _, err := Parse([]byte(withTargets("target_people = 0\n")), t.TempDir()); err != nil {
		t.Errorf("target_people = 0 is allowed (no objective): %v", err)
	}
	tests := []struct {
		name  string
		lines string
		want  []string
	}{
		{"negative people", "target_people = -4000\n",
			[]string{"config.toml, programme p1 : target_people = -4000 : un objectif ne peut pas être négatif (nombre de personnes à toucher, ex. target_people = 4000 ; retirez la clé s'il n'y en a pas)"}},
		{"negative carnets", "target_carnets = -1\n",
			[]string{"programme p1 : target_carnets = -1 : un objectif ne peut pas être négatif (nombre de carnets à remettre, ex. target_carnets = 1000"}},
		{"written as text", "target_carnets = \"1000\"\n",
			[]string{"config.toml, ligne " + strconv.Itoa(lineOf(t, withTargets("target_carnets = \"1000\"\n"), "target_carnets")) + " : « programmes.target_carnets » n'a pas le bon type"}},
		{"misspelt", "target_person = 4000\n", []string{"clé inconnue « programmes.target_person »"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(withTargets(tt.lines)), t.TempDir())
			assertContains(t, invalidMessage(t, err), tt.want...)
		})
	}
}

func TestShippedTargets(t *testing.T) {
	c, err := Load("../../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	if p := c.DefaultProgramme(); p.TargetCarnets != 1000 || p.TargetPeople <= 0 {
		t.Errorf("shipped targets = %d carnets, %d people", p.TargetCarnets, p.TargetPeople)
	}
}
