package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"passnum/domain"
	"passnum/store"
)

// peopleEdit corrects what the desk learns after the registration; for now the quotient
// familial, that a public's ceiling reads (« aucun » forgets it).
func (a *app) peopleEdit(ctx context.Context, args []string) error {
	fs := newFlags("people edit")
	qf := fs.String("quotient-familial", "", "")
	notDuplicate := fs.Bool("not-duplicate", false, "")
	pos, err := fs.parseWith(args, "le numéro de la personne")
	if err != nil {
		return err
	}
	id, err := personNumber("passnum people edit", pos[0])
	if err != nil {
		return err
	}
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "quotient-familial" })
	if !set {
		return domain.Errorf(domain.KindInvalid, "passnum people edit : rien à corriger ; indiquez --quotient-familial EUROS (ou « aucun » pour l'effacer)")
	}
	var v *int
	if t := strings.TrimSpace(*qf); !strings.EqualFold(t, "aucun") {
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 {
			return domain.Errorf(domain.KindInvalid, "--quotient-familial : %q n'est pas un montant en euros (ex. 540, ou « aucun » pour l'effacer)", *qf)
		}
		v = &n
	}
	seen, err := a.store.PersonAs(ctx, a.user, id)
	if err != nil {
		return err
	}
	if seen.Limited() {
		return domain.Errorf(domain.KindForbidden, "passnum people edit : personne n°%d — %s : demandez au prescripteur qui l'a inscrite ou à la coordination", seen.ID, domain.LimitedNote)
	}
	p := seen.Person
	p.QuotientFamilial = v
	if err := a.store.UpdatePerson(ctx, a.user, p, store.PersonOptions{NotDuplicate: *notDuplicate}); err != nil {
		return err
	}
	shownQF := "effacé"
	if v != nil {
		shownQF = fmt.Sprintf("%d €", *v)
	}
	out := map[string]any{"person": p.ID, "quotient_familial": v}
	return a.emit(out, fmt.Sprintf("Fiche n°%d %s : quotient familial %s.", p.ID, p.FullName(), shownQF))
}
