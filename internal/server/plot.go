package server

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"litkb/internal/study"
)

// This file draws the comparison plot: a dot (forest) plot of findings
// with their confidence intervals, rendered on the server as SVG so it
// needs no script and prints as vectors. It never draws a pooled
// estimate. Findings are laid out in panels, one per measure (and unit),
// each with its own axis, because a proportion and a correlation do not
// share a scale; inside a panel, every construct is its own labelled band,
// because findings under different definitions are not the same quantity;
// inside a band, findings are grouped by design. The table and the CSV
// beside the plot follow the same order (plotLayout), so all three show
// the same numbers.

// plotPoint is one finding as the plot, its table and its CSV show it.
type plotPoint struct {
	StudyID, FindingID string
	Label              string // "Thomson & Jaque (2017)"
	Authors            string // "Thomson & Jaque": the part of Label the plot may shorten
	Year               int
	URL                string // the finding's permalink, /studies/<id>#<fid>
	SourceURL          string
	Construct          string // construct id
	ConstructLabel     string
	Design             string
	Measure, Unit      string
	Value              float64
	Low, High          *float64 // 95% CI, when the source gives one
	N, K               *int
	Relation           string // supports | complicates | contradicts, for a claim
	Text               string // the finding's statement
	Display            string // the value as the study page shows it
	Population, Page   string
}

// plotLayout is a set of findings in the order they are drawn.
type plotLayout struct {
	Panels   []plotPanel
	Findings int
	Studies  int // distinct studies
	TotalN   int // summed over studies, each counted once (its largest n here)
	NoN      int // studies none of whose findings here gives n
}

// plotPanel is one measure on one axis.
type plotPanel struct {
	Measure, Unit string
	Title         string // "Proportion (%)"
	Axis          plotAxis
	Groups        []plotGroup
}

// plotGroup is one construct inside a panel.
type plotGroup struct {
	Construct, Label string
	Rows             []plotRow
	Studies, TotalN  int
	NoN              int
	Min, Max         float64 // range of the estimates
	Text             string  // Summary, for templates
}

// plotRow is one finding; DesignStart marks the first of its design.
type plotRow struct {
	plotPoint
	DesignStart bool
	// ValueText, CIText and NText are the numbers as the plot, the table
	// and the CSV write them: "51.4%", "40% to 60%", "n = 37".
	ValueText, CIText, NText string
	TableN                   string // n for a column headed n: "37", "854 (k = 18)", "not reported"
}

// Summary is the group's line: "2 studies · n = 309 · 14%–51.4%".
func (g plotGroup) Summary(measure string) string {
	return strings.Join(groupFacts(len(g.Rows), g.Studies, g.TotalN, g.NoN, g.Min, g.Max, measure), " · ")
}

func groupFacts(findings, studies, totalN, noN int, lo, hi float64, measure string) []string {
	var parts []string
	if findings != studies {
		parts = append(parts, fmt.Sprintf("%d %s from %d %s", findings, plural(findings, "finding", "findings"), studies, plural(studies, "study", "studies")))
	} else {
		parts = append(parts, fmt.Sprintf("%d %s", studies, plural(studies, "study", "studies")))
	}
	parts = append(parts, nPhrase(totalN, noN, studies))
	if findings > 1 {
		switch {
		case lo == hi:
			parts = append(parts, "all "+plotValue(measure, lo))
		case lo < 0:
			parts = append(parts, "range "+plotValue(measure, lo)+" to "+plotValue(measure, hi))
		default:
			parts = append(parts, "range "+plotValue(measure, lo)+"–"+plotValue(measure, hi))
		}
	}
	return parts
}

// nPhrase states the total n honestly: "n = 309", "n = 272; 1 study gives
// no n", "n not reported".
func nPhrase(total, noN, studies int) string {
	switch {
	case noN == studies:
		return "n not reported"
	case noN > 0:
		return fmt.Sprintf("n = %s; %d %s no n", thousands(total), noN, plural(noN, "study gives", "studies give"))
	}
	return "n = " + thousands(total)
}

