package plot

import (
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"

	"litkb/internal/evidence"
	"litkb/internal/evidence/evidencetest"
)

func TestPlotGolden(t *testing.T) {
	points := evidencetest.Points()
	l := evidence.NewLayout(points)
	svg := string(Render("plot", "Findings for the claim “a quarter to a third”", l))
	evidencetest.Golden(t, "plot.svg.golden", []byte(svg+"\n"))

	t.Run("well-formed XML", func(t *testing.T) {
		d := xml.NewDecoder(strings.NewReader(svg))
		for {
			_, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("SVG is not well-formed: %v", err)
			}
		}
	})
	t.Run("one dot per finding, none pooled", func(t *testing.T) {
		dots := regexp.MustCompile(`<circle class="dot[^"]*" cx`).FindAllString(svg, -1)
		legend := 5 // three sizes, the hollow one and the retracted one
		if got := len(dots) - legend; got != len(points) {
			t.Errorf("%d dots for %d findings", got, len(points))
		}
		if strings.Contains(svg, "<polygon") || strings.Contains(strings.ToLower(svg), "pooled estimate:") {
			t.Error("the plot draws something that looks like a pooled estimate")
		}
	})
	t.Run("measures on separate panels", func(t *testing.T) {
		if n := strings.Count(svg, `<g class="panel">`); n != 3 {
			t.Errorf("%d panels, want 3 (proportion, correlation, odds ratio)", n)
		}
		for _, want := range []string{"Proportion (%)", "Correlation (r)", "Odds ratio (log scale)"} {
			if !strings.Contains(svg, want) {
				t.Errorf("no panel titled %q", want)
			}
		}
	})
	t.Run("accessible name and description", func(t *testing.T) {
		for _, want := range []string{`role="img"`, `aria-labelledby="plot-title plot-desc"`, `<title id="plot-title">`, `<desc id="plot-desc">Dot plot of 7 findings from 7 studies`} {
			if !strings.Contains(svg, want) {
				t.Errorf("SVG lacks %s", want)
			}
		}
	})
	t.Run("text is escaped", func(t *testing.T) {
		if strings.Contains(svg, "<questionnaire>") || !strings.Contains(svg, "&lt;questionnaire&gt; &amp;") {
			t.Error("construct label not escaped")
		}
	})
}

// TestWarnedFindings: a retracted or withdrawn study's finding is drawn
// struck through in red and said so in the legend and the description; a
// corrected one is marked quietly; a plot without either explains neither.
func TestWarnedFindings(t *testing.T) {
	base := evidence.Point{StudyID: "s", FindingID: "f1", Label: "Smith (2010)", Authors: "Smith", Year: 2010,
		Construct: "k", ConstructLabel: "K", Design: "cross-sectional", Measure: "proportion", Value: 0.4}
	retracted, corrected := base, base
	retracted.StudyID, retracted.Label, retracted.Authors, retracted.Warning, retracted.Unsafe = "r", "Retracted: Smith (2010)", "Retracted: Smith", "Retracted", true
	corrected.StudyID, corrected.Warning = "c", "Corrected"
	tests := []struct {
		name   string
		points []evidence.Point
		want   []string
		absent []string
	}{
		{name: "none", points: []evidence.Point{base},
			absent: []string{"unsafe", "strike", "retracted or withdrawn", "a correction or an expression of concern", "Smith (2010), f1 *"}},
		{name: "retracted", points: []evidence.Point{base, retracted},
			want: []string{`<g class="row unsafe">`, `<circle class="dot unsafe"`, `class="strike"`, "retracted or withdrawn: do not cite as evidence",
				"1 of the findings comes from retracted or withdrawn studies", "Retracted: Smith (2010), f1"},
			absent: []string{"a correction or an expression of concern applies"}},
		{name: "corrected", points: []evidence.Point{corrected},
			want:   []string{`<g class="row caution">`, "Smith (2010), f1 *", "a correction or an expression of concern applies: see the study page", "marked with an asterisk"},
			absent: []string{"unsafe", "strike"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg := string(Render("p", "t", evidence.NewLayout(tt.points)))
			for _, w := range tt.want {
				if !strings.Contains(svg, w) {
					t.Errorf("SVG lacks %q", w)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(svg, a) {
					t.Errorf("SVG has %q", a)
				}
			}
		})
	}
}

func TestEmptyPlotSaysSo(t *testing.T) {
	svg := string(Render("p", "nothing", evidence.NewLayout(nil)))
	if !strings.Contains(svg, `<desc id="p-desc">No finding with a number to plot.</desc>`) || strings.Contains(svg, `<g class="panel">`) {
		t.Errorf("an empty layout draws:\n%s", svg)
	}
}

func TestAxis(t *testing.T) {
	for _, tt := range []struct {
		measure  string
		vals     []float64
		min, max float64
		log      bool
		ref      *float64
	}{
		{"proportion", []float64{0.14, 0.58}, 0, 1, false, nil},
		{"correlation", []float64{0.31}, 0, 1, false, nil},
		{"correlation", []float64{-0.12, 0.31}, -1, 1, false, fp(0)},
		{"odds ratio", []float64{0.8, 2.4, 140}, 0.5, 100, true, fp(1)},
		{"effect size", []float64{0.3, 1.06}, 0, 1.5, false, fp(0)},
		{"mean", []float64{12, 12}, 12, 13, false, nil},
	} {
		a := newAxis(tt.measure, tt.vals)
		if a.Min != tt.min || a.Max != tt.max || a.Log != tt.log || (a.Ref == nil) != (tt.ref == nil) || (a.Ref != nil && *a.Ref != *tt.ref) {
			t.Errorf("newAxis(%s, %v) = [%g, %g] log %v ref %v", tt.measure, tt.vals, a.Min, a.Max, a.Log, a.Ref)
		}
		if a.Ticks[0] != a.Min || a.Ticks[len(a.Ticks)-1] != a.Max {
			t.Errorf("newAxis(%s, %v): ticks %v do not span the axis", tt.measure, tt.vals, a.Ticks)
		}
		if f := a.frac(a.Min - 1); f != 0 {
			t.Errorf("%s: a value below the axis sits at %g, not clamped to 0", tt.measure, f)
		}
	}
}

func fp(v float64) *float64 { return &v }
