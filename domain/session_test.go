package domain

import (
	"strings"
	"testing"
	"time"
)

func TestValidateSession(t *testing.T) {
	start := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	ok := Session{Place: "pimms", Title: "Créer son adresse e-mail", Themes: []string{"e-mail"}, Level: "debutant",
		Type: "Collectif", Start: start, DurationMinutes: 90, Capacity: 8, Equipment: []string{"ordinateur", "Téléphone"}}
	got, err := ValidateSession(ok)
	if err != nil {
		t.Fatal(err)
	}
	if got.Type != SessionCollective || got.Level != "Débutant" || got.Themes[0] != "E-mail" || strings.Join(got.Equipment, ",") != "Ordinateur,Téléphone" {
		t.Fatalf("Coop spellings not applied: %+v", got)
	}
	indiv, err := ValidateSession(Session{Place: "pimms", Themes: []string{"Santé"}, Type: "individuel", Start: start, DurationMinutes: 45})
	if err != nil || indiv.Capacity != 1 {
		t.Fatalf("an individual session without capacity takes one person: %+v, %v", indiv, err)
	}
	tests := []struct {
		name   string
		change func(*Session)
		phrase string
	}{
		{"no place", func(s *Session) { s.Place = " " }, "lieu : obligatoire"},
		{"bad type", func(s *Session) { s.Type = "groupe" }, "type : \"groupe\" inconnu"},
		{"no title", func(s *Session) { s.Title = "" }, "titre : obligatoire"},
		{"long title", func(s *Session) { s.Title = strings.Repeat("é", MaxTitleLength+1) }, "titre : 120 caractères au plus (vous en avez tapé 121)"},
		{"no theme", func(s *Session) { s.Themes = nil }, "thème : indiquez au moins un thème"},
		{"bad theme", func(s *Session) { s.Themes = []string{"E-mail", "Cuisine"} }, "thème : \"Cuisine\" inconnu"},
		{"no level", func(s *Session) { s.Level = "" }, "niveau : obligatoire"},
		{"bad level", func(s *Session) { s.Level = "Expert" }, "niveau : \"Expert\" inconnu"},
		{"level individual", func(s *Session) { s.Type, s.Capacity = "individuel", 1 }, "niveau : réservé aux ateliers collectifs"},
		{"no start", func(s *Session) { s.Start = time.Time{} }, "date et heure : obligatoires"},
		{"zero duration", func(s *Session) { s.DurationMinutes = 0 }, "durée : 0 min"},
		{"huge duration", func(s *Session) { s.DurationMinutes = 601 }, "durée : 601 min"},
		{"no capacity", func(s *Session) { s.Capacity = 0 }, "capacité : 0 place"},
		{"individual for two", func(s *Session) { s.Type, s.Level, s.Capacity = "individuel", "", 2 }, "une seule personne, pas 2"},
		{"bad equipment", func(s *Session) { s.Equipment = []string{"Minitel"} }, "matériel : \"Minitel\" inconnu"},
		{"none and some", func(s *Session) { s.Equipment = []string{"Pas de matériel", "Tablette"} }, "ne va pas avec Tablette"},
	}
	for _, tt := range tests {
		s := ok
		s.Themes = append([]string(nil), ok.Themes...)
		tt.change(&s)
		_, err := ValidateSession(s)
		if err == nil || KindOf(err) != KindInvalid || !strings.Contains(err.Error(), tt.phrase) {
			t.Errorf("%s: err = %v, want invalid saying %q", tt.name, err, tt.phrase)
		}
	}
}

