package index

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"

	"litkb/internal/corpus"
)

// TestMergedSegmentMatchesAnalysis merges segments of the curated studies,
// with and without some of their documents deleted, and checks the merged
// segment against the analysis of the documents kept, in order. zap's
// merge is patched (third_party/zapx, LITKB.md): a term's postings list in
// each segment is read once, and its documents are added to its bitmap at
// once when the term is written.
func TestMergedSegmentMatchesAnalysis(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	zp := &zap.ZapPlugin{}
	for _, m := range []struct {
		name      string
		docs      []bleveindex.Document
		sizes     []int // of the segments, in turn
		dropEvery int
	}{
		// Segments of the same fields, as a build's are, merge by
		// copying each posting's encoded frequencies and locations.
		{"same fields", mappedDocs(t, c, 0), []int{20, 30}, 0},
		{"same fields, deletions", mappedDocs(t, c, 0), []int{20, 30}, 3},
		// Others are decoded and encoded again.
		{"other fields", mappedDocs(t, c, 5), []int{13, 40, 1, 7}, 0},
		{"other fields, deletions", mappedDocs(t, c, 5), []int{13, 40, 1, 7}, 2},
	} {
		docs, dropEvery := m.docs, m.dropEvery
		var segs []segment.Segment
		var drops []*roaring.Bitmap
		var kept []bleveindex.Document
		for start, i := 0, 0; start < len(docs); i++ {
			end := min(start+m.sizes[i%len(m.sizes)], len(docs))
			built, _, err := zp.New(docs[start:end])
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, fmt.Sprintf("%s-%d.zap", m.name, i))
			if err := built.(*zap.SegmentBase).Persist(path); err != nil {
				t.Fatal(err)
			}
			seg, err := zp.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer seg.Close()
			drop := roaring.New()
			for n := start; n < end; n++ {
				if dropEvery > 0 && n%dropEvery == 0 {
					drop.Add(uint32(n - start))
				} else {
					kept = append(kept, docs[n])
				}
			}
			segs, drops = append(segs, seg), append(drops, drop)
			start = end
		}
		path := filepath.Join(dir, m.name+"-merged.zap")
		if _, _, err := zp.Merge(segs, drops, path, nil, nil); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
		merged, err := zp.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if n := merged.Count(); n != uint64(len(kept)) {
			t.Fatalf("%s: merged %d documents, kept %d", m.name, n, len(kept))
		}
		checkSegment(t, merged, kept)
		if err := merged.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
