package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"passnum/domain"
	"passnum/domain/doc"
)

// trainerUsage lists the trainers' and coordinators' commands, for the help text.
const trainerUsage = `Séances, remboursements et exports (formateurs : leur lieu par défaut) :
  sessions add --title T --theme "E-mail"[,…] --level Débutant --type collectif|individuel
               --date JJ/MM/AAAA --start HH:MM --duration MIN --capacity N
               [--equipment Ordinateur,Téléphone] [--place ID]      affiche l'id (S12)
  sessions list [--place ID] [--date JJ/MM/AAAA] [--week]            du jour, ou de la semaine
  sessions edit SÉANCE [--title T] [--theme T] [--date JJ/MM/AAAA] [--start HH:MM]
               [--duration MIN] [--capacity N]        corriger une séance tant qu'elle n'est pas close
  sessions show SÉANCE                                               la feuille d'émargement
  sessions sheet SÉANCE --html FICHIER.html|-           feuille d'émargement à imprimer et signer
  sessions attend SÉANCE (--cheque N | --person ID [--cheque N] |
               --anonymous [--gender G] [--age-band A] [--status S]) [--absent]
  sessions redeem SÉANCE                encaisser les chèques des présents (une ligne chacun)
  sessions cancel-redemption CHÈQUE --reason TEXTE
  sessions follow-up SÉANCE --person ID --autonomy A [--comment TEXTE] [--pix SCORE]
  claims prepare --month AAAA-MM [--place ID]   chèques utilisés non réclamés → demande (R3)
  claims list [--place ID]
  claims export DEMANDE [--out FICHIER.csv | --funders]
                                        chèques de la demande ; avec --out, aussi la part des
                                        financeurs (FICHIER-financeurs.csv) ; --funders : la
                                        part des financeurs sur la sortie standard
  claims paid DEMANDE                   (coordination) la demande est payée : chèques remboursés
  export activity --month AAAA-MM [--place ID] [--out FICHIER.csv]   vocabulaire de la Coop
  export bilan --prescriber ID [--place ID] [--out FICHIER.csv]      suivi pour le prescripteur
Les CSV sont en UTF-8 avec BOM, séparés par « ; », montants « 50,00 », dates JJ/MM/AAAA ;
avec --out, un classeur .xlsx des mêmes lignes s'écrit à côté de chaque CSV.
`

// dispatchTrainer runs the trainers' and coordinators' commands (sessions, claims, export).
func (a *app) dispatchTrainer(ctx context.Context, cmd, action string, args []string) error {
	switch cmd + " " + action {
	case "sessions add":
		return a.sessionsAdd(ctx, args)
	case "sessions list":
		return a.sessionsList(ctx, args)
	case "sessions show":
		return a.sessionsShow(ctx, args)
	case "sessions edit":
		return a.sessionsEdit(ctx, args)
	case "sessions sheet":
		return a.sessionsSheet(ctx, args)
	case "sessions attend":
		return a.sessionsAttend(ctx, args)
	case "sessions redeem":
		return a.sessionsRedeem(ctx, args)
	case "sessions cancel-redemption":
		return a.sessionsCancel(ctx, args)
	case "sessions follow-up":
		return a.sessionsFollowUp(ctx, args)
	case "claims prepare":
		return a.claimsPrepare(ctx, args)
	case "claims list":
		return a.claimsList(ctx, args)
	case "claims export":
		return a.claimsExport(ctx, args)
	case "claims paid":
		return a.claimsPaid(ctx, args)
	case "export activity":
		return a.exportActivity(ctx, args)
	case "export bilan":
		return a.exportBilan(ctx, args)
	}
	if action == "-h" || action == "--help" || action == "-help" {
		return errHelp
	}
	return domain.Errorf(domain.KindInvalid, "passnum %s : action inconnue « %s » (passnum help donne les actions)", cmd, shown(action))
}

type sessionJSON struct {
	ID              string   `json:"id"`
	Kind            string   `json:"kind"`
	Place           string   `json:"place"`
	PlaceName       string   `json:"place_name"`
	Title           string   `json:"title,omitempty"`
	Themes          []string `json:"themes"`
	Level           string   `json:"level,omitempty"`
	Type            string   `json:"type"`
	Start           string   `json:"start"`
	DurationMinutes int      `json:"duration_minutes"`
	Capacity        int      `json:"capacity"`
	Equipment       []string `json:"equipment"`
	Trainer         string   `json:"trainer"`
	Participants    int      `json:"participants"`
	Present         int      `json:"present"`
	Redeemed        int      `json:"redeemed"`
	ClosedAt        string   `json:"closed_at,omitempty"` // the sheet was closed: no more corrections
}

