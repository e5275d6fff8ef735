package desk

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"passnum/domain"
	"passnum/tui/kit"
)

// The result page: rendered whole at the terminal's width, then shown through a window the
// receptionist scrolls, since at 80×24 three places and their reasons never fit.

const diagBarWidth = 12

var tagLabels = map[string]string{
	domain.TagImmediateHelp:   "aide immédiate",
	domain.TagEquipment:       "matériel",
	domain.TagFreeConditional: "gratuit sous condition",
}

func tagLabel(t string) string {
	if l, ok := tagLabels[t]; ok {
		return l
	}
	return strings.ReplaceAll(t, "_", " ")
}

func (d *Diagnostic) resultView(w, h int) string {
	lines := strings.Split(d.resultContent(w), "\n")
	footer := ""
	if d.hint != "" {
		footer = kit.StyleWarn.Render(kit.Truncate(d.hint, w))
	}
	if d.resultFits(lines, h) {
		if footer != "" {
			lines = append(lines, footer)
		}
		return strings.Join(lines, "\n")
	}
	win := h - 1
	scroll := d.resultScroll(lines, h) // laid out by SetSize: drawing changes nothing
	shown := lines[scroll : scroll+win]
	if footer == "" {
		more := "fin"
		if scroll+win < len(lines) {
			more = "↓ suite"
		}
		footer = kit.StyleMuted.Render(fmt.Sprintf("── %s · ↑/↓ pg↑/pg↓ défiler · lignes %d-%d sur %d ──", more, scroll+1, scroll+win, len(lines)))
	}
	return strings.Join(append(shown, footer), "\n")
}

// resultFits is true when the result's lines and the footer (the hint, if any) fit in h lines:
// nothing scrolls.
func (d *Diagnostic) resultFits(lines []string, h int) bool {
	return len(lines) <= h-1 || (len(lines) <= h && d.hint == "")
}

// resultScroll is the first line of the result shown in h lines: the excluded places' heading
// when x has just shown them, else the scroll position, clamped to the content.
func (d *Diagnostic) resultScroll(lines []string, h int) int {
	scroll := d.scroll
	if d.jumpExcluded {
		for i, l := range lines {
			if strings.Contains(l, diagExcludedHeading) {
				scroll = i
				break
			}
		}
	}
	if d.resultFits(lines, h) {
		return 0
	}
	return max(0, min(scroll, len(lines)-(h-1)))
}

const diagExcludedHeading = "Lieux écartés"

// frenchWrap wraps with domain.Typo's no-break spaces, so guillemets and colons stay with their
// words; the ordinary spaces come back afterwards (the result is compared as plain text).
func frenchWrap(s string, w int) string {
	return strings.ReplaceAll(kit.Wrap(domain.Typo(s), w), "\u00a0", " ")
}

