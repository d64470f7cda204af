package index_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"litkb/index"
	"litkb/internal/corpus"
)

// TestRebuildWhileSearching: searches running during rebuilds see one whole
// index, old or new, never a half-built one, and never fail.
func TestRebuildWhileSearching(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	full := index.Source{Fingerprint: "full", Studies: c.Studies, Topics: c.Topics}
	half := index.Source{Fingerprint: "half", Studies: c.Studies[:len(c.Studies)/2], Topics: c.Topics}
	count := func(src index.Source) uint64 {
		n := uint64(0)
		for _, s := range src.Studies {
			if s.Status == "published" {
				n++
			}
		}
		return n
	}
	want := map[uint64]bool{count(full): true, count(half): true}

	ix, err := index.Open(context.Background(), t.TempDir(), index.Options{Logger: quiet(), BatchSize: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Sync(context.Background(), full); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	seen := sync.Map{}
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				res, err := ix.Search(ctx, index.Request{Size: 1})
				if err != nil {
					if ctx.Err() == nil {
						errs <- err
					}
					return
				}
				seen.Store(res.Total, true)
				if !want[res.Total] {
					errs <- &partial{res.Total}
					return
				}
			}
		}()
	}
	for i := range 6 {
		src := full
		if i%2 == 0 {
			src = half
		}
		if err := ix.Rebuild(context.Background(), src); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if ix.Fingerprint() != "full" {
		t.Errorf("fingerprint = %q after the last rebuild, want full", ix.Fingerprint())
	}
}

type partial struct{ total uint64 }

func (p *partial) Error() string { return "a search saw a partial index" }

// TestReopenAndRecover: an index on disk is reused when the corpus has not
// changed, rebuilt when it has, and rebuilt when it cannot be opened.
func TestReopenAndRecover(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	src := index.Source{Fingerprint: c.Fingerprint, Studies: c.Studies, Topics: c.Topics}
	root := t.TempDir()
	open := func() *index.Index {
		t.Helper()
		ix, err := index.Open(context.Background(), root, index.Options{Logger: quiet()})
		if err != nil {
			t.Fatal(err)
		}
		return ix
	}
	ix := open()
	if rebuilt, err := ix.Sync(context.Background(), src); err != nil || !rebuilt {
		t.Fatalf("first sync: rebuilt=%v err=%v, want a build", rebuilt, err)
	}
	ix.Close()

	ix = open()
	if rebuilt, err := ix.Sync(context.Background(), src); err != nil || rebuilt {
		t.Fatalf("same corpus: rebuilt=%v err=%v, want the index reused", rebuilt, err)
	}
	if res := search(t, ix, index.Request{Query: "AAI"}); res.Total == 0 {
		t.Error("reused index finds nothing for AAI (synonyms lost?)")
	}
	src2 := src
	src2.Fingerprint = "changed"
	if rebuilt, err := ix.Sync(context.Background(), src2); err != nil || !rebuilt {
		t.Fatalf("changed corpus: rebuilt=%v err=%v, want a rebuild", rebuilt, err)
	}
	ix.Close()

	// Break the live index: it must be rebuilt, not trusted.
	cur, err := os.ReadFile(filepath.Join(root, "CURRENT"))
	if err != nil {
		t.Fatal(err)
	}
	live := filepath.Join(root, string(cur[:len(cur)-1]))
	if err := os.RemoveAll(live); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(live, []byte("not an index"), 0o644); err != nil {
		t.Fatal(err)
	}
	ix = open()
	defer ix.Close()
	if ix.Ready() {
		t.Fatal("a broken index was opened")
	}
	if rebuilt, err := ix.Sync(context.Background(), src2); err != nil || !rebuilt {
		t.Fatalf("broken index: rebuilt=%v err=%v, want a rebuild", rebuilt, err)
	}
	if res := search(t, ix, index.Request{Query: "earned security"}); res.Total == 0 {
		t.Error("rebuilt index finds nothing")
	}
}

// TestCancelledRebuild: a rebuild whose context ends returns its error,
// leaves no half-built index behind, and the live index keeps answering.
func TestCancelledRebuild(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	ix, err := index.Open(context.Background(), root, index.Options{Logger: quiet(), BatchSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	src := index.Source{Fingerprint: "one", Studies: c.Studies, Topics: c.Topics}
	if _, err := ix.Sync(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	live := liveDir(t, root)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	other := index.Source{Fingerprint: "two", Studies: c.Studies[:len(c.Studies)/2], Topics: c.Topics}
	if err := ix.Rebuild(ctx, other); !errors.Is(err, context.Canceled) {
		t.Fatalf("rebuild with a cancelled context: %v, want context.Canceled", err)
	}
	if got := liveDir(t, root); got != live || ix.Fingerprint() != "one" {
		t.Errorf("live index %s (%s) after a cancelled rebuild, want %s (one)", got, ix.Fingerprint(), live)
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && e.Name() != strings.TrimSpace(live) {
			t.Errorf("a cancelled rebuild left %s behind", e.Name())
		}
	}
	if res := search(t, ix, index.Request{Drafts: true, Size: 1}); int(res.Total) != len(c.Studies) {
		t.Errorf("the live index answers %d studies, want %d", res.Total, len(c.Studies))
	}
}
