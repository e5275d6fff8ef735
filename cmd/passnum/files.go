package main

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"passnum/domain"
)

// maxPath is the longest path passnum accepts (Linux's PATH_MAX).
const maxPath = 4096

// openInput opens a file a command reads; "-" is the standard input. Over SSH the server's files
// are not the user's (and must not become readable through passnum): only "-" is accepted, so
// « ssh … places import - < lieux.csv » sends the file with the command. what names the file
// expected (« le fichier CSV »), for the message when a folder is given instead.
func (a *app) openInput(option, path, what string) (io.ReadCloser, error) {
	if path == "-" {
		if a.stdin == nil {
			return io.NopCloser(os.Stdin), nil
		}
		return io.NopCloser(a.stdin), nil
	}
	if a.remote {
		return nil, domain.Errorf(domain.KindInvalid, "%s : à travers SSH, envoyez le fichier sur l'entrée standard avec « - », ex. ssh … places import - < lieux.csv", option)
	}
	if err := checkPath(option, path); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(option, path, err, false)
	}
	st, err := f.Stat()
	switch {
	case err != nil:
		f.Close()
		return nil, fileError(option, path, err, false)
	case st.IsDir():
		f.Close()
		return nil, domain.Errorf(domain.KindInvalid, "%s : %s est un dossier, donnez %s (son chemin complet, dossier compris)", option, shown(path), what)
	case !st.Mode().IsRegular() && st.Mode()&fs.ModeNamedPipe == 0:
		f.Close()
		return nil, domain.Errorf(domain.KindInvalid, "%s : %s n'est pas un fichier ordinaire, donnez %s (ou « - » pour l'entrée standard)", option, shown(path), what)
	}
	return f, nil
}

// checkPath refuses a path no one means: empty, with a control character (an escape sequence
// pasted by mistake would become part of a file name), or longer than the system allows.
func checkPath(option, path string) error {
	if path == "" {
		return domain.Errorf(domain.KindInvalid, "%s : indiquez un chemin de fichier", option)
	}
	if len(path) > maxPath {
		return domain.Errorf(domain.KindInvalid, "%s : chemin de %s octets, trop long (au plus %d) : vérifiez ce qui a été collé", option, domain.Grouped(int64(len(path))), maxPath)
	}
	for _, r := range path {
		if domain.IsControl(r) {
			return domain.Errorf(domain.KindInvalid, "%s : le chemin « %s » contient un caractère de contrôle : retapez-le sans copier-coller", option, shown(path))
		}
	}
	return nil
}

// fileError says in French what the system answered about path, and what to do: a mistake in
// the path is bad input (exit 2); rights, a full or read-only disk are the environment (exit 1).
func fileError(option, path string, err error, writing bool) error {
	p := shown(path)
	var errno syscall.Errno
	errors.As(err, &errno)
	e := func(kind domain.Kind, format string, args ...any) error {
		de := domain.Errorf(kind, "%s : "+format, append([]any{option}, args...)...)
		de.Err = err
		return de
	}
	switch {
	case errors.Is(err, fs.ErrNotExist) && writing:
		return e(domain.KindInvalid, "impossible d'écrire dans %s : ce dossier n'existe pas ; créez-le ou donnez un autre chemin", shown(filepath.Dir(path)))
	case errors.Is(err, fs.ErrNotExist):
		return e(domain.KindInvalid, "le fichier %s n'existe pas : vérifiez le chemin (ls montre les fichiers du dossier)", p)
	case errors.Is(err, fs.ErrPermission) && writing:
		return e(domain.KindForbidden, "impossible d'écrire dans %s : passnum n'en a pas le droit ; choisissez un dossier à vous, ou demandez le droit d'écriture", shown(filepath.Dir(path)))
	case errors.Is(err, fs.ErrPermission):
		return e(domain.KindForbidden, "passnum n'a pas le droit de lire %s : donnez-lui le droit de lecture (chmod) ou copiez le fichier dans un de vos dossiers", p)
	case errno == syscall.EISDIR:
		return e(domain.KindInvalid, "%s est un dossier : donnez un fichier", p)
	case errno == syscall.ENOTDIR:
		return e(domain.KindInvalid, "dans %s, un élément du chemin est un fichier et non un dossier : vérifiez le chemin", p)
	case errno == syscall.ENAMETOOLONG:
		return e(domain.KindInvalid, "chemin ou nom de fichier trop long (%s) : raccourcissez-le", p)
	case errno == syscall.ENOSPC || errno == syscall.EDQUOT:
		return e(domain.KindConflict, "plus de place sur le disque pour %s : libérez de la place puis relancez", p)
	case errno == syscall.EROFS:
		return e(domain.KindConflict, "%s est sur un disque en lecture seule : choisissez un autre dossier", p)
	case errno == syscall.ELOOP:
		return e(domain.KindInvalid, "%s : trop de liens symboliques en boucle : vérifiez le chemin", p)
	}
	if writing {
		return e(domain.KindInternal, "impossible d'écrire %s (code système %d)", p, int(errno))
	}
	return e(domain.KindInternal, "impossible de lire %s (code système %d)", p, int(errno))
}
