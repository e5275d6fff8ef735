package coord

import (
	"fmt"
	"path/filepath"
	"strings"

	"charm.land/lipgloss/v2"

	"passnum/domain"
	"passnum/tui/kit"
)

func (p *Import) View(w, h int) string {
	scroll := p.scroll // clamped by SetSize, from Update: drawing changes nothing
	s, _ := p.draw(w, h, &scroll)
	return s
}

// SetSize is given the size the page is drawn at after every message (kit.Sized): the fields
// take the width, and the rows' scroll is clamped to the page, here in Update.
func (p *Import) SetSize(w, h int) {
	p.form.SetWidth(w)
	if p.mode != importForm {
		if p.rows == nil || p.rowsWidth != w {
			p.rows, p.rowsWidth = p.wrapRows(w), w
		}
		_, p.rowsRoom = p.draw(w, h, &p.scroll)
	}
}

// draw draws the page with the rows scrolled from *scroll, which it clamps; it returns the
// lines the rows were given.
func (p *Import) draw(w, h int, scroll *int) (string, int) {
	if p.mode == importForm {
		var b strings.Builder
		b.WriteString(p.form.View(w))
		note := "Entrée sur le dernier champ (ou ctrl+s) : l'aperçu, ligne par ligne, de ce que l'import ferait — rien n'est enregistré avant votre confirmation."
		if p.busy {
			note = "Lecture du fichier…"
		}
		b.WriteString("\n" + kit.StyleMuted.Render(kit.Wrap(note, w)))
		return b.String(), 0
	}
	// The columns scroll with the rows: on a small page the rows and the question matter more.
	head := p.headLines(w)
	tail := p.tailLines(w)
	lines := append(p.columnLines(w), p.rowLines(w)...) // columnLines is a new slice: the cache stays whole
	head = head[:min(len(head), max(h-len(tail)-min(len(lines), 2), 1))]
	room := max(h-len(head)-len(tail), 1)
	total := domain.Plural(len(p.report.Rows), "ligne du fichier", "lignes du fichier")
	if p.onlyRefused {
		total = fmt.Sprintf("%s sur %d — f : toutes", domain.Plural(p.refused(), "ligne refusée", "lignes refusées"), len(p.report.Rows))
	}
	body := window(lines, room, scroll, total)
	out := append(append(head, body...), tail...)
	return kit.Fit(strings.Join(out, "\n"), w, h), room
}

// headLines say which file was read and how, and the choices it is read with.
func (p *Import) headLines(w int) []string {
	t := p.file.Table
	src := filepath.Base(p.report.File)
	var how []string
	if t.Sheet != "" {
		how = append(how, "feuille « "+t.Sheet+" »")
	}
	if t.Encoding != "" {
		how = append(how, fmt.Sprintf("%s, « %c »", t.Encoding, t.Separator))
	}
	if len(how) > 0 {
		src += " (" + strings.Join(how, ", ") + ")"
	}
	state := " — rien n'est enregistré"
	if p.mode == importDone {
		state = " — enregistré"
	}
	lines := wrapLines(kit.StyleBold.Render(src)+state, w)
	choice := func(on bool, yes, no string) string {
		if on {
			return yes
		}
		return no
	}
	lines = append(lines, kit.StyleMuted.Render(kit.Truncate("Accord de tous : "+choice(p.in.consent, "oui", "non")+
		" · lignes refusées : "+choice(p.in.skip, "ignorées", "tout ou rien"), w)))
	return lines
}

// columnLines say which column reads which field, and the columns left out.
func (p *Import) columnLines(w int) []string {
	m := p.file.Mapping
	var cols []string
	for _, f := range m.Mapped() {
		cols = append(cols, m.ColumnName(f)+" → "+domain.InSentence(f.Label()))
	}
	lines := wrapLines("Colonnes lues : "+strings.Join(cols, " · "), w)
	if u := m.Unmapped(); len(u) > 0 {
		lines = append(lines, styled(kit.StyleMuted, "Colonnes ignorées : « "+strings.Join(u, " », « ")+" »", w)...)
	}
	return append(lines, "")
}

