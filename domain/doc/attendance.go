package doc

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"sync"
	"time"

	"passnum/domain"
)

// The attendance sheet to sign (feuille d'émargement) as one printable A4 page: the session,
// its place and trainer, one line per participant with a box to sign, and blank lines up to the
// session's capacity for the people who come without being on the sheet yet.

// AttendanceSheet is what the printed sheet says: a session read from the ledger, its place (the
// address when known), the trainer's name and the lines of its sheet.
type AttendanceSheet struct {
	Session      domain.Session
	Place        domain.Place // Name and Address used when set; else Session.PlaceName
	Trainer      string       // the trainer's name as people know them
	Participants []domain.Participant
	PrintedAt    time.Time
}

// AttendanceFileName is the file a printed sheet is written to: « emargement-S12-2026-11-23.html ».
func AttendanceFileName(s domain.Session) string {
	return "emargement-" + s.ID + "-" + s.Start.Local().Format("2006-01-02") + ".html"
}

// WriteAttendanceHTML writes the attendance sheet as a printable HTML page.
func WriteAttendanceHTML(w io.Writer, a AttendanceSheet) error {
	if err := attendanceHTML().Execute(w, newAttendanceData(a)); err != nil {
		return fmt.Errorf("feuille d'émargement HTML : %w", err)
	}
	return nil
}

type attendanceRow struct {
	N                      int
	Name, Cheque, Presence string
}

type attendanceData struct {
	ID, Title, Kind, When, Place, Address, Trainer, Printed string
	Rows                                                    []attendanceRow
	Blank                                                   []int
}

func newAttendanceData(a AttendanceSheet) attendanceData {
	s := a.Session
	start := s.Start.Local()
	title := s.Title
	if title == "" {
		title = domain.IndividualTitle
	}
	kind := "Atelier collectif"
	if s.Type == domain.SessionIndividual {
		kind = "Accompagnement individuel"
	}
	if len(s.Themes) > 0 {
		kind += " · " + strings.Join(s.Themes, ", ")
	}
	if s.Level != "" {
		kind += " · " + s.Level
	}
	d := attendanceData{ID: s.ID, Title: title, Kind: kind, Trainer: a.Trainer,
		When:  fmt.Sprintf("Le %s, de %s à %s (%s)", domain.LongDate(start), domain.ClockLabel(start), domain.ClockLabel(s.End().Local()), domain.DurationLabel(s.DurationMinutes)),
		Place: s.PlaceName, Printed: "Imprimée le " + domain.LongDate(a.PrintedAt.Local()) + " à " + domain.ClockLabel(a.PrintedAt.Local())}
	if a.Place.Name != "" {
		d.Place = a.Place.Name
	}
	if d.Place == "" {
		d.Place = s.Place
	}
	if a.Place.Address != "" {
		d.Address = strings.TrimSpace(a.Place.Address + ", " + strings.TrimSpace(a.Place.PostalCode+" "+a.Place.Commune))
	}
	for i, p := range a.Participants {
		r := attendanceRow{N: i + 1, Name: p.Label(), Cheque: p.Cheque}
		if len(p.Cheques) > 0 {
			r.Cheque = strings.Join(p.Cheques, ", ")
		}
		if !p.Present {
			r.Presence = "absent(e)"
		}
		d.Rows = append(d.Rows, r)
	}
	for n := len(d.Rows) + 1; n <= s.Capacity; n++ {
		d.Blank = append(d.Blank, n)
	}
	return d
}

var attendanceHTML = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("emargement").Parse(attendanceTemplate))
})

const attendanceTemplate = `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Feuille d'émargement — {{.ID}} {{.Title}}</title>
<style>
` + a4Style + `  .sheet td { height: 2.6em; vertical-align: middle; text-align: left; white-space: normal; }
  .sheet th { text-align: left; }
  .sheet .n { width: 2.5em; text-align: right; }
  .sheet .cheque { width: 9em; }
  .sheet .sign { width: 40%; border: 1px solid #999; }
  .absent { color: #555; font-style: italic; }
  .trainer { display: grid; grid-template-columns: 1fr 1fr; gap: 2em; margin-top: 1.5em; break-inside: avoid; page-break-inside: avoid; }
  .trainer div { border-top: 1px solid #333; padding-top: .3em; min-height: 4em; }
  footer { margin-top: 1em; color: #444; font-size: 8.5pt; }
  @media print { body { margin: 0; max-width: none; padding: 0; } }
</style>
</head>
<body>
<h1>Feuille d'émargement</h1>
<p class="period"><strong>{{.Title}}</strong> — séance {{.ID}}</p>
<p class="asof">{{.Kind}}<br>{{.When}}<br>{{.Place}}{{if .Address}}, {{.Address}}{{end}}<br>Formateur ou formatrice : {{.Trainer}}</p>
<table class="sheet">
<thead><tr><th class="n">n°</th><th>Nom et prénom</th><th class="cheque">chèque</th><th class="sign">signature</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr><td class="n">{{.N}}</td><td>{{.Name}}{{if .Presence}} <span class="absent">({{.Presence}})</span>{{end}}</td><td class="cheque">{{.Cheque}}</td><td class="sign"></td></tr>
{{- end}}
{{- range .Blank}}
<tr><td class="n">{{.}}</td><td></td><td class="cheque"></td><td class="sign"></td></tr>
{{- end}}
</tbody>
</table>
<div class="trainer"><div>Signature du formateur ou de la formatrice</div><div>Cachet du lieu</div></div>
<footer><p>{{.Printed}}. En signant, chaque participant atteste sa présence à la séance ; le chèque remis est celui qui paie la séance.</p></footer>
</body>
</html>`
