package domain

import (
	"strings"
	"testing"
	"time"
)

func TestDashboardAlerts(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, time.Local) }
	prog := Programme{Name: "Creil", ValidUntil: day(2027, 6, 30)}
	calm := Report{AsOf: day(2027, 1, 15), HasBudget: true,
		Money:        Money{Budget: 7_975_000, Received: 5_000_000},
		Carnets:      CarnetFigures{InStock: 40, ReceivedToDate: 100},
		ByPrescriber: []PrescriberLine{{Name: "Centre social", Issued: 10, InHand: 20}, {Name: "Mairie"}}}
	with := func(f func(r *Report)) Report {
		r := calm
		r.ByPrescriber = append([]PrescriberLine(nil), calm.ByPrescriber...)
		f(&r)
		return r
	}
	tests := []struct {
		name   string
		r      Report
		c      DashboardCounts
		want   []string // substrings, in order
		levels []AlertLevel
	}{
		{"calm", calm, DashboardCounts{}, nil, nil},
		{"budget overrun", with(func(r *Report) { r.Money.Received = 11_000_000 }), DashboardCounts{},
			[]string{"budget dépassé : 110 000 € de carnets reçus pour un budget de 79 750 € (30 250 € de trop)"}, []AlertLevel{AlertUrgent}},
		{"no budget, no overrun", with(func(r *Report) { r.HasBudget = false; r.Money.Received = 11_000_000 }), DashboardCounts{}, nil, nil},
		{"counts", calm, DashboardCounts{OverCap: 2, ClaimsToPay: 1, ClaimsToPayCents: 12_000, UnclaimedCheques: 3},
			[]string{"2 personnes au-delà", "1 demande de remboursement à payer aux lieux (120 €)", "3 chèques utilisés des mois passés"},
			[]AlertLevel{AlertUrgent, AlertWarning, AlertWarning}},
		{"J-30", with(func(r *Report) { r.AsOf = day(2027, 6, 5) }), DashboardCounts{},
			[]string{"fin du programme le 30 juin 2027 (J-25)"}, []AlertLevel{AlertWarning}},
		{"J-15 stops the distribution", with(func(r *Report) { r.AsOf = day(2027, 6, 16) }), DashboardCounts{},
			[]string{"distribution arrêtée : le programme finit le 30 juin 2027 (J-14)"}, []AlertLevel{AlertUrgent}},
		{"J-7 last call", with(func(r *Report) { r.AsOf = day(2027, 6, 30) }), DashboardCounts{},
			[]string{"dernier appel : les chèques ne valent plus rien après le 30 juin 2027 (J-0)"}, []AlertLevel{AlertUrgent}},
		{"over: no stock alerts", with(func(r *Report) {
			r.AsOf, r.Over, r.Carnets.InStock = day(2027, 8, 1), true, 0
			r.ByPrescriber[0].InHand = 0
		}), DashboardCounts{}, []string{"programme terminé le 30 juin 2027"}, []AlertLevel{AlertInfo}},
		{"stock", with(func(r *Report) { r.Carnets.InStock = 0; r.ByPrescriber[0].InHand = 4 }), DashboardCounts{},
			[]string{"stock central vide", "Centre social n'a plus que 4 carnets en main"}, []AlertLevel{AlertWarning, AlertInfo}},
		{"never received: not running out", with(func(r *Report) { r.ByPrescriber[0].InHand = 20 }), DashboardCounts{}, nil, nil},
	}
	for _, tt := range tests {
		got := DashboardAlerts(prog, tt.r, tt.c)
		if len(got) != len(tt.want) {
			t.Errorf("%s: %d alerts %v, want %d", tt.name, len(got), got, len(tt.want))
			continue
		}
		for i, w := range tt.want {
			if !strings.Contains(got[i].Text, w) || got[i].Level != tt.levels[i] {
				t.Errorf("%s: alert %d = %+v, want %q at level %d", tt.name, i, got[i], w, tt.levels[i])
			}
		}
	}
}
