package domain

// Role is what a user may do; enforced below the UI, in one place.
type Role string

const (
	RoleAccueil      Role = "accueil"      // front desk: its prescriber's stock and people
	RoleFormateur    Role = "formateur"    // trainer: its place's sessions and redemptions
	RoleCoordination Role = "coordination" // everything
	RoleLecture      Role = "lecture"      // lookups only
)

// Roles lists the valid roles.
var Roles = []Role{RoleAccueil, RoleFormateur, RoleCoordination, RoleLecture}

// User is someone who acts in passnum, locally or over SSH.
type User struct {
	ID         string
	Name       string
	Role       Role
	Prescriber string   // accueil: the prescriber whose stock they hand over
	Place      string   // formateur: the place they work at
	Keys       []string // SSH public keys (authorized_keys format)
}

// RoleLabel is the French name of a role, for headers.
func (r Role) Label() string {
	switch r {
	case RoleAccueil:
		return "accueil"
	case RoleFormateur:
		return "formateur"
	case RoleCoordination:
		return "coordination"
	case RoleLecture:
		return "lecture seule"
	}
	return string(r)
}
