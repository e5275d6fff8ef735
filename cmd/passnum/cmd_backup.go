package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"passnum/domain"
	"passnum/store"
)

// backupLayout is the name of a backup, a local time: text order is time order, and only the
// files that match it exactly are ever deleted by --keep.
const (
	backupPrefix = "passnum-"
	backupStamp  = "2006-01-02-150405"
	backupSuffix = ".db"
	defaultKeep  = 14
)

func backupName(t time.Time) string { return backupPrefix + t.Format(backupStamp) + backupSuffix }

// isBackupName says whether name is passnum-AAAA-MM-JJ-HHMMSS.db, digits where the stamp has them.
func isBackupName(name string) bool {
	pattern := backupPrefix + "0000-00-00-000000" + backupSuffix
	if len(name) != len(pattern) {
		return false
	}
	for i := 0; i < len(name); i++ {
		if pattern[i] == '0' {
			if name[i] < '0' || name[i] > '9' {
				return false
			}
		} else if name[i] != pattern[i] {
			return false
		}
	}
	return true
}

type backupJSON struct {
	Path            string   `json:"path"`
	SizeBytes       int64    `json:"size_bytes"`
	IntegrityCheck  string   `json:"integrity_check"`
	ForeignKeyCheck string   `json:"foreign_key_check"`
	Schema          int      `json:"schema"`
	Kept            int      `json:"kept"`
	Removed         []string `json:"removed"`
}

type restoreJSON struct {
	Restored        string `json:"restored"`
	From            string `json:"from"`
	KeptAside       string `json:"kept_aside"`
	IntegrityCheck  string `json:"integrity_check"`
	ForeignKeyCheck string `json:"foreign_key_check"`
}

// mayHandleBackups refuses backups and restores over SSH (they write the server's files) and to
// anyone but the coordination.
func (a *app) mayHandleBackups(cmd, what string) error {
	if a.remote {
		return domain.Errorf(domain.KindInvalid, "passnum %s ne se lance pas à travers SSH : il %s ; lancez-le sur le serveur", cmd, what)
	}
	// Managing the stock is the coordination's alone; the message says what was asked.
	if domain.Authorize(a.user, domain.ActManageStock, domain.Scope{}) != nil {
		return domain.Errorf(domain.KindForbidden, "%s (%s) ne peut pas lancer passnum %s : sauvegarder et restaurer le registre revient à la coordination", a.user.Name, a.user.Role.Label(), cmd)
	}
	return nil
}

func (a *app) backup(ctx context.Context, args []string) error {
	if err := a.mayHandleBackups("backup", "écrit sur les disques du serveur (le minuteur systemd du README le lance chaque nuit)"); err != nil {
		return err
	}
	fs := newFlags("backup")
	to := fs.String("to", "", "")
	keep := fs.Int("keep", defaultKeep, "")
	if _, err := fs.parseWith(args); err != nil {
		return err
	}
	if *keep < 1 {
		return domain.Errorf(domain.KindInvalid, "passnum backup : --keep doit valoir au moins 1 (la sauvegarde qui vient d'être faite)")
	}
	dir := *to
	if dir == "" {
		dir = filepath.Join(filepath.Dir(a.storePath), "sauvegardes")
	} else if err := checkPath("--to", dir); err != nil {
		return err
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fileError("passnum backup --to", dir, err, true)
	}
	path := filepath.Join(dir, backupName(a.now()))
	if _, err := os.Lstat(path); err == nil {
		// A second backup within the same second (a script, a retry): take the next second's name.
		time.Sleep(time.Until(a.now().Truncate(time.Second).Add(time.Second)))
		path = filepath.Join(dir, backupName(a.now()))
	}
	start := time.Now()
	if err := a.store.Backup(ctx, path); err != nil {
		return err
	}
	took := time.Since(start)
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	kept, removed, pruneErr := pruneBackups(dir, *keep)
	out := backupJSON{Path: path, SizeBytes: st.Size(), IntegrityCheck: "ok", ForeignKeyCheck: "ok", Schema: store.SchemaVersion(), Kept: kept, Removed: removed}
	var b strings.Builder
	fmt.Fprintf(&b, "Sauvegarde faite : %s (%s, en %s)\n", path, frSize(st.Size()), frDuration(took))
	fmt.Fprintf(&b, "Copie vérifiée : intégrité correcte (integrity_check : ok), aucune référence cassée (foreign_key_check), registre passnum (schéma %d).\n", out.Schema)
	fmt.Fprintf(&b, "Sauvegardes gardées dans %s : %d (--keep %d)", dir, kept, *keep)
	if len(removed) > 0 {
		names := make([]string, len(removed))
		for i, r := range removed {
			names[i] = filepath.Base(r)
		}
		fmt.Fprintf(&b, " ; %s : %s", domain.PluralWord(len(names), "supprimée", "supprimées"), strings.Join(names, ", "))
	}
	b.WriteString(".\n")
	if err := a.emit(out, b.String()); err != nil {
		return err
	}
	return pruneErr
}

