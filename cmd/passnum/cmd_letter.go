package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"passnum/domain"
	"passnum/domain/doc"
)

// letterUsage is the help of passnum letter (and of its older name, carnets letter).
const letterUsage = `  letter CARNET [--html|--text|--pdf] [--skip LIEU,…] [--out FICHIER|-]
                                        imprimer le courrier d'accompagnement d'un carnet
                                        remis : page HTML à imprimer depuis un navigateur
                                        (par défaut), ou texte ; --skip retire des lieux
                                        recommandés ; à travers SSH : ssh … letter CARNET
                                        > courrier.html
  carnets letter CARNET […]             ancien nom de letter (texte par défaut)
`

// letterNoPDF says why --pdf is refused: a PDF writer would be a heavy dependency for what
// every browser does from the HTML page.
const letterNoPDF = "--pdf : passnum ne fabrique pas de PDF ; ouvrez le courrier HTML dans un navigateur et choisissez Imprimer → Enregistrer en PDF (passnum letter CARNET --out courrier.html)"

// carnetsLetter is passnum carnets letter: the courrier as text unless asked otherwise.
func (a *app) carnetsLetter(ctx context.Context, args []string) error {
	return a.letter(ctx, "carnets letter", false, args)
}

// letter prints the courrier d'accompagnement of a carnet handed over, with the programme's
// effective end, as the desk's screen writes it (the same places, domain/doc's writers): HTML
// by default for passnum letter, so that over SSH « ssh … letter CARNET > courrier.html » gives
// a page to print.
func (a *app) letter(ctx context.Context, name string, htmlDefault bool, args []string) error {
	fs := newFlags(name)
	out := fs.String("out", "", "")
	asHTML := fs.Bool("html", false, "")
	asText := fs.Bool("text", false, "")
	asPDF := fs.Bool("pdf", false, "")
	skip := fs.String("skip", "", "")
	pos, err := fs.parseWith(args, "le numéro du carnet")
	if err != nil {
		return err
	}
	if pos[0], err = numberArg("passnum "+name, "carnet", pos[0]); err != nil {
		return err
	}
	switch {
	case *asPDF:
		return domain.Errorf(domain.KindInvalid, "%s", letterNoPDF)
	case *asHTML && *asText:
		return domain.Errorf(domain.KindInvalid, "--html et --text : choisissez l'un des deux")
	}
	if err := a.mayReadPeople(); err != nil {
		return err
	}
	if err := a.outPath(*out, "letter CARNET > courrier.html", "courrier.html"); err != nil { // before reading anything
		return err
	}
	c, err := a.store.Carnet(ctx, pos[0])
	if err != nil {
		return err
	}
	if c.State != domain.CarnetIssued || c.PersonID == 0 {
		return domain.Errorf(domain.KindConflict, "carnet %s : %s, pas remis à une personne : il n'a pas de courrier d'accompagnement", c.Number, domain.CarnetStateLabel(c.State))
	}
	// The courrier names the person and the places of their diagnostic: a full read, audited;
	// another prescriber's holder is refused before the audit, the refusal naming no one.
	seen, err := a.store.PersonAs(ctx, a.user, c.PersonID)
	if err != nil {
		return err
	}
	if seen.Limited() {
		return domain.Errorf(domain.KindForbidden, "passnum %s : le carnet %s a été remis par un autre prescripteur (%s) ; son courrier se réimprime à l'accueil qui l'a remis ou à la coordination", name, c.Number, domain.LimitedNote)
	}
	if err := a.store.RecordReads(ctx, a.user, "courrier", seen.ID); err != nil {
		return err
	}
	p := seen.Person
	prog, err := a.store.Programme(c.Programme)
	if err != nil {
		return err
	}
	places, from, err := a.store.LetterPlaces(ctx, p.ID, prog)
	if err != nil {
		return err
	}
	if places, err = skipPlaces(places, *skip); err != nil {
		return err
	}
	lower := strings.ToLower(*out)
	html := *asHTML || (!*asText && (htmlDefault || strings.HasSuffix(lower, ".html") || strings.HasSuffix(lower, ".htm")))
	suffix := ".txt"
	if html {
		suffix = ".html"
	}
	l := doc.NewLetter(a.user, a.cfg.Prescribers, p, c, prog, places, from, time.Now())
	err = a.writeFile("--out", suffix, *out, func(w io.Writer) error {
		if html {
			return doc.LetterHTML(w, l)
		}
		return doc.LetterText(w, l)
	})
	if err != nil || *out == "" || *out == "-" {
		return err
	}
	return a.emit(map[string]any{"carnet": c.Number, "file": *out, "valid_until": isoDay(prog.ValidUntil)},
		fmt.Sprintf("Courrier du carnet %s écrit dans %s (chèques valables jusqu'au %s).", c.Number, *out, domain.ShortDate(prog.ValidUntil)))
}

// skipPlaces takes out of the courrier the places the agent unticked (--skip ID,ID), refusing
// an id the courrier does not list: a typo must not print a letter the agent did not mean.
func skipPlaces(places []domain.Place, list string) ([]domain.Place, error) {
	ids := domain.SplitList(list)
	if len(ids) == 0 {
		return places, nil
	}
	var kept []domain.Place
	for _, id := range ids {
		found := false
		for _, p := range places {
			found = found || p.ID == id
		}
		if !found {
			return nil, domain.Errorf(domain.KindInvalid, "--skip : le lieu « %s » n'est pas dans ce courrier", shown(id))
		}
	}
	for _, p := range places {
		if !slices.Contains(ids, p.ID) {
			kept = append(kept, p)
		}
	}
	return kept, nil
}
