package desk

import "charm.land/bubbles/v2/key"

// The diagnostic's keys. The help line shows the first bindings of Keys() followed by esc, ? and
// ctrl+c, all on one line of 80 cells, so the helps are short and several keys share a binding:
// TestDiagnosticHelpLineFits keeps « ? aide » visible on every step.
var diagKeys = struct {
	move, next, prev                    key.Binding
	motif, equip, yesNo, commune        key.Binding
	mobility, support, preference, free key.Binding
	urgent                              key.Binding
	answer, skip, keep                  key.Binding
	scroll, excluded, handover, orient  key.Binding
}{
	move:    key.NewBinding(key.WithKeys("up", "down", "pgup", "pgdown", "home", "end"), key.WithHelp("↑/↓", "choisir")),
	next:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "suite")),
	prev:    key.NewBinding(key.WithKeys("left", "backspace"), key.WithHelp("←", "précédente")),
	motif:   key.NewBinding(key.WithKeys("space", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0"), key.WithHelp("1-0/espace", "cocher")),
	equip:   key.NewBinding(key.WithKeys("space", "1", "2", "3"), key.WithHelp("1-3/espace", "cocher")),
	yesNo:   key.NewBinding(key.WithKeys("o", "n"), key.WithHelp("o/n", "oui/non")),
	commune: key.NewBinding(key.WithKeys("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z"), key.WithHelp("a-z", "initiale")),
	// Choosing by number also moves on: one key per answer, as for the items.
	mobility:   key.NewBinding(key.WithKeys("1", "2", "3"), key.WithHelp("1-3", "choisir")),
	support:    key.NewBinding(key.WithKeys("space", "1", "2", "3", "4", "5"), key.WithHelp("1-5/espace", "cocher")),
	preference: key.NewBinding(key.WithKeys("1", "2", "3"), key.WithHelp("1-3", "choisir")),
	free:       key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "gratuité")),
	urgent:     key.NewBinding(key.WithKeys("o", "n"), key.WithHelp("o/n", "oui/non")),
	answer:     key.NewBinding(key.WithKeys("0", "1", "2", "3"), key.WithHelp("0-3", "répondre")),
	skip:       key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "pas concerné")),
	keep:       key.NewBinding(key.WithKeys("right", "enter"), key.WithHelp("→", "garder")),
	scroll:     key.NewBinding(key.WithKeys("up", "down", "pgup", "pgdown", "home", "end"), key.WithHelp("↑/↓ pg↑/pg↓", "défiler")),
	excluded:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "écartés")),
	handover:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "remise de carnet")),
	orient:     key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "orienter vers un lieu")),
}

// Keys are the current step's bindings, the most useful first.
func (d *Diagnostic) Keys() []key.Binding {
	k := diagKeys
	switch d.phase {
	case diagItems:
		return []key.Binding{k.answer, k.skip, k.prev, k.keep}
	case diagComputing:
		return nil
	case diagResult:
		keys := []key.Binding{k.scroll}
		if d.res != nil && len(d.res.Excluded) > 0 {
			keys = append(keys, k.excluded)
		}
		if d.person != nil {
			keys = append(keys, k.handover, k.orient)
		}
		return keys
	}
	switch d.step {
	case stepMotif:
		return []key.Binding{k.motif, k.next, k.move}
	case stepEquipment:
		return []key.Binding{k.equip, k.yesNo, k.next, k.prev, k.move}
	case stepCommune:
		return []key.Binding{k.move, k.next, k.prev, k.commune}
	case stepMobility:
		return []key.Binding{k.mobility, k.next, k.prev, k.move}
	case stepSupport:
		return []key.Binding{k.support, k.next, k.prev, k.move}
	case stepPreference:
		return []key.Binding{k.preference, k.free, k.next, k.prev, k.move}
	default:
		return []key.Binding{k.urgent, k.next, k.prev, k.move}
	}
}
