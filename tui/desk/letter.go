package desk

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"passnum/domain"
	"passnum/domain/doc"
	"passnum/store"
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

// LetterPlaces are the places a courrier lists: those the person's last diagnostic recommended,
// with their full record when the place is still in the ledger, else at least the name the
// diagnostic showed; without a diagnostic, or when it recommended none, the programme's
// qualified places (from says which). The desk and passnum letter share it, so a reprint lists
// what the hand-over's letter listed.
func LetterPlaces(ctx context.Context, st *store.Store, personID int64, prog domain.Programme) (places []domain.Place, from doc.PlacesFrom, err error) {
	diags, err := st.PersonDiagnostics(ctx, personID)
	if err != nil {
		return nil, doc.NoDiagnostic, err
	}
	if len(diags) == 0 || len(diags[0].Result.Recommendations) == 0 {
		all, err := st.Places(ctx)
		if err != nil {
			return nil, doc.NoDiagnostic, err
		}
		from = doc.NoDiagnostic
		if len(diags) > 0 {
			from = doc.NoneRecommended
		}
		return domain.QualifiedPlaces(all, prog.RecognisedLabels), from, nil
	}
	for _, r := range diags[0].Result.Recommendations {
		pl, err := st.Place(ctx, r.PlaceID)
		if domain.KindOf(err) == domain.KindNotFound {
			pl, err = domain.Place{ID: r.PlaceID, Name: r.Name}, nil
		}
		if err != nil {
			return nil, doc.NoDiagnostic, fmt.Errorf("lieu %s : %w", r.PlaceID, err)
		}
		places = append(places, pl)
	}
	return places, doc.Recommended, nil
}

// NewLetter is the courrier as the desk prints it: the issuing structure is the carnet's
// prescriber (else the agent's), the agent is who prints it.
func NewLetter(user domain.User, prescribers []domain.Prescriber, p domain.Person, c domain.Carnet, prog domain.Programme,
	places []domain.Place, from doc.PlacesFrom, now time.Time) doc.Letter {
	l := doc.Letter{Person: p, Carnet: c, Programme: prog, Places: places, From: from, Agent: user.Name, Date: now}
	for _, id := range []string{c.Prescriber, user.Prescriber} {
		for _, pr := range prescribers {
			if id != "" && pr.ID == id && l.Issuer.Name == "" {
				l.Issuer = pr
			}
		}
	}
	return l
}
