package domain

import (
	"fmt"
	"strings"
)

// ImportNames say how a report names things: a commune's INSEE code, a prescriber's id (a nil
// one leaves the code out), and Brief for a screen's row, where a person is their name alone.
type ImportNames struct {
	Commune, Prescriber func(string) string
	Brief               bool
}

// Totals is the import's count, as a report ends: « 3 nouvelles personnes, 2 personnes
// existantes, 0 ligne déjà importée, 2 lignes refusées ; 3 carnets remis ».
func (r ImportReport) Totals() string {
	return fmt.Sprintf("%s, %s, %s, %s ; %s",
		Plural(r.Count(ImportNew), "nouvelle personne", "nouvelles personnes"),
		Plural(r.Count(ImportExisting), "personne existante", "personnes existantes"),
		Plural(r.Count(ImportAlready), "ligne déjà importée", "lignes déjà importées"),
		Plural(r.Count(ImportRefused), "ligne refusée", "lignes refusées"),
		Plural(r.HandedOver(), "carnet remis", "carnets remis"))
}

// Who is the row's person as a report says it: the record it found (« n°1 BENALI Yasmine,
// 14/03/2005 (même nom…) »), the earlier row it repeats, the earlier import, or the reason of a
// refusal without its line (the report puts the line first).
func (x PersonImportResult) Who(file string, names ImportNames) string {
	p := x.Person
	who := p.ListName() + ", " + ShortDate(p.BirthDate)
	if names.Brief {
		who = p.ListName()
	}
	switch x.Outcome {
	case ImportNew:
		if names.Brief {
			break
		}
		if names.Commune != nil {
			if c := names.Commune(p.Commune); c != "" {
				who += ", " + c
			}
		}
		if p.QPV != "" {
			who += ", QPV " + p.QPV
		}
	case ImportExisting:
		if c := x.Candidate; x.SameAsLine == 0 && c != nil {
			who = fmt.Sprintf("n°%d %s, %s (%s)", c.Person.ID, c.Person.ListName(), ShortDate(c.Person.BirthDate), c.Reason)
		} else {
			who += fmt.Sprintf(", la même que la ligne %d", x.SameAsLine)
		}
		if x.Others > 0 {
			who += ", et " + Plural(x.Others, "autre fiche possible", "autres fiches possibles")
		}
	case ImportAlready:
		earlier := "import du " + ShortDate(x.ImportedAt.Local())
		if x.ImportedFile != "" && x.ImportedFile != file {
			earlier += ", fichier " + x.ImportedFile
		}
		who += " (" + earlier + ")"
	default:
		who = Unlocated(x.Line, x.Reason)
	}
	return who
}

// CarnetNote is what the row does with its carnet, "" when nothing: « carnet 600010 remis le
// 05/03/2026 par Centre social Georges Brassens », « carnet 600001 déjà enregistré à son nom ».
func (x PersonImportResult) CarnetNote(names ImportNames) string {
	switch {
	case x.Outcome == ImportRefused || x.Outcome == ImportAlready || x.Carnet == "":
		return ""
	case x.CarnetHeld:
		return "carnet " + x.Carnet + " déjà enregistré à son nom"
	case x.HandedOver:
		s := "carnet " + x.Carnet + " remis le " + ShortDate(x.IssuedAt)
		if names.Prescriber != nil {
			if n := names.Prescriber(x.Prescriber); n != "" {
				s += " par " + n
			}
		}
		return s
	}
	return ""
}

// Unlocated drops « ligne N, » or « ligne N : » from a reason the report shows beside its line.
func Unlocated(line int, reason string) string {
	for _, p := range []string{fmt.Sprintf("ligne %d, ", line), fmt.Sprintf("ligne %d : ", line)} {
		if r, ok := strings.CutPrefix(reason, p); ok {
			return r
		}
	}
	return reason
}