// pruneBackups keeps the keep newest backups of dir (by name, that is by date) and deletes the
// older ones; files that are not named like a backup are never touched.
func pruneBackups(dir string, keep int) (kept int, removed []string, err error) {
	entries, err := os.ReadDir(dir) // sorted by name
	if err != nil {
		return 0, nil, domain.Errorf(domain.KindInternal, "sauvegarde faite, mais impossible de lire %s pour supprimer les anciennes (%s)", dir, fileError("--to", dir, err, false))
	}
	var backups []string
	for _, e := range entries {
		if e.Type().IsRegular() && isBackupName(e.Name()) {
			backups = append(backups, filepath.Join(dir, e.Name()))
		}
	}
	removed = []string{}
	for len(backups) > keep {
		if err := os.Remove(backups[0]); err != nil {
			return len(backups), removed, domain.Errorf(domain.KindInternal, "sauvegarde faite, mais impossible de supprimer l'ancienne %s (%s)", backups[0], fileError("--keep", backups[0], err, true))
		}
		removed = append(removed, backups[0])
		backups = backups[1:]
	}
	return len(backups), removed, nil
}

func (a *app) restore(ctx context.Context, args []string) error {
	if err := a.mayHandleBackups("restore", "remplace le registre du serveur"); err != nil {
		return err
	}
	fs := newFlags("restore")
	pos, err := fs.parseWith(args, "FICHIER (la sauvegarde à restaurer)")
	if err != nil {
		return err
	}
	src := pos[0]
	if err := checkPath("passnum restore", src); err != nil {
		return err
	}
	if st, err := os.Stat(src); err != nil {
		return fileError("passnum restore", src, err, false)
	} else if !st.Mode().IsRegular() {
		return domain.Errorf(domain.KindInvalid, "passnum restore : %s n'est pas un fichier : donnez la sauvegarde (passnum-AAAA-MM-JJ-HHMMSS.db) ; rien n'a été modifié", shown(src))
	}
	if err := checkSQLiteHeader(src); err != nil {
		return err
	}
	if abs, err := filepath.Abs(src); err == nil {
		src = abs
	}
	if err := store.CheckFile(src); err != nil {
		return domain.Errorf(domain.KindInvalid, "passnum restore : %v ; rien n'a été modifié", err)
	}
	if s1, err := os.Stat(src); err == nil {
		if s2, err := os.Stat(a.storePath); err == nil && os.SameFile(s1, s2) {
			return domain.Errorf(domain.KindInvalid, "passnum restore : %s est le registre en service lui-même : indiquez une sauvegarde", src)
		}
	}
	release, err := lockLedger(a.storePath, true)
	if errors.Is(err, errLedgerLocked) {
		return domain.Errorf(domain.KindConflict, "passnum restore : un passnum serve tient le registre %s : arrêtez le serveur, restaurez, puis relancez-le ; rien n'a été modifié", a.storePath)
	}
	if err != nil {
		return err
	}
	defer release()
	// This command's own connections to the ledger go first: the file is about to change.
	if err := a.store.Close(); err != nil {
		return err
	}
	aside := a.storePath + ".avant-restauration-" + a.now().Format(backupStamp)
	_, statErr := os.Stat(a.storePath)
	existed := !os.IsNotExist(statErr)
	if err := store.Restore(ctx, src, a.storePath, aside); err != nil {
		return err
	}
	// Open it as every command will (a backup of an older schema is migrated now, under the lock).
	s, err := store.Open(a.storePath, store.Options{Programmes: a.cfg.Programmes, Communes: a.cfg.Communes, Prescribers: a.cfg.Prescribers})
	if err != nil {
		return fmt.Errorf("registre restauré en place, mais il ne s'ouvre pas (l'ancien est sous %s) : %w", aside, err)
	}
	if err := s.Close(); err != nil {
		return err
	}
	kept := "ancien registre gardé sous : " + aside
	if !existed {
		aside, kept = "", "il n'y avait pas de registre à cet endroit"
	}
	out := restoreJSON{Restored: a.storePath, From: src, KeptAside: aside, IntegrityCheck: "ok", ForeignKeyCheck: "ok"}
	return a.emit(out, fmt.Sprintf("Registre restauré : %s\n  depuis : %s (vérifiée : integrity_check ok, aucune référence cassée)\n  %s\n",
		a.storePath, src, kept))
}

