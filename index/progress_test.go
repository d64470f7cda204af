package index_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"litkb/index"
	"litkb/internal/corpus"
)

// TestRebuildProgress: a rebuild tells how far it is after each batch,
// never going back, and ends at every study.
func TestRebuildProgress(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	src := index.Source{Fingerprint: "p", Studies: c.Studies, Topics: c.Topics}
	var mu sync.Mutex
	var seen []int
	ix, err := index.Open(context.Background(), t.TempDir(), index.Options{Logger: quiet(), BatchSize: 7, Progress: func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if total != len(src.Studies) {
			t.Errorf("progress total %d, want %d", total, len(src.Studies))
		}
		seen = append(seen, done)
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Rebuild(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := (len(src.Studies) + 6) / 7; len(seen) != want {
		t.Errorf("%d progress reports, want one per batch (%d)", len(seen), want)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] <= seen[i-1] {
			t.Errorf("progress went from %d to %d", seen[i-1], seen[i])
		}
	}
	if len(seen) == 0 || seen[len(seen)-1] != len(src.Studies) {
		t.Errorf("progress ended at %v, want %d", seen, len(src.Studies))
	}
}