func toSessionJSON(s domain.Session) sessionJSON {
	eq := s.Equipment
	if eq == nil {
		eq = []string{}
	}
	closed := ""
	if s.Closed() {
		closed = s.ClosedAt.Format(time.RFC3339)
	}
	return sessionJSON{s.ID, "session", s.Place, s.PlaceName, s.Title, s.Themes, s.Level, string(s.Type), s.Start.Format(time.RFC3339),
		s.DurationMinutes, s.Capacity, eq, s.Trainer, s.Participants, s.Present, s.Redeemed, closed}
}

type participantJSON struct {
	ID        int64    `json:"id"`
	Session   string   `json:"session"`
	Label     string   `json:"label"`
	Person    int64    `json:"person,omitempty"`
	Cheque    string   `json:"cheque,omitempty"`
	Anonymous bool     `json:"anonymous"`
	Gender    string   `json:"gender"`
	AgeBand   string   `json:"age_band"`
	Status    string   `json:"status"`
	Present   bool     `json:"present"`
	Redeemed  []string `json:"redeemed"`
	Autonomy  string   `json:"autonomy,omitempty"`
	Comment   string   `json:"comment,omitempty"`
	Pix       string   `json:"pix,omitempty"`
	Warning   string   `json:"warning,omitempty"`
	Refusal   string   `json:"refusal,omitempty"`
}

func toParticipantJSON(p domain.Participant) participantJSON {
	r := p.Cheques
	if r == nil {
		r = []string{}
	}
	return participantJSON{p.ID, p.Session, p.Label(), p.PersonID, p.Cheque, p.Anonymous, p.Profile.Gender, p.Profile.AgeBand, p.Profile.Status,
		p.Present, r, p.Autonomy, p.Comment, p.Pix, p.Warning, p.Refusal}
}

// placeOr is the place a command is about: the one given, else the trainer's own.
func (a *app) placeOr(given string) string {
	if given != "" {
		return given
	}
	return a.user.Place
}

func (a *app) sessionsAdd(ctx context.Context, args []string) error {
	fs := newFlags("sessions add")
	place := fs.String("place", "", "")
	title := fs.String("title", "", "")
	theme := fs.String("theme", "", "")
	level := fs.String("level", "", "")
	typ := fs.String("type", string(domain.SessionCollective), "")
	date := fs.String("date", "", "")
	start := fs.String("start", "", "")
	duration := fs.Int("duration", 0, "")
	capacity := fs.Int("capacity", 0, "")
	equipment := fs.String("equipment", "", "")
	if _, err := fs.parseWith(args); err != nil {
		return err
	}
	day := a.now()
	if *date != "" {
		d, err := domain.ParseDate("--date", *date)
		if err != nil {
			return err
		}
		day = d
	}
	if *start == "" {
		return domain.Errorf(domain.KindInvalid, "passnum sessions add : --start est obligatoire (heure de début, par exemple 14:00)")
	}
	h, m, err := domain.ParseClock("--start", *start)
	if err != nil {
		return err
	}
	y, mo, d := day.Date()
	sess := domain.Session{Place: a.placeOr(*place), Title: *title, Themes: domain.SplitList(*theme), Level: *level, Type: domain.SessionType(*typ),
		Start: time.Date(y, mo, d, h, m, 0, 0, time.Local), DurationMinutes: *duration, Capacity: *capacity, Equipment: domain.SplitList(*equipment)}
	got, err := a.store.CreateSession(ctx, a.user, sess)
	if err != nil {
		return err
	}
	return a.emit(toSessionJSON(got), got.ID)
}

