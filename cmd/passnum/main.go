// Command passnum manages the Pass numérique of a territory: the front-desk TUI, and commands
// for scripts (French text, --json for machines; exit 0 done, 1 refused by a rule, 2 bad input).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"passnum/cmd/passnum/config"
	"passnum/domain"
	"passnum/store"
)

// Exit statuses: the contract with scripts.
const (
	exitOK      = 0
	exitRefused = 1
	exitInvalid = 2
)

func main() {
	// The ledger, its WAL, letters, exports and the SSH host key name people or open the
	// ledger: every creation point sets owner-only modes, and the umask is the net for any other.
	syscall.Umask(0o077)
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// app is what every command needs: the configuration, the store, who acts, where to write.
type app struct {
	cfg    *config.Config
	store  *store.Store
	user   domain.User
	out    io.Writer
	json   bool
	global globals
	// storePath is the database in use; letterDir where hand-over letters go (demo: beside it).
	storePath, letterDir string
	// stdin is what "-" reads (a CSV, a JSON answers file): the terminal, or the SSH session.
	stdin  io.Reader
	stderr io.Writer // where the server logs
	// remote is set for a command that came over SSH: the server's files are not the user's.
	remote bool
}

type globals struct {
	config, db, as string
	json, demo     bool
}

// splitGlobals takes the global options out of args wherever they stand.
func splitGlobals(args []string) (globals, []string, error) {
	var g globals
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || a == "-" || a == "--" {
			rest = append(rest, a)
			continue
		}
		var dst *string
		switch name {
		case "config":
			dst = &g.config
		case "db":
			dst = &g.db
		case "as":
			dst = &g.as
		case "json":
			g.json = !hasVal || val == "true"
			continue
		case "demo":
			g.demo = !hasVal || val == "true"
			continue
		default:
			rest = append(rest, a)
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				return g, nil, domain.Errorf(domain.KindInvalid, "il manque la valeur de l'option --%s", name)
			}
			i++
			val = args[i]
		}
		*dst = val
	}
	return g, rest, nil
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	g, args, err := splitGlobals(args)
	if err == nil && isHelp(args) {
		fmt.Fprint(stdout, usage+"\n"+trainerUsage+exitUsage)
		return exitOK
	}
	if err == nil && asksCommandHelp(args) {
		// A command's help needs no ledger: it is read before the first set-up too.
		fmt.Fprint(stdout, commandHelp(args))
		return exitOK
	}
	if err == nil && isInit(args) { // the first set-up, before any ledger exists (ledger_open.go)
		if err = initLedger(g, args[1:], stdout); err == nil {
			return exitOK
		}
	}
	var a *app
	if err == nil {
		a, err = open(g, stdout, args)
	}
	if err == nil {
		defer a.store.Close()
		a.stdin, a.stderr = stdin, stderr
		err = a.dispatch(ctx, args, stdin)
	}
	if err != nil {
		return report(stderr, err)
	}
	return exitOK
}

// asksCommandHelp reports whether a command is asked for its help (« passnum import people
// --help »), as the option parser would find it.
func asksCommandHelp(args []string) bool {
	for _, a := range args[min(1, len(args)):] {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help", "-aide", "--aide":
			return true
		}
	}
	return false
}

func isHelp(args []string) bool {
	return len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "aide")
}

// session is the app a command received over SSH runs against: the server's configuration and
// open store, the user the session's key belongs to, and the session's streams. Each session
// gets its own copy, so nothing written for one user leaks into another's.
func (a *app) session(u domain.User, json bool, stdin io.Reader, stdout io.Writer) *app {
	s := *a
	s.user, s.json, s.stdin, s.out, s.remote = u, json, stdin, stdout, true
	s.global = globals{json: json}
	return &s
}

// silentRefusal ends a command with status 1 once its output already said why (a verdict).
var silentRefusal = &domain.Error{Kind: domain.KindConflict}

func (a *app) now() time.Time { return time.Now() }

