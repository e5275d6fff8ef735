package store

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"passnum/domain"
)

// receive records carnets first, first+1… in the test programme, or fails the test.
func receive(t *testing.T, s *Store, programme, first string, n int) {
	t.Helper()
	nums, err := domain.CarnetNumbers(first, n)
	if err != nil {
		t.Fatal(err)
	}
	specs := make([]CarnetSpec, len(nums))
	for i, x := range nums {
		specs[i].Number = x
	}
	if err := s.ReceiveCarnets(context.Background(), coord, programme, specs); err != nil {
		t.Fatal(err)
	}
}

func numbers(first string, n int) []string {
	out, _ := domain.CarnetNumbers(first, n)
	return out
}

func stockOf(t *testing.T, s *Store, programme string) ProgrammeStock {
	t.Helper()
	st, err := s.Stock(context.Background(), coord, programme)
	if err != nil || len(st) != 1 {
		t.Fatalf("Stock = %+v, %v", st, err)
	}
	return st[0]
}

func holderOf(ps ProgrammeStock, prescriber string) HolderStock {
	for _, h := range ps.Holders {
		if h.Prescriber == prescriber {
			return h
		}
	}
	return HolderStock{Prescriber: prescriber}
}

func TestStockRangesPerPrescriber(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	receive(t, s, "creil", "600001", 30)
	if _, err := s.AllocateCarnets(ctx, coord, "creil", "cs-brassens", 5); err != nil { // 600001-600005
		t.Fatal(err)
	}
	shares := []domain.KeyShare{{Prescriber: "mairie", Fixed: 2, Variable: 1, Total: 3}, {Prescriber: "cs-brassens", Fixed: 2, Total: 2}}
	got, err := s.AllocateByKey(ctx, coord, "creil", shares) // 600006-600008, 600009-600010
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !reflect.DeepEqual(got[0].Numbers, numbers("600006", 3)) || !reflect.DeepEqual(got[1].Numbers, numbers("600009", 2)) {
		t.Fatalf("AllocateByKey = %+v", got)
	}
	id := addYoung(t, s, "Martin")
	if err := s.IssueCarnet(ctx, desk, "600003", id); err != nil {
		t.Fatal(err)
	}
	if err := s.VoidCarnet(ctx, coord, "600020", "perdu"); err != nil { // voided in stock
		t.Fatal(err)
	}
	if err := s.VoidCarnet(ctx, coord, "600007", "abîmé"); err != nil { // voided at the mairie
		t.Fatal(err)
	}
	ps := stockOf(t, s, "creil")
	if ps.Received != 30 || ps.InStock != 19 || ps.VoidedInStock != 1 || !reflect.DeepEqual(ps.InStockRanges, []string{"600011-600019", "600021-600030"}) {
		t.Fatalf("central stock = %+v", ps)
	}
	cs := holderOf(ps, "cs-brassens")
	if cs.InHand != 6 || cs.Issued != 1 || cs.Voided != 0 || !reflect.DeepEqual(cs.InHandRanges, []string{"600001-600002", "600004-600005", "600009-600010"}) {
		t.Fatalf("cs-brassens = %+v", cs)
	}
	m := holderOf(ps, "mairie")
	if m.InHand != 2 || m.Voided != 1 || !reflect.DeepEqual(m.InHandRanges, []string{"600006", "600008"}) {
		t.Fatalf("mairie = %+v", m)
	}
	if ps.Holders[0].Prescriber != "cs-brassens" || ps.Holders[1].Prescriber != "mairie" {
		t.Fatalf("holders in identifier order: %+v", ps.Holders)
	}
	h, _ := s.History(ctx, "carnet", "600006")
	if len(h) != 1 || h[0].Action != "carnet.allocate" || h[0].Detail != "prescripteur mairie, clé de répartition : part fixe 2 + part variable 1 (poids 0)" {
		t.Fatalf("journal of a carnet allocated by key: %+v", h)
	}
	all, err := s.Stock(ctx, trainer, "") // anyone may read the stock
	if err != nil || len(all) != 1 {
		t.Fatalf("Stock for all programmes = %+v, %v", all, err)
	}
	_, err = s.Stock(ctx, coord, "nulle")
	wantKind(t, err, domain.KindInvalid, "programme inconnu")
}

