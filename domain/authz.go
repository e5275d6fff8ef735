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

	// ActCancelIssue takes a hand-over back the same day: the carnet returns to the
	// prescriber's stock (a desk's mistake: wrong person, wrong carnet).
	ActCancelIssue Action = "cancel_issue"
	// ActDeclareLost voids the unused chèques of a carnet its holder lost.
	ActDeclareLost Action = "declare_lost"

	ActManageSessions   Action = "manage_sessions"   // create sessions, keep their sheets and follow-ups
	ActCancelRedemption Action = "cancel_redemption" // undo a redemption made by mistake
	ActClaims           Action = "claims"            // prepare and export a place's contre-paiement claims
	ActClaimPaid        Action = "claim_paid"        // record that a claim was paid
	ActBilan            Action = "bilan"             // read the follow-up of the people a prescriber sent
	ActMerge            Action = "merge"             // merge two records of the same person
	// ActReadPeople reads who a person is (name, birth date, address, who holds a carnet or sits
	// on a sheet): everyone at a desk or a place needs it, the steering committee only counts.
	ActReadPeople Action = "read_people"
	// ActExtendProgramme moves a programme's end later (coordination only).
	ActExtendProgramme Action = "extend_programme"
	// ActCloseProgramme closes a programme once its tolerance is over (coordination only).
	ActCloseProgramme Action = "close_programme"
	// ActOrient sends a person to a place with a note (a desk, for its prescriber).
	ActOrient Action = "orient"
	// ActReadReferrals lists the people sent to a place (its trainers) and reads a person's
	// bilan de parcours.
	ActReadReferrals Action = "read_referrals"
	// ActImport reads a desk's spreadsheet of people into the ledger (coordination only: it
	// touches every prescriber's records at once).
	ActImport Action = "import"
)

var actionLabels = map[Action]string{
	ActLookup:       "consulter",
	ActRegister:     "enregistrer une personne",
	ActIssue:        "remettre un carnet",
	ActCancelIssue:  "annuler la remise d'un carnet",
	ActDeclareLost:  "déclarer un carnet perdu",
	ActRedeem:       "encaisser un chèque",
	ActManageStock:  "gérer le stock de carnets",
	ActManagePlaces: "gérer les lieux",

	ActManageSessions:   "gérer les séances",
	ActCancelRedemption: "annuler un encaissement",
	ActClaims:           "préparer les demandes de remboursement",
	ActClaimPaid:        "enregistrer le paiement d'une demande de remboursement",
	ActBilan:            "consulter le bilan d'un prescripteur",
	ActMerge:            "fusionner deux fiches de personnes",
	ActReadPeople:       "consulter les données nominatives des personnes",
	ActExtendProgramme:  "prolonger un programme",
	ActCloseProgramme:   "clore un programme",
	ActOrient:           "orienter une personne vers un lieu",
	ActReadReferrals:    "consulter les personnes orientées vers un lieu",
	ActImport:           "importer des personnes depuis un tableur",
}

// Scope narrows an action to a prescriber or a place; empty fields mean "not scoped".
type Scope struct {
	Prescriber string // the prescriber a carnet is allocated to
	Place      string // the place a chèque is redeemed at, a session or a claim belongs to
	// SameDay says, when a redemption or a hand-over is cancelled, that it was made today (local
	// calendar): a trainer or a desk may only undo a mistake of the day.
	SameDay bool
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
		if a == ActReadPeople {
			return Errorf(KindForbidden, "%s voit les chiffres du programme, pas les personnes : noms, dates de naissance et adresses sont réservés aux accueils, aux lieux et à la coordination", u.Name)
		}
		if a == ActLookup {
			return nil
		}
		return deny()
	case RoleAccueil:
		switch a {
		case ActLookup, ActRegister, ActReadPeople, ActOrient:
			return nil
		case ActReadReferrals:
			// A desk reads the parcours of a person it may read whole (PersonView), never a
			// place's list.
			if sc.Place != "" {
				return deny()
			}
			return nil
		case ActBilan:
			if sc.Prescriber == "" || sc.Prescriber != u.Prescriber {
				return Errorf(KindForbidden, "%s ne peut consulter que le bilan de son prescripteur (%s)", u.Name, u.Prescriber)
			}
			return nil
		case ActIssue:
			if sc.Prescriber != "" && sc.Prescriber != u.Prescriber {
				return Errorf(KindForbidden, "ce carnet est attribué à un autre prescripteur (%s) : %s ne peut remettre que les carnets de %s", sc.Prescriber, u.Name, u.Prescriber)
			}
			return nil
		case ActCancelIssue, ActDeclareLost:
			// Always about one carnet: "" would mean any prescriber's.
			if sc.Prescriber == "" || sc.Prescriber != u.Prescriber {
				return Errorf(KindForbidden, "ce carnet a été remis par un autre prescripteur : %s ne peut %s que pour les carnets de son prescripteur (%s) ; voyez la coordination", u.Name, actionLabels[a], u.Prescriber)
			}
			if a == ActCancelIssue && !sc.SameDay {
				return Errorf(KindForbidden, "%s ne peut annuler une remise que le jour même : passé ce jour, déclarez le carnet perdu ou voyez la coordination", u.Name)
			}
			return nil
		}
		return deny()
	case RoleFormateur:
		switch a {
		case ActLookup, ActReadPeople:
			return nil
		case ActReadReferrals:
			// Only the people sent to their own place; a parcours (no place) is read when the
			// person is on one of its sheets or was sent there (PersonView).
			if sc.Place != "" && sc.Place != u.Place {
				return Errorf(KindForbidden, "%s ne voit que les personnes orientées vers son lieu (%s), pas vers %s", u.Name, u.Place, sc.Place)
			}
			return nil
		case ActRedeem:
			if sc.Place != "" && sc.Place != u.Place {
				return Errorf(KindForbidden, "%s ne peut encaisser des chèques que pour son lieu (%s), pas pour %s", u.Name, u.Place, sc.Place)
			}
			return nil
		case ActManageSessions, ActClaims:
			// Unlike a redemption, these always name their place: "" would mean every place.
			if sc.Place == "" || sc.Place != u.Place {
				other := sc.Place
				if other == "" {
					other = "tous les lieux"
				}
				return Errorf(KindForbidden, "%s ne peut %s que pour son lieu (%s), pas pour %s", u.Name, actionLabels[a], u.Place, other)
			}
			return nil
		case ActBilan:
			// A trainer reports on what happened at their own place, never on all places.
			if sc.Place == "" || sc.Place != u.Place {
				return Errorf(KindForbidden, "%s ne peut consulter le bilan que pour son lieu (%s) : indiquez --place %s", u.Name, u.Place, u.Place)
			}
			return nil
		case ActCancelRedemption:
			if sc.Place != u.Place {
				return Errorf(KindForbidden, "%s ne peut annuler que les encaissements de son lieu (%s), pas ceux de %s", u.Name, u.Place, sc.Place)
			}
			if !sc.SameDay {
				return Errorf(KindForbidden, "%s ne peut annuler un encaissement que le jour même : passé ce jour, demandez à la coordination", u.Name)
			}
			return nil
		}
		return deny()
	}
	return deny()
}
