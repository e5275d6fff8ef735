package desk

import (
	"fmt"
	"os/exec"
	"runtime"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"passnum/domain"
	"passnum/domain/doc"
	"passnum/tui/kit"
)

var letterKeys = struct {
	up, down, toggle, print, other, back, again key.Binding
}{
	up:     key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "lieux")),
	down:   key.NewBinding(key.WithKeys("down")),
	toggle: key.NewBinding(key.WithKeys("space"), key.WithHelp("espace", "garder/retirer")),
	print:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "imprimer")),
	other:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "autre carnet")),
	back:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "retour")),
	again:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "imprimer encore")),
}

// Opener opens a printable file on the desk's computer (its browser, else its printer); it
// runs in a tea.Cmd. Tests replace it, so that no browser opens while they run.
var Opener = openWithSystem

// openWithSystem hands the HTML page to the browser (xdg-open), else the text letter to the
// printer (lp). It does not wait for the browser: the desk goes on while the page is printed.
func openWithSystem(htmlPath, txtPath string) (string, error) {
	browser := "xdg-open"
	if runtime.GOOS == "darwin" {
		browser = "open" // on Linux, « open » is often openvt, which would take over a console
	}
	for _, c := range []struct{ bin, file, how string }{
		{browser, htmlPath, "ouvert dans le navigateur"},
		{"lp", txtPath, "envoyé à l'imprimante"},
	} {
		path, err := exec.LookPath(c.bin)
		if err != nil {
			continue
		}
		cmd := exec.Command(path, c.file) // no stdin/stdout/stderr: nothing may write over the screen
		if err := cmd.Start(); err != nil {
			return "", err
		}
		go cmd.Wait()
		return c.how, nil
	}
	return "", fmt.Errorf("ni navigateur (xdg-open) ni imprimante (lp) sur ce poste")
}

type letterPrintStage int

const (
	lpLoading letterPrintStage = iota
	lpChoose                   // places listed, the agent may untick some
	lpWriting
	lpDone
)

// LetterPrint prints the courrier of one of a person's carnets, at the hand-over or any time
// later from the card: the agent sees the places it will list and may take some out, then the
// file is written and opened (locally) or the command that brings it is shown (over SSH).
type LetterPrint struct {
	env      *kit.Env
	person   domain.Person
	number   string
	carnets  []string // the person's carnets handed over, for tab
	prog     domain.Programme
	places   []domain.Place
	keep     []bool
	from     doc.PlacesFrom
	cursor   int
	offset   int // first line shown when the list of places is taller than the screen
	stage    letterPrintStage
	txtPath  string
	htmlPath string
	opened   string
	openErr  error
}

type letterPrintLoaded struct {
	number  string
	carnets []string
	carnet  domain.Carnet
	prog    domain.Programme
	places  []domain.Place
	from    doc.PlacesFrom
	err     error
}

type letterWritten struct {
	txtPath, htmlPath string
	err               error
}

type letterOpened struct {
	how string
	err error
}

// NewLetterPrint opens the printing of carnet number's courrier; number "" takes the person's
// last carnet handed over.
func NewLetterPrint(env *kit.Env, p domain.Person, number string) kit.Screen {
	return &LetterPrint{env: env, person: p, number: number}
}

func (l *LetterPrint) Title() string {
	if l.number == "" {
		return "Courrier " + domain.OfName(l.person.DisplayName())
	}
	return "Courrier du carnet " + l.number + " — " + l.person.DisplayName()
}

func (l *LetterPrint) Keys() []key.Binding {
	switch l.stage {
	case lpChoose:
		ks := []key.Binding{letterKeys.print}
		if len(l.places) > 0 {
			ks = append(ks, letterKeys.toggle, letterKeys.up)
		}
		if len(l.carnets) > 1 {
			ks = append(ks, letterKeys.other)
		}
		return ks
	case lpDone:
		return []key.Binding{letterKeys.back, letterKeys.again}
	}
	return nil
}

