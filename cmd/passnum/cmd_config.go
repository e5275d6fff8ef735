package main

import (
	"fmt"
	"strings"
	"time"

	"passnum/domain"
)

func (a *app) checkConfig() error {
	type prog struct {
		ID, Name   string
		Publics    int
		Carnet     string
		ValidUntil string       `json:"valid_until"`
		Phase      domain.Phase `json:"phase"`
		Calendar   calendarJSON `json:"calendar"`
	}
	out := struct {
		OK          bool   `json:"ok"`
		Database    string `json:"database"`
		LocalUser   string `json:"local_user"`
		Communes    int    `json:"communes"`
		Prescribers int    `json:"prescribers"`
		Users       int    `json:"users"`
		Programmes  []prog `json:"programmes"`
	}{true, a.cfg.StorePath, a.cfg.LocalUser, len(a.cfg.Communes), len(a.cfg.Prescribers), len(a.cfg.Users), nil}
	var b strings.Builder
	who := "poste local"
	if a.remote {
		who = "vous (clé SSH)"
	}
	fmt.Fprintf(&b, "Configuration valide.\n  base : %s\n  %s : %s (%s)\n  %d communes, %d prescripteurs, %d utilisateurs\n",
		a.cfg.StorePath, who, a.user.Name, a.user.Role.Label(), len(a.cfg.Communes), len(a.cfg.Prescribers), len(a.cfg.Users))
	now := time.Now()
	for _, conf := range a.cfg.Programmes {
		p := a.effectiveProgramme(conf) // the end the ledger says, when one is open
		carnet := fmt.Sprintf("%d × %s", p.ChequesPerCarnet, domain.Euros(int64(p.ChequeValueCents)))
		cal := p.Calendar()
		ph := cal.Phase(now)
		out.Programmes = append(out.Programmes, prog{p.ID, p.Name, len(p.Publics), carnet, conf.ValidUntil.Format("2006-01-02"), ph, calendarOf(cal)})
		fmt.Fprintf(&b, "  programme %s — %s : carnets de %s, %d public(s), budget %s, valable jusqu'au %s (+%d jours)\n",
			p.ID, p.Name, carnet, len(p.Publics), domain.Euros(p.BudgetCents), frDate(p.ValidUntil), p.ToleranceDays)
		if p.ValidUntil.After(conf.ValidUntil) {
			fmt.Fprintf(&b, "    prolongé : fin d'origine (valid_until) le %s\n", domain.ShortDate(conf.ValidUntil))
		}
		fmt.Fprintf(&b, "    calendrier : alerte à J-%d, arrêt des remises à J-%d, dernier appel à J-%d ; phase aujourd'hui : %s\n",
			cal.AlertDays, cal.StopDays, cal.LastCallDays, ph.Label())
		for _, pub := range p.Publics {
			fmt.Fprintf(&b, "    • %s\n", pub.Name)
		}
	}
	return a.emit(out, b.String())
}
