package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"passnum/domain"
)

// The desk's two ways back from a hand-over: the same day, a mistake is taken back and the
// carnet returns to the prescriber's stock; later, a carnet the person lost is declared lost
// and its unused chèques are voided.

// CancelHandover takes back the hand-over of a carnet made today by mistake (wrong person,
// wrong carnet): by the desk of the carnet's prescriber or the coordination, with a reason, and
// only while none of its chèques was used. The carnet returns to the prescriber's stock, its
// chèques are inactive again and the person's caps no longer count it; the audit row says who,
// when and why.
func (s *Store) CancelHandover(ctx context.Context, by domain.User, number, reason string) (domain.Carnet, error) {
	reason, err := domain.ValidateReason(reason)
	if err != nil {
		return domain.Carnet{}, err
	}
	now := s.now()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		c, err := carnetRow(tx.QueryRow(`SELECT `+carnetColumns+` FROM carnet WHERE number = ?`, number))
		if err != nil {
			return notFound(err, "carnet %s introuvable : vérifiez le numéro imprimé sur la couverture", number)
		}
		if err := openProgramme(tx, c.Programme); err != nil {
			return err
		}
		if c.State != domain.CarnetIssued {
			return domain.Errorf(domain.KindConflict, "le carnet %s est %s : il n'y a pas de remise à annuler", number, domain.CarnetStateLabel(c.State))
		}
		sameDay := domain.CalendarDay(c.IssuedAt).Equal(domain.CalendarDay(now))
		if err := domain.Authorize(by, domain.ActCancelIssue, domain.Scope{Prescriber: c.Prescriber, SameDay: sameDay}); err != nil {
			return err
		}
		if !sameDay {
			return domain.Errorf(domain.KindConflict, "le carnet %s a été remis le %s : une remise ne s'annule que le jour même ; si la personne ne l'a plus, déclarez-le perdu", number, c.IssuedAt.Local().Format("02/01/2006"))
		}
		used, err := usedCheques(tx, number)
		if err != nil {
			return err
		}
		if len(used) > 0 {
			return domain.Errorf(domain.KindConflict, "la remise du carnet %s ne peut plus être annulée : %s ; annulez d'abord l'encaissement s'il était une erreur, ou déclarez le carnet perdu", number, strings.Join(used, ", "))
		}
		// A chèque already scanned on an open sheet would be encashed on that person's line
		// after the carnet went to someone else.
		var onSheet, session string
		err = tx.QueryRow(`SELECT p.cheque, 'S' || p.session_id FROM participant p JOIN cheque ch ON ch.number = p.cheque
			JOIN session s ON s.id = p.session_id WHERE ch.carnet = ? AND s.closed_at = '' LIMIT 1`, number).Scan(&onSheet, &session)
		if err == nil {
			return domain.Errorf(domain.KindConflict, "la remise du carnet %s ne peut pas être annulée : le chèque %s est sur la feuille de la séance %s ; demandez au formateur de retirer la ligne, puis recommencez", number, onSheet, session)
		} else if err != sql.ErrNoRows {
			return err
		}
		res, err := tx.Exec(`UPDATE carnet SET state = 'attribue', person_id = NULL, issued_at = '', public = '', accompanied = 0, extra_reason = '' WHERE number = ? AND state = 'remis'`, number)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return domain.Errorf(domain.KindConflict, "le carnet %s a changé pendant l'annulation : réessayez", number)
		}
		if _, err := tx.Exec(`UPDATE cheque SET state = 'inactif' WHERE carnet = ? AND state = 'disponible'`, number); err != nil {
			return err
		}
		// The person's number stays in the journal: once taken back, the carnet no longer says who had it.
		detail := fmt.Sprintf("remise à la personne n°%d annulée le jour même, carnet revenu dans le stock du prescripteur : %s", c.PersonID, reason)
		return audit(tx, now, by.ID, "carnet.unissue", "carnet", number, string(domain.CarnetIssued), string(domain.CarnetAllocated), detail)
	})
	if err != nil {
		return domain.Carnet{}, err
	}
	return s.Carnet(ctx, number)
}

// usedCheques names the chèques of a carnet already used, « chèque 600001-02 utilisé le
// 01/12/2026 à PIMMS de Creil ».
func usedCheques(tx *sql.Tx, carnet string) ([]string, error) {
	rows, err := tx.Query(`SELECT ch.number, ch.state, ch.used_at, coalesce(p.name, ch.place_id) FROM cheque ch
		LEFT JOIN place p ON p.id = ch.place_id WHERE ch.carnet = ? AND ch.state IN ('utilise', 'rembourse') ORDER BY ch.position`, carnet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var number, state, at, place string
		if err := rows.Scan(&number, &state, &at, &place); err != nil {
			return nil, err
		}
		line := fmt.Sprintf("chèque %s %s", number, domain.ChequeStateLabel(domain.ChequeState(state)))
		if t := parseTS(at); !t.IsZero() {
			line += " le " + t.Local().Format("02/01/2006")
		}
		if place != "" {
			line += " à " + place
		}
		out = append(out, line)
	}
	return out, rows.Err()
}

// DeclareLost voids a carnet its holder lost: by the desk of the carnet's prescriber or the
// coordination, with a reason. Its unused chèques can no longer be redeemed; used ones stay
// paid. personID, when not 0, is the person whose card the desk acts from: a carnet held by
// someone else is refused rather than voided. Whether the person may get another carnet, and
// whether the lost one still counts in the caps, is the programme's rule (domain.LostRule).
func (s *Store) DeclareLost(ctx context.Context, by domain.User, number string, personID int64, reason string) error {
	reason, err := domain.ValidateReason(reason)
	if err != nil {
		return err
	}
	now := s.now()
	return s.tx(ctx, func(tx *sql.Tx) error {
		c, err := carnetRow(tx.QueryRow(`SELECT `+carnetColumns+` FROM carnet WHERE number = ?`, number))
		if err != nil {
			return notFound(err, "carnet %s introuvable : vérifiez le numéro imprimé sur la couverture", number)
		}
		if err := domain.Authorize(by, domain.ActDeclareLost, domain.Scope{Prescriber: c.Prescriber}); err != nil {
			return err
		}
		if c.State != domain.CarnetIssued {
			return domain.Errorf(domain.KindConflict, "le carnet %s est %s : seul un carnet remis à une personne peut être déclaré perdu", number, domain.CarnetStateLabel(c.State))
		}
		if personID != 0 && c.PersonID != personID {
			return domain.Errorf(domain.KindConflict, "le carnet %s n'est pas celui de cette personne : rien n'a été annulé", number)
		}
		return voidCarnet(tx, now, by, c, "perdu : "+reason)
	})
}
