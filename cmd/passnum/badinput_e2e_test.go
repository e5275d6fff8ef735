package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// badCase is one command given one kind of bad input.
type badCase struct {
	kind   string // missing, unknown, type, control, huge
	args   []string
	code   int    // the exit status wanted: 1 (refused, not found) or 2 (bad input)
	phrase string // what the French message must say: the option or field at fault
	// domainText marks a text the domain refuses (domain.CheckText: control characters, length)
	// rather than the command line.
	domainText bool
}

// TestEveryCommandRefusesBadInput runs every command of the help with bad input of each kind:
// a missing argument, an unknown option, a value of the wrong type, control characters in a text,
// a value of 100 000 characters. Each must end with exit 1 or 2 (never 0, never a Go panic), say
// in French what is wrong naming the option or field, use none of the English of Go, the system or
// SQLite, and leave the ledger exactly as it was.
func TestEveryCommandRefusesBadInput(t *testing.T) {
	c := newCLI(t)
	c.desk(2)                                                                                                                                // places, 600001-600002 issued to person 1
	c.must("people", "add", "--last-name", "Durand", "--first-name", "Léa", "--birth-date", "03/04/2005", "--commune", "60175", "--consent") // person 2
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600010", "--count", "3")
	c.must("carnets", "allocate", "--prescriber", "centre-social-georges-brassens", "--count", "1") // 600010 held, not issued
	c.workshops(2, 5)
	c.must("redeem", "600001-01", "--place", "pimms-creil", "--session", "S1")
	c.must("claims", "prepare", "--month", time.Now().Format("2006-01"), "--place", "pimms-creil") // C1
	c.must("redeem", "600001-02", "--place", "pimms-creil", "--session", "S2")                     // used, not claimed

	dir := t.TempDir()
	text := writeTemp(t, "notes.txt", "ceci n'est pas une sauvegarde\n")
	wrongType := writeTemp(t, "reponses.json", `{"commune": 60175}`)
	const ctl = "\x1b]0;x\x07"
	huge := strings.Repeat("x", 100_000)
	hugeNum := strings.Repeat("9", 100_000)
	ctlPath := filepath.Join(dir, "f"+ctl+".csv")
	peopleCSV := writeTemp(t, "personnes.csv", "Nom;Prénom;Date de naissance;Commune\nPetit;Noé;01/02/2004;Creil\n")
	peopleODS := writeTemp(t, "personnes.ods", "PK")
	today := time.Now().Format("02/01/2006")
	month := time.Now().Format("2006-01")
	person := []string{"people", "add", "--last-name", "Petit", "--first-name", "Noé", "--birth-date", "01/02/2004", "--commune", "60175", "--consent", "--not-duplicate"}
	session := []string{"sessions", "add", "--place", "pimms-creil", "--title", "Atelier", "--theme", "E-mail", "--level", "Débutant", "--date", today, "--start", "10:00", "--duration", "60", "--capacity", "5"}
	with := func(base []string, more ...string) []string { return append(append([]string{}, base...), more...) }
	without := func(base []string, option string) []string {
		var out []string
		for i := 0; i < len(base); i++ {
			if base[i] == option {
				if i+1 < len(base) && !strings.HasPrefix(base[i+1], "--") {
					i++
				}
				continue
			}
			out = append(out, base[i])
		}
		return out
	}
	// noArgs are the cases of a command that takes neither argument nor option of its own.
	noArgs := func(cmd ...string) []badCase {
		name := "passnum " + strings.Join(cmd, " ")
		return []badCase{
			{"missing", with(cmd, "--db"), 2, "il manque la valeur de l'option --db", false},
			{"unknown", with(cmd, "--bogus"), 2, "option inconnue --bogus", false},
			{"type", with(cmd, "12"), 2, name + " ne prend pas d'argument : « 12 »", false},
			{"control", with(cmd, ctl), 2, name + " ne prend pas d'argument : « \\x1b]0;x\\a »", false},
			{"huge", with(cmd, huge), 2, name + " ne prend pas d'argument : « xxx", false},
		}
	}

	commands := map[string][]badCase{
		"serve":        noArgs("serve"),
		"check-config": noArgs("check-config"),
		"init":         noArgs("init"),
		"backup": {
			{"missing", []string{"backup", "--to"}, 2, "il manque la valeur de --to", false},
			{"unknown", []string{"backup", "--bogus"}, 2, "option inconnue --bogus (options de cette commande : --keep, --to", false},
			{"type", []string{"backup", "--keep", "beaucoup"}, 2, "--keep : « beaucoup » n'est pas un nombre entier", false},
			{"type", []string{"backup", "--keep", "-3"}, 2, "--keep doit valoir au moins 1", false},
			{"control", []string{"backup", "--to", filepath.Join(dir, "b"+ctl)}, 2, "--to : le chemin « " + filepath.Join(dir, "b") + "\\x1b]0;x\\a » contient un caractère de contrôle", false},
			{"huge", []string{"backup", "--to", huge}, 2, "--to : chemin de 100 000 octets, trop long", false},
		},
		"restore": {
			{"missing", []string{"restore"}, 2, "passnum restore : il manque FICHIER", false},
			{"unknown", []string{"restore", text, "--bogus"}, 2, "option inconnue --bogus", false},
			{"type", []string{"restore", text}, 2, "passnum restore : " + text + " n'est pas un registre passnum, pas même une base SQLite", false},
			{"type", []string{"restore", dir}, 2, "passnum restore : " + dir + " n'est pas un fichier", false},
			{"control", []string{"restore", ctlPath}, 2, "passnum restore : le chemin", false},
			{"huge", []string{"restore", huge}, 2, "passnum restore : chemin de 100 000 octets, trop long", false},
		},
		"places import": {
			{"missing", []string{"places", "import"}, 2, "passnum places import : il manque le fichier CSV", false},
			{"unknown", []string{"places", "import", "testdata/places_min.csv", "--skip"}, 2, "option inconnue --skip (options de cette commande : --skip-invalid", false},
			{"type", []string{"places", "import", dir}, 2, "est un dossier, donnez le fichier CSV", false},
			{"control", []string{"places", "import", ctlPath}, 2, "passnum places import : le chemin", false},
			{"huge", []string{"places", "import", huge}, 2, "passnum places import : chemin de 100 000 octets", false},
		},
		"import": {
			{"missing", []string{"import", "people", "--dry-run"}, 2, "passnum import people : il manque le fichier (.xlsx ou .csv)", false},
			{"missing", []string{"import"}, 2, "passnum import : précisez quoi importer", false},
			{"missing", []string{"import", "people", "-"}, 2, "passnum import people - : précisez ce que contient l'entrée standard avec --format csv ou --format xlsx", false},
			{"type", []string{"import", "people", "-", "--format", "ods"}, 2, "--format : « ods » inconnu (choix : csv, xlsx)", false},
			{"type", []string{"import", "people", peopleCSV, "--format", "csv"}, 2, "--format sert à l'entrée standard (« - »)", false},
			{"type", []string{"import", "people", peopleCSV, "--rejects", "refus.csv"}, 2, "--rejects : refus.csv — les lignes refusées s'écrivent dans un classeur .xlsx", false},
			{"unknown", []string{"import", "people", peopleCSV, "--dry-run", "--bogus"}, 2, "option inconnue --bogus (options de cette commande : --consent, --dry-run, --format, --map, --rejects, --sheet, --skip-invalid", false},
			{"unknown", []string{"import", "places", peopleCSV}, 2, "passnum import : « places » ne s'importe pas (seulement : people, redemptions)", false},
			{"missing", []string{"import", "redemptions", "-", "--place", "pimms-creil"}, 2, "passnum import redemptions - : précisez ce que contient l'entrée standard avec --format csv", false},
			{"missing", []string{"import", "redemptions"}, 2, "passnum import redemptions : il manque le fichier (.xlsx ou .csv)", false},
			{"unknown", []string{"import", "redemptions", peopleCSV, "--dry-run", "--bogus"}, 2, "option inconnue --bogus (options de cette commande : --dry-run, --format, --map, --place, --sheet, --skip-invalid", false},
			{"unknown", []string{"import", "redemptions", peopleCSV, "--dry-run", "--map", "Nom=cheque,Prénom=used_on", "--place", "nulle-part"}, 2, "--place : lieu « nulle-part » inconnu", false},
			{"type", []string{"import", "redemptions", peopleCSV, "--dry-run"}, 2, "aucune colonne « N° chèque » dans le fichier (colonnes : « Nom », « Prénom »", false},
			{"control", []string{"import", "redemptions", ctlPath}, 2, "passnum import redemptions : le chemin", false},
			{"huge", []string{"import", "redemptions", huge, "--skip-invalid"}, 2, "passnum import redemptions : chemin de 100 000 octets", false},
			{"unknown", []string{"import", "people", peopleCSV, "--dry-run", "--map", "Ville=commune"}, 2, "--map : pas de colonne « Ville » dans le fichier (colonnes : « Nom », « Prénom »", false},
			{"type", []string{"import", "people", peopleCSV, "--dry-run", "--map", "Nom=age"}, 2, "--map : champ « age » inconnu pour la colonne « Nom »", false},
			{"type", []string{"import", "people", peopleODS, "--dry-run"}, 2, "personnes.ods : format .ods non lu — enregistrez le fichier au format .xlsx ou .csv", false},
			{"type", []string{"import", "people", peopleCSV, "--dry-run", "--sheet", "Feuil1"}, 2, "--sheet : personnes.csv est un fichier CSV", false},
			{"type", []string{"import", "people", dir, "--dry-run"}, 2, "est un dossier, donnez le fichier .xlsx ou .csv", false},
			{"control", []string{"import", "people", ctlPath, "--dry-run"}, 2, "passnum import people : le chemin", false},
			{"huge", []string{"import", "people", huge, "--dry-run"}, 2, "passnum import people : chemin de 100 000 octets", false},
		},
		"places list":     noArgs("places", "list"),
		"people over-cap": noArgs("people", "over-cap"),
		"places set": {
			{"missing", []string{"places", "set", "--pmr"}, 2, "passnum places set : il manque l'identifiant du lieu", false},
			{"missing", []string{"places", "set", "pimms-creil", "--levels"}, 2, "il manque la valeur de --levels", false},
			{"unknown", []string{"places", "set", "pimms-creil", "--qualifie"}, 2, "option inconnue --qualifie", false},
			{"type", []string{"places", "set", "pimms-creil", "--pmr=peut-être"}, 2, "--pmr : « peut-être » ne vaut ni oui ni non", false},
			{"type", []string{"places", "set", "pimms-creil", "--needs", "B99"}, 2, "--needs", false},
			{"control", []string{"places", "set", ctl, "--pmr"}, 1, "lieu \"\\x1b]0;x\\a\" introuvable", false},
			{"control", []string{"places", "set", "pimms-creil", "--serves", ctl}, 2, "--serves", false},
			{"huge", []string{"places", "set", huge, "--pmr"}, 1, "introuvable", false},
			{"huge", []string{"places", "set", "pimms-creil", "--levels", huge}, 2, "--levels", false},
		},
		"people add": {
			{"missing", without(person, "--last-name"), 2, "nom", false},
			{"missing", without(person, "--consent"), 2, "indiquez --consent", false},
			{"unknown", with(person, "--prenom", "Noé"), 2, "option inconnue --prenom", false},
			{"type", with(without(person, "--birth-date"), "--birth-date", "31/02/2004"), 2, "--birth-date", false},
			{"type", with(person, "--quotient-familial", "beaucoup"), 2, "--quotient-familial : \"beaucoup\" n'est pas un nombre", false},
			{"type", with(person, "--household-of", "-4"), 2, "--household-of : -4 n'est pas un numéro de personne", false},
			{"control", with(without(person, "--last-name"), "--last-name", "Petit"+ctl), 2, "nom", true},
			{"control", with(person, "--address", "12 rue"+ctl), 2, "adresse", true},
			{"huge", with(without(person, "--last-name"), "--last-name", huge), 2, "nom", true},
			{"huge", with(person, "--address", huge), 2, "adresse", false},
		},
		"people edit": {
			{"missing", []string{"people", "edit", "--quotient-familial", "540"}, 2, "passnum people edit : il manque le numéro de la personne", false},
			{"missing", []string{"people", "edit", "1"}, 2, "rien à corriger ; indiquez --quotient-familial", false},
			{"unknown", []string{"people", "edit", "1", "--qf", "540"}, 2, "option inconnue --qf", false},
			{"type", []string{"people", "edit", "1", "--quotient-familial", "beaucoup"}, 2, "--quotient-familial : \"beaucoup\" n'est pas un montant en euros", false},
			{"control", []string{"people", "edit", "1", "--quotient-familial", ctl}, 2, "--quotient-familial", false},
			{"huge", []string{"people", "edit", huge, "--quotient-familial", "540"}, 2, "passnum people edit", false},
		},
		"people find": {
			{"missing", []string{"people", "find"}, 2, "passnum people find : tapez un nom", false},
			{"unknown", []string{"people", "find", "Martin", "--limit", "5"}, 2, "option inconnue --limit (cette commande n'a pas d'option", false},
			{"type", []string{"people", "find", "   "}, 2, "passnum people find : tapez un nom", false},
			{"control", []string{"people", "find", "Mar" + ctl}, 2, "passnum people find : « Mar\\x1b]0;x\\a » contient un caractère de contrôle", false},
			{"huge", []string{"people", "find", huge}, 2, "passnum people find : texte de 100 000 caractères, trop long", false},
		},
		"people merge": {
			{"missing", []string{"people", "merge", "1", "--reason", "doublon"}, 2, "il manque le numéro de la fiche fusionnée", false},
			{"unknown", []string{"people", "merge", "1", "2", "--motif", "doublon"}, 2, "option inconnue --motif (options de cette commande : --reason", false},
			{"type", []string{"people", "merge", "un", "2", "--reason", "doublon"}, 2, "fiche gardée : un n'est pas un numéro de personne", false},
			{"control", []string{"people", "merge", "1", ctl, "--reason", "doublon"}, 2, "fiche fusionnée : \\x1b]0;x\\a n'est pas un numéro de personne", false},
			{"control", []string{"people", "merge", "1", "2", "--reason", "doublon" + ctl}, 2, "motif", true},
			{"huge", []string{"people", "merge", "1", hugeNum, "--reason", "doublon"}, 2, "fiche fusionnée : 999", false},
			{"huge", []string{"people", "merge", "1", "2", "--reason", huge}, 2, "motif : 280 caractères au plus", false},
		},
		"eligibility": {
			{"missing", []string{"eligibility"}, 2, "passnum eligibility : il manque le numéro de la personne", false},
			{"unknown", []string{"eligibility", "1", "--prog", "x"}, 2, "option inconnue --prog (options de cette commande : --programme", false},
			{"type", []string{"eligibility", "Martin"}, 2, "passnum eligibility : Martin n'est pas un numéro de personne", false},
			{"control", []string{"eligibility", "1", "--programme", ctl}, 2, "--programme : \"\\x1b]0;x\\a\" inconnu", false},
			{"huge", []string{"eligibility", hugeNum}, 2, "passnum eligibility : 999", false},
		},
		"carnets receive": {
			{"missing", []string{"carnets", "receive", "--programme", "creil-sud-oise"}, 2, "indiquez --first NUMÉRO --count N, ou --file FICHIER", false},
			{"missing", []string{"carnets", "receive", "--first", "700001", "--count", "1"}, 2, "--programme est obligatoire", false},
			{"unknown", []string{"carnets", "receive", "--programme", "creil-sud-oise", "--from", "700001", "--count", "1"}, 2, "option inconnue --from", false},
			{"type", []string{"carnets", "receive", "--programme", "creil-sud-oise", "--first", "700001", "--count", "un"}, 2, "--count : « un » n'est pas un nombre entier", false},
			{"type", []string{"carnets", "receive", "--programme", "creil-sud-oise", "--first", "700001", "--count", "-5"}, 2, "--count : -5 carnets ?", false},
			{"control", []string{"carnets", "receive", "--programme", "creil-sud-oise", "--first", "7000" + ctl, "--count", "1"}, 2, "--first : \"7000\\x1b]0;x\\a\" n'est pas un numéro de carnet", false},
			{"huge", []string{"carnets", "receive", "--programme", "creil-sud-oise", "--first", hugeNum, "--count", "1"}, 2, "--first : \"999", false},
			{"huge", []string{"carnets", "receive", "--programme", "creil-sud-oise", "--first", "700001", "--count", hugeNum}, 2, "--count : « 999", false},
		},
		"carnets allocate": {
			{"missing", []string{"carnets", "allocate", "--count", "1"}, 2, "--prescriber : indiquez un prescripteur", false},
			{"unknown", []string{"carnets", "allocate", "--prescripteur", "x", "--count", "1"}, 2, "option inconnue --prescripteur", false},
			{"type", []string{"carnets", "allocate", "--prescriber", "centre-social-georges-brassens", "--count", "1,5"}, 2, "--count : « 1,5 » n'est pas un nombre entier", false},
			{"type", []string{"carnets", "allocate", "--key", "--count", "10", "--fixed", "dix"}, 2, "--fixed : « dix » n'est pas un nombre entier", false},
			{"control", []string{"carnets", "allocate", "--prescriber", ctl, "--count", "1"}, 2, "--prescriber : \"\\x1b]0;x\\a\" inconnu", false},
			{"control", []string{"carnets", "allocate", "--key", "--count", "10", "--by", ctl}, 2, "\\x1b]0;x\\a", false},
			{"huge", []string{"carnets", "allocate", "--prescriber", "centre-social-georges-brassens", "--count", hugeNum}, 2, "--count : « 999", false},
		},
		"carnets issue": {
			{"missing", []string{"carnets", "issue", "600010"}, 2, "--person est obligatoire", false},
			{"missing", []string{"carnets", "issue", "--person", "2"}, 2, "il manque le numéro du carnet", false},
			{"unknown", []string{"carnets", "issue", "600010", "--personne", "2"}, 2, "option inconnue --personne (options de cette commande : --accompanied, --extra-reason, --person", false},
			{"type", []string{"carnets", "issue", "600010", "--person", "Durand"}, 2, "--person : Durand n'est pas un numéro de personne", false},
			{"control", []string{"carnets", "issue", "6000" + ctl, "--person", "2"}, 2, "passnum carnets issue : « 6000\\x1b]0;x\\a » n'est pas un numéro de carnet", false},
			{"huge", []string{"carnets", "issue", huge, "--person", "2"}, 2, "passnum carnets issue : « xxx", false},
		},
		"carnets void": {
			{"missing", []string{"carnets", "void", "--reason", "perdu"}, 2, "passnum carnets void : il manque les carnets", false},
			{"unknown", []string{"carnets", "void", "600011", "--motif", "perdu"}, 2, "option inconnue --motif", false},
			{"type", []string{"carnets", "void", "600011-", "--reason", "perdu"}, 2, "carnets", false},
			{"control", []string{"carnets", "void", "6000" + ctl, "--reason", "perdu"}, 2, "\\x1b]0;x\\a", false},
			{"control", []string{"carnets", "void", "600011", "--reason", "perdu" + ctl}, 2, "motif", true},
			{"huge", []string{"carnets", "void", huge, "--reason", "perdu"}, 2, "carnets", false},
			{"huge", []string{"carnets", "void", "600011", "--reason", huge}, 2, "motif", true},
		},
		"carnets cancel": {
			{"missing", []string{"carnets", "cancel", "600001"}, 2, "--reason est obligatoire", false},
			{"missing", []string{"carnets", "cancel", "--reason", "erreur"}, 2, "il manque le numéro du carnet", false},
			{"unknown", []string{"carnets", "cancel", "600001", "--motif", "erreur"}, 2, "option inconnue --motif", false},
			{"type", []string{"carnets", "cancel", "600001,600002", "--reason", "erreur"}, 2, "passnum carnets cancel : « 600001,600002 » n'est pas un numéro de carnet", false},
			{"control", []string{"carnets", "cancel", "6000" + ctl, "--reason", "erreur"}, 2, "passnum carnets cancel : « 6000\\x1b]0;x\\a » n'est pas un numéro de carnet", false},
			{"control", []string{"carnets", "cancel", "600002", "--reason", "erreur" + ctl}, 2, "motif", true},
			{"huge", []string{"carnets", "cancel", huge, "--reason", "erreur"}, 2, "passnum carnets cancel : « xxx", false},
			{"huge", []string{"carnets", "cancel", "600002", "--reason", huge}, 2, "motif", true},
		},
		"carnets transfer": {
			{"missing", []string{"carnets", "transfer", "600010", "--reason", "relais"}, 2, "--to : indiquez un prescripteur", false},
			{"unknown", []string{"carnets", "transfer", "600010", "--vers", "x"}, 2, "option inconnue --vers", false},
			{"type", []string{"carnets", "transfer", "600010-600001", "--to", "pimms", "--reason", "relais"}, 2, "carnets", false},
			{"control", []string{"carnets", "transfer", "600010", "--to", ctl, "--reason", "relais"}, 2, "--to : \"\\x1b]0;x\\a\" inconnu", false},
			{"control", []string{"carnets", "transfer", "600010", "--to", "mission-locale-vallee-oise", "--reason", "relais" + ctl}, 2, "motif", true},
			{"huge", []string{"carnets", "transfer", "600010", "--to", huge, "--reason", "relais"}, 2, "--to : \"xxx", false},
		},
		"carnets return": {
			{"missing", []string{"carnets", "return"}, 2, "passnum carnets return : il manque les carnets", false},
			{"unknown", []string{"carnets", "return", "600010", "--bogus"}, 2, "option inconnue --bogus", false},
			{"type", []string{"carnets", "return", "abc-def", "--reason", "retour"}, 2, "carnets", false},
			{"control", []string{"carnets", "return", "600010" + ctl, "--reason", "retour"}, 2, "\\x1b]0;x\\a", false},
			{"control", []string{"carnets", "return", "600010", "--reason", "retour" + ctl}, 2, "motif", true},
			{"huge", []string{"carnets", "return", hugeNum, "--reason", "retour"}, 2, "carnets", false},
		},
		"stock": {
			{"missing", []string{"stock", "--programme"}, 2, "il manque la valeur de --programme", false},
			{"unknown", []string{"stock", "--prog", "x"}, 2, "option inconnue --prog", false},
			{"type", []string{"stock", "creil-sud-oise"}, 2, "passnum stock ne prend pas d'argument", false},
			{"control", []string{"stock", "--programme", ctl}, 2, "--programme : \"\\x1b]0;x\\a\" inconnu", false},
			{"huge", []string{"stock", "--programme", huge}, 2, "--programme : \"xxx", false},
		},
		"redeem": {
			{"missing", []string{"redeem", "--place", "pimms-creil"}, 2, "passnum redeem : il manque le numéro du chèque", false},
			{"missing", []string{"redeem", "600002-01"}, 2, "--place est obligatoire", false},
			{"unknown", []string{"redeem", "600002-01", "--lieu", "pimms-creil"}, 2, "option inconnue --lieu (options de cette commande : --place, --session", false},
			{"type", []string{"redeem", "600002-01", "--place", "pimms-creil", "--session", "séance 1"}, 2, "séance", false},
			{"control", []string{"redeem", "600002" + ctl, "--place", "pimms-creil"}, 2, "passnum redeem : « 600002\\x1b]0;x\\a » n'est pas un numéro de chèque", false},
			{"control", []string{"redeem", "600002-01", "--place", ctl}, 1, "lieu \"\\x1b]0;x\\a\" introuvable", false},
			{"huge", []string{"redeem", huge, "--place", "pimms-creil"}, 2, "passnum redeem : « xxx", false},
		},
		"lookup": {
			{"missing", []string{"lookup"}, 2, "passnum lookup : tapez un numéro de chèque ou de carnet", false},
			{"unknown", []string{"lookup", "600001", "--all"}, 2, "option inconnue --all", false},
			{"type", []string{"lookup", "   "}, 2, "recherche vide", false},
			{"control", []string{"lookup", ctl}, 2, "passnum lookup : « \\x1b]0;x\\a » contient un caractère de contrôle", false},
			{"huge", []string{"lookup", huge}, 2, "passnum lookup : texte de 100 000 caractères, trop long", false},
		},
		"diagnose": {
			{"missing", []string{"diagnose"}, 2, "--answers FICHIER.json est obligatoire", false},
			{"missing", []string{"diagnose", "--answers"}, 2, "il manque la valeur de --answers", false},
			{"unknown", []string{"diagnose", "--answer", wrongType}, 2, "option inconnue --answer (options de cette commande : --all-excluded, --answers", false},
			{"type", []string{"diagnose", "--answers", wrongType}, 2, "« commune » doit être un texte entre guillemets, pas un nombre", false},
			{"control", []string{"diagnose", "--answers", ctlPath}, 2, "--answers : le chemin", false},
			{"huge", []string{"diagnose", "--answers", huge}, 2, "--answers : chemin de 100 000 octets", false},
		},
		"report": {
			{"missing", []string{"report", "--month"}, 2, "il manque la valeur de --month", false},
			{"unknown", []string{"report", "--mois", month}, 2, "option inconnue --mois", false},
			{"type", []string{"report", "--month", "2026-13"}, 2, "--month", false},
			{"type", []string{"report", "--from", "31/02/2026"}, 2, "--from", false},
			{"control", []string{"report", "--by", ctl}, 2, "\\x1b]0;x\\a", false},
			{"control", []string{"report", "--xlsx", filepath.Join(dir, "r"+ctl+".xlsx")}, 2, "--xlsx : le chemin", false},
			{"huge", []string{"report", "--programme", huge}, 2, "--programme : \"xxx", false},
			{"huge", []string{"report", "--html", huge + ".html"}, 2, "--html : chemin de 100 005 octets", false},
		},
		"sessions add": {
			{"missing", without(session, "--start"), 2, "--start est obligatoire", false},
			{"unknown", with(session, "--titre", "x"), 2, "option inconnue --titre", false},
			{"type", with(without(session, "--duration"), "--duration", "une heure"), 2, "--duration : « une heure » n'est pas un nombre entier", false},
			{"type", with(without(session, "--start"), "--start", "25:00"), 2, "--start", false},
			{"control", with(without(session, "--title"), "--title", "Atelier"+ctl), 2, "titre", true},
			{"control", with(without(session, "--theme"), "--theme", "E-mail"+ctl), 2, "thème", false},
			{"huge", with(without(session, "--title"), "--title", huge), 2, "titre : 120 caractères au plus", false},
			{"huge", with(without(session, "--capacity"), "--capacity", hugeNum), 2, "--capacity : « 999", false},
		},
		"sessions list": {
			{"missing", []string{"sessions", "list", "--place"}, 2, "il manque la valeur de --place", false},
			{"unknown", []string{"sessions", "list", "--semaine"}, 2, "option inconnue --semaine (options de cette commande : --date, --place, --week", false},
			{"type", []string{"sessions", "list", "--date", "31/02/2026"}, 2, "--date", false},
			{"type", []string{"sessions", "list", "--week=peut-être"}, 2, "--week : « peut-être » ne vaut ni oui ni non", false},
			{"control", []string{"sessions", "list", "--place", ctl}, 2, "--place : lieu « \\x1b]0;x\\a » introuvable", false},
			{"huge", []string{"sessions", "list", "--place", huge}, 2, "--place : lieu « xxx", false},
		},
		"sessions show": {
			{"missing", []string{"sessions", "show"}, 2, "passnum sessions show : il manque le numéro de la séance", false},
			{"unknown", []string{"sessions", "show", "S1", "--all"}, 2, "option inconnue --all (cette commande n'a pas d'option", false},
			{"type", []string{"sessions", "show", "atelier"}, 2, "séance", false},
			{"control", []string{"sessions", "show", "S1" + ctl}, 2, "séance", false},
			{"huge", []string{"sessions", "show", huge}, 2, "séance", false},
		},
		"sessions edit": {
			{"missing", []string{"sessions", "edit", "S2"}, 2, "indiquez ce qui change (--title, --theme", false},
			{"missing", []string{"sessions", "edit", "--duration", "60"}, 2, "il manque le numéro de la séance", false},
			{"unknown", []string{"sessions", "edit", "S2", "--durée", "60"}, 2, "option inconnue --durée", false},
			{"type", []string{"sessions", "edit", "S2", "--duration", "une heure"}, 2, "--duration : « une heure » n'est pas un nombre entier", false},
			{"type", []string{"sessions", "edit", "S2", "--duration", "180"}, 2, "durée : 180 min : le programme paie des séances de 120 min au plus", false},
			{"type", []string{"sessions", "edit", "S2", "--start", "25:00"}, 2, "--start", false},
			{"control", []string{"sessions", "edit", "S2", "--title", "Atelier" + ctl}, 2, "titre", true},
			{"huge", []string{"sessions", "edit", "S2", "--title", huge}, 2, "titre : 120 caractères au plus", false},
		},
		"sessions sheet": {
			{"missing", []string{"sessions", "sheet", "S2"}, 2, "--html est obligatoire", false},
			{"missing", []string{"sessions", "sheet", "--html", "-"}, 2, "il manque le numéro de la séance", false},
			{"unknown", []string{"sessions", "sheet", "S2", "--pdf", "f.pdf"}, 2, "option inconnue --pdf", false},
			{"type", []string{"sessions", "sheet", "S2", "--html", filepath.Join(dir, "feuille.csv")}, 2, "ne finit pas par .html", false},
			{"control", []string{"sessions", "sheet", "S2", "--html", filepath.Join(dir, "f"+ctl+".html")}, 2, "--html : le chemin", false},
			{"huge", []string{"sessions", "sheet", hugeNum, "--html", "-"}, 2, "séance", false},
		},
		"sessions attend": {
			{"missing", []string{"sessions", "attend", "S2"}, 2, "--cheque NUMÉRO, --person ID ou --anonymous", false},
			{"missing", []string{"sessions", "attend", "--person", "2"}, 2, "il manque le numéro de la séance", false},
			{"unknown", []string{"sessions", "attend", "S2", "--personne", "2"}, 2, "option inconnue --personne", false},
			{"type", []string{"sessions", "attend", "S2", "--person", "Durand"}, 2, "--person : Durand n'est pas un numéro de personne", false},
			{"type", []string{"sessions", "attend", "S2", "--anonymous", "--age-band", "vieux"}, 2, "âge", false},
			{"control", []string{"sessions", "attend", "S2", "--cheque", "600002" + ctl}, 2, "--cheque : « 600002\\x1b]0;x\\a » n'est pas un numéro de chèque", false},
			{"control", []string{"sessions", "attend", "S2", "--anonymous", "--gender", ctl}, 2, "\\x1b]0;x\\a", false},
			{"huge", []string{"sessions", "attend", "S2", "--cheque", huge}, 2, "--cheque : « xxx", false},
		},
		"sessions redeem": {
			{"missing", []string{"sessions", "redeem"}, 2, "passnum sessions redeem : il manque le numéro de la séance", false},
			{"unknown", []string{"sessions", "redeem", "S2", "--all"}, 2, "option inconnue --all", false},
			{"type", []string{"sessions", "redeem", "deux"}, 2, "séance", false},
			{"control", []string{"sessions", "redeem", ctl}, 2, "séance", false},
			{"huge", []string{"sessions", "redeem", hugeNum}, 2, "séance", false},
		},
		"sessions cancel-redemption": {
			{"missing", []string{"sessions", "cancel-redemption", "--reason", "erreur"}, 2, "il manque le numéro du chèque", false},
			{"unknown", []string{"sessions", "cancel-redemption", "600001-02", "--motif", "erreur"}, 2, "option inconnue --motif (options de cette commande : --reason", false},
			{"type", []string{"sessions", "cancel-redemption", "600001 02", "--reason", "erreur"}, 2, "« 600001 02 » n'est pas un numéro de chèque", false},
			{"control", []string{"sessions", "cancel-redemption", "600001-02" + ctl, "--reason", "erreur"}, 2, "n'est pas un numéro de chèque", false},
			{"control", []string{"sessions", "cancel-redemption", "600001-02", "--reason", "erreur" + ctl}, 2, "motif", true},
			{"huge", []string{"sessions", "cancel-redemption", "600001-02", "--reason", huge}, 2, "motif : 280 caractères au plus", false},
		},
		"sessions follow-up": {
			{"missing", []string{"sessions", "follow-up", "S1", "--autonomy", "Autonome"}, 2, "--person est obligatoire", false},
			{"unknown", []string{"sessions", "follow-up", "S1", "--person", "1", "--autonomie", "x"}, 2, "option inconnue --autonomie", false},
			{"type", []string{"sessions", "follow-up", "S1", "--person", "un", "--autonomy", "Autonome"}, 2, "--person : un n'est pas un numéro de personne", false},
			{"control", []string{"sessions", "follow-up", "S1", "--person", "1", "--autonomy", ctl}, 2, "autonomie", false},
			{"control", []string{"sessions", "follow-up", "S1", "--person", "1", "--autonomy", "Autonome", "--comment", "bien" + ctl}, 2, "commentaire", true},
			{"huge", []string{"sessions", "follow-up", "S1", "--person", "1", "--autonomy", "Autonome", "--comment", huge}, 2, "commentaire : 280 caractères au plus", false},
		},
		"people export": {
			{"missing", []string{"people", "export"}, 2, "passnum people export : il manque le numéro de la personne", false},
			{"unknown", []string{"people", "export", "1", "--pdf", "x"}, 2, "option inconnue --pdf (options de cette commande : --html", false},
			{"type", []string{"people", "export", "un"}, 2, "personne : un n'est pas un numéro de personne", false},
			{"control", []string{"people", "export", "1", "--html", ctlPath}, 2, "--html : le chemin", false},
			{"huge", []string{"people", "export", hugeNum}, 2, "personne : 999", false},
		},
		"people orient": {
			{"missing", []string{"people", "orient", "1"}, 2, "--place est obligatoire", false},
			{"unknown", []string{"people", "orient", "1", "--lieu", "x"}, 2, "option inconnue --lieu", false},
			{"type", []string{"people", "orient", "un", "--place", "pimms-creil"}, 2, "personne : un n'est pas un numéro de personne", false},
			{"control", []string{"people", "orient", "1", "--place", "pimms-creil", "--note", "bien" + ctl}, 2, "note pour le lieu", true},
			{"huge", []string{"people", "orient", "1", "--place", "pimms-creil", "--note", huge}, 2, "note pour le lieu : 500 caractères au plus", false},
		},
		"people unorient": {
			{"missing", []string{"people", "unorient", "1", "--place", "pimms-creil"}, 2, "--reason est obligatoire", false},
			{"unknown", []string{"people", "unorient", "1", "--lieu", "x"}, 2, "option inconnue --lieu", false},
			{"type", []string{"people", "unorient", "un", "--place", "pimms-creil", "--reason", "erreur"}, 2, "personne : un n'est pas un numéro de personne", false},
			{"control", []string{"people", "unorient", "1", "--place", "pimms-creil", "--reason", "erreur" + ctl}, 2, "motif", true},
			{"huge", []string{"people", "unorient", "1", "--place", "pimms-creil", "--reason", huge}, 2, "motif : 500 caractères au plus", false},
		},
		"people oriented": {
			{"missing", []string{"people", "oriented"}, 2, "--place est obligatoire", false},
			{"unknown", []string{"people", "oriented", "--lieu", "x"}, 2, "option inconnue --lieu", false},
			{"type", []string{"people", "oriented", "--place", "nulle-part"}, 2, "--place : lieu « nulle-part » introuvable", false},
			{"control", []string{"people", "oriented", "--place", ctl}, 2, "--place : lieu « \\x1b]0;x\\a » introuvable", false},
			{"huge", []string{"people", "oriented", "--place", huge}, 2, "--place : lieu « xxx", false},
		},
		"people parcours": {
			{"missing", []string{"people", "parcours"}, 2, "passnum people parcours : il manque le numéro de la personne", false},
			{"unknown", []string{"people", "parcours", "1", "--pdf", "x"}, 2, "option inconnue --pdf", false},
			{"type", []string{"people", "parcours", "un"}, 2, "personne : un n'est pas un numéro de personne", false},
			{"control", []string{"people", "parcours", "1", "--html", ctlPath}, 2, "--html : le chemin", false},
			{"huge", []string{"people", "parcours", hugeNum}, 2, "personne : 999", false},
		},
		"people anonymise": {
			{"missing", []string{"people", "anonymise", "--reason", "demande"}, 2, "passnum people anonymise : il manque le numéro de la personne", false},
			{"unknown", []string{"people", "anonymise", "1", "--motif", "demande"}, 2, "option inconnue --motif (options de cette commande : --reason", false},
			{"type", []string{"people", "anonymise", "un", "--reason", "demande"}, 2, "personne : un n'est pas un numéro de personne", false},
			{"control", []string{"people", "anonymise", "1", "--reason", "demande" + ctl}, 2, "motif", true},
			{"huge", []string{"people", "anonymise", "1", "--reason", huge}, 2, "motif : 280 caractères au plus", false},
		},
		"retention": {
			{"missing", []string{"retention", "--apply="}, 2, "--apply : «  » ne vaut ni oui ni non", false},
			{"unknown", []string{"retention", "--mois", "3"}, 2, "option inconnue --mois (options de cette commande : --apply", false},
			{"type", []string{"retention", "12"}, 2, "passnum retention ne prend pas d'argument", false},
			{"control", []string{"retention", ctl}, 2, "« \\x1b]0;x\\a » est en trop", false},
			{"huge", []string{"retention", huge}, 2, "passnum retention ne prend pas d'argument", false},
		},
		"claims prepare": {
			{"missing", []string{"claims", "prepare", "--place", "pimms-creil"}, 2, "--month est obligatoire", false},
			{"unknown", []string{"claims", "prepare", "--mois", month}, 2, "option inconnue --mois", false},
			{"type", []string{"claims", "prepare", "--month", "13/2026", "--place", "pimms-creil"}, 2, "--month : \"13/2026\" n'est pas un mois", false},
			{"control", []string{"claims", "prepare", "--month", month, "--place", ctl}, 1, "\\x1b]0;x\\a", false},
			{"huge", []string{"claims", "prepare", "--month", huge, "--place", "pimms-creil"}, 2, "--month : \"xxx", false},
		},
		"claims list": {
			{"missing", []string{"claims", "list", "--place"}, 2, "il manque la valeur de --place", false},
			{"unknown", []string{"claims", "list", "--lieu", "x"}, 2, "option inconnue --lieu", false},
			{"type", []string{"claims", "list", "C1"}, 2, "passnum claims list ne prend pas d'argument", false},
			{"control", []string{"claims", "list", "--place", ctl}, 2, "--place : lieu « \\x1b]0;x\\a » introuvable", false},
			{"huge", []string{"claims", "list", "--place", huge}, 2, "--place : lieu « xxx", false},
		},
		"claims export": {
			{"missing", []string{"claims", "export"}, 2, "passnum claims export : il manque le numéro de la demande", false},
			{"unknown", []string{"claims", "export", "C1", "--to", "x.csv"}, 2, "option inconnue --to (options de cette commande : --funders, --out", false},
			{"type", []string{"claims", "export", "C1", "--out", dir}, 2, "--out : " + dir + " est un dossier", false},
			{"control", []string{"claims", "export", "C1", "--out", ctlPath}, 2, "--out : le chemin", false},
			{"huge", []string{"claims", "export", "C1", "--out", huge}, 2, "--out : chemin de 100 000 octets", false},
		},
		"claims paid": {
			{"missing", []string{"claims", "paid"}, 2, "passnum claims paid : il manque le numéro de la demande", false},
			{"unknown", []string{"claims", "paid", "C1", "--date", today}, 2, "option inconnue --date", false},
			{"type", []string{"claims", "paid", "premier"}, 2, "demande", false},
			{"control", []string{"claims", "paid", "C1" + ctl}, 2, "demande", false},
			{"huge", []string{"claims", "paid", huge}, 2, "demande", false},
		},
		"export activity": {
			{"missing", []string{"export", "activity"}, 2, "--month est obligatoire", false},
			{"unknown", []string{"export", "activity", "--month", month, "--fichier", "a.csv"}, 2, "option inconnue --fichier", false},
			{"type", []string{"export", "activity", "--month", "novembre"}, 2, "--month : \"novembre\" n'est pas un mois", false},
			{"control", []string{"export", "activity", "--month", month, "--out", ctlPath}, 2, "--out : le chemin", false},
			{"huge", []string{"export", "activity", "--month", month, "--place", huge}, 2, "--place : lieu « xxx", false},
		},
		"export bilan": {
			{"missing", []string{"export", "bilan", "--prescriber"}, 2, "il manque la valeur de --prescriber", false},
			{"unknown", []string{"export", "bilan", "--prescripteur", "x"}, 2, "option inconnue --prescripteur", false},
			{"type", []string{"export", "bilan", "--prescriber", "centre-social-georges-brassens", "--out", dir}, 2, "--out : " + dir + " est un dossier", false},
			{"control", []string{"export", "bilan", "--prescriber", ctl}, 2, "--prescriber : « \\x1b]0;x\\a » inconnu", false},
			{"huge", []string{"export", "bilan", "--prescriber", "centre-social-georges-brassens", "--out", huge}, 2, "--out : chemin de 100 000 octets", false},
		},
		"letter": {
			{"missing", []string{"letter"}, 2, "passnum letter : il manque le numéro du carnet", false},
			{"unknown", []string{"letter", "600001", "--bogus"}, 2, "option inconnue --bogus", false},
			{"type", []string{"letter", "600001", "--out", dir}, 2, "--out : " + dir + " est un dossier", false},
			{"control", []string{"letter", "600001" + ctl}, 2, "\\x1b]0;x\\a", false},
			{"huge", []string{"letter", hugeNum}, 2, "n'est pas un numéro de carnet", false},
		},
		"carnets letter": {
			{"missing", []string{"carnets", "letter"}, 2, "passnum carnets letter : il manque le numéro du carnet", false},
			{"unknown", []string{"carnets", "letter", "600001", "--bogus"}, 2, "option inconnue --bogus", false},
			{"type", []string{"carnets", "letter", "600001", "--out", dir}, 2, "--out : " + dir + " est un dossier", false},
			{"control", []string{"carnets", "letter", "600001" + ctl}, 2, "\\x1b]0;x\\a", false},
			{"huge", []string{"carnets", "letter", hugeNum}, 2, "n'est pas un numéro de carnet", false},
		},
		"programme": {
			{"missing", []string{"programme", "extend", "creil-sud-oise", "--until"}, 2, "il manque la valeur de --until", false},
			{"unknown", []string{"programme", "show", "creil-sud-oise", "--jusque", "x"}, 2, "option inconnue --jusque", false},
			{"type", []string{"programme", "extend", "creil-sud-oise", "--until", "31/02/2028", "--reason", "avenant"}, 2, "--until : \"31/02/2028\" — le 31 février n'existe pas", false},
			{"control", []string{"programme", "show", ctl}, 2, "--programme : \"\\x1b]0;x\\a\" inconnu", false},
			{"huge", []string{"programme", "show", huge}, 2, "--programme : \"xxx", false},
		},
		"programme close": {
			{"missing", []string{"programme", "close"}, 2, "passnum programme close : il manque le programme", false},
			{"unknown", []string{"programme", "close", "creil-sud-oise", "--fichier", "x"}, 2, "option inconnue --fichier", false},
			{"type", []string{"programme", "close", "creil-sud-oise", "--xlsx", "x.csv"}, 2, "--xlsx : \"x.csv\" ne finit pas par .xlsx", false},
			{"control", []string{"programme", "close", ctl}, 2, "programme « \\x1b]0;x\\a » inconnu", false},
			{"huge", []string{"programme", "close", huge}, 2, "programme « xxx", false},
		},
		"programme closing": {
			{"missing", []string{"programme", "closing"}, 2, "passnum programme closing : il manque le programme", false},
			{"unknown", []string{"programme", "closing", "creil-sud-oise", "--dry-run"}, 2, "option inconnue --dry-run", false},
			{"type", []string{"programme", "closing", "creil-sud-oise", "--html", "x.pdf"}, 2, "--html : \"x.pdf\" ne finit pas par .html", false},
			{"control", []string{"programme", "closing", ctl}, 2, "programme « \\x1b]0;x\\a » inconnu", false},
			{"huge", []string{"programme", "closing", huge}, 2, "programme « xxx", false},
		},
		"(commande)": {
			{"missing", []string{"places"}, 2, "passnum places : précisez une action", false},
			{"unknown", []string{"frobnicate"}, 2, "commande inconnue : « frobnicate »", false},
			{"type", []string{"places", "lister"}, 2, "passnum places : action inconnue « lister »", false},
			{"control", []string{ctl}, 2, "commande inconnue : « \\x1b]0;x\\a »", false},
			{"huge", []string{"sessions", huge}, 2, "passnum sessions : action inconnue « xxx", false},
		},
	}

	// Every command of the help has its cases, and each has the five kinds.
	for _, cmd := range helpCommands() {
		if _, ok := commands[cmd]; !ok {
			t.Errorf("no bad-input cases for %q, a command of the help", cmd)
		}
	}
	want := ledgerHash(t, c.db)
	for cmd, cases := range commands {
		kinds := map[string]bool{}
		for _, tc := range cases {
			kinds[tc.kind] = true
		}
		for _, k := range []string{"missing", "unknown", "type", "control", "huge"} {
			if !kinds[k] {
				t.Errorf("%s: no %s case", cmd, k)
			}
		}
		for i, tc := range cases {
			t.Run(strings.ReplaceAll(cmd, " ", "_")+"/"+tc.kind+"_"+string(rune('a'+i)), func(t *testing.T) {
				// Bounded: a command that ignored its bad input could start a server and never end.
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				out, errOut, code := runExit(t, exec.CommandContext(ctx, binary, append([]string{"--config", "../../config.toml", "--db", c.db}, tc.args...)...))
				all := out + errOut
				t.Logf("exit %d: %s", code, strings.TrimSpace(clipOut(errOut)))
				switch {
				case code != tc.code:
					t.Errorf("passnum %s: exit %d, want %d\n%s", clipArgs(tc.args), code, tc.code, clipOut(all))
				case !strings.HasPrefix(errOut, "passnum : "):
					t.Errorf("passnum %s: no « passnum : » message\n%s", clipArgs(tc.args), clipOut(all))
				case !strings.Contains(errOut, tc.phrase):
					t.Errorf("passnum %s: the message does not say %q\n%s", clipArgs(tc.args), tc.phrase, clipOut(all))
				case englishWords.MatchString(optionNames.ReplaceAllString(all, "")):
					t.Errorf("passnum %s: English reaches the user (%q)\n%s", clipArgs(tc.args), englishWords.FindString(optionNames.ReplaceAllString(all, "")), clipOut(all))
				case len(errOut) > 2000:
					t.Errorf("passnum %s: a message of %d bytes", clipArgs(tc.args), len(errOut))
				case strings.ContainsAny(errOut, "\x1b\x07"):
					t.Errorf("passnum %s: control characters reach the terminal\n%q", clipArgs(tc.args), clipOut(errOut))
				}
				if got := ledgerHash(t, c.db); got != want {
					t.Errorf("passnum %s: the ledger changed", clipArgs(tc.args))
					want = got
				}
			})
		}
	}
	// Nothing was written beside the test's files either (a backup, a report, a directory).
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		t.Errorf("%q was written", e.Name())
	}
}

// optionNames are left out of the search for English: « --skip-invalid » is the option's name.
var optionNames = regexp.MustCompile(`--[a-z][a-z-]*`)

// helpCommands lists the commands the help text shows (« places import », « stock »…).
func helpCommands() []string {
	seen := map[string]bool{}
	var out []string
	inCommands := false
	for _, l := range strings.Split(usage+trainerUsage, "\n") {
		if strings.HasPrefix(l, "Commandes") || strings.HasPrefix(l, "Séances") {
			inCommands = true
			continue
		}
		if !inCommands || !strings.HasPrefix(l, "  ") || strings.HasPrefix(l, "   ") {
			continue
		}
		w := strings.Fields(l)
		name := w[0]
		switch name {
		case "places", "people", "carnets", "sessions", "claims", "export":
			name += " " + w[1]
		}
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}