func (a *app) sessionsList(ctx context.Context, args []string) error {
	fs := newFlags("sessions list")
	place := fs.String("place", "", "")
	date := fs.String("date", "", "")
	week := fs.Bool("week", false, "")
	if _, err := fs.parseWith(args); err != nil {
		return err
	}
	if err := domain.Authorize(a.user, domain.ActLookup, domain.Scope{}); err != nil {
		return err
	}
	if err := a.placeArg(ctx, "--place", *place); err != nil {
		return err
	}
	day := a.now()
	if *date != "" {
		d, err := domain.ParseDate("--date", *date)
		if err != nil {
			return err
		}
		day = d
	}
	y, m, d := day.Date()
	from := time.Date(y, m, d, 0, 0, 0, 0, time.Local)
	to := from.AddDate(0, 0, 1)
	what := "du " + from.Format("02/01/2006")
	if *week {
		from = from.AddDate(0, 0, -((int(from.Weekday()) + 6) % 7)) // back to Monday
		to = from.AddDate(0, 0, 7)
		what = fmt.Sprintf("de la semaine du %s au %s", from.Format("02/01/2006"), to.AddDate(0, 0, -1).Format("02/01/2006"))
	}
	sessions, err := a.store.SessionsOn(ctx, a.placeOr(*place), from, to)
	if err != nil {
		return err
	}
	list := []sessionJSON{}
	var b strings.Builder
	for _, s := range sessions {
		list = append(list, toSessionJSON(s))
		fmt.Fprintf(&b, "%-5s %s  %3d min  %-10s %-40s %s — %d/%d %s, %s, %s\n", s.ID, s.Start.Local().Format("02/01/2006 15:04"),
			s.DurationMinutes, s.Type, sessionTitle(s), s.PlaceName, s.Participants, s.Capacity, domain.PluralWord(s.Participants, "inscrit", "inscrits"),
			domain.Plural(s.Present, "présent", "présents"), domain.Plural(s.Redeemed, "chèque", "chèques"))
	}
	if len(sessions) == 0 {
		fmt.Fprintf(&b, "Aucune séance %s.\n", what)
	}
	return a.emit(list, b.String())
}

func sessionTitle(s domain.Session) string {
	if s.Type == domain.SessionIndividual {
		return "accompagnement : " + strings.Join(s.Themes, ", ")
	}
	return s.Title + " (" + s.Level + ")"
}

func (a *app) sessionsShow(ctx context.Context, args []string) error {
	fs := newFlags("sessions show")
	pos, err := fs.parseWith(args, "le numéro de la séance")
	if err != nil {
		return err
	}
	if err := a.mayReadPeople(); err != nil {
		return err // the sheet names who came
	}
	s, err := a.store.Session(ctx, pos[0])
	if err != nil {
		return err
	}
	if err := a.mayReadSheet("passnum sessions show", s); err != nil {
		return err
	}
	sheet, err := a.store.Participants(ctx, s.ID)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s, %s, %s, %d min, %s\n  thèmes : %s\n", s.ID, sessionTitle(s), s.PlaceName, frDateTime(s.Start), s.DurationMinutes, domain.Plural(s.Capacity, "place", "places"), strings.Join(s.Themes, ", "))
	if len(s.Equipment) > 0 {
		fmt.Fprintf(&b, "  matériel : %s\n", strings.Join(s.Equipment, ", "))
	}
	lines := []participantJSON{}
	for _, p := range sheet {
		lines = append(lines, toParticipantJSON(p))
		presence := "absent(e)"
		if p.Present {
			presence = "présent(e)"
		}
		fmt.Fprintf(&b, "  n°%-4d %-30s %-10s", p.ID, p.Label(), presence)
		if p.Cheque != "" {
			fmt.Fprintf(&b, " chèque scanné %s", p.Cheque)
		}
		if len(p.Cheques) > 0 {
			fmt.Fprintf(&b, " — encaissé : %s", strings.Join(p.Cheques, ", "))
		}
		if p.Autonomy != "" {
			fmt.Fprintf(&b, " — suivi : %s", p.Autonomy)
		}
		b.WriteString("\n")
		if p.Refusal != "" && len(p.Cheques) == 0 {
			fmt.Fprintf(&b, "         refusé à la clôture : %s\n", p.Refusal)
		}
		for _, n := range p.Notes {
			fmt.Fprintf(&b, "         suivi du %s : %s", frDateTime(n.At), n.Autonomy)
			if n.Comment != "" {
				fmt.Fprintf(&b, " — « %s »", n.Comment)
			}
			if n.Pix != "" {
				fmt.Fprintf(&b, " — Pix : %s", domain.PixText(n.Pix))
			}
			b.WriteString("\n")
		}
	}
	if len(sheet) == 0 {
		b.WriteString("  Feuille d'émargement vide : passnum sessions attend " + s.ID + " --cheque NUMÉRO\n")
	}
	return a.emit(map[string]any{"session": toSessionJSON(s), "participants": lines}, b.String())
}

