package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"passnum/domain"
	"passnum/store"
)

func (a *app) carnetsReceive(ctx context.Context, args []string) error {
	fs := newFlags("carnets receive")
	progID := fs.String("programme", "", "")
	first := fs.String("first", "", "")
	count := fs.Int("count", 0, "")
	file := fs.String("file", "", "")
	overBudget := fs.Bool("over-budget", false, "")
	reason := fs.String("reason", "", "")
	if _, err := fs.parseWith(args); err != nil {
		return err
	}
	if *progID == "" {
		return domain.Errorf(domain.KindInvalid, "passnum carnets receive : --programme est obligatoire (passnum check-config donne les programmes)")
	}
	prog, err := a.programmeByID(*progID)
	if err != nil {
		return err
	}
	var specs []store.CarnetSpec
	switch {
	case *file != "" && *first != "":
		return domain.Errorf(domain.KindInvalid, "passnum carnets receive : --file ou --first/--count, pas les deux")
	case *file != "":
		f, err := a.openInput("--file", *file, "le fichier des numéros de carnets")
		if err != nil {
			return err
		}
		defer f.Close()
		if specs, err = readCarnetFile(f, *file, prog.ChequesPerCarnet); err != nil {
			return err
		}
	case *first != "":
		nums, err := domain.CarnetNumbers(*first, *count)
		if err != nil {
			return err
		}
		specs = make([]store.CarnetSpec, len(nums))
		for i, n := range nums {
			specs[i].Number = n
		}
	default:
		return domain.Errorf(domain.KindInvalid, "passnum carnets receive : indiquez --first NUMÉRO --count N, ou --file FICHIER")
	}
	budget, err := a.store.ReceiveCarnetsWith(ctx, a.user, prog.ID, specs, store.ReceiveOptions{OverBudget: *overBudget, Reason: *reason})
	if err != nil {
		return err
	}
	out := map[string]any{"programme": prog.ID, "received": len(specs), "first": specs[0].Number, "last": specs[len(specs)-1].Number,
		"received_total": budget.Carnets, "received_value_cents": budget.ValueCents, "budget_cents": budget.BudgetCents, "over_budget_cents": budget.OverrunCents}
	text := fmt.Sprintf("%s en stock pour %s : du %s au %s.", domain.Plural(len(specs), "carnet reçu", "carnets reçus"), prog.Name, specs[0].Number, specs[len(specs)-1].Number)
	if budget.OverBudget {
		text += fmt.Sprintf("\nHors budget, accepté : %s. Le motif est noté au journal.", budget.Text())
	}
	return a.emit(out, text)
}

// readCarnetFile reads an operator's delivery file: one carnet a line, its number alone or
// followed by the printed numbers of its chèques, separated by « ; », « , » or tabs.
func readCarnetFile(r io.Reader, name string, perCarnet int) ([]store.CarnetSpec, error) {
	var specs []store.CarnetSpec
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.FieldsFunc(text, func(r rune) bool { return r == ';' || r == ',' || r == '\t' })
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		if len(fields) == 0 || fields[0] == "" {
			return nil, domain.Errorf(domain.KindInvalid, "%s, ligne %d : pas de numéro de carnet, seulement des séparateurs (« %s ») ; mettez le numéro en tête de ligne ou supprimez la ligne ; rien n'a été enregistré", shown(name), line, shown(text))
		}
		if line == 1 && !domain.ValidNumber(fields[0]) {
			continue // a header row
		}
		if !domain.ValidNumber(fields[0]) {
			return nil, domain.Errorf(domain.KindInvalid, "%s, ligne %d : numéro de carnet %q invalide", name, line, fields[0])
		}
		if prev, dup := seen[fields[0]]; dup {
			return nil, domain.Errorf(domain.KindInvalid, "%s, ligne %d : le carnet %s figure déjà ligne %d", name, line, fields[0], prev)
		}
		seen[fields[0]] = line
		sp := store.CarnetSpec{Number: fields[0], Line: line}
		if len(fields) > 1 {
			if len(fields)-1 != perCarnet {
				return nil, domain.Errorf(domain.KindInvalid, "%s, ligne %d : %d chèques pour le carnet %s, il en faut %d", name, line, len(fields)-1, fields[0], perCarnet)
			}
			for _, c := range fields[1:] {
				if !domain.ValidNumber(c) {
					return nil, domain.Errorf(domain.KindInvalid, "%s, ligne %d : numéro de chèque %q invalide", name, line, c)
				}
			}
			sp.Cheques = fields[1:]
		}
		specs = append(specs, sp)
	}
	if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		return nil, domain.Errorf(domain.KindInvalid, "%s, ligne %d : ligne trop longue (plus de 64 Ko) : une ligne donne un carnet et ses chèques", shown(name), line+1)
	} else if err != nil {
		return nil, fileError("--file", name, err, false)
	}
	if len(specs) == 0 {
		return nil, domain.Errorf(domain.KindInvalid, "%s : aucun numéro de carnet trouvé", name)
	}
	return specs, nil
}