// tailLines are the totals, what happens to the refused rows, and the question or the way on.
func (p *Import) tailLines(w int) []string {
	rep := p.report
	lines := []string{""}
	lines = append(lines, wrapLines(kit.StyleBold.Render("Total")+" : "+rep.Totals()+".", w)...)
	rejects := filepath.Base(rejectsPath(p.report.File))
	n := p.refused()
	switch {
	case p.mode == importDone && n > 0:
		lines = append(lines, styled(kit.StyleWarn, fmt.Sprintf("%s : r %s dans %s, avec leur motif, pour les corriger.",
			domain.Plural(n, "ligne refusée n'est pas enregistrée", "lignes refusées ne sont pas enregistrées"), domain.PluralWord(n, "l'écrit", "les écrit"), rejects), w)...)
	case p.mode == importDone:
	case n > 0 && !p.in.skip:
		lines = append(lines, styled(kit.StyleWarn, fmt.Sprintf("%s : l'import est tout ou rien, rien ne serait enregistré. i : ignorer les lignes refusées ; ou corrigez le fichier (r : les écrire dans %s, avec leur motif).",
			domain.Plural(n, "ligne refusée", "lignes refusées"), rejects), w)...)
	case n > 0:
		lines = append(lines, styled(kit.StyleWarn, fmt.Sprintf("%s ignorée%s, les autres enregistrées (r : les écrire dans %s pour les corriger).",
			domain.Plural(n, "ligne refusée", "lignes refusées"), domain.PluralWord(n, "", "s"), rejects), w)...)
	}
	switch p.mode {
	case importConfirm:
		lines = append(lines, "")
		lines = append(lines, styled(kit.StyleWarn, fmt.Sprintf("Enregistrer %s et %s ? o : oui · n ou esc : revenir",
			domain.Plural(rep.Count(domain.ImportNew), "nouvelle personne", "nouvelles personnes"),
			domain.Plural(rep.HandedOver(), "carnet remis", "carnets remis")), w)...)
	case importPreview:
		if p.busy {
			lines = append(lines, kit.StyleMuted.Render("Enregistrement…"))
		}
	}
	return lines
}

// rowLines are the report's rows wrapped at w: SetSize keeps them, View only reads them.
func (p *Import) rowLines(w int) []string {
	if p.rows != nil && p.rowsWidth == w {
		return p.rows
	}
	return p.wrapRows(w)
}

// wrapRows draws the report's rows, one each, a long one wrapped under its start.
func (p *Import) wrapRows(w int) []string {
	out := []string{}
	for _, r := range p.report.Rows {
		if p.onlyRefused && r.Outcome != domain.ImportRefused {
			continue
		}
		st := lipgloss.NewStyle()
		switch r.Outcome {
		case domain.ImportRefused:
			st = kit.StyleErr
		case domain.ImportAlready:
			st = kit.StyleMuted
		}
		for i, l := range strings.Split(kit.Wrap(p.rowText(r), max(w-2, 10)), "\n") {
			if i > 0 {
				l = "  " + l
			}
			out = append(out, st.Render(l))
		}
	}
	return out
}

// rowText is one row as the coordinator reads it, on one line at 80 columns when it can:
// « ligne 3 · nouvelle personne · PETIT Noé · carnet 600010 remis le 05/03/2026 ».
func (p *Import) rowText(r domain.PersonImportResult) string {
	names := domain.ImportNames{Brief: true} // one line a row at 80 columns: the name, the carnet
	parts := []string{fmt.Sprintf("ligne %d", r.Line), r.Outcome.Label(), r.Who(p.report.File, names)}
	if note := r.CarnetNote(names); note != "" {
		parts = append(parts, note)
	}
	return strings.Join(parts, " · ")
}

// window shows the lines that fit in room from *scroll (clamped), saying how many are hidden
// above and below: a row off the page would be a row nobody checks.
func window(lines []string, room int, scroll *int, total string) []string {
	if len(lines) <= room {
		*scroll = 0
		return lines
	}
	room = max(room-1, 1) // the line saying what is hidden
	*scroll = max(0, min(*scroll, len(lines)-room))
	out := append([]string(nil), lines[*scroll:*scroll+room]...)
	return append(out, kit.StyleMuted.Render(fmt.Sprintf("↑/↓ : %d au-dessus, %d en dessous (%s)", *scroll, len(lines)-room-*scroll, total)))
}

func wrapLines(s string, w int) []string { return strings.Split(kit.Wrap(s, w), "\n") }

func styled(st lipgloss.Style, s string, w int) []string {
	lines := wrapLines(s, w)
	for i, l := range lines {
		lines[i] = st.Render(l)
	}
	return lines
}