func (a *app) sessionsAttend(ctx context.Context, args []string) error {
	fs := newFlags("sessions attend")
	cheque := fs.String("cheque", "", "")
	person := fs.String("person", "", "")
	anonymous := fs.Bool("anonymous", false, "")
	gender := fs.String("gender", "", "")
	ageBand := fs.String("age-band", "", "")
	status := fs.String("status", "", "")
	absent := fs.Bool("absent", false, "")
	pos, err := fs.parseWith(args, "le numéro de la séance")
	if err != nil {
		return err
	}
	modes := 0
	// --person with --cheque is one way: the person found by number hands over that chèque.
	for _, set := range []bool{*cheque != "" && *person == "", *person != "", *anonymous} {
		if set {
			modes++
		}
	}
	if modes != 1 {
		return domain.Errorf(domain.KindInvalid, "passnum sessions attend : indiquez une seule façon d'ajouter le participant : --cheque NUMÉRO, --person ID ou --anonymous")
	}
	if !*anonymous && (*gender != "" || *ageBand != "" || *status != "") {
		return domain.Errorf(domain.KindInvalid, "passnum sessions attend : --gender, --age-band et --status ne servent qu'avec --anonymous (une personne enregistrée est comptée d'après sa fiche)")
	}
	if *cheque != "" {
		if *cheque, err = numberArg("--cheque", "chèque", *cheque); err != nil {
			return err
		}
	}
	var p domain.Participant
	added := true
	switch {
	case *cheque != "" && *person != "":
		var who domain.Person
		if who, err = a.personArg(ctx, "--person", *person); err == nil {
			p, added, err = a.store.AddParticipantWithCheque(ctx, a.user, pos[0], who.ID, *cheque)
		}
	case *cheque != "":
		p, added, err = a.store.AddParticipantByCheque(ctx, a.user, pos[0], *cheque)
	case *person != "":
		var who domain.Person
		if who, err = a.personArg(ctx, "--person", *person); err == nil {
			p, added, err = a.store.AddParticipantPerson(ctx, a.user, pos[0], who.ID)
		}
	default:
		p, err = a.store.AddAnonymous(ctx, a.user, pos[0], domain.CoopProfile{Gender: *gender, AgeBand: *ageBand, Status: *status})
	}
	if err != nil {
		return err
	}
	if p.Present == *absent {
		warning := p.Warning
		if p, err = a.store.MarkPresence(ctx, a.user, p.Session, p.ID, !*absent); err != nil {
			return err
		}
		p.Warning = warning
	}
	presence := "présent(e)"
	if !p.Present {
		presence = "absent(e)"
	}
	text := fmt.Sprintf("%s est sur la feuille de %s (participant n°%d, %s).", p.Label(), p.Session, p.ID, presence)
	if !added {
		text = fmt.Sprintf("%s est déjà sur la feuille de %s (participant n°%d, %s).", p.Label(), p.Session, p.ID, presence)
	}
	if p.Warning != "" {
		text += "\nAttention : " + p.Warning + " — il sera refusé à l'encaissement, demandez un autre chèque."
	}
	return a.emit(toParticipantJSON(p), text)
}

func (a *app) sessionsRedeem(ctx context.Context, args []string) error {
	fs := newFlags("sessions redeem")
	pos, err := fs.parseWith(args, "le numéro de la séance")
	if err != nil {
		return err
	}
	results, err := a.store.RedeemForSession(ctx, a.user, pos[0])
	if err != nil {
		return err
	}
	type lineJSON struct {
		Participant participantJSON `json:"participant"`
		Status      string          `json:"status"` // encaisse, deja_encaisse, refuse, sans_cheque
		Cheques     []string        `json:"cheques"`
		Reason      string          `json:"reason,omitempty"`
	}
	out := []lineJSON{}
	var b strings.Builder
	redeemed, refused := 0, 0
	for _, r := range results {
		l := lineJSON{Participant: toParticipantJSON(r.Participant), Cheques: r.Redeemed}
		switch {
		case r.Err != nil:
			refused++
			l.Status, l.Reason = "refuse", r.Err.Error()
			fmt.Fprintf(&b, "✗ %s : %s\n", r.Participant.Label(), r.Err)
		case r.Skipped != "":
			l.Status, l.Reason = "sans_cheque", r.Skipped
			fmt.Fprintf(&b, "– %s : %s\n", r.Participant.Label(), r.Skipped)
		case len(r.Redeemed) > 0:
			redeemed += len(r.Redeemed)
			l.Status = "encaisse"
			fmt.Fprintf(&b, "✓ %s : chèque %s encaissé\n", r.Participant.Label(), strings.Join(r.Redeemed, ", "))
		default:
			l.Status, l.Cheques = "deja_encaisse", r.Already
			fmt.Fprintf(&b, "✓ %s : déjà encaissé (%s)\n", r.Participant.Label(), strings.Join(r.Already, ", "))
		}
		if l.Cheques == nil {
			l.Cheques = []string{}
		}
		out = append(out, l)
	}
	if len(results) == 0 {
		b.WriteString("Feuille d'émargement vide : rien à encaisser.\n")
	}
	fmt.Fprintf(&b, "%s : %s, %d refus.\n", sessionRef(pos[0]), domain.Plural(redeemed, "chèque encaissé", "chèques encaissés"), refused)
	if err := a.emit(out, b.String()); err != nil {
		return err
	}
	if refused > 0 {
		return silentRefusal
	}
	return nil
}