func (l *LetterPrint) Init() tea.Cmd {
	env, pid, number := l.env, l.person.ID, l.number
	l.stage = lpLoading
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		out := letterPrintLoaded{number: number}
		carnets, err := env.Store.PersonCarnets(ctx, pid)
		if err != nil {
			out.err = err
			return out
		}
		for _, c := range carnets {
			if c.State == domain.CarnetIssued {
				out.carnets = append(out.carnets, c.Number)
				if out.number == "" || c.Number == out.number {
					out.carnet = c
				}
			}
		}
		if out.carnet.Number == "" {
			out.err = domain.Errorf(domain.KindNotFound, "aucun carnet remis à cette personne : pas de courrier à imprimer")
			return out
		}
		out.number = out.carnet.Number
		if out.prog, out.err = env.Store.Programme(out.carnet.Programme); out.err != nil {
			return out
		}
		out.places, out.from, out.err = env.Store.LetterPlaces(ctx, pid, out.prog)
		return out
	}
}

func (l *LetterPrint) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case letterPrintLoaded:
		if msg.err != nil {
			return l, tea.Batch(kit.Fail(msg.err), kit.Pop)
		}
		l.number, l.carnets, l.prog, l.places, l.from = msg.number, msg.carnets, msg.prog, msg.places, msg.from
		l.keep = make([]bool, len(l.places))
		for i := range l.keep {
			l.keep[i] = true
		}
		l.cursor, l.stage = 0, lpChoose
		return l, nil
	case letterWritten:
		if msg.err != nil {
			l.stage = lpChoose
			return l, kit.Fail(msg.err)
		}
		l.stage, l.txtPath, l.htmlPath, l.opened, l.openErr = lpDone, msg.txtPath, msg.htmlPath, "", nil
		html, txt := msg.htmlPath, msg.txtPath
		return l, func() tea.Msg {
			how, err := Opener(html, txt)
			return letterOpened{how: how, err: err}
		}
	case letterOpened:
		l.opened, l.openErr = msg.how, msg.err
		return l, nil
	case tea.KeyPressMsg:
		return l.key(msg)
	}
	return l, nil
}

func (l *LetterPrint) key(msg tea.KeyPressMsg) (kit.Screen, tea.Cmd) {
	switch l.stage {
	case lpChoose:
		switch {
		case key.Matches(msg, letterKeys.up):
			l.cursor = max(l.cursor-1, 0)
		case key.Matches(msg, letterKeys.down):
			l.cursor = min(l.cursor+1, max(len(l.places)-1, 0))
		case key.Matches(msg, letterKeys.toggle) && len(l.keep) > 0:
			l.keep[l.cursor] = !l.keep[l.cursor]
		case key.Matches(msg, letterKeys.other) && len(l.carnets) > 1:
			for i, n := range l.carnets {
				if n == l.number {
					l.number = l.carnets[(i+1)%len(l.carnets)]
					break
				}
			}
			return l, l.Init()
		case key.Matches(msg, letterKeys.print):
			if l.env.Remote {
				l.stage = lpDone // nothing is written on the server: the screen gives the command
				return l, nil
			}
			l.stage = lpWriting
			return l, l.write()
		}
	case lpDone:
		switch {
		case key.Matches(msg, letterKeys.back):
			return l, kit.Pop
		case key.Matches(msg, letterKeys.again):
			l.stage = lpChoose
		}
	}
	return l, nil
}

// kept are the places the agent left ticked.
func (l *LetterPrint) kept() (kept []domain.Place, skipped []string) {
	for i, p := range l.places {
		if l.keep[i] {
			kept = append(kept, p)
		} else if p.ID != "" {
			skipped = append(skipped, p.ID)
		}
	}
	return kept, skipped
}

func (l *LetterPrint) write() tea.Cmd {
	env, p, number, prog, from := l.env, l.person, l.number, l.prog, l.from
	places, _ := l.kept()
	return func() tea.Msg {
		ctx, cancel := env.Context()
		defer cancel()
		c, err := env.Store.Carnet(ctx, number)
		if err != nil {
			return letterWritten{err: err}
		}
		txt, html, err := WriteLetter(env.LetterDir, doc.NewLetter(env.User, env.Prescribers, p, c, prog, places, from, env.Now()))
		return letterWritten{txtPath: txt, htmlPath: html, err: err}
	}
}

// remoteCommand is what the agent types on their own computer to get the courrier over SSH.
func (l *LetterPrint) remoteCommand() string {
	cmd := "ssh … letter " + l.number
	if _, skipped := l.kept(); len(skipped) > 0 {
		cmd += " --skip " + strings.Join(skipped, ",")
	}
	return cmd + " > courrier-" + kit.SafeFileName(l.number, "carnet") + ".html"
}

