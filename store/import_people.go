package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"passnum/domain"
)

// ImportPeople records the people and hand-overs of a desk's spreadsheet, row by row in one
// transaction, through the rules of a registration and of a hand-over at the date the file
// gives: the duplicate rule (an existing person, or one an earlier row registers, is not
// registered again), the carnet's state, the calendar, eligibility and the caps, earlier rows'
// hand-overs included. A dry run goes through exactly the same steps and rolls back; otherwise
// any refused row rolls everything back unless opts.SkipInvalid. Rows already brought in by an
// earlier import are recognised by their key and change nothing.
func (s *Store) ImportPeople(ctx context.Context, by domain.User, file string, rows []domain.PersonImportRow, opts domain.ImportOptions) (domain.ImportReport, error) {
	rep := domain.ImportReport{File: filepath.Base(file), DryRun: opts.DryRun}
	if err := domain.Authorize(by, domain.ActImport, domain.Scope{}); err != nil {
		return rep, err
	}
	now := s.now()
	im := importer{s: s, by: by, now: now, file: rep.File, registered: map[int64]int{}, seen: map[string]seenRow{}, programmes: map[string]programmeRead{}}
	rep.Rows = make([]domain.PersonImportResult, len(rows))
	applied, said, err := s.importTx(ctx, opts, len(rows), func(tx *sql.Tx, i int) (bool, error) {
		im.tx = tx
		res, err := im.row(ctx, rows[i])
		rep.Rows[i] = res
		return res.Outcome == domain.ImportRefused, err
	}, func(tx *sql.Tx) error {
		if rep.Recorded() == 0 {
			return nil
		}
		return audit(tx, now, by.ID, "import.people", "import", rep.File, "", "",
			fmt.Sprintf("import de %s : %s, %s, %s",
				rep.File, domain.Plural(rep.Count(domain.ImportNew), "personne enregistrée", "personnes enregistrées"),
				domain.Plural(rep.HandedOver(), "carnet remis", "carnets remis"), domain.Plural(rep.Count(domain.ImportRefused), "ligne refusée", "lignes refusées")))
	})
	if !said {
		return domain.ImportReport{File: rep.File}, err
	}
	rep.Applied = applied
	return rep, err
}

// importer carries one import's transaction from row to row.
type importer struct {
	s    *Store
	tx   *sql.Tx
	by   domain.User
	now  time.Time
	file string
	// registered maps the people this import registers to the row that did, so that the same
	// person later in the file is said to be that row's.
	registered map[int64]int
	// seen maps the keys of the rows recorded so far by this import to their row: the same row
	// twice in a file is a repeat, not a row of an earlier import.
	seen       map[string]seenRow
	programmes map[string]programmeRead
}

// seenRow is a row an import recorded: its line and the person it is about.
type seenRow struct {
	line   int
	person domain.Person
}

// programmeRead is a programme as an import read it, or why it cannot take hand-overs.
type programmeRead struct {
	prog domain.Programme
	err  error
}

// rowRefusal is a row the rules refuse: its savepoint is rolled back and the import goes on.
type rowRefusal struct{ msg string }

func (r rowRefusal) Error() string { return r.msg }

// refuseRow turns what the rules say against a row into its refusal, located on its line; an
// error that is not about the row (the ledger could not be read) stops the import.
func refuseRow(line int, err error) error {
	var de *domain.Error
	if errors.As(err, &de) && de.Kind != domain.KindForbidden {
		return rowRefusal{fmt.Sprintf("ligne %d : %s", line, de.Message)}
	}
	return err
}

