// Package plot draws a layout of findings as a dot (forest) plot in SVG:
// each finding with its confidence interval, rendered on the server so it
// needs no script and prints as vectors. It never draws a pooled
// estimate: each measure gets its own panel and axis, each construct its
// own labelled band, and the numbers are written exactly as the table
// beside the plot writes them (evidence.Layout).
package plot

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"

	"litkb/internal/evidence"
)

// Render draws the layout as an accessible SVG: a <title> and a <desc>
// that states what is shown; the numbers themselves are in the table that
// goes with it. id prefixes the element ids.
func Render(id, title string, l evidence.Layout) template.HTML {
	var body svgBuilder
	y := 4.0
	var marks legendMarks
	for _, p := range l.Panels {
		for _, g := range p.Groups {
			for _, r := range g.Rows {
				marks.relations = marks.relations || r.Relation != ""
				marks.unsafe = marks.unsafe || r.Unsafe
				marks.caution = marks.caution || (r.Warning != "" && !r.Unsafe)
			}
		}
	}
	relations := marks.relations
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
	y = drawLegend(&body, y+14, marks)
	h := math.Ceil(y + 6)

	var b svgBuilder
	b.f(`<svg xmlns="http://www.w3.org/2000/svg" class="plot" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s-title %s-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="%s" fill="%s">`+"\n",
		n1(plotW), n1(h), n1(plotW), n1(h), esc(id), esc(id), n1(plotFont), colors.fg)
	b.f(`<title id="%s-title">%s</title>`+"\n", esc(id), esc(title))
	b.f(`<desc id="%s-desc">%s</desc>`+"\n", esc(id), esc(description(l)))
	b.WriteString(body.String())
	b.WriteString("</svg>")
	return template.HTML(b.String())
}

