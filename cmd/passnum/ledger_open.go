package main

// Which configuration and which ledger a command opens, and the one command that creates them.
//
// The rule: passnum never creates a ledger on its way. The configuration is the one given with
// --config, else the file named by PASSNUM_CONFIG, else config.toml in the working folder; with
// none of them, passnum says where it looked and stops (the shipped example configuration only
// serves --demo and passnum init). The ledger is [store] path of that configuration, or --db; it
// must exist: only passnum init (the first set-up) and --demo (a throw-away ledger) create one.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"passnum"
	"passnum/cmd/passnum/config"
	"passnum/domain"
	"passnum/store"
)

// configEnv names the configuration file when --config is not given.
const configEnv = "PASSNUM_CONFIG"

// configSource is where the configuration comes from: the path given (--config or
// PASSNUM_CONFIG) or found (./config.toml), and how it was chosen, for messages.
type configSource struct {
	path string // "" when nothing named or found one
	how  string // « --config », « PASSNUM_CONFIG », « ./config.toml »
}

func (c configSource) String() string {
	abs := c.path
	if p, err := filepath.Abs(c.path); err == nil {
		abs = p
	}
	if c.how == "./config.toml" {
		return abs
	}
	return abs + " (" + c.how + ")"
}

// findConfig applies the lookup order: --config, PASSNUM_CONFIG, ./config.toml.
func findConfig(g globals) configSource {
	switch {
	case g.config != "":
		return configSource{g.config, "--config"}
	case os.Getenv(configEnv) != "":
		return configSource{os.Getenv(configEnv), configEnv}
	case fileExists("config.toml"):
		return configSource{"config.toml", "./config.toml"}
	}
	return configSource{}
}

// loadConfig reads the configuration findConfig chooses; --demo alone falls back to the shipped
// example. A configuration named but missing, or none at all, is refused with where passnum
// looked and how to point it.
func loadConfig(g globals) (*config.Config, configSource, error) {
	src := findConfig(g)
	if src.path == "" {
		if g.demo {
			cfg, err := config.Parse(passnum.DefaultConfig, "")
			return cfg, configSource{how: "configuration d'exemple livrée"}, err
		}
		return nil, src, noConfigError()
	}
	if _, err := os.Stat(src.path); errors.Is(err, fs.ErrNotExist) {
		return nil, src, &domain.Error{Kind: domain.KindNotFound, Err: err, Message: fmt.Sprintf(
			"la configuration %s n'existe pas : vérifiez le chemin ; pour une première mise en service avec ce fichier : passnum --config %s init (écrit la configuration d'exemple à cet endroit et crée le registre)",
			src, src.path)}
	}
	cfg, err := config.Load(src.path)
	return cfg, src, err
}

func noConfigError() error {
	wd, err := os.Getwd()
	if err != nil {
		wd = "."
	}
	return domain.Errorf(domain.KindNotFound,
		"aucune configuration : passnum a cherché l'option --config (absente), la variable %s (vide) et le fichier %s (absent). "+
			"Indiquez la configuration du registre avec --config FICHIER ou %s=FICHIER, ou lancez passnum dans son dossier ; "+
			"première mise en service dans ce dossier : passnum init (écrit la configuration d'exemple et crée le registre) ; "+
			"pour essayer sans rien créer : passnum --demo",
		configEnv, filepath.Join(wd, "config.toml"), configEnv)
}

// ledgerPath is the database a command uses: --db, else [store] path; and how it was chosen.
func ledgerPath(g globals, cfg *config.Config, src configSource) (path, how string) {
	if g.db != "" {
		path = g.db
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
		return path, "--db"
	}
	return cfg.StorePath, "[store] path de " + src.String()
}