func TestSessionRefusal(t *testing.T) {
	prog := Programme{Name: "Pass Creil", ChequesPerSession: 1, MaxSessionMinutes: 120}
	s := Session{ID: "S4", Start: time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC), DurationMinutes: 90, Capacity: 2}
	day := time.Date(2026, 11, 23, 16, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		prog   Programme
		s      Session
		load   SessionLoad
		day    time.Time
		phrase string
	}{
		{"fine", prog, s, SessionLoad{Cheques: 1}, day, ""},
		{"the day after", prog, s, SessionLoad{}, day.AddDate(0, 0, 1), ""},
		{"before the day", prog, s, SessionLoad{}, day.AddDate(0, 0, -1), "s'encaissent à partir de ce jour-là"},
		{"too long", prog, Session{ID: "S4", Start: s.Start, DurationMinutes: 150, Capacity: 2}, SessionLoad{}, day, "dure 150 min, le programme Pass Creil paie des séances de 120 min au plus"},
		{"no cap", Programme{Name: "X"}, Session{ID: "S4", Start: s.Start, DurationMinutes: 500, Capacity: 2}, SessionLoad{}, day, ""},
		{"full", prog, s, SessionLoad{Cheques: 2}, day, "capacité dépassée, la séance S4 est prévue pour 2 personnes et 2 chèques"},
		{"two per session: room left", Programme{ChequesPerSession: 2}, s, SessionLoad{Cheques: 3, PersonCheques: 1}, day, ""},
		{"paid already", prog, s, SessionLoad{Cheques: 1, PersonCheques: 1}, day, "Inès Martin a déjà payé la séance S4 (1 chèque par séance)"},
		// An individual session is full once its person paid: the refusal says who paid, not
		// that the session is full.
		{"individual paid", prog, Session{ID: "S5", Start: s.Start, DurationMinutes: 60, Capacity: 1}, SessionLoad{Cheques: 1, PersonCheques: 1}, day, "Inès Martin a déjà payé la séance S5"},
		{"individual taken", prog, Session{ID: "S5", Start: s.Start, DurationMinutes: 60, Capacity: 1}, SessionLoad{Cheques: 1}, day, "capacité dépassée, la séance S5 est prévue pour 1 personne"},
	}
	for _, tt := range tests {
		err := tt.prog.SessionRefusal("600001-01", tt.s, tt.load, tt.day, "Inès Martin")
		if tt.phrase == "" {
			if err != nil {
				t.Errorf("%s: refused: %v", tt.name, err)
			}
			continue
		}
		if err == nil || KindOf(err) != KindConflict || !strings.Contains(err.Error(), tt.phrase) {
			t.Errorf("%s: err = %v, want conflict saying %q", tt.name, err, tt.phrase)
		}
	}
}

func TestSessionIDs(t *testing.T) {
	for in, want := range map[string]int64{"S12": 12, "s7": 7, " 3 ": 3} {
		if n, err := ParseSessionID(in); err != nil || n != want {
			t.Errorf("ParseSessionID(%q) = %d, %v", in, n, err)
		}
	}
	for _, bad := range []string{"", "S", "S-1", "atelier-1", "S0"} {
		if _, err := ParseSessionID(bad); KindOf(err) != KindInvalid {
			t.Errorf("ParseSessionID(%q) accepted", bad)
		}
	}
	if SessionID(12) != "S12" {
		t.Error("session ids")
	}
}

// A redemption names its session exactly as printed: every near miss is refused, none is read
// as another session.
func TestExactSessionID(t *testing.T) {
	for in, want := range map[string]int64{"S1": 1, "S12": 12, "S9007199254740993": 9007199254740993} {
		if n, ok := ExactSessionID(in); !ok || n != want {
			t.Errorf("ExactSessionID(%q) = %d, %v; want %d", in, n, ok, want)
		}
	}
	for _, bad := range []string{"", "S", " S1", "S1 ", "s1", "s1 ", "S1x", "S-1", "S+1", "S01", "S0", "1", "S 1", "S1.0", "Ｓ1", "S١", "atelier-demo-1", "S99999999999999999999"} {
		if n, ok := ExactSessionID(bad); ok {
			t.Errorf("ExactSessionID(%q) accepted as %d", bad, n)
		}
	}
}

func TestIndividualMinutes(t *testing.T) {
	if m := (Programme{MaxSessionMinutes: 120}).IndividualMinutes(); m != 120 {
		t.Errorf("capped programme: %d min, want 120", m)
	}
	if m := (Programme{}).IndividualMinutes(); m != 60 {
		t.Errorf("uncapped programme: %d min, want 60", m)
	}
}

func TestCoopProfiles(t *testing.T) {
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	bands := map[string]string{"2015-01-01": "Moins de 12 ans", "2009-11-24": "12-17", "2008-11-23": "18-24", "1987-01-01": "25-39",
		"1980-01-01": "40-59", "1960-01-01": "60-69", "1950-01-01": "70 ans et plus"}
	for birth, want := range bands {
		b, _ := time.Parse("2006-01-02", birth)
		if got := AgeBand(b, day); got != want {
			t.Errorf("born %s: %s, want %s", birth, got, want)
		}
	}
	if AgeBand(time.Time{}, day) != NotCommunicated {
		t.Error("unknown birth date must be « Non communiqué »")
	}
	p, err := ValidateProfile(CoopProfile{Gender: "feminin", AgeBand: "18-24"})
	if err != nil || p.Gender != "Féminin" || p.Status != NotCommunicated {
		t.Fatalf("profile = %+v, %v", p, err)
	}
	if _, err := ValidateProfile(CoopProfile{AgeBand: "18-25"}); err == nil || !strings.Contains(err.Error(), "tranche d'âge : \"18-25\" inconnu") {
		t.Errorf("bad age band: %v", err)
	}
	if CoopStatus(StatusJobSeeker) != "Sans emploi" || CoopStatus(StatusRSA) != NotCommunicated {
		t.Error("status mapping")
	}
}

