package doc

import "html/template"

// a4Style is the printed page every document of passnum shares (the committee report, the
// closing statement): A4 margins, a readable sans-serif, key figures in boxes and tables that
// repeat their header on each page. A document adds its own rules after it.
const a4Style = `  @page { size: A4; margin: 15mm 14mm; }
  body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt; line-height: 1.35; color: #111; max-width: 60em; margin: 2em auto; padding: 0 1em; }
  h1 { font-size: 17pt; margin: 0; }
  .period { font-size: 13pt; margin: .2em 0; }
  .asof { color: #444; margin: 0 0 1em; }
  h2 { font-size: 12.5pt; margin: 1.4em 0 .5em; border-bottom: 1px solid #999; break-after: avoid; page-break-after: avoid; }
  .figures { display: grid; grid-template-columns: repeat(3, 1fr); gap: .5em; margin: .4em 0 1em; }
  .figure { border: 1px solid #ccc; border-left: 4px solid #2E6FBA; padding: .35em .6em; break-inside: avoid; page-break-inside: avoid; }
  .figure .value { font-size: 15pt; font-weight: bold; white-space: nowrap; }
  .figure .label { color: #333; }
  .figure .note { color: #555; font-size: 9pt; }
  .figure.bad { border-left-color: #B00020; }
  .figure.bad .value { color: #B00020; }
  table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; font-size: 9.5pt; }
  th, td { border-bottom: 1px solid #ccc; padding: .25em .4em; text-align: right; white-space: nowrap; }
  th:first-child, td:first-child { text-align: left; white-space: normal; }
  thead th { border-bottom: 2px solid #333; background: #F2F4F7; }
  tfoot td { font-weight: bold; border-top: 2px solid #333; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
`

// htmlTable is a table of a printable page: its header, rows and total line, and what the page
// says when there is no row. One template, tableTemplate, draws every such table.
type htmlTable struct {
	Head  []string
	Rows  [][]string
	Total []string // no total line when nil
	Empty string
}

// tableTemplate defines "table", called with an htmlTable as {{- template "table" .X}} right
// after the heading it belongs to.
const tableTemplate = `{{define "table"}}{{if .Rows}}
<table>
<thead><tr>{{range .Head}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{- end}}
</tbody>
{{- if .Total}}
<tfoot><tr>{{range .Total}}<td>{{.}}</td>{{end}}</tr></tfoot>
{{- end}}
</table>
{{- else}}
<p class="empty">{{.Empty}}</p>
{{- end}}{{end}}`

// a4Page parses a printable page's template with the shared table.
func a4Page(name, text string) *template.Template {
	return template.Must(template.Must(template.New(name).Parse(text)).Parse(tableTemplate))
}
