package index_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"litkb/index"
)

// newCCases are student questions for studies added in issue 21 on
// earned security, AAI distributions and transmission from parent to
// child, including at-risk samples: each wants its study in the top 3
// and, when it asks for a number, the finding that gives it.
var newCCases = []relevanceCase{
	{q: "is attachment passed on across three generations", want: "hautamaki-2010-three-generations-continuity-reversal"},
	{q: "how many maltreated women are insecure on the AAI", want: "ensink-2014-trauma-reflective-functioning", finding: "f1"},
	{q: "what percentage of infants of maltreated mothers are disorganized", want: "berthelot-2015-abused-neglected-mothers-transmission", finding: "f2"},
	{q: "do avoidant mothers have avoidant babies", want: "shah-fonagy-strathearn-2010-plot-thickens"},
	{q: "what predicts infant disorganization besides unresolved loss", want: "lyons-ruth-2005-hostile-helpless-states-of-mind"},
}

// TestRelevanceNewC holds these studies to the same bar as TestRelevance:
// enough matches that ranking decides, the study in the top 3, and the
// asked-for finding shown under it.
func TestRelevanceNewC(t *testing.T) {
	ix, _ := MustOpenCorpusIndex(t)
	for _, tc := range newCCases {
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