// measureOrder is the order of panels.
var measureOrder = study.Measures

// newPlotLayout orders points into panels, construct groups and design
// runs. Points of the same panel and construct keep the construct order of
// their first appearance; rows inside a group are ordered by design, then
// year, then label.
func newPlotLayout(points []plotPoint) plotLayout {
	var l plotLayout
	studyN := map[string]*int{} // largest n per study; nil when none given
	for _, p := range points {
		pi := slices.IndexFunc(l.Panels, func(x plotPanel) bool { return x.Measure == p.Measure && x.Unit == p.Unit })
		if pi < 0 {
			l.Panels = append(l.Panels, plotPanel{Measure: p.Measure, Unit: p.Unit, Title: panelTitle(p.Measure, p.Unit)})
			pi = len(l.Panels) - 1
		}
		panel := &l.Panels[pi]
		gi := slices.IndexFunc(panel.Groups, func(g plotGroup) bool { return g.Construct == p.Construct })
		if gi < 0 {
			panel.Groups = append(panel.Groups, plotGroup{Construct: p.Construct, Label: cmp.Or(p.ConstructLabel, p.Construct)})
			gi = len(panel.Groups) - 1
		}
		panel.Groups[gi].Rows = append(panel.Groups[gi].Rows, plotRow{plotPoint: p})
		if n, ok := studyN[p.StudyID]; !ok || (p.N != nil && (n == nil || *p.N > *n)) {
			studyN[p.StudyID] = p.N
		}
		l.Findings++
	}
	rank := func(m string) int {
		if i := slices.Index(measureOrder, m); i >= 0 {
			return i
		}
		return len(measureOrder)
	}
	slices.SortStableFunc(l.Panels, func(a, b plotPanel) int {
		return cmp.Or(cmp.Compare(rank(a.Measure), rank(b.Measure)), cmp.Compare(a.Unit, b.Unit))
	})
	for pi := range l.Panels {
		panel := &l.Panels[pi]
		var all []float64
		for gi := range panel.Groups {
			g := &panel.Groups[gi]
			slices.SortStableFunc(g.Rows, func(a, b plotRow) int {
				return cmp.Or(cmp.Compare(designRank(a.Design), designRank(b.Design)), cmp.Compare(a.Year, b.Year),
					cmp.Compare(a.Label, b.Label), cmp.Compare(a.StudyID, b.StudyID), cmp.Compare(a.FindingID, b.FindingID))
			})
			gn := map[string]*int{}
			g.Min, g.Max = math.Inf(1), math.Inf(-1)
			for i := range g.Rows {
				r := &g.Rows[i]
				r.DesignStart = i == 0 || g.Rows[i-1].Design != r.Design
				r.ValueText, r.CIText, r.NText = plotValue(r.Measure, r.Value), ciText(r.Measure, r.Low, r.High), nText(r.N, r.K)
				r.TableN = "not reported"
				if r.N != nil {
					r.TableN = thousands(*r.N)
				}
				if r.K != nil {
					r.TableN += " (k = " + strconv.Itoa(*r.K) + ")"
				}
				if n, ok := gn[r.StudyID]; !ok || (r.N != nil && (n == nil || *r.N > *n)) {
					gn[r.StudyID] = r.N
				}
				g.Min, g.Max = min(g.Min, r.Value), max(g.Max, r.Value)
				all = append(all, r.Value)
				if r.Low != nil {
					all = append(all, *r.Low)
				}
				if r.High != nil {
					all = append(all, *r.High)
				}
			}
			g.Studies, g.TotalN, g.NoN = countN(gn)
			g.Text = g.Summary(panel.Measure)
		}
		panel.Axis = newAxis(panel.Measure, all)
	}
	l.Studies, l.TotalN, l.NoN = countN(studyN)
	return l
}

func countN(byStudy map[string]*int) (studies, total, none int) {
	for _, n := range byStudy {
		studies++
		if n == nil {
			none++
		} else {
			total += *n
		}
	}
	return
}

func designRank(d string) int {
	if i := slices.Index(study.Designs, d); i >= 0 {
		return i
	}
	return len(study.Designs)
}

