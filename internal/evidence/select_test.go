package evidence_test

import (
	"slices"
	"strconv"
	"testing"

	"litkb/internal/evidence"
	"litkb/internal/study"
)

// corpus is an in-memory evidence.Corpus.
type corpus struct {
	studies    []study.Study
	constructs map[string]study.Construct
}

func (c *corpus) Study(id string) (*study.Study, bool) {
	i := slices.IndexFunc(c.studies, func(s study.Study) bool { return s.ID == id })
	if i < 0 {
		return nil, false
	}
	return &c.studies[i], true
}

// all are pointers to the studies, as the corpus hands them out.
func (c *corpus) all() []*study.Study {
	out := make([]*study.Study, len(c.studies))
	for i := range c.studies {
		out[i] = &c.studies[i]
	}
	return out
}

func (c *corpus) Construct(id string) (study.Construct, bool) {
	k, ok := c.constructs[id]
	return k, ok
}

func fp(v float64) *float64 { return &v }
func ip(v int) *int         { return &v }

func testCorpus() *corpus {
	return &corpus{
		constructs: map[string]study.Construct{"es": {ID: "es", Label: "Earned security"}},
		studies: []study.Study{
			{ID: "a-2001", Status: "published", Year: 2001, Design: "longitudinal", DOI: "10.1/a",
				Authors: []study.Person{{Family: "Roisman"}, {Family: "Padrón"}, {Family: "Sroufe"}},
				Findings: []study.Finding{
					{ID: "f1", Text: "Some were earned-secure.", Construct: "es", Measure: "proportion", Value: fp(0.2), N: ip(170), Page: "1210"},
					{ID: "f2", Text: "No number here.", Construct: "es"},
					{ID: "f3", Text: "Another construct.", Construct: "other", Measure: "correlation", Value: fp(0.3)},
				}},
			{ID: "b-1999", Status: "retracted", Year: 1999, Design: "cross-sectional",
				Authors:  []study.Person{{Literal: "Study Group"}},
				Findings: []study.Finding{{ID: "f1", Text: "Retracted.", Construct: "es", Measure: "proportion", Value: fp(0.5)}}},
			{ID: "c-2020", Status: "draft", Year: 2020, Design: "cross-sectional",
				Findings: []study.Finding{{ID: "f1", Text: "Draft.", Construct: "es", Measure: "proportion", Value: fp(0.9)}}},
			{ID: "d-2010", Status: "published", Year: 2010, Design: "cross-sectional",
				Authors:  []study.Person{{Family: "Thomson"}, {Family: "Jaque"}},
				Findings: []study.Finding{{ID: "f1", Text: "Elsewhere.", Construct: "other", Measure: "proportion", Value: fp(0.1)}}},
		},
	}
}

func TestClaimItemsKeepOnlyWhatThePublicSees(t *testing.T) {
	c := testCorpus()
	cl := &study.Claim{Statement: "It happens", Evidence: []study.Evidence{
		{Study: "a-2001", Finding: "f1", Relation: "supports"},
		{Study: "c-2020", Finding: "f1", Relation: "supports"},    // a draft
		{Study: "gone", Finding: "f1", Relation: "contradicts"},   // no such study
		{Study: "a-2001", Finding: "f9", Relation: "complicates"}, // no such finding
		{Study: "a-2001", Finding: "f2", Relation: "complicates"},
		{Study: "b-1999", Finding: "f1", Relation: "contradicts"}, // retracted: shown, marked
	}}
	items := evidence.ClaimItems(c, cl)
	var got []string
	for _, it := range items {
		got = append(got, it.Study.ID+"#"+it.Finding.ID+":"+it.Evidence.Relation)
	}
	want := []string{"a-2001#f1:supports", "a-2001#f2:complicates", "b-1999#f1:contradicts"}
	if !slices.Equal(got, want) {
		t.Errorf("ClaimItems = %v, want %v", got, want)
	}
	tally := evidence.Count(items)
	if tally.Findings != 3 || tally.Studies != 2 || tally.ByRelation["complicates"] != 1 || tally.ByDesign["longitudinal"] != 2 {
		t.Errorf("Count = %+v", tally)
	}

	sel := evidence.ForClaim(c, cl)
	if sel.Title != "the claim “It happens”" || len(sel.Points) != 2 || sel.Without != 1 {
		t.Fatalf("ForClaim = %+v", sel)
	}
	p := sel.Points[0]
	if p.Label != "Roisman et al. (2001)" || p.URL != "/studies/a-2001#f1" || p.ConstructLabel != "Earned security" ||
		p.Relation != "supports" || p.SourceURL != "https://doi.org/10.1/a" || p.Value != 0.2 || *p.N != 170 || p.Page != "1210" {
		t.Errorf("first point %+v", p)
	}
	if got := sel.Points[1].Label; got != "Retracted: Study Group (1999)" {
		t.Errorf("a retracted study is labelled %q", got)
	}
}

