package index

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// purging says whether the persister of an index opened with
// eventCallbackName "litkb-settle-test" may clean up.
var purging atomic.Bool

func init() {
	scorch.RegistryEventCallbacks["litkb-settle-test"] = func(e scorch.Event) bool {
		return e.Kind != scorch.EventKindPurgerCheck || purging.Load()
	}
}

// TestSettleRemovesMergedAwaySegments: when the persister's cleanup has
// not removed a merge's inputs by the build's last persist, settle gets
// them removed; if it cannot, it says so and how many are left. The
// cleanup is held off by a scorch event callback, which makes the race
// settle is for (see its comment) happen every time.
func TestSettleRemovesMergedAwaySegments(t *testing.T) {
	ctx := context.Background()
	purging.Store(false)
	defer purging.Store(true)
	bi, path, c := newDataIndex(t, map[string]any{"eventCallbackName": "litkb-settle-test"})
	for i := 0; i < len(c.Studies); i += 5 {
		b := bi.NewBatch()
		for _, s := range c.Studies[i:min(i+5, len(c.Studies))] {
			if err := indexStudy(b, bi.Mapping(), s, nil); err != nil {
				t.Fatal(err)
			}
		}
		persistBatch(t, bi, b)
	}
	if err := compact(ctx, bi); err != nil {
		t.Fatal(err)
	}
	last := bi.NewBatch()
	last.SetInternal(keyMapping, []byte(MappingVersion))
	persistBatch(t, bi, last)

	stale, err := staleSegments(bi, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(stale) < 2 {
		t.Fatalf("%d merged-away segments on disk with cleanups held off, want the merge's inputs: the test no longer sets up what settle is for", len(stale))
	}
	err = settle(ctx, bi, path)
	if err == nil || !strings.Contains(err.Error(), "no longer uses are still in") {
		t.Fatalf("settle with cleanups held off: %v, want an error naming the files left", err)
	}

	purging.Store(true)
	if err := settle(ctx, bi, path); err != nil {
		t.Fatal(err)
	}
	if stale, err := staleSegments(bi, path); err != nil || len(stale) != 0 {
		t.Errorf("after settle: %v left (%v)", stale, err)
	}
	n, err := bi.DocCount()
	if err != nil || n != uint64(len(c.Studies)) {
		t.Errorf("%d documents (%v), want %d", n, err, len(c.Studies))
	}
}