func TestAllocateByKeyAllOrNothing(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	receive(t, s, "creil", "600001", 10)
	shares := []domain.KeyShare{{Prescriber: "a", Total: 6}, {Prescriber: "b", Total: 5}}
	wantKind(t, s.CheckKeyStock(ctx, coord, "creil", 11), domain.KindConflict, "stock insuffisant : 10 carnets en stock pour Pass Creil, la clé en répartit 11")
	_, err := s.AllocateByKey(ctx, coord, "creil", shares)
	wantKind(t, err, domain.KindConflict, "stock insuffisant : 10 carnets en stock pour Pass Creil, la clé en répartit 11")
	if ps := stockOf(t, s, "creil"); ps.InStock != 10 || len(ps.Holders) != 0 {
		t.Fatalf("a refused key must allocate nothing: %+v", ps)
	}
	if err := s.CheckKeyStock(ctx, coord, "creil", 10); err != nil {
		t.Fatal(err)
	}
	_, err = s.AllocateByKey(ctx, desk, "creil", shares[:1])
	wantKind(t, err, domain.KindForbidden, "gérer le stock")
	got, err := s.AllocateByKey(ctx, coord, "creil", []domain.KeyShare{{Prescriber: "a", Total: 6}, {Prescriber: "zero", Total: 0}, {Prescriber: "b", Total: 4}})
	if err != nil || len(got) != 3 || len(got[1].Numbers) != 0 || got[2].Numbers[0] != "600007" {
		t.Fatalf("AllocateByKey = %+v, %v", got, err)
	}
	var audits int
	s.read.QueryRow(`SELECT count(*) FROM audit WHERE action = 'carnet.allocate'`).Scan(&audits)
	if audits != 10 {
		t.Fatalf("%d audit rows, want one per carnet (10)", audits)
	}
}

func TestTransferAndReturn(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	receive(t, s, "creil", "600001", 12)
	if _, err := s.AllocateCarnets(ctx, coord, "creil", "cs-brassens", 10); err != nil {
		t.Fatal(err)
	}
	id := addYoung(t, s, "Martin")
	if err := s.IssueCarnet(ctx, desk, "600004", id); err != nil {
		t.Fatal(err)
	}
	// All or nothing: one issued carnet in the list stops the transfer of the others.
	_, err := s.TransferCarnets(ctx, coord, numbers("600001", 5), "mairie", "la mairie ouvre une permanence")
	wantKind(t, err, domain.KindConflict, "le carnet 600004 est remis à une personne : seul un carnet attribué à un prescripteur peut être transféré ; rien n'a été transféré")
	_, err = s.TransferCarnets(ctx, coord, []string{"600004", "600011", "699999", "600001"}, "cs-brassens", "x")
	wantKind(t, err, domain.KindConflict, "4 carnets ne peuvent pas être transférés : 600004 (remis à une personne), 600011 (en stock), 699999 (introuvable), 600001 (déjà attribué à cs-brassens) ; seul un carnet attribué à un prescripteur peut l'être, rien n'a été transféré")
	_, err = s.TransferCarnets(ctx, coord, []string{"699999"}, "mairie", "x")
	wantKind(t, err, domain.KindNotFound, "carnet 699999 introuvable")
	_, err = s.TransferCarnets(ctx, coord, numbers("600001", 3), "mairie", " ")
	wantKind(t, err, domain.KindInvalid, "--reason")
	_, err = s.TransferCarnets(ctx, desk, numbers("600001", 3), "mairie", "x")
	wantKind(t, err, domain.KindForbidden, "gérer le stock")
	if h := holderOf(stockOf(t, s, "creil"), "cs-brassens"); h.InHand != 9 {
		t.Fatalf("a refused transfer must move nothing: %+v", h)
	}

	moved, err := s.TransferCarnets(ctx, coord, numbers("600001", 3), "mairie", "la mairie ouvre une permanence")
	if err != nil || len(moved) != 3 || moved[0] != (Moved{Number: "600001", From: "cs-brassens"}) {
		t.Fatalf("TransferCarnets = %+v, %v", moved, err)
	}
	c, _ := s.Carnet(ctx, "600002")
	if c.State != domain.CarnetAllocated || c.Prescriber != "mairie" {
		t.Fatalf("transferred carnet = %+v", c)
	}
	h, _ := s.History(ctx, "carnet", "600002")
	if last := h[len(h)-1]; last.Action != "carnet.transfer" || last.Before != "attribue" || last.After != "attribue" || last.Detail != "de cs-brassens à mairie : la mairie ouvre une permanence" || last.User != "coord" {
		t.Fatalf("journal = %+v", last)
	}
	names := domain.HistoryNames{Prescriber: func(id string) string {
		return map[string]string{"cs-brassens": "Centre social Brassens", "mairie": "Mairie"}[id]
	}}
	if line := domain.HistorySentence(h[len(h)-1].Entry(time.UTC), names); line != "transféré de Centre social Brassens à Mairie : la mairie ouvre une permanence" {
		t.Fatalf("history line = %q", line)
	}

	// Return: attribue → en_stock, prescriber cleared; the same all-or-nothing rule.
	_, err = s.ReturnCarnets(ctx, coord, []string{"600002", "600011"}, "permanence fermée")
	wantKind(t, err, domain.KindConflict, "le carnet 600011 est en stock : seul un carnet attribué à un prescripteur peut être retourné au stock ; rien n'est revenu au stock")
	_, err = s.ReturnCarnets(ctx, coord, []string{"600002"}, "")
	wantKind(t, err, domain.KindInvalid, "--reason")
	moved, err = s.ReturnCarnets(ctx, coord, []string{"600002", "600005"}, "permanence fermée")
	if err != nil || len(moved) != 2 || moved[1].From != "cs-brassens" {
		t.Fatalf("ReturnCarnets = %+v, %v", moved, err)
	}
	c, _ = s.Carnet(ctx, "600002")
	if c.State != domain.CarnetInStock || c.Prescriber != "" || !c.AllocatedAt.IsZero() {
		t.Fatalf("returned carnet = %+v", c)
	}
	h, _ = s.History(ctx, "carnet", "600002")
	if last := h[len(h)-1]; last.Action != "carnet.return" || last.Before != "attribue" || last.After != "en_stock" || last.Detail != "de mairie au stock central : permanence fermée" {
		t.Fatalf("journal = %+v", last)
	}
	ps := stockOf(t, s, "creil")
	if ps.InStock != 4 || !reflect.DeepEqual(ps.InStockRanges, []string{"600002", "600005", "600011-600012"}) {
		t.Fatalf("stock after return = %+v", ps)
	}
	// A returned carnet can be allocated again.
	if _, err := s.AllocateCarnets(ctx, coord, "creil", "mairie", 4); err != nil {
		t.Fatal(err)
	}
}

