package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// keyConfig is the shipped configuration with a population in QPV for three communes
// (EXEMPLE figures): Creil 9 000, Montataire 3 000, Nogent-sur-Oise 2 000.
func keyConfig(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for qpv, pop := range map[string]string{`qpv = ["Hauts de Creil"]`: "9000", `qpv = ["Les Martinets"]`: "3000", `qpv = ["Rochers et Coteaux"]`: "2000"} {
		if !strings.Contains(s, qpv) {
			t.Fatalf("the shipped config lost %s", qpv)
		}
		s = strings.Replace(s, qpv, qpv+"\nqpv_population = "+pop, 1)
	}
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

type stockJSON struct {
	Programmes []struct {
		Programme       string   `json:"programme"`
		Received        int      `json:"received"`
		InStock         int      `json:"in_stock"`
		InStockRanges   []string `json:"in_stock_ranges"`
		BudgetCents     int64    `json:"budget_cents"`
		OverBudgetCents int64    `json:"over_budget_cents"`
		Prescribers     []struct {
			Prescriber   string   `json:"prescriber"`
			InHand       int      `json:"in_hand"`
			InHandRanges []string `json:"in_hand_ranges"`
			Issued       int      `json:"issued"`
			Voided       int      `json:"voided"`
		} `json:"prescribers"`
	} `json:"programmes"`
}

func (c *cli) stock(args ...string) stockJSON {
	c.t.Helper()
	var st stockJSON
	out := c.must(append(args, "stock", "--json")...)
	if err := json.Unmarshal([]byte(out), &st); err != nil || len(st.Programmes) != 1 {
		c.t.Fatalf("stock --json: %v\n%s", err, out)
	}
	return st
}

// inHand is each prescriber's count of carnets in hand, and its ranges.
func (st stockJSON) inHand() (map[string]int, map[string][]string) {
	n, r := map[string]int{}, map[string][]string{}
	for _, p := range st.Programmes[0].Prescribers {
		n[p.Prescriber], r[p.Prescriber] = p.InHand, p.InHandRanges
	}
	return n, r
}

func TestStockAllocationKeyTransferAndReturn(t *testing.T) {
	c := newCLI(t)
	key := []string{"--config", keyConfig(t)}
	k := func(args ...string) []string { return append(append([]string{}, key...), args...) }
	c.must(k("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", "30")...)

	// Without --apply: the table, and nothing written.
	out := c.must(k("carnets", "allocate", "--key", "--count", "20", "--fixed", "2")...)
	for _, want := range []string{
		"Clé de répartition de 20 carnets — Pass numérique Creil Sud Oise",
		"Part fixe : 2 carnets par prescripteur ; part variable : 8 carnets au prorata de la population en QPV",
		"Agence Pôle emploi de Montataire         Montataire               3 000     2         1   (0,69)      3",
		"Total                                                            35 000    12         8              20",
		"Creil compte pour 3 prescripteurs",
		"rien n'a été attribué : relancez avec --apply",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("key preview lacks %q:\n%s", want, out)
		}
	}
	st := c.stock(key...)
	if n, _ := st.inHand(); st.Programmes[0].InStock != 30 || n["pole-emploi-creil"] != 0 {
		t.Fatalf("a preview must write nothing: %+v", st)
	}
	if got := c.count(`SELECT count(*) FROM audit WHERE action = 'carnet.allocate'`); got != 0 {
		t.Fatalf("a preview wrote %d audit rows", got)
	}

	// With --apply: exactly the shares, each a run of the delivery, in one go.
	var applied struct {
		Applied bool `json:"applied"`
		Shares  []struct {
			Prescriber string   `json:"prescriber"`
			Total      int      `json:"total"`
			Ranges     []string `json:"ranges"`
		} `json:"shares"`
	}
	if err := json.Unmarshal([]byte(c.must(k("carnets", "allocate", "--key", "--count", "20", "--fixed", "2", "--apply", "--json")...)), &applied); err != nil || !applied.Applied {
		t.Fatalf("--apply --json: %+v %v", applied, err)
	}
	want := map[string]int{"pole-emploi-creil": 4, "pole-emploi-nogent": 2, "pole-emploi-montataire": 3, "mission-locale-vallee-oise": 4, "espace-huberte-dhoker": 3, "centre-social-georges-brassens": 4}
	wantRanges := map[string][]string{"pole-emploi-creil": {"600001-600004"}, "pole-emploi-nogent": {"600005-600006"}, "pole-emploi-montataire": {"600007-600009"},
		"mission-locale-vallee-oise": {"600010-600013"}, "espace-huberte-dhoker": {"600014-600016"}, "centre-social-georges-brassens": {"600017-600020"}}
	for _, sh := range applied.Shares {
		if sh.Total != want[sh.Prescriber] || !reflect.DeepEqual(sh.Ranges, wantRanges[sh.Prescriber]) {
			t.Errorf("share of %s = %+v, want %d carnets %v", sh.Prescriber, sh, want[sh.Prescriber], wantRanges[sh.Prescriber])
		}
	}
	st = c.stock(key...)
	n, r := st.inHand()
	if !reflect.DeepEqual(n, want) || !reflect.DeepEqual(r, wantRanges) {
		t.Fatalf("stock after --apply: %v %v, want %v %v", n, r, want, wantRanges)
	}
	if p := st.Programmes[0]; p.InStock != 10 || !reflect.DeepEqual(p.InStockRanges, []string{"600021-600030"}) || p.Received != 30 {
		t.Fatalf("central stock after --apply: %+v", p)
	}
	if got := c.count(`SELECT count(*) FROM audit WHERE action = 'carnet.allocate'`); got != 20 {
		t.Fatalf("%d audit rows for the key, want one per carnet", got)
	}
	// The stock is short for a second key of 20.
	c.wantRun(1, "stock insuffisant : 10 carnets en stock pour Pass numérique Creil Sud Oise, la clé en répartit 20", k("carnets", "allocate", "--key", "--count", "20", "--fixed", "2")...)
	c.wantRun(1, "stock insuffisant", k("carnets", "allocate", "--key", "--count", "20", "--fixed", "2", "--apply")...)

	// Transfer with a range: attribue to another prescriber.
	out = c.must("carnets", "transfer", "600001-600002", "--to", "centre-social-georges-brassens", "--reason", "permanence au centre social")
	if !strings.Contains(out, "2 carnets transférés : 600001-600002.") || !strings.Contains(out, "nouveau prescripteur : Centre social Georges Brassens") || !strings.Contains(out, "auparavant : Agence Pôle emploi de Creil (2)") {
		t.Errorf("transfer: %s", out)
	}
	n, r = c.stock().inHand()
	if n["centre-social-georges-brassens"] != 6 || !reflect.DeepEqual(r["centre-social-georges-brassens"], []string{"600001-600002", "600017-600020"}) || n["pole-emploi-creil"] != 2 {
		t.Fatalf("after the transfer: %v %v", n, r)
	}
	// All or nothing: a carnet in stock in the list stops the others, with its state.
	c.wantRun(1, "le carnet 600021 est en stock : seul un carnet attribué à un prescripteur peut être transféré ; rien n'a été transféré",
		"carnets", "transfer", "600003,600021", "--to", "centre-social-georges-brassens", "--reason", "x")
	c.wantRun(1, "2 carnets ne peuvent pas être transférés : 600021 (en stock), 600099 (introuvable)",
		"carnets", "transfer", "600003", "600021", "600099", "--to", "centre-social-georges-brassens", "--reason", "x")
	if n, _ := c.stock().inHand(); n["pole-emploi-creil"] != 2 {
		t.Fatalf("a refused transfer moved carnets: %v", n)
	}
	c.wantRun(2, "--reason", "carnets", "transfer", "600003", "--to", "centre-social-georges-brassens")
	c.wantRun(2, `--to : "nulle-part" inconnu`, "carnets", "transfer", "600003", "--to", "nulle-part", "--reason", "x")
	c.wantRun(1, "ne peut pas gérer le stock de carnets", "--as", "accueil-brassens", "carnets", "transfer", "600003", "--to", "centre-social-georges-brassens", "--reason", "x")

	// Return to the central stock.
	out = c.must("carnets", "return", "600017-600018", "--reason", "fermeture estivale")
	if !strings.Contains(out, "2 carnets revenus au stock central : 600017-600018.") {
		t.Errorf("return: %s", out)
	}
	st = c.stock()
	if p := st.Programmes[0]; p.InStock != 12 || !reflect.DeepEqual(p.InStockRanges, []string{"600017-600018", "600021-600030"}) {
		t.Fatalf("stock after the return: %+v", p)
	}
	c.wantRun(1, "le carnet 600021 est en stock : seul un carnet attribué à un prescripteur peut être retourné au stock ; rien n'est revenu au stock", "carnets", "return", "600019-600021", "--reason", "x")
	if got := c.count(`SELECT count(*) FROM audit WHERE action = 'carnet.return' AND before = 'attribue' AND after = 'en_stock' AND detail = 'de centre-social-georges-brassens au stock central : fermeture estivale'`); got != 2 {
		t.Fatalf("%d audit rows for the return, want 2", got)
	}
	if got := c.count(`SELECT count(*) FROM audit WHERE action = 'carnet.transfer' AND detail = 'de pole-emploi-creil à centre-social-georges-brassens : permanence au centre social'`); got != 2 {
		t.Fatalf("%d audit rows for the transfer, want 2", got)
	}
	// The text view has the same ranges.
	out = c.must("stock")
	if !strings.Contains(out, "Stock central : 12 carnets — 600017-600018, 600021-600030") || !strings.Contains(out, "600001-600002, 600019-600020") {
		t.Errorf("stock text:\n%s", out)
	}
	// A list of carnets can be voided at once, all or nothing.
	c.wantRun(1, "carnet 600099 introuvable ; rien n'a été annulé", "carnets", "void", "600021-600022,600099", "--reason", "perdus")
	c.must("carnets", "void", "600021-600022", "--reason", "perdus")
	if p := c.stock().Programmes[0]; p.InStock != 10 {
		t.Fatalf("after voiding two carnets in stock: %+v", p)
	}
}

