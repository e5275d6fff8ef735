package desk

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"passnum/domain"
	"passnum/domain/doc"
	"passnum/tui/kit"
)

// WriteLetter writes the courrier d'accompagnement of a hand-over, rendered by domain/doc, as
// plain text and as printable HTML in dir, and returns both paths. places are the ones
// recommended by the person's last diagnostic; none means there was no diagnostic. The desk
// chooses the files; what they say is doc.LetterText's and doc.LetterHTML's.
func WriteLetter(dir string, p domain.Person, carnet domain.Carnet, prog domain.Programme, places []domain.Place, now time.Time) (txtPath, htmlPath string, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", fmt.Errorf("dossier des courriers %s : %w", dir, err)
	}
	base := filepath.Join(dir, "courrier-"+kit.SafeFileName(carnet.Number, "carnet")+"-"+now.Format("2006-01-02"))
	txtPath, htmlPath = base+".txt", base+".html"
	var text, html bytes.Buffer
	if err := doc.LetterHTML(&html, p, carnet, prog, places, now); err != nil {
		return "", "", err
	}
	if err := doc.LetterText(&text, p, carnet, prog, places, now); err != nil {
		return "", "", err
	}
	if err := kit.WriteFileAtomic(txtPath, text.Bytes()); err != nil {
		return "", "", err
	}
	if err := kit.WriteFileAtomic(htmlPath, html.Bytes()); err != nil {
		return "", "", err
	}
	return txtPath, htmlPath, nil
}
