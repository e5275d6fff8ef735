package desk

import (
	"fmt"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/kit"
)

// Allowance by accompaniment (Hauts-de-France: 10 chèques when an adviser accompanies the
// person, 5 alone, 5 more on request): once the carnet is known, the hand-over asks whether an
// adviser accompanies the person when the programme's cap depends on it, and asks the reason of
// a carnet beyond the cap when the programme gives one on request. Both go to IssueCarnetFor.

// handoverAllowance is what the desk said about the hand-over.
type handoverAllowance struct {
	asked       bool // the accompaniment question was answered for this person
	accompanied bool
	reason      textinput.Model
	given       string // the reason, once typed and checked
	ready       bool   // reason was made
}

func (a *handoverAllowance) request() domain.HandOverRequest {
	return domain.HandOverRequest{Accompanied: a.accompanied, ExtraReason: a.given}
}

// reset forgets the reason (it is about one carnet), not the accompaniment (about the person).
func (a *handoverAllowance) reset() {
	a.given = ""
	if a.ready {
		a.reason.SetValue("")
		a.reason.Blur()
	}
}

// allowanceStage says, once the checks are back, whether a question comes before the
// confirmation: the accompaniment, or the reason of an extra carnet.
func (h *Handover) allowanceStage(msg handoverChecked) (handoverStage, tea.Cmd, bool) {
	if !h.allowance.asked && msg.prog.Limits.CarnetsPerPersonAccompanied > 0 {
		h.number.Blur()
		return hoAsk, nil, true
	}
	if msg.needsReason && h.allowance.given == "" {
		if !h.allowance.ready {
			h.allowance.reason = kit.NewInput("Motif : ", "pourquoi la personne demande un carnet de plus", 200)
			h.allowance.ready = true
		}
		h.number.Blur()
		return hoReason, h.allowance.reason.Focus(), true
	}
	return 0, nil, false
}

// allowanceKey answers the question of the stage, then checks again with the answer.
func (h *Handover) allowanceKey(msg tea.KeyPressMsg) (kit.Screen, tea.Cmd) {
	switch h.stage {
	case hoAsk:
		switch msg.String() {
		case "o", "O":
			h.allowance.asked, h.allowance.accompanied = true, true
		case "n", "N":
			h.allowance.asked, h.allowance.accompanied = true, false
		default:
			return h, nil
		}
	case hoReason:
		if msg.String() != "enter" {
			return h.typeInto(msg)
		}
		reason, err := domain.ValidateExtraReason(h.allowance.reason.Value())
		if err != nil {
			return h, kit.Fail(err)
		}
		if reason == "" {
			return h, kit.Status("Indiquez le motif de la demande, puis entrée (esc : pas de carnet supplémentaire).")
		}
		h.allowance.given = reason
		h.allowance.reason.Blur()
	}
	h.stage = hoChecking
	want, _ := h.chosen()
	return h, h.runChecks(h.checkedFor, want.ID)
}

func (h *Handover) allowanceFoot(w int) []string {
	lim := h.prog.Limits
	if h.stage == hoAsk {
		q := kit.StyleBold.Render(fmt.Sprintf("Un conseiller accompagne-t-il %s ? (o/n)", h.person.DisplayName()))
		note := fmt.Sprintf("Le programme %s remet %s à une personne accompagnée, %s à une personne venue seule.", h.prog.Name,
			domain.Plural(lim.PersonCap(true), "carnet", "carnets"), domain.Plural(lim.PersonCap(false), "carnet", "carnets"))
		return append(sheetWrap(q, w, 0, 0), sheetWrap(kit.StyleMuted.Render(note), w, 0, 0)...)
	}
	q := kit.StyleBold.Render(fmt.Sprintf("Carnet supplémentaire sur demande (%d au plus) : indiquez le motif, puis entrée.", lim.ExtraOnRequest))
	return append(sheetWrap(q, w, 0, 0), h.allowance.reason.View())
}
