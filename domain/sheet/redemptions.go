package sheet

import (
	"fmt"
	"strings"
	"time"

	"passnum/domain"
)

// The fields of a spreadsheet of chèques a place reported as used (import redemptions).
const (
	Cheque Field = "cheque"  // the chèque's printed number
	UsedOn Field = "used_on" // the day it was used
	Place  Field = "place"   // the labelled place that received it, by id or name
	// Session is the place's session the chèque paid (« S12 », as printed on its sheet), when
	// the file says: a workshop costing two chèques, or two workshops the same day.
	Session Field = "session"
)

// Redemptions is the field set of a spreadsheet of used chèques.
var Redemptions = newFieldSet([]Field{Cheque, UsedOn, Place, Session},
	map[Field]string{Cheque: "N° chèque", UsedOn: "Date d'utilisation", Place: "Lieu", Session: "Séance"},
	map[Field][]string{
		Cheque: {"n cheque", "n de cheque", "no cheque", "no de cheque", "num cheque", "numero cheque", "numero de cheque", "numero du cheque",
			"n du cheque", "cheque", "cheque n", "cheques", "n pass", "numero pass", "numero de pass", "pass", "code cheque", "cheque utilise"},
		UsedOn: {"date", "date d utilisation", "date utilisation", "utilise le", "date d encaissement", "date encaissement", "encaisse le",
			"date de l atelier", "date atelier", "date de la seance", "date seance", "date du rendez vous", "used on", "used_on"},
		Place: {"lieu", "structure", "lieu d utilisation", "lieu qualifie", "lieu labellise", "structure labellisee", "structure qualifiee",
			"lieu de formation", "structure d accueil", "lieu de mediation", "organisme", "place"},
		Session: {"seance", "n seance", "n de seance", "no seance", "numero de seance", "numero seance", "code seance", "session"},
	})

// RedemptionRow is one row of a spreadsheet of used chèques as read, before the ledger is
// asked: the chèque, the day and the place as written (id or name), or why the row is refused.
type RedemptionRow struct {
	Line   int
	Cheque string
	Day    time.Time // the calendar day, at midnight UTC
	Place  string
	// Session is the session as written, "" for the holder's individual accompaniment of the day.
	Session string
	// Refusal is why the row is refused before any look-up (« ligne 7, colonne Date : … »);
	// Field is the field it blames.
	Refusal string
	Field   Field
}

// ReadRedemptions reads t's rows under m. place is the place of a file of one place (--place):
// it fills the rows without a place cell. A row is refused when its chèque or date is missing or
// unreadable, it has no place, or its chèque was already given by an earlier row of the file —
// the ledger would take the first and refuse the second anyway, this says where it is.
func ReadRedemptions(t *Table, m Mapping, place string) []RedemptionRow {
	out := make([]RedemptionRow, 0, len(t.Rows))
	first := map[string]int{}
	for _, r := range t.Rows {
		row := RedemptionRow{Line: r.Line, Cheque: strings.TrimSpace(m.Get(r, Cheque)), Place: strings.TrimSpace(m.Get(r, Place)),
			Session: strings.TrimSpace(m.Get(r, Session))}
		if row.Place == "" {
			row.Place = place
		}
		refuse := func(f Field, format string, args ...any) {
			if row.Refusal == "" {
				row.Refusal, row.Field = Where(r.Line, m.ColumnName(f))+" : "+fmt.Sprintf(format, args...), f
			}
		}
		switch {
		case row.Cheque == "":
			refuse(Cheque, "vide — le numéro du chèque est obligatoire")
		case !domain.ValidNumber(row.Cheque):
			refuse(Cheque, "« %s » n'est pas un numéro de chèque (chiffres, lettres, « - », « / » ou « . », 40 au plus ; par exemple 600001-03)", row.Cheque)
		default:
			if prev, dup := first[row.Cheque]; dup {
				refuse(Cheque, "chèque %s déjà dans la ligne %d du fichier — un chèque ne s'utilise qu'une fois", row.Cheque, prev)
			} else {
				first[row.Cheque] = r.Line
			}
		}
		if v := m.Get(r, UsedOn); strings.TrimSpace(v) == "" {
			refuse(UsedOn, "vide — la date d'utilisation est obligatoire (JJ/MM/AAAA)")
		} else if d, err := ParseDate(r.Line, m.ColumnName(UsedOn), v, false, time.Time{}); err != nil {
			if row.Refusal == "" {
				row.Refusal, row.Field = err.Error(), UsedOn // already « ligne 7, colonne Date : … »
			}
		} else {
			row.Day = d
		}
		if row.Place == "" {
			refuse(Place, "vide — le lieu est obligatoire (son identifiant ou son nom ; --place LIEU pour un fichier d'un seul lieu)")
		}
		out = append(out, row)
	}
	return out
}
