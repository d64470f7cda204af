package index

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"

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