// open loads the configuration and the ledger for a command line (args: the command and its
// arguments, none for the TUI) and resolves who acts. A read-only command opens only the
// store's readers (see openStore).
func open(g globals, out io.Writer, args []string) (*app, error) {
	cfg, src, err := loadConfig(g)
	if err != nil {
		return nil, err
	}
	path, how := ledgerPath(g, cfg, src)
	userID := cfg.LocalUser
	letters := ""
	if g.demo {
		// A fresh database each time, so the demo always shows the same living desk.
		dir, err := os.MkdirTemp("", "passnum-demo-")
		if err != nil {
			return nil, err
		}
		path, letters = filepath.Join(dir, "demo.db"), filepath.Join(dir, "courriers")
		userID = demoDeskUser(cfg)
	}
	if g.as != "" {
		userID = g.as
	}
	u, ok := findUser(cfg.Users, userID)
	if !ok {
		return nil, domain.Errorf(domain.KindInvalid, "--as : utilisateur %q inconnu (voir [[users]] dans config.toml)", userID)
	}
	opts := store.Options{Programmes: cfg.Programmes, Communes: cfg.Communes, Prescribers: cfg.Prescribers}
	var s *store.Store
	if g.demo {
		s, err = store.Open(path, opts) // the throw-away ledger is created here
	} else {
		s, err = openStore(path, opts, readOnlyCommand(args), replacesLedger(args))
		err = ledgerError(err, path, how)
	}
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, store: s, user: u, out: out, json: g.json, global: g, storePath: path, letterDir: letters}
	if g.demo {
		if err := a.seedDemo(context.Background()); err != nil {
			s.Close()
			return nil, fmt.Errorf("démo : %w", err)
		}
	}
	return a, nil
}

// replacesLedger reports whether the command puts another ledger in place of the one in use
// (passnum restore): it must run when that one is missing, empty or damaged.
func replacesLedger(args []string) bool { return len(args) > 0 && args[0] == "restore" }

// openStore opens an existing ledger read-write (migrating it), or for a read-only command only
// its readers. A read-only command on a ledger with an older schema (the binary was just
// upgraded) migrates it as any command did before, rather than refusing: that first call pays
// the writer, the next ones do not. No command creates the ledger here (see passnum init); one
// that replaces it (restore) gets a store that checked nothing when the ledger is missing or
// damaged, since putting a backup in its place is the cure.
func openStore(path string, opts store.Options, readOnly, replace bool) (*store.Store, error) {
	if readOnly {
		s, err := store.OpenReadOnly(path, opts)
		if !errors.Is(err, store.ErrSchemaOutdated) {
			return s, err
		}
	}
	s, err := store.OpenExisting(path, opts)
	if err != nil && replace && (errors.Is(err, fs.ErrNotExist) || errors.Is(err, store.ErrDamaged)) {
		return store.OpenUnchecked(path, opts), nil
	}
	return s, err
}

// ledgerError says, for a ledger that cannot be opened, where it was looked for and what to do.
func ledgerError(err error, path, how string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrNotExist):
		return &domain.Error{Kind: domain.KindNotFound, Err: err, Message: fmt.Sprintf(
			"le registre %s n'existe pas (chemin donné par %s). passnum ne crée un registre qu'à la première mise en service : passnum init (avec les mêmes --config et --db) ; "+
				"si le registre est ailleurs, indiquez-le avec --db FICHIER ou [store] path ; s'il a disparu, remettez la dernière sauvegarde : passnum restore FICHIER",
			path, how)}
	case errors.Is(err, store.ErrDamaged):
		if last := lastBackup(path); last != "" {
			return fmt.Errorf("%w ; dernière sauvegarde trouvée : passnum restore %s", err, last)
		}
		return fmt.Errorf("%w ; aucune sauvegarde dans %s (si passnum backup --to les range ailleurs, prenez-y la plus récente)", err, backupDir(path))
	}
	return err
}

// backupDir is where passnum backup puts its copies by default.
func backupDir(db string) string { return filepath.Join(filepath.Dir(db), "sauvegardes") }

