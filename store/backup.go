package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"syscall"

	"github.com/mattn/go-sqlite3"

	"passnum/domain"
)

// Backup writes a consistent copy of the ledger to destPath while other connections keep
// writing: VACUUM INTO runs in one read transaction on a connection of its own, so the copy
// holds every transaction committed before it began and none half-written. The copy is written
// under a temporary name beside destPath, checked (integrity_check, foreign_key_check, passnum
// tables and schema), synced and only then renamed: a crash or a failed check never leaves a
// file under the final name. The copy has the rights 0600: it holds personal data.
func (s *Store) Backup(ctx context.Context, destPath string) error {
	if _, err := os.Lstat(destPath); err == nil {
		return domain.Errorf(domain.KindConflict, "la sauvegarde %s existe déjà : elle n'est pas remplacée", destPath)
	}
	src, err := s.path(ctx)
	if err != nil {
		return err
	}
	tmp, err := tempBeside(destPath)
	if err != nil {
		return err
	}
	defer os.Remove(tmp) // a no-op once renamed
	if err := vacuumInto(ctx, src, tmp, true); err != nil {
		return fmt.Errorf("copie de %s : %w", src, err)
	}
	if err := checkLedger(ctx, tmp); err != nil {
		return domain.Errorf(domain.KindInternal, "la copie du registre a échoué au contrôle et a été supprimée : %v", err)
	}
	if err := os.Rename(tmp, destPath); err != nil {
		return domain.Errorf(domain.KindInvalid, "impossible d'écrire la sauvegarde %s (%v)", destPath, err)
	}
	syncDir(filepath.Dir(destPath))
	return nil
}

// CheckFile says whether the file at path is an intact passnum ledger this program can open:
// a SQLite file whose integrity_check answers ok, with no broken foreign key, holding the carnet
// and cheque tables, at a schema no newer than this program's migrations. It only reads the
// file. A refusal is a KindInvalid error naming the file and the check's answer.
func CheckFile(path string) error {
	return checkLedger(context.Background(), path)
}

// Restore puts a checked copy of the ledger src in place of the ledger dst and keeps the
// replaced one under aside. The copy is made with VACUUM INTO (it takes a WAL beside src into
// account), checked, then renamed over dst in one step: dst always names a complete ledger, the
// old one or the restored one.
//
// The old ledger is first turned into one self-contained file (journal_mode=DELETE folds its WAL
// in and deletes -wal and -shm), which SQLite allows only when no other connection, in any
// process, has it open: Restore refuses (KindConflict) otherwise, since a program left open on
// the old ledger would go on writing into the kept copy, and on closing delete the WAL of the
// restored one by its name. The restored ledger thus never meets the old WAL. The caller keeps
// servers away (passnum's serve lock) and closes its own store on dst first.
func Restore(ctx context.Context, src, dst, aside string) error {
	if err := checkLedger(ctx, src); err != nil {
		return err
	}
	for _, p := range []string{aside, aside + "-wal", aside + "-shm"} {
		if _, err := os.Lstat(p); err == nil {
			return domain.Errorf(domain.KindConflict, "%s existe déjà : il n'est pas remplacé, réessayez dans une seconde", p)
		}
	}
	tmp, err := tempBeside(dst)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := vacuumInto(ctx, src, tmp, false); err != nil {
		return domain.Errorf(domain.KindInvalid, "impossible de copier %s (%v)", src, err)
	}
	if err := checkLedger(ctx, tmp); err != nil {
		return domain.Errorf(domain.KindInternal, "la copie de %s a échoué au contrôle : %v", src, err)
	}

	old, err := os.Stat(dst)
	exists := err == nil
	if exists {
		sameOwner(tmp, old) // the service that runs passnum must be able to write it
		// A damaged ledger cannot checkpoint its WAL: it goes aside as it is, its -wal and -shm
		// with it (below), so that SQLite never replays them over the restored file.
		if err := singleFile(ctx, dst); err != nil && !errors.Is(err, ErrDamaged) {
			return err
		}
	}
	var undo []func()
	rollback := func() {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
	}
	if exists {
		// A hard link keeps the old ledger under aside while dst still names it: dst is never
		// missing, so nothing can create an empty ledger (and its WAL) there in between.
		if err := os.Link(dst, aside); err == nil {
			undo = append(undo, func() { os.Remove(aside) })
		} else if err := os.Rename(dst, aside); err == nil {
			undo = append(undo, func() { os.Rename(aside, dst) })
		} else {
			return domain.Errorf(domain.KindInvalid, "impossible de mettre l'ancien registre de côté sous %s (%v)", aside, err)
		}
	}
	// None should be left; a stray one (a crash) goes with the ledger it belongs to.
	for _, suffix := range []string{"-wal", "-shm"} {
		from, to := dst+suffix, aside+suffix
		if _, err := os.Lstat(from); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err := os.Rename(from, to); err != nil {
			rollback()
			return domain.Errorf(domain.KindInvalid, "impossible de mettre %s de côté sous %s (%v)", from, to, err)
		}
		undo = append(undo, func() { os.Rename(to, from) })
	}
	if err := os.Rename(tmp, dst); err != nil {
		rollback()
		return domain.Errorf(domain.KindInvalid, "impossible de mettre le registre restauré en place sous %s (%v)", dst, err)
	}
	syncDir(filepath.Dir(dst))
	return nil
}

// SchemaVersion is the schema this program migrates ledgers to: the number of its migrations.
func SchemaVersion() int {
	entries, err := migrations.ReadDir("migrations")
	if err != nil {
		panic(err) // embedded at build time
	}
	return len(entries)
}