func TestAllocationKeyRefusals(t *testing.T) {
	c := newCLI(t)
	key := []string{"--config", keyConfig(t)}
	k := func(args ...string) []string { return append(append([]string{}, key...), args...) }
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", "30")
	c.wantRun(2, "6 prescripteurs × 10 carnets fixes = 60 carnets, plus que les 20 carnets à répartir ; baissez --fixed (au plus 3 ici) ou augmentez --count (au moins 60)",
		k("carnets", "allocate", "--key", "--count", "20")...)
	c.wantRun(2, "--by population : la configuration ne donne pas la population des communes", k("carnets", "allocate", "--key", "--count", "20", "--fixed", "2", "--by", "population")...)
	c.wantRun(2, "--apply ne sert qu'avec --key", "carnets", "allocate", "--prescriber", "pole-emploi-creil", "--count", "2", "--apply")
	c.wantRun(2, "--key répartit entre tous les prescripteurs", "carnets", "allocate", "--key", "--prescriber", "pole-emploi-creil", "--count", "2")
	// The shipped configuration gives no qpv_population: only the fixed part can be shared.
	c.wantRun(2, "il reste 8 carnets à répartir selon le poids des prescripteurs, mais tous ont un poids nul", "carnets", "allocate", "--key", "--count", "20", "--fixed", "2")
	out := c.must("carnets", "allocate", "--key", "--count", "12", "--fixed", "2")
	if !strings.Contains(out, "rien n'a été attribué") {
		t.Errorf("fixed part only: %s", out)
	}
	// A subset of prescribers, one per commune: no warning.
	out = c.must(k("carnets", "allocate", "--key", "--count", "10", "--fixed", "1", "--prescribers", "pole-emploi-nogent,centre-social-georges-brassens,espace-huberte-dhoker")...)
	if strings.Contains(out, "Attention") || !strings.Contains(out, "Centre social Georges Brassens") || strings.Contains(out, "Mission Locale") {
		t.Errorf("--prescribers: %s", out)
	}
}

