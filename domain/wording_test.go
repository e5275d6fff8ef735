package domain

import (
	"strings"
	"testing"
	"time"
)

func TestWording(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{Plural(0, "carnet", "carnets"), "0 carnet"},
		{Plural(1, "lieu recommandé", "lieux recommandés"), "1 lieu recommandé"},
		{Plural(2, "lieu recommandé", "lieux recommandés"), "2 lieux recommandés"},
		{Plural(5, "chèque", "chèques"), "5 chèques"},
		{RoundEuros(1000), "10 €"},
		{RoundEuros(5000), "50 €"},
		{RoundEuros(1250), "12,50 €"},
		{RoundEuros(5), "0,05 €"},
		{Euros(7_975_000), "79 750,00 €"},
		{Euros(-29_999), "-299,99 €"},
		{Euros(-5), "-0,05 €"},
		{LongDate(time.Date(2026, 11, 22, 23, 0, 0, 0, time.UTC)), "22 novembre 2026"},
		{LongDate(time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)), "1er février 2027"},
		{DurationLabel(45), "45 min"},
		{DurationLabel(120), "2 h"},
		{DurationLabel(90), "1 h 30"},
		{DurationLabel(65), "1 h 05"},
		{DurationLabel(0), "0 min"},
		{Person{FirstName: "Jeanne", LastName: "Dupont"}.DisplayName(), "Jeanne DUPONT"},
		{Person{FirstName: " Amina  ", LastName: "  lefèvre "}.DisplayName(), "Amina LEFÈVRE"},
		{Person{LastName: "Haddad"}.DisplayName(), "HADDAD"},
		{Person{}.DisplayName(), ""},
		{OfName("Jeanne DUPONT"), "de Jeanne DUPONT"},
		{OfName("Amina LEFÈVRE"), "d'Amina LEFÈVRE"},
		{OfName("Élodie MARTIN"), "d'Élodie MARTIN"},
		{OfName("Yves"), "d'Yves"},
		{OfName("HADDAD"), "de HADDAD"},
		{OfName(""), "de "},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestFrenchText(t *testing.T) {
	nb := func(s string) string { return strings.ReplaceAll(s, "_", "\u00a0") }
	for _, c := range []struct{ name, got, want string }{
		{"1er", OnDate(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)), "le 1er décembre 2026"},
		{"2", OnDate(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)), "le 2 décembre 2026"},
		{"31", OnDate(time.Date(2027, 12, 31, 9, 0, 0, 0, time.UTC)), "le 31 décembre 2027"},
		{"elision vowel", OfName("Inès HADDAD"), "d'Inès HADDAD"},
		{"elision accent", OfName("Élodie"), "d'Élodie"},
		{"h muet", OfName("Hélène MARTIN"), "d'Hélène MARTIN"},
		{"h muet Hugo", OfName("Hugo"), "d'Hugo"},
		{"h aspiré", OfName("Hamid"), "de Hamid"},
		{"y consonant", OfName("Yasmine BENALI"), "de Yasmine BENALI"},
		{"y vowel", OfName("Yves"), "d'Yves"},
		{"plural 0", Plural(0, "chèque restant", "chèques restants"), "0 chèque restant"},
		{"plural 5", Plural(5, "chèque restant", "chèques restants"), "5 chèques restants"},
		{"name lower", Person{FirstName: "inès", LastName: "haddad"}.DisplayName(), "Inès HADDAD"},
		{"name hyphen", Person{FirstName: "jean-pierre", LastName: "Martin"}.DisplayName(), "Jean-Pierre MARTIN"},
		{"name as typed", Person{FirstName: "McKenzie", LastName: "O'Brien"}.DisplayName(), "McKenzie O'BRIEN"},
		{"phone +33", PhoneLabel("+33344000101"), "03 44 00 01 01"},
		{"phone 0033", PhoneLabel("0033344000101"), "03 44 00 01 01"},
		{"phone dots", PhoneLabel("03.44.00.01.01"), "03 44 00 01 01"},
		{"phone plain", PhoneLabel("0344000101"), "03 44 00 01 01"},
		{"phone foreign", PhoneLabel("+32 2 555 12 12"), "+32 2 555 12 12"},
		{"phone short", PhoneLabel("3939"), "3939"},
		{"phone text", PhoneLabel("voir site"), "voir site"},
		{"hours week", HoursLabel("Mo-Fr 09:00-12:30,13:30-17:00"), nb("lun.–ven. 9_h – 12_h_30, 13_h_30 – 17_h")},
		{"hours rules", HoursLabel("Mo,We 14:00-18:00; Sa 09:00-12:00; Su off; PH off"),
			nb("lun., mer. 14_h – 18_h ; sam. 9_h – 12_h ; dim._: fermé ; fermé les jours fériés")},
		{"hours no days", HoursLabel("10:00-16:00"), nb("tous les jours 10_h – 16_h")},
		{"hours days only", HoursLabel("Tu-Th"), "mar.–jeu."},
		{"hours 24/7", HoursLabel("24/7"), "tous les jours, 24 h sur 24"},
		{"hours unknown", HoursLabel("Mo-Fr 09:00-17:00; week 1-20 off"), "Mo-Fr 09:00-17:00; week 1-20 off"},
		{"hours free text", HoursLabel("sur rendez-vous"), "sur rendez-vous"},
		{"hours bad time", HoursLabel("Mo 9h-12h"), "Mo 9h-12h"},
		{"hours empty", HoursLabel("  "), ""},
		{"typo colon", Typo("Adresse : 1 rue ; ok ! non ? « oui »"), nb("Adresse_: 1 rue_; ok_! non_? «_oui_»")},
		{"typo untouched", Typo("09:00 http://x"), "09:00 http://x"},
		{"narrow", NarrowTypo("Note : x"), "Note\u202f: x"},
		{"EU FEDER", EUMention([]Funder{{"État", 65}, {"FEDER", 21}}), "Ce projet est cofinancé par l'Union européenne dans le cadre du Fonds européen de développement régional (FEDER)."},
		{"EU FSE", EUMention([]Funder{{"FSE+", 60}}), "Ce projet est cofinancé par l'Union européenne dans le cadre du Fonds social européen (FSE+)."},
		{"EU Europe", EUMention([]Funder{{"État", 61}, {"Europe", 14}, {"ACSO", 25}}), "Ce projet est cofinancé par l'Union européenne."},
		{"EU none", EUMention([]Funder{{"État", 100}}), ""},
		{"funders", FunderNames([]Funder{{"État", 61}, {"Europe", 14}, {"ACSO", 25}}), "État, Europe et ACSO"},
		{"funders one", FunderNames([]Funder{{"État", 100}}), "État"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
}

// CapitalFirst capitalises an accented first letter whole; PadRight lines labels up by cells,
// the accents and escape codes counting as what they show.
func TestCapitalFirstAndPadRight(t *testing.T) {
	if got := CapitalFirst("été comme hiver"); got != "Été comme hiver" {
		t.Errorf("CapitalFirst = %q", got)
	}
	for s, want := range map[string]string{"Téléphone": "Téléphone ", "\x1b[1mSite\x1b[0m": "\x1b[1mSite\x1b[0m      ", "Horaires longs": "Horaires longs"} {
		if got := PadRight(s, 10); got != want {
			t.Errorf("PadRight(%q, 10) = %q, want %q", s, got, want)
		}
	}
}

func TestInSentence(t *testing.T) {
	for in, want := range map[string]string{"Date de naissance": "date de naissance", "QPV": "QPV", "N° carnet": "n° carnet", "Âge": "âge", "": ""} {
		if got := InSentence(in); got != want {
			t.Errorf("InSentence(%q) = %q, want %q", in, got, want)
		}
	}
}