// panelTitle names a measure and its scale.
func panelTitle(measure, unit string) string {
	t := upperFirst(cmp.Or(measure, "value"))
	switch {
	case unit != "":
		t += " (" + unit + ")"
	case measure == "proportion":
		t += " (%)"
	case measure == "correlation":
		t += " (r)"
	case measure == "kappa":
		t += " (Cohen's κ)"
	case measure == "odds ratio":
		t += " (log scale)"
	}
	return t
}

// plotValue writes a value on its measure's scale: 51.4%, .31, −.12, 1.06.
func plotValue(measure string, v float64) string {
	switch measure {
	case "proportion":
		return trimNum(v*100, 1) + "%"
	case "correlation", "kappa":
		s := trimNum(math.Abs(v), 2)
		if s != "0" {
			s = strings.TrimPrefix(s, "0")
		}
		if v < 0 {
			return "−" + s
		}
		return s
	}
	s := trimNum(math.Abs(v), 2)
	if v < 0 {
		return "−" + s
	}
	return s
}

// trimNum rounds to at most prec decimals and drops trailing zeros.
func trimNum(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// ciText is "40%–60%" or "".
func ciText(measure string, lo, hi *float64) string {
	if lo == nil || hi == nil {
		return ""
	}
	return plotValue(measure, *lo) + " to " + plotValue(measure, *hi)
}

// nText is "n = 37", "k = 18, n = 854" or "n not reported".
func nText(n, k *int) string {
	var parts []string
	if k != nil {
		parts = append(parts, "k = "+strconv.Itoa(*k))
	}
	if n != nil {
		parts = append(parts, "n = "+thousands(*n))
	} else {
		parts = append(parts, "n not reported")
	}
	return strings.Join(parts, ", ")
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 10000 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// plotAxis maps values of one measure to the page.
type plotAxis struct {
	Min, Max float64
	Ticks    []float64
	Log      bool
	Ref      *float64 // the no-effect line (0, or 1 for an odds ratio)
	measure  string
}

func newAxis(measure string, vals []float64) plotAxis {
	a := plotAxis{measure: measure}
	lo, hi := 0.0, 0.0
	if len(vals) > 0 {
		lo, hi = slices.Min(vals), slices.Max(vals)
	}
	zero := 0.0
	switch measure {
	case "proportion":
		a.Min, a.Max, a.Ticks = 0, 1, []float64{0, .25, .5, .75, 1}
	case "correlation", "kappa":
		if lo < 0 {
			a.Min, a.Max, a.Ticks, a.Ref = -1, 1, []float64{-1, -.5, 0, .5, 1}, &zero
		} else {
			a.Min, a.Max, a.Ticks = 0, 1, []float64{0, .2, .4, .6, .8, 1}
		}
	case "odds ratio":
		one := 1.0
		a.Log, a.Ref = true, &one
		lo, hi = min(lo, 1), max(hi, 1)
		lo, hi = max(lo, 0.01), max(hi, 0.01)
		steps := []float64{0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100}
		a.Min, a.Max = steps[0], steps[len(steps)-1]
		for _, s := range steps {
			if s <= lo {
				a.Min = s
			}
		}
		for i := len(steps) - 1; i >= 0; i-- {
			if steps[i] >= hi {
				a.Max = steps[i]
			}
		}
		for _, s := range steps {
			if s >= a.Min && s <= a.Max {
				a.Ticks = append(a.Ticks, s)
			}
		}
	default:
		if measure == "effect size" || measure == "difference" || measure == "count" {
			lo, hi = min(lo, 0), max(hi, 0)
		}
		if measure == "effect size" || measure == "difference" {
			a.Ref = &zero
		}
		if hi == lo {
			hi = lo + 1
		}
		step := niceStep((hi - lo) / 4)
		a.Min, a.Max = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
		for v := a.Min; v <= a.Max+step/2; v += step {
			a.Ticks = append(a.Ticks, math.Round(v/step)*step)
		}
	}
	return a
}

// niceStep rounds a raw tick step to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// frac is where v falls on the axis, 0 to 1, clamped.
func (a plotAxis) frac(v float64) float64 {
	var f float64
	if a.Log {
		f = (math.Log(math.Max(v, 1e-9)) - math.Log(a.Min)) / (math.Log(a.Max) - math.Log(a.Min))
	} else {
		f = (v - a.Min) / (a.Max - a.Min)
	}
	return math.Max(0, math.Min(1, f))
}

func (a plotAxis) label(v float64) string {
	if a.Log {
		return trimNum(v, 2)
	}
	return plotValue(a.measure, v)
}

// Geometry of the SVG, in its own units. The width is small on purpose:
// the plot scales to the column, and at 390 px the 12-unit text is still
// about 11 px. Each finding takes two lines (label and value, then the dot
// on its axis), so long labels never squeeze the axis.
const (
	plotW      = 360.0
	plotLeft   = 18.0  // the axis starts here
	plotRight  = 342.0 // and ends here
	plotFont   = 12.0
	rowH       = 36.0
	designH    = 18.0
	groupHeadH = 36.0
)

var plotColors = struct{ fg, muted, band, grid, dot, ref string }{
	fg: "#1b1f24", muted: "#596370", band: "#f1f4f7", grid: "#d9dee4", dot: "#1d5aa6", ref: "#596370",
}

// dotRadius grows with log n so a 10,000-person meta-analysis does not
// swallow an 18-person cohort: n = 18 → 4.4, 272 → 6.2, 10,000 → 8.5.
func dotRadius(n *int) float64 {
	if n == nil || *n <= 0 {
		return 4.5
	}
	return math.Max(3.5, math.Min(8.5, 2.5+1.5*math.Log10(float64(*n))))
}

// svgBuilder writes SVG with escaped text and rounded numbers.
type svgBuilder struct{ strings.Builder }

func (b *svgBuilder) f(format string, args ...any) { fmt.Fprintf(&b.Builder, format, args...) }

func esc(s string) string { return template.HTMLEscapeString(s) }

func n1(v float64) string { return trimNum(v, 1) }

// textWidth estimates the width of s at a font size, for truncating labels.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case strings.ContainsRune("ijlI.,;:'’|!()[] ", r):
			w += 0.34
		case strings.ContainsRune("mwMW%—", r):
			w += 0.92
		case r >= 'A' && r <= 'Z':
			w += 0.72
		case r >= '0' && r <= '9':
			w += 0.64
		default:
			w += 0.62
		}
	}
	return w * size
}

