package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"passnum/domain"
	"passnum/store"
)

type personJSON struct {
	ID         int64  `json:"id"`
	Kind       string `json:"kind"`
	LastName   string `json:"last_name"`
	FirstName  string `json:"first_name"`
	BirthDate  string `json:"birth_date"`
	Commune    string `json:"commune"`
	QPV        string `json:"qpv,omitempty"`
	Status     string `json:"status,omitempty"`
	Diploma    string `json:"diploma,omitempty"`
	Address    string `json:"address,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	Household  int64  `json:"household,omitempty"`
	Consent    bool   `json:"consent"`
	Limited    bool   `json:"limited,omitempty"` // another prescriber's or place's person: fields blanked
}

func toPersonJSON(p domain.Person) personJSON {
	return personJSON{p.ID, "person", p.LastName, p.FirstName, p.BirthDate.Format("2006-01-02"), p.Commune, p.QPV, string(p.Status), string(p.Diploma), p.Address, p.PostalCode, p.Household, p.Consent, false}
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
	address := fs.String("address", "", "")
	postal := fs.String("postal-code", "", "")
	householdOf := fs.String("household-of", "", "")
	household := fs.String("household", "", "") // earlier name of --household-of
	qf := fs.String("quotient-familial", "", "")
	var consent, noConsent optBool
	fs.Var(&consent, "consent", "")
	fs.Var(&noConsent, "no-consent", "")
	notDuplicate := fs.Bool("not-duplicate", false, "")
	if _, err := fs.parseWith(args); err != nil {
		return err
	}
	// Consent is a fact the desk states, never a default.
	given := consent.set && consent.v || noConsent.set && !noConsent.v
	refused := noConsent.set && noConsent.v || consent.set && !consent.v
	if given == refused {
		return domain.Errorf(domain.KindInvalid, "passnum people add : indiquez --consent si la personne accepte l'enregistrement de ses données, --no-consent sinon")
	}
	bd, err := domain.ParseDate("--birth-date", *birth)
	if err != nil {
		return err
	}
	if *commune != "" { // a name or a postal code stands for the INSEE code
		c, err := a.cfg.FindCommune("--commune", *commune)
		if err != nil {
			return err
		}
		*commune = c.INSEE
	}
	p := domain.Person{LastName: *last, FirstName: *first, BirthDate: bd, Commune: *commune, QPV: *qpv,
		Status: domain.Status(*status), Diploma: domain.Diploma(*diploma), Address: *address, PostalCode: *postal, Consent: given}
	if *qf != "" {
		v, err := strconv.Atoi(*qf)
		if err != nil {
			return domain.Errorf(domain.KindInvalid, "--quotient-familial : %q n'est pas un nombre d'euros", *qf)
		}
		p.QuotientFamilial = &v
	}
	opt := store.PersonOptions{NotDuplicate: *notDuplicate}
	if *householdOf == "" {
		*householdOf = *household
	}
	if *householdOf != "" {
		if opt.HouseholdOf, err = personNumber("--household-of", *householdOf); err != nil {
			return err
		}
	}
	id, err := a.store.AddPerson(ctx, a.user, p, opt)
	if len(domain.DuplicatesOf(err)) > 0 {
		return domain.Errorf(domain.KindConflict, "%s — si ce n'est pas la même personne, relancez avec --not-duplicate", err.Error())
	}
	if err != nil {
		return err
	}
	p, err = a.store.Person(ctx, id)
	if err != nil {
		return err
	}
	return a.emit(toPersonJSON(p), fmt.Sprintf("%d", id))
}

// personNumber reads a person's number as the desk gives it: « 12 » or « #12 ».
func personNumber(field, s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(s), "#"), 10, 64)
	if strings.TrimSpace(s) == "" {
		return 0, domain.Errorf(domain.KindInvalid, "%s : indiquez le numéro de la personne (passnum people find NOM le donne)", field)
	}
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.KindInvalid, "%s : %s n'est pas un numéro de personne (un nombre positif : passnum people find NOM le donne)", field, shown(s))
	}
	return id, nil
}

func (a *app) peopleFind(ctx context.Context, args []string) error {
	fs := newFlags("people find")
	if err := fs.parse(args); err != nil {
		return err
	}
	if strings.TrimSpace(strings.Join(fs.args, "")) == "" {
		return domain.Errorf(domain.KindInvalid, "passnum people find : tapez un nom ou un prénom")
	}
	if err := a.mayReadPeople(); err != nil {
		return err
	}
	text := strings.Join(fs.args, " ")
	if err := searchText("passnum people find", text); err != nil {
		return err
	}
	// A search lists people (limited when they are another prescriber's): no read is recorded.
	people, err := a.store.FindPeopleAs(ctx, a.user, text, 50)
	if err != nil {
		return err
	}
	list := []personJSON{}
	var b strings.Builder
	for _, p := range people {
		j := toPersonJSON(p.Person)
		j.Limited = p.Limited()
		list = append(list, j)
		note := ""
		if p.Limited() {
			note = "  (" + domain.LimitedNote + ")"
		}
		fmt.Fprintf(&b, "%6d  %-30s né(e) le %s  %s%s\n", p.ID, p.DisplayName(), frDate(p.BirthDate), a.communeName(p.Commune), note)
	}
	if len(people) == 0 {
		b.WriteString("Personne ne correspond.\n")
	}
	return a.emit(list, b.String())
}

// searchText refuses a search no one types: longer than a name and first names can be.
// searchText refuses a search no one types: longer than a name and first names can be, or with
// a control character (an escape sequence pasted by mistake).
func searchText(cmd, text string) error {
	if n := utf8.RuneCountInString(strings.TrimSpace(text)); n > store.MaxSearchChars {
		return domain.Errorf(domain.KindInvalid, "%s : texte de %s caractères, trop long (au plus %d) : tapez un nom et un prénom, ou un numéro", cmd, domain.Grouped(int64(n)), store.MaxSearchChars)
	}
	if strings.IndexFunc(text, unicode.IsControl) >= 0 {
		return domain.Errorf(domain.KindInvalid, "%s : « %s » contient un caractère de contrôle : retapez le texte sans copier-coller", cmd, shown(text))
	}
	return nil
}

// numberArg checks the syntax of a carnet or chèque number before any lookup, so a number that
// cannot exist is bad input (exit 2), not « introuvable ».
func numberArg(field, what, s string) (string, error) {
	n := strings.TrimSpace(s)
	if !domain.ValidNumber(n) {
		return "", domain.Errorf(domain.KindInvalid, "%s : « %s » n'est pas un numéro de %s (chiffres, lettres, « - », « / » ou « . », 40 au plus ; par exemple %s)", field, shown(s), what, map[string]string{"chèque": "600001-03", "carnet": "600001"}[what])
	}
	return n, nil
}

// placeArg checks that a place given to a listing exists: an unknown one would list nothing.
func (a *app) placeArg(ctx context.Context, option, id string) error {
	if id == "" {
		return nil
	}
	if _, err := a.store.Place(ctx, id); domain.KindOf(err) == domain.KindNotFound {
		return domain.Errorf(domain.KindInvalid, "%s : lieu « %s » introuvable (passnum places list donne les identifiants)", option, shown(id))
	} else if err != nil {
		return err
	}
	return nil
}

// mayReadPeople refuses the read-only steering committee anything that names a person: it gets
// the figures, the desks and places keep the names.
func (a *app) mayReadPeople() error {
	return domain.Authorize(a.user, domain.ActReadPeople, domain.Scope{})
}

// personArg reads the person an option or argument names (field says which, in messages): the
// number is checked first, then whether the user may see people at all.
func (a *app) personArg(ctx context.Context, field, s string) (domain.Person, error) {
	id, err := personNumber(field, s)
	if err != nil {
		return domain.Person{}, err
	}
	if err := a.mayReadPeople(); err != nil {
		return domain.Person{}, err
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
	id, err := personNumber("passnum eligibility", pos[0])
	if err != nil {
		return err
	}
	if err := a.mayReadPeople(); err != nil {
		return err
	}
	if *progID != "" { // checked before the read: a refused command reads no one
		if _, err := a.programmeByID(*progID); err != nil {
			return err
		}
	}
	// The eligibility reads status, diploma and QPV: the full record, audited as a read. A
	// limited record is refused before the audit: the refusal shows nothing of the person.
	seen, err := a.store.PersonAs(ctx, a.user, id)
	if err != nil {
		return err
	}
	if seen.Limited() {
		return domain.Errorf(domain.KindForbidden, "passnum eligibility : personne n°%d — %s ; %s (%s) ne voit pas son statut, son diplôme ni son QPV : demandez au prescripteur qui l'a inscrite ou à la coordination", seen.ID, domain.LimitedNote, a.user.Name, a.user.Role.Label())
	}
	if err := a.store.RecordReads(ctx, a.user, "eligibility", seen.ID); err != nil {
		return err
	}
	p := seen.Person
	standings, err := a.store.Standings(ctx, p.ID)
	if err != nil {
		return err
	}
	if *progID != "" {
		prog, err := a.programmeByID(*progID)
		if err != nil {
			return err
		}
		for _, st := range standings {
			if st.Programme.ID == prog.ID {
				standings = []domain.Standing{st}
			}
		}
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
		Programme        string `json:"programme"`
		ProgrammeName    string `json:"programme_name"`
		Eligible         bool   `json:"eligible"`
		CanIssue         bool   `json:"can_issue"`
		Summary          string `json:"summary"`
		Carnets          int    `json:"carnets"`
		MaxCarnets       int    `json:"max_carnets,omitempty"`
		HouseholdCarnets int    `json:"household_carnets,omitempty"`
		MaxHousehold     int    `json:"max_household_carnets,omitempty"`
		ChequesLeft      int    `json:"cheques_left"`
		Refusal          string `json:"refusal,omitempty"`
		Publics          []pub  `json:"publics"`
	}
	var out []verdict
	var b strings.Builder
	canIssue := false
	for _, st := range standings {
		canIssue = canIssue || st.CanIssue()
		lim := st.Programme.Limits
		v := verdict{Programme: st.Programme.ID, ProgrammeName: st.Programme.Name, Eligible: st.Eligible, CanIssue: st.CanIssue(), Summary: st.Summary(),
			Carnets: st.Carnets, MaxCarnets: lim.CarnetsPerPerson, MaxHousehold: lim.CarnetsPerHousehold, ChequesLeft: st.ChequesLeft}
		if lim.CarnetsPerHousehold > 0 {
			v.HouseholdCarnets = st.HouseholdCarnets()
		}
		if st.Refusal != nil {
			v.Refusal = st.Refusal.Message
		}
		fmt.Fprintf(&b, "%s — %s\n", p.DisplayName(), st.Summary())
		for _, pv := range st.Publics {
			pj := pub{ID: pv.Public.ID, Name: pv.Public.Name, Eligible: pv.Eligible}
			fmt.Fprintf(&b, "  %s public « %s »\n", checkMark(pv.Eligible), pv.Public.Name)
			for _, c := range pv.Criteria {
				pj.Criteria = append(pj.Criteria, crit{c.Name, c.OK, c.Reason})
				fmt.Fprintf(&b, "      %s %s : %s\n", checkMark(c.OK), c.Name, c.Reason)
			}
			v.Publics = append(v.Publics, pj)
		}
		for _, m := range st.Housemates {
			fmt.Fprintf(&b, "  même foyer : %s (n°%d), %s\n", m.Name, m.ID, domain.Plural(m.Carnets, "carnet", "carnets"))
		}
		out = append(out, v)
	}
	if err := a.emit(out, b.String()); err != nil {
		return err
	}
	if !canIssue {
		return silentRefusal
	}
	return nil
}

func checkMark(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗"
}

func (a *app) peopleMerge(ctx context.Context, args []string) error {
	fs := newFlags("people merge")
	reason := fs.String("reason", "", "")
	pos, err := fs.parseWith(args, "le numéro de la fiche gardée", "le numéro de la fiche fusionnée")
	if err != nil {
		return err
	}
	keep, err := personNumber("fiche gardée", pos[0])
	if err != nil {
		return err
	}
	other, err := personNumber("fiche fusionnée", pos[1])
	if err != nil {
		return err
	}
	m, err := a.store.MergePeople(ctx, a.user, keep, other, *reason)
	if err != nil {
		return err
	}
	var caps []string
	for _, o := range m.OverCaps {
		caps = append(caps, o.Message())
	}
	out := map[string]any{"kind": "person", "id": m.Kept.ID, "merged": other, "carnets": m.Carnets, "diagnostics": m.Diagnostics,
		"attendances": m.Attendances, "follow_ups": m.FollowUps, "over_caps": caps}
	text := fmt.Sprintf("Fiche n°%d fusionnée dans la fiche n°%d (%s) : %s, %s, %s et %s déplacés ; le n°%d mène désormais à la fiche n°%d.",
		other, m.Kept.ID, m.Kept.DisplayName(), domain.Plural(m.Carnets, "carnet", "carnets"), domain.Plural(m.Diagnostics, "diagnostic", "diagnostics"),
		domain.Plural(m.Attendances, "présence", "présences"), domain.Plural(m.FollowUps, "suivi", "suivis"), other, m.Kept.ID)
	for _, c := range caps {
		text += "\nAttention : " + c + " — à régulariser (passnum carnets void CARNET --reason …)."
	}
	return a.emit(out, text)
}

func (a *app) peopleOverCap(ctx context.Context, args []string) error {
	fs := newFlags("people over-cap")
	if _, err := fs.parseWith(args); err != nil {
		return err
	}
	if err := domain.Authorize(a.user, domain.ActManageStock, domain.Scope{}); err != nil {
		return err
	}
	list, err := a.store.OverCaps(ctx)
	if err != nil {
		return err
	}
	type overCap struct {
		Person     int64  `json:"person"`
		Programme  string `json:"programme"`
		Carnets    int    `json:"carnets"`
		MaxCarnets int    `json:"max_carnets"`
	}
	out := []overCap{}
	var b strings.Builder
	for _, o := range list {
		out = append(out, overCap{o.Person.ID, o.Programme.ID, o.Carnets, o.Programme.Limits.CarnetsPerPerson})
		b.WriteString(o.Message() + "\n")
	}
	if len(list) == 0 {
		b.WriteString("Aucune personne au-dessus d'un plafond.\n")
	}
	return a.emit(out, b.String())
}
