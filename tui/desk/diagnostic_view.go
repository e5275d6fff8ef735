package desk

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"passnum/domain"
	"passnum/tui/kit"
)

// Rendering of the context steps and the items; the result is in diagnostic_result.go.

var contextTitles = [contextSteps]struct{ name, question, keys string }{
	stepMotif: {"Motif de la venue",
		"Qu'est-ce qui vous amène ? Une ou deux réponses, la plus importante d'abord.",
		"entrée : continuer · 1 à 0, ou ↑/↓ puis espace : cocher / décocher"},
	stepEquipment: {"Équipement",
		"Avez-vous… ?",
		"entrée : continuer · 1 à 3, ou ↑/↓ puis espace : changer · o / n : oui / non puis ligne suivante"},
	stepCommune: {"Commune",
		"Dans quelle commune habitez-vous ?",
		"entrée : continuer · ↑/↓ (pg↑/pg↓) : choisir · une lettre : commune suivante par son initiale"},
	stepMobility: {"Déplacement",
		"Jusqu'où pouvez-vous vous déplacer ?",
		"1 à 3 : choisir et continuer · ou ↑/↓ puis entrée"},
	stepSupport: {"Accueil spécifique",
		"Avez-vous besoin d'un accueil particulier ? Plusieurs réponses possibles, ou aucune.",
		"1 à 5, ou ↑/↓ puis espace : cocher / décocher · entrée : continuer (même sans rien cocher)"},
	stepPreference: {"Préférence",
		"Comment préférez-vous être accompagné(e) ?",
		"1 à 3 : choisir et continuer · ou ↑/↓ puis entrée · g : gratuité requise oui / non"},
	stepUrgent: {"Urgence",
		"Avez-vous une démarche à faire avec une date limite dans les 15 jours ?",
		"o / n : répondre et passer aux questions · ou ↑/↓ puis entrée"},
}

// View draws the current step in w × h cells.
func (d *Diagnostic) View(w, h int) string {
	switch d.phase {
	case diagItems:
		return d.itemView(w)
	case diagComputing:
		return kit.StyleMuted.Render("Calcul du résultat et recherche des lieux…")
	case diagResult:
		return d.resultView(w, h)
	}
	return d.contextView(w, h)
}

// SetSize is given the size the step is drawn at after every message (kit.Sized): pgup/pgdown
// move by its height, and the result's scroll (and the jump to the excluded places) is laid out
// here, in Update, not while drawing.
func (d *Diagnostic) SetSize(w, h int) {
	d.pageHeight = h
	if d.phase == diagResult {
		d.scroll = d.resultScroll(strings.Split(d.resultContent(w), "\n"), h)
		d.jumpExcluded = false
	}
}

// diagLine marks the line under the cursor without relying on colour.
func diagLine(selected bool, s string) string {
	if selected {
		return kit.StyleSelected.Render("▸ " + s)
	}
	return "  " + s
}

func check(on bool) string {
	if on {
		return "[x]"
	}
	return "[ ]"
}

func radio(on bool) string {
	if on {
		return "(•)"
	}
	return "( )"
}

// listKey is the number key of line i in a list numbered 1…9 then 0.
func listKey(i int) string {
	if i == 9 {
		return "0"
	}
	return strconv.Itoa(i + 1)
}

func (d *Diagnostic) contextView(w, h int) string {
	t := contextTitles[d.step]
	var b strings.Builder
	b.WriteString(kit.StyleBold.Render(fmt.Sprintf("Étape %d/%d · %s", d.step+1, contextSteps, t.name)) +
		kit.StyleMuted.Render("   (puis 14 questions)") + "\n")
	b.WriteString(frenchWrap(t.question, w) + "\n\n")
	var lines []string
	switch d.step {
	case stepMotif:
		for i, m := range domain.Motifs {
			box := "[ ]"
			if j := slices.Index(d.motifs, m.Need); j >= 0 {
				box = "[" + strconv.Itoa(j+1) + "]"
			}
			lines = append(lines, diagLine(i == d.cursor, listKey(i)+" "+box+" "+m.Label))
		}
	case stepEquipment:
		eq := d.equipment
		for i, it := range []struct {
			label string
			on    bool
		}{{"Un smartphone", eq.Smartphone}, {"Un ordinateur ou une tablette", eq.Computer}, {"Internet à la maison ou un forfait mobile", eq.Internet}} {
			yes := "non"
			if it.on {
				yes = "oui"
			}
			lines = append(lines, diagLine(i == d.cursor, fmt.Sprintf("%d %s %-42s %s", i+1, check(it.on), it.label, yes)))
		}
	case stepCommune:
		lines = d.communeLines(h - 6)
	case stepMobility:
		lines = choiceLines(domain.Mobilities, d.mobility, d.cursor)
	case stepSupport:
		for i, s := range domain.SupportNeeds {
			lines = append(lines, diagLine(i == d.cursor, listKey(i)+" "+check(slices.Contains(d.support, s.Code))+" "+s.Label))
		}
	case stepPreference:
		lines = choiceLines(domain.Preferences, d.preference, d.cursor)
		free := "non : les lieux payants sont possibles"
		if d.freeOnly {
			free = "oui"
		}
		lines = append(lines, "", "  g Gratuité requise : "+kit.StyleBold.Render(free))
	case stepUrgent:
		lines = []string{
			diagLine(d.cursor == 0, "o "+radio(d.urgent)+" Oui : une démarche à faire dans les 15 jours"),
			diagLine(d.cursor == 1, "n "+radio(!d.urgent)+" Non"),
		}
	}
	b.WriteString(strings.Join(lines, "\n") + "\n")
	if d.hint != "" {
		b.WriteString("\n" + styleLines(kit.StyleWarn, frenchWrap(d.hint, w)) + "\n")
	}
	// How to go on is said first and, on a short screen, without the blank line above it.
	keys := styleLines(kit.StyleMuted, frenchWrap(t.keys, w))
	if strings.Count(b.String(), "\n")+1+strings.Count(keys, "\n")+1 <= h {
		b.WriteString("\n")
	}
	b.WriteString(keys)
	return b.String()
}