func (im *importer) row(ctx context.Context, r domain.PersonImportRow) (domain.PersonImportResult, error) {
	res := domain.PersonImportResult{Line: r.Line, Person: r.Person, Carnet: r.Carnet, IssuedAt: r.IssuedAt, Prescriber: r.Prescriber}
	if r.Refusal != "" {
		res.Outcome, res.Reason = domain.ImportRefused, r.Refusal
		return res, nil
	}
	key := r.Key()
	if seen, ok := im.seen[key]; ok {
		res.Outcome, res.SameAsLine, res.CarnetHeld = domain.ImportExisting, seen.line, r.Carnet != ""
		res.Person, res.Candidate = seen.person, &domain.DuplicateCandidate{Person: seen.person}
		return res, nil
	}
	var at, file string
	err := im.tx.QueryRowContext(ctx, `SELECT imported_at, file, coalesce(person_id, 0) FROM import_row WHERE key = ?`, key).Scan(&at, &file, &res.Person.ID)
	if err == nil {
		res.Outcome, res.ImportedAt, res.ImportedFile = domain.ImportAlready, parseTS(at), file
		return res, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return res, err
	}
	base := res
	err = im.apply(ctx, r, key, &res)
	var ref rowRefusal
	if errors.As(err, &ref) { // importTx rolls the row back
		if res.Outcome == domain.ImportNew {
			delete(im.registered, res.Person.ID) // the number goes to the next one
		}
		res = base
		res.Outcome, res.Reason = domain.ImportRefused, ref.msg
		return res, nil
	}
	return res, err
}

func (im *importer) apply(ctx context.Context, r domain.PersonImportRow, key string, res *domain.PersonImportResult) error {
	p := trimPerson(r.Person)
	if err := domain.ValidatePerson(p, im.s.opts.Communes, im.now); err != nil {
		return refuseRow(r.Line, err)
	}
	cands, err := im.s.duplicates(ctx, im.tx, p)
	if err != nil {
		return err
	}
	if len(cands) > 0 {
		same, err := samePerson(r.Line, p, cands, im.registered)
		if err != nil {
			return err
		}
		res.Outcome, res.Candidate, res.Others = domain.ImportExisting, &same, len(cands)-1
		res.SameAsLine = im.registered[same.Person.ID]
		p = same.Person
	} else {
		res.Outcome = domain.ImportNew
		if p, err = im.register(ctx, p, r); err != nil {
			return err
		}
		im.registered[p.ID] = r.Line
	}
	res.Person = p
	if r.Carnet != "" {
		if err := im.handOver(ctx, r, p, res); err != nil {
			return err
		}
	}
	if res.Outcome == domain.ImportExisting && !res.HandedOver {
		return nil // nothing recorded: a later file with the same row is judged afresh
	}
	im.seen[key] = seenRow{r.Line, p}
	_, err = im.tx.Exec(`INSERT INTO import_row(key, kind, file, line, person_id, carnet, imported_at, imported_by) VALUES (?,?,?,?,?,?,?,?)`,
		key, "person", im.file, r.Line, p.ID, r.Carnet, ts(im.now), im.by.ID)
	return err
}

// samePerson is the record a row is about: the one candidate spelled exactly like the row.
// A likely duplicate (a typo, day and month swapped) or two records spelled alike are refused:
// choosing would hand a carnet to the wrong person, and the coordinator can decide, by
// correcting the file or merging the records.
func samePerson(line int, p domain.Person, cands []domain.DuplicateCandidate, registered map[int64]int) (domain.DuplicateCandidate, error) {
	var exact []domain.DuplicateCandidate
	for _, c := range cands {
		if domain.SamePerson(p, c.Person) {
			exact = append(exact, c)
		}
	}
	if len(exact) == 1 {
		return exact[0], nil
	}
	var named []string
	for _, c := range cands {
		who := fmt.Sprintf("n°%d %s, né(e) le %s (%s)", c.Person.ID, c.Person.ListName(), c.Person.BirthDate.Format("02/01/2006"), c.Reason)
		if l := registered[c.Person.ID]; l != 0 {
			who = fmt.Sprintf("%s, %s (%s)", c.Person.ListName(), fmt.Sprintf("la personne de la ligne %d", l), c.Reason)
		}
		named = append(named, who)
	}
	if len(exact) > 1 {
		return domain.DuplicateCandidate{}, rowRefusal{fmt.Sprintf("ligne %d : plusieurs fiches portent ce nom et cette date de naissance (%s) — l'import ne choisit pas : fusionnez-les si c'est la même personne, sinon remettez le carnet au guichet", line, strings.Join(named, " ; "))}
	}
	return domain.DuplicateCandidate{}, rowRefusal{fmt.Sprintf("ligne %d : peut-être déjà enregistrée sous une autre écriture : %s — si c'est la même personne, écrivez dans le fichier le nom et la date de naissance de sa fiche ; sinon, enregistrez-la au guichet en disant que ce n'est pas la même personne, puis importez à nouveau", line, strings.Join(named, " ; "))}
}