// fit cuts s with an ellipsis so it is at most width wide.
func fit(s string, size, width float64) string {
	if textWidth(s, size) <= width {
		return s
	}
	for s != "" && textWidth(s+"…", size) > width {
		_, n := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-n]
	}
	return strings.TrimRight(s, " ,") + "…"
}

// wrap breaks s into lines at most width wide.
func wrap(s string, size, width float64) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && textWidth(line+" "+w, size) > width {
			lines = append(lines, line)
			line = ""
		}
		line = strings.TrimSpace(line + " " + w)
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// renderPlot draws the layout as an accessible SVG: a <title> and a <desc>
// that states what is shown; the numbers themselves are in the table that
// goes with it. id prefixes the element ids.
func renderPlot(id, title string, l plotLayout) template.HTML {
	var body svgBuilder
	y := 4.0
	relations := false
	for _, p := range l.Panels {
		for _, g := range p.Groups {
			for _, r := range g.Rows {
				relations = relations || r.Relation != ""
			}
		}
	}
	labelX, rows := 8.0, 0
	if relations {
		labelX = 24
	}
	for pi, p := range l.Panels {
		if pi > 0 {
			y += 18
		}
		y = drawPanel(&body, id, p, y, labelX, &rows)
	}
	y = drawLegend(&body, y+14, relations)
	h := math.Ceil(y + 6)

	var b svgBuilder
	b.f(`<svg xmlns="http://www.w3.org/2000/svg" class="plot" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s-title %s-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="%s" fill="%s">`+"\n",
		n1(plotW), n1(h), n1(plotW), n1(h), esc(id), esc(id), n1(plotFont), plotColors.fg)
	b.f(`<title id="%s-title">%s</title>`+"\n", esc(id), esc(title))
	b.f(`<desc id="%s-desc">%s</desc>`+"\n", esc(id), esc(plotDescription(l)))
	b.WriteString(body.String())
	b.WriteString("</svg>")
	return template.HTML(b.String())
}

