package trainer

import (
	"fmt"
	"math"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"passnum/domain"
	"passnum/tui/kit"
)

var panelKeys = struct {
	enter, save key.Binding
}{
	enter: key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "suivant/valider")),
	save:  key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "valider")),
}

// panel is a small form opened over the sheet (anonymous participant, follow-up, cancellation):
// esc closes it, the sheet stays as it was.
type panel struct {
	title  string
	intro  string
	fs     kit.FieldSet
	submit func() tea.Cmd
}

func (p *panel) Keys() []key.Binding {
	return []key.Binding{panelKeys.enter, kit.FieldKeys.Choose, panelKeys.save, kit.FieldKeys.Next, kit.FieldKeys.Prev}
}

func (p *panel) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, panelKeys.save):
			return p.submit()
		case key.Matches(k, panelKeys.enter):
			if p.fs.Last() {
				return p.submit()
			}
			return p.fs.Move(1)
		}
	}
	cmd, _ := p.fs.Update(msg)
	return cmd
}

func (p *panel) View(w int) string {
	var b strings.Builder
	b.WriteString(kit.StyleBold.Render(p.title) + "\n")
	if p.intro != "" {
		b.WriteString(kit.StyleMuted.Render(kit.Wrap(p.intro, w)) + "\n")
	}
	b.WriteString("\n" + p.fs.View(w))
	b.WriteString("\n" + kit.StyleMuted.Render("Entrée au dernier champ ou ctrl+s : valider · esc : fermer sans rien changer"))
	return b.String()
}

// run sends a change to the store from a command; the sheet reloads when it is done.
func (s *Sheet) run(status string, do func(env *kit.Env) error) tea.Cmd {
	if s.busy {
		return nil
	}
	s.busy = true
	env := s.env
	return func() tea.Msg {
		err := do(env)
		return sheetDone{status, err}
	}
}

// newAnonymousPanel counts a participant who does not give their name, as the Coop does.
func newAnonymousPanel(s *Sheet) *panel {
	gender := kit.ChoiceField("Genre", "", "genre :", domain.CoopGenders, domain.NotCommunicated)
	age := kit.ChoiceField("Tranche d'âge", "", "tranche d'âge :", domain.CoopAgeBands, domain.NotCommunicated)
	status := kit.ChoiceField("Statut", "", "statut :", domain.CoopStatuses, domain.NotCommunicated)
	p := &panel{
		title: "Participant anonyme",
		intro: "Compté dans les statistiques de la Coop, sans chèque. ←/→ pour choisir ; « Non communiqué » si la personne ne le dit pas.",
		fs:    kit.FieldSet{Fields: []*kit.Field{gender, age, status}},
	}
	p.submit = func() tea.Cmd {
		prof := domain.CoopProfile{Gender: gender.Value(), AgeBand: age.Value(), Status: status.Value()}
		s.cursor = math.MaxInt // the new line, at the end, once the sheet is read again
		return s.run("Participant anonyme ajouté à la feuille.", func(env *kit.Env) error {
			ctx, cancel := env.Context()
			defer cancel()
			_, err := env.Store.AddAnonymous(ctx, env.User, s.id, prof)
			return err
		})
	}
	return p
}

// newFollowUpPanel records the autonomy the trainer observed, a short comment and, when the
// person passed a test, a Pix positioning (checked by domain.ParsePix); earlier follow-ups stay (the panel lists them, dated).
func newFollowUpPanel(s *Sheet, who domain.Participant) *panel {
	initial := who.Autonomy
	if initial == "" {
		initial = domain.CoopAutonomy[0]
	}
	autonomy := kit.ChoiceField("Autonomie", "Ce que la personne sait faire seule à la fin de la séance.", "autonomie :", domain.CoopAutonomy, initial)
	comment := kit.TextField("Commentaire", "Court, pour le prescripteur (facultatif). Les commentaires précédents sont gardés.", "commentaire :", "", domain.MaxCommentLength)
	pix := kit.TextField("Positionnement Pix", "Facultatif : score (312) et/ou niveau par domaine, « 1:2 5:1 » ou « informations 2, communication 3 » — 1 infos, 2 communication, 3 création, 4 sécurité, 5 environnement.", "positionnement pix :", "", 200)
	p := &panel{
		title: "Suivi — " + who.Label(),
		intro: followUpHistory(who.Notes),
		fs:    kit.FieldSet{Fields: []*kit.Field{autonomy, comment, pix}},
	}
	p.submit = func() tea.Cmd {
		// Checked here too, so a mistyped positioning is blamed on its field before any write.
		if _, err := domain.ParsePix(pix.Value()); err != nil {
			cmd, _ := p.fs.Blame(err)
			return tea.Batch(cmd, kit.Fail(err))
		}
		return s.run("Suivi enregistré pour "+who.Label()+".", func(env *kit.Env) error {
			ctx, cancel := env.Context()
			defer cancel()
			return env.Store.RecordFollowUpNote(ctx, env.User, s.id, who.PersonID, domain.FollowUpNote{Autonomy: autonomy.Value(), Comment: comment.Value(), Pix: pix.Value()})
		})
	}
	return p
}