func TestForStudies(t *testing.T) {
	c := testCorpus()
	all := evidence.ForStudies(c, "t", c.all(), nil)
	if len(all.Points) != 5 || all.Without != 1 {
		t.Errorf("every finding: %d points, %d without a number", len(all.Points), all.Without)
	}
	if k := evidence.ForConstruct(c, c.all(), c.constructs["es"]); k.Title != "the construct “Earned security”" || len(k.Points) != 3 || k.Without != 1 {
		t.Errorf("ForConstruct(es) = %+v", k)
	}
	es := evidence.ForStudies(c, "t", c.all(), []string{"other"})
	if len(es.Points) != 2 || es.Points[0].ConstructLabel != "other" {
		t.Errorf("construct other: %+v (an unknown construct is labelled by its id)", es.Points)
	}
}

func TestSelectionCapsAtMaxPlotted(t *testing.T) {
	c := testCorpus()
	st := study.Study{ID: "big", Status: "published"}
	for i := range evidence.MaxPlotted + 5 {
		st.Findings = append(st.Findings, study.Finding{ID: "f" + strconv.Itoa(i), Construct: "es", Measure: "proportion", Value: fp(0.5)})
	}
	sel := evidence.ForStudies(c, "t", []*study.Study{&st}, nil)
	if len(sel.Points) != evidence.MaxPlotted || sel.Truncated != 5 {
		t.Errorf("%d points, %d left out", len(sel.Points), sel.Truncated)
	}
}

func TestConstructStudiesAndClaims(t *testing.T) {
	c := testCorpus()
	var ids []string
	for _, st := range evidence.StudiesUnder(c.all(), "other") {
		ids = append(ids, st.ID)
	}
	if !slices.Equal(ids, []string{"d-2010", "a-2001"}) {
		t.Errorf("studies under other: %v, want the published ones, newest first", ids)
	}
	claims := []study.Claim{
		{ID: "x", Evidence: []study.Evidence{{Study: "a-2001", Finding: "f1"}}},
		{ID: "y", Evidence: []study.Evidence{{Study: "gone", Finding: "f1"}, {Study: "d-2010", Finding: "f1"}}},
	}
	var got []string
	for _, cl := range evidence.ClaimsUsing(c, claims, "other") {
		got = append(got, cl.ID)
	}
	if !slices.Equal(got, []string{"y"}) {
		t.Errorf("claims using other: %v, want [y]", got)
	}
}

func TestShortAuthors(t *testing.T) {
	for _, tt := range []struct {
		ps   []study.Person
		want string
	}{
		{nil, ""},
		{[]study.Person{{Family: "Main"}}, "Main"},
		{[]study.Person{{Family: "Thomson"}, {Family: "Jaque"}}, "Thomson & Jaque"},
		{[]study.Person{{Literal: "WHO"}, {Family: "B"}, {Family: "C"}}, "WHO et al."},
	} {
		if got := evidence.ShortAuthors(tt.ps); got != tt.want {
			t.Errorf("ShortAuthors(%v) = %q, want %q", tt.ps, got, tt.want)
		}
	}
}

// TestPointWarning: a registry's notice marks a finding as a curator's
// retraction does; a correction marks it without changing its label.
func TestPointWarning(t *testing.T) {
	c := testCorpus()
	tests := []struct {
		name        string
		st          study.Study
		label, warn string
		unsafe      bool
	}{
		{"curator retraction", c.studies[1], "Retracted: Study Group (1999)", "Retracted", true},
		{"retraction notice", study.Study{Status: "published", Year: 2014, Authors: []study.Person{{Family: "A"}},
			Notices: []study.Notice{{Kind: "retraction", Source: "Crossref"}}}, "Retracted: A (2014)", "Retracted", true},
		{"withdrawal notice", study.Study{Status: "published", Year: 2014, Authors: []study.Person{{Family: "A"}},
			Notices: []study.Notice{{Kind: "withdrawal", Source: "Crossref"}}}, "Withdrawn: A (2014)", "Withdrawn", true},
		{"correction notice", study.Study{Status: "published", Year: 2014, Authors: []study.Person{{Family: "A"}},
			Notices: []study.Notice{{Kind: "correction", Source: "Crossref"}}}, "A (2014)", "Corrected", false},
		{"nothing known", c.studies[0], "Roisman et al. (2001)", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := study.Finding{ID: "f1", Construct: "es", Measure: "proportion", Value: fp(0.5)}
			p := evidence.PointOf(c, &tt.st, &f, "")
			if p.Label != tt.label || p.Warning != tt.warn || p.Unsafe != tt.unsafe {
				t.Errorf("label, warning, unsafe = %q, %q, %v; want %q, %q, %v", p.Label, p.Warning, p.Unsafe, tt.label, tt.warn, tt.unsafe)
			}
		})
	}
}
