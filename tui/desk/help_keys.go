package desk

// « ? » opens the help where the focused field is empty (kit.FieldEmpty); these pages keep
// their own files, so their answers are gathered here.

// FieldEmpty is true while nothing is typed in the quick lookup.
func (l *Lookup) FieldEmpty() bool { return l.input.Value() == "" }

// FieldEmpty is true on the hand-over's empty name or number field.
func (h *Handover) FieldEmpty() bool {
	switch h.stage {
	case hoFind:
		return h.search.Value() == ""
	case hoNumber:
		return h.number.Value() == ""
	}
	return true
}

// Unsaved is a hand-over under way: a carnet checked and not yet confirmed, or being issued.
func (h *Handover) Unsaved() string {
	switch h.stage {
	case hoConfirm:
		return "la remise du carnet " + h.checkedFor + " n'est pas confirmée"
	case hoIssuing:
		return "la remise du carnet " + h.checkedFor + " est en cours d'enregistrement"
	}
	return ""
}
