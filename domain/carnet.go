package domain

import (
	"fmt"
	"time"
)

// CarnetState is where a carnet stands in its lifecycle.
type CarnetState string

const (
	CarnetInStock   CarnetState = "en_stock" // received from the operator
	CarnetAllocated CarnetState = "attribue" // allocated to a prescriber
	CarnetIssued    CarnetState = "remis"    // handed over to a person
	CarnetVoid      CarnetState = "annule"   // lost or voided
)

// ChequeState is where a chèque stands in its lifecycle.
type ChequeState string

const (
	ChequeInactive   ChequeState = "inactif"    // its carnet is not handed over yet
	ChequeAvailable  ChequeState = "disponible" // its carnet is handed over: usable
	ChequeUsed       ChequeState = "utilise"    // redeemed at a place
	ChequeReimbursed ChequeState = "rembourse"  // claimed and paid back to the place
	ChequeExpired    ChequeState = "expire"
	ChequeVoid       ChequeState = "annule"
)

// Carnet is a booklet of chèques.
type Carnet struct {
	Number      string
	Programme   string
	State       CarnetState
	Prescriber  string
	PersonID    int64
	ReceivedAt  time.Time
	AllocatedAt time.Time
	IssuedAt    time.Time
	VoidReason  string
	Public      string // id of the public the person matched at the hand-over
	Cheques     []Cheque
}

// Cheque is one voucher of a carnet.
type Cheque struct {
	Number    string
	Carnet    string
	Position  int
	State     ChequeState
	UsedAt    time.Time
	UsedPlace string
	PlaceName string
	Session   string
}

var carnetMoves = map[CarnetState][]CarnetState{
	CarnetInStock:   {CarnetAllocated, CarnetVoid},
	CarnetAllocated: {CarnetIssued, CarnetInStock, CarnetVoid},
	CarnetIssued:    {CarnetVoid},
}

// CarnetTransition refuses any move the lifecycle does not allow, saying why in French.
func CarnetTransition(number string, from, to CarnetState) error {
	if contains(carnetMoves[from], to) {
		return nil
	}
	return Errorf(KindConflict, "le carnet %s est %s : impossible de le passer à l'état %s", number, CarnetStateLabel(from), CarnetStateLabel(to))
}

// Progress is the derived progress of an issued carnet: entamé when one chèque is used, épuisé
// when all are.
func (c Carnet) Progress() string {
	used := 0
	for _, ch := range c.Cheques {
		if ch.State == ChequeUsed || ch.State == ChequeReimbursed {
			used++
		}
	}
	switch {
	case c.State != CarnetIssued || used == 0:
		return ""
	case used == len(c.Cheques):
		return "epuise"
	default:
		return "entame"
	}
}

// CarnetStateLabel is the French label of a carnet state.
func CarnetStateLabel(s CarnetState) string {
	switch s {
	case CarnetInStock:
		return "en stock"
	case CarnetAllocated:
		return "attribué à un prescripteur"
	case CarnetIssued:
		return "remis à une personne"
	case CarnetVoid:
		return "annulé"
	}
	return string(s)
}

// ChequeStateLabel is the French label of a chèque state.
func ChequeStateLabel(s ChequeState) string {
	switch s {
	case ChequeInactive:
		return "pas encore remis"
	case ChequeAvailable:
		return "disponible"
	case ChequeUsed:
		return "utilisé"
	case ChequeReimbursed:
		return "remboursé"
	case ChequeExpired:
		return "expiré"
	case ChequeVoid:
		return "annulé"
	}
	return string(s)
}

// ChequeNumber is the printed number of the chèque at a position (1-based) of a carnet, when
// the operator's file does not give one: carnet number, "-", two-digit position.
func ChequeNumber(carnet string, position int) string {
	return fmt.Sprintf("%s-%02d", carnet, position)
}

// RedeemRefusal explains why a chèque in the given state cannot be redeemed.
func RedeemRefusal(ch Cheque) error {
	switch ch.State {
	case ChequeAvailable:
		return nil
	case ChequeUsed, ChequeReimbursed:
		where := ch.PlaceName
		if where == "" {
			where = ch.UsedPlace
		}
		return Errorf(KindConflict, "chèque %s déjà utilisé le %s à %s (%s)", ch.Number,
			ch.UsedAt.Local().Format("02/01/2006"), ch.UsedAt.Local().Format("15:04"), where)
	case ChequeInactive:
		return Errorf(KindConflict, "chèque %s pas encore remis : son carnet %s n'a pas été remis à une personne", ch.Number, ch.Carnet)
	case ChequeVoid:
		return Errorf(KindConflict, "chèque %s annulé : son carnet %s a été annulé", ch.Number, ch.Carnet)
	case ChequeExpired:
		return Errorf(KindConflict, "chèque %s expiré", ch.Number)
	}
	return Errorf(KindConflict, "chèque %s dans un état inattendu : %s", ch.Number, ch.State)
}
