package domain

// Action is something a user asks passnum to do; Authorize is the one place that says who may.
type Action string

const (
	ActLookup       Action = "lookup"        // read a chèque, carnet, person or place
	ActRegister     Action = "register"      // create or correct a person, record a diagnostic
	ActIssue        Action = "issue"         // hand a carnet over to a person
	ActRedeem       Action = "redeem"        // use a chèque at a place
	ActManageStock  Action = "manage_stock"  // receive, allocate, void carnets
	ActManagePlaces Action = "manage_places" // import and edit places
)

var actionLabels = map[Action]string{
	ActLookup:       "consulter",
	ActRegister:     "enregistrer une personne",
	ActIssue:        "remettre un carnet",
	ActRedeem:       "encaisser un chèque",
	ActManageStock:  "gérer le stock de carnets",
	ActManagePlaces: "gérer les lieux",
}

// Scope narrows an action to a prescriber or a place; empty fields mean "not scoped".
type Scope struct {
	Prescriber string // the prescriber a carnet is allocated to
	Place      string // the place a chèque is redeemed at
}

// Authorize refuses an action the user's role or scope does not allow.
func Authorize(u User, a Action, sc Scope) error {
	deny := func() error {
		return Errorf(KindForbidden, "%s (%s) ne peut pas %s", u.Name, u.Role.Label(), actionLabels[a])
	}
	switch u.Role {
	case RoleCoordination:
		return nil
	case RoleLecture:
		if a == ActLookup {
			return nil
		}
		return deny()
	case RoleAccueil:
		switch a {
		case ActLookup, ActRegister:
			return nil
		case ActIssue:
			if sc.Prescriber != "" && sc.Prescriber != u.Prescriber {
				return Errorf(KindForbidden, "ce carnet est attribué à un autre prescripteur (%s) : %s ne peut remettre que les carnets de %s", sc.Prescriber, u.Name, u.Prescriber)
			}
			return nil
		}
		return deny()
	case RoleFormateur:
		switch a {
		case ActLookup:
			return nil
		case ActRedeem:
			if sc.Place != "" && sc.Place != u.Place {
				return Errorf(KindForbidden, "%s ne peut encaisser des chèques que pour son lieu (%s), pas pour %s", u.Name, u.Place, sc.Place)
			}
			return nil
		}
		return deny()
	}
	return deny()
}