func (a *app) sessionsCancel(ctx context.Context, args []string) error {
	fs := newFlags("sessions cancel-redemption")
	reason := fs.String("reason", "", "")
	pos, err := fs.parseWith(args, "le numéro du chèque")
	if err != nil {
		return err
	}
	if pos[0], err = numberArg("passnum sessions cancel-redemption", "chèque", pos[0]); err != nil {
		return err
	}
	ch, err := a.store.CancelRedemption(ctx, a.user, strings.TrimSpace(pos[0]), *reason)
	if err != nil {
		return err
	}
	text := fmt.Sprintf("Encaissement du chèque %s annulé : il est de nouveau %s.", ch.Number, domain.ChequeStateLabel(ch.State))
	if ch.State == domain.ChequeVoid {
		text = fmt.Sprintf("Encaissement du chèque %s annulé : son carnet ayant été annulé, le chèque reste inutilisable.", ch.Number)
	}
	return a.emit(toChequeJSON(ch), text)
}

func (a *app) sessionsFollowUp(ctx context.Context, args []string) error {
	fs := newFlags("sessions follow-up")
	person := fs.String("person", "", "")
	autonomy := fs.String("autonomy", "", "")
	comment := fs.String("comment", "", "")
	pix := fs.String("pix", "", "")
	pos, err := fs.parseWith(args, "le numéro de la séance")
	if err != nil {
		return err
	}
	if *person == "" {
		return domain.Errorf(domain.KindInvalid, "passnum sessions follow-up : --person est obligatoire (le numéro de la personne)")
	}
	who, err := a.personArg(ctx, "--person", *person)
	if err != nil {
		return err
	}
	if err := a.store.RecordFollowUpNote(ctx, a.user, pos[0], who.ID, domain.FollowUpNote{Autonomy: *autonomy, Comment: *comment, Pix: *pix}); err != nil {
		return err
	}
	aut, com, _ := domain.ValidateFollowUp(*autonomy, *comment)
	positioning, _ := domain.ParsePix(*pix)
	out := map[string]any{"session": sessionRef(pos[0]), "person": who.ID, "autonomy": aut, "comment": com, "pix": positioning.Stored()}
	text := fmt.Sprintf("Suivi enregistré pour %s (%s) : %s.", who.DisplayName(), sessionRef(pos[0]), aut)
	if !positioning.IsZero() {
		text = fmt.Sprintf("Suivi enregistré pour %s (%s) : %s, positionnement Pix : %s.", who.DisplayName(), sessionRef(pos[0]), aut, positioning)
	}
	return a.emit(out, text)
}

// sessionRef is a session id as typed (« s3 », « 3 ») written as printed (« S3 »).
func sessionRef(typed string) string {
	n, err := domain.ParseSessionID(typed)
	if err != nil {
		return typed
	}
	return domain.SessionID(n)
}

type claimJSON struct {
	ID          string           `json:"id"`
	Kind        string           `json:"kind"`
	Place       string           `json:"place"`
	PlaceName   string           `json:"place_name"`
	Month       string           `json:"month"`
	State       string           `json:"state"`
	Cheques     int              `json:"cheques"`
	AmountCents int64            `json:"amount_cents"`
	PreparedAt  string           `json:"prepared_at"`
	PaidAt      string           `json:"paid_at,omitempty"`
	Items       []map[string]any `json:"items,omitempty"`
	Shares      []map[string]any `json:"shares,omitempty"`
}

func toClaimJSON(c domain.Claim) claimJSON {
	j := claimJSON{ID: c.ID, Kind: "claim", Place: c.Place, PlaceName: c.PlaceName, Month: c.Month.Format("2006-01"), State: string(c.State),
		Cheques: c.Cheques, AmountCents: c.AmountCents, PreparedAt: c.PreparedAt.UTC().Format(time.RFC3339)}
	if !c.PaidAt.IsZero() {
		j.PaidAt = c.PaidAt.UTC().Format(time.RFC3339)
	}
	for _, it := range c.Items {
		j.Items = append(j.Items, map[string]any{"cheque": it.Cheque, "carnet": it.Carnet, "programme": it.Programme, "used_at": it.UsedAt.UTC().Format(time.RFC3339), "session": it.Session, "value_cents": it.ValueCents})
	}
	for _, sh := range c.Shares {
		j.Shares = append(j.Shares, map[string]any{"programme": sh.Programme, "funder": sh.Funder, "share_percent": sh.SharePercent, "amount_cents": sh.AmountCents})
	}
	return j
}

