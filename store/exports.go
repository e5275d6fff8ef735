package store

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"passnum/domain"
)

// The CSV files follow French spreadsheet habits, so that a double click opens them right in
// Excel or LibreOffice: UTF-8 with a BOM (else accents break), « ; » between cells (the comma is
// the decimal separator), a header row, amounts as « 50,00 » without the euro sign (so they stay
// numbers), dates as JJ/MM/AAAA, CRLF line ends. Lists inside a cell are separated by « | », as
// in the national places standard.

// csvWriter writes the BOM and returns a « ; » CSV writer.
func csvWriter(w io.Writer) (*csv.Writer, error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	return cw, nil
}

// CSVAmount writes cents as a spreadsheet reads a French amount: « 1234,50 ».
func CSVAmount(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s%d,%02d", sign, cents/100, cents%100)
}

func csvDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("02/01/2006")
}

// csvText keeps typed text from being run as a formula by a spreadsheet (CSV injection): a cell
// starting with = + - @ is prefixed with an apostrophe, which spreadsheets hide.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// ClaimCSVHeader and ClaimCSVSharesHeader are the headers of the two tables of a claim file.
var (
	ClaimCSVHeader       = []string{"demande", "lieu", "numéro de chèque", "carnet", "date d'utilisation", "séance", "programme", "montant"}
	ClaimCSVSharesHeader = []string{"demande", "lieu", "programme", "financeur", "part (%)", "montant"}
)

// WriteClaimCSV writes a claim as one file with two tables separated by an empty line: one line
// per chèque, then the amount per programme and funder and a « Total » line. One file is what a
// place sends; the empty line lets a spreadsheet user select either table.
func WriteClaimCSV(w io.Writer, c domain.Claim) error {
	cw, err := csvWriter(w)
	if err != nil {
		return err
	}
	place := csvText(c.PlaceName)
	cw.Write(ClaimCSVHeader)
	for _, it := range c.Items {
		cw.Write([]string{c.ID, place, it.Cheque, it.Carnet, csvDate(it.UsedAt), it.Session, it.Programme, CSVAmount(it.ValueCents)})
	}
	cw.Write(nil)
	cw.Write(ClaimCSVSharesHeader)
	for _, sh := range c.Shares {
		cw.Write([]string{c.ID, place, sh.Programme, sh.Funder, strconv.Itoa(sh.SharePercent), CSVAmount(sh.AmountCents)})
	}
	cw.Write([]string{c.ID, place, "", "Total", "", CSVAmount(c.AmountCents)})
	cw.Flush()
	return cw.Error()
}

// ClaimExport writes a claim's CSV; a trainer may export the claims of their own place.
func (s *Store) ClaimExport(ctx context.Context, by domain.User, id string, w io.Writer) (domain.Claim, error) {
	c, err := s.Claim(ctx, id)
	if err != nil {
		return c, err
	}
	if err := domain.Authorize(by, domain.ActClaims, domain.Scope{Place: c.Place}); err != nil {
		return c, err
	}
	return c, WriteClaimCSV(w, c)
}

// ActivityLine is one session in the Coop's activity vocabulary.
type ActivityLine struct {
	Session  domain.Session
	Present  int
	Autonomy string // individual sessions: the autonomy recorded in the follow-up
	Genders  map[string]int
	AgeBands map[string]int
	Statuses map[string]int
}

