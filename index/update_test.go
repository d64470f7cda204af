package index_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
	for i, p := range src.Studies {
		s := *p // a copy: the corpus's studies are shared
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
		next.Studies = append(next.Studies, &s)
	}
	added := changed
	added.ID = "zz-added-study"
	added.Title = "An added study about narwhals"
	next.Studies = append(next.Studies, &added)

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

// TestSyncEditsWithCorpusHashes: with the corpus's per-study hashes, as
// the server syncs, edits that keep the studies in order take the fast
// path; each reaches search and snippets, later edits build on earlier
// ones, and a removal and a restart still diff correctly.
func TestSyncEditsWithCorpusHashes(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	open := func() *index.Index {
		ix, err := index.Open(context.Background(), root, index.Options{Logger: quiet()})
		if err != nil {
			t.Fatal(err)
		}
		return ix
	}
	ix := open()
	src := index.Source{Fingerprint: "0", Studies: slices.Clone(c.Studies), Topics: c.Topics, Hashes: slices.Clone(c.StudyHashes())}
	if _, err := ix.Sync(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	built := liveDir(t, root)
	var pub []int
	for i, s := range src.Studies {
		if s.Status == "published" {
			pub = append(pub, i)
		}
	}
	// edit returns src with study i's title ending in word, as a new
	// corpus version would be: new slices, a new hash for that study.
	edit := func(src index.Source, fp string, i int, word string) index.Source {
		next := index.Source{Fingerprint: fp, Studies: slices.Clone(src.Studies), Topics: src.Topics, Hashes: slices.Clone(src.Hashes)}
		st := *src.Studies[i] // a copy: the studies are shared
		st.Title = c.Studies[i].Title + " " + word
		next.Studies[i] = &st
		next.Hashes[i] = src.Hashes[i] + 1
		return next
	}
	sync := func(ix *index.Index, src index.Source) {
		t.Helper()
		if updated, err := ix.Sync(context.Background(), src); err != nil || !updated {
			t.Fatalf("sync %s: updated=%v err=%v", src.Fingerprint, updated, err)
		}
		if got := liveDir(t, root); got != built {
			t.Fatalf("sync %s rebuilt the index, want an update in place", src.Fingerprint)
		}
	}
	finds := func(ix *index.Index, word, id string) {
		t.Helper()
		r := search(t, ix, index.Request{Query: word})
		switch {
		case id == "" && r.Total != 0:
			t.Errorf("%q still finds %v", word, ids(r))
		case id != "" && (len(r.Hits) != 1 || r.Hits[0].ID != id):
			t.Errorf("%q finds %v, want [%s]", word, ids(r), id)
		case id != "" && !strings.Contains(r.Hits[0].TitleHTML, "<mark>"+word+"</mark>"):
			t.Errorf("%q: the title shown is %q, not the edited one", word, r.Hits[0].TitleHTML)
		}
	}
	a, b := pub[0], pub[1]
	src = edit(src, "1", a, "zebrafinch")
	sync(ix, src)
	finds(ix, "zebrafinch", src.Studies[a].ID)

	src = edit(src, "2", b, "quokka")
	src.Studies[a], src.Hashes[a] = c.Studies[a], c.StudyHashes()[a] // a is put back
	sync(ix, src)
	finds(ix, "zebrafinch", "")
	finds(ix, "quokka", src.Studies[b].ID)

	// A removal changes the order: the full diff, from the patched state.
	gone := src.Studies[pub[2]].ID
	src = index.Source{Fingerprint: "3", Studies: slices.Delete(slices.Clone(src.Studies), pub[2], pub[2]+1),
		Topics: src.Topics, Hashes: slices.Delete(slices.Clone(src.Hashes), pub[2], pub[2]+1)}
	sync(ix, src)
	finds(ix, "quokka", src.Studies[b].ID)
	if r := search(t, ix, index.Request{Drafts: true, Size: 1}); int(r.Total) != len(src.Studies) {
		t.Errorf("%d studies after removing %s, want %d", r.Total, gone, len(src.Studies))
	}

	// After a restart the hashes come from the file.
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = open()
	defer ix.Close()
	if rebuilt, err := ix.Sync(context.Background(), src); err != nil || rebuilt {
		t.Fatalf("reopen: rebuilt=%v err=%v, want the index as it was", rebuilt, err)
	}
	src = edit(src, "4", b, "narwhal")
	sync(ix, src)
	finds(ix, "quokka", "")
	finds(ix, "narwhal", src.Studies[b].ID)
}