// followUpHistory lists the follow-ups already written, dated, most recent last.
func followUpHistory(notes []domain.FollowUpNote) string {
	if len(notes) == 0 {
		return ""
	}
	var lines []string
	for _, n := range notes[max(len(notes)-3, 0):] {
		lines = append(lines, followUpLine(n))
	}
	head := "Déjà noté :"
	if len(notes) > 3 {
		head = fmt.Sprintf("Déjà noté (%d suivis, les 3 derniers) :", len(notes))
	}
	return head + "\n" + strings.Join(lines, "\n")
}

// followUpLine is one dated follow-up: « le 23/11 à 16:05 : Autonome · « a fini » · Pix : 312 pix ».
func followUpLine(n domain.FollowUpNote) string {
	line := "le " + n.At.Local().Format("02/01 à 15:04") + " : " + n.Autonomy
	if n.Comment != "" {
		line += " · « " + n.Comment + " »"
	}
	if n.Pix != "" {
		line += " · Pix : " + domain.PixText(n.Pix)
	}
	return line
}

// newChequePanel asks, for a person found by name, the number of the paper chèque they hand
// over: the trainer collects it now, the closing redeems that one.
func newChequePanel(s *Sheet, person domain.Person) *panel {
	cheque := kit.TextField("Chèque remis", "Scannez ou tapez le numéro du chèque que la personne vous donne, ex. 600001-03.", "chèque :", "", 20)
	name := person.DisplayName()
	p := &panel{
		title: "Chèque de " + name,
		intro: "Récupérez le chèque papier de " + name + " et scannez-le : c'est lui qui paiera la séance.",
		fs:    kit.FieldSet{Fields: []*kit.Field{cheque}},
	}
	p.submit = func() tea.Cmd {
		number := cheque.Value()
		if number == "" {
			err := domain.Errorf(domain.KindInvalid, "chèque : scannez ou tapez le numéro du chèque remis (ou esc, puis ctrl+a pour un participant anonyme)")
			cmd, _ := p.fs.Blame(err)
			return tea.Batch(cmd, kit.Fail(err))
		}
		if s.busy {
			return nil
		}
		s.busy = true
		env, id := s.env, s.id
		return func() tea.Msg {
			ctx, cancel := env.Context()
			defer cancel()
			got, added, err := env.Store.AddParticipantWithCheque(ctx, env.User, id, person.ID, number)
			return sheetAdded{got, added, err}
		}
	}
	return p
}

// newCancelPanel undoes a redemption made by mistake; the reason goes to the audit log.
func newCancelPanel(s *Sheet, who domain.Participant) *panel {
	cheque := kit.ChoiceField("Chèque", "", "chèque :", who.Cheques, who.Cheques[0])
	reason := kit.TextField("Motif", "Obligatoire, ex. « chèque scanné par erreur ».", "motif :", "", domain.MaxReasonLength)
	p := &panel{
		title: "Annuler un encaissement — " + who.Label(),
		intro: "Le chèque redevient utilisable. Le jour même seulement ; ensuite, c'est la coordination qui annule.",
		fs:    kit.FieldSet{Fields: []*kit.Field{cheque, reason}},
	}
	if len(who.Cheques) == 1 {
		p.fs.Current = 1
	}
	p.submit = func() tea.Cmd {
		number := cheque.Value()
		return s.run("Encaissement du chèque "+number+" annulé.", func(env *kit.Env) error {
			ctx, cancel := env.Context()
			defer cancel()
			_, err := env.Store.CancelRedemption(ctx, env.User, number, reason.Value())
			return err
		})
	}
	return p
}