// indented wraps text to w cells after a first-line prefix, continuation lines aligned under the
// text.
func indented(prefix, text string, w int) string {
	pw := lipgloss.Width(prefix)
	pad := strings.Repeat(" ", pw)
	lines := strings.Split(frenchWrap(text, max(w-pw, 10)), "\n")
	for i := range lines {
		if i == 0 {
			lines[i] = prefix + lines[i]
		} else {
			lines[i] = pad + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

func needLabel(n domain.Need) string {
	if info, ok := domain.LookupNeed(n); ok {
		return info.Label // the code (B05) is the help's and the exports', not the person's
	}
	return string(n)
}

func kmLabel(d *float64) string {
	if d == nil {
		return "distance inconnue"
	}
	return strings.Replace(strconv.FormatFloat(*d, 'f', -1, 64), ".", ",", 1) + " km"
}

func (d *Diagnostic) resultContent(w int) string {
	res := d.res
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }

	if res.Status == domain.DiagIncomplete {
		n := domain.AnsweredCount(d.in.Answers)
		line(kit.StyleErr.Render("Diagnostic incomplet"))
		line(frenchWrap(fmt.Sprintf("%s sur %d : il en faut %d pour dresser un profil. Pas de lieu conseillé.",
			domain.Plural(n, "réponse", "réponses"), len(domain.DiagItems), domain.MinAnsweredItems), w))
	} else {
		line(kit.StyleBold.Render("Profil : "+domain.LevelLabel(res.Profile)) + kit.StyleMuted.Render(" — repère indicatif, non certifiant"))
	}
	line(d.domainBars(w))

	if len(res.Needs.Priority) > 0 {
		for i, n := range res.Needs.Priority {
			prefix := "Besoins prioritaires : "
			if i > 0 {
				prefix = strings.Repeat(" ", len([]rune(prefix)))
			}
			line(indented(prefix, needLabel(n), w))
		}
	} else {
		line("Besoins prioritaires : aucun détecté")
	}
	if len(res.Needs.Others) > 0 {
		var others []string
		for _, n := range res.Needs.Others {
			others = append(others, needLabel(n))
		}
		line(indented("Autres besoins : ", strings.Join(others, " · "), w))
	}

	if res.Status == domain.DiagComplete {
		line("")
		// The ranked list first, so the first screen holds profile, needs and places; the
		// reasons follow, for the receptionist who scrolls.
		heading := kit.StyleBold.Render(fmt.Sprintf("Lieux conseillés (%d)", len(res.Recommendations)))
		if len(res.Recommendations) > 0 {
			heading += kit.StyleMuted.Render(" — pourquoi : plus bas (↓)")
		}
		line(heading)
		if len(res.Recommendations) == 0 {
			line(kit.StyleMuted.Render("  Aucun lieu ne correspond."))
		}
		for i, r := range res.Recommendations {
			line(placeHeading(i+1, r, w))
		}
	} else if len(res.Warnings) > 0 || len(res.Advice) > 0 {
		line("")
	}
	for _, warn := range res.Warnings {
		line(styleLines(kit.StyleWarn, indented("⚠ ", warn, w)))
	}
	for _, adv := range res.Advice {
		line(indented("→ ", adv, w))
	}

	if len(res.Recommendations) > 0 {
		line("")
		line(kit.StyleBold.Render("Pourquoi ces lieux"))
		for i, r := range res.Recommendations {
			line(styleLines(kit.StyleSelected, indented(fmt.Sprintf(" %d. ", i+1), r.Name, w)))
			for _, reason := range r.Reasons {
				line(indented("    · ", reason, w))
			}
		}
	}

	if len(res.Excluded) > 0 {
		line("")
		if d.showExcluded {
			line(kit.StyleBold.Render(fmt.Sprintf("%s (%d)", diagExcludedHeading, len(res.Excluded))) + kit.StyleMuted.Render(" — x pour masquer"))
			for _, e := range res.Excluded {
				name := e.Name
				if name == "" {
					name = e.PlaceID
				}
				line(indented("  · ", name+" : "+e.Reason, w))
			}
		} else {
			line(kit.StyleMuted.Render(fmt.Sprintf("x : voir les %d lieux écartés et pourquoi", len(res.Excluded))))
		}
	}

	line("")
	line(kit.StyleMuted.Render(d.saveLine()))
	return strings.TrimRight(b.String(), "\n")
}

func (d *Diagnostic) saveLine() string {
	switch {
	case d.saveFailed:
		return "Diagnostic non enregistré (voir le message d'erreur)."
	case d.savedID == 0:
		return "Enregistrement en cours…"
	case d.person == nil:
		return fmt.Sprintf("Enregistré anonymement (n°%d) : la personne n'a pas de fiche.", d.savedID)
	}
	return fmt.Sprintf("Enregistré (n°%d) sur la fiche %s · r : remise de carnet · o : orienter vers un lieu", d.savedID, domain.OfName(d.person.DisplayName()))
}

// domainBars draws one bar per domain, filled in proportion to S/(3n): the share of the best
// possible answers, which the Pix benchmark summarises in four steps.
func (d *Diagnostic) domainBars(w int) string {
	type tally struct{ sum, n int }
	per := map[domain.DiagDomain]tally{}
	for _, it := range domain.DiagItems {
		if v := d.in.Answers[it.Code]; v != nil {
			t := per[it.Domain]
			t.sum += *v
			t.n++
			per[it.Domain] = t
		}
	}
	var lines []string
	// Everything but the label takes 31 cells; a narrow terminal shortens the label, then drops
	// it. No domain code nor Pix benchmark: the person reads over the desk's shoulder.
	labelW := min(34, w-33)
	for _, info := range domain.DiagDomains {
		t := per[info.Code]
		score := d.res.Domains[info.Code]
		fill := 0
		if t.n > 0 {
			fill = (2*diagBarWidth*t.sum + domain.MaxAnswer*t.n) / (2 * domain.MaxAnswer * t.n) // rounded
		}
		bar := kit.StyleMuted.Render(strings.Repeat("░", diagBarWidth-fill))
		if fill > 0 {
			bar = kit.StyleSelected.Render(strings.Repeat("▇", fill)) + bar
		}
		label := ""
		if labelW >= 8 {
			label = kit.PadRight(kit.Truncate(info.Label, labelW), labelW) + " "
		}
		lines = append(lines, fmt.Sprintf("  %s%s  %s", label, bar, domain.LevelLabel(score.Level)))
	}
	return strings.Join(lines, "\n")
}

// styleLines styles each line apart: lipgloss pads a multi-line block to its widest line.
func styleLines(st lipgloss.Style, s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = st.Render(l)
	}
	return strings.Join(lines, "\n")
}

// placeHeading is a recommended place's name, wrapped, followed by its distance and tags on
// the same line when they fit: open-data names can be long.
func placeHeading(rank int, r domain.Recommendation, w int) string {
	lines := strings.Split(indented(fmt.Sprintf(" %d. ", rank), r.Name, w), "\n")
	for i, l := range lines {
		lines[i] = kit.StyleSelected.Render(l)
	}
	meta := kmLabel(r.DistanceKm) // the score ranks the list; its figure means nothing to the person
	metaStyled := kit.StyleMuted.Render(meta)
	for _, t := range r.Tags {
		meta += " [" + tagLabel(t) + "]"
		metaStyled += " " + kit.StyleOK.Render("["+tagLabel(t)+"]")
	}
	last := len(lines) - 1
	if lipgloss.Width(lines[last])+3+lipgloss.Width(meta) <= w {
		lines[last] += kit.StyleMuted.Render(" · ") + metaStyled
	} else {
		lines = append(lines, "    "+metaStyled)
	}
	return strings.Join(lines, "\n")
}