func TestVoidCarnetsAllOrNothing(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	receive(t, s, "creil", "600001", 3)
	wantKind(t, s.VoidCarnets(ctx, coord, []string{"600001", "699999"}, "perdus"), domain.KindNotFound, "carnet 699999 introuvable ; rien n'a été annulé")
	if c, _ := s.Carnet(ctx, "600001"); c.State != domain.CarnetInStock {
		t.Fatalf("a refused list must void nothing: %+v", c)
	}
	if err := s.VoidCarnets(ctx, coord, numbers("600001", 2), "perdus"); err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.VoidCarnets(ctx, coord, numbers("600002", 2), "perdus"), domain.KindConflict, "le carnet 600002 est annulé : impossible de le passer à l'état annulé ; rien n'a été annulé")
	wantKind(t, s.VoidCarnet(ctx, coord, "600002", "perdu"), domain.KindConflict, "le carnet 600002 est annulé")
}

// budgetStore is a store whose programme pays for 20 carnets: 1 000 € of carnets of 5 × 10 €.
func budgetStore(t *testing.T) *Store {
	t.Helper()
	prog := domain.Programme{ID: "acso", Name: "Pass ACSO", ChequeValueCents: 1000, ChequesPerCarnet: 5, BudgetCents: 100_000,
		ValidFrom: day("2026-01-01"), ValidUntil: day("2027-06-30")}
	free := domain.Programme{ID: "libre", Name: "Sans budget", ChequeValueCents: 1000, ChequesPerCarnet: 5}
	s, err := Open(filepath.Join(t.TempDir(), "passnum.db"), Options{Programmes: []domain.Programme{prog, free}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestReceiveBudgetGuard(t *testing.T) {
	s := budgetStore(t)
	ctx := context.Background()
	specs := func(first string, n int) []CarnetSpec {
		var out []CarnetSpec
		for _, x := range numbers(first, n) {
			out = append(out, CarnetSpec{Number: x})
		}
		return out
	}
	b, err := s.ReceiveCarnetsWith(ctx, coord, "acso", specs("600001", 15), ReceiveOptions{})
	if err != nil || b.Carnets != 15 || b.OverBudget {
		t.Fatalf("within budget: %+v, %v", b, err)
	}
	if err := s.VoidCarnet(ctx, coord, "600001", "perdu"); err != nil { // a voided carnet was received all the same
		t.Fatal(err)
	}
	refusal := "réception refusée : 25 carnets reçus vaudraient 1 250,00 € pour un budget de 1 000,00 € (dépassement de 250,00 €) ; si c'est voulu, relancez avec --over-budget --reason \"…\""
	wantKind(t, s.ReceiveCarnets(ctx, coord, "acso", specs("700001", 10)), domain.KindConflict, refusal)
	if ps := stockOf(t, s, "acso"); ps.Received != 15 {
		t.Fatalf("a refused delivery must write nothing: %+v", ps)
	}
	_, err = s.ReceiveCarnetsWith(ctx, coord, "acso", specs("700001", 10), ReceiveOptions{OverBudget: true})
	wantKind(t, err, domain.KindInvalid, "--over-budget : indiquez aussi --reason")
	_, err = s.ReceiveCarnetsWith(ctx, coord, "acso", specs("700001", 10), ReceiveOptions{Reason: "avenant"})
	wantKind(t, err, domain.KindInvalid, "--reason ne sert à la réception qu'avec --over-budget")
	// Exactly the budget fits.
	if _, err := s.ReceiveCarnetsWith(ctx, coord, "acso", specs("700001", 5), ReceiveOptions{}); err != nil {
		t.Fatal(err)
	}
	b, err = s.ReceiveCarnetsWith(ctx, coord, "acso", specs("800001", 2), ReceiveOptions{OverBudget: true, Reason: "avenant n°2 du 03/12"})
	if err != nil || !b.OverBudget || b.OverrunCents != 10_000 || b.Carnets != 22 {
		t.Fatalf("override: %+v, %v", b, err)
	}
	h, _ := s.History(ctx, "programme", "acso")
	last := h[len(h)-1]
	if last.Action != "carnet.receive" || !strings.Contains(last.Detail, "hors budget : 22 carnets reçus valent 1 100,00 € pour un budget de 1 000,00 € (dépassement de 100,00 €) ; motif : avenant n°2 du 03/12") {
		t.Fatalf("journal of an over-budget delivery = %+v", last)
	}
	if ps := stockOf(t, s, "acso"); !ps.Budget.OverBudget || ps.Budget.OverrunCents != 10_000 {
		t.Fatalf("the stock shows the overrun: %+v", ps.Budget)
	}
	// No budget, no guard.
	if _, err := s.ReceiveCarnetsWith(ctx, coord, "libre", specs("900001", 500), ReceiveOptions{}); err != nil {
		t.Fatal(err)
	}
}

// The stock of a national-scale programme is read and written as ranges fast enough for a
// command line: 100 000 carnets, a few thousand in many prescribers' hands, holes everywhere.
func TestStockOf100000Carnets(t *testing.T) {
	if testing.Short() {
		t.Skip("large ledger")
	}
	s, _ := testStore(t)
	person := addYoung(t, s, "Martin")
	// Every third carnet in stock, a third in the hands of 40 prescribers, a third handed
	// over, one in 97 voided.
	if _, err := s.write.Exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i+1 FROM n WHERE i < 99999),
		c(i, state) AS (SELECT i, CASE WHEN i % 97 = 0 THEN 'annule' WHEN i % 3 = 0 THEN 'attribue' WHEN i % 3 = 1 THEN 'remis' ELSE 'en_stock' END FROM n)
		INSERT INTO carnet(number, programme, state, prescriber, person_id, received_at)
		SELECT printf('%06d', 100000+i), 'creil', state,
		       CASE WHEN state = 'en_stock' OR i % 97 = 0 THEN '' ELSE 'p' || (i % 40) END,
		       CASE WHEN state = 'remis' THEN ? END, '2026-01-01'
		FROM c`, person); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	ps := stockOf(t, s, "creil")
	took := time.Since(start)
	t.Logf("Stock of 100 000 carnets: %v, %d prescribers, %d ranges in stock", took, len(ps.Holders), len(ps.InStockRanges))
	if ps.Received != 100_000 || len(ps.Holders) != 40 {
		t.Fatalf("stock = received %d, %d holders", ps.Received, len(ps.Holders))
	}
	if took > 2*time.Second {
		t.Fatalf("Stock took %v on 100 000 carnets", took)
	}
}
