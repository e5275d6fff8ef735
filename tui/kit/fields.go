package kit

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
)

// Field is one line of a small form: free text, or a choice among fixed values turned with
// ←/→ (or picked by typing its first letter) — the Coop's vocabularies are closed lists.
type Field struct {
	label   string
	hint    string
	input   textinput.Model // text fields
	choices []string        // choice fields
	choice  int
	Hidden  func() bool // a field that does not apply (level of an individual session)
	err     string
	// prefix is how the domain's messages about this field begin (« durée : … »), so an
	// error from the store lands under the right field.
	prefix string
}

// TextField is a free-text field holding value; prefix is how the domain's messages about it
// begin (« titre : … »).
func TextField(label, hint, prefix, value string, limit int) *Field {
	in := NewInput("", "", limit)
	in.SetValue(value)
	return &Field{label: label, hint: hint, prefix: prefix, input: in}
}

// ChoiceField is a choice among choices, starting on initial.
func ChoiceField(label, hint, prefix string, choices []string, initial string) *Field {
	f := &Field{label: label, hint: hint, prefix: prefix, choices: choices}
	for i, c := range choices {
		if c == initial {
			f.choice = i
		}
	}
	return f
}

func (f *Field) isText() bool { return f.choices == nil }

// Value is the typed text or the chosen value.
func (f *Field) Value() string {
	if f.isText() {
		return strings.TrimSpace(f.input.Value())
	}
	return f.choices[f.choice]
}

func (f *Field) visible() bool { return f.Hidden == nil || !f.Hidden() }

// FieldSet moves the focus between visible fields and gives keys to the focused one.
type FieldSet struct {
	Fields  []*Field
	Current int // the focused field; set it before Focus to start elsewhere than the first
}

// FieldKeys move between fields and turn a choice; forms list them in their own Keys.
var FieldKeys = struct {
	Next, Prev, Choose key.Binding
}{
	Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "champ suivant")),
	Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("⇧tab/↑", "champ précédent")),
	Choose: key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "changer le choix")),
}

func (fs *FieldSet) focused() *Field { return fs.Fields[fs.Current] }

// Typing is true on a text field: « ? » and letters are text there.
func (fs *FieldSet) Typing() bool { return fs.focused().isText() }

// FocusedEmpty is true on an empty text field: « ? » is no text there (see FieldEmpty).
func (fs *FieldSet) FocusedEmpty() bool {
	return fs.focused().isText() && fs.focused().input.Value() == ""
}

// Focus puts the cursor on field i (or the next visible one).
func (fs *FieldSet) Focus(i int) tea.Cmd {
	for _, f := range fs.Fields {
		f.input.Blur()
	}
	fs.Current = max(min(i, len(fs.Fields)-1), 0)
	if !fs.focused().visible() {
		return fs.Move(1)
	}
	if f := fs.focused(); f.isText() {
		f.input.CursorEnd()
		return f.input.Focus()
	}
	return nil
}

func (fs *FieldSet) Move(d int) tea.Cmd {
	i := fs.Current
	for range fs.Fields {
		i = (i + d + len(fs.Fields)) % len(fs.Fields)
		if fs.Fields[i].visible() {
			break
		}
	}
	fs.Current = i
	return fs.Focus(i)
}

// Last tells whether the focus is on the last visible field (Enter then saves).
func (fs *FieldSet) Last() bool {
	for i := len(fs.Fields) - 1; i >= 0; i-- {
		if fs.Fields[i].visible() {
			return i == fs.Current
		}
	}
	return true
}

// Update handles navigation and editing; it reports whether the key was used.
func (fs *FieldSet) Update(msg tea.Msg) (tea.Cmd, bool) {
	f := fs.focused()
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, FieldKeys.Next):
			return fs.Move(1), true
		case key.Matches(k, FieldKeys.Prev):
			return fs.Move(-1), true
		case !f.isText() && key.Matches(k, FieldKeys.Choose):
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
func (fs *FieldSet) Blame(err error) (tea.Cmd, bool) {
	msg := err.Error()
	for i, f := range fs.Fields {
		if f.prefix != "" && strings.HasPrefix(strings.ToLower(msg), f.prefix) && f.visible() {
			f.err = msg
			return fs.Focus(i), true
		}
	}
	return nil, false
}

// SetWidth gives the text fields the width View draws them at in w cells: the screen calls it
// from its SetSize (kit.Sized), so that drawing changes nothing.
func (fs *FieldSet) SetWidth(w int) {
	labelW := fs.labelWidth()
	for _, f := range fs.Fields {
		if f.isText() {
			f.input.SetWidth(max(w-labelW-6, 10))
		}
	}
}

func (fs *FieldSet) labelWidth() int {
	labelW := 0
	for _, f := range fs.Fields {
		labelW = max(labelW, len([]rune(f.label)))
	}
	return labelW
}

// View draws the fields, one per line, with the focused field's hint and each field's error.
func (fs *FieldSet) View(w int) string {
	labelW := fs.labelWidth()
	var b strings.Builder
	for i, f := range fs.Fields {
		if !f.visible() {
			continue
		}
		focused := i == fs.Current
		label := PadRight(f.label, labelW+1)
		var value string
		if f.isText() {
			value = f.input.View()
		} else {
			value = "◂ " + f.Value() + " ▸"
			if focused {
				value = StyleSelected.Render(value)
			}
		}
		if focused {
			b.WriteString(StyleSelected.Render("▸ "+label) + " " + value + "\n")
		} else {
			b.WriteString("  " + label + " " + value + "\n")
		}
		if f.err != "" {
			b.WriteString(StyleErr.Render(Wrap("    "+f.err, w)) + "\n")
		} else if focused && f.hint != "" {
			b.WriteString(StyleMuted.Render(Wrap("    "+f.hint, w)) + "\n")
		}
	}
	return b.String()
}
