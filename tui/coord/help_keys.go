package coord

// « ? » opens the help where the focused field is empty (kit.FieldEmpty), as at the desk: F1
// is then not the only way in, and the footer says « ? aide ».

// FieldEmpty is true while nothing is typed in the lookup.
func (l *Lookup) FieldEmpty() bool { return l.input.Value() == "" }

// FieldEmpty is true on the places' empty filter or the place form's empty text field.
func (p *Places) FieldEmpty() bool {
	if p.editing != nil {
		return p.form.FocusedEmpty()
	}
	return p.filter.Value() == ""
}

// FieldEmpty is true on the key form's empty text field.
func (s *Stock) FieldEmpty() bool { return s.form.FocusedEmpty() }

// FieldEmpty is true on the correction form's empty text field.
func (p *Correction) FieldEmpty() bool { return p.form.FocusedEmpty() }
