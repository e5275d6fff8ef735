package tui

import (
	"passnum/tui/kit"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// stub stands for a screen not written yet.
type stub struct{ name string }

func (s stub) Init() tea.Cmd                        { return nil }
func (s stub) Update(tea.Msg) (kit.Screen, tea.Cmd) { return s, nil }
func (s stub) View(w, h int) string                 { return "À venir : " + s.name }
func (s stub) Title() string                        { return s.name }
func (s stub) Keys() []key.Binding                  { return nil }
