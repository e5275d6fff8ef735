package desk_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/tui/desk"
	"passnum/tui/internal/tuitest"
)

// The commune field takes a name or a postal code typed letter by letter, and says when what
// is typed fits several communes or none.
func TestPersonFormCommuneByNameOrPostalCode(t *testing.T) {
	tests := []struct {
		name   string
		typed  string
		chosen string // the commune shown in the field
		err    string // said under the field, "" for nothing
	}{
		{"nom sans accent", "villers", "◂ Villers-Saint-Paul ▸", ""},
		{"abréviation", "st max", "◂ Saint-Maximin ▸", ""},
		{"code postal", "60180", "◂ Nogent-sur-Oise ▸", ""},
		{"code postal partagé", "60160", "◂ Montataire ▸", "« 60160 » désigne plusieurs communes du territoire"},
		{"inconnue", "lens", "", "commune « lens » inconnue du territoire"}, // « le » had gone to Saint-Leu
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := tuitest.Env(t)
			a := tuitest.Open(t, env, desk.NewPersonForm(env, nil))
			for range 3 {
				tuitest.Key(t, a, tea.KeyTab) // nom, prénom, date de naissance: to the commune
			}
			tuitest.MustContain(t, tuitest.Screen(a), "◂ Creil ▸")
			tuitest.Type(t, a, tt.typed)
			if tt.chosen != "" {
				tuitest.MustContain(t, tuitest.Screen(a), tt.chosen)
			}
			f := a.Top().(*desk.PersonForm)
			if got := f.Err(desk.FfCommune); tt.err == "" && got != "" || tt.err != "" && !strings.Contains(got, tt.err) {
				t.Fatalf("under the field: %q, want %q", got, tt.err)
			}
		})
	}
}
