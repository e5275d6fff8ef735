package config

import (
	"bytes"
	"strings"

	"golang.org/x/crypto/ssh"
)

// sshKey checks one line of a user's keys and returns its SHA256 fingerprint, or "" with the
// problem added. A line is one public key as a .pub file holds it: type, base64, an optional
// comment. authorized_keys options (from=, command=, no-pty…) are refused, not ignored: passnum
// does not apply them, and a key that looked restricted would not be.
func (p *problems) sshKey(where string, n int, line string) string {
	const example = "ex. \"ssh-ed25519 AAAAC3Nza… marie@poste\""
	if line == "" {
		p.add(where, "clé SSH n° %d vide : collez la ligne entière du fichier .pub, %s", n, example)
		return ""
	}
	pub, _, options, rest, err := ssh.ParseAuthorizedKey([]byte(line))
	switch {
	case err != nil:
		p.add(where, "clé SSH n° %d illisible : « %s » n'est pas une clé publique SSH (le type, la clé en base64, puis un commentaire facultatif) : collez la ligne entière du fichier .pub, %s",
			n, keyExcerpt(line), example)
		return ""
	case len(options) > 0:
		p.add(where, "clé SSH n° %d : option%s « %s » refusée%s : passnum n'applique pas les options d'authorized_keys (from=, command=, no-pty…), la clé ouvrirait une session sans elles ; retirez-%s de la ligne « %s » et gardez le type, la clé et le commentaire",
			n, plural(len(options)), strings.Join(options, ","), plural(len(options)), pronoun(len(options)), keyExcerpt(line))
		return ""
	case len(bytes.TrimSpace(rest)) > 0:
		p.add(where, "clé SSH n° %d : plusieurs lignes dans un seul élément de keys (« %s ») : mettez une clé par élément, keys = [\"…\", \"…\"]", n, keyExcerpt(line))
		return ""
	}
	if _, ok := pub.(*ssh.Certificate); ok {
		p.add(where, "clé SSH n° %d : « %s » est un certificat, pas une clé publique : collez la ligne du fichier .pub de la clé elle-même, %s", n, keyExcerpt(line), example)
		return ""
	}
	return ssh.FingerprintSHA256(pub)
}

// keyExcerpt shows a key line in a message: its words, the long base64 one shortened.
func keyExcerpt(line string) string {
	words := strings.Fields(line)
	for i, w := range words {
		if r := []rune(w); len(r) > 24 {
			words[i] = string(r[:16]) + "…" + string(r[len(r)-4:])
		}
	}
	return strings.Join(words, " ")
}

func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

func pronoun(n int) string {
	if n > 1 {
		return "les"
	}
	return "la"
}