func claimText(c domain.Claim) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Demande %s (%s) : %s, %s — %s, %s\n", c.ID, domain.ClaimStateLabel(c.State), c.PlaceName, domain.MonthLabel(c.Month), domain.Plural(c.Cheques, "chèque", "chèques"), domain.Euros(c.AmountCents))
	for _, sh := range c.Shares {
		fmt.Fprintf(&b, "  %-20s %-25s %3d %%  %s\n", sh.Programme, sh.Funder, sh.SharePercent, domain.Euros(sh.AmountCents))
	}
	return b.String()
}

func (a *app) monthFlag(cmd, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, domain.Errorf(domain.KindInvalid, "passnum %s : --month est obligatoire (AAAA-MM, par exemple %s)", cmd, a.now().Format("2006-01"))
	}
	return domain.ParseMonth("--month", v)
}

func (a *app) claimsPrepare(ctx context.Context, args []string) error {
	fs := newFlags("claims prepare")
	place := fs.String("place", "", "")
	month := fs.String("month", "", "")
	if _, err := fs.parseWith(args); err != nil {
		return err
	}
	m, err := a.monthFlag("claims prepare", *month)
	if err != nil {
		return err
	}
	p := a.placeOr(*place)
	if p == "" {
		return domain.Errorf(domain.KindInvalid, "passnum claims prepare : --place est obligatoire (passnum places list donne les identifiants)")
	}
	c, err := a.store.ClaimsPrepare(ctx, a.user, p, m)
	if err != nil {
		return err
	}
	return a.emit(toClaimJSON(c), claimText(c)+fmt.Sprintf("Export : passnum claims export %s --out %s.csv\n", c.ID, c.ID))
}

func (a *app) claimsList(ctx context.Context, args []string) error {
	fs := newFlags("claims list")
	place := fs.String("place", "", "")
	if _, err := fs.parseWith(args); err != nil {
		return err
	}
	p := a.placeOr(*place)
	if err := domain.Authorize(a.user, domain.ActClaims, domain.Scope{Place: p}); err != nil {
		return err
	}
	if err := a.placeArg(ctx, "--place", *place); err != nil {
		return err
	}
	claims, err := a.store.Claims(ctx, p)
	if err != nil {
		return err
	}
	list := []claimJSON{}
	var b strings.Builder
	for _, c := range claims {
		list = append(list, toClaimJSON(c))
		paid := ""
		if !c.PaidAt.IsZero() {
			paid = " le " + frDate(c.PaidAt)
		}
		fmt.Fprintf(&b, "%-5s %-30s %-15s %4d %-7s %12s  %s%s\n", c.ID, c.PlaceName, domain.MonthLabel(c.Month), c.Cheques, domain.PluralWord(c.Cheques, "chèque", "chèques"), domain.Euros(c.AmountCents), domain.ClaimStateLabel(c.State), paid)
	}
	if len(claims) == 0 {
		b.WriteString("Aucune demande de remboursement : passnum claims prepare --month AAAA-MM\n")
	}
	return a.emit(list, b.String())
}

// writeFile writes a file whole or not at all: into a temporary file beside it, renamed at the
// end, so a failed export never leaves half a file that looks complete; "" or "-" is stdout.
// flag names the option in messages, suffix ends the temporary file's name (« .csv », « .xlsx »).
func (a *app) writeFile(flag, suffix, path string, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(a.out)
	}
	if a.remote {
		return domain.Errorf(domain.KindInvalid, "%s : à travers SSH, le fichier s'écrit chez vous : ssh … > fichier%s (sans %s)", flag, suffix, flag)
	}
	if err := checkPath(flag, path); err != nil {
		return err
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return domain.Errorf(domain.KindInvalid, "%s : %s est un dossier, donnez le nom du fichier à écrire (par exemple %s)", flag, shown(path), shown(filepath.Join(path, "export"+suffix)))
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".passnum-*"+suffix)
	if err != nil {
		return fileError(flag, path, err, true)
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		if errors.As(err, new(*domain.Error)) {
			return err
		}
		return fileError(flag, path, err, true)
	}
	if err := f.Close(); err != nil {
		return fileError(flag, path, err, true)
	}
	// Exports name people: readable by their owner only, whatever the umask.
	if err := os.Chmod(f.Name(), 0o600); err != nil {
		return fileError(flag, path, err, true)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fileError(flag, path, err, true)
	}
	return nil
}

