package study_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"litkb/internal/study"
)

func TestLeaningOpening(t *testing.T) {
	tests := []struct {
		text, want string
	}{
		{"In the same reference distribution, 58% were classified secure-autonomous.", "In the same"},
		{"Over the same 2 months, unresolved classifications were less stable.", "Over the same"},
		{"The same correspondence corresponded to a kappa of .49.", "The same"},
		{"These mothers were also coded unresolved.", "These"},
		{"This sample was small.", "This"},
		{"Those classified secure did better.", "Those"},
		{"Here, 19% were preoccupied.", "Here"},
		{"It was higher with continuous-secure husbands.", "It"},
		{"  they moved toward security.", "they"},
		{"Also, poverty predicted decline.", "Also"},
		{"However, avoidance did not change.", "However"},
		{"The new estimate (f1) is smaller.", "f1"},
		{"For comparison, the estimate reported earlier was smaller than f12.", "f12"},
		// Words that merely begin like a leaning opening read on their own.
		{"Thirty percent of insecure parents scored above the cut-off.", ""},
		{"Theirs was the largest sample.", ""},
		{"Items were scored twice.", ""},
		{"Herein lies a measure of coherence.", ""},
		{"Iterative coding was used.", ""},
		{"Sameness of classification held for 72% of participants.", ""},
		{"There was evidence of publication bias.", ""},
		{"In the reference distribution of North American non-clinical mothers, 58% were classified secure-autonomous.", ""},
		{"Scores on the f-scale were not used.", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := study.LeaningOpening(tt.text); got != tt.want {
			t.Errorf("LeaningOpening(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestFindingsStandAlone checks where validation reports a leaning finding:
// a problem on the finding's text line for a published study, nothing for
// a draft (whose queue validates it as if published).
func TestFindingsStandAlone(t *testing.T) {
	v := mustVocabulary(t)
	path := filepath.Join("testdata", "good", "roisman-2002-earned-secure.toml")
	good := readFixture(t, filepath.Join("good", "roisman-2002-earned-secure.toml"))
	leaning := bytes.Replace(good,
		[]byte(`"Coherence correlated with observed maternal sensitivity."`),
		[]byte(`"In the same sample, coherence correlated with observed maternal sensitivity."`), 1)
	leaning = bytes.Replace(leaning,
		[]byte(`"Three-way classifications agreed between two coders."`),
		[]byte(`"These classifications agreed between two coders, as in f1."`), 1)
	if bytes.Equal(leaning, good) {
		t.Fatal("the fixture's finding texts changed; update this test")
	}
	draft := bytes.Replace(leaning, []byte(`status = "published"`), []byte(`status = "draft"`), 1)

	tests := []struct {
		name  string
		data  []byte
		wants []want
	}{
		{"published fixture", good, nil},
		{"published, leaning", leaning, []want{
			{"findings[2].text", 51, `"In the same" points at something outside this finding`},
			{"findings[3].text", 61, `"These" points at something outside this finding`},
		}},
		{"draft, leaning", draft, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := study.CheckStudy(path, tt.data, v)
			var texts study.Problems
			for _, p := range ps {
				if strings.HasSuffix(p.Field, ".text") {
					texts = append(texts, p)
				}
			}
			if d := diffProblems(path, texts, tt.wants); d != "" {
				t.Error(d)
			}
		})
	}
}
