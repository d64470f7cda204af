package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// How often, and how far apart, settle gives Bleve's persister another
// cleanup cycle before it reports the files it could not see removed.
const (
	settleTries = 20
	settlePause = 25 * time.Millisecond
)

// settle waits until the new index at path holds on disk only the segment
// files its current root uses. Bleve removes a merge's inputs on the
// persister's cleanup after a persist, but only those of snapshots that
// nobody holds any more, and it learns that a snapshot was let go in a
// goroutine of its own: a cleanup that runs first keeps the inputs, and
// no later one comes before a build closes its index. One build of
// 100,000 studies left 333 MiB of merged-away segments beside its 293 MiB
// index that way. Each try persists a batch that changes nothing, after
// which the persister cleans up again.
func settle(ctx context.Context, bi bleve.Index, path string) error {
	for try := 0; ; try++ {
		stale, err := staleSegments(bi, path)
		if err != nil || len(stale) == 0 {
			return err
		}
		if try == settleTries {
			return fmt.Errorf("index: %d segment files the index no longer uses are still in %s (%s...)", len(stale), filepath.Join(path, "store"), stale[0])
		}
		select {
		case <-time.After(settlePause):
		case <-ctx.Done():
			return ctx.Err()
		}
		b := bi.NewBatch()
		b.SetInternal(keyMapping, []byte(MappingVersion))
		persisted := make(chan error, 1)
		b.SetPersistedCallback(func(err error) { persisted <- err })
		if err := bi.Batch(b); err != nil {
			return fmt.Errorf("index: %w", err)
		}
		select {
		case err := <-persisted:
			if err != nil {
				return fmt.Errorf("index: persist: %w", err)
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// staleSegments lists the segment files of the index at path that its
// current root does not use.
func staleSegments(bi bleve.Index, path string) ([]string, error) {
	adv, err := bi.Advanced()
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, nil
	}
	live := map[string]bool{}
	for _, s := range snap.Segments() {
		live[fmt.Sprintf("%012x.zap", s.Id())] = true // scorch's zapFileName
	}
	store := filepath.Join(path, "store") // where Bleve keeps a scorch index
	entries, err := os.ReadDir(store)
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	var stale []string
	for _, e := range entries {
		if name := e.Name(); filepath.Ext(name) == ".zap" && !live[name] {
			stale = append(stale, name)
		}
	}
	return stale, nil
}
