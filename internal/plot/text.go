package plot

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"unicode/utf8"

	"litkb/internal/evidence"
)

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

var colors = struct{ fg, muted, band, grid, dot, ref, bad string }{
	fg: "#1b1f24", muted: "#596370", band: "#f1f4f7", grid: "#d9dee4", dot: "#1d5aa6", ref: "#596370", bad: "#a3231a",
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

func n1(v float64) string { return evidence.Trim(v, 1) }

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

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
