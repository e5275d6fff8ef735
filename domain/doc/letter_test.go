package doc

import (
	"bytes"
	stdhtml "html"
	"strings"
	"testing"
	"time"

	"passnum/domain"
)

// letterCase is one courrier pinned byte for byte in testdata.
type letterCase struct {
	name   string
	letter Letter
}

func goldenCarnet(number string, n int) domain.Carnet {
	c := domain.Carnet{Number: number, State: domain.CarnetIssued}
	for i := 1; i <= n; i++ {
		c.Cheques = append(c.Cheques, domain.Cheque{Number: domain.ChequeNumber(number, i), Position: i})
	}
	return c
}

func letterCases() []letterCase {
	prog := domain.Programme{ID: "creil-sud-oise", Name: "Pass numérique Creil Sud Oise", Operator: "APTIC", ChequeValueCents: 1000, ChequesPerCarnet: 5,
		ValidFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), ValidUntil: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC), ChequesPerSession: 1, MaxSessionMinutes: 120}
	other := domain.Programme{ID: "autre", Name: "Chèques numériques de l'Agglomération", ChequeValueCents: 1250, ChequesPerCarnet: 1, ChequesPerSession: 2, MaxSessionMinutes: 90}
	short := other
	short.ChequesPerCarnet, short.MaxSessionMinutes, short.ChequesPerSession, short.Operator = 8, 45, 0, "Opérateur « Sud » & fils"
	none := prog
	none.MaxSessionMinutes = 0
	jeanne := domain.Person{LastName: "Dupont", FirstName: "Jeanne", BirthDate: time.Date(2004, 3, 5, 0, 0, 0, 0, time.UTC), Commune: "60175"}
	amina := domain.Person{LastName: "  lefèvre ", FirstName: " Amina  "}
	pimms := domain.Place{ID: "pimms-creil", Name: "PIMMS de Creil", Commune: "Creil", PostalCode: "60100", INSEE: "60175",
		Address: "12 rue Jules Michelet", Phone: "+33344000000", Hours: "Mo-Fr 09:00-12:00,14:00-17:00",
		Services: []string{"Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien"}}
	odd := domain.Place{ID: "x", Name: `Atelier <script>alert("x")</script> & Cie`, Address: "1 place de l'Église", PostalCode: "60100", Commune: "Creil",
		Hours: "Mo-Fr 09:00-12:00; Sa off", Services: []string{"Accès internet et matériel informatique"}}
	long := domain.Place{ID: "mjc", Name: "Espace public numérique de la Maison des Jeunes et de la Culture « Les Tilleuls » — Nogent-sur-Oise, antenne du quartier des Rochers",
		Address: "Résidence\u00a0Victor\u00a0Hugo, bâtiment\u202fC, 3 bis avenue du Maréchal-de-Lattre-de-Tassigny", PostalCode: "60180", Commune: "Nogent-sur-Oise",
		Phone: "03 44 55 66 77", Email: "accueil.mediation-numerique@mjc-les-tilleuls-nogent-sur-oise.example.fr",
		Website:  "https://www.mjc-les-tilleuls-nogent-sur-oise.example.fr/mediation-numerique/accompagnement-individuel?lieu=12345&theme=demarches",
		Hours:    "Mo,We,Fr 09:00-12:00; Tu 14:00-18:00; Th 09:00-12:00,13:30-17:30; PH off; Su off; Sa 10:00-12:00 \"sur rendez-vous\"",
		Services: []string{"Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien", "Intégration sociale et professionnelle", "Loisirs et créations numériques", "Parentalité et éducation avec le numérique", "Accès internet et matériel informatique"}}
	world := domain.Place{ID: "w", Name: "Café 😀 des langues 日本語 ☕ et Ame\u0301lie", Address: "\tImpasse   des\tTisserands  ", Commune: "Creil", Phone: "+3312345",
		Hours: "24/7", Services: []string{"Médiation\u00a0numérique\u00a0et\u00a0accompagnement\u00a0individuel\u00a0sans\u00a0aucune\u00a0espace\u00a0sécable\u00a0dans\u00a0ce\u00a0très\u00a0long\u00a0service"}}
	dashes := domain.Place{ID: "d", Name: "Centre socio-culturel Georges-Brassens-----Saint-Maximin----------------------------------------------------------------------------------------------",
		Email: "x@y.fr", Hours: "Mo-Su 08:00-20:00"}
	prog.Funders = []domain.Funder{{Name: "État", SharePercent: 61}, {Name: "Europe", SharePercent: 14}, {Name: "ACSO", SharePercent: 25}}
	brassens := domain.Prescriber{ID: "centre-social-georges-brassens", Name: "Centre social Georges Brassens", Phone: "+33344000101"}
	agent := "Accueil du centre social Georges Brassens"
	return []letterCase{
		{"sans-diagnostic", Letter{Person: jeanne, Carnet: goldenCarnet("600001", 5), Programme: prog, Places: []domain.Place{pimms},
			Issuer: brassens, Agent: agent, Date: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}},
		{"lieux", Letter{Person: jeanne, Carnet: goldenCarnet("600001", 5), Programme: prog, Places: []domain.Place{pimms, odd}, From: Recommended,
			Issuer: brassens, Agent: agent, Date: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}},
		{"lieux-longs", Letter{Person: amina, Carnet: goldenCarnet("CS-2026/000042", 5), Programme: none, Places: []domain.Place{long, world, dashes}, From: Recommended,
			Date: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}},
		{"un-cheque", Letter{Person: amina, Carnet: domain.Carnet{Number: "7"}, Programme: other, Places: []domain.Place{{Name: "Seul le nom"}}, From: Recommended,
			Date: time.Date(2027, 1, 3, 0, 0, 0, 0, time.UTC)}},
		{"huit-cheques", Letter{Carnet: domain.Carnet{Number: "800001"}, Programme: short, Date: time.Date(2027, 2, 28, 0, 0, 0, 0, time.UTC)}},
	}
}

