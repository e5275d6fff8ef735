package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"passnum/domain"
	"passnum/domain/doc"
)

// programmeClose closes a programme once its tolerance is over (coordination) and prints its
// closing statement (état de clôture): passnum programme close ID [--dry-run] [--xlsx F|-]
// [--html F|-]. --dry-run prints the statement as it would be, without closing.
func (a *app) programmeClose(ctx context.Context, args []string) error {
	return a.closingCommand(ctx, "programme close", args, true)
}

// programmeClosing prints a programme's closing statement again (or, not closed yet, as it
// stands): passnum programme closing ID [--xlsx F|-] [--html F|-].
func (a *app) programmeClosing(ctx context.Context, args []string) error {
	return a.closingCommand(ctx, "programme closing", args, false)
}

func (a *app) closingCommand(ctx context.Context, name string, args []string, closing bool) error {
	fs := newFlags(name)
	xlsxOut := fs.String("xlsx", "", "")
	htmlOut := fs.String("html", "", "")
	var dry *bool
	if closing {
		dry = fs.Bool("dry-run", false, "")
	}
	pos, err := fs.parseWith(args, "le programme (son id, voir passnum check-config)")
	if err != nil {
		return err
	}
	docs, err := a.reportDocs(fs, *xlsxOut, *htmlOut)
	if err != nil {
		return err
	}
	prog, ok := a.cfg.Programme(pos[0])
	if !ok {
		var ids []string
		for _, p := range a.cfg.Programmes {
			ids = append(ids, p.ID)
		}
		return domain.Errorf(domain.KindInvalid, "passnum %s : programme « %s » inconnu (choix : %s)", name, shown(pos[0]), strings.Join(ids, ", "))
	}
	// Once closed, the statement is the one frozen at the closing, not the ledger's state now.
	var c domain.Closing
	if closing && !*dry {
		c, err = a.store.CloseProgramme(ctx, a.user, prog.ID, a.cfg.Prescribers)
	} else {
		c, err = a.store.ClosingStatement(ctx, a.user, prog.ID, a.cfg.Prescribers)
	}
	if err != nil {
		return err
	}
	if len(docs) > 0 {
		return a.writeClosingDocs(c, docs)
	}
	return a.emit(toClosingJSON(c), closingText(c))
}

// writeClosingDocs writes the statement's documents as report does (writeDocs).
func (a *app) writeClosingDocs(c domain.Closing, docs []reportDoc) error {
	return a.writeDocs("État de clôture écrit", docs, func(format string, b *bytes.Buffer) (string, error) {
		if format == "xlsx" {
			return domain.Plural(len(doc.ClosingSheets), "feuille", "feuilles"), doc.WriteClosingXLSX(b, c)
		}
		return "page HTML à imprimer", doc.WriteClosingHTML(b, c)
	})
}

// The JSON of a closing statement: snake_case keys, amounts in cents, every list present.
type closingJSON struct {
	Programme       string                  `json:"programme"`
	ProgrammeName   string                  `json:"programme_name"`
	Closed          bool                    `json:"closed"`
	At              string                  `json:"at"`
	By              string                  `json:"by"`
	LastAcceptedDay string                  `json:"last_accepted_day"`
	CarnetsIssued   int                     `json:"carnets_issued"`
	NotStarted      int                     `json:"carnets_not_started"`
	NotHandedOver   int                     `json:"carnets_not_handed_over"`
	ChequesUnused   int                     `json:"cheques_unused"`
	ChequeValue     int                     `json:"cheque_value_cents"`
	CreditBackCents int64                   `json:"credit_back_cents"`
	ClaimsOpenCents int64                   `json:"claims_open_cents"`
	Funders         []closingFunderJSON     `json:"funders"`
	Prescribers     []closingPrescriberJSON `json:"prescribers"`
	ClaimsOpen      []closingClaimJSON      `json:"claims_open"`
}

type closingFunderJSON struct {
	Name            string `json:"name"`
	SharePercent    int    `json:"share_percent"`
	CreditBackCents int64  `json:"credit_back_cents"`
	ClaimsOpenCents int64  `json:"claims_open_cents"`
}

type closingPrescriberJSON struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	CarnetsIssued   int    `json:"carnets_issued"`
	NotStarted      int    `json:"carnets_not_started"`
	NotHandedOver   int    `json:"carnets_not_handed_over"`
	ChequesUnused   int    `json:"cheques_unused"`
	CreditBackCents int64  `json:"credit_back_cents"`
}

type closingClaimJSON struct {
	ID         string `json:"id"`
	Place      string `json:"place"`
	PlaceName  string `json:"place_name"`
	Month      string `json:"month"`
	PreparedAt string `json:"prepared_at"`
	Cheques    int    `json:"cheques"`
	Cents      int64  `json:"amount_cents"`
}

