package index_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"litkb/index"
)

// draftsBCases are student questions for studies published from the
// drafts queue in issue 21 (second batch): each wants its study in the
// top 3 and, when it asks for a number, the finding that gives it.
var draftsBCases = []relevanceCase{
	{q: "how many college students are securely attached", want: "konrath-2014-attachment-styles-decline", finding: "f2"},
	{q: "does the AAI measure state of mind separately from childhood experience", want: "haydon-roisman-burt-2012-aai-latent-structure"},
}

// TestRelevanceDraftsB holds the newly published studies to the same bar
// as TestRelevance: enough matches that ranking decides, the study in the
// top 3, and the asked-for finding shown under it.
func TestRelevanceDraftsB(t *testing.T) {
	ix, _ := MustOpenCorpusIndex(t)
	for _, tc := range draftsBCases {
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
