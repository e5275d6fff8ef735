package desk

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"passnum/domain/doc"
	"passnum/tui/kit"
)

// WriteLetter writes the courrier d'accompagnement, rendered by domain/doc, as plain text and as
// printable HTML in dir, and returns both paths. The desk chooses the files; what they say is
// doc.LetterText's and doc.LetterHTML's. The folder is the owner's only: letters name people.
func WriteLetter(dir string, l doc.Letter) (txtPath, htmlPath string, err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", "", fmt.Errorf("dossier des courriers %s : %w", dir, err)
	}
	base := filepath.Join(dir, "courrier-"+kit.SafeFileName(l.Carnet.Number, "carnet")+"-"+l.Date.Format("2006-01-02"))
	txtPath, htmlPath = base+".txt", base+".html"
	var text, html bytes.Buffer
	if err := doc.LetterHTML(&html, l); err != nil {
		return "", "", err
	}
	if err := doc.LetterText(&text, l); err != nil {
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