func TestCarnetListsBadRanges(t *testing.T) {
	c := newCLI(t)
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", "3")
	for _, tt := range []struct{ list, phrase string }{
		{"600050-600001", `carnets : "600050-600001" : la plage va à l'envers (écrivez 600001-600050)`},
		{"600001-6000050", "les deux bouts de la plage n'ont pas la même longueur (6 et 7 chiffres)"},
		{"600001-03", "ressemble à un numéro de chèque"},
		{"600001,,600002", "élément n°2 vide"},
		{"600001-600003,600002", "le carnet 600002 est donné deux fois"},
		{"100000-200000", "100 001 carnets, la liste en accepte 10 000 au plus"},
		{"600A01-600B01", "ne diffèrent que par leurs derniers chiffres"},
	} {
		for _, cmd := range [][]string{
			{"carnets", "transfer", tt.list, "--to", "pole-emploi-creil", "--reason", "x"},
			{"carnets", "return", tt.list, "--reason", "x"},
			{"carnets", "void", tt.list, "--reason", "x"},
		} {
			c.wantRun(2, tt.phrase, cmd...)
		}
	}
	c.wantRun(2, "il manque les carnets", "carnets", "return", "--reason", "x")
}

func TestCarnetReceiveBudgetGuard(t *testing.T) {
	c := newCLI(t)
	// The shipped programme: 79 750 € of carnets of 5 × 10 €, so 1 595 carnets fit.
	c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "600001", "--count", "1595")
	c.wantRun(1, `réception refusée : 2 200 carnets reçus vaudraient 110 000,00 € pour un budget de 79 750,00 € (dépassement de 30 250,00 €) ; si c'est voulu, relancez avec --over-budget --reason "…"`,
		"carnets", "receive", "--programme", "creil-sud-oise", "--first", "700001", "--count", "605")
	if p := c.stock().Programmes[0]; p.Received != 1595 || p.OverBudgetCents != 0 {
		t.Fatalf("a refused delivery must write nothing: %+v", p)
	}
	c.wantRun(2, "--over-budget : indiquez aussi --reason", "carnets", "receive", "--programme", "creil-sud-oise", "--first", "700001", "--count", "605", "--over-budget")
	c.wantRun(2, "--reason ne sert à la réception qu'avec --over-budget", "carnets", "receive", "--programme", "creil-sud-oise", "--first", "700001", "--count", "605", "--reason", "avenant")
	out := c.must("carnets", "receive", "--programme", "creil-sud-oise", "--first", "700001", "--count", "605", "--over-budget", "--reason", "avenant n°2 au marché")
	if !strings.Contains(out, "Hors budget, accepté : 2 200 carnets reçus valent 110 000,00 € pour un budget de 79 750,00 € (dépassement de 30 250,00 €)") {
		t.Errorf("accepted over budget: %s", out)
	}
	if p := c.stock().Programmes[0]; p.Received != 2200 || p.OverBudgetCents != 3_025_000 || p.BudgetCents != 7_975_000 {
		t.Fatalf("stock after an accepted overrun: %+v", p)
	}
	if got := c.count(`SELECT count(*) FROM audit WHERE action = 'carnet.receive' AND detail LIKE '%dépassement de 30 250,00 €%motif : avenant n°2 au marché'`); got != 1 {
		t.Fatalf("the journal must keep the reason and the overrun (%d rows)", got)
	}
	if out := c.must("stock"); !strings.Contains(out, "Budget : 2 200 carnets reçus valent 110 000,00 € pour un budget de 79 750,00 € (dépassement de 30 250,00 €)") {
		t.Errorf("stock text shows the overrun:\n%s", out)
	}
}
