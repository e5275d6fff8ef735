package main

import (
	"fmt"
	"strings"
	"time"

	"passnum/domain"
	"passnum/domain/geo"
)

func (a *app) checkConfig() error {
	type prog struct {
		ID         string       `json:"id"`
		Name       string       `json:"name"`
		Publics    int          `json:"publics"`
		Carnet     string       `json:"carnet"`
		ValidUntil string       `json:"valid_until"`
		Phase      domain.Phase `json:"phase"`
		Calendar   calendarJSON `json:"calendar"`
		// Either programme may write the « not both » rule: both say it here.
		ExclusiveWith []string `json:"exclusive_with,omitempty"`
	}
	out := struct {
		OK          bool   `json:"ok"`
		Database    string `json:"database"`
		LocalUser   string `json:"local_user"`
		Territory   string `json:"territory,omitempty"` // how the file names it; "" for [[communes]] alone
		Communes    int    `json:"communes"`
		WithQPV     int    `json:"communes_with_qpv"`
		Prescribers int    `json:"prescribers"`
		Users       int    `json:"users"`
		Programmes  []prog `json:"programmes"`
	}{OK: true, Database: a.storePath, LocalUser: a.cfg.LocalUser, Communes: len(a.cfg.Communes),
		Prescribers: len(a.cfg.Prescribers), Users: len(a.cfg.Users)}
	for _, c := range a.cfg.Communes {
		if len(c.QPV) > 0 {
			out.WithQPV++
		}
	}
	var b strings.Builder
	who := "poste local"
	if a.remote {
		who = "vous (clé SSH)"
	}
	fmt.Fprintf(&b, "Configuration valide.\n  base : %s\n  %s : %s (%s)\n  %d communes, %d prescripteurs, %d utilisateurs\n",
		a.storePath, who, a.user.Name, a.user.Role.Label(), len(a.cfg.Communes), len(a.cfg.Prescribers), len(a.cfg.Users))
	if !a.cfg.Territory.Empty() {
		x := geo.Official()
		out.Territory = x.Describe(a.cfg.Territory)
		fmt.Fprintf(&b, "  territoire : %s, %d communes dont %d avec QPV (liste officielle %s %s, licence %s)\n",
			out.Territory, len(a.cfg.Communes), out.WithQPV, geo.SourcePackage, x.Version, geo.SourceLicence)
	}
	now := time.Now()
	for _, conf := range a.cfg.Programmes {
		p := a.effectiveProgramme(conf) // the end the ledger says, when one is open
		carnet := fmt.Sprintf("%d × %s", p.ChequesPerCarnet, domain.Euros(int64(p.ChequeValueCents)))
		cal := p.Calendar()
		ph := cal.Phase(now)
		out.Programmes = append(out.Programmes, prog{p.ID, p.Name, len(p.Publics), carnet, conf.ValidUntil.Format("2006-01-02"), ph, calendarOf(cal), nil})
		budget := "budget non renseigné (budget_cents)"
		if p.BudgetCents > 0 {
			budget = "budget " + domain.Euros(p.BudgetCents)
		}
		fmt.Fprintf(&b, "  programme %s — %s : carnets de %s, %s, %s, valable jusqu'au %s (+%d jours)\n",
			p.ID, p.Name, carnet, domain.Plural(len(p.Publics), "public", "publics"), budget, frDate(p.ValidUntil), p.ToleranceDays)
		if p.ValidUntil.After(conf.ValidUntil) {
			fmt.Fprintf(&b, "    prolongé : fin d'origine (valid_until) le %s\n", domain.ShortDate(conf.ValidUntil))
		}
		fmt.Fprintf(&b, "    calendrier : alerte à J-%d, arrêt des remises à J-%d, dernier appel à J-%d ; phase aujourd'hui : %s\n",
			cal.AlertDays, cal.StopDays, cal.LastCallDays, ph.Label())
		if l := p.Limits; l.CarnetsPerPersonAccompanied > 0 || l.ExtraOnRequest > 0 {
			fmt.Fprintf(&b, "    par personne : %s venue seule, %s accompagnée par un conseiller, %s de plus sur demande motivée\n",
				domain.Plural(l.PersonCap(false), "carnet", "carnets"), domain.Plural(l.PersonCap(true), "carnet", "carnets"), domain.Plural(l.ExtraOnRequest, "carnet", "carnets"))
		}
		for _, pub := range p.Publics {
			fmt.Fprintf(&b, "    • %s\n", pub.Name)
		}
		var not []string
		for _, o := range a.cfg.Programmes {
			if domain.Exclusive(p, o) {
				not = append(not, o.ID)
			}
		}
		out.Programmes[len(out.Programmes)-1].ExclusiveWith = not
		if len(not) > 0 { // either side may write the rule: both programmes say it
			fmt.Fprintf(&b, "    ne se cumule pas avec : %s (une personne ne reçoit de carnet que de l'un)\n", strings.Join(not, ", "))
		}
	}
	if len(a.cfg.Programmes) > 1 {
		fmt.Fprintf(&b, "  %d programmes : les commandes qui portent sur un programme demandent --programme ID ; à l'écran, F2 change le programme en cours\n", len(a.cfg.Programmes))
	}
	return a.emit(out, b.String())
}