// lastBackup is the newest backup in the default backup folder of db, "" if none.
func lastBackup(db string) string {
	entries, err := os.ReadDir(backupDir(db))
	if err != nil {
		return ""
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && isBackupName(e.Name()) {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return ""
	}
	sort.Strings(names)
	return filepath.Join(backupDir(db), names[len(names)-1])
}

func isInit(args []string) bool { return len(args) > 0 && args[0] == "init" }

type initJSON struct {
	Config        string `json:"config"`
	ConfigWritten bool   `json:"config_written"`
	DB            string `json:"db"`
	Schema        int    `json:"schema"`
}

// initLedger is passnum init, the first set-up: it writes the shipped example configuration
// where the configuration is looked for (--config, PASSNUM_CONFIG or ./config.toml) when no file
// is there, then creates the ledger that configuration (or --db) names. It never replaces
// anything: an existing ledger, even an empty file, is refused.
//
// With --from NAME it writes configs/NAME.toml of the shipped configurations instead of the
// default one, and refuses when a configuration is already there: a coordinator who asked for
// Creuse must not get on with the file of Creil unawares.
func initLedger(g globals, args []string, out io.Writer) error {
	fl := newFlags("init")
	from := fl.String("from", "", "")
	if _, err := fl.parseWith(args); err != nil {
		return err
	}
	template, templateName := passnum.DefaultConfig, "programme Creil Sud Oise"
	if *from != "" {
		b, ok := passnum.ShippedConfig(*from)
		if !ok {
			return domain.Errorf(domain.KindInvalid, "passnum init --from : configuration « %s » inconnue ; configurations livrées : %s", shown(*from), strings.Join(passnum.ShippedConfigNames(), ", "))
		}
		template, templateName = b, "configuration livrée « "+strings.TrimSuffix(strings.TrimSpace(*from), ".toml")+" »"
	}
	if g.demo {
		return domain.Errorf(domain.KindInvalid, "passnum init ne va pas avec --demo : --demo ouvre une base de démonstration jetable, sans rien créer ici")
	}
	src := findConfig(g)
	if src.path == "" {
		src = configSource{"config.toml", "./config.toml"}
	}
	written := false
	_, statErr := os.Stat(src.path)
	if *from != "" && statErr == nil {
		return domain.Errorf(domain.KindConflict, "passnum init --from %s : la configuration %s existe déjà : passnum init ne la remplace pas ; pour partir de la configuration livrée, donnez un autre fichier avec --config NOUVEAU.toml, ou déplacez celui-ci ; rien n'a été modifié", shown(*from), src.path)
	}
	if errors.Is(statErr, fs.ErrNotExist) {
		f, err := os.OpenFile(src.path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return fileError("passnum init", src.path, err, true)
		}
		_, werr := f.Write(template)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(src.path)
			return fileError("passnum init", src.path, werr, true)
		}
		written = true
	}
	cfg, err := config.Load(src.path)
	if err != nil {
		return err
	}
	db, how := ledgerPath(g, cfg, src)
	if st, err := os.Lstat(db); err == nil {
		if st.Mode().IsRegular() && st.Size() == 0 {
			return domain.Errorf(domain.KindConflict, "passnum init : le fichier %s (%s) existe déjà, vide (0 octet) : si le registre devait être là, remettez la dernière sauvegarde (passnum restore FICHIER) ; pour un registre neuf, supprimez ce fichier puis relancez passnum init ; rien n'a été modifié", db, how)
		}
		return domain.Errorf(domain.KindConflict, "passnum init : le registre %s (%s) existe déjà : passnum init ne remplace jamais un registre (pour remettre une sauvegarde : passnum restore FICHIER) ; rien n'a été modifié", db, how)
	}
	s, err := store.Open(db, store.Options{Programmes: cfg.Programmes, Communes: cfg.Communes, Prescribers: cfg.Prescribers})
	if err != nil {
		return err
	}
	if err := s.Close(); err != nil {
		return err
	}
	res := initJSON{Config: src.path, ConfigWritten: written, DB: db, Schema: store.SchemaVersion()}
	if abs, err := filepath.Abs(src.path); err == nil {
		res.Config = abs
	}
	text := fmt.Sprintf("Configuration : %s (existante, vérifiée)\n", res.Config)
	if written {
		text = fmt.Sprintf("Configuration d'exemple écrite : %s\n  (%s : remplacez les valeurs marquées EXEMPLE avant la mise en service)\n", res.Config, templateName)
	}
	text += fmt.Sprintf("Registre neuf créé : %s (schéma %d)\nEnsuite : passnum check-config, passnum places import LIEUX.csv, passnum carnets receive …\n", db, res.Schema)
	a := &app{out: out, json: g.json}
	return a.emit(res, text)
}