func (a *app) claimsExport(ctx context.Context, args []string) error {
	fs := newFlags("claims export")
	out := fs.String("out", "", "")
	funders := fs.Bool("funders", false, "")
	pos, err := fs.parseWith(args, "le numéro de la demande")
	if err != nil {
		return err
	}
	if *funders && *out != "" && *out != "-" {
		return domain.Errorf(domain.KindInvalid, "passnum claims export : --funders choisit la part des financeurs sur la sortie standard ; avec --out, les deux fichiers sont écrits (%s et %s)",
			shown(*out), shown(strings.TrimSuffix(*out, ".csv")+doc.ClaimSharesSuffix+".csv"))
	}
	if *out == "" && a.json {
		c, err := a.store.ClaimExport(ctx, a.user, pos[0])
		if err != nil {
			return err
		}
		return a.emit(toClaimJSON(c), "")
	}
	if err := a.outPath(*out, "> fichier.csv", "export.csv"); err != nil {
		return err
	}
	c, err := a.store.ClaimExport(ctx, a.user, pos[0])
	if err != nil {
		return err
	}
	tables := doc.ClaimTables(c)
	if *funders {
		tables = tables[1:]
	}
	files, err := a.writeTables(*out, tables, nil)
	if err != nil || *out == "" || *out == "-" {
		return err
	}
	return a.emit(map[string]any{"claim": c.ID, "file": *out, "files": files, "cheques": c.Cheques, "amount_cents": c.AmountCents},
		fmt.Sprintf("Demande %s exportée dans %s : %s, %s.\nÀ côté : %s.", c.ID, *out, domain.Plural(c.Cheques, "chèque", "chèques"), domain.Euros(c.AmountCents), strings.Join(files[1:], ", ")))
}

// outPath refuses a --out that cannot be written before anything is read (or audited). redirect
// is what to type over SSH after « ssh … » (« > fichier.csv »), example a file name to suggest
// in a folder given as --out (« export.csv »).
func (a *app) outPath(path, redirect, example string) error {
	if path == "" || path == "-" {
		return nil
	}
	if a.remote {
		return domain.Errorf(domain.KindInvalid, "--out : à travers SSH, le fichier s'écrit chez vous : ssh … %s (sans --out)", redirect)
	}
	if err := checkPath("--out", path); err != nil {
		return err
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return domain.Errorf(domain.KindInvalid, "--out : %s est un dossier, donnez le nom du fichier à écrire (par exemple %s)", shown(path), shown(filepath.Join(path, example)))
	}
	return nil
}

// writeTables writes an export from --out: its main table's CSV at path and the XLSX of the
// same rows beside it, then each other table's CSV and XLSX beside them (« …-financeurs.csv »);
// it returns the files written. On standard output (no --out, or « - ») only the first table
// goes, as CSV. before, when set, runs once before the first byte is written (the audit of the
// people an export names).
func (a *app) writeTables(path string, tables []doc.Table, before func() error) ([]string, error) {
	if before == nil {
		before = func() error { return nil }
	}
	if path == "" || path == "-" {
		if err := before(); err != nil {
			return nil, err
		}
		return nil, tables[0].WriteCSV(a.out)
	}
	first := true
	return doc.WriteTableFiles(path, tables, func(name, ext string, render func(io.Writer) error) error {
		write := render
		if first {
			first = false
			write = func(w io.Writer) error {
				if err := before(); err != nil {
					return err
				}
				return render(w)
			}
		}
		return a.writeFile("--out", ext, name, write)
	})
}

func (a *app) claimsPaid(ctx context.Context, args []string) error {
	fs := newFlags("claims paid")
	pos, err := fs.parseWith(args, "le numéro de la demande")
	if err != nil {
		return err
	}
	c, err := a.store.ClaimPaid(ctx, a.user, pos[0])
	if err != nil {
		return err
	}
	return a.emit(toClaimJSON(c), fmt.Sprintf("Demande %s payée : %s à %s, %s.", c.ID, domain.Plural(c.Cheques, "chèque remboursé", "chèques remboursés"), c.PlaceName, domain.Euros(c.AmountCents)))
}