func renderLetter(t *testing.T, c letterCase) (text, html string) {
	t.Helper()
	var tb, hb bytes.Buffer
	if err := LetterText(&tb, c.letter); err != nil {
		t.Fatal(err)
	}
	if err := LetterHTML(&hb, c.letter); err != nil {
		t.Fatal(err)
	}
	return tb.String(), hb.String()
}

// TestLetterGolden pins both forms of the courrier byte for byte: line breaks of the text form
// included, long addresses, URLs, hyphenated names, non-breaking spaces, emoji and all.
func TestLetterGolden(t *testing.T) {
	for _, c := range letterCases() {
		text, html := renderLetter(t, c)
		golden(t, "courrier-"+c.name+".txt", []byte(text))
		golden(t, "courrier-"+c.name+".html", []byte(html))
	}
}

// flat joins lines and reads no-break spaces as spaces: the assertions are about words.
func flat(s string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s)), " ")
}

func TestLetterWithoutDiagnostic(t *testing.T) {
	text, html := renderLetter(t, letterCases()[0])
	for name, body := range map[string]string{"text": text, "HTML": stdhtml.UnescapeString(html)} {
		for _, want := range []string{
			"Jeanne DUPONT",
			"600001",
			"5 chèques de 10 € (50 € en tout)",
			"valables jusqu'au", "31/12/2027",
			"1 chèque = 1 atelier (séance de 2 h au plus)",
			"Sans diagnostic, voici les lieux qualifiés du programme",
			"PIMMS de Creil",
			"22 novembre 2026",
			"Carnet remis par Centre social Georges Brassens, tél. 03 44 00 01 01.",
			"Votre interlocuteur : Accueil du centre social Georges Brassens.",
			"Financé par : État, Europe et ACSO.",
			"Ce projet est cofinancé par l'Union européenne.",
			"En cas de perte du carnet, prévenez la structure qui vous l'a remis (Centre social Georges Brassens).",
		} {
			if !strings.Contains(flat(body), want) {
				t.Errorf("%s letter lacks %q:\n%s", name, want, body)
			}
		}
		// Data minimisation: the letter leaves the desk, the birth date stays in the ledger.
		if strings.Contains(body, "2004") {
			t.Errorf("the %s letter shows the birth date", name)
		}
	}
	if !strings.HasPrefix(html, "<!DOCTYPE html>") {
		t.Error("the HTML letter has no doctype")
	}
	for _, l := range strings.Split(text, "\n") {
		if len([]rune(l)) > letterTextWidth {
			t.Errorf("text line longer than %d: %q", letterTextWidth, l)
		}
	}
}

