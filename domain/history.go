package domain

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// AuditEntry is one row of the journal as the store wrote it: the action code and the raw
// before/after/detail texts. The texts are never rewritten in the ledger (anonymisation matches
// names in them); HistoryLine words them for a person, JSON outputs and exports keep them raw.
type AuditEntry struct {
	At                                  time.Time // already in the zone to show
	User, Action, Before, After, Detail string
}

// HistoryNames turns the ids a journal row names into what a person reads. Each returns "" when
// it does not know the id (or may not say it); HistoryLine then words the row without it.
type HistoryNames struct {
	User, Person, Place, Prescriber, Public func(id string) string
}

func (n HistoryNames) name(f func(string) string, id string) string {
	if f == nil || id == "" {
		return ""
	}
	return f(id)
}

// HistoryLine is one journal row as a French sentence, dated: « 01/12/2026 14:03 — remis à Inès
// HADDAD par Accueil du centre social Georges Brassens ».
func HistoryLine(e AuditEntry, n HistoryNames) string {
	return e.At.Format("02/01/2006 15:04") + " — " + HistorySentence(e, n)
}

// HistorySentence is HistoryLine without the date.
func HistorySentence(e AuditEntry, n HistoryNames) string {
	s := agreeCounts(historyWhat(e, n))
	if by := n.name(n.User, e.User); by != "" && !strings.HasPrefix(e.Action, "ssh.") {
		i := clauseEnd(s)
		s = s[:i] + " par " + by + s[i:]
	}
	return s
}

// clauseEnd is where the main clause of a sentence ends: its first « : » or « ; » outside
// parentheses and quotes (what follows is the reason or the detail), else its end.
func clauseEnd(s string) int {
	depth := 0
	for i, r := range s {
		switch r {
		case '(', '«':
			depth++
		case ')', '»':
			depth--
		case ':', ';':
			if depth == 0 && i > 0 && s[i-1] == ' ' {
				return i - 1
			}
		}
	}
	return len(s)
}

