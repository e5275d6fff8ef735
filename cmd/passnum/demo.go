package main

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"time"

	"passnum/cmd/passnum/config"
	"passnum/domain"
	"passnum/domain/placecsv"
	"passnum/store"
)

// demoPlaces are fictitious places (invented addresses and phones) named after the structures
// of the Creil Sud Oise articles, in the national CSV format: the demo goes through the real
// importer.
//
//go:embed demo/places_creil.csv
var demoPlaces []byte

// demoDeskUser is who the demo acts as: the first front-desk agent, so the demo opens on the
// desk a receptionist sees.
func demoDeskUser(cfg *config.Config) string {
	for _, u := range cfg.Users {
		if u.Role == domain.RoleAccueil {
			return u.ID
		}
	}
	return cfg.LocalUser
}

// seedDemo fills a fresh database: places, stock, people, a few hand-overs, diagnostics and
// redemptions — all through the same store methods the desk uses.
func (a *app) seedDemo(ctx context.Context) error {
	coord := domain.User{ID: "demo", Name: "Démonstration", Role: domain.RoleCoordination}
	places, problems, err := placecsv.Parse(bytes.NewReader(demoPlaces))
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("lieux de démonstration invalides : %s", problems[0].String())
	}
	if _, err := a.store.UpsertPlaces(ctx, coord, places); err != nil {
		return err
	}
	serves := []string{"60589", "60584", "60635", "60391", "60551", "60601", "60173"}
	if _, err := a.store.SetPlace(ctx, coord, "bus-numerique-acso", store.PlaceChanges{Serves: &serves}); err != nil {
		return err
	}
	prog := a.cfg.DefaultProgramme()
	nums, err := domain.CarnetNumbers("600001", 240)
	if err != nil {
		return err
	}
	specs := make([]store.CarnetSpec, len(nums))
	for i, n := range nums {
		specs[i].Number = n
	}
	// The demo must start whatever the budget of the configured programme.
	if _, err := a.store.ReceiveCarnetsWith(ctx, coord, prog.ID, specs, store.ReceiveOptions{OverBudget: true, Reason: "base de démonstration"}); err != nil {
		return err
	}
	// The desk's stock is the demo desk's whoever looks (--as coord sees the same ledger).
	desk := a.user
	if desk.Role != domain.RoleAccueil || desk.Prescriber == "" {
		if u, ok := findUser(a.cfg.Users, demoDeskUser(a.cfg)); ok && u.Role == domain.RoleAccueil && u.Prescriber != "" {
			desk = u
		} else {
			desk = coord
			desk.Prescriber = a.cfg.Prescribers[0].ID
		}
	}
	if _, err := a.store.AllocateCarnets(ctx, coord, prog.ID, desk.Prescriber, 60); err != nil {
		return err
	}
	for _, pr := range a.cfg.Prescribers {
		if pr.ID != desk.Prescriber {
			if _, err := a.store.AllocateCarnets(ctx, coord, prog.ID, pr.ID, 20); err != nil {
				return err
			}
		}
	}
	type demoPerson struct {
		last, first, birth, commune, qpv string
		status                           domain.Status
		diploma                          domain.Diploma
		carnets                          int
	}
	people := []demoPerson{
		{"Benali", "Yasmine", "2005-03-14", "60175", "Hauts de Creil", domain.StatusYouthInsert, "cap_bep", 1},
		{"Diallo", "Mamadou", "1988-11-02", "60414", "Les Martinets", domain.StatusJobSeeker, "bac", 2},
		{"Lefèvre", "Chloé", "2003-07-21", "60463", "Rochers et Coteaux", domain.StatusOther, "bac", 1},
		{"Nguyen", "Thierry", "1975-01-30", "60684", "Bellevue et Belle-Visée", domain.StatusJobSeeker, "bac+2", 1},
		{"Moreau", "Josiane", "1952-09-12", "60175", "", domain.StatusRetired, "brevet", 0},
		{"Dubois", "Kevin", "2001-05-05", "60175", "Hauts de Creil", domain.StatusJobSeeker, "aucun", 0},
		{"Petit", "Océane", "2007-02-18", "60414", "Les Martinets", domain.StatusStudent, "brevet", 0},
		{"Traoré", "Awa", "1992-12-01", "60463", "", domain.StatusJobSeeker, "bac+3", 0},
		{"Girard", "Élodie", "1999-08-09", "60175", "Hauts de Creil", domain.StatusEmployee, "bac+5", 0},
		{"Robert", "Lucas", "2004-04-27", "60589", "", domain.StatusOther, "bac", 0},
	}
	next := 0
	var ids []int64
	for _, d := range people {
		bd, _ := time.Parse("2006-01-02", d.birth)
		id, err := a.store.AddPerson(ctx, coord, domain.Person{LastName: d.last, FirstName: d.first, BirthDate: bd, Commune: d.commune,
			QPV: d.qpv, Status: d.status, Diploma: d.diploma, Consent: true}, store.PersonOptions{})
		if err != nil {
			return fmt.Errorf("%s %s : %w", d.first, d.last, err)
		}
		ids = append(ids, id)
		for k := 0; k < d.carnets; k++ {
			number := nums[next]
			next++
			if err := a.store.IssueCarnet(ctx, desk, number, id); err != nil {
				return fmt.Errorf("remise %s : %w", number, err)
			}
		}
	}
	// A few chèques used at labelled places, so cards show a history: each one pays for its
	// holder's individual accompaniment of the day at the place (one chèque per person and per
	// session, so never the same person twice at one place). None at the PIMMS, whose trainer
	// opens on the afternoon's workshop below.
	for _, r := range []struct{ cheque, place string }{
		{"600001-01", "intermaide-creil"}, {"600001-02", "cims-nogent"}, {"600002-01", "sjt-montataire"},
		{"600003-01", "cims-nogent"}, {"600003-02", "compagnons-marais"}, {"600004-01", "compagnons-marais"},
	} {
		if _, err := a.store.Redeem(ctx, coord, r.cheque, r.place, ""); err != nil {
			return fmt.Errorf("chèque %s : %w", r.cheque, err)
		}
	}
	// One saved diagnostic, so a person's card shows an orientation.
	yes := true
	in := domain.DiagnosticInput{Commune: "60175", Motifs: []domain.Need{domain.NeedJob}, Equipment: domain.Equipment{Smartphone: true, Internet: true},
		Mobility: domain.MobilityNear, Preference: domain.PrefCollective, FreeOnly: &yes, Answers: map[string]*int{}}
	for i, v := range []int{3, 1, 1, 3, 2, 1, 3, 1, 2, 2, 0, 1, 2, 1} {
		v := v
		in.Answers[fmt.Sprintf("Q%02d", i+1)] = &v
	}
	all, err := a.store.Places(ctx)
	if err != nil {
		return err
	}
	res := domain.Diagnose(in, all, a.cfg.Communes, prog.RecognisedLabels)
	if _, err = a.store.SaveDiagnostic(ctx, coord, ids[0], in, res); err != nil {
		return err
	}
	// This afternoon's workshop at the PIMMS, so a trainer (--as formateur-pimms) opens on a
	// sheet to fill: scan 600002-02 or type a name.
	y, m, d := a.now().Date()
	_, err = a.store.CreateSession(ctx, coord, domain.Session{Place: "pimms-creil", Title: "Créer son adresse e-mail", Themes: []string{"E-mail"},
		Level: "Débutant", Type: domain.SessionCollective, Start: time.Date(y, m, d, 14, 0, 0, 0, time.Local), DurationMinutes: 90,
		Capacity: 8, Equipment: []string{"Ordinateur"}, Trainer: "formateur-pimms"})
	return err
}