func (l *LetterPrint) View(w, h int) string {
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	text := func(indent int, s string) { add(sheetWrap(s, w, indent, 2)...) }
	// pathLine keeps a path or a command whole on its own lines: the agent must read all of it.
	pathLine := func(s string) {
		for _, part := range strings.Split(ansi.Hardwrap(s, max(w-2, 10), true), "\n") {
			add("  " + part)
		}
	}
	switch l.stage {
	case lpLoading:
		return kit.StyleMuted.Render("Préparation du courrier…")
	case lpWriting:
		return kit.StyleMuted.Render("Écriture du courrier…")
	case lpDone:
		if l.env.Remote {
			text(0, kit.StyleBold.Render("Par SSH, le courrier s'imprime depuis votre poste.")+" Tapez dans un terminal de votre poste :")
			add("")
			pathLine(l.remoteCommand())
			add("")
			text(0, "puis ouvrez courrier-"+kit.SafeFileName(l.number, "carnet")+".html dans votre navigateur et imprimez-le (Imprimer, ou Enregistrer en PDF).")
			break
		}
		add(kit.StyleOK.Render("✓ Courrier du carnet " + l.number + " écrit :"))
		pathLine(l.htmlPath)
		add("")
		switch {
		case l.opened != "":
			text(0, "Courrier "+l.opened+" : imprimez-le et remettez-le à la personne.")
		case l.openErr != nil:
			text(0, "Ouvrez ce fichier dans un navigateur pour l'imprimer (Imprimer, ou Enregistrer en PDF).")
			text(0, kit.StyleMuted.Render("("+domain.Printable(l.openErr.Error())+")"))
		default:
			text(0, kit.StyleMuted.Render("Ouverture du courrier…"))
		}
		text(0, kit.StyleMuted.Render("Version texte : ")+l.txtPath)
	default:
		list, _ := l.chooseLines(w)
		offset := l.offset // laid out by SetSize, from Update: drawing changes nothing
		return scrollLines(list, &offset, h)
	}
	return scrollLines(lines, new(int), h)
}

// SetSize is given the size the page is drawn at after every message (kit.Sized): the scroll
// follows the cursor here, in Update, not while drawing.
func (l *LetterPrint) SetSize(w, h int) {
	if l.stage != lpChoose {
		return
	}
	lines, cursorLine := l.chooseLines(w)
	// The line under the cursor stays on screen (the last line says there is more).
	if room := h - 1; room > 0 && len(lines) > h {
		l.offset = min(max(l.offset, cursorLine-room+1), cursorLine)
	}
	scrollLines(lines, &l.offset, h) // clamped as drawn
}

// chooseLines are the lines of the choice of places, before scrolling, and the cursor's line.
func (l *LetterPrint) chooseLines(w int) (lines []string, cursorLine int) {
	add := func(ls ...string) { lines = append(lines, ls...) }
	text := func(indent int, s string) { add(sheetWrap(s, w, indent, 2)...) }
	head := "Lieux recommandés par le diagnostic"
	switch l.from {
	case doc.NoDiagnostic:
		head = "Pas de diagnostic : lieux qualifiés du programme"
	case doc.NoneRecommended:
		head = "Le diagnostic n'a désigné aucun lieu : lieux qualifiés du programme"
	}
	if len(l.carnets) > 1 {
		text(0, fmt.Sprintf("Carnet %s (%s) · tab : autre carnet", l.number, domain.Plural(len(l.carnets), "carnet remis", "carnets remis")))
		add("")
	}
	add(kit.StyleBold.Render(head))
	if len(l.places) == 0 {
		text(2, kit.StyleMuted.Render("Aucun lieu à lister : le courrier renvoie à votre structure."))
	}
	n := 0
	for i, p := range l.places {
		if i == l.cursor {
			cursorLine = len(lines)
		}
		box := "[x] "
		if !l.keep[i] {
			box = "[ ] "
		} else {
			n++
		}
		line := box + p.Name
		if p.Commune != "" {
			line += kit.StyleMuted.Render(" · " + p.Commune)
		}
		add(kit.CursorLine(i == l.cursor, kit.Truncate(line, max(w-2, 10))))
	}
	add("")
	text(0, fmt.Sprintf("Le courrier listera %s.", domain.Plural(n, "lieu", "lieux")))
	return lines, cursorLine
}