func TestValidateFollowUp(t *testing.T) {
	a, c, err := ValidateFollowUp("autonome avec guidage en cas de besoin", "  a créé sa boîte  ")
	if err != nil || a != "Autonome avec guidage en cas de besoin" || c != "a créé sa boîte" {
		t.Fatalf("%q %q %v", a, c, err)
	}
	if _, _, err := ValidateFollowUp("", ""); KindOf(err) != KindInvalid || !strings.Contains(err.Error(), "autonomie") {
		t.Errorf("missing autonomy: %v", err)
	}
	if _, _, err := ValidateFollowUp("Autonome", strings.Repeat("x", 281)); err == nil || !strings.Contains(err.Error(), "commentaire : 280 caractères au plus (vous en avez tapé 281)") {
		t.Errorf("long comment: %v", err)
	}
	if _, err := ValidateReason("  "); KindOf(err) != KindInvalid {
		t.Errorf("empty reason accepted")
	}
}

// A session is checked against the programmes usable on its day when it is planned: longer than
// every one pays for is refused at once, with the most generous limit.
func TestSessionPlanRefusal(t *testing.T) {
	day := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	creil := Programme{Name: "Pass Creil", MaxSessionMinutes: 120, ValidFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), ValidUntil: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)}
	ended := Programme{Name: "Pass 2025", MaxSessionMinutes: 240, ValidFrom: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), ValidUntil: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
	long := creil
	long.Name, long.MaxSessionMinutes = "Pass long", 180
	free := creil
	free.MaxSessionMinutes = 0
	tests := []struct {
		name       string
		programmes []Programme
		minutes    int
		phrase     string
	}{
		{"within", []Programme{creil}, 120, ""},
		{"too long", []Programme{creil}, 180, "durée : 180 min : le programme paie des séances de 120 min au plus (Pass Creil)"},
		{"an ended programme pays nothing", []Programme{creil, ended}, 180, "120 min au plus"},
		{"the most generous limit", []Programme{creil, long}, 200, "180 min au plus (Pass long)"},
		{"one pays it", []Programme{creil, long}, 180, ""},
		{"no limit", []Programme{creil, free}, 300, ""},
		{"no programme that day", []Programme{ended}, 300, ""},
	}
	for _, tt := range tests {
		err := SessionPlanRefusal(tt.programmes, Session{Start: day, DurationMinutes: tt.minutes})
		switch {
		case tt.phrase == "" && err != nil:
			t.Errorf("%s: refused: %v", tt.name, err)
		case tt.phrase != "" && (err == nil || KindOf(err) != KindInvalid || !strings.Contains(err.Error(), tt.phrase)):
			t.Errorf("%s: err = %v, want invalid saying %q", tt.name, err, tt.phrase)
		}
	}
}

func TestCapacityRules(t *testing.T) {
	s := Session{ID: "S3", Capacity: 8}
	tests := []struct {
		name   string
		err    error
		phrase string
	}{
		{"room left", CapacityRefusal(s, 7), ""},
		{"full", CapacityRefusal(s, 8), "capacité 8 atteinte : la séance S3 est complète"},
		{"cut to the present", CapacityCutRefusal(5, 5), ""},
		{"cut below", CapacityCutRefusal(4, 5), "capacité : 4 places, mais 5 personnes présentes déjà sur la feuille"},
	}
	for _, tt := range tests {
		if (tt.phrase == "") != (tt.err == nil) || (tt.err != nil && !strings.Contains(tt.err.Error(), tt.phrase)) {
			t.Errorf("%s: err = %v, want %q", tt.name, tt.err, tt.phrase)
		}
	}
}

func TestSessionNotStarted(t *testing.T) {
	start := time.Date(2026, 11, 23, 14, 0, 0, 0, time.Local)
	s := Session{Start: start}
	tests := []struct {
		now  time.Time
		want string
	}{
		{start.Add(-2 * time.Hour), "La séance commence à 14 h : la clôturer quand même ?"},
		{start.Add(-26 * time.Hour), "La séance commence le 23 novembre 2026 à 14 h : la clôturer quand même ?"},
		{start, ""},
		{start.Add(time.Hour), ""},
	}
	for _, tt := range tests {
		if got := SessionNotStarted(s, tt.now); got != tt.want {
			t.Errorf("at %v: %q, want %q", tt.now, got, tt.want)
		}
	}
	if got := ClockLabel(time.Date(2026, 1, 1, 9, 30, 0, 0, time.UTC)); got != "9 h 30" {
		t.Errorf("ClockLabel = %q", got)
	}
}
