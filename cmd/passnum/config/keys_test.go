package config

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// testKey is a fresh ed25519 public key as a .pub line (without comment) and its fingerprint.
func testKey(t *testing.T) (line, fp string) {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k))), ssh.FingerprintSHA256(k)
}

// withKeys gives coord and accueil-cs of valid.toml these keys = [] lines (nil: none).
func withKeys(t *testing.T, coord, accueil []string) string {
	t.Helper()
	toml := func(keys []string) string {
		if keys == nil {
			return ""
		}
		q := make([]string, len(keys))
		for i, k := range keys {
			q[i] = fmt.Sprintf("%q", k)
		}
		return "keys = [" + strings.Join(q, ", ") + "]\n"
	}
	base := readTestdata(t, "valid.toml")
	out := strings.Replace(base, "role = \"coordination\"\n", "role = \"coordination\"\n"+toml(coord), 1)
	out = strings.Replace(out, "prescriber = \"cs\"\n\n[[communes]]", "prescriber = \"cs\"\n"+toml(accueil)+"\n[[communes]]", 1)
	if (coord != nil || accueil != nil) && out == base {
		t.Fatal("valid.toml changed: keys could not be added")
	}
	return out
}

func TestSSHKeysAccepted(t *testing.T) {
	a, _ := testKey(t)
	b, _ := testKey(t)
	cfg, err := Parse([]byte(withKeys(t, []string{a + " coord@poste", "  " + b + "  "}, nil)), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	u, _ := cfg.User("coord")
	if len(u.Keys) != 2 || u.Keys[0] != a+" coord@poste" || u.Keys[1] != b {
		t.Fatalf("keys = %q", u.Keys)
	}
}

func TestSSHKeysRefused(t *testing.T) {
	key, fp := testKey(t)
	other, _ := testKey(t)
	tests := []struct {
		name           string
		coord, accueil []string
		want           []string
		not            []string
	}{
		// One key, one user, whatever the prefix or the comment: before, an option prefix made
		// the « first two words » differ and the key belonged to both users.
		{"same key, option prefix", []string{key + " coord@poste"}, []string{"no-pty " + key + " accueil@poste"},
			[]string{"utilisateur accueil-cs : clé SSH n° 1 : option « no-pty » refusée", "retirez-la de la ligne « no-pty ssh-ed25519 AAAAC3NzaC1lZDI1…"},
			nil},
		{"same key, other comment", []string{key + " coord@poste"}, []string{other, key + " autre-commentaire"},
			[]string{"utilisateur accueil-cs : la clé SSH n° 2 (" + fp + ") est déjà celle de utilisateur coord : une clé doit désigner un seul utilisateur"},
			nil},
		{"from= option", []string{`from="10.0.0.0/8" ` + key + " coord@poste"}, nil,
			[]string{`utilisateur coord : clé SSH n° 1 : option « from="10.0.0.0/8" » refusée`, "passnum n'applique pas les options d'authorized_keys"},
			nil},
		{"command= and no-pty", []string{`command="lookup 1",no-pty ` + key}, nil,
			[]string{`utilisateur coord : clé SSH n° 1 : options « command="lookup 1",no-pty » refusées`, "retirez-les de la ligne"},
			nil},
		{"not a key", []string{"bonjour tout le monde"}, nil,
			[]string{"utilisateur coord : clé SSH n° 1 illisible : « bonjour tout le monde » n'est pas une clé publique SSH", "collez la ligne entière du fichier .pub"},
			[]string{"ssh:"}},
		{"damaged base64", []string{"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBroken me@poste"}, nil,
			[]string{"utilisateur coord : clé SSH n° 1 illisible"},
			[]string{"ssh:", "illegal base64"}},
		{"empty key", []string{"  "}, nil,
			[]string{"utilisateur coord : clé SSH n° 1 vide"},
			nil},
		{"two keys in one item", []string{key + " a\n" + other + " b"}, nil,
			[]string{"utilisateur coord : clé SSH n° 1 : plusieurs lignes dans un seul élément de keys"},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(withKeys(t, tt.coord, tt.accueil)), t.TempDir())
			msg := invalidMessage(t, err)
			assertContains(t, msg, tt.want...)
			for _, n := range tt.not {
				if strings.Contains(msg, n) {
					t.Errorf("message contains %q:\n%s", n, msg)
				}
			}
		})
	}
}
