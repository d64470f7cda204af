package corpus_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"litkb/internal/corpus"
)

// manyStudies is a corpus of n valid studies.
func manyStudies(n int) map[string]string {
	files := make(map[string]string, n)
	for i := range n {
		id := fmt.Sprintf("s%04d-2000-x", i)
		files[id+".toml"] = studyTOML(id, fmt.Sprintf("10.1000/s%d", i), `"doi"`)
	}
	return files
}

// TestCancelledLoadStops: a load whose context is cancelled, before or
// while it reads the study files, stops reading them, returns the
// context's error, and leaves the state folder as it was: no snapshot
// where there was none, the old one where there was one. A load after it
// is whole.
func TestCancelledLoadStops(t *testing.T) {
	const n = 400
	for _, tc := range []struct {
		name     string
		snapshot bool // a snapshot of the corpus is there before
		cancelAt int  // cancel when progress reaches this (0: before the load)
		edit     int  // files edited after the snapshot, so the load would write a new one
	}{
		{"fresh state, cancelled before", false, 0, 0},
		{"fresh state, cancelled while reading", false, 1, 0},
		{"snapshot, cancelled while reading", true, 1, 0},
		{"snapshot with files changed, cancelled while reading", true, 1, n / 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := agedCorpus(t, manyStudies(n))
			state := t.TempDir()
			cache := filepath.Join(state, "corpus.snapshot")
			if tc.snapshot {
				loadCached(t, dir, cache)
			}
			for i := range tc.edit {
				id := fmt.Sprintf("s%04d-2000-x", i)
				edit(t, filepath.Join(dir, "studies", id+".toml"), "A test study", "A test study, edited")
			}
			age(t, dir)
			before := folderSums(t, state)

			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			if tc.cancelAt == 0 {
				cancel()
			}
			last := 0
			c, err := corpus.LoadWith(ctx, dir, corpus.LoadOptions{Cache: cache, Progress: func(done, _ int) {
				last = done
				if done >= tc.cancelAt {
					cancel()
				}
			}})
			if !errors.Is(err, context.Canceled) || c != nil {
				t.Fatalf("load: %v (corpus %v), want context.Canceled and none", err, c != nil)
			}
			if last >= n {
				t.Errorf("the load read all %d files after it was cancelled", n)
			}
			if after := folderSums(t, state); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("state folder changed:\n got %v\nwant %v", after, before)
			}
			if _, err := corpus.OpenStore(ctx, dir, corpus.StoreOptions{Cache: cache}); !errors.Is(err, context.Canceled) {
				t.Errorf("OpenStore: %v, want context.Canceled", err)
			}

			whole := loadCached(t, dir, cache)
			if len(whole.Studies) != n {
				t.Fatalf("the next load has %d studies, want %d", len(whole.Studies), n)
			}
			sameAsFullLoad(t, dir, whole)
		})
	}
}

// folderSums are the names and content hashes of the files in dir.
func folderSums(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string][32]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		sums[e.Name()] = sha256.Sum256(b)
	}
	return sums
}
