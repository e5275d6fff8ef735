package coord_test

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/tui"
	"passnum/tui/coord"
	"passnum/tui/internal/tuitest"
)

// Every page of the coordination, in each of its states, fits a small and a large terminal.
func TestCoordPagesFollowResize(t *testing.T) {
	f := claimsLedger(t, withQPVPopulation)
	env := f.env
	states := []struct {
		name string
		open func(t *testing.T) *tui.App
	}{
		{"tableau de bord", func(t *testing.T) *tui.App { return openHome(t, env) }},
		{"tableau de bord (lecture)", func(t *testing.T) *tui.App {
			e := *env
			e.User = Lecture
			return openHome(t, &e)
		}},
		{"aide du tableau de bord", func(t *testing.T) *tui.App {
			a := openHome(t, env)
			tuitest.Key(t, a, '?')
			return a
		}},
		{"stock", func(t *testing.T) *tui.App { return open(t, env, coord.NewStock(env, env.Programme())) }},
		{"clé de répartition", func(t *testing.T) *tui.App {
			a := open(t, env, coord.NewStock(env, env.Programme()))
			tuitest.Key(t, a, 'k')
			return a
		}},
		{"aperçu de la clé", func(t *testing.T) *tui.App {
			a := open(t, env, coord.NewStock(env, env.Programme()))
			keyForm(t, a, "20", "2")
			enter(t, a)
			return a
		}},
		{"remboursements", func(t *testing.T) *tui.App {
			a := open(t, env, coord.NewClaims(env))
			tuitest.Key(t, a, 'p')
			return a
		}},
		{"chèques d'une demande", func(t *testing.T) *tui.App {
			a := open(t, env, coord.NewClaims(env))
			tuitest.Key(t, a, tea.KeyDown)
			enter(t, a)
			tuitest.Key(t, a, 'p')
			return a
		}},
		{"lieux", func(t *testing.T) *tui.App {
			a := open(t, env, coord.NewPlaces(env))
			tuitest.Type(t, a, "/de")
			return a
		}},
		{"lieu", func(t *testing.T) *tui.App {
			a := open(t, env, coord.NewPlaces(env))
			enter(t, a)
			return a
		}},
		{"annuler un encaissement", func(t *testing.T) *tui.App {
			a := open(t, env, coord.NewCancel(env))
			tuitest.Type(t, a, "600001-04")
			enter(t, a)
			tuitest.Type(t, a, "scanné deux fois par erreur au lieu du chèque suivant du même carnet")
			enter(t, a)
			return a
		}},
		{"carnets perdus", func(t *testing.T) *tui.App {
			a := open(t, env, coord.NewVoid(env))
			tuitest.Type(t, a, "600010-600020, 600025")
			enter(t, a)
			tuitest.Type(t, a, "perdus lors du déménagement de l'antenne")
			enter(t, a)
			return a
		}},
		{"exports", func(t *testing.T) *tui.App {
			a := open(t, env, coord.NewExports(env, env.Programme()))
			tuitest.Key(t, a, 'x')
			return a
		}},
		{"importer des personnes", func(t *testing.T) *tui.App {
			a := open(t, env, coord.NewImport(env))
			tuitest.Key(t, a, tea.KeyTab)
			return a
		}},
		{"consulter", func(t *testing.T) *tui.App {
			a := openHome(t, env)
			tuitest.Key(t, a, 'c')
			tuitest.Type(t, a, "600001")
			enter(t, a)
			return a
		}},
	}
	for _, st := range states {
		t.Run(st.name, func(t *testing.T) {
			a := st.open(t)
			for _, size := range [][2]int{{60, 16}, {120, 40}, {80, 24}} {
				tuitest.Send(t, a, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				fits(t, tuitest.Screen(a), size[0], size[1], fmt.Sprintf("%s (%s)", st.name, a.Top().Title()))
			}
		})
	}
}
