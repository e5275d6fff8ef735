package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"passnum/domain"
)

type chequeJSON struct {
	Kind     string `json:"kind"`
	Number   string `json:"number"`
	State    string `json:"state"`
	Carnet   string `json:"carnet"`
	Position int    `json:"position"`
	UsedAt   string `json:"used_at,omitempty"`
	Place    string `json:"place,omitempty"`
	Session  string `json:"session,omitempty"`
	// Phase is the programme's calendar phase today (ouvert, alerte, arret, dernier_appel,
	// tolerance, clos): whether the chèque is still accepted. Only on a chèque looked up alone.
	Phase string `json:"phase,omitempty"`
}

func toChequeJSON(c domain.Cheque) chequeJSON {
	j := chequeJSON{Kind: "cheque", Number: c.Number, State: string(c.State), Carnet: c.Carnet, Position: c.Position, Place: c.UsedPlace, Session: c.Session}
	if !c.UsedAt.IsZero() {
		j.UsedAt = c.UsedAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	return j
}

func (a *app) lookup(ctx context.Context, args []string) error {
	fs := newFlags("lookup")
	if err := fs.parse(args); err != nil {
		return err
	}
	if len(fs.args) == 0 {
		return domain.Errorf(domain.KindInvalid, "passnum lookup : tapez un numéro de chèque ou de carnet, un nom ou un identifiant de lieu")
	}
	text := strings.Join(fs.args, " ")
	if err := searchText("passnum lookup", text); err != nil {
		return err
	}
	f, err := a.store.LookupAs(ctx, a.user, text)
	if err != nil {
		return err
	}
	people := a.mayReadPeople() == nil
	if !people && (f.Kind == "person" || len(f.People) > 0) {
		return a.mayReadPeople()
	}
	var b strings.Builder
	var out any
	switch f.Kind {
	case "cheque":
		c := f.Cheque
		out = toChequeJSON(*c)
		fmt.Fprintf(&b, "Chèque %s — %s\n  carnet %s, position %d\n", c.Number, domain.ChequeStateLabel(c.State), c.Carnet, c.Position)
		if !c.UsedAt.IsZero() {
			fmt.Fprintf(&b, "  utilisé le %s à %s\n", frDateTime(c.UsedAt), orDash(c.PlaceName, c.UsedPlace))
		}
		if line, ph, ok := a.chequePhase(ctx, c.Carnet); ok {
			j := out.(chequeJSON)
			j.Phase = string(ph)
			out = j
			b.WriteString(line)
		}
	case "carnet":
		c := f.Carnet
		j := map[string]any{"kind": "carnet", "number": c.Number, "state": c.State, "programme": c.Programme, "prescriber": c.Prescriber}
		if c.PersonID != 0 && people {
			j["person"] = c.PersonID
		}
		if p := c.Progress(); p != "" {
			j["progress"] = p
		}
		var chs []chequeJSON
		fmt.Fprintf(&b, "Carnet %s — %s (programme %s)\n", c.Number, domain.CarnetStateLabel(c.State), c.Programme)
		if c.Prescriber != "" {
			fmt.Fprintf(&b, "  prescripteur : %s\n", a.prescriberName(c.Prescriber))
		}
		if c.PersonID != 0 && people {
			if p, err := a.store.Person(ctx, c.PersonID); err == nil {
				fmt.Fprintf(&b, "  remis le %s à %s (n°%d)\n", frDate(c.IssuedAt), p.DisplayName(), p.ID)
			}
		} else if !c.IssuedAt.IsZero() {
			fmt.Fprintf(&b, "  remis le %s\n", frDate(c.IssuedAt)) // to whom is not the committee's to know
		}
		if c.VoidReason != "" {
			fmt.Fprintf(&b, "  annulé : %s\n", c.VoidReason)
		}
		for _, ch := range c.Cheques {
			chs = append(chs, toChequeJSON(ch))
			line := fmt.Sprintf("  %-14s %s", ch.Number, domain.ChequeStateLabel(ch.State))
			if !ch.UsedAt.IsZero() {
				line += fmt.Sprintf(" le %s à %s", frDateTime(ch.UsedAt), orDash(ch.PlaceName, ch.UsedPlace))
			}
			b.WriteString(line + "\n")
		}
		j["cheques"] = chs
		out = j
	case "person":
		p := f.Person
		carnets, err := a.store.PersonCarnets(ctx, p.ID)
		if err != nil {
			return err
		}
		j := map[string]any{"kind": "person", "id": p.ID, "state": "enregistre", "last_name": p.LastName, "first_name": p.FirstName, "commune": p.Commune,
			"birth_date": p.BirthDate.Format("2006-01-02")}
		fmt.Fprintf(&b, "%s (n°%d) — né(e) le %s, %s", p.DisplayName(), p.ID, frDate(p.BirthDate), a.communeName(p.Commune))
		if f.View != domain.ViewFull {
			// Another prescriber's person: what the duplicate check needs, no status, diploma,
			// QPV nor eligibility.
			j["limited"] = true
			j["carnets"] = len(carnets)
			fmt.Fprintf(&b, "\n  %s — %s\n", domain.LimitedNote, domain.Plural(len(carnets), "carnet remis", "carnets remis"))
			out = j
			break
		}
		if p.QPV != "" {
			fmt.Fprintf(&b, ", QPV %s", p.QPV)
		}
		b.WriteString("\n")
		var cs []map[string]any
		for _, c := range carnets {
			cs = append(cs, map[string]any{"number": c.Number, "state": c.State})
			fmt.Fprintf(&b, "  carnet %s — %s le %s\n", c.Number, domain.CarnetStateLabel(c.State), frDate(c.IssuedAt))
		}
		j["carnets"] = cs
		standings, err := a.store.Standings(ctx, p.ID)
		if err != nil {
			return err
		}
		var el []map[string]any
		for _, st := range standings {
			el = append(el, map[string]any{"programme": st.Programme.ID, "eligible": st.Eligible, "can_issue": st.CanIssue(), "summary": st.Summary()})
			fmt.Fprintf(&b, "  %s\n", st.Summary())
		}
		j["eligibility"] = el
		out = j
	case "place":
		p := f.Place
		state := "non_qualifie"
		if p.Qualified {
			state = "qualifie"
		}
		out = map[string]any{"kind": "place", "id": p.ID, "state": state, "name": p.Name, "commune": p.Commune, "address": p.Address, "phone": p.Phone, "labels": p.EffectiveLabels(), "needs": p.Needs}
		fmt.Fprintf(&b, "%s (%s) — %s\n  %s, %s %s\n", p.Name, p.ID, map[bool]string{true: "qualifié pour le Pass numérique", false: "non qualifié"}[p.Qualified], p.Address, p.PostalCode, p.Commune)
		if p.Phone != "" {
			fmt.Fprintf(&b, "  tél. %s\n", domain.PhoneLabel(p.Phone))
		}
		if p.Hours != "" {
			fmt.Fprintf(&b, "  horaires : %s\n", domain.HoursLabel(p.Hours))
		}
		if len(p.Services) > 0 {
			fmt.Fprintf(&b, "  services : %s\n", strings.Join(p.Services, ", "))
		}
	default:
		var matches []map[string]any
		b.WriteString("Plusieurs résultats :\n")
		for i, p := range f.People {
			m := map[string]any{"kind": "person", "id": p.ID, "state": "enregistre", "name": p.FullName()}
			if i < len(f.Views) && f.Views[i] != domain.ViewFull {
				m["limited"] = true
			}
			matches = append(matches, m)
			fmt.Fprintf(&b, "  personne n°%d  %s, né(e) le %s\n", p.ID, p.DisplayName(), frDate(p.BirthDate))
		}
		for _, p := range f.Places {
			matches = append(matches, map[string]any{"kind": "place", "id": p.ID, "name": p.Name})
			fmt.Fprintf(&b, "  lieu %s  %s\n", p.ID, p.Name)
		}
		out = map[string]any{"kind": "list", "matches": matches}
	}
	if len(f.History) > 0 && !a.json {
		b.WriteString("  historique :\n")
		names := domain.HistoryNames{
			User:       a.userName,
			Prescriber: a.prescriberName,
			Place:      func(id string) string { return f.PlaceNames[id] },
			Public:     a.publicName,
			Person: func(id string) string {
				if f.Person != nil && strconv.FormatInt(f.Person.ID, 10) == id {
					return f.Person.DisplayName()
				}
				return f.PersonNames[id]
			},
		}
		for _, h := range f.History {
			fmt.Fprintf(&b, "    %s\n", domain.HistoryLine(h.Entry(time.Local), names))
		}
	}
	return a.emit(out, b.String())
}

// publicName is the name of a configured public, "" when unknown.
func (a *app) publicName(id string) string {
	for _, p := range a.cfg.Programmes {
		for _, pub := range p.Publics {
			if pub.ID == id {
				return pub.Name
			}
		}
	}
	return ""
}

func (a *app) prescriberName(id string) string {
	if p, ok := a.cfg.Prescriber(id); ok {
		return p.Name
	}
	return id
}

func orDash(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return "—"
}

// chequePhase is the calendar of the programme of a chèque's carnet today: its phase, and a line
// saying until when the chèque is accepted.
func (a *app) chequePhase(ctx context.Context, carnet string) (string, domain.Phase, bool) {
	c, err := a.store.Carnet(ctx, carnet)
	if err != nil {
		return "", "", false
	}
	p, err := a.store.Programme(c.Programme)
	if err != nil {
		return "", "", false
	}
	now := time.Now()
	cal := p.Calendar()
	ph := cal.Phase(now)
	if cal.NoEnd() {
		return fmt.Sprintf("  programme %s : %s\n", p.Name, ph.Label()), ph, true
	}
	line := fmt.Sprintf("  programme %s : %s — chèques acceptés jusqu'au %s", p.Name, ph.Label(), domain.ShortDate(cal.ToleranceEnd))
	if ph == domain.PhaseClosed {
		line = fmt.Sprintf("  programme %s : %s — chèques refusés depuis le %s", p.Name, ph.Label(), domain.ShortDate(cal.ToleranceEnd.AddDate(0, 0, 1)))
	}
	return line + "\n", ph, true
}