// Activity lists the sessions of a month at a place ("" every place) with the Coop's counts of
// present participants. It holds no names: anyone who may look things up may read it.
func (s *Store) Activity(ctx context.Context, by domain.User, place string, month time.Time) ([]ActivityLine, error) {
	if err := domain.Authorize(by, domain.ActLookup, domain.Scope{Place: place}); err != nil {
		return nil, err
	}
	if place != "" {
		if _, err := s.Place(ctx, place); err != nil {
			return nil, err
		}
	}
	from, to := domain.MonthBounds(month)
	sessions, err := s.SessionsOn(ctx, place, from, to)
	if err != nil {
		return nil, err
	}
	byID := map[int64]domain.Session{}
	for _, sess := range sessions {
		n, _ := domain.ParseSessionID(sess.ID)
		byID[n] = sess
	}
	cond, args := `p.present = 1 AND p.session_id IN (SELECT id FROM session WHERE start_at >= ? AND start_at < ?`, []any{ts(from), ts(to)}
	if place != "" {
		cond, args = cond+` AND place_id = ?`, append(args, place)
	}
	sheets, err := sheetsOf(ctx, s.read, byID, cond+`)`, args...)
	if err != nil {
		return nil, err
	}
	var out []ActivityLine
	for _, sess := range sessions {
		l := ActivityLine{Session: sess, Genders: map[string]int{}, AgeBands: map[string]int{}, Statuses: map[string]int{}}
		n, _ := domain.ParseSessionID(sess.ID)
		for _, p := range sheets[n] {
			l.Present++
			l.Genders[p.Profile.Gender]++
			l.AgeBands[p.Profile.AgeBand]++
			l.Statuses[p.Profile.Status]++
			if sess.Type == domain.SessionIndividual && l.Autonomy == "" {
				l.Autonomy = p.Autonomy
			}
		}
		out = append(out, l)
	}
	return out, nil
}

// ActivityCSVHeader is the header of the activity export.
func ActivityCSVHeader() []string {
	h := []string{"date", "heure", "durée (min)", "type", "type de lieu", "lieu", "thèmes", "matériel", "titre", "niveau", "autonomie", "participants", "chèques utilisés"}
	for _, g := range domain.CoopGenders {
		h = append(h, "genre : "+g)
	}
	for _, a := range domain.CoopAgeBands {
		h = append(h, "âge : "+a)
	}
	for _, st := range domain.CoopStatuses {
		h = append(h, "statut : "+st)
	}
	return h
}

// WriteActivityCSV writes one line per session in the Coop's vocabulary: title and level for a
// collective workshop, autonomy for an individual session, counts by gender, age band and status.
func WriteActivityCSV(w io.Writer, lines []ActivityLine) error {
	cw, err := csvWriter(w)
	if err != nil {
		return err
	}
	cw.Write(ActivityCSVHeader())
	for _, l := range lines {
		s := l.Session
		title, level, autonomy := csvText(s.Title), s.Level, ""
		if s.Type == domain.SessionIndividual {
			title, level, autonomy = "", "", l.Autonomy
		}
		row := []string{csvDate(s.Start), s.Start.Local().Format("15:04"), strconv.Itoa(s.DurationMinutes), string(s.Type), domain.CoopPlaceType,
			csvText(s.PlaceName), strings.Join(s.Themes, "|"), strings.Join(s.Equipment, "|"), title, level, autonomy,
			strconv.Itoa(l.Present), strconv.Itoa(s.Redeemed)}
		for _, g := range domain.CoopGenders {
			row = append(row, strconv.Itoa(l.Genders[g]))
		}
		for _, a := range domain.CoopAgeBands {
			row = append(row, strconv.Itoa(l.AgeBands[a]))
		}
		for _, st := range domain.CoopStatuses {
			row = append(row, strconv.Itoa(l.Statuses[st]))
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// BilanCSVHeader is the header of the bilan export.
var BilanCSVHeader = []string{"n° personne", "nom", "prénom", "carnets remis", "séances suivies", "chèques utilisés",
	"première autonomie", "dernière autonomie", "progression", "dernière séance", "dernier commentaire"}

// WriteBilanCSV writes a prescriber's bilan, one line per person.
func WriteBilanCSV(w io.Writer, lines []BilanLine) error {
	cw, err := csvWriter(w)
	if err != nil {
		return err
	}
	cw.Write(BilanCSVHeader)
	for _, b := range lines {
		cw.Write([]string{strconv.FormatInt(b.Person.ID, 10), csvText(b.Person.LastName), csvText(b.Person.FirstName), strconv.Itoa(b.Carnets),
			strconv.Itoa(b.Sessions), strconv.Itoa(b.ChequesUsed), b.FirstAutonomy, b.LastAutonomy, b.Progression(),
			csvDate(b.LastSession), csvText(b.LastComment)})
	}
	cw.Flush()
	return cw.Error()
}
