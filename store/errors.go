package store

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mattn/go-sqlite3"

	"passnum/domain"
)

// ErrDamaged is matched (errors.Is) by the error of a ledger whose file is damaged, empty or
// not a SQLite database: the cure is the last backup (passnum restore), not a retry.
var ErrDamaged = errors.New("registre endommagé")

// ErrNotLedger is matched by the error of Open on a SQLite database that is not a passnum
// ledger (tables of its own, no passnum schema): Open does not turn it into one.
var ErrNotLedger = errors.New("base SQLite étrangère")

// restoreAdvice is what to do with a damaged ledger. The damaged file goes aside by hand first:
// passnum restore folds the WAL of the ledger it replaces, which SQLite refuses on a damaged one.
const restoreAdvice = "mettez le fichier de côté (renommez-le, avec ses fichiers -wal et -shm s'il en a), puis remettez la dernière sauvegarde avec passnum restore FICHIER (serveur arrêté)"

// mapErr turns SQLite's errors into the domain vocabulary: a French message that says what
// happened and what to do, so that no « database is locked » or « disk image is malformed »
// ever reaches a user. path names the ledger when it is known. Errors that come from the
// machine rather than from the ledger's rules (a locked, read-only, full or damaged database)
// are KindConflict: the command is refused, exit status 1, and the message says how to get
// past it. Other errors are returned as they are.
func mapErr(err error, path string) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	base := "la base"
	if path != "" {
		base = "la base " + path
	}
	refused := func(cause error, format string, args ...any) error {
		return &domain.Error{Kind: domain.KindConflict, Message: fmt.Sprintf(format, args...), Err: cause}
	}
	switch se.Code {
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		return refused(err, "%s est occupée : un autre programme la tient verrouillée (une autre commande passnum, une sauvegarde, un outil SQLite) ; rien n'a été enregistré : réessayez dans un instant, et si cela dure, fermez l'autre programme", base)
	case sqlite3.ErrConstraint:
		return refused(err, "opération refusée : elle contredit une règle du registre (%s)", constraintName(se))
	case sqlite3.ErrReadonly:
		return refused(err, "%s est en lecture seule (droits du fichier ou de son dossier, disque monté en lecture seule) : rien n'a été enregistré ; les consultations restent possibles ; pour enregistrer, donnez à l'utilisateur qui lance passnum le droit d'écrire le fichier et son dossier", base)
	case sqlite3.ErrFull:
		return refused(err, "le disque de %s est plein : rien n'a été enregistré ; libérez de la place (anciennes sauvegardes, journaux) puis recommencez", base)
	case sqlite3.ErrCorrupt:
		return refused(fmt.Errorf("%w: %w", ErrDamaged, err), "%s est endommagée (SQLite : « %s ») : n'enregistrez plus rien ; %s", base, se.Error(), restoreAdvice)
	case sqlite3.ErrNotADB:
		return refused(fmt.Errorf("%w: %w", ErrDamaged, err), "%s n'est pas une base SQLite (en-tête illisible) : vérifiez le chemin (--db, [store] path) ; si c'est bien le registre, il est endommagé : %s", base, restoreAdvice)
	case sqlite3.ErrCantOpen:
		return refused(err, "impossible d'ouvrir %s : vérifiez que son dossier existe et que l'utilisateur qui lance passnum peut le lire et y écrire", base)
	case sqlite3.ErrIoErr:
		return refused(err, "erreur de lecture ou d'écriture du disque sur %s (SQLite : « %s ») : rien n'a été enregistré ; vérifiez le disque (place, montage, erreurs) puis recommencez", base, se.Error())
	case sqlite3.ErrPerm, sqlite3.ErrAuth:
		return refused(err, "accès refusé à %s : vérifiez les droits du fichier et de son dossier", base)
	}
	return err
}

// wrapErr is mapErr when the ledger's path is not at hand.
func wrapErr(err error) error { return mapErr(err, "") }

func constraintName(se sqlite3.Error) string {
	msg := se.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		return msg[i+2:]
	}
	return msg
}
