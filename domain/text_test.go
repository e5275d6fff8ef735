package domain

import (
	"strings"
	"testing"
	"time"
)

func TestCheckText(t *testing.T) {
	tests := []struct {
		name, in string
		max      int
		want     string // the text kept, or the error's message
		ok       bool
	}{
		{"plain", "Dupont", 100, "Dupont", true},
		{"trimmed", "  Dupont \n", 100, "Dupont", true},
		{"empty", "   ", 100, "", true},
		{"accents and emoji", "Éloïse 🙂", 100, "Éloïse 🙂", true},
		{"replacement character typed", "a\uFFFDb", 100, "a\uFFFDb", true},
		{"at the limit, in characters not bytes", strings.Repeat("é", 100), 100, strings.Repeat("é", 100), true},
		{"over the limit", strings.Repeat("é", 101), 100, "nom : 100 caractères au plus (vous en avez tapé 101)", false},
		{"a paste", strings.Repeat("x", 100000), 100, "nom : 100 caractères au plus (vous en avez tapé 100 000)", false},
		{"ESC", "Du\x1b]0;pwned\x07pont", 100, "nom : caractère de contrôle interdit (position 3) ; retapez le nom sans copier-coller depuis un autre logiciel", false},
		{"CSI", "Du\x1b[2J", 100, "nom : caractère de contrôle interdit (position 3)", false},
		{"NUL", "a\x00", 100, "nom : caractère de contrôle interdit (position 2)", false},
		{"inner tab", "Jean\tPierre", 100, "nom : caractère de contrôle interdit (position 5)", false},
		{"inner line feed", "Jean\nPierre", 100, "nom : caractère de contrôle interdit (position 5)", false},
		{"carriage return", "Jean\rPierre", 100, "nom : caractère de contrôle interdit (position 5)", false},
		{"DEL", "é\x7f", 100, "nom : caractère de contrôle interdit (position 2)", false},
		{"C1 CSI", "éa\u009b2J", 100, "nom : caractère de contrôle interdit (position 3)", false},
		{"C1 NEL inside", "a\u0085b", 100, "nom : caractère de contrôle interdit (position 2)", false},
		{"not UTF-8", "Dupont\x9b2J", 100, "nom : caractère illisible (position 7), le texte n'est pas en UTF-8", false},
		{"control before length", strings.Repeat("x", 200) + "\x1b", 100, "nom : caractère de contrôle interdit (position 201)", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckText("nom", tt.in, tt.max)
			switch {
			case tt.ok && (err != nil || got != tt.want):
				t.Errorf("CheckText(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			case !tt.ok && (err == nil || KindOf(err) != KindInvalid || !strings.HasPrefix(err.Error(), tt.want)):
				t.Errorf("CheckText(%q) = %q, %v; want an invalid input saying %q", tt.in, got, err, tt.want)
			}
		})
	}
	_, err := CheckText("adresse", "1\x1b rue", MaxAddressLength)
	if err == nil || !strings.Contains(err.Error(), "retapez l'adresse sans copier-coller") {
		t.Errorf("adresse: %v", err)
	}
}

