package coord

import (
	"strings"
	"testing"
)

// TestSSHImportCommandPastes: the command the screen gives over SSH keeps a sheet name with an
// apostrophe, a file name with spaces and the Colonnes field.
func TestSSHImportCommandPastes(t *testing.T) {
	got := sshImport(importInput{path: "/tmp/Suivi Pass 2026.xlsx", sheet: "Liste d'attente", columns: "Né(e) le=birth_date", consent: true})
	for _, want := range []string{
		"import people - --format xlsx --sheet 'Liste d'\\''attente' --map 'Né(e) le=birth_date' --consent --dry-run < 'Suivi Pass 2026.xlsx'",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("SSH command %q lacks %q", got, want)
		}
	}
}
