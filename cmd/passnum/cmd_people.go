package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"passnum/domain"
)

type personJSON struct {
	ID        int64  `json:"id"`
	Kind      string `json:"kind"`
	LastName  string `json:"last_name"`
	FirstName string `json:"first_name"`
	BirthDate string `json:"birth_date"`
	Commune   string `json:"commune"`
	QPV       string `json:"qpv,omitempty"`
	Status    string `json:"status,omitempty"`
	Diploma   string `json:"diploma,omitempty"`
	Household string `json:"household,omitempty"`
}

func toPersonJSON(p domain.Person) personJSON {
	return personJSON{p.ID, "person", p.LastName, p.FirstName, p.BirthDate.Format("2006-01-02"), p.Commune, p.QPV, string(p.Status), string(p.Diploma), p.Household}
}

func (a *app) peopleAdd(ctx context.Context, args []string) error {
	fs := newFlags("people add")
	last := fs.String("last-name", "", "")
	first := fs.String("first-name", "", "")
	birth := fs.String("birth-date", "", "")
	commune := fs.String("commune", "", "")
	qpv := fs.String("qpv", "", "")
	status := fs.String("status", "", "")
	diploma := fs.String("diploma", "", "")
	household := fs.String("household", "", "")
	qf := fs.String("quotient-familial", "", "")
	consent := fs.Bool("consent", true, "")
	if _, err := fs.parseWith(args); err != nil {
		return err
	}
	bd, err := domain.ParseDate("--birth-date", *birth)
	if err != nil {
		return err
	}
	p := domain.Person{LastName: *last, FirstName: *first, BirthDate: bd, Commune: *commune, QPV: *qpv,
		Status: domain.Status(*status), Diploma: domain.Diploma(*diploma), Household: *household, Consent: *consent}
	if *qf != "" {
		v, err := strconv.Atoi(*qf)
		if err != nil {
			return domain.Errorf(domain.KindInvalid, "--quotient-familial : %q n'est pas un nombre d'euros", *qf)
		}
		p.QuotientFamilial = &v
	}
	id, err := a.store.AddPerson(ctx, a.user, p)
	if err != nil {
		return err
	}
	p.ID = id
	return a.emit(toPersonJSON(p), fmt.Sprintf("%d", id))
}

func (a *app) peopleFind(ctx context.Context, args []string) error {
	fs := newFlags("people find")
	if err := fs.parse(args); err != nil {
		return err
	}
	if len(fs.args) == 0 {
		return domain.Errorf(domain.KindInvalid, "passnum people find : tapez un nom ou un prénom")
	}
	people, err := a.store.FindPeople(ctx, strings.Join(fs.args, " "), 50)
	if err != nil {
		return err
	}
	list := []personJSON{}
	var b strings.Builder
	for _, p := range people {
		list = append(list, toPersonJSON(p))
		fmt.Fprintf(&b, "%6d  %-30s né(e) le %s  %s\n", p.ID, p.LastName+" "+p.FirstName, frDate(p.BirthDate), a.communeName(p.Commune))
	}
	if len(people) == 0 {
		b.WriteString("Personne ne correspond.\n")
	}
	return a.emit(list, b.String())
}

func (a *app) personArg(ctx context.Context, s string) (domain.Person, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil {
		return domain.Person{}, domain.Errorf(domain.KindInvalid, "personne : %q n'est pas un numéro de personne (passnum people find NOM le donne)", s)
	}
	return a.store.Person(ctx, id)
}

func (a *app) eligibility(ctx context.Context, args []string) error {
	fs := newFlags("eligibility")
	progID := fs.String("programme", "", "")
	pos, err := fs.parseWith(args, "le numéro de la personne")
	if err != nil {
		return err
	}
	p, err := a.personArg(ctx, pos[0])
	if err != nil {
		return err
	}
	progs := a.cfg.Programmes
	if *progID != "" {
		prog, err := a.programmeByID(*progID)
		if err != nil {
			return err
		}
		progs = []domain.Programme{prog}
	}
	type crit struct {
		Name   string `json:"name"`
		OK     bool   `json:"ok"`
		Reason string `json:"reason"`
	}
	type pub struct {
		ID       string `json:"id"`
		Name     string `json:"name"`
		Eligible bool   `json:"eligible"`
		Criteria []crit `json:"criteria"`
	}
	type verdict struct {
		Programme string `json:"programme"`
		Eligible  bool   `json:"eligible"`
		Summary   string `json:"summary"`
		Publics   []pub  `json:"publics"`
	}
	var out []verdict
	var b strings.Builder
	anyEligible := false
	now := a.now()
	for _, prog := range progs {
		e := domain.CheckEligibility(prog, p, a.cfg.Communes, now)
		anyEligible = anyEligible || e.Eligible
		v := verdict{Programme: prog.ID, Eligible: e.Eligible, Summary: e.Summary()}
		fmt.Fprintf(&b, "%s — %s\n", p.FullName(), e.Summary())
		for _, pv := range e.Publics {
			pj := pub{ID: pv.Public.ID, Name: pv.Public.Name, Eligible: pv.Eligible}
			mark := "✗"
			if pv.Eligible {
				mark = "✓"
			}
			fmt.Fprintf(&b, "  %s public « %s »\n", mark, pv.Public.Name)
			for _, c := range pv.Criteria {
				pj.Criteria = append(pj.Criteria, crit{c.Name, c.OK, c.Reason})
				m := "✗"
				if c.OK {
					m = "✓"
				}
				fmt.Fprintf(&b, "      %s %s : %s\n", m, c.Name, c.Reason)
			}
			v.Publics = append(v.Publics, pj)
		}
		out = append(out, v)
	}
	if err := a.emit(out, b.String()); err != nil {
		return err
	}
	if !anyEligible {
		return silentRefusal
	}
	return nil
}