func (a *app) carnetsAllocate(ctx context.Context, args []string) error {
	fs := newFlags("carnets allocate")
	prescriber := fs.String("prescriber", "", "")
	count := fs.Int("count", 0, "")
	progID := fs.String("programme", "", "")
	key := fs.Bool("key", false, "")
	fixed := fs.Int("fixed", 10, "")
	by := fs.String("by", string(domain.KeyByQPVPopulation), "")
	apply := fs.Bool("apply", false, "")
	only := fs.String("prescribers", "", "")
	if _, err := fs.parseWith(args); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *key && set["prescriber"] {
		return domain.Errorf(domain.KindInvalid, "passnum carnets allocate : --key répartit entre tous les prescripteurs, --prescriber attribue à un seul : choisissez (--prescribers A,B pour limiter la clé)")
	}
	if !*key {
		for _, name := range []string{"fixed", "by", "apply", "prescribers"} {
			if set[name] {
				return domain.Errorf(domain.KindInvalid, "passnum carnets allocate : --%s ne sert qu'avec --key (clé de répartition)", name)
			}
		}
	}
	prog, err := a.programmeByID(*progID)
	if err != nil {
		return err
	}
	if *key {
		return a.carnetsAllocateKey(ctx, prog, keyOptions{count: *count, fixed: *fixed, by: *by, apply: *apply, only: *only})
	}
	pr, err := a.prescriberArg("--prescriber", *prescriber)
	if err != nil {
		return err
	}
	nums, err := a.store.AllocateCarnets(ctx, a.user, prog.ID, pr.ID, *count)
	if err != nil {
		return err
	}
	out := map[string]any{"prescriber": pr.ID, "allocated": len(nums), "carnets": nums}
	return a.emit(out, fmt.Sprintf("%s à %s : du %s au %s.", domain.Plural(len(nums), "carnet attribué", "carnets attribués"), pr.Name, nums[0], nums[len(nums)-1]))
}

func (a *app) carnetsIssue(ctx context.Context, args []string) error {
	fs := newFlags("carnets issue")
	person := fs.String("person", "", "")
	accompanied := fs.Bool("accompanied", false, "")
	extra := fs.String("extra-reason", "", "")
	pos, err := fs.parseWith(args, "le numéro du carnet")
	if err != nil {
		return err
	}
	if pos[0], err = numberArg("passnum carnets issue", "carnet", pos[0]); err != nil {
		return err
	}
	if *person == "" {
		return domain.Errorf(domain.KindInvalid, "passnum carnets issue : --person est obligatoire (passnum people find NOM donne le numéro)")
	}
	p, err := a.personArg(ctx, "--person", *person)
	if err != nil {
		return err
	}
	req := domain.HandOverRequest{Accompanied: *accompanied, ExtraReason: *extra}
	if err := a.store.IssueCarnetFor(ctx, a.user, pos[0], p.ID, req); err != nil {
		if strings.Contains(err.Error(), "indiquez le motif de la demande") {
			return domain.Errorf(domain.KindOf(err), "%s (--extra-reason \"…\")", err.Error())
		}
		return err
	}
	out := map[string]any{"kind": "carnet", "number": pos[0], "state": domain.CarnetIssued, "person": p.ID, "accompanied": req.Accompanied}
	text := fmt.Sprintf("Carnet %s remis à %s.", pos[0], p.DisplayName())
	if *accompanied {
		text = fmt.Sprintf("Carnet %s remis à %s, avec l'accompagnement d'un conseiller.", pos[0], p.DisplayName())
	}
	return a.emit(out, text)
}

