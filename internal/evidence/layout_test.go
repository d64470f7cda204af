package evidence_test

import (
	"testing"

	"litkb/internal/evidence"
	"litkb/internal/evidence/evidencetest"
)

func TestLayoutOrderAndTotals(t *testing.T) {
	l := evidence.NewLayout(evidencetest.Points())
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
	if got := p.Counts(); got != "4 findings from 4 studies under 3 constructs: not pooled" {
		t.Errorf("panel counts %q", got)
	}
	var order []string
	for _, p := range l.Panels {
		order = append(order, p.Measure)
	}
	if len(order) != 3 || order[0] != "proportion" || order[1] != "correlation" || order[2] != "odds ratio" {
		t.Errorf("panels in order %v, want the order of study.Measures", order)
	}
}

// n is added within one construct on one axis only: across constructs or
// measures the phrase says n is given per group instead.
func TestCountPhraseNeverPoolsAcrossConstructs(t *testing.T) {
	all := evidencetest.Points()
	for _, tt := range []struct {
		name   string
		points []evidence.Point
		want   string
	}{
		{"many constructs", all, "7 findings from 7 studies under 5 constructs; n is given per construct, not added across them"},
		{"one construct", all[:1], "1 finding from 1 study (n = 37)"},
		{"one construct, no n", all[1:2], "1 finding from 1 study (n not reported)"},
		{"one construct, some n", []evidence.Point{all[0], withConstruct(all[1], all[0])}, "2 findings from 2 studies (n = 37; 1 study gives no n)"},
		{"one construct, two measures", []evidence.Point{all[4], withMeasure(all[4], "kappa")}, "2 findings from 1 study on 2 measures; n is given per measure, not added across them"},
		{"nothing", nil, "0 findings from 0 studies (n not reported)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := evidence.NewLayout(tt.points).CountPhrase(); got != tt.want {
				t.Errorf("CountPhrase() = %q, want %q", got, tt.want)
			}
		})
	}
}

func withConstruct(p, like evidence.Point) evidence.Point {
	p.Construct, p.ConstructLabel = like.Construct, like.ConstructLabel
	return p
}

func withMeasure(p evidence.Point, m string) evidence.Point {
	p.Measure, p.FindingID = m, p.FindingID+"b"
	return p
}

func TestFormatValue(t *testing.T) {
	for _, tt := range []struct {
		measure string
		v       float64
		want    string
	}{
		{"proportion", 0.514, "51.4%"}, {"proportion", 0.58, "58%"}, {"proportion", 0.4162, "41.6%"},
		{"correlation", 0.31, ".31"}, {"correlation", -0.12, "−.12"}, {"kappa", 0, "0"}, {"kappa", 1, "1"},
		{"effect size", 1.06, "1.06"}, {"effect size", -0.5, "−0.5"}, {"odds ratio", 2.4, "2.4"},
	} {
		if got := evidence.FormatValue(tt.measure, tt.v); got != tt.want {
			t.Errorf("FormatValue(%s, %g) = %q, want %q", tt.measure, tt.v, got, tt.want)
		}
	}
	for n, want := range map[int]string{37: "37", 9999: "9999", 10000: "10,000", 1234567: "1,234,567"} {
		if got := evidence.Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
