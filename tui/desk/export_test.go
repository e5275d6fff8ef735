package desk

import (
	"time"

	"charm.land/bubbles/v2/textinput"

	"passnum/domain"
)

// What the tests read of the screens' state. The tests drive the root App, which imports this
// package, so they are package desk_test and see unexported state only through this file.

const (
	FfLast, FfFirst, FfBirth, FfAddress, FfHouseholdOf = ffLast, ffFirst, ffBirth, ffAddress, ffHouseholdOf
	FfCommune                                          = ffCommune

	HoNumber, HoConfirm, HoDone = hoNumber, hoConfirm, hoDone

	MgInput = mgInput

	StepMotif                          = stepMotif
	DiagContext, DiagItems, DiagResult = diagContext, diagItems, diagResult
)

func (s *PersonScreen) ID() int64 { return s.id }

func (f *PersonForm) Input(ff formField) *textinput.Model { return &f.inputs[ff] }
func (f *PersonForm) Err(ff formField) string             { return f.errs[ff] }
func (f *PersonForm) Focused() formField                  { return f.focus }
func (f *PersonForm) Consent() bool                       { return f.consent }
func (f *PersonForm) DuplicatesOpen() bool                { return f.dups != nil }

func (h *Handover) Stage() handoverStage         { return h.stage }
func (h *Handover) Person() *domain.Person       { return h.person }
func (h *Handover) CheckedFor() string           { return h.checkedFor }
func (h *Handover) TxtPath() string              { return h.txtPath }
func (h *Handover) HTMLPath() string             { return h.htmlPath }
func (h *Handover) Overflow() bool               { return h.overflow }
func (h *Handover) NumberInput() textinput.Model { return h.number }

func (m *Merge) Stage() mergeStage { return m.stage }

func (d *Diagnostic) Phase() diagPhase                 { return d.phase }
func (d *Diagnostic) Step() int                        { return d.step }
func (d *Diagnostic) Item() int                        { return d.item }
func (d *Diagnostic) Motifs() []domain.Need            { return d.motifs }
func (d *Diagnostic) Equipment() domain.Equipment      { return d.equipment }
func (d *Diagnostic) Commune() domain.Commune          { return d.env.Communes[d.commune] }
func (d *Diagnostic) Answers() []string                { return d.answers }
func (d *Diagnostic) Input() domain.DiagnosticInput    { return d.input() }
func (d *Diagnostic) Result() *domain.DiagnosticResult { return d.res }
func (d *Diagnostic) ResultContent(w int) string       { return d.resultContent(w) }
func (d *Diagnostic) SavedID() int64                   { return d.savedID }
func (d *Diagnostic) ShowExcluded() bool               { return d.showExcluded }

// SetClock gives the home's scan detection a test clock.
func (h *Home) SetClock(c func() time.Time) { h.burst.Clock = c }