// errLedgerLocked says another process holds the ledger's serve lock.
var errLedgerLocked = errors.New("verrou du registre tenu par un autre processus")

// lockLedger takes, without waiting, the advisory lock <db>.serve.lock: passnum serve holds it
// shared for as long as it runs, restore takes it exclusive, so neither starts while the other
// runs. The kernel drops it when the process ends, even killed; the file itself stays.
func lockLedger(db string, exclusive bool) (release func(), err error) {
	path := db + ".serve.lock"
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fileError("verrou du registre", path, err, true)
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errLedgerLocked
		}
		return nil, domain.Errorf(domain.KindInternal, "impossible de verrouiller %s (code système %d) : vérifiez que le disque de la base est local", path, int(errnoOf(err)))
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// frSize writes a file size in French units (octets, ko, Mo, Go; decimal comma).
func frSize(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d octets", n)
	case n < 1000*1000:
		return fmt.Sprintf("%d ko", (n+500)/1000)
	case n < 1000*1000*1000:
		return strings.Replace(fmt.Sprintf("%.1f Mo", float64(n)/1e6), ".", ",", 1)
	default:
		return strings.Replace(fmt.Sprintf("%.1f Go", float64(n)/1e9), ".", ",", 1)
	}
}

func frDuration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return strings.Replace(fmt.Sprintf("%.1f s", d.Seconds()), ".", ",", 1)
}

// errnoOf is the system's error number inside err, 0 when there is none.
func errnoOf(err error) syscall.Errno {
	var n syscall.Errno
	errors.As(err, &n)
	return n
}

// checkSQLiteHeader refuses, before SQLite is asked, a file that is no SQLite database at all
// (a text, a CSV, an empty file): SQLite's own answer is English.
func checkSQLiteHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fileError("passnum restore", path, err, false)
	}
	defer f.Close()
	head := make([]byte, 16)
	if n, _ := io.ReadFull(f, head); n < len(head) || string(head) != "SQLite format 3\x00" {
		return domain.Errorf(domain.KindInvalid, "passnum restore : %s n'est pas un registre passnum, pas même une base SQLite (une sauvegarde s'appelle passnum-AAAA-MM-JJ-HHMMSS.db) ; rien n'a été modifié", shown(path))
	}
	return nil
}

// copiesWithIdentities lists the copies of the ledger passnum knows of that were made before now
// and so still hold identities an anonymisation just erased: the backups of the default folder
// (passnum backup without --to) and the old ledgers a restore kept aside. dir is that folder.
func (a *app) copiesWithIdentities() (dir string, files []string) {
	dir = filepath.Join(filepath.Dir(a.storePath), "sauvegardes")
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if e.Type().IsRegular() && isBackupName(e.Name()) {
				files = append(files, filepath.Join(dir, e.Name()))
			}
		}
	}
	if aside, err := filepath.Glob(a.storePath + ".avant-restauration-*"); err == nil {
		files = append(files, aside...)
	}
	return dir, files
}

// warnCopies tells, on the error output (the JSON answer stays whole), that the backups still
// hold the identities just anonymised, naming them, and adds them to the JSON answer.
func (a *app) warnCopies(out map[string]any) {
	dir, files := a.copiesWithIdentities()
	out["copies_with_identities"] = append([]string{}, files...)
	var b strings.Builder
	b.WriteString("Attention : l'anonymisation ne touche que le registre. ")
	if len(files) == 0 {
		fmt.Fprintf(&b, "Aucune sauvegarde dans %s ; ", dir)
	} else {
		if len(files) == 1 {
			b.WriteString("Cette copie, faite avant, contient encore les noms, dates de naissance et adresses :\n")
		} else {
			fmt.Fprintf(&b, "Ces %s, faites avant, contiennent encore les noms, dates de naissance et adresses :\n", domain.Plural(len(files), "copie", "copies"))
		}
		for _, f := range files {
			fmt.Fprintf(&b, "  %s\n", f)
		}
		if len(files) == 1 {
			b.WriteString("Elle disparaît au fil des sauvegardes (--keep) ; pour l'effacer dès maintenant, faites une sauvegarde (passnum backup) puis supprimez ce fichier. ")
		} else {
			b.WriteString("Elles disparaissent au fil des sauvegardes (--keep) ; pour les effacer dès maintenant, faites une sauvegarde (passnum backup) puis supprimez ces fichiers. ")
		}
	}
	b.WriteString("Les sauvegardes faites ailleurs (passnum backup --to, copies de disque, litestream) les contiennent aussi.\n")
	fmt.Fprint(a.errOut(), b.String())
}