// HistoryPlaceIDs lists the place ids the rows name, for a caller to resolve their names.
func HistoryPlaceIDs(entries []AuditEntry) []string {
	var out []string
	for _, e := range entries {
		id := ""
		switch e.Action {
		case "cheque.redeem", "cheque.import", "session.create", "session.edit":
			id, _ = placeOf(e.Detail)
		case "cheque.cancel":
			id = cancelParts(e.Detail).place
		case "claim.prepare":
			id, _, _ = strings.Cut(e.Detail, ", ")
		}
		if id != "" && !contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// HistoryPersonIDs lists the person numbers the rows name, for a caller who may read people to
// resolve their names.
func HistoryPersonIDs(entries []AuditEntry) []string {
	var out []string
	add := func(id string) {
		if _, err := strconv.ParseInt(id, 10, 64); err == nil && !contains(out, id) {
			out = append(out, id)
		}
	}
	for _, e := range entries {
		switch e.Action {
		case "carnet.issue":
			if rest, ok := strings.CutPrefix(e.Detail, "personne "); ok {
				id, _, _ := strings.Cut(rest, ",")
				add(id)
			}
		case "carnet.unissue":
			if rest, ok := strings.CutPrefix(e.Detail, "remise à la personne n°"); ok {
				id, _, _ := strings.Cut(rest, " ")
				add(id)
			}
		case "person.not_duplicate":
			for _, id := range strings.Split(strings.TrimPrefix(e.Detail, "pas la même personne que "), ", ") {
				add(id)
			}
		}
	}
	return out
}

// placeOf reads « lieu ID[, rest] ».
func placeOf(detail string) (id, rest string) {
	r, ok := strings.CutPrefix(detail, "lieu ")
	if !ok {
		return "", detail
	}
	id, rest, _ = strings.Cut(r, ", ")
	return id, rest
}

// with appends « : text » when there is one.
func with(s, text string) string {
	if text = strings.TrimSpace(text); text != "" {
		return s + " : " + text
	}
	return s
}

func historyWhat(e AuditEntry, n HistoryNames) string {
	person := func(id string) string {
		if name := n.name(n.Person, id); name != "" {
			return name
		}
		return "la personne de la fiche n°" + id
	}
	place := func(id string) string {
		if name := n.name(n.Place, id); name != "" {
			return name
		}
		return "un lieu du programme"
	}
	prescriber := func(id string) string {
		if name := n.name(n.Prescriber, id); name != "" {
			return name
		}
		return "un prescripteur"
	}
	d := e.Detail
	switch e.Action {
	case "carnet.receive":
		return with("carnets reçus", d)
	case "carnet.allocate":
		rest, _ := strings.CutPrefix(d, "prescripteur ")
		id, key, _ := strings.Cut(rest, ", ")
		s := "attribué à " + prescriber(id)
		if key != "" {
			s += " (" + key + ")"
		}
		return s
	case "carnet.issue":
		if d == "" {
			return "remis"
		}
		parts := strings.Split(d, ", ")
		s := "remis"
		for i, p := range parts {
			if id, ok := strings.CutPrefix(p, "personne "); ok && i == 0 {
				s += " à " + person(id)
			} else if pub, ok := strings.CutPrefix(p, "public "); ok {
				if name := n.name(n.Public, pub); name != "" {
					s += ", public « " + name + " »"
				}
			} else {
				s += ", " + strings.Join(parts[i:], ", ")
				break
			}
		}
		return s
	case "carnet.unissue":
		if d == "" {
			return "remise annulée le jour même"
		}
		s := "remise annulée le jour même"
		if rest, ok := strings.CutPrefix(d, "remise à la personne n°"); ok {
			id, _, _ := strings.Cut(rest, " ")
			if name := n.name(n.Person, id); name != "" {
				s = "remise à " + name + " annulée le jour même"
			}
		}
		_, reason, _ := strings.Cut(d, "stock du prescripteur : ")
		return with(s, reason)
	case "carnet.void":
		return with("carnet annulé", d)
	case "carnet.transfer", "carnet.return":
		rest, _ := strings.CutPrefix(d, "de ")
		if from, reason, ok := strings.Cut(rest, " au stock central : "); ok {
			return with("rendu par "+prescriber(from)+" au stock central", reason)
		}
		from, rest, _ := strings.Cut(rest, " à ")
		to, reason, _ := strings.Cut(rest, " : ")
		return with("transféré de "+prescriber(from)+" à "+prescriber(to), reason)
	case "cheque.redeem":
		id, rest := placeOf(d)
		s := "chèque utilisé à " + place(id)
		if sess, ok := strings.CutPrefix(rest, "séance "); ok && sess != "" {
			s += " (séance " + sess + ")"
		}
		return s
	case "cheque.import":
		// « lieu P, séance S ; utilisé le 05/03/2026, import fichier X, ligne 7 »
		id, rest := placeOf(d)
		sess, note, _ := strings.Cut(rest, " ; ")
		when, source, _ := strings.Cut(note, ", ")
		s := "chèque " + when + " à " + place(id)
		if sess, ok := strings.CutPrefix(sess, "séance "); ok && sess != "" {
			s += " (séance " + sess + ")"
		}
		return with(s+", importé", source)
	case "cheque.cancel":
		c := cancelParts(d)
		if c.place == "" {
			return with("utilisation du chèque annulée", d)
		}
		s := "utilisation du " + c.when + " à " + place(c.place)
		if c.session != "" {
			s += " (séance " + c.session + ")"
		}
		return with(s+" annulée", c.reason)
	case "cheque.claim":
		return "compté dans la " + claimName(d)
	case "cheque.reimburse":
		return "remboursé (" + claimName(d) + ")"
	case "claim.prepare":
		id, rest, _ := strings.Cut(d, ", ")
		month, counts, _ := strings.Cut(rest, " : ")
		var k int
		var cents int64
		if _, err := fmt.Sscanf(counts, "%d chèque(s), %d centimes", &k, &cents); err != nil {
			return with("demande de remboursement préparée", d)
		}
		return fmt.Sprintf("demande de remboursement préparée pour %s, %s : %s, %s", place(id), month, Plural(k, "chèque", "chèques"), Euros(cents))
	case "claim.paid":
		var cents int64
		if _, err := fmt.Sscanf(d, "%d centimes", &cents); err == nil {
			return "demande payée : " + Euros(cents)
		}
		return with("demande payée", d)
	case "programme.close":
		var unused, open int
		var credit, rest string
		if _, err := fmt.Sscanf(d, "%d chèque(s) non utilisé(s), avoir ", &unused); err == nil {
			_, after, _ := strings.Cut(d, ", avoir ")
			credit, rest, _ = strings.Cut(after, ", ")
			if _, err := fmt.Sscanf(rest, "%d demande(s)", &open); err == nil {
				amount := rest[strings.LastIndex(rest, "(")+1:]
				return fmt.Sprintf("programme clos : %s, avoir %s, %s (%s", Plural(unused, "chèque non utilisé", "chèques non utilisés"), credit,
					Plural(open, "demande de remboursement ouverte", "demandes de remboursement ouvertes"), amount)
			}
		}
		return with("programme clos", d)
	case "programme.extend":
		s := "programme prolongé"
		if b, err := time.Parse("2006-01-02", e.Before); err == nil {
			s += " du " + ShortDate(b)
		}
		if a, err := time.Parse("2006-01-02", e.After); err == nil {
			s += " au " + ShortDate(a)
		}
		return with(s, strings.TrimPrefix(d, "motif : "))
	case "diagnostic.save":
		if e.After == "" {
			return "diagnostic enregistré (incomplet)"
		}
		return "diagnostic enregistré, profil " + LevelLabel(Level(e.After))
	case "person.add":
		return "fiche créée"
	case "person.update":
		return "fiche corrigée"
	case "person.household":
		return d
	case "person.merge":
		return "fusion de fiches : " + d
	case "person.not_duplicate":
		ids := strings.Split(strings.TrimPrefix(d, "pas la même personne que "), ", ")
		var names []string
		for _, id := range ids {
			if name := n.name(n.Person, id); name != "" {
				names = append(names, name)
			} else {
				names = append(names, "la fiche n°"+id)
			}
		}
		return "pas la même personne que " + strings.Join(names, ", ")
	case "person.orient":
		return "orientation " + d
	case "person.unorient":
		return d // « orientation vers CIMS retirée (motif au dossier) »
	case "person.anonymise":
		return d
	case "person.read":
		s := "fiche consultée"
		if w := readWhat(e.After); w != "" {
			s += " (" + w + ")"
		}
		if e.Detail == "local" {
			s += " sur ce poste"
		} else if strings.HasPrefix(e.Detail, "ssh") {
			s += " à distance (SSH)"
		}
		return s
	case "place.add":
		return "lieu ajouté par l'import"
	case "place.update":
		return "lieu mis à jour par l'import"
	case "place.set":
		return "lieu modifié"
	case "session.create":
		_, rest := placeOf(d)
		if num, ok := strings.CutSuffix(strings.TrimPrefix(rest, "chèque "), " encaissé sans séance"); ok {
			return "accompagnement individuel créé pour le chèque " + num
		}
		return "séance créée"
	case "session.edit":
		return "séance modifiée : " + e.Before + " → " + e.After
	case "session.close":
		var lines, refused int
		if _, err := fmt.Sscanf(d, "%d ligne(s), %d refus", &lines, &refused); err == nil {
			return fmt.Sprintf("séance clôturée : %s, %d refus", Plural(lines, "ligne", "lignes"), refused)
		}
		return with("séance clôturée", d)
	case "session.attend":
		if e.Before != "" {
			who, _, _ := strings.Cut(d, " : ")
			return fmt.Sprintf("chèque refusé remplacé pour %s (%s → %s)", who, strings.TrimPrefix(e.Before, "chèque "), strings.TrimPrefix(e.After, "chèque "))
		}
		who := e.After
		if _, ok := strings.CutPrefix(who, "participant anonyme n°"); ok {
			who = "un participant anonyme"
		} else if _, ok := strings.CutPrefix(who, "participant n°"); ok {
			who = "un participant"
		}
		s := who + " inscrit sur la feuille"
		if num, ok := strings.CutPrefix(d, "chèque "); ok {
			s += " (chèque " + num + ")"
		}
		return s
	case "session.presence":
		return fmt.Sprintf("%s noté %s (était %s)", d, e.After, e.Before)
	case "session.follow_up":
		rest, _ := strings.CutPrefix(d, "séance ")
		sess, comment, _ := strings.Cut(rest, " : ")
		s := "suivi après la séance " + sess
		if e.After != "" {
			s += ", autonomie « " + e.After + " »"
		}
		return with(s, comment)
	case string(AccessStart):
		return "connexion SSH " + strings.TrimSpace(d)
	case string(AccessEnd):
		return "fin de connexion SSH " + strings.TrimSpace(d)
	case string(AccessRefused):
		return "connexion SSH refusée " + strings.TrimSpace(d)
	}
	return with("opération enregistrée", d)
}

// claimName reads « demande ID ».
func claimName(detail string) string {
	if id, ok := strings.CutPrefix(detail, "demande "); ok {
		return "demande de remboursement " + id
	}
	return "demande de remboursement"
}

// readWhat is what was opened, in words.
func readWhat(what string) string {
	switch what {
	case "lookup":
		return "recherche rapide"
	case "eligibility":
		return "éligibilité"
	case "fiche", "":
		return ""
	}
	return what
}

type cancelled struct{ when, place, session, reason string }

// cancelParts reads « encaissement du DATE HEURE à ID[ (séance S)] annulé : motif ».
func cancelParts(d string) cancelled {
	rest, ok := strings.CutPrefix(d, "encaissement du ")
	if !ok {
		return cancelled{}
	}
	head, reason, _ := strings.Cut(rest, " annulé : ")
	when, where, _ := strings.Cut(head, " à ")
	c := cancelled{when: when, reason: reason}
	if id, sess, ok := strings.Cut(where, " (séance "); ok {
		c.place, c.session = id, strings.TrimSuffix(sess, ")")
	} else {
		c.place = where
	}
	return c
}

// agreeCounts writes the « (s) » of the ledger's texts (« 1 carnet(s), 3 place(s) ») as the
// count before it asks: each « (s) » takes the number nearest before it in its clause.
func agreeCounts(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "(s)")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		head := s[:i]
		clause := head[strings.LastIndexAny(head, ",;:")+1:]
		many := true
		if f := strings.Fields(clause); len(f) > 0 {
			for j := len(f) - 1; j >= 0; j-- {
				if k, err := strconv.Atoi(f[j]); err == nil {
					many = k > 1 || k < -1
					break
				}
			}
		}
		b.WriteString(head)
		if many {
			b.WriteString("s")
		}
		s = s[i+3:]
	}
}
