package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"passnum/domain"
	"passnum/domain/doc"
)

// letterUsage is the help of passnum carnets letter.
const letterUsage = `  carnets letter CARNET [--out FICHIER|-]
                                        réimprimer le courrier d'accompagnement d'un carnet
                                        remis (texte ; FICHIER.html : page à imprimer), avec
                                        la fin de validité actuelle (prolongations comprises)
`

// carnetsLetter reprints the courrier d'accompagnement of a carnet handed over, with the
// programme's effective end, as the desk's screen writes it (domain/doc's writers).
func (a *app) carnetsLetter(ctx context.Context, args []string) error {
	fs := newFlags("carnets letter")
	out := fs.String("out", "", "")
	pos, err := fs.parseWith(args, "le numéro du carnet")
	if err != nil {
		return err
	}
	if pos[0], err = numberArg("passnum carnets letter", "carnet", pos[0]); err != nil {
		return err
	}
	if err := a.mayReadPeople(); err != nil {
		return err
	}
	if err := a.outPathProblem(*out); err != nil { // before reading anything
		return err
	}
	c, err := a.store.Carnet(ctx, pos[0])
	if err != nil {
		return err
	}
	if c.State != domain.CarnetIssued || c.PersonID == 0 {
		return domain.Errorf(domain.KindConflict, "carnet %s : %s, pas remis à une personne : il n'a pas de courrier d'accompagnement", c.Number, domain.CarnetStateLabel(c.State))
	}
	p, err := a.store.Person(ctx, c.PersonID)
	if err != nil {
		return err
	}
	prog, err := a.store.Programme(c.Programme)
	if err != nil {
		return err
	}
	places, err := a.letterPlaces(ctx, p.ID)
	if err != nil {
		return err
	}
	html := strings.HasSuffix(strings.ToLower(*out), ".html") || strings.HasSuffix(strings.ToLower(*out), ".htm")
	suffix := ".txt"
	if html {
		suffix = ".html"
	}
	now := time.Now()
	err = a.writeFile("--out", suffix, *out, func(w io.Writer) error {
		if html {
			return doc.LetterHTML(w, p, c, prog, places, now)
		}
		return doc.LetterText(w, p, c, prog, places, now)
	})
	if err != nil || *out == "" || *out == "-" {
		return err
	}
	return a.emit(map[string]any{"carnet": c.Number, "file": *out, "valid_until": isoDay(prog.ValidUntil)},
		fmt.Sprintf("Courrier du carnet %s écrit dans %s (chèques valables jusqu'au %s).", c.Number, *out, domain.ShortDate(prog.ValidUntil)))
}

// letterPlaces are the places the person's last diagnostic recommended, as the hand-over's
// letter lists them (a place gone from the ledger keeps the name the diagnostic showed).
func (a *app) letterPlaces(ctx context.Context, personID int64) ([]domain.Place, error) {
	diags, err := a.store.PersonDiagnostics(ctx, personID)
	if err != nil || len(diags) == 0 {
		return nil, err
	}
	var places []domain.Place
	for _, r := range diags[0].Result.Recommendations {
		pl, err := a.store.Place(ctx, r.PlaceID)
		if domain.KindOf(err) == domain.KindNotFound {
			pl, err = domain.Place{ID: r.PlaceID, Name: r.Name}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("lieu %s : %w", r.PlaceID, err)
		}
		places = append(places, pl)
	}
	return places, nil
}

// outPathProblem refuses an --out the letter could not be written to, before any reading.
func (a *app) outPathProblem(path string) error {
	if path == "" || path == "-" {
		return nil
	}
	if a.remote {
		return domain.Errorf(domain.KindInvalid, "--out : à travers SSH, le fichier s'écrit chez vous : ssh … > courrier.txt (sans --out)")
	}
	if err := checkPath("--out", path); err != nil {
		return err
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return domain.Errorf(domain.KindInvalid, "--out : %s est un dossier, donnez le nom du fichier à écrire (par exemple %s)", shown(path), shown(filepath.Join(path, "courrier.html")))
	}
	return nil
}
