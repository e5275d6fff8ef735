package doc

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"passnum/domain"
)

// The three charts of the committee report, drawn with gonum/plot as SVG to inline in the HTML:
// chèques used per month, carnets per prescriber (allocated and issued), each funder's share of
// the budget. They depend on the report only (no date, no random id): same report, same bytes.
//
// Fonts: vgsvg does not embed the font unless asked (EmbedFonts), it names the family. Text is
// measured with Liberation Sans, metric-compatible with Arial, and the SVG names « Liberation
// Sans, Arial, Helvetica, sans-serif », so a browser without Liberation lays it out the same way.

var (
	chartBlue   = color.RGBA{R: 0x2E, G: 0x6F, B: 0xBA, A: 0xFF}
	chartOrange = color.RGBA{R: 0xE0, G: 0x7B, B: 0x39, A: 0xFF}
	chartGrey   = color.RGBA{R: 0xBB, G: 0xBB, B: 0xBB, A: 0xFF}
)

// chartWidth fits the A4 page between its margins; chartHeight keeps two charts on a page.
const (
	chartWidth  = 16 * vg.Centimeter
	chartHeight = 7 * vg.Centimeter
)

var chartSans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// reportChart is a chart and its legend (the colour classes of the HTML: blue, orange).
type reportChart struct {
	SVG    string
	Legend []chartKey
}

type chartKey struct{ Class, Label string }

// chartLegends are the legends of the charts, in order: only the prescribers' has two series.
var chartLegends = [][]chartKey{nil, {{"blue", "attribués"}, {"orange", "remis"}}, nil}

// reportCharts draws the three charts, in the order the report shows them.
func reportCharts(r domain.Report) ([]reportChart, error) {
	var out []reportChart
	for i, chart := range []func(domain.Report) (*plot.Plot, vg.Length, error){usageChart, prescriberChart, funderChart} {
		p, height, err := chart(r)
		if err != nil {
			return nil, err
		}
		svg, err := chartSVG(p, height)
		if err != nil {
			return nil, err
		}
		out = append(out, reportChart{SVG: svg, Legend: chartLegends[i]})
	}
	return out, nil
}

// newChart is a plot in the report's style: sans-serif text, a bold title.
func newChart(title string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(chartSans, 11)
	p.Title.TextStyle.Font.Weight = xfont.WeightBold
	p.Title.Padding = vg.Points(8)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(chartSans, 9)
		a.Tick.Label.Font = font.From(chartSans, 8)
	}
	p.Legend.TextStyle.Font = font.From(chartSans, 9)
	return p
}

// niceStep is a step of 1, 2 or 5 times a power of ten giving about five ticks up to max.
func niceStep(max float64) float64 {
	raw := max / 5
	if raw <= 1 {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			return m * mag
		}
	}
	return 10 * mag
}

// countAxis makes a the axis of counts from 0 to max: whole ticks labelled « 1 200 ».
func countAxis(a *plot.Axis, max float64, label func(float64) string) {
	step := niceStep(max)
	a.Min = 0
	a.Max = math.Max(step*math.Ceil(max/step), step)
	var ticks []plot.Tick
	for v := 0.0; v <= a.Max+step/2; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: label(v)})
	}
	a.Tick.Marker = plot.ConstantTicks(ticks)
}

func countLabel(v float64) string { return domain.Grouped(int64(math.Round(v))) }

// bars is a bar chart of values, in one colour, without outline.
func bars(values []float64, width vg.Length, c color.Color, horizontal bool) (*plotter.BarChart, error) {
	b, err := plotter.NewBarChart(plotter.Values(values), width)
	if err != nil {
		return nil, err
	}
	b.Color = c
	b.LineStyle.Width = 0
	b.Horizontal = horizontal
	return b, nil
}

// barWidth shares length between n categories of groups bars each.
func barWidth(length vg.Length, n, groups int) vg.Length {
	w := length / vg.Length(max(n, 1)) * 0.7 / vg.Length(groups)
	return min(max(w, vg.Points(2)), vg.Points(28))
}

func maxOf(values ...[]float64) float64 {
	m := 0.0
	for _, vs := range values {
		for _, v := range vs {
			m = math.Max(m, v)
		}
	}
	return m
}

// noData is the single empty category of a chart with nothing to show.
const noData = "aucune donnée sur la période"

// usageChart: chèques used in each month of the period.
func usageChart(r domain.Report) (*plot.Plot, vg.Length, error) {
	p := newChart("Chèques utilisés par mois")
	var values []float64
	var names []string
	short := len(r.ByMonth) > 6
	for _, m := range r.ByMonth {
		values = append(values, float64(m.Cheques))
		name := domain.MonthLabel(m.Month)
		if short {
			name = m.Month.Format("01/2006")
		}
		if m.Partial {
			name += " *"
		}
		names = append(names, name)
	}
	if len(values) == 0 {
		values, names = []float64{0}, []string{noData}
	}
	if len(names) > 12 {
		p.X.Tick.Label.Rotation = math.Pi / 4
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YCenter
	}
	b, err := bars(values, barWidth(chartWidth*0.85, len(values), 1), chartBlue, false)
	if err != nil {
		return nil, 0, err
	}
	p.Add(valueGrid(false), b)
	p.Y.Label.Text = "chèques"
	countAxis(&p.Y, maxOf(values), countLabel)
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.5, float64(len(values))-0.5 // each category in the middle of its share
	return p, chartHeight, nil
}

