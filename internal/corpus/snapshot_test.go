package corpus_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"litkb/internal/corpus"
)

// agedCorpus is writeCorpus with every file long unchanged, as files are
// when a server restarts: a file changed within the last moments is never
// cached (see RacyWindow).
func agedCorpus(t *testing.T, studies map[string]string) string {
	t.Helper()
	dir := writeCorpus(t, studies)
	age(t, dir)
	return dir
}

// age dates every file under dir long ago.
func age(tb testing.TB, dir string) {
	tb.Helper()
	old := time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC)
	err := filepath.WalkDir(dir, func(p string, _ os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func threeStudies() map[string]string {
	return map[string]string{
		"a-2000-x.toml": studyTOML("a-2000-x", "10.1000/a", `"doi"`),
		"b-2001-y.toml": studyTOML("b-2001-y", "10.1000/b", `"doi"`),
		"c-2002-z.toml": studyTOML("c-2002-z", "10.1000/c", `"doi"`),
	}
}

func loadCached(t *testing.T, dir, cache string) *corpus.Corpus {
	t.Helper()
	c, err := corpus.LoadCached(dir, cache)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sameAsFullLoad: what came (partly) from the snapshot is exactly what
// reading every file gives.
func sameAsFullLoad(t *testing.T, dir string, c *corpus.Corpus) {
	t.Helper()
	full, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Studies, full.Studies) || c.Fingerprint != full.Fingerprint || !reflect.DeepEqual(c.Problems, full.Problems) {
		t.Errorf("cached load differs from a full load:\n got %+v\nwant %+v", c.Studies, full.Studies)
	}
}

func TestSnapshotSkipsUnchangedFiles(t *testing.T) {
	tests := []struct {
		name         string
		change       func(t *testing.T, dir, cache string)
		decoded      int
		fromSnapshot int
		wantErr      bool // the snapshot was unusable, and said so
	}{
		{"nothing changed", func(*testing.T, string, string) {}, 0, 3, false},
		{"one file edited", func(t *testing.T, dir, _ string) {
			// same size: only the time tells the change
			edit(t, filepath.Join(dir, "studies", "b-2001-y.toml"), "A test study", "A tost study")
		}, 1, 2, false},
		{"one file removed", func(t *testing.T, dir, _ string) {
			if err := os.Remove(filepath.Join(dir, "studies", "c-2002-z.toml")); err != nil {
				t.Fatal(err)
			}
		}, 0, 2, false},
		{"vocabulary changed", func(t *testing.T, dir, _ string) {
			edit(t, filepath.Join(dir, "topics.toml"), "\n", "\n\n")
		}, 3, 0, false},
		// A study's record and text are checked as it is decoded: only
		// that study is read again, and the damage is reported.
		{"a study's record damaged", func(t *testing.T, _, cache string) {
			damage(t, cache, "10.1000/b") // the DOI is in the record alone
		}, 1, 2, true},
		{"a study's text damaged", func(t *testing.T, _, cache string) {
			damage(t, cache, "imaginary parents") // in every summary: the first is a-2000-x's
		}, 1, 2, true},
		// The index is checked whole: nothing comes from the snapshot.
		{"the snapshot's index damaged", func(t *testing.T, _, cache string) {
			damage(t, cache, "studies/b-2001-y.toml") // the path is in the index alone
		}, 3, 0, true},
		{"snapshot truncated", func(t *testing.T, _, cache string) {
			if err := os.Truncate(cache, 40); err != nil {
				t.Fatal(err)
			}
		}, 3, 0, true},
		{"snapshot of another version", func(t *testing.T, _, cache string) {
			if err := os.WriteFile(cache, []byte("litkb corpus snapshot 1\n"+strings.Repeat("\x00", 100)), 0o644); err != nil {
				t.Fatal(err)
			}
		}, 3, 0, false},
		{"snapshot is not one", func(t *testing.T, _, cache string) {
			if err := os.WriteFile(cache, []byte("hello"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, 3, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := agedCorpus(t, threeStudies())
			cache := filepath.Join(t.TempDir(), "state", "corpus.snapshot")
			if first := loadCached(t, dir, cache); first.Stats.Decoded != 3 || first.Stats.SnapshotErr != nil {
				t.Fatalf("first load: %+v, want 3 decoded and no error", first.Stats)
			}
			tt.change(t, dir, cache)
			c := loadCached(t, dir, cache)
			if c.Stats.Decoded != tt.decoded || c.Stats.FromSnapshot != tt.fromSnapshot || (c.Stats.SnapshotErr != nil) != tt.wantErr {
				t.Errorf("stats %+v, want %d decoded, %d from the snapshot, error %v", c.Stats, tt.decoded, tt.fromSnapshot, tt.wantErr)
			}
			sameAsFullLoad(t, dir, c)
			// The snapshot was brought up to date: one more load decodes
			// only what cannot be cached (the file edited just now).
			again := loadCached(t, dir, cache)
			if again.Stats.SnapshotErr != nil || again.Stats.Decoded > 1 {
				t.Errorf("load after the change: %+v, want everything but a just-edited file from the snapshot", again.Stats)
			}
			sameAsFullLoad(t, dir, again)
		})
	}
}

// damage flips a byte of the first occurrence of what in the file at path.
func damage(t *testing.T, path, what string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte(what))
	if i < 0 {
		t.Fatalf("%q is not in %s", what, path)
	}
	b[i+len(what)/2] ^= 0xff
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// A file changed moments ago could change again within its timestamp's
// tick, unseen; it is read every time until it has aged.
func TestSnapshotDoesNotCacheJustChangedFiles(t *testing.T) {
	dir := writeCorpus(t, threeStudies()) // files written just now
	cache := filepath.Join(t.TempDir(), "corpus.snapshot")
	for range 2 {
		if c := loadCached(t, dir, cache); c.Stats.Decoded != 3 {
			t.Errorf("stats %+v: fresh files were taken from the snapshot", c.Stats)
		}
	}
}

// A file with problems is never cached: its problems are reported on
// every load, with their lines.
func TestSnapshotKeepsReportingProblems(t *testing.T) {
	studies := threeStudies()
	studies["d-2003-w.toml"] = studyTOML("d-2003-w", "10.1000/d", "")
	dir := agedCorpus(t, studies)
	cache := filepath.Join(t.TempDir(), "corpus.snapshot")
	loadCached(t, dir, cache)
	c := loadCached(t, dir, cache)
	if c.Stats.FromSnapshot != 3 || len(c.Problems) != 1 || !strings.Contains(c.Problems[0].String(), "d-2003-w.toml:") {
		t.Errorf("stats %+v, problems %v: want 3 from the snapshot and the bad file's problem with its line", c.Stats, c.Problems)
	}
}

func edit(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// After each write the store's fingerprint and per-study hashes are the
// ones a fresh load of the folder gives: they tell the index whether it is
// in sync, and which studies to re-index.
func TestWritesKeepTheFingerprintOfTheFiles(t *testing.T) {
	dir := agedCorpus(t, threeStudies())
	cache := filepath.Join(t.TempDir(), "corpus.snapshot")
	st, err := corpus.OpenStore(t.Context(), dir, corpus.StoreOptions{Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	ctx, who := context.Background(), corpus.Actor{Name: "test", Role: corpus.RoleEditor}
	check := func(what string) {
		t.Helper()
		full, err := corpus.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Corpus().Fingerprint; got != full.Fingerprint {
			t.Errorf("after %s: store fingerprint %s, files say %s", what, got, full.Fingerprint)
		}
		// The index finds changed studies by these hashes alone.
		if got, want := st.Corpus().StudyHashes(), full.StudyHashes(); !reflect.DeepEqual(got, want) || len(got) != len(full.Studies) {
			t.Errorf("after %s: study hashes %x, files say %x", what, got, want)
		}
		if cached := loadCached(t, dir, cache); cached.Fingerprint != full.Fingerprint {
			t.Errorf("after %s: a load through the snapshot gives fingerprint %s, files say %s", what, cached.Fingerprint, full.Fingerprint)
		}
	}
	check("opening")
	b, _ := st.Corpus().Study("b-2001-y")
	edited := *b
	edited.Title = "A retitled study"
	if _, err := st.Update(ctx, edited.ID, edited, st.Corpus().ETag(edited.ID), who); err != nil {
		t.Fatal(err)
	}
	check("an update")
	added := *b
	added.ID, added.DOI, added.Title, added.Status = "d-2004-v", "10.1000/d", "A new study of something else", "draft"
	if _, err := st.Create(ctx, added, who, true); err != nil {
		t.Fatal(err)
	}
	check("a create")
}

// A snapshot belongs to one corpus folder: another folder with files of
// the same names, sizes and times is read from its files.
func TestSnapshotBelongsToItsFolder(t *testing.T) {
	cache := filepath.Join(t.TempDir(), "corpus.snapshot")
	loadCached(t, agedCorpus(t, threeStudies()), cache)
	other := agedCorpus(t, threeStudies())
	if c := loadCached(t, other, cache); c.Stats.FromSnapshot != 0 {
		t.Errorf("stats %+v: another folder's studies came from the snapshot", c.Stats)
	}
}

// A temporary snapshot left by a killed process is removed by the next
// write of the snapshot; one still being written by another is left alone.
func TestSnapshotRemovesStaleTemporaryFiles(t *testing.T) {
	dir := agedCorpus(t, threeStudies())
	state := t.TempDir()
	stale, fresh := filepath.Join(state, ".snapshot-111"), filepath.Join(state, ".snapshot-222")
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, []byte("half a snapshot"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	loadCached(t, dir, filepath.Join(state, "corpus.snapshot"))
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale temporary file is still there (%v)", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("the fresh temporary file was removed: %v", err)
	}
}

// Studies taken from a snapshot keep their text in the mapped file: they
// must read the same after the snapshot is replaced by a newer one, and
// after its file is gone.
func TestSnapshotStudiesOutliveTheirFile(t *testing.T) {
	dir := agedCorpus(t, threeStudies())
	cache := filepath.Join(t.TempDir(), "state", "corpus.snapshot")
	loadCached(t, dir, cache)
	want, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	mapped := loadCached(t, dir, cache)
	if mapped.Stats.FromSnapshot != 3 {
		t.Fatalf("stats %+v, want every study from the snapshot", mapped.Stats)
	}
	edit(t, filepath.Join(dir, "studies", "b-2001-y.toml"), "A test study", "A tost study")
	if c := loadCached(t, dir, cache); c.Stats.Decoded != 1 { // writes a new snapshot over the old
		t.Fatalf("reload: %+v, want the edited study decoded", c.Stats)
	}
	if err := os.Remove(cache); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(mapped.Studies, want.Studies) {
		t.Errorf("studies read from a replaced snapshot changed:\n got %+v\nwant %+v", mapped.Studies, want.Studies)
	}
}
