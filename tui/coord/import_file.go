package coord

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"passnum/domain"
	"passnum/domain/doc"
	"passnum/domain/geo"
	"passnum/domain/sheet"
	"passnum/tui/kit"
)

// The import screen's I/O, run in its commands: opening the file, reading it through
// sheet.ReadPeopleFile as passnum import people does, the ledger's dry run or import, and the
// file of the refused rows.

// importInput is what the coordinator typed in the form.
type importInput struct {
	path, sheet, columns string
	consent, skip        bool
}

// maxImportPath bounds what a paste can put in the path field.
const maxImportPath = 4096

// importPath is the path as typed or pasted: a file dragged from a file manager arrives
// between quotes, « ~/ » is the home folder.
func importPath(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if strings.HasPrefix(s, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			s = filepath.Join(home, s[2:])
		}
	}
	return s
}

// readImportFile opens and reads the file the form names; its errors begin with the field
// they are about (« fichier : », « feuille : », « colonnes : ») so the form shows them there.
func readImportFile(env *kit.Env, in importInput) (sheet.PeopleFile, error) {
	path := importPath(in.path)
	switch {
	case path == "":
		return sheet.PeopleFile{}, domain.Errorf(domain.KindInvalid, "fichier : tapez ou collez le chemin du fichier .xlsx ou .csv (par exemple /home/coordination/beneficiaires.xlsx)")
	case len(path) > maxImportPath || strings.ContainsFunc(path, domain.IsControl):
		return sheet.PeopleFile{}, domain.Errorf(domain.KindInvalid, "fichier : ce chemin n'en est pas un (trop long ou avec un caractère de contrôle) : retapez-le")
	}
	ext := strings.ToLower(filepath.Ext(path))
	if in.sheet != "" && (ext == ".csv" || ext == ".txt") {
		return sheet.PeopleFile{}, domain.Errorf(domain.KindInvalid, "feuille : %s est un fichier CSV, qui n'a qu'une feuille — laissez ce champ vide", filepath.Base(path))
	}
	// Stat before opening: opening a named pipe or a device would wait for a writer.
	st, err := os.Stat(path)
	switch {
	case err != nil:
		return sheet.PeopleFile{}, openError(path, err)
	case st.IsDir():
		return sheet.PeopleFile{}, domain.Errorf(domain.KindInvalid, "fichier : %s est un dossier — donnez le fichier .xlsx ou .csv qu'il contient (son chemin complet)", path)
	case !st.Mode().IsRegular():
		return sheet.PeopleFile{}, domain.Errorf(domain.KindInvalid, "fichier : %s n'est pas un fichier ordinaire — donnez le fichier .xlsx ou .csv enregistré par le tableur", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return sheet.PeopleFile{}, openError(path, err)
	}
	defer f.Close()
	lk := sheet.PeopleLookups{Commune: geo.CommuneFinder(env.Communes), Prescribers: env.Prescribers}
	pf, err := sheet.ReadPeopleFile(path, f, in.sheet, in.columns, lk, sheet.PeopleOptions{Consent: in.consent}, env.Now())
	if err != nil {
		return sheet.PeopleFile{}, fieldError(err)
	}
	return pf, nil
}

func openError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return domain.Errorf(domain.KindInvalid, "fichier : %s n'existe pas — vérifiez le chemin, dossier compris", path)
	case errors.Is(err, fs.ErrPermission):
		return domain.Errorf(domain.KindForbidden, "fichier : passnum n'a pas le droit de lire %s — copiez-le dans un de vos dossiers", path)
	}
	return domain.Errorf(domain.KindInvalid, "fichier : %s illisible (%v) — vérifiez le chemin", path, err)
}

// fieldError puts the reader's message under the form's field: the reader speaks of the
// CLI's options (--sheet, --map), the form of its fields.
func fieldError(err error) error {
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind == domain.KindInternal {
		return err
	}
	msg := de.Message
	switch {
	case strings.HasPrefix(msg, "--sheet : "):
		msg = "feuille : " + strings.TrimPrefix(msg, "--sheet : ")
	case strings.HasPrefix(msg, "--map : "):
		msg = "colonnes : " + strings.TrimPrefix(msg, "--map : ")
	case strings.HasPrefix(msg, "aucune colonne "):
		// A missing column is named in the Colonnes field, as --map names it.
		msg = "colonnes : " + strings.Replace(msg, "nommez-la avec --map, par exemple --map ", "nommez-la dans Colonnes, par exemple ", 1)
	default:
		msg = "fichier : " + msg
	}
	return &domain.Error{Kind: de.Kind, Message: msg, Err: de.Err}
}

// rejectsPath is where the refused rows go: beside the file, « beneficiaires-refus.xlsx ».
func rejectsPath(source string) string {
	base := filepath.Base(source)
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	return filepath.Join(filepath.Dir(source), stem+"-refus.xlsx")
}

// writeRejects writes the refused rows of rep, as the file had them, with their motif, owner
// only (0600: they name people), whole or not at all.
func writeRejects(pf sheet.PeopleFile, rep domain.ImportReport, path string) error {
	rows, motifs := pf.Refused(rep)
	var buf bytes.Buffer
	if err := doc.RejectedRowsTable(pf.Table.Header, rows, motifs).WriteXLSX(&buf); err != nil {
		return err
	}
	if err := kit.WriteFileAtomic(path, buf.Bytes()); err != nil {
		return domain.Errorf(domain.KindInvalid, "impossible d'écrire %s (%v) : vérifiez les droits du dossier", path, errors.Unwrap(err))
	}
	return nil
}