func drawPanel(b *svgBuilder, id string, p evidence.Panel, y, labelX float64, rows *int) float64 {
	b.f(`<g class="panel">` + "\n")
	b.f(`<text x="0" y="%s" font-size="14" font-weight="700">%s</text>`+"\n", n1(y+14), esc(p.Title))
	ax := panelAxis(p)
	b.f(`<text class="muted" x="0" y="%s" font-size="11" fill="%s">%s</text>`+"\n", n1(y+29), colors.muted, esc(p.Counts()))
	y += 36
	ticks := func(at float64) {
		for _, t := range ax.Ticks {
			x := ax.x(t)
			b.f(`<text class="muted" x="%s" y="%s" font-size="11" text-anchor="middle" fill="%s">%s</text>`+"\n", n1(x), n1(at), colors.muted, esc(ax.label(t)))
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
		oneDesign := !slices.ContainsFunc(g.Rows[1:], func(r evidence.Row) bool { return r.DesignStart })
		summary := g.Text
		if oneDesign {
			summary += " · " + cmp.Or(g.Rows[0].Design, "design not recorded")
		}
		for i, line := range wrap(summary, 11, plotW-16) {
			if i > 0 {
				y += 14
			}
			content.f(`<text class="muted" x="8" y="%s" font-size="11" fill="%s">%s</text>`+"\n", n1(y+29), colors.muted, esc(line))
		}
		y += groupHeadH
		for _, r := range g.Rows {
			if r.DesignStart && !oneDesign {
				content.f(`<text class="muted" x="8" y="%s" font-size="10.5" letter-spacing=".06em" fill="%s">%s</text>`+"\n", n1(y+12), colors.muted, esc(strings.ToUpper(cmp.Or(r.Design, "design not recorded"))))
				y += designH
			}
			*rows++
			drawRow(&content, fmt.Sprintf("%s-r%d", id, *rows), p, ax, r, y, labelX)
			zones = append(zones, [2]float64{y + 16, y + rowH})
			y += rowH
		}
		y += 4
		bands.f(`<rect class="band" x="0" y="%s" width="%s" height="%s" rx="4" fill="%s"/>`+"\n", n1(start), n1(plotW), n1(y-start), colors.band)
	}
	b.WriteString(bands.String())
	segments := func(x float64) string {
		var d strings.Builder
		for _, z := range zones {
			fmt.Fprintf(&d, "M%s %sV%s", n1(x), n1(z[0]), n1(z[1]))
		}
		return d.String()
	}
	for _, t := range ax.Ticks {
		b.f(`<path class="grid" d="%s" stroke="%s" stroke-width="1"/>`+"\n", segments(ax.x(t)), colors.grid)
	}
	if ax.Ref != nil {
		b.f(`<path class="noeffect" d="%s" stroke="%s" stroke-width="1.2" stroke-dasharray="3 2"/>`+"\n", segments(ax.x(*ax.Ref)), colors.ref)
	}
	b.WriteString(content.String())
	ticks(y + 14)
	b.f("</g>\n")
	return y + 18
}

var relationGlyph = map[string]string{"supports": "+", "complicates": "~", "contradicts": "−"}

// drawRow draws one finding; clip names the clip path that keeps its label
// off its value should the width estimate be short for the font in use.
func drawRow(b *svgBuilder, clip string, p evidence.Panel, ax axis, r evidence.Row, y, labelX float64) {
	// The value, its CI and its n, as much of that as leaves the label
	// room for its year and finding id (the table has all of it). A
	// hollow dot already says n is not reported.
	tail := ", " + r.FindingID
	if r.Warning != "" && !r.Unsafe {
		tail += cautionMark // a correction or concern: marked, quietly
	}
	if r.Authors != "" && strings.HasPrefix(r.Label, r.Authors) {
		tail = strings.TrimPrefix(r.Label, r.Authors) + tail
	}
	need := textWidth("Thomson &… "+tail, plotFont)
	ci, n := "", ""
	if r.Low != nil && r.High != nil {
		ci = " [" + evidence.FormatValue(p.Measure, *r.Low) + ", " + evidence.FormatValue(p.Measure, *r.High) + "]"
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
	switch {
	case r.Unsafe:
		b.f(`<g class="row unsafe">`)
	case r.Warning != "":
		b.f(`<g class="row caution">`)
	default:
		b.f(`<g class="row">`)
	}
	if g, ok := relationGlyph[r.Relation]; ok {
		b.f(`<circle class="rel rel-%s" cx="12" cy="%s" r="7" fill="none" stroke="%s"/><text x="12" y="%s" font-size="11" font-weight="700" text-anchor="middle">%s</text>`,
			esc(r.Relation), n1(y+9), colors.muted, n1(y+13), g)
	}
	b.f(`<clipPath id="%s"><rect x="%s" y="%s" width="%s" height="18"/></clipPath>`, esc(clip), n1(labelX), n1(y), n1(max(room+4, 0)))
	b.f(`<text x="%s" y="%s" clip-path="url(#%s)">%s</text>`, n1(labelX), n1(y+13), esc(clip), esc(label))
	b.f(`<text x="%s" y="%s" text-anchor="end" font-weight="600">%s</text>`, n1(plotRight), n1(y+13), esc(value))
	cy := y + 26
	if r.Low != nil && r.High != nil {
		x1, x2 := ax.x(*r.Low), ax.x(*r.High)
		b.f(`<line class="ci" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5"/>`, n1(x1), n1(cy), n1(x2), n1(cy), colors.fg)
		for _, e := range []struct {
			v, at float64
		}{{*r.Low, x1}, {*r.High, x2}} {
			switch {
			case e.v < ax.Min: // runs off the axis: an arrow, not a cap
				b.f(`<polyline class="ci" points="%s,%s %s,%s %s,%s" fill="none" stroke="%s" stroke-width="1.5"/>`, n1(e.at+5), n1(cy-4), n1(e.at), n1(cy), n1(e.at+5), n1(cy+4), colors.fg)
				continue
			case e.v > ax.Max:
				b.f(`<polyline class="ci" points="%s,%s %s,%s %s,%s" fill="none" stroke="%s" stroke-width="1.5"/>`, n1(e.at-5), n1(cy-4), n1(e.at), n1(cy), n1(e.at-5), n1(cy+4), colors.fg)
				continue
			}
			b.f(`<line class="ci" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5"/>`, n1(e.at), n1(cy-4), n1(e.at), n1(cy+4), colors.fg)
		}
	}
	rad := dotRadius(r.N)
	if r.Unsafe {
		// Retracted or withdrawn: a red ring struck through, never a
		// filled dot that reads as evidence.
		x := ax.x(r.Value)
		b.f(`<circle class="dot unsafe" cx="%s" cy="%s" r="%s" fill="#fff" stroke="%s" stroke-width="2"/>`, n1(x), n1(cy), n1(rad), colors.bad)
		b.f(`<line class="strike" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2"/>`, n1(x-rad-2), n1(cy+rad+2), n1(x+rad+2), n1(cy-rad-2), colors.bad)
		b.f("</g>\n")
		return
	}
	if r.N == nil {
		b.f(`<circle class="dot hollow" cx="%s" cy="%s" r="%s" fill="#fff" stroke="%s" stroke-width="2"/>`, n1(ax.x(r.Value)), n1(cy), n1(rad), colors.dot)
	} else {
		b.f(`<circle class="dot" cx="%s" cy="%s" r="%s" fill="%s" fill-opacity=".85" stroke="%s" stroke-width="1"/>`, n1(ax.x(r.Value)), n1(cy), n1(rad), colors.dot, colors.dot)
	}
	b.f("</g>\n")
}

// cautionMark follows the finding id of a study with a correction or an
// expression of concern; the legend says what it means.
const cautionMark = " *"

// legendMarks are the marks a plot uses, which its legend explains.
type legendMarks struct{ relations, unsafe, caution bool }

func drawLegend(b *svgBuilder, y float64, marks legendMarks) float64 {
	b.f(`<g class="legend" font-size="11">`)
	x := 8.0
	for _, n := range []int{20, 200, 2000} {
		r := dotRadius(&n)
		b.f(`<circle class="dot" cx="%s" cy="%s" r="%s" fill="%s" fill-opacity=".85" stroke="%s" stroke-width="1"/>`, n1(x+r), n1(y), n1(r), colors.dot, colors.dot)
		t := "n = " + evidence.Thousands(n)
		b.f(`<text x="%s" y="%s">%s</text>`, n1(x+2*r+4), n1(y+4), t)
		x += 2*r + 4 + textWidth(t, 11) + 12
	}
	b.f(`<circle class="dot hollow" cx="%s" cy="%s" r="4.5" fill="#fff" stroke="%s" stroke-width="2"/>`, n1(x+4.5), n1(y), colors.dot)
	b.f(`<text x="%s" y="%s">n not reported</text>`, n1(x+13), n1(y+4))
	y += 20
	b.f(`<line class="ci" x1="8" y1="%s" x2="32" y2="%s" stroke="%s" stroke-width="1.5"/>`, n1(y-4), n1(y-4), colors.fg)
	b.f(`<text x="40" y="%s">95%% CI, where the source reports one</text>`, n1(y))
	if marks.unsafe {
		y += 20
		b.f(`<circle class="dot unsafe" cx="16" cy="%s" r="4.5" fill="#fff" stroke="%s" stroke-width="2"/>`, n1(y-4), colors.bad)
		b.f(`<line class="strike" x1="9.5" y1="%s" x2="22.5" y2="%s" stroke="%s" stroke-width="2"/>`, n1(y+2.5), n1(y-10.5), colors.bad)
		b.f(`<text x="40" y="%s">retracted or withdrawn: do not cite as evidence</text>`, n1(y))
	}
	if marks.caution {
		y += 20
		b.f(`<text x="12" y="%s" font-weight="700">%s</text>`, n1(y), strings.TrimSpace(cautionMark))
		b.f(`<text x="40" y="%s">a correction or an expression of concern applies: see the study page</text>`, n1(y))
	}
	lines := wrap("Each dot is one finding as its study reports it. No pooled estimate is drawn: findings under different constructs are different quantities.", 11, plotW-16)
	if marks.relations {
		lines = append(lines, wrap("+ supports the claim, ~ complicates it, − contradicts it.", 11, plotW-16)...)
	}
	for _, s := range lines {
		y += 16
		b.f(`<text class="muted" x="8" y="%s" fill="%s">%s</text>`, n1(y), colors.muted, esc(s))
	}
	b.f("</g>\n")
	return y
}

// description is the plot's <desc>: what it shows, in words.
func description(l evidence.Layout) string {
	if l.Findings == 0 {
		return "No finding with a number to plot."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Dot plot of %s. Each finding is drawn as reported; no pooled estimate. ", l.CountPhrase())
	if len(l.Panels) > 1 {
		var names []string
		for _, p := range l.Panels {
			names = append(names, p.Measure)
		}
		fmt.Fprintf(&b, "The measures differ, so each has its own panel and axis: %s. ", strings.Join(names, ", "))
	}
	unsafe, caution := 0, 0
	for _, p := range l.Panels {
		for _, g := range p.Groups {
			fmt.Fprintf(&b, "%s, %s: %s. ", p.Title, g.Label, g.Summary(p.Measure))
			for _, r := range g.Rows {
				switch {
				case r.Unsafe:
					unsafe++
				case r.Warning != "":
					caution++
				}
			}
		}
	}
	if unsafe > 0 {
		fmt.Fprintf(&b, "%d of the findings %s from retracted or withdrawn studies, drawn struck through: do not cite them as evidence. ", unsafe, plural(unsafe, "comes", "come"))
	}
	if caution > 0 {
		fmt.Fprintf(&b, "%d %s from studies with a correction or an expression of concern, marked with an asterisk. ", caution, plural(caution, "finding comes", "findings come"))
	}
	return strings.TrimSpace(b.String())
}
