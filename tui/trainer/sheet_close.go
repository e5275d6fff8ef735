package trainer

import (
	"fmt"
	"io"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"passnum/domain"
	"passnum/domain/doc"
	"passnum/tui/kit"
)

// Closing the sheet is asked first: it encashes chèques (undone only the same day, or by the
// coordination), and closing a session that has not begun is surely a mistake.

var confirmKeys = struct {
	yes, no key.Binding
}{
	yes: key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "oui, clôturer et encaisser")),
	no:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "non, revenir à la feuille")),
}

var printKey = key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "imprimer"))

// sheetConfirm is the question asked before closing the sheet.
type sheetConfirm struct {
	warning  string // the session has not begun yet, else ""
	question string
}

// askClose opens the confirmation of ctrl+e.
func (s *Sheet) askClose() tea.Cmd {
	if s.busy || !s.loaded {
		return nil
	}
	present := 0
	for _, p := range s.lines {
		if p.Present && !p.Anonymous {
			present++
		}
	}
	s.confirm = &sheetConfirm{
		warning:  domain.SessionNotStarted(s.sess, s.env.Now()),
		question: fmt.Sprintf("Clôturer la feuille de %s et encaisser les chèques de %s ?", s.id, domain.Plural(present, "personne présente", "personnes présentes")),
	}
	if present == 0 {
		s.confirm.question = fmt.Sprintf("Clôturer la feuille de %s ? Aucune personne inscrite n'est présente : aucun chèque ne sera encaissé.", s.id)
	}
	if s.sess.Closed() {
		s.confirm.question += " Déjà close le " + s.sess.ClosedAt.Local().Format("02/01 à 15:04") + " : seuls les chèques qui manquent seront encaissés."
	}
	return nil
}

// confirmKey answers the question: entrée closes, any other key but esc is ignored (esc goes
// through HandleEsc).
func (s *Sheet) confirmKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, confirmKeys.yes) {
		s.confirm = nil
		return s.close()
	}
	return nil
}

func (c *sheetConfirm) View(w int) string {
	var b strings.Builder
	if c.warning != "" {
		b.WriteString(kit.StyleWarn.Render(kit.Wrap(c.warning, w)) + "\n")
	}
	b.WriteString(kit.StyleBold.Render(kit.Wrap(c.question, w)) + "\n")
	b.WriteString(kit.StyleMuted.Render(kit.Wrap("Entrée : oui, clôturer et encaisser · esc : non, revenir à la feuille. Un encaissement ne s'annule que le jour même.", w)))
	return b.String()
}

// sheetPrinted is the attendance sheet written for printing.
type sheetPrinted struct {
	path string
	err  error
}

// print writes the attendance sheet to sign as a printable page in the export folder; over SSH
// the file would land on the server, so the screen gives the command instead.
func (s *Sheet) print() tea.Cmd {
	if !s.loaded || s.busy {
		return nil
	}
	env, sess, lines := s.env, s.sess, s.lines
	if env.Remote {
		s.printed = ""
		s.printHint = "ssh … sessions sheet " + sess.ID + " --html - > " + doc.AttendanceFileName(sess)
		return nil
	}
	s.busy = true
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		place, _ := env.Store.Place(ctx, sess.Place)
		sheet := doc.AttendanceSheet{Session: sess, Place: place, Trainer: env.UserName(sess.Trainer), Participants: lines, PrintedAt: env.Now()}
		path, err := kit.WriteExport(env.ExportDir, doc.AttendanceFileName(sess), func(w io.Writer) error { return doc.WriteAttendanceHTML(w, sheet) })
		return sheetPrinted{path, err}
	}
}

// printedView is the written file's path on its own line, whole: it is what the trainer opens.
func (s *Sheet) printedView(w int) []string {
	switch {
	case s.printed != "":
		return []string{kit.StyleOK.Render("Feuille à imprimer et faire signer, écrite dans :"), ansi.Hardwrap(s.printed, w, false)}
	case s.printHint != "":
		return []string{kit.StyleWarn.Render("Par SSH, le fichier s'écrit chez vous ; tapez sur votre poste :"), ansi.Hardwrap(s.printHint, w, false)}
	}
	return nil
}

// keepNotes rebuilds the notes under the lines from what the ledger says after a reload: a
// refusal stays under its line (a reopened sheet says why), a line whose redemption was cancelled
// no longer says it is paid, a scan warning stays until the sheet is closed.
func (s *Sheet) keepNotes() {
	for _, p := range s.lines {
		n, had := s.notes[p.ID]
		switch {
		case p.Refusal != "" && len(p.Cheques) == 0:
			s.notes[p.ID] = note{text: "✗ " + p.Refusal}
		case had && n.ok && len(p.Cheques) == 0:
			delete(s.notes, p.ID) // « encaissé » no longer true: the redemption was cancelled
		case had && !n.ok && strings.HasPrefix(n.text, "✗") && (p.Refusal == "" || len(p.Cheques) > 0):
			delete(s.notes, p.ID)
		}
	}
}
