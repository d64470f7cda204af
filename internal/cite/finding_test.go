package cite

import (
	"path/filepath"
	"strings"
	"testing"

	"litkb/internal/corpus"
	"litkb/internal/study"
)

func fixture(t *testing.T, id string) study.Study {
	t.Helper()
	for _, s := range fixtures {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no fixture %q", id)
	return study.Study{}
}

func ptr[T any](v T) *T { return &v }

// TestCiteFindingClaim: the statement, then only the numbers it does not
// already give. The claim is the same in every style.
func TestCiteFindingClaim(t *testing.T) {
	const bk = "bakermans-kranenburg-vanijzendoorn-2009-first-10000-aais"
	tests := []struct {
		name       string
		sampleSize int
		f          study.Finding
		claim      string
	}{
		{"value in the statement, no n anywhere (the issue's 10,000-AAI example)", 0,
			study.Finding{Text: "In the reference distribution of North American non-clinical mothers, 58% were classified secure-autonomous.", Measure: "proportion", Value: ptr(0.58)},
			"In the reference distribution of North American non-clinical mothers, 58% were classified secure-autonomous"},
		{"value not in the statement: value and n added", 0,
			study.Finding{Text: "Most adults with four or more ACEs were classified secure.", Measure: "proportion", Value: ptr(0.514), N: ptr(37)},
			"Most adults with four or more ACEs were classified secure (51.4%, n = 37)"},
		{"value stated, interval not: the interval alone", 0,
			study.Finding{Text: "Of these adults, 51.4% were secure.", Measure: "proportion", Value: ptr(0.514), CILow: ptr(0.35), CIHigh: ptr(0.68), N: ptr(37)},
			"Of these adults, 51.4% were secure (95% CI 35%–68%, n = 37)"},
		{"value and interval stated", 0,
			study.Finding{Text: "Security was stable (r = .39, 95% CI .30, .48).", Measure: "correlation", Value: ptr(0.39), CILow: ptr(0.30), CIHigh: ptr(0.48)},
			"Security was stable (r = .39, 95% CI .30, .48)"},
		{"no n on the finding: the study's sample size, as N", 170,
			study.Finding{Text: "Earned-secure adults did well in their relationships.", Measure: "proportion", Value: ptr(0.4)},
			"Earned-secure adults did well in their relationships (40%, N = 170)"},
		{"the finding's n wins over the sample size", 170,
			study.Finding{Text: "Half were secure.", Measure: "proportion", Value: ptr(0.5), N: ptr(40)},
			"Half were secure (50%, n = 40)"},
		{"a finding without a number gets only n", 4819,
			study.Finding{Text: "Sensitivity did not close the transmission gap."},
			"Sensitivity did not close the transmission gap (N = 4,819)"},
		{"a spelled-out percentage is the value", 0,
			study.Finding{Text: "Seventy-eight percent of mothers received the same classification.", Measure: "proportion", Value: ptr(0.78), N: ptr(83)},
			"Seventy-eight percent of mothers received the same classification (n = 83)"},
		{"0.28 in the text is r = .28", 0,
			study.Finding{Text: "Secure versus insecure classification showed moderate stability (r = 0.28).", Measure: "correlation", Value: ptr(0.28), K: ptr(27)},
			"Secure versus insecure classification showed moderate stability (r = 0.28) (k = 27)"},
		{".72 in the text is d = 0.72; n stated as N = 389", 0,
			study.Finding{Text: "AAI predicted responsiveness (d = .72, N = 389).", Measure: "effect size", Value: ptr(0.72), N: ptr(389), K: ptr(10)},
			"AAI predicted responsiveness (d = .72, N = 389) (k = 10)"},
		{"a number inside a longer one is not the value", 0,
			study.Finding{Text: "In 158 dyads, 1.31 points apart.", Measure: "effect size", Value: ptr(0.31), N: ptr(15)},
			"In 158 dyads, 1.31 points apart (d = 0.31, n = 15)"},
		{"n given in words of the statement", 50,
			study.Finding{Text: "Of the 18 participants with negative life events, 8 (44%) changed.", Measure: "proportion", Value: ptr(0.44), N: ptr(18)},
			"Of the 18 participants with negative life events, 8 (44%) changed"},
		{"a percentage equal to the sample size is not the sample size", 40,
			study.Finding{Text: "Thirty percent of insecure parents scored high, close to the 40% among earned-secure parents.", Measure: "proportion", Value: ptr(0.3)},
			"Thirty percent of insecure parents scored high, close to the 40% among earned-secure parents (N = 40)"},
		{"the sample size written with a comma", 86555,
			study.Finding{Text: "Across 86,555 respondents, anxiety was highest among younger adults."},
			"Across 86,555 respondents, anxiety was highest among younger adults"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fixture(t, bk)
			s.SampleSize = tt.sampleSize
			for _, st := range Styles {
				c, err := CiteFinding(s, tt.f, st)
				if err != nil {
					t.Fatal(err)
				}
				if c.Claim != tt.claim {
					t.Errorf("%s: claim\n got %q\nwant %q", st, c.Claim, tt.claim)
				}
				if strings.Contains(c.Text, "not reported") {
					t.Errorf("%s: %q says n is not reported", st, c.Text)
				}
			}
		})
	}
}

