// Package evidencetest holds the fixed findings the evidence and plot
// golden tests share, so both golden files are drawn from one input.
package evidencetest

import "litkb/internal/evidence"

func fp(v float64) *float64 { return &v }
func ip(v int) *int         { return &v }

// Points is a fixed set of findings that exercises the layout and the
// plot: three measures (separate panels), several constructs and designs
// in one panel, CIs (one running off a log axis), missing n, k, a
// negative correlation, relations to a claim, a long author list and text
// that needs escaping, and a retracted study. It returns a fresh copy each call.
func Points() []evidence.Point {
	return []evidence.Point{
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
		// A made-up study, retracted here so the goldens show how a
		// retracted study's finding is drawn and listed.
		{StudyID: "smith-2010", FindingID: "f1", Label: "Retracted: Smith (2010)", Authors: "Retracted: Smith", Year: 2010, URL: "/studies/smith-2010#f1",
			Warning: "Retracted", Unsafe: true,
			Construct: "transmission", ConstructLabel: "Parent AAI to child Strange Situation correspondence", Design: "cross-sectional", Measure: "correlation",
			Value: -0.12, Low: fp(-0.4), High: fp(0.18), N: ip(60), Relation: "contradicts", Text: "A small negative association."},
		{StudyID: "levy-2018", FindingID: "f2", Label: "Levy et al. (2018)", Authors: "Levy et al.", Year: 2018, URL: "/studies/levy-2018#f2",
			Construct: "therapy-outcome", ConstructLabel: "Psychotherapy outcome", Design: "meta-analysis", Measure: "odds ratio",
			Value: 2.4, Low: fp(0.8), High: fp(140), N: ip(1467), K: ip(36), Relation: "supports", Text: "Secure patients did better."},
	}
}