func choiceLines(choices []domain.DiagChoice, chosen, cursor int) []string {
	var out []string
	for i, c := range choices {
		out = append(out, diagLine(i == cursor, listKey(i)+" "+radio(i == chosen)+" "+c.Label))
	}
	return out
}

// communeLines shows the communes around the cursor, n lines at most: a territory may have
// dozens.
func (d *Diagnostic) communeLines(n int) []string {
	cs := d.env.Communes
	if len(cs) == 0 {
		return []string{kit.StyleErr.Render("Aucune commune configurée.")}
	}
	n = max(n, 3)
	from := 0
	if len(cs) > n {
		from = max(0, min(d.cursor-n/2, len(cs)-n))
	}
	var out []string
	for i := from; i < min(len(cs), from+n); i++ {
		c := cs[i]
		out = append(out, diagLine(i == d.cursor, radio(i == d.commune)+" "+c.Name+kit.StyleMuted.Render(" ("+c.INSEE+")")))
	}
	if len(cs) > n {
		out = append(out, kit.StyleMuted.Render(fmt.Sprintf("  … %d communes en tout", len(cs))))
	}
	return out
}

func (d *Diagnostic) itemView(w int) string {
	it := domain.DiagItems[d.item]
	info := diagDomainInfo(it.Domain)
	var b strings.Builder
	head := fmt.Sprintf("Question %d/%d", d.item+1, len(domain.DiagItems))
	where := info.Label // the CRCN domain and Pix codes are the help's, not the person's
	if lipgloss.Width(head+" · "+where) <= w {
		b.WriteString(kit.StyleBold.Render(head) + " · " + where + "\n\n")
	} else {
		b.WriteString(kit.StyleBold.Render(head) + "\n" + where + "\n\n")
	}
	b.WriteString(styleLines(kit.StyleBold, frenchWrap(it.Question(), w)) + "\n\n")
	given := d.answers[d.item]
	for _, o := range domain.AnswerScale {
		line := o.Key + "  " + o.Label
		if o.Key == given {
			line += "   ← réponse donnée"
		}
		b.WriteString(diagLine(o.Key == given, line) + "\n")
	}
	b.WriteString("\n" + d.answerStrip(w) + "\n")
	if d.hint != "" {
		b.WriteString("\n" + styleLines(kit.StyleWarn, frenchWrap(d.hint, w)) + "\n")
	}
	if d.item == 0 {
		b.WriteString("\n" + kit.StyleMuted.Render("← : revenir aux questions sur la situation (étape 7/7)"))
	}
	return b.String()
}

// answerStrip shows every answer so far by domain, the current question as « ? ».
func (d *Diagnostic) answerStrip(w int) string {
	var groups []string
	for _, dom := range domain.DiagDomains {
		g := "" // groups by domain, without the domain's code
		for i, it := range domain.DiagItems {
			if it.Domain != dom.Code {
				continue
			}
			switch {
			case i == d.item:
				g += " " + kit.StyleSelected.Render("?")
			case d.answers[i] == "":
				g += " ·"
			default:
				g += " " + d.answers[i]
			}
		}
		groups = append(groups, strings.TrimPrefix(g, " "))
	}
	strip := strings.Join(groups, kit.StyleMuted.Render(" │ "))
	if lipgloss.Width(strip)+9 > w {
		return strip
	}
	return kit.StyleMuted.Render("Réponses ") + strip
}

func diagDomainInfo(code domain.DiagDomain) domain.DiagDomainInfo {
	for _, info := range domain.DiagDomains {
		if info.Code == code {
			return info
		}
	}
	return domain.DiagDomainInfo{Code: code, Label: string(code)}
}