// carnetsCancel takes back the same day a hand-over made by mistake: the carnet returns to the
// prescriber's stock, provided none of its chèques was used.
func (a *app) carnetsCancel(ctx context.Context, args []string) error {
	fs := newFlags("carnets cancel")
	reason := fs.String("reason", "", "")
	pos, err := fs.parseWith(args, "le numéro du carnet")
	if err != nil {
		return err
	}
	if pos[0], err = numberArg("passnum carnets cancel", "carnet", pos[0]); err != nil {
		return err
	}
	if strings.TrimSpace(*reason) == "" {
		return domain.Errorf(domain.KindInvalid, "passnum carnets cancel : --reason est obligatoire : indiquez pourquoi la remise est annulée (par exemple --reason \"remis à la mauvaise personne\")")
	}
	c, err := a.store.CancelHandover(ctx, a.user, pos[0], *reason)
	if err != nil {
		return err
	}
	out := map[string]any{"kind": "carnet", "number": c.Number, "state": c.State, "prescriber": c.Prescriber}
	return a.emit(out, fmt.Sprintf("Remise annulée : carnet %s revenu dans le stock de %s.", c.Number, a.prescriberName(c.Prescriber)))
}

func (a *app) carnetsVoid(ctx context.Context, args []string) error {
	fs := newFlags("carnets void")
	reason := fs.String("reason", "", "")
	nums, err := carnetListArg(fs, args)
	if err != nil {
		return err
	}
	if err := a.store.VoidCarnets(ctx, a.user, nums, strings.TrimSpace(*reason)); err != nil {
		return err
	}
	if len(nums) == 1 {
		out := map[string]any{"kind": "carnet", "number": nums[0], "state": domain.CarnetVoid}
		return a.emit(out, fmt.Sprintf("Carnet %s annulé : ses chèques non utilisés ne seront plus acceptés.", nums[0]))
	}
	ranges := domain.CarnetRanges(nums)
	out := map[string]any{"kind": "carnets", "voided": len(nums), "carnets": nums, "ranges": ranges, "state": domain.CarnetVoid}
	whose := "leurs"
	if len(nums) == 1 {
		whose = "ses"
	}
	return a.emit(out, fmt.Sprintf("%s (%s) : %s chèques non utilisés ne seront plus acceptés.",
		domain.Plural(len(nums), "carnet annulé", "carnets annulés"), domain.RangesText(ranges, rangesShown), whose))
}

func (a *app) redeem(ctx context.Context, args []string) error {
	fs := newFlags("redeem")
	place := fs.String("place", "", "")
	session := fs.String("session", "", "")
	pos, err := fs.parseWith(args, "le numéro du chèque")
	if err != nil {
		return err
	}
	if pos[0], err = numberArg("passnum redeem", "chèque", pos[0]); err != nil {
		return err
	}
	if *place == "" {
		*place = a.user.Place
	}
	if *place == "" {
		return domain.Errorf(domain.KindInvalid, "passnum redeem : --place est obligatoire (passnum places list donne les identifiants)")
	}
	// --session is passed as typed: a near miss (« S1 », « s1 ») is refused by the store, never
	// corrected or kept as a label; without it the chèque pays the holder's individual
	// accompaniment of the day.
	r, err := a.store.Redeem(ctx, a.user, strings.TrimSpace(pos[0]), *place, *session)
	if err != nil {
		return err
	}
	out := map[string]any{"kind": "cheque", "number": r.Cheque.Number, "state": r.Cheque.State, "place": r.Place.ID, "used_at": r.Cheque.UsedAt,
		"session": r.Session, "individual": r.Individual}
	what := "séance " + r.Session
	if r.Individual {
		what = "accompagnement individuel " + r.Session
	}
	return a.emit(out, fmt.Sprintf("Chèque %s encaissé à %s le %s (%s).", r.Cheque.Number, r.Place.Name, frDateTime(r.Cheque.UsedAt), what))
}
