package index_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"litkb/index"
)

// newDCases are student questions for studies newly added in issue 21 on
// change in adult attachment in psychotherapy and on its stability over
// time: each wants its study in the top 3 and, when it asks for a number,
// the finding that gives it.
var newDCases = []relevanceCase{
	{q: "does transference focused therapy improve mentalization", want: "fischer-kern-2015-tfp-reflective-function"},
	{q: "does attachment security change during inpatient therapy for depression", want: "reiner-2016-aai-change-depressed-inpatients", finding: "f1"},
	{q: "does attachment style change with therapy for social anxiety", want: "strauss-2018-sopho-net-attachment-change"},
	{q: "is attachment style stable during adolescence", want: "jones-2018-adolescent-attachment-style-stability"},
	{q: "does attachment style change after major life events", want: "fraley-2021-life-events-attachment-change"},
}

// TestRelevanceNewD holds these studies to the same bar as TestRelevance:
// enough matches that ranking decides, the study in the top 3, and the
// asked-for finding shown under it.
func TestRelevanceNewD(t *testing.T) {
	ix, _ := MustOpenCorpusIndex(t)
	for _, tc := range newDCases {
		res, err := ix.Search(context.Background(), index.Request{Query: tc.q, Size: 10})
		if err != nil {
			t.Errorf("%q: %v", tc.q, err)
			continue
		}
		if res.Total < minMatches {
			t.Errorf("%q matches %d published studies, fewer than %d: its top 3 tests recall, not ranking", tc.q, res.Total, minMatches)
		}
		wants := strings.Split(tc.want, "|")
		rank := slices.IndexFunc(res.Hits, func(h index.Hit) bool { return slices.Contains(wants, h.ID) })
		if rank < 0 || rank > 2 {
			t.Errorf("%q: %s at rank %d (0: not in the first 10); top 3 = %v", tc.q, tc.want, rank+1, ids(res)[:min(3, len(res.Hits))])
			continue
		}
		t.Logf("%q: %s at rank %d of %d matches", tc.q, res.Hits[rank].ID, rank+1, res.Total)
		if tc.finding == "" {
			continue
		}
		got := "none"
		if f := res.Hits[rank].Finding; f != nil {
			got = f.ID
		}
		if got != tc.finding {
			t.Errorf("%q: %s shows finding %s, want %s", tc.q, res.Hits[rank].ID, got, tc.finding)
		}
	}
}