func TestLetterListsPlacesAndEscapesHTML(t *testing.T) {
	text, page := renderLetter(t, letterCases()[1])
	for _, want := range []string{
		"1. PIMMS de Creil", "12 rue Jules Michelet, 60100 Creil", "03 44 00 00 00",
		"lun.–ven. 9 h – 12 h, 14 h – 17 h", "Aide aux démarches administratives, Maîtrise des outils numériques du quotidien",
		`2. Atelier <script>alert("x")</script> & Cie`, "lun.–ven. 9 h – 12 h ; sam. : fermé",
	} {
		if !strings.Contains(flat(text), want) {
			t.Errorf("text letter lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Sans diagnostic") {
		t.Error("the text letter says there was no diagnostic although places are listed")
	}
	if strings.Contains(page, "<script>") {
		t.Errorf("a place name reached the HTML unescaped:\n%s", page)
	}
	for _, want := range []string{"&lt;script&gt;", "&amp; Cie", "PIMMS de Creil", "1 place de l&#39;Église"} {
		if !strings.Contains(page, want) {
			t.Errorf("HTML letter lacks %q", want)
		}
	}
}

func TestLetterProgrammeWording(t *testing.T) {
	cases := letterCases()
	for _, c := range []struct {
		letter letterCase
		want   []string
		not    []string
	}{
		{cases[3], []string{"1 chèque de 12,50 € (12,50 € en tout)", "2 chèques = 1 atelier (séance de 1 h 30 au plus)", "Bonjour Amina LEFÈVRE,", "3 janvier 2027",
			"Chèques numériques de l'Agglomération."}, []string{"valables", "opérés"}},
		{cases[4], []string{"8 chèques de 12,50 € (100 € en tout)", "1 chèque = 1 atelier (séance de 45 min au plus)", "chèques opérés par Opérateur « Sud » & fils.",
			"Bonjour Madame, Monsieur,", "Aucun lieu qualifié n'est encore enregistré"}, []string{"Financé", "Union européenne", "remis par"}},
		{cases[2], []string{"1 chèque = 1 atelier ou un accompagnement"}, []string{"séance de"}},
	} {
		text, _ := renderLetter(t, c.letter)
		for _, w := range c.want {
			if !strings.Contains(flat(text), w) {
				t.Errorf("%s: text letter lacks %q:\n%s", c.letter.name, w, text)
			}
		}
		for _, w := range c.not {
			if strings.Contains(text, w) {
				t.Errorf("%s: text letter says %q:\n%s", c.letter.name, w, text)
			}
		}
	}
}

func TestLetterWriteErrors(t *testing.T) {
	c := letterCases()[1]
	if err := LetterText(failWriter{}, c.letter); err == nil {
		t.Error("text letter: no error from a failing writer")
	}
	if err := LetterHTML(failWriter{}, c.letter); err == nil {
		t.Error("HTML letter: no error from a failing writer")
	}
}

// TestLetterTypography: the courrier follows the screens' French spacing — a no-break space
// before a colon in the text form, a narrow one in the printed page — and no internal id.
func TestLetterTypography(t *testing.T) {
	text, page := renderLetter(t, letterCases()[0])
	if strings.Contains(text, " :") || strings.Contains(page, " :") {
		t.Errorf("a breakable space before a colon:\n%s", text)
	}
	if !strings.Contains(page, "\u202f:") || !strings.Contains(text, "\u00a0:") {
		t.Error("no no-break space before the colons")
	}
	for _, id := range []string{"centre-social-georges-brassens", "pimms-creil", "creil-sud-oise"} {
		if strings.Contains(text, id) || strings.Contains(page, id) {
			t.Errorf("the courrier shows the internal id %q", id)
		}
	}
}

// A person who sat the diagnostic must not read « sans diagnostic » when it named no place.
func TestLetterDiagnosticWithoutPlace(t *testing.T) {
	c := letterCases()[0]
	c.letter.From = NoneRecommended
	text, html := renderLetter(t, c)
	for name, body := range map[string]string{"text": text, "HTML": stdhtml.UnescapeString(html)} {
		if !strings.Contains(flat(body), "Le diagnostic n'a pas désigné de lieu en particulier ; voici les lieux qualifiés du programme") {
			t.Errorf("%s letter does not say the diagnostic named no place:\n%s", name, body)
		}
		if strings.Contains(body, "Sans diagnostic") {
			t.Errorf("%s letter says there was no diagnostic:\n%s", name, body)
		}
		if !strings.Contains(flat(body), "PIMMS de Creil") {
			t.Errorf("%s letter lost the qualified places", name)
		}
	}
}