func (a *app) exportActivity(ctx context.Context, args []string) error {
	fs := newFlags("export activity")
	place := fs.String("place", "", "")
	month := fs.String("month", "", "")
	out := fs.String("out", "", "")
	if _, err := fs.parseWith(args); err != nil {
		return err
	}
	m, err := a.monthFlag("export activity", *month)
	if err != nil {
		return err
	}
	if err := a.placeArg(ctx, "--place", *place); err != nil {
		return err
	}
	p := a.placeOr(*place)
	lines, err := a.store.Activity(ctx, a.user, p, m)
	if err != nil {
		return err
	}
	files, err := a.writeTables(*out, []doc.Table{doc.ActivityTable(lines)}, nil)
	if err != nil || *out == "" || *out == "-" {
		return err
	}
	where := "tous les lieux"
	if p != "" {
		where = p
		if pl, err := a.store.Place(ctx, p); err == nil {
			where = pl.Name
		}
	}
	return a.emit(map[string]any{"file": *out, "files": files, "sessions": len(lines), "place": p, "month": m.Format("2006-01")},
		fmt.Sprintf("Activité de %s en %s : %s dans %s.\nÀ côté : %s.", where, domain.MonthLabel(m), domain.Plural(len(lines), "séance exportée", "séances exportées"), *out, strings.Join(files[1:], ", ")))
}

func (a *app) exportBilan(ctx context.Context, args []string) error {
	fs := newFlags("export bilan")
	prescriber := fs.String("prescriber", "", "")
	place := fs.String("place", "", "")
	out := fs.String("out", "", "")
	if _, err := fs.parseWith(args); err != nil {
		return err
	}
	if *prescriber == "" {
		*prescriber = a.user.Prescriber
	}
	pr, ok := a.cfg.Prescriber(*prescriber)
	if !ok {
		var ids []string
		for _, p := range a.cfg.Prescribers {
			ids = append(ids, p.ID)
		}
		return domain.Errorf(domain.KindInvalid, "--prescriber : « %s » inconnu (choix : %s)", shown(*prescriber), strings.Join(ids, ", "))
	}
	if err := a.placeArg(ctx, "--place", *place); err != nil {
		return err
	}
	lines, err := a.store.Bilan(ctx, a.user, pr.ID, a.placeOr(*place))
	if err != nil {
		return err
	}
	// The bilan names people: one read of each, audited before anything is shown or written
	// (and after the options are checked: a refused command reads no one).
	ids := make([]int64, 0, len(lines))
	for _, l := range lines {
		ids = append(ids, l.Person.ID)
	}
	record := func() error { return a.store.RecordReads(ctx, a.user, "export bilan", ids...) }
	if *out != "" {
		files, err := a.writeTables(*out, []doc.Table{doc.BilanTable(lines)}, record)
		if err != nil || *out == "-" {
			return err
		}
		return a.emit(map[string]any{"file": *out, "files": files, "prescriber": pr.ID, "people": len(lines)},
			fmt.Sprintf("Bilan pour %s : %s dans %s.\nÀ côté : %s.", pr.Name, domain.Plural(len(lines), "personne exportée", "personnes exportées"), *out, strings.Join(files[1:], ", ")))
	}
	if err := record(); err != nil {
		return err
	}
	list := []map[string]any{}
	var b strings.Builder
	fmt.Fprintf(&b, "Bilan pour %s — %s\n", pr.Name, domain.Plural(len(lines), "personne", "personnes"))
	fmt.Fprintf(&b, "%-6s %-28s %7s %8s  %-40s %s\n", "n°", "personne", "séances", "chèques", "autonomie (première → dernière)", "progression")
	for _, l := range lines {
		list = append(list, map[string]any{"person": l.Person.ID, "last_name": l.Person.LastName, "first_name": l.Person.FirstName, "carnets": l.Carnets,
			"sessions": l.Sessions, "cheques_used": l.ChequesUsed, "first_autonomy": l.FirstAutonomy, "last_autonomy": l.LastAutonomy,
			"progression": l.Progression(), "last_comment": l.LastComment})
		autonomy := "—"
		if l.FollowUps > 0 {
			autonomy = l.FirstAutonomy + " → " + l.LastAutonomy
		}
		fmt.Fprintf(&b, "%-6d %-28s %7d %8d  %-40s %s\n", l.Person.ID, l.Person.DisplayName(), l.Sessions, l.ChequesUsed, autonomy, l.Progression())
		if l.LastComment != "" {
			fmt.Fprintf(&b, "%-6s « %s »\n", "", l.LastComment)
		}
	}
	return a.emit(list, b.String())
}