// report prints an error in French and returns its exit status. The message is shown as a
// terminal must show what a user typed: control characters as escapes, a pasted wall of text cut.
func report(w io.Writer, err error) int {
	if err == silentRefusal {
		return exitRefused
	}
	kind := domain.KindOf(err)
	var de *domain.Error
	msg := err.Error()
	if !errors.As(err, &de) {
		msg = "erreur inattendue : " + msg
	}
	fmt.Fprintf(w, "passnum : %s — %s\n", kind.Label(), safeMessage(msg))
	switch kind {
	case domain.KindInvalid:
		return exitInvalid
	default:
		return exitRefused
	}
}

// safeMessage escapes the control characters of a message (its line breaks stay) and cuts any
// word longer than a line, so a value of 100 000 characters comes back as a few words.
func safeMessage(msg string) string {
	var b, word strings.Builder
	flush := func() {
		w := word.String()
		word.Reset()
		if utf8.RuneCountInString(w) <= 2*shownMax {
			b.WriteString(w)
			return
		}
		// Quotes and punctuation around the value stay: « "xxx… (100 000 caractères)" ».
		core := strings.TrimLeft(w, `"'«(`)
		lead := w[:len(w)-len(core)]
		inner := strings.TrimRight(core, `"'»),.;:`)
		b.WriteString(lead + shown(inner) + core[len(inner):])
	}
	for _, r := range msg {
		switch {
		case r == '\n':
			flush()
			b.WriteRune(r)
		case r == ' ':
			flush()
			b.WriteRune(r)
		case domain.IsControl(r):
			word.WriteString(shown(string(r)))
		default:
			word.WriteRune(r)
		}
	}
	flush()
	return b.String()
}

// recovered turns a panic of a command into an internal error: the user gets a French sentence
// and never a Go stack trace; the stack goes to a log file beside the database (or, for a command
// that came over SSH, to the server's log), to be passed on to whoever maintains passnum.
func (a *app) recovered(args []string, r any, stack []byte) error {
	what := shown(strings.Join(args, " "))
	entry := fmt.Sprintf("%s passnum %s : panique : %v\n%s\n", time.Now().Format(time.RFC3339), what, r, stack)
	if a.remote {
		fmt.Fprint(a.errOut(), entry)
		return domain.Errorf(domain.KindInternal, "passnum a rencontré une erreur imprévue (« %s ») et a arrêté la commande ; le détail est noté dans le journal du serveur : signalez-le à la coordination avec l'heure", what)
	}
	dir := os.TempDir()
	if a.storePath != "" {
		dir = filepath.Dir(a.storePath)
	}
	logPath := filepath.Join(dir, panicLog)
	f, err := os.OpenFile(logPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		logPath = filepath.Join(os.TempDir(), panicLog)
		f, err = os.OpenFile(logPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	}
	if err != nil {
		return domain.Errorf(domain.KindInternal, "passnum a rencontré une erreur imprévue (« %s ») et a arrêté la commande : signalez-le à la coordination avec la commande et l'heure", what)
	}
	fmt.Fprint(f, entry)
	f.Close()
	return domain.Errorf(domain.KindInternal, "passnum a rencontré une erreur imprévue (« %s ») et a arrêté la commande ; le détail est noté dans %s : transmettez ce fichier à la coordination", what, logPath)
}

// panicLog is the file, beside the database, where the stacks of unexpected errors go.
const panicLog = "passnum-erreurs.log"

// readOnlyCommand reports whether the command line only reads the ledger, so that open needs
// no writer connection and no migration check. A command that writes, or one not listed
// (the TUI, serve, check-config, anything new), gets the read-write store.
func readOnlyCommand(args []string) bool {
	if len(args) == 0 {
		return false // the TUI
	}
	switch args[0] {
	case "lookup", "eligibility", "stock", "report", "letter":
		return true
	}
	if len(args) < 2 {
		return false
	}
	switch args[0] + " " + args[1] {
	case "places list", "people find", "people over-cap", "people oriented",
		"sessions list", "sessions show", "programme show", "carnets letter",
		"claims list", "claims export", "export activity", "export bilan":
		return true
	}
	return false
}

func findUser(users []domain.User, id string) (domain.User, bool) {
	for _, u := range users {
		if u.ID == id {
			return u, true
		}
	}
	return domain.User{}, false
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// dispatch runs a command line. No command can end in a Go panic: it becomes an internal error
// (exit 1) with a French message, its stack logged out of the user's sight (see recovered).
// « passnum COMMANDE --help » prints that command's lines of the help.
func (a *app) dispatch(ctx context.Context, args []string, stdin io.Reader) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = a.recovered(args, r, debug.Stack())
		}
	}()
	err = a.route(ctx, args, stdin)
	if errors.Is(err, errHelp) {
		_, err = fmt.Fprint(a.out, commandHelp(args))
	}
	return err
}