// path is the file of the ledger, as SQLite resolved it.
func (s *Store) path(ctx context.Context) (string, error) {
	rows, err := s.read.QueryContext(ctx, "PRAGMA database_list")
	if err != nil {
		return "", wrapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int
		var name, file string
		if err := rows.Scan(&seq, &name, &file); err != nil {
			return "", err
		}
		if name == "main" && file != "" {
			return file, nil
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return "", errors.New("la base n'a pas de fichier (base en mémoire ?)")
}

// readOnlyDSN opens a file read-only. mode=ro rather than _query_only: query_only also forbids
// VACUUM INTO, which only reads its source. A file that is not live (a backup, a file to
// restore) and has no WAL beside it is opened immutable: reading a WAL-mode file would
// otherwise leave an empty -wal and a -shm beside it.
func readOnlyDSN(path string, live bool) string {
	dsn := "file:" + url.PathEscape(path) + "?mode=ro&_busy_timeout=10000"
	if _, err := os.Lstat(path + "-wal"); !live && errors.Is(err, fs.ErrNotExist) {
		dsn += "&immutable=1"
	}
	return dsn
}

// vacuumInto writes a compact, consistent copy of the SQLite file src into dst (an empty file).
// The copy is in rollback-journal mode: one self-contained file, no -wal beside it.
func vacuumInto(ctx context.Context, src, dst string, live bool) error {
	db, err := sql.Open("sqlite3", readOnlyDSN(src, live))
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		return wrapErr(err)
	}
	return syncFile(dst)
}

// singleFile turns the ledger at path into one self-contained file: journal_mode=DELETE
// checkpoints the WAL and deletes -wal and -shm. SQLite refuses while another connection has
// the ledger open, even idle, which is how Restore knows it is alone.
func singleFile(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite3", "file:"+url.PathEscape(path)+"?_busy_timeout=3000")
	if err != nil {
		return err
	}
	defer db.Close()
	var mode string
	err = db.QueryRowContext(ctx, "PRAGMA journal_mode=DELETE").Scan(&mode)
	var se sqlite3.Error
	if (errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)) || (err == nil && mode != "delete") {
		return domain.Errorf(domain.KindConflict, "le registre %s est ouvert par un autre programme (un écran passnum, une commande en cours, une réplication…) : fermez-le, puis recommencez ; rien n'a été modifié", path)
	}
	if errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB) {
		return mapErr(err, path) // matches ErrDamaged
	}
	if err != nil {
		return fmt.Errorf("registre %s : %w", path, err)
	}
	return nil
}

// checkLedger is CheckFile with a context.
func checkLedger(ctx context.Context, path string) error {
	bad := func(format string, args ...any) error {
		return domain.Errorf(domain.KindInvalid, "%s n'est pas un registre passnum intact : %s", path, fmt.Sprintf(format, args...))
	}
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return domain.Errorf(domain.KindInvalid, "%s : ce fichier n'existe pas", path)
	}
	if err != nil {
		return bad("fichier illisible (%v)", err)
	}
	if !st.Mode().IsRegular() {
		return bad("ce n'est pas un fichier")
	}
	db, err := sql.Open("sqlite3", readOnlyDSN(path, false))
	if err != nil {
		return bad("%v", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check(20)")
	if err != nil {
		return bad("le fichier est endommagé, SQLite ne peut pas le lire : prenez une sauvegarde plus ancienne")
	}
	var answers []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			rows.Close()
			return bad("le fichier est endommagé, SQLite ne peut pas le lire : prenez une sauvegarde plus ancienne")
		}
		answers = append(answers, a)
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return bad("le fichier est endommagé, SQLite ne peut pas le lire : prenez une sauvegarde plus ancienne")
	}
	if len(answers) != 1 || answers[0] != "ok" {
		return bad("le contrôle d'intégrité y trouve %s : prenez une sauvegarde plus ancienne", domain.Plural(len(answers), "défaut", "défauts"))
	}

	var tables int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('carnet', 'cheque')`).Scan(&tables); err != nil {
		return bad("%v", err)
	}
	if tables != 2 {
		return bad("il n'a pas les tables carnet et cheque : c'est une base SQLite, mais pas un registre passnum")
	}
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return bad("%v", err)
	}
	if head := SchemaVersion(); version > head {
		return domain.Errorf(domain.KindInvalid, "%s vient d'un passnum plus récent (schéma %d, ce programme connaît le schéma %d) : mettez passnum à jour avant de l'utiliser", path, version, head)
	}

	fk, err := db.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return bad("foreign_key_check : %v", err)
	}
	defer fk.Close()
	broken := 0
	var first string
	for fk.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := fk.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return bad("foreign_key_check : %v", err)
		}
		if broken == 0 {
			first = fmt.Sprintf("table %s, ligne %d → %s", table, rowid.Int64, parent)
		}
		broken++
	}
	if err := fk.Err(); err != nil {
		return bad("foreign_key_check : %v", err)
	}
	if broken > 0 {
		return bad("%s (foreign_key_check), la première : %s", domain.Plural(broken, "référence cassée", "références cassées"), first)
	}
	return nil
}

// tempBeside creates an empty file with the rights 0600 in the folder of path, under a hidden
// name that no backup pattern matches.
func tempBeside(path string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", domain.Errorf(domain.KindInvalid, "impossible d'écrire dans %s (%v)", filepath.Dir(path), err)
	}
	name := f.Name()
	if err := f.Close(); err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// sameOwner gives the file at path the rights, and when allowed the owner, of old.
func sameOwner(path string, old fs.FileInfo) {
	os.Chmod(path, old.Mode().Perm())
	if st, ok := old.Sys().(*syscall.Stat_t); ok {
		os.Chown(path, int(st.Uid), int(st.Gid)) // refused unless root, and then not needed
	}
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable; best effort (some file systems refuse it).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