func toClosingJSON(c domain.Closing) closingJSON {
	j := closingJSON{Programme: c.Programme, ProgrammeName: c.ProgrammeName, Closed: c.Closed, At: c.At.UTC().Format("2006-01-02T15:04:05Z"), By: c.By,
		CarnetsIssued: c.Issued, NotStarted: c.IssuedNotStarted, NotHandedOver: c.NotHandedOver, ChequesUnused: c.Unused,
		ChequeValue: c.ChequeValueCents, CreditBackCents: c.CreditBackCents, ClaimsOpenCents: c.ClaimsCents,
		Funders: []closingFunderJSON{}, Prescribers: []closingPrescriberJSON{}, ClaimsOpen: []closingClaimJSON{}}
	if !c.ExpiredAt.IsZero() {
		j.LastAcceptedDay = c.ExpiredAt.AddDate(0, 0, -1).Format("2006-01-02")
	}
	for _, f := range c.Funders {
		j.Funders = append(j.Funders, closingFunderJSON{f.Name, f.SharePercent, f.CreditBackCents, f.ClaimsOpenCents})
	}
	for _, p := range c.Prescribers {
		j.Prescribers = append(j.Prescribers, closingPrescriberJSON{p.ID, p.Name, p.Issued, p.IssuedNotStarted, p.NotHandedOver, p.Unused, p.CreditBackCents})
	}
	for _, cl := range c.ClaimsOpen {
		j.ClaimsOpen = append(j.ClaimsOpen, closingClaimJSON{cl.ID, cl.Place, cl.PlaceName, cl.Month, cl.PreparedAt.UTC().Format("2006-01-02T15:04:05Z"), cl.Cheques, cl.Cents})
	}
	return j
}

// closingText is the statement in French, for the terminal.
func closingText(c domain.Closing) string {
	var b strings.Builder
	title := "État de clôture"
	if !c.Closed {
		title += " (avant clôture)"
	}
	fmt.Fprintf(&b, "%s — %s (%s)\n", title, c.ProgrammeName, c.Programme)
	if c.Closed {
		fmt.Fprintf(&b, "Programme clos le %s par %s : plus aucune opération sur ses carnets et ses chèques.\n", frDateTime(c.At), c.By)
	} else {
		fmt.Fprintf(&b, "État au %s ; le programme n'est pas clos.\n", frDateTime(c.At))
	}
	if !c.ExpiredAt.IsZero() {
		fmt.Fprintf(&b, "Chèques acceptés jusqu'au %s (tolérance comprise).\n", c.ExpiredAt.AddDate(0, 0, -1).Format("02/01/2006"))
	}
	fmt.Fprintf(&b, "\nCarnets remis : %s, dont jamais entamés : %s ; jamais remis : %s\n", count(c.Issued), count(c.IssuedNotStarted), count(c.NotHandedOver))
	fmt.Fprintf(&b, "Chèques non utilisés (expirés) : %s × %s\n", count(c.Unused), domain.Euros(int64(c.ChequeValueCents)))
	fmt.Fprintf(&b, "Avoir à recevoir : %s\n", domain.Euros(c.CreditBackCents))
	if len(c.Funders) > 0 {
		b.WriteString("\nPar financeur (avoir ; demandes ouvertes) :\n")
		for _, f := range c.Funders {
			fmt.Fprintf(&b, "  %-30s %3d %%  %14s ; %s\n", f.Name, f.SharePercent, domain.Euros(f.CreditBackCents), domain.Euros(f.ClaimsOpenCents))
		}
	}
	if len(c.Prescribers) > 0 {
		b.WriteString("\nPar prescripteur (remis, jamais entamés, jamais remis, chèques non utilisés, avoir) :\n")
		for _, p := range c.Prescribers {
			fmt.Fprintf(&b, "  %-30s %6s %6s %6s %6s %14s\n", p.Name, count(p.Issued), count(p.IssuedNotStarted), count(p.NotHandedOver), count(p.Unused), domain.Euros(p.CreditBackCents))
		}
	}
	if len(c.ClaimsOpen) == 0 {
		b.WriteString("\nAucune demande de remboursement en attente de paiement.\n")
	} else {
		fmt.Fprintf(&b, "\nDemandes de remboursement ouvertes (préparées, pas payées) : %s, %s\n", count(len(c.ClaimsOpen)), domain.Euros(c.ClaimsCents))
		for _, cl := range c.ClaimsOpen {
			fmt.Fprintf(&b, "  %-5s %-30s %s  %s %s  %s\n", cl.ID, cl.PlaceName, cl.Month, count(cl.Cheques), domain.PluralWord(cl.Cheques, "chèque", "chèques"), domain.Euros(cl.Cents))
		}
	}
	return b.String()
}

func count(n int) string { return domain.Grouped(int64(n)) }
