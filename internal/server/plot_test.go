package server

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata from the current output")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./internal/server -run %s -update creates it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./internal/server -run %s -update rewrites it); got:\n%s", name, t.Name(), got)
	}
}

func fp(v float64) *float64 { return &v }
func ip(v int) *int         { return &v }

// plotFixture is a fixed set of findings that exercises the plot: three
// measures (separate panels), several constructs and designs in one panel,
// CIs (one running off a log axis), missing n, k, a negative correlation,
// relations to a claim, a long author list and text that needs escaping.
var plotFixture = []plotPoint{
	{StudyID: "thomson-2017", FindingID: "f6", Label: "Thomson & Jaque (2017)", Authors: "Thomson & Jaque", Year: 2017, URL: "/studies/thomson-2017#f6",
		Construct: "aai-secure-2way", ConstructLabel: "AAI secure versus insecure", Design: "cross-sectional", Measure: "proportion",
		Value: 0.514, Low: fp(0.35), High: fp(0.67), N: ip(37), Relation: "complicates", Text: "51.4% were secure.", Page: "258"},
	{StudyID: "bk-2009", FindingID: "f2", Label: "Bakermans-Kranenburg & van IJzendoorn (2009)", Authors: "Bakermans-Kranenburg & van IJzendoorn", Year: 2009,
		URL: "/studies/bk-2009#f2", SourceURL: "https://doi.org/10.1080/14616730902814762",
		Construct: "aai-secure-3way", ConstructLabel: "AAI three-way classification", Design: "meta-analysis", Measure: "proportion",
		Value: 0.58, Relation: "supports", Text: "58% were secure-autonomous.", Population: "non-clinical mothers"},
	{StudyID: "janczak-2023", FindingID: "f2", Label: "Jańczak (2023)", Authors: "Jańczak", Year: 2023, URL: "/studies/janczak-2023#f2",
		Construct: "es-self-report", ConstructLabel: "Earned security, self-report <questionnaire> & recall", Design: "cross-sectional", Measure: "proportion",
		Value: 0.14, N: ip(272), Relation: "contradicts", Text: "=14% met the definition."},
	{StudyID: "waters-2000", FindingID: "f3", Label: "Waters et al. (2000)", Authors: "Waters et al.", Year: 2000, URL: "/studies/waters-2000#f3",
		Construct: "aai-secure-2way", ConstructLabel: "AAI secure versus insecure", Design: "longitudinal", Measure: "proportion",
		Value: 0.44, N: ip(18), Relation: "complicates", Text: "8 of 18 changed."},
	{StudyID: "verhage-2016", FindingID: "f1", Label: "Verhage et al. (2016)", Authors: "Verhage et al.", Year: 2016, URL: "/studies/verhage-2016#f1",
		Construct: "transmission", ConstructLabel: "Parent AAI to child Strange Situation correspondence", Design: "meta-analysis", Measure: "correlation",
		Value: 0.31, Low: fp(0.27), High: fp(0.35), N: ip(4819), K: ip(95), Relation: "supports", Text: "r = .31 across 95 samples."},
	{StudyID: "smith-2010", FindingID: "f1", Label: "Smith (2010)", Authors: "Smith", Year: 2010, URL: "/studies/smith-2010#f1",
		Construct: "transmission", ConstructLabel: "Parent AAI to child Strange Situation correspondence", Design: "cross-sectional", Measure: "correlation",
		Value: -0.12, Low: fp(-0.4), High: fp(0.18), N: ip(60), Relation: "contradicts", Text: "A small negative association."},
	{StudyID: "levy-2018", FindingID: "f2", Label: "Levy et al. (2018)", Authors: "Levy et al.", Year: 2018, URL: "/studies/levy-2018#f2",
		Construct: "therapy-outcome", ConstructLabel: "Psychotherapy outcome", Design: "meta-analysis", Measure: "odds ratio",
		Value: 2.4, Low: fp(0.8), High: fp(140), N: ip(1467), K: ip(36), Relation: "supports", Text: "Secure patients did better."},
}

func TestPlotGolden(t *testing.T) {
	l := newPlotLayout(plotFixture)
	svg := string(renderPlot("plot", "Findings for the claim “a quarter to a third”", l))
	golden(t, "plot.svg.golden", []byte(svg+"\n"))

	t.Run("well-formed XML", func(t *testing.T) {
		d := xml.NewDecoder(strings.NewReader(svg))
		for {
			_, err := d.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Fatalf("SVG is not well-formed: %v", err)
				}
				break
			}
		}
	})
	t.Run("one dot per finding, none pooled", func(t *testing.T) {
		dots := regexp.MustCompile(`<circle class="dot[^"]*" cx`).FindAllString(svg, -1)
		legend := 4 // three sizes and the hollow one
		if got := len(dots) - legend; got != len(plotFixture) {
			t.Errorf("%d dots for %d findings", got, len(plotFixture))
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

func TestLayoutOrderAndTotals(t *testing.T) {
	l := newPlotLayout(plotFixture)
	if l.Findings != 7 || l.Studies != 7 || l.NoN != 1 || l.TotalN != 37+272+18+4819+60+1467 {
		t.Errorf("findings %d, studies %d, no n %d, total n %d", l.Findings, l.Studies, l.NoN, l.TotalN)
	}
	p := l.Panels[0]
	if p.Measure != "proportion" || len(p.Groups) != 3 {
		t.Fatalf("first panel %s with %d groups", p.Measure, len(p.Groups))
	}
	g := p.Groups[0]
	if g.Construct != "aai-secure-2way" || len(g.Rows) != 2 || g.Rows[0].Design != "cross-sectional" || !g.Rows[1].DesignStart {
		t.Errorf("group %s: %+v", g.Construct, g.Rows)
	}
	if g.Text != "2 studies · n = 55 · range 44%–51.4%" {
		t.Errorf("group summary %q", g.Text)
	}
	if got := l.Panels[1].Groups[0].Text; got != "2 studies · n = 4879 · range −.12 to .31" {
		t.Errorf("correlation summary %q", got)
	}
}

func TestFindingsCSVGolden(t *testing.T) {
	l := newPlotLayout(plotFixture)
	b := findingsCSV(l, "https://litkb.example")
	golden(t, "findings.csv.golden", b)
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(plotFixture)+1 {
		t.Fatalf("%d rows, want a header and %d", len(rows), len(plotFixture))
	}
	for _, r := range rows[1:] {
		if len(r) != len(csvHeader) {
			t.Errorf("row %v has %d cells", r, len(r))
		}
	}
	// A statement that starts like a formula is kept as text.
	if !strings.Contains(string(b), ",'=14% met the definition.,") {
		t.Error("a formula-like cell is not neutralised")
	}
}

func TestPlotValues(t *testing.T) {
	for _, tt := range []struct {
		measure string
		v       float64
		want    string
	}{
		{"proportion", 0.514, "51.4%"}, {"proportion", 0.58, "58%"}, {"proportion", 0.4162, "41.6%"},
		{"correlation", 0.31, ".31"}, {"correlation", -0.12, "−.12"}, {"kappa", 0, "0"}, {"kappa", 1, "1"},
		{"effect size", 1.06, "1.06"}, {"effect size", -0.5, "−0.5"}, {"odds ratio", 2.4, "2.4"},
	} {
		if got := plotValue(tt.measure, tt.v); got != tt.want {
			t.Errorf("plotValue(%s, %g) = %q, want %q", tt.measure, tt.v, got, tt.want)
		}
	}
}
