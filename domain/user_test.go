package domain

import "testing"

// UserName names a known user, and falls back to the id for one the configuration no longer
// lists or lists without a name.
func TestUserName(t *testing.T) {
	users := []User{{ID: "marie", Name: "Marie Dupont"}, {ID: "anon"}}
	for id, want := range map[string]string{"marie": "Marie Dupont", "anon": "anon", "parti": "parti", "": ""} {
		if got := UserName(users, id); got != want {
			t.Errorf("UserName(%q) = %q, want %q", id, got, want)
		}
	}
}
