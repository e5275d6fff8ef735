package tui

import (
	"passnum/domain"
	"passnum/tui/coord"
	"passnum/tui/desk"
	"passnum/tui/kit"
	"passnum/tui/trainer"
)

// New opens the desk on the user's home screen.
func New(env *kit.Env) *App { return NewWith(env, home(env)) }

// home is each role's first screen: a trainer starts from their sessions, the coordination
// and the steering committee from the tableau de bord, a front desk from its search. A role
// with its own pages adds its case here.
func home(env *kit.Env) kit.Screen {
	switch env.User.Role {
	case domain.RoleFormateur:
		return trainer.NewHome(env)
	case domain.RoleCoordination, domain.RoleLecture:
		return coord.NewDashboard(env)
	default:
		return desk.NewHome(env)
	}
}
