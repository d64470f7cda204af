package index_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"litkb/index"
	"litkb/internal/corpus"
	"litkb/internal/study"
)

// liveDir is the index directory CURRENT names: it changes with every
// rebuild and stays put through an in-place update.
func liveDir(t *testing.T, root string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "CURRENT"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSyncUpdatesInPlace: a changed, a removed and an added study reach
// search without a rebuild, findings included, and survive a restart.
func TestSyncUpdatesInPlace(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	ix, err := index.Open(context.Background(), root, index.Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	src := index.Source{Fingerprint: "v1", Studies: slices.Clone(c.Studies), Topics: c.Topics}
	if _, err := ix.Sync(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	built := liveDir(t, root)

	// Change one study's title and finding, remove another, add a third.
	next := index.Source{Fingerprint: "v2", Topics: c.Topics}
	var changed, removed study.Study
	for i, s := range src.Studies {
		switch {
		case s.Status == "published" && len(s.Findings) > 0 && changed.ID == "":
			s.Title += " zebrafinch"
			s.Findings = slices.Clone(s.Findings)
			s.Findings[0].Text = "Quokka statement for the benchmark."
			changed = s
		case s.Status == "published" && removed.ID == "" && changed.ID != "" && i > 5:
			removed = s
			continue
		}
		next.Studies = append(next.Studies, s)
	}
	added := changed
	added.ID = "zz-added-study"
	added.Title = "An added study about narwhals"
	next.Studies = append(next.Studies, added)

	if updated, err := ix.Sync(context.Background(), next); err != nil || !updated {
		t.Fatalf("sync: updated=%v err=%v", updated, err)
	}
	if got := liveDir(t, root); got != built {
		t.Fatalf("the index was rebuilt (%s, was %s), want an update in place", got, built)
	}
	check := func(ix *index.Index) {
		t.Helper()
		if r := search(t, ix, index.Request{Query: "zebrafinch"}); len(r.Hits) != 1 || r.Hits[0].ID != changed.ID {
			t.Errorf("changed title: hits %v, want [%s]", ids(r), changed.ID)
		}
		r := search(t, ix, index.Request{Query: "quokka"})
		if len(r.Hits) == 0 || r.Hits[0].Finding == nil || r.Hits[0].Finding.ID != changed.Findings[0].ID {
			t.Errorf("changed finding: %+v", r.Hits)
		}
		if r := search(t, ix, index.Request{Query: `"` + removed.Title + `"`, Size: 100}); slices.Contains(ids(r), removed.ID) {
			t.Errorf("removed study %s still found", removed.ID)
		}
		if r := search(t, ix, index.Request{Query: "narwhals"}); len(r.Hits) != 1 || r.Hits[0].ID != added.ID {
			t.Errorf("added study: hits %v", ids(r))
		}
		all := search(t, ix, index.Request{Drafts: true, Size: 1})
		if int(all.Total) != len(next.Studies) {
			t.Errorf("%d studies in the index, want %d", all.Total, len(next.Studies))
		}
	}
	check(ix)
	ix.Close()

	ix, err = index.Open(context.Background(), root, index.Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if updated, err := ix.Sync(context.Background(), next); err != nil || updated {
		t.Fatalf("reopened in sync: updated=%v err=%v, want nothing to do", updated, err)
	}
	check(ix)

	// A changed vocabulary is in every document: rebuild.
	voc := next
	voc.Fingerprint = "v3"
	voc.Topics = slices.Clone(next.Topics)
	voc.Topics[0].Synonyms = append(slices.Clone(voc.Topics[0].Synonyms), "walrusology")
	if updated, err := ix.Sync(context.Background(), voc); err != nil || !updated {
		t.Fatalf("vocabulary change: updated=%v err=%v", updated, err)
	}
	if liveDir(t, root) == built {
		t.Error("a vocabulary change was applied in place, want a rebuild")
	}
}

// TestSyncRebuildsWithoutHashes: an index whose study hashes are missing
// is rebuilt, not diffed against nothing.
func TestSyncRebuildsWithoutHashes(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	ix, err := index.Open(context.Background(), root, index.Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	src := index.Source{Fingerprint: "v1", Studies: c.Studies, Topics: c.Topics}
	if _, err := ix.Sync(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	built := liveDir(t, root)
	if err := os.Remove(filepath.Join(root, built[:len(built)-1], "litkb-studies")); err != nil {
		t.Fatal(err)
	}
	ix, err = index.Open(context.Background(), root, index.Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	src.Fingerprint = "v2"
	if updated, err := ix.Sync(context.Background(), src); err != nil || !updated {
		t.Fatalf("sync: updated=%v err=%v", updated, err)
	}
	if liveDir(t, root) == built {
		t.Error("updated in place without hashes, want a rebuild")
	}
	if r := search(t, ix, index.Request{Query: "earned security"}); r.Total == 0 {
		t.Error("rebuilt index finds nothing")
	}
}
