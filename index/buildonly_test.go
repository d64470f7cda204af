package index_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"litkb/index"
	"litkb/internal/corpus"
	"litkb/internal/study"
)

// TestBuildReleasesTheStudies: Build calls release once, after it has read
// every study and before it ends, and reads none after: a release that
// blanks every study leaves an index equal to one built without it. The
// index it leaves is current: an Index opened on it is in step with the
// corpus (nothing to rebuild, every study searchable with its snippets).
func TestBuildReleasesTheStudies(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	src := index.Source{Fingerprint: c.Fingerprint, Studies: c.Studies, Topics: c.Topics, Hashes: c.StudyHashes()}
	// The build's own copies, blanked by the release.
	copies := make([]*study.Study, len(c.Studies))
	for i, s := range c.Studies {
		cp := *s
		copies[i] = &cp
	}
	built := src
	built.Studies = copies
	released, indexed := 0, 0
	root := t.TempDir()
	err = index.Build(context.Background(), root, built, index.Options{Logger: quiet(), BatchSize: 7,
		Progress: func(done, _ int) { indexed = done }}, func() {
		released++
		if indexed != len(copies) {
			t.Errorf("released after %d of %d studies were indexed", indexed, len(copies))
		}
		for _, s := range copies {
			*s = study.Study{ID: "released"}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if released != 1 {
		t.Fatalf("release called %d times, want once", released)
	}

	var log bytes.Buffer
	ix, err := index.Open(context.Background(), root, index.Options{Logger: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.Fingerprint() != c.Fingerprint {
		t.Errorf("fingerprint %q, want the corpus's %q", ix.Fingerprint(), c.Fingerprint)
	}
	// One study changed: the study hashes Build wrote (with the ids it
	// read before the release) make it an update of that study alone.
	changed := src
	changed.Fingerprint, changed.Studies, changed.Hashes = "changed", slices.Clone(src.Studies), slices.Clone(src.Hashes)
	edited := *changed.Studies[0]
	edited.Summary += " Edited."
	changed.Studies[0], changed.Hashes[0] = &edited, changed.Hashes[0]+1
	if _, err := ix.Sync(context.Background(), changed); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), `msg="index updated" changed=1 removed=0`) {
		t.Errorf("Sync of one changed study after Build, want an update of that study alone:\n%s", log.String())
	}
	res, err := ix.Search(context.Background(), index.Request{Query: "attachment", Size: index.MaxSize})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total == 0 || res.Hits[0].Snippet == "" && res.Hits[0].TitleHTML == "" {
		t.Errorf("search after Build: %d hits, first %+v", res.Total, res.Hits)
	}
	if fresh := rebuildCount(t, changed); res.Total != fresh {
		t.Errorf("%d hits in Build's index, %d in one built without a release", res.Total, fresh)
	}
}

// rebuildCount is the hits for "attachment" in an index built by Sync.
func rebuildCount(t *testing.T, src index.Source) uint64 {
	t.Helper()
	ix, err := index.Open(context.Background(), t.TempDir(), index.Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Sync(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), index.Request{Query: "attachment", Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}