// prescriberChart: carnets allocated and issued per prescriber in the period, horizontal bars
// (names are long), the first prescriber at the top.
func prescriberChart(r domain.Report) (*plot.Plot, vg.Length, error) {
	p := newChart("Carnets par prescripteur : attribués et remis")
	n := len(r.ByPrescriber)
	allocated, issued, names := make([]float64, n), make([]float64, n), make([]string, n)
	for i, l := range r.ByPrescriber {
		k := n - 1 - i
		allocated[k], issued[k], names[k] = float64(l.Allocated), float64(l.Issued), chartName(l.Name)
	}
	if n == 0 {
		allocated, issued, names, n = []float64{0}, []float64{0}, []string{noData}, 1
	}
	height := rowsHeight(n)
	w := barWidth(height*0.75, n, 2)
	a, err := bars(allocated, w, chartBlue, true)
	if err != nil {
		return nil, 0, err
	}
	a.Offset = w / 2
	is, err := bars(issued, w, chartOrange, true)
	if err != nil {
		return nil, 0, err
	}
	is.Offset = -w / 2
	p.Add(valueGrid(true), a, is) // the legend is the HTML caption: inside, it would hide bars
	p.X.Label.Text = "carnets"
	countAxis(&p.X, maxOf(allocated, issued), countLabel)
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	return p, height, nil
}

// funderChart: each funder's share of the budget, in percent, horizontal bars.
func funderChart(r domain.Report) (*plot.Plot, vg.Length, error) {
	p := newChart("Part de chaque financeur dans le budget")
	n := len(r.Funders)
	shares, names := make([]float64, n), make([]string, n)
	for i, f := range r.Funders {
		k := n - 1 - i
		shares[k] = float64(f.SharePercent)
		names[k] = chartName(f.Name) + " (" + fmt.Sprint(f.SharePercent) + " %)"
		if r.HasBudget {
			names[k] += " " + euros(f.Money.Budget)
		}
	}
	if n == 0 {
		shares, names, n = []float64{0}, []string{"aucun financeur déclaré"}, 1
	}
	height := rowsHeight(n)
	b, err := bars(shares, barWidth(height*0.75, n, 1), chartBlue, true)
	if err != nil {
		return nil, 0, err
	}
	p.Add(valueGrid(true), b)
	p.X.Label.Text = "part du budget"
	p.X.Min, p.X.Max = 0, 100
	var ticks []plot.Tick
	for v := 0; v <= 100; v += 20 {
		ticks = append(ticks, plot.Tick{Value: float64(v), Label: fmt.Sprintf("%d %%", v)})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	return p, height, nil
}

// rowsHeight is the height of a chart of n horizontal bars (or groups): it grows with them
// (many prescribers), up to most of a page.
func rowsHeight(n int) vg.Length {
	return min(max(chartHeight, 2*vg.Centimeter+vg.Length(n)*0.6*vg.Centimeter), 24*vg.Centimeter)
}

// chartName keeps a name short enough for an axis label.
func chartName(s string) string {
	const most = 40
	if r := []rune(s); len(r) > most {
		return string(r[:most-1]) + "…"
	}
	return s
}

// valueGrid draws light lines at the ticks of the value axis only (none across the categories):
// vertical lines for horizontal bars, horizontal lines for vertical bars.
func valueGrid(horizontalBars bool) *plotter.Grid {
	g := plotter.NewGrid()
	line := draw.LineStyle{Color: chartGrey, Width: vg.Points(0.4)}
	if horizontalBars {
		g.Vertical, g.Horizontal = line, draw.LineStyle{}
	} else {
		g.Vertical, g.Horizontal = draw.LineStyle{}, line
	}
	return g
}

// chartSVG renders a plot as an SVG element to inline in HTML: without the XML prelude and the
// generator comment, without the xlink namespace (no image is drawn), with a font list that
// falls back to Arial.
func chartSVG(p *plot.Plot, height vg.Length) (string, error) {
	c := vgsvg.NewWith(vgsvg.UseWH(chartWidth, height))
	p.Draw(draw.New(c))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return "", err
	}
	s := b.String()
	if i := strings.Index(s, "<svg"); i >= 0 {
		s = s[i:]
	}
	s = strings.Replace(s, "\n\txmlns:xlink=\"http://www.w3.org/1999/xlink\"", "", 1)
	s = strings.ReplaceAll(s, "font-family:Liberation Sans;", "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;")
	return strings.TrimSpace(s), nil
}