func drawPanel(b *svgBuilder, id string, p plotPanel, y, labelX float64, rows *int) float64 {
	b.f(`<g class="panel">` + "\n")
	b.f(`<text x="0" y="%s" font-size="14" font-weight="700">%s</text>`+"\n", n1(y+14), esc(p.Title))
	k, studies := 0, map[string]bool{}
	for _, g := range p.Groups {
		k += len(g.Rows)
		for _, r := range g.Rows {
			studies[r.StudyID] = true
		}
	}
	sub := fmt.Sprintf("%d %s from %d %s", k, plural(k, "finding", "findings"), len(studies), plural(len(studies), "study", "studies"))
	if len(p.Groups) > 1 {
		sub += fmt.Sprintf(" under %d constructs: not pooled", len(p.Groups))
	}
	b.f(`<text class="muted" x="0" y="%s" font-size="11" fill="%s">%s</text>`+"\n", n1(y+29), plotColors.muted, esc(sub))
	y += 36
	ticks := func(at float64) {
		for _, t := range p.Axis.Ticks {
			x := plotLeft + p.Axis.frac(t)*(plotRight-plotLeft)
			b.f(`<text class="muted" x="%s" y="%s" font-size="11" text-anchor="middle" fill="%s">%s</text>`+"\n", n1(x), n1(at), plotColors.muted, esc(p.Axis.label(t)))
		}
	}
	ticks(y + 10)
	y += 16
	// Bands first, then the grid over them, then the text and dots. The
	// grid runs only where dots are (zones), so no line crosses a label.
	var bands, content svgBuilder
	var zones [][2]float64
	for gi, g := range p.Groups {
		if gi > 0 {
			y += 8
		}
		start := y
		for i, line := range wrap(g.Label, plotFont*1.08, plotW-16) {
			if i > 0 {
				y += 15
			}
			content.f(`<text x="8" y="%s" font-weight="700">%s</text>`+"\n", n1(y+15), esc(line))
		}
		// One design in the group: say it in the summary, not on a line
		// of its own.
		oneDesign := !slices.ContainsFunc(g.Rows[1:], func(r plotRow) bool { return r.DesignStart })
		summary := g.Text
		if oneDesign {
			summary += " · " + cmp.Or(g.Rows[0].Design, "design not recorded")
		}
		for i, line := range wrap(summary, 11, plotW-16) {
			if i > 0 {
				y += 14
			}
			content.f(`<text class="muted" x="8" y="%s" font-size="11" fill="%s">%s</text>`+"\n", n1(y+29), plotColors.muted, esc(line))
		}
		y += groupHeadH
		for _, r := range g.Rows {
			if r.DesignStart && !oneDesign {
				content.f(`<text class="muted" x="8" y="%s" font-size="10.5" letter-spacing=".06em" fill="%s">%s</text>`+"\n", n1(y+12), plotColors.muted, esc(strings.ToUpper(cmp.Or(r.Design, "design not recorded"))))
				y += designH
			}
			*rows++
			drawRow(&content, fmt.Sprintf("%s-r%d", id, *rows), p, r, y, labelX)
			zones = append(zones, [2]float64{y + 16, y + rowH})
			y += rowH
		}
		y += 4
		bands.f(`<rect class="band" x="0" y="%s" width="%s" height="%s" rx="4" fill="%s"/>`+"\n", n1(start), n1(plotW), n1(y-start), plotColors.band)
	}
	b.WriteString(bands.String())
	segments := func(x float64) string {
		var d strings.Builder
		for _, z := range zones {
			fmt.Fprintf(&d, "M%s %sV%s", n1(x), n1(z[0]), n1(z[1]))
		}
		return d.String()
	}
	for _, t := range p.Axis.Ticks {
		b.f(`<path class="grid" d="%s" stroke="%s" stroke-width="1"/>`+"\n", segments(plotLeft+p.Axis.frac(t)*(plotRight-plotLeft)), plotColors.grid)
	}
	if p.Axis.Ref != nil {
		b.f(`<path class="noeffect" d="%s" stroke="%s" stroke-width="1.2" stroke-dasharray="3 2"/>`+"\n", segments(plotLeft+p.Axis.frac(*p.Axis.Ref)*(plotRight-plotLeft)), plotColors.ref)
	}
	b.WriteString(content.String())
	ticks(y + 14)
	b.f("</g>\n")
	return y + 18
}

