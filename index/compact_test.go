package index

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"litkb/internal/corpus"
)

// TestBuildLeavesOneSegment: a build of many small batches, which Bleve
// writes as many segments, leaves an index of one segment that holds
// every study and is the only segment file on disk, and its metadata
// records none of the build's settings (every later open reads them: a
// server would merge as a build does).
func TestBuildLeavesOneSegment(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "i")
	src := Source{Fingerprint: "fp", Studies: c.Studies, Topics: c.Topics}
	if _, err := build(context.Background(), path, src, 3, nil, slog.New(slog.DiscardHandler), nil); err != nil {
		t.Fatal(err)
	}
	// Before anything opens it again (an open removes files it does not
	// use): the merge's inputs are gone.
	zaps, err := filepath.Glob(filepath.Join(path, "store", "*.zap"))
	if err != nil || len(zaps) != 1 {
		t.Errorf("segment files after the build: %v (%v), want the merged one", zaps, err)
	}
	meta, err := os.ReadFile(filepath.Join(path, "index_meta.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct{ Config map[string]any }
	if err := json.Unmarshal(meta, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"scorchMergePlanOptions", "unsafe_batch"} {
		if v, ok := m.Config[k]; ok {
			t.Errorf("the index's metadata records the build's %s: %v", k, v)
		}
	}
	bi, err := bleve.OpenUsing(path, map[string]any{"unsafe_batch": false})
	if err != nil {
		t.Fatal(err)
	}
	defer bi.Close()
	n, err := bi.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	if n != uint64(len(c.Studies)) {
		t.Errorf("%d documents, want one per study (%d)", n, len(c.Studies))
	}
	stats := bi.StatsMap()["index"].(map[string]any)
	if got := stats["num_root_filesegments"]; got != uint64(1) {
		t.Errorf("%v segments at the root, want 1 (memory segments: %v)", got, stats["num_root_memorysegments"])
	}
}

// TestCompactKeepsLargeSegments: the final merge leaves the segments of
// keepSegment studies or more as they are and merges the rest into one.
// The index's own merges are held off (a tier of 1,000 segments), so the
// segments are the batches.
func TestCompactKeepsLargeSegments(t *testing.T) {
	bi, _, c := newDataIndex(t, map[string]any{"scorchMergePlanOptions": map[string]any{"MaxSegmentsPerTier": 1000, "FloorSegmentSize": 1}})
	old := keepSegment
	keepSegment = 20
	t.Cleanup(func() { keepSegment = old })
	sizes := []int{25, 30, 8, 9, 8}
	if total := 25 + 30 + 8 + 9 + 8; len(c.Studies) < total {
		t.Fatalf("%d studies in the corpus, want at least %d", len(c.Studies), total)
	}
	next := 0
	for _, n := range sizes {
		b := bi.NewBatch()
		for _, s := range c.Studies[next : next+n] {
			if err := indexStudy(b, bi.Mapping(), s, nil); err != nil {
				t.Fatal(err)
			}
		}
		next += n
		persistBatch(t, bi, b)
	}
	segments := func() map[uint64]uint64 {
		snap := snapshotOf(t, bi)
		defer snap.Close()
		out := map[uint64]uint64{}
		for _, s := range snap.Segments() {
			out[s.Id()] = s.Count()
		}
		return out
	}
	before := segments()
	if len(before) != len(sizes) {
		t.Fatalf("%d segments before the merge, want one per batch (%d)", len(before), len(sizes))
	}
	if err := compact(context.Background(), bi); err != nil {
		t.Fatal(err)
	}
	after := segments()
	var kept, merged []uint64
	for id, n := range after {
		if before[id] == n {
			kept = append(kept, n)
		} else {
			merged = append(merged, n)
		}
	}
	slices.Sort(kept)
	if !slices.Equal(kept, []uint64{25, 30}) || !slices.Equal(merged, []uint64{25}) {
		t.Errorf("after the merge: kept segments of %v studies, new ones of %v; want 25 and 30 kept, one new of 25", kept, merged)
	}
	if n := segmentCount(bi); n != 3 {
		t.Errorf("segmentCount = %d, want 3", n)
	}
}

// newDataIndex is a new index at a temporary path (also given), mapped
// for the bundled corpus (also given) and opened with config; it is
// closed when the test ends.
func newDataIndex(t *testing.T, config map[string]any) (bleve.Index, string, *corpus.Corpus) {
	t.Helper()
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Mapping(c.Topics)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "i")
	bi, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, config)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = bi.Close() })
	return bi, path, c
}

// persistBatch applies b to bi and waits until it is on disk.
func persistBatch(t *testing.T, bi bleve.Index, b *bleve.Batch) {
	t.Helper()
	done := make(chan error, 1)
	b.SetPersistedCallback(func(err error) { done <- err })
	if err := bi.Batch(b); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