func TestStripControl(t *testing.T) {
	for in, want := range map[string]string{
		"":                           "",
		"PIMMS de Creil":             "PIMMS de Creil",
		"Lieu\x1b]0;pwned\x07 A":     "Lieu]0;pwned A",
		"ligne 1\r\nligne 2":         "ligne 1 ligne 2",
		"a\tb":                       "a b",
		"a\x00\x7f\u0085\u009bb":     "ab",
		"caf\xe9":                    "caf",
		"Médiathèque 🙂":              "Médiathèque 🙂",
		"lu-ve\n\n\n09:00-12:00\r\n": "lu-ve 09:00-12:00 ",
	} {
		if got := StripControl(in); got != want {
			t.Errorf("StripControl(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"":                                  "",
		"Jeanne DUPONT (n°12)\n  carnet\tA": "Jeanne DUPONT (n°12)\n  carnet\tA",
		"Jeanne \x1b]0;pwned\x07DUPONT\n":   "Jeanne ]0;pwnedDUPONT\n",
		"\x1b[2J\x1b[Hfaux écran\r":         "[2J[Hfaux écran",
		"a\u009b31mb\x7f":                   "a31mb",
		"caf\xe9":                           "caf\uFFFD",
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}

// Every free text the domain validates goes through CheckText: control characters are refused
// naming the field, and each has its limit.
func TestFreeTextsChecked(t *testing.T) {
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	communes := []Commune{{INSEE: "60175", Name: "Creil"}}
	person := Person{LastName: "Dupont", FirstName: "Jeanne", BirthDate: time.Date(1980, 5, 1, 0, 0, 0, 0, time.UTC), Commune: "60175", Address: "12 rue Émile Zola"}
	if err := ValidatePerson(person, communes, today); err != nil {
		t.Fatal(err)
	}
	session := Session{Place: "pimms", Title: "Créer son adresse e-mail", Themes: []string{"e-mail"}, Level: "debutant",
		Type: SessionCollective, Start: today.Add(14 * time.Hour), DurationMinutes: 90, Capacity: 8}
	if _, err := ValidateSession(session); err != nil {
		t.Fatal(err)
	}
	personErr := func(change func(*Person)) func() error {
		return func() error {
			p := person
			change(&p)
			return ValidatePerson(p, communes, today)
		}
	}
	sessionErr := func(change func(*Session)) func() error {
		return func() error {
			s := session
			change(&s)
			_, err := ValidateSession(s)
			return err
		}
	}
	followUp := func(c string) func() error {
		return func() error { _, _, err := ValidateFollowUp("Autonome", c); return err }
	}
	reason := func(r string) func() error {
		return func() error { _, err := ValidateReason(r); return err }
	}
	long := func(n int) string { return strings.Repeat("é", n) }
	tests := []struct {
		name  string
		check func() error
		want  string // "" when accepted
	}{
		{"last name ESC", personErr(func(p *Person) { p.LastName = "Du\x1b]0;pwned\x07" }), "nom : caractère de contrôle interdit (position 3) ; retapez le nom sans copier-coller depuis un autre logiciel"},
		{"first name C1", personErr(func(p *Person) { p.FirstName = "Je\u009banne" }), "prénom : caractère de contrôle interdit (position 3) ; retapez le prénom"},
		{"address tab", personErr(func(p *Person) { p.Address = "12\true Zola" }), "adresse : caractère de contrôle interdit (position 3) ; retapez l'adresse"},
		{"last name at limit", personErr(func(p *Person) { p.LastName = long(MaxNameLength) }), ""},
		{"last name pasted", personErr(func(p *Person) { p.LastName = strings.Repeat("x", 100000) }), "nom : 100 caractères au plus (vous en avez tapé 100 000)"},
		{"first name too long", personErr(func(p *Person) { p.FirstName = long(MaxNameLength + 1) }), "prénom : 100 caractères au plus (vous en avez tapé 101)"},
		{"address too long", personErr(func(p *Person) { p.Address = long(MaxAddressLength + 1) }), "adresse : 200 caractères au plus (vous en avez tapé 201)"},
		{"title ESC", sessionErr(func(s *Session) { s.Title = "Atelier\x1b[2J" }), "titre : caractère de contrôle interdit (position 8)"},
		{"title too long", sessionErr(func(s *Session) { s.Title = long(MaxTitleLength + 1) }), "titre : 120 caractères au plus (vous en avez tapé 121)"},
		{"title at limit", sessionErr(func(s *Session) { s.Title = long(MaxTitleLength) }), ""},
		{"place ESC", sessionErr(func(s *Session) { s.Place = "pimms\x1b" }), "lieu : caractère de contrôle interdit (position 6)"},
		{"place too long", sessionErr(func(s *Session) { s.Place = long(MaxIDLength + 1) }), "lieu : 100 caractères au plus"},
		{"comment line feed", followUp("bien\nsuivi"), "commentaire : caractère de contrôle interdit (position 5)"},
		{"comment too long", followUp(long(MaxCommentLength + 1)), "commentaire : 280 caractères au plus (vous en avez tapé 281)"},
		{"comment at limit", followUp(long(MaxCommentLength)), ""},
		{"reason BEL", reason("erreur\a"), "motif : caractère de contrôle interdit (position 7)"},
		{"reason too long", reason(long(MaxReasonLength + 1)), "motif : 280 caractères au plus (vous en avez tapé 281)"},
		{"reason at limit", reason(long(MaxReasonLength)), ""},
	}
	for _, tt := range tests {
		err := tt.check()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: refused: %v", tt.name, err)
		case tt.want != "" && (err == nil || KindOf(err) != KindInvalid || !strings.HasPrefix(err.Error(), tt.want)):
			t.Errorf("%s: err = %v, want an invalid input saying %q", tt.name, err, tt.want)
		}
	}
}

// A message quoting data from a ledger (a person's name in a refusal) is printed by every edge:
// it carries no control character.
func TestErrorfMessagesPrintable(t *testing.T) {
	err := Errorf(KindConflict, "chèque %s refusé : %s a déjà payé la séance %s\n  (voir %q)", "600001-01", "Jeanne Dup\x1b]0;pwned\x07ont\u009b2J", "S1", "x\x1b")
	want := "chèque 600001-01 refusé : Jeanne Dup]0;pwnedont2J a déjà payé la séance S1\n  (voir \"x\\x1b\")"
	if err.Error() != want {
		t.Errorf("message = %q, want %q", err.Error(), want)
	}
}
