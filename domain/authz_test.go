package domain

import "testing"

func TestAuthorize(t *testing.T) {
	coord := User{Name: "Coord", Role: RoleCoordination}
	desk := User{Name: "Awa", Role: RoleAccueil, Prescriber: "cs-brassens"}
	trainer := User{Name: "Karim", Role: RoleFormateur, Place: "pimms-creil"}
	reader := User{Name: "Lea", Role: RoleLecture}
	tests := []struct {
		u  User
		a  Action
		sc Scope
		ok bool
	}{
		{coord, ActManageStock, Scope{}, true},
		{coord, ActImport, Scope{}, true},
		{desk, ActImport, Scope{}, false},
		{trainer, ActImport, Scope{}, false},
		{reader, ActImport, Scope{}, false},
		{desk, ActIssue, Scope{Prescriber: "cs-brassens"}, true},
		{desk, ActIssue, Scope{Prescriber: "ml-vallee-oise"}, false},
		{desk, ActRedeem, Scope{Place: "pimms-creil"}, false},
		{desk, ActManageStock, Scope{}, false},
		{trainer, ActRedeem, Scope{Place: "pimms-creil"}, true},
		{trainer, ActRedeem, Scope{Place: "cims-creil"}, false},
		{trainer, ActIssue, Scope{}, false},
		{trainer, ActRegister, Scope{}, false},
		{reader, ActLookup, Scope{}, true},
		{reader, ActRegister, Scope{}, false},
		{User{Name: "?", Role: "inconnu"}, ActLookup, Scope{}, false},
		{trainer, ActManageSessions, Scope{Place: "pimms-creil"}, true},
		{trainer, ActManageSessions, Scope{Place: "cims-creil"}, false},
		{desk, ActManageSessions, Scope{Place: "pimms-creil"}, false},
		{reader, ActManageSessions, Scope{}, false},
		{trainer, ActCancelRedemption, Scope{Place: "pimms-creil", SameDay: true}, true},
		{trainer, ActCancelRedemption, Scope{Place: "pimms-creil"}, false},
		{trainer, ActCancelRedemption, Scope{Place: "cims-creil", SameDay: true}, false},
		{coord, ActCancelRedemption, Scope{Place: "cims-creil"}, true},
		{desk, ActCancelRedemption, Scope{Place: "pimms-creil", SameDay: true}, false},
		{trainer, ActClaims, Scope{Place: "pimms-creil"}, true},
		{trainer, ActClaims, Scope{Place: "cims-creil"}, false},
		{trainer, ActClaims, Scope{}, false},
		{User{Name: "Sans lieu", Role: RoleFormateur}, ActManageSessions, Scope{}, false},
		{trainer, ActClaimPaid, Scope{Place: "pimms-creil"}, false},
		{coord, ActClaimPaid, Scope{}, true},
		{desk, ActBilan, Scope{Prescriber: "cs-brassens"}, true},
		{desk, ActBilan, Scope{Prescriber: "ml-vallee-oise"}, false},
		{trainer, ActBilan, Scope{Prescriber: "cs-brassens", Place: "pimms-creil"}, true},
		{trainer, ActBilan, Scope{Prescriber: "cs-brassens"}, false},
		{reader, ActBilan, Scope{Prescriber: "cs-brassens"}, false},
		{reader, ActReadPeople, Scope{}, false},
		{desk, ActReadPeople, Scope{}, true},
		{trainer, ActReadPeople, Scope{}, true},
		{coord, ActReadPeople, Scope{}, true},
		{desk, ActCancelIssue, Scope{Prescriber: "cs-brassens", SameDay: true}, true},
		{desk, ActCancelIssue, Scope{Prescriber: "cs-brassens"}, false},
		{desk, ActCancelIssue, Scope{Prescriber: "ml-vallee-oise", SameDay: true}, false},
		{desk, ActCancelIssue, Scope{SameDay: true}, false},
		{trainer, ActCancelIssue, Scope{Prescriber: "cs-brassens", SameDay: true}, false},
		{reader, ActCancelIssue, Scope{Prescriber: "cs-brassens", SameDay: true}, false},
		{coord, ActCancelIssue, Scope{Prescriber: "cs-brassens", SameDay: true}, true},
		{desk, ActDeclareLost, Scope{Prescriber: "cs-brassens"}, true},
		{desk, ActDeclareLost, Scope{Prescriber: "ml-vallee-oise"}, false},
		{desk, ActDeclareLost, Scope{}, false},
		{trainer, ActDeclareLost, Scope{Prescriber: "cs-brassens"}, false},
		{reader, ActDeclareLost, Scope{Prescriber: "cs-brassens"}, false},
		{coord, ActDeclareLost, Scope{}, true},
	}
	for _, tt := range tests {
		err := Authorize(tt.u, tt.a, tt.sc)
		if (err == nil) != tt.ok {
			t.Errorf("%s %s %+v: err = %v, want ok=%v", tt.u.Role, tt.a, tt.sc, err, tt.ok)
		}
		if err != nil && KindOf(err) != KindForbidden {
			t.Errorf("%s %s: kind %v, want forbidden", tt.u.Role, tt.a, KindOf(err))
		}
	}
}