var relationGlyph = map[string]string{"supports": "+", "complicates": "~", "contradicts": "−"}

// drawRow draws one finding; clip names the clip path that keeps its label
// off its value should the width estimate be short for the font in use.
func drawRow(b *svgBuilder, clip string, p plotPanel, r plotRow, y, labelX float64) {
	// The value, its CI and its n, as much of that as leaves the label
	// room for its year and finding id (the table has all of it). A
	// hollow dot already says n is not reported.
	tail := ", " + r.FindingID
	if r.Authors != "" && strings.HasPrefix(r.Label, r.Authors) {
		tail = strings.TrimPrefix(r.Label, r.Authors) + tail
	}
	need := textWidth("Thomson &… "+tail, plotFont)
	ci, n := "", ""
	if r.Low != nil && r.High != nil {
		ci = " [" + plotValue(p.Measure, *r.Low) + ", " + plotValue(p.Measure, *r.High) + "]"
	}
	if r.N != nil || r.K != nil {
		n = " · " + strings.TrimSuffix(r.NText, ", n not reported")
	}
	var value string
	bold := plotFont * 1.12 // the value is bold, and wider
	for _, v := range []string{r.ValueText + ci + n, r.ValueText + ci, r.ValueText} {
		value = v
		if plotRight-labelX-textWidth(v, bold)-10 >= need {
			break
		}
	}
	room := plotRight - labelX - textWidth(value, bold) - 10
	// Shorten the authors, never the year or the finding, which tell rows
	// of one study apart.
	label := fit(r.Label+", "+r.FindingID, plotFont, room)
	if r.Authors != "" && strings.HasPrefix(r.Label, r.Authors) {
		label = fit(r.Authors, plotFont, room-textWidth(tail, plotFont)) + tail
	}
	b.f(`<g class="row">`)
	if g, ok := relationGlyph[r.Relation]; ok {
		b.f(`<circle class="rel rel-%s" cx="12" cy="%s" r="7" fill="none" stroke="%s"/><text x="12" y="%s" font-size="11" font-weight="700" text-anchor="middle">%s</text>`,
			esc(r.Relation), n1(y+9), plotColors.muted, n1(y+13), g)
	}
	b.f(`<clipPath id="%s"><rect x="%s" y="%s" width="%s" height="18"/></clipPath>`, esc(clip), n1(labelX), n1(y), n1(max(room+4, 0)))
	b.f(`<text x="%s" y="%s" clip-path="url(#%s)">%s</text>`, n1(labelX), n1(y+13), esc(clip), esc(label))
	b.f(`<text x="%s" y="%s" text-anchor="end" font-weight="600">%s</text>`, n1(plotRight), n1(y+13), esc(value))
	cy := y + 26
	x := func(v float64) float64 { return plotLeft + p.Axis.frac(v)*(plotRight-plotLeft) }
	if r.Low != nil && r.High != nil {
		x1, x2 := x(*r.Low), x(*r.High)
		b.f(`<line class="ci" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5"/>`, n1(x1), n1(cy), n1(x2), n1(cy), plotColors.fg)
		for _, e := range []struct {
			v, at float64
		}{{*r.Low, x1}, {*r.High, x2}} {
			switch {
			case e.v < p.Axis.Min: // runs off the axis: an arrow, not a cap
				b.f(`<polyline class="ci" points="%s,%s %s,%s %s,%s" fill="none" stroke="%s" stroke-width="1.5"/>`, n1(e.at+5), n1(cy-4), n1(e.at), n1(cy), n1(e.at+5), n1(cy+4), plotColors.fg)
				continue
			case e.v > p.Axis.Max:
				b.f(`<polyline class="ci" points="%s,%s %s,%s %s,%s" fill="none" stroke="%s" stroke-width="1.5"/>`, n1(e.at-5), n1(cy-4), n1(e.at), n1(cy), n1(e.at-5), n1(cy+4), plotColors.fg)
				continue
			}
			b.f(`<line class="ci" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5"/>`, n1(e.at), n1(cy-4), n1(e.at), n1(cy+4), plotColors.fg)
		}
	}
	rad := dotRadius(r.N)
	if r.N == nil {
		b.f(`<circle class="dot hollow" cx="%s" cy="%s" r="%s" fill="#fff" stroke="%s" stroke-width="2"/>`, n1(x(r.Value)), n1(cy), n1(rad), plotColors.dot)
	} else {
		b.f(`<circle class="dot" cx="%s" cy="%s" r="%s" fill="%s" fill-opacity=".85" stroke="%s" stroke-width="1"/>`, n1(x(r.Value)), n1(cy), n1(rad), plotColors.dot, plotColors.dot)
	}
	b.f("</g>\n")
}