// commandHelp is the part of the help about the command args name (its first words), or all of
// it when no line matches.
func commandHelp(args []string) string {
	var lines []string
	in := false
	for _, l := range strings.Split(usage+trainerUsage, "\n") {
		if strings.HasPrefix(l, "  ") && !strings.HasPrefix(l, "   ") {
			words := strings.Fields(l)
			in = len(words) > 0 && len(args) > 0 && words[0] == args[0] &&
				(len(words) < 2 || len(args) < 2 || strings.HasPrefix(args[1], "-") || words[1] == args[1] ||
					strings.HasPrefix(words[1], "-") || strings.HasPrefix(words[1], "[") || strings.ToUpper(words[1]) == words[1])
		} else if !strings.HasPrefix(l, "   ") {
			in = false
		}
		if in {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return usage + "\n" + trainerUsage + exitUsage
	}
	return strings.Join(lines, "\n") + "\n" + exitUsage
}

// noArgs refuses arguments and options to a command that takes none (check-config, serve).
func noArgs(cmd string, args []string) error {
	_, err := newFlags(cmd).parseWith(args)
	return err
}

func (a *app) route(ctx context.Context, args []string, stdin io.Reader) error {
	if len(args) == 0 {
		return a.runTUI(ctx)
	}
	cmd, rest := args[0], args[1:]
	sub := func() (string, []string, error) {
		if len(rest) == 0 {
			return "", nil, domain.Errorf(domain.KindInvalid, "passnum %s : précisez une action (passnum help)", cmd)
		}
		return rest[0], rest[1:], nil
	}
	switch cmd {
	case "serve":
		if a.remote {
			return domain.Errorf(domain.KindInvalid, "passnum serve ne se lance pas à travers SSH : lancez-le sur le serveur")
		}
		if err := noArgs("serve", rest); err != nil {
			return err
		}
		return a.serve(ctx)
	case "check-config":
		if err := noArgs("check-config", rest); err != nil {
			return err
		}
		return a.checkConfig()
	case "backup":
		return a.backup(ctx, rest)
	case "restore":
		return a.restore(ctx, rest)
	case "lookup":
		return a.lookup(ctx, rest)
	case "letter":
		return a.letter(ctx, "letter", true, rest)
	case "redeem":
		return a.redeem(ctx, rest)
	case "eligibility":
		return a.eligibility(ctx, rest)
	case "diagnose":
		return a.diagnose(ctx, rest)
	case "report":
		return a.report(ctx, rest)
	case "stock":
		return a.stock(ctx, rest)
	case "programme":
		action, rest, err := sub()
		if err != nil {
			return err
		}
		if ok, err := a.dispatchProgramme(ctx, action, rest); ok {
			return err
		}
		return domain.Errorf(domain.KindInvalid, "passnum programme : action inconnue « %s » (show, extend, close, closing)", shown(action))
	case "retention":
		return a.retention(ctx, rest)
	case "import":
		return a.importCommand(ctx, rest)
	case "places", "people", "carnets", "sessions", "claims", "export":
		action, rest, err := sub()
		if err != nil {
			return err
		}
		switch cmd + " " + action {
		case "places import":
			return a.placesImport(ctx, rest)
		case "places list":
			return a.placesList(ctx, rest)
		case "places set":
			return a.placesSet(ctx, rest)
		case "people add":
			return a.peopleAdd(ctx, rest)
		case "people edit":
			return a.peopleEdit(ctx, rest)
		case "people find":
			return a.peopleFind(ctx, rest)
		case "people merge":
			return a.peopleMerge(ctx, rest)
		case "people over-cap":
			return a.peopleOverCap(ctx, rest)
		case "people export":
			return a.peopleExport(ctx, rest)
		case "people anonymise":
			return a.peopleAnonymise(ctx, rest)
		case "people orient":
			return a.peopleOrient(ctx, rest)
		case "people oriented":
			return a.peopleOriented(ctx, rest)
		case "people unorient":
			return a.peopleUnorient(ctx, rest)
		case "people parcours":
			return a.peopleParcours(ctx, rest)
		case "carnets receive":
			return a.carnetsReceive(ctx, rest)
		case "carnets allocate":
			return a.carnetsAllocate(ctx, rest)
		case "carnets issue":
			return a.carnetsIssue(ctx, rest)
		case "carnets void":
			return a.carnetsVoid(ctx, rest)
		case "carnets cancel":
			return a.carnetsCancel(ctx, rest)
		case "carnets transfer":
			return a.carnetsTransfer(ctx, rest)
		case "carnets return":
			return a.carnetsReturn(ctx, rest)
		case "carnets letter":
			return a.carnetsLetter(ctx, rest)
		}
		return a.dispatchTrainer(ctx, cmd, action, rest)
	}
	return domain.Errorf(domain.KindInvalid, "commande inconnue : « %s » (passnum help donne la liste)", shown(cmd))
}

const usage = `passnum — Pass numérique : accueil, carnets, chèques et lieux

Sans commande, passnum ouvre l'écran d'accueil. passnum COMMANDE --help : l'aide de cette commande.

Options générales (partout) :
  --config FICHIER   configuration (défaut : $PASSNUM_CONFIG, sinon ./config.toml)
  --db FICHIER       base SQLite (défaut : [store] path de la configuration)
  --as UTILISATEUR   agir en tant que cet utilisateur (défaut : [local] user)
  --json             sortie JSON pour les scripts
  --demo             ouvrir sur une base de démonstration neuve (lieux, personnes, stock)

Commandes :
  init                                  première mise en service : écrit la configuration
                                        d'exemple si elle manque et crée le registre (seuls
                                        init et --demo créent un registre)
  init --from NOM                       part d'une configuration livrée (dossier configs/ :
                                        creil-sud-oise, lens-lievin…)
  serve                                 serveur SSH : écran d'accueil et commandes à distance
                                        ([ssh] et [[users]] keys de la configuration)
  check-config                          vérifier et résumer la configuration
  backup [--to DOSSIER] [--keep N]      copie vérifiée du registre, même serveur lancé
                                        (défaut : sauvegardes/ à côté de la base, 14 gardées)
  restore FICHIER                       remettre une sauvegarde en place, serveur arrêté
                                        (l'ancien registre est gardé de côté)
  places import FICHIER.csv [--skip-invalid]
  places list
  places set ID [--qualified[=false]] [--levels debutant,en_progression,autonome]
                [--needs B01,…] [--pmr[=false]] [--serves INSEE,…]
  people add --last-name NOM --first-name PRÉNOM --birth-date JJ/MM/AAAA --commune INSEE
             (--consent | --no-consent) [--qpv NOM] [--status S] [--diploma D]
             [--address "12 rue Émile Zola"] [--postal-code 62300] [--household-of PERSONNE]
             [--quotient-familial EUROS] [--not-duplicate]             après avoir vérifié que ce n'est pas la même personne
  people edit PERSONNE --quotient-familial EUROS|aucun [--not-duplicate]
                                        corriger le quotient familial d'une fiche
  people find TEXTE
  import people FICHIER (.xlsx|.csv) [--dry-run] [--sheet NOM] [--map colonne=champ,…]
             [--consent] [--skip-invalid] [--rejects REFUS.xlsx] [--format csv|xlsx]
                                        personnes et remises d'un tableur (coordination) :
                                        --dry-run montre ligne par ligne ce qui serait fait
                                        sans rien enregistrer ; sans lui, tout ou rien, sauf
                                        --skip-invalid ; un fichier réimporté ne change rien ;
                                        --consent : toutes les personnes ont donné leur accord ;
                                        --rejects : les lignes refusées et leur motif ;
                                        --format : ce que contient l'entrée standard (« - »)
  import redemptions FICHIER (.xlsx|.csv) [--place LIEU] [--dry-run]
                     [--skip-invalid] [--sheet NOM] [--map colonne=champ,…] [--format csv|xlsx]
                                        chèques qu'un lieu a notés comme utilisés (N° chèque,
                                        date, lieu par identifiant ou nom), chacun daté de son
                                        jour et soumis aux règles d'un encaissement ; tout ou
                                        rien, sauf --skip-invalid ; réimporter le même fichier
                                        ne change rien (coordination)
  people merge GARDÉE FUSIONNÉE --reason TEXTE   deux fiches de la même personne (coordination)
  people over-cap                       personnes au-dessus d'un plafond de carnets
  people export PERSONNE [--json | --html FICHIER|-]
  people orient PERSONNE --place LIEU [--note TEXTE] [--from-diagnostic]   orienter vers un lieu
  people oriented [--place LIEU]        personnes orientées vers un lieu (le vôtre par défaut)
  people unorient PERSONNE --place LIEU --reason TEXTE   retirer une orientation faite par erreur
                                        (le jour même par le guichet, ensuite par la coordination ;
                                        plus une fois la personne venue)
  people parcours PERSONNE [--json | --html F|- | --csv F|- | --xlsx F]   bilan de parcours
                                        tout ce que le registre garde sur la personne
                                        (droit d'accès ; coordination)
  people anonymise PERSONNE --reason TEXTE
                                        effacer nom, date de naissance et adresse, en gardant
                                        les chiffres (droit à l'effacement ; coordination)
  retention [--apply]                   fiches dont les programmes ont pris fin depuis
                                        [retention] months_after_end mois ; --apply les anonymise
  eligibility PERSONNE [--programme ID]
  carnets receive --programme ID (--first NUMÉRO --count N | --file FICHIER)
                  [--over-budget --reason TEXTE]
                                        au-delà du budget du programme : refusé, sauf
                                        --over-budget avec son motif (noté au journal)
  carnets allocate --prescriber ID --count N [--programme ID]
  carnets allocate --key --count N [--fixed 10] [--by qpv_population] [--prescribers A,B]
                   [--programme ID] [--apply]
                                        clé de répartition : part fixe + part au prorata de la
                                        population en QPV de la commune ; sans --apply, aperçu
  carnets issue CARNET --person ID [--accompanied] [--extra-reason TEXTE]
  carnets void CARNETS --reason TEXTE
  carnets cancel CARNET --reason TEXTE  annuler le jour même une remise faite par erreur :
                                        le carnet revient dans le stock du prescripteur
  carnets transfer CARNETS --to PRESCRIPTEUR --reason TEXTE
                                        carnets attribués passés à un autre prescripteur
  carnets return CARNETS --reason TEXTE retour au stock central
                                        [--programme ID] : obligatoire dès que plusieurs
                                        programmes sont configurés (passnum check-config)
` + letterUsage + `` + programmeUsage + `  stock [--programme ID]                stock central et carnets de chaque prescripteur
                                        CARNETS : numéros et plages, « 600001-600050,600061 »
  redeem CHÈQUE --place ID [--session ID]
  lookup TEXTE                          un chèque, un carnet, une personne ou un lieu
  diagnose --answers FICHIER.json [--all-excluded] [--programme ID]
                                        diagnostic et orientation ; en --json, les lieux sans
                                        label reconnu sont comptés, --all-excluded les liste
  report [--programme ID] [--from JJ/MM/AAAA] [--to JJ/MM/AAAA | --month AAAA-MM]
         [--by prescriber|commune|qpv|public|place|month|all]
         [--xlsx FICHIER.xlsx] [--html FICHIER.html]
                                        chiffres du comité de suivi : carnets, chèques,
                                        personnes, montants par financeur (défaut : tout le
                                        programme ; --to est le dernier jour compris) ;
                                        --xlsx : classeur, une feuille par tableau ; --html :
                                        rapport à imprimer, avec graphiques ; « - » : sur la
                                        sortie standard (à travers SSH : --xlsx - > rapport.xlsx)
`

const exitUsage = `
Codes de sortie : 0 fait, 1 refusé par une règle, 2 saisie invalide.
`
