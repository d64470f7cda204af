package index

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	zap "github.com/blevesearch/zapx/v17"
)

// TestKeptDocValueChunks: searches sorted by doc values (a filter alone,
// newest and oldest first, and cursors, which break ties by study id)
// give the same first six pages whether the segments' doc value chunks
// are kept once decompressed or decompressed by every search, when the
// chunks are kept by one search and then read from by the next, and by
// several searches at once, on an index of several segments with deleted
// documents.
func TestKeptDocValueChunks(t *testing.T) {
	ctx := context.Background()
	ix := editedIndex(t, 3000, 4, 97)
	var reqs []Request
	for _, q := range []string{"", "attachment", "security adults", `"state of mind"`} {
		for _, sort := range []string{"", "newest", "oldest"} {
			for _, size := range []int{10, 100} {
				reqs = append(reqs, Request{Query: q, Sort: sort, Size: size, WantNext: true})
			}
		}
	}
	reqs = append(reqs, Request{Design: "randomized controlled trial", Size: 50}, Request{Topics: []string{"earned-security"}, Size: 50, Sort: "oldest"})
	// The first pages of a walk with a cursor.
	walk := func(r Request) []string {
		var ids []string
		for page := 0; page < 6; page++ {
			res, err := ix.Search(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
			}
			ids = append(ids, fmt.Sprint("total ", res.Total, " next ", res.Next != ""))
			if res.Next == "" {
				break
			}
			r.Cursor = res.Next
		}
		return ids
	}
	defer func() { zap.CacheDocValueChunks = true }()
	zap.CacheDocValueChunks = false
	want := make([][]string, len(reqs))
	for i, r := range reqs {
		want[i] = walk(r)
	}
	zap.CacheDocValueChunks = true
	kept := zap.KeptDocValueChunks()
	for round := range 2 { // the first keeps the chunks, the second reads them kept
		for i, r := range reqs {
			if got := walk(r); !slices.Equal(got, want[i]) {
				t.Errorf("round %d, %+v: pages differ with kept chunks:\n%v\nwant\n%v", round, r, got, want[i])
			}
		}
		if round == 0 && zap.KeptDocValueChunks() == kept {
			t.Fatal("no chunk was kept: the searches did not read doc values")
		}
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := g; i < len(reqs); i += 2 {
				if got := walk(reqs[i]); !slices.Equal(got, want[i]) {
					t.Errorf("at once, %+v: pages differ with kept chunks", reqs[i])
				}
			}
		})
	}
	wg.Wait()
}