// register records a person of the file; the desk that handed the carnet over is the one that
// registered them, so that its agents see them as theirs.
func (im *importer) register(ctx context.Context, p domain.Person, r domain.PersonImportRow) (domain.Person, error) {
	var err error
	if p.Household, err = im.s.settleHousehold(ctx, im.tx, im.by, im.now, p, 0, 0); err != nil {
		return p, refuseRow(r.Line, err)
	}
	// A person the file shows receiving a carnet was registered by then at the latest.
	created := im.now
	if !r.IssuedAt.IsZero() {
		created = im.handOverDay(r.IssuedAt)
	}
	if p.ID, err = insertPerson(im.tx, p, created, im.by.ID, r.Prescriber); err != nil {
		return p, err
	}
	p.CreatedAt, p.CreatedBy = created, im.by.ID
	return p, audit(im.tx, im.now, im.by.ID, "person.import", "person", strconv.FormatInt(p.ID, 10), "", p.FullName(), im.where(r.Line))
}

func (s *Store) prescriberName(id string) string {
	if n := domain.PrescriberName(s.opts.Prescribers, id); n != "" {
		return n
	}
	return id
}

func (im *importer) where(line int) string {
	return fmt.Sprintf("import de %s, ligne %d", im.file, line)
}

// handOver records the row's carnet as handed over to p on the file's day, after the checks of
// a hand-over made that day. A carnet still in the central stock is allocated to the structure
// the file names first.
func (im *importer) handOver(ctx context.Context, r domain.PersonImportRow, p domain.Person, res *domain.PersonImportResult) error {
	c, err := carnetRow(im.tx.QueryRow(`SELECT `+carnetColumns+` FROM carnet WHERE number = ?`, r.Carnet))
	if errors.Is(err, sql.ErrNoRows) {
		return rowRefusal{fmt.Sprintf("ligne %d : carnet %s inconnu du registre — vérifiez le numéro, ou enregistrez d'abord la réception du carnet dans le stock", r.Line, r.Carnet)}
	} else if err != nil {
		return err
	}
	switch {
	case c.State == domain.CarnetIssued && c.PersonID == p.ID:
		res.CarnetHeld, res.Prescriber = true, c.Prescriber
		return nil
	case c.State == domain.CarnetIssued:
		return rowRefusal{fmt.Sprintf("ligne %d : le carnet %s est déjà remis à quelqu'un d'autre (personne n°%d)", r.Line, r.Carnet, c.PersonID)}
	case c.State == domain.CarnetVoid:
		return rowRefusal{fmt.Sprintf("ligne %d : le carnet %s est annulé", r.Line, r.Carnet)}
	case c.State == domain.CarnetInStock && r.Prescriber == "":
		return rowRefusal{fmt.Sprintf("ligne %d : le carnet %s est encore dans le stock central — indiquez la structure qui l'a remis (colonne Structure)", r.Line, r.Carnet)}
	case c.State == domain.CarnetAllocated && r.Prescriber != "" && r.Prescriber != c.Prescriber:
		return rowRefusal{fmt.Sprintf("ligne %d : le carnet %s a été attribué à %s, pas à %s — corrigez la structure ou le numéro", r.Line, r.Carnet, im.s.prescriberName(c.Prescriber), im.s.prescriberName(r.Prescriber))}
	}
	prog, err := im.programme(c.Programme)
	if err != nil {
		return refuseRow(r.Line, err)
	}
	day := im.handOverDay(r.IssuedAt)
	if err := prog.DistributionOpen(day); err != nil {
		return rowRefusal{fmt.Sprintf("ligne %d, remise du %s : %s", r.Line, day.Format("02/01/2006"), domain.MessageOf(err))}
	}
	h, err := im.s.holding(ctx, im.tx, prog, p)
	if err != nil {
		return err
	}
	if !p.Consent && res.Outcome == domain.ImportNew {
		return rowRefusal{fmt.Sprintf("ligne %d : accord de %s non renseigné — aucun carnet ne se remet sans l'accord de la personne pour l'enregistrement de ses données ; ajoutez au fichier une colonne Accord (oui ou non), ou dites que toutes les personnes du fichier l'ont donné (--consent ; à l'écran, « Accord de tous »)", r.Line, p.ListName())}
	}
	st := domain.CheckHandOver(prog, p, im.s.opts.Communes, day, h, domain.HandOverRequest{})
	if !st.CanIssue() {
		var de *domain.Error
		if errors.As(st.Refusal, &de) {
			// A person this import registers has no number yet: the row is rolled back.
			who := fmt.Sprintf("%s (n°%d)", p.ListName(), p.ID)
			switch line := im.registered[p.ID]; {
			case line == r.Line:
				who = p.ListName() + " (nouvelle personne)"
			case line != 0:
				who = fmt.Sprintf("%s (la personne de la ligne %d)", p.ListName(), line)
			}
			return rowRefusal{fmt.Sprintf("ligne %d : le carnet %s ne peut pas être remis à %s le %s : %s", r.Line, r.Carnet, who, day.Format("02/01/2006"), de.Message)}
		}
		return st.Refusal
	}
	if err := im.backdate(c, day, r.Line); err != nil {
		return err
	}
	prescriber, before := c.Prescriber, c.State
	if c.State == domain.CarnetInStock {
		before = domain.CarnetAllocated
		prescriber = r.Prescriber
		if err := allocateTx(im.tx, r.Carnet, prescriber, day); err != nil {
			return err
		}
		if err := audit(im.tx, im.now, im.by.ID, "carnet.allocate", "carnet", r.Carnet, string(domain.CarnetInStock), string(domain.CarnetAllocated), "prescripteur "+prescriber+", "+im.where(r.Line)); err != nil {
			return err
		}
	}
	if err := issueTx(im.tx, r.Carnet, p.ID, day, st.Public.ID, false, ""); err != nil {
		return err
	}
	res.HandedOver, res.Prescriber = true, prescriber
	return audit(im.tx, im.now, im.by.ID, "carnet.issue", "carnet", r.Carnet, string(before), string(domain.CarnetIssued),
		fmt.Sprintf("personne %d, public %s, remis le %s, %s", p.ID, st.Public.ID, day.Format("02/01/2006"), im.where(r.Line)))
}