// TestCiteFindingStyles: claim, in-text citation with the page as locator,
// then the reference, in each style the finding-cite offers.
func TestCiteFindingStyles(t *testing.T) {
	s := fixture(t, "roisman-2002-earned-secure")
	f := study.Finding{ID: "f1", Text: "Adults who were earned-secure by the prospective definition did well.", Page: "1210"}
	const claim = "Adults who were earned-secure by the prospective definition did well"
	tests := []struct {
		style  Style
		inText string
		ref    string // the start of the reference
	}{
		{APA, "(Roisman et al., 2002, p. 1210)", "Roisman, G. I., Padrón, E., Sroufe, L. A., & Egeland, B. (2002). Earned-secure attachment status in retrospect and prospect."},
		{MLA, "(Roisman et al. 1210)", "Roisman, Glenn I., et al. “Earned-Secure Attachment Status in Retrospect and Prospect.”"},
		{Chicago, "(Roisman et al. 2002, 1210)", "Roisman, Glenn I., Elena Padrón, L. Alan Sroufe, and Byron Egeland. 2002."},
		{Vancouver, "(1)", "Roisman GI, Padrón E, Sroufe LA, Egeland B. Earned-secure attachment status in retrospect and prospect."},
		{Harvard, "(Roisman et al., 2002, p. 1210)", "Roisman, G.I. et al. (2002)"},
	}
	if len(tests) != len(Styles) {
		t.Fatalf("%d styles tested, %d offered", len(tests), len(Styles))
	}
	for _, tt := range tests {
		t.Run(string(tt.style), func(t *testing.T) {
			c, err := CiteFinding(s, f, tt.style)
			if err != nil {
				t.Fatal(err)
			}
			want := claim + " " + tt.inText + ".\n" + tt.ref
			if !strings.HasPrefix(c.Text, want) {
				t.Errorf("text\n got %q\nwant %q…", c.Text, want)
			}
			if c.Item.Locator != "1210" || c.Reference.InText != tt.inText {
				t.Errorf("locator %q, in text %q", c.Item.Locator, c.Reference.InText)
			}
		})
	}
	// No page: no locator.
	f.Page = ""
	c, err := CiteFinding(s, f, APA)
	if err != nil || !strings.HasPrefix(c.Text, claim+" (Roisman et al., 2002).\n") {
		t.Errorf("without a page: %q, %v", c.Text, err)
	}
}

// TestCorpusFindingCitations is the acceptance test over data/: every
// finding's citation, in every style, gives its value at most once, its n
// at most once, never "not reported", and does not open by leaning on
// another finding.
func TestCorpusFindingCitations(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	findings := 0
	for _, s := range c.Studies {
		for _, f := range s.Findings {
			findings++
			for _, st := range Styles {
				fc, err := CiteFinding(*s, f, st)
				if err != nil {
					t.Errorf("%s#%s %s: %v", s.ID, f.ID, st, err)
					continue
				}
				if n := countValue(fc.Text, f); n > 1 {
					t.Errorf("%s#%s %s: value given %d times: %q", s.ID, f.ID, st, n, fc.Text)
				}
				if f.N != nil {
					if n := count(fc.Claim, intForms(*f.N)); n > 1 {
						t.Errorf("%s#%s %s: n given %d times: %q", s.ID, f.ID, st, n, fc.Claim)
					}
				}
				if f.Value != nil && countValue(fc.Claim, f) != 1 {
					t.Errorf("%s#%s %s: value missing from %q", s.ID, f.ID, st, fc.Claim)
				}
				if w := study.LeaningOpening(fc.Text); w != "" {
					t.Errorf("%s#%s %s: leans on another finding with %q: %q", s.ID, f.ID, st, w, fc.Text)
				}
				if strings.Contains(fc.Text, "not reported") {
					t.Errorf("%s#%s %s: %q", s.ID, f.ID, st, fc.Text)
				}
			}
		}
	}
	if findings == 0 {
		t.Fatal("data/ has no findings")
	}
	t.Logf("%d findings of %d studies cited in %d styles", findings, len(c.Studies), len(Styles))
}