func drawLegend(b *svgBuilder, y float64, relations bool) float64 {
	b.f(`<g class="legend" font-size="11">`)
	x := 8.0
	for _, n := range []int{20, 200, 2000} {
		r := dotRadius(&n)
		b.f(`<circle class="dot" cx="%s" cy="%s" r="%s" fill="%s" fill-opacity=".85" stroke="%s" stroke-width="1"/>`, n1(x+r), n1(y), n1(r), plotColors.dot, plotColors.dot)
		t := "n = " + thousands(n)
		b.f(`<text x="%s" y="%s">%s</text>`, n1(x+2*r+4), n1(y+4), t)
		x += 2*r + 4 + textWidth(t, 11) + 12
	}
	b.f(`<circle class="dot hollow" cx="%s" cy="%s" r="4.5" fill="#fff" stroke="%s" stroke-width="2"/>`, n1(x+4.5), n1(y), plotColors.dot)
	b.f(`<text x="%s" y="%s">n not reported</text>`, n1(x+13), n1(y+4))
	y += 20
	b.f(`<line class="ci" x1="8" y1="%s" x2="32" y2="%s" stroke="%s" stroke-width="1.5"/>`, n1(y-4), n1(y-4), plotColors.fg)
	b.f(`<text x="40" y="%s">95%% CI, where the source reports one</text>`, n1(y))
	lines := wrap("Each dot is one finding as its study reports it. No pooled estimate is drawn: findings under different constructs are different quantities.", 11, plotW-16)
	if relations {
		lines = append(lines, wrap("+ supports the claim, ~ complicates it, − contradicts it.", 11, plotW-16)...)
	}
	for _, s := range lines {
		y += 16
		b.f(`<text class="muted" x="8" y="%s" fill="%s">%s</text>`, n1(y), plotColors.muted, esc(s))
	}
	b.f("</g>\n")
	return y
}

// plotDescription is the plot's <desc>: what it shows, in words.
func plotDescription(l plotLayout) string {
	if l.Findings == 0 {
		return "No finding with a number to plot."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Dot plot of %s. Each finding is drawn as reported; no pooled estimate. ", l.countPhrase())
	if len(l.Panels) > 1 {
		var names []string
		for _, p := range l.Panels {
			names = append(names, p.Measure)
		}
		fmt.Fprintf(&b, "The measures differ, so each has its own panel and axis: %s. ", strings.Join(names, ", "))
	}
	for _, p := range l.Panels {
		for _, g := range p.Groups {
			fmt.Fprintf(&b, "%s, %s: %s. ", p.Title, g.Label, g.Summary(p.Measure))
		}
	}
	return strings.TrimSpace(b.String())
}