// programme is a carnet's programme with its effective end, refused when it is closed: read
// once per import, the transaction holding the ledger still.
func (im *importer) programme(id string) (domain.Programme, error) {
	if p, ok := im.programmes[id]; ok {
		return p.prog, p.err
	}
	var p programmeRead
	if p.err = openProgramme(im.tx, id); p.err == nil {
		p.prog, p.err = im.s.programme(id)
	}
	im.programmes[id] = p
	return p.prog, p.err
}

// handOverDay is the instant a file's hand-over day is recorded at: noon there, so that the
// calendar day is the file's whatever the season; now when the day is today and noon has not
// come yet (a ledger never records a hand-over to come).
func (im *importer) handOverDay(d time.Time) time.Time {
	at := time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, time.Local)
	if at.After(im.now) {
		at = im.now
	}
	return at
}

// backdate moves a carnet's reception and allocation to the day of its hand-over when the ledger
// records them later: a programme that starts with passnum receives today carnets handed over
// months ago, and a carnet handed over on a day was received and allocated by then. The figures
// then never show more carnets handed over than received in a month.
func (im *importer) backdate(c domain.Carnet, day time.Time, line int) error {
	var moved []string
	if domain.CalendarDay(c.ReceivedAt).After(domain.CalendarDay(day)) {
		if _, err := im.tx.Exec(`UPDATE carnet SET received_at = ? WHERE number = ?`, ts(day), c.Number); err != nil {
			return err
		}
		moved = append(moved, "réception du "+c.ReceivedAt.Format("02/01/2006"))
	}
	if !c.AllocatedAt.IsZero() && domain.CalendarDay(c.AllocatedAt).After(domain.CalendarDay(day)) {
		if _, err := im.tx.Exec(`UPDATE carnet SET allocated_at = ? WHERE number = ?`, ts(day), c.Number); err != nil {
			return err
		}
		moved = append(moved, "attribution du "+c.AllocatedAt.Format("02/01/2006"))
	}
	if len(moved) == 0 {
		return nil
	}
	return audit(im.tx, im.now, im.by.ID, "carnet.backdate", "carnet", c.Number, "", "",
		fmt.Sprintf("%s ramenée%s au %s, jour de sa remise, %s", strings.Join(moved, " et "), domain.PluralWord(len(moved), "", "s"), day.Format("02/01/2006"), im.where(line)))
}
