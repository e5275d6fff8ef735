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
	// Via says where the user acts from, for the audit of reads: "" (local) or « ssh SHA256:… »,
	// set by the SSH session from the key it proved.
	Via string
}

// From is Via as audit rows write it: « local » or « ssh SHA256:… ».
func (u User) From() string {
	if u.Via == "" {
		return "local"
	}
	return u.Via
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

// UserName is who did something, by name: the name of the user id among users, else the id
// itself (a user no longer in the configuration is still named by something).
func UserName(users []User, id string) string {
	for _, u := range users {
		if u.ID == id && u.Name != "" {
			return u.Name
		}
	}
	return id
}
