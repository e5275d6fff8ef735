package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
)

// field is one line of a small form: free text, or a choice among fixed values turned with
// ←/→ (or picked by typing its first letter) — the Coop's vocabularies are closed lists.
type field struct {
	label   string
	hint    string
	input   textinput.Model // text fields
	choices []string        // choice fields
	choice  int
	hidden  func() bool // a field that does not apply (level of an individual session)
	err     string
	// prefix is how the domain's messages about this field begin (« durée : … »), so an
	// error from the store lands under the right field.
	prefix string
}

func textField(label, hint, prefix, value string, limit int) *field {
	in := newInput("", "", limit)
	in.SetValue(value)
	return &field{label: label, hint: hint, prefix: prefix, input: in}
}

func choiceField(label, hint, prefix string, choices []string, initial string) *field {
	f := &field{label: label, hint: hint, prefix: prefix, choices: choices}
	for i, c := range choices {
		if c == initial {
			f.choice = i
		}
	}
	return f
}

func (f *field) isText() bool { return f.choices == nil }

// Value is the typed text or the chosen value.
func (f *field) Value() string {
	if f.isText() {
		return strings.TrimSpace(f.input.Value())
	}
	return f.choices[f.choice]
}

func (f *field) visible() bool { return f.hidden == nil || !f.hidden() }

// fieldSet moves the focus between visible fields and gives keys to the focused one.
type fieldSet struct {
	fields []*field
	focus  int
}

var fieldKeys = struct {
	next, prev, choose key.Binding
}{
	next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "champ suivant")),
	prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("⇧tab/↑", "champ précédent")),
	choose: key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "changer le choix")),
}

func (fs *fieldSet) focused() *field { return fs.fields[fs.focus] }

// Typing is true on a text field: « ? » and letters are text there.
func (fs *fieldSet) Typing() bool { return fs.focused().isText() }

// Focus puts the cursor on field i (or the next visible one).
func (fs *fieldSet) Focus(i int) tea.Cmd {
	for _, f := range fs.fields {
		f.input.Blur()
	}
	fs.focus = max(min(i, len(fs.fields)-1), 0)
	if !fs.focused().visible() {
		return fs.move(1)
	}
	if f := fs.focused(); f.isText() {
		f.input.CursorEnd()
		return f.input.Focus()
	}
	return nil
}

func (fs *fieldSet) move(d int) tea.Cmd {
	i := fs.focus
	for range fs.fields {
		i = (i + d + len(fs.fields)) % len(fs.fields)
		if fs.fields[i].visible() {
			break
		}
	}
	fs.focus = i
	return fs.Focus(i)
}

// Last tells whether the focus is on the last visible field (Enter then saves).
func (fs *fieldSet) Last() bool {
	for i := len(fs.fields) - 1; i >= 0; i-- {
		if fs.fields[i].visible() {
			return i == fs.focus
		}
	}
	return true
}

// Update handles navigation and editing; it reports whether the key was used.
func (fs *fieldSet) Update(msg tea.Msg) (tea.Cmd, bool) {
	f := fs.focused()
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, fieldKeys.next):
			return fs.move(1), true
		case key.Matches(k, fieldKeys.prev):
			return fs.move(-1), true
		case !f.isText() && key.Matches(k, fieldKeys.choose):
			d := 1
			if k.String() == "left" {
				d = -1
			}
			f.choice = (f.choice + d + len(f.choices)) % len(f.choices)
			f.err = ""
			return nil, true
		case !f.isText() && len(k.Text) == 1:
			// First letter: jump to the next choice starting with it, as in a select box.
			letter := domain.Normalize(k.Text)
			for step := 1; step <= len(f.choices); step++ {
				j := (f.choice + step) % len(f.choices)
				if strings.HasPrefix(domain.Normalize(f.choices[j]), letter) {
					f.choice, f.err = j, ""
					break
				}
			}
			return nil, true
		}
	}
	if f.isText() {
		before := f.input.Value()
		var cmd tea.Cmd
		f.input, cmd = f.input.Update(msg)
		if f.input.Value() != before {
			f.err = ""
		}
		return cmd, true
	}
	return nil, false
}

// Blame puts a domain error under the field its message names; it returns false when no field
// matches (the error then goes to the status line only).
func (fs *fieldSet) Blame(err error) (tea.Cmd, bool) {
	msg := err.Error()
	for i, f := range fs.fields {
		if f.prefix != "" && strings.HasPrefix(strings.ToLower(msg), f.prefix) && f.visible() {
			f.err = msg
			return fs.Focus(i), true
		}
	}
	return nil, false
}

// View draws the fields, one per line, with the focused field's hint and each field's error.
func (fs *fieldSet) View(w int) string {
	labelW := 0
	for _, f := range fs.fields {
		labelW = max(labelW, len([]rune(f.label)))
	}
	var b strings.Builder
	for i, f := range fs.fields {
		if !f.visible() {
			continue
		}
		focused := i == fs.focus
		label := padRight(f.label, labelW+1)
		var value string
		if f.isText() {
			f.input.SetWidth(max(w-labelW-6, 10))
			value = f.input.View()
		} else {
			value = "◂ " + f.Value() + " ▸"
			if focused {
				value = styleSelected.Render(value)
			}
		}
		if focused {
			b.WriteString(styleSelected.Render("▸ "+label) + " " + value + "\n")
		} else {
			b.WriteString("  " + label + " " + value + "\n")
		}
		if f.err != "" {
			b.WriteString(styleErr.Render(wrap("    "+f.err, w)) + "\n")
		} else if focused && f.hint != "" {
			b.WriteString(styleMuted.Render(wrap("    "+f.hint, w)) + "\n")
		}
	}
	return b.String()
}
