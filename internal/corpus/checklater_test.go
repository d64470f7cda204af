package corpus_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"litkb/internal/corpus"
)

// A server's start takes the study files from the snapshot when no name in
// the studies folder changed since it was written, and compares the files
// with it afterwards (CheckFiles): a file edited in place meanwhile is
// read in then, writes wait until then, and the result is what a full
// load of the folder gives.
func TestCheckLater(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the folder's change time is read on Linux only")
	}
	const window = 50 * time.Millisecond // the coarse clock ticks every few ms
	defer corpus.SetFolderRacyWindow(window)()
	settle := func() { time.Sleep(2 * window) }
	tests := []struct {
		name    string
		change  func(t *testing.T, dir, cache string, s *corpus.Store)
		trusted bool     // the next start takes the files on trust
		changed []string // what its check finds
		after   bool     // and the start after that one, on the snapshot it left
		damaged bool     // changed are texts damaged in the snapshot
	}{
		{"nothing changed", func(*testing.T, string, string, *corpus.Store) {}, true, nil, true, false},
		// The texts are not read by the start, but by the check.
		{"a study's text damaged in the snapshot", func(t *testing.T, _, cache string, _ *corpus.Store) {
			damage(t, cache, "imaginary parents") // in every summary: the first is a-2000-x's
		}, true, []string{"studies/a-2000-x.toml"}, true, true},
		{"a file edited in place", func(t *testing.T, dir, _ string, _ *corpus.Store) {
			edit(t, filepath.Join(dir, "studies", "b-2001-y.toml"), "A test study", "An edited study")
			ageFile(t, filepath.Join(dir, "studies", "b-2001-y.toml"))
		}, true, []string{"studies/b-2001-y.toml"}, true, false},
		{"a file broken in place", func(t *testing.T, dir, _ string, _ *corpus.Store) {
			edit(t, filepath.Join(dir, "studies", "c-2002-z.toml"), `year = 2000`, `year = "soon"`)
			ageFile(t, filepath.Join(dir, "studies", "c-2002-z.toml"))
		}, true, []string{"studies/c-2002-z.toml"}, false, false}, // a snapshot holds no file with problems
		{"a file added", func(t *testing.T, dir, _ string, _ *corpus.Store) {
			if err := os.WriteFile(filepath.Join(dir, "studies", "d-2003-w.toml"), []byte(studyTOML("d-2003-w", "10.1000/d", `"doi"`)), 0o644); err != nil {
				t.Fatal(err)
			}
			ageFile(t, filepath.Join(dir, "studies", "d-2003-w.toml"))
		}, false, nil, true, false},
		{"a file removed", func(t *testing.T, dir, _ string, _ *corpus.Store) {
			if err := os.Remove(filepath.Join(dir, "studies", "a-2000-x.toml")); err != nil {
				t.Fatal(err)
			}
		}, false, nil, true, false},
		{"a write", func(t *testing.T, dir, _ string, s *corpus.Store) {
			b, _ := s.Corpus().Study("b-2001-y")
			edited := *b
			edited.Title = "A written title"
			if _, err := s.Update(context.Background(), edited.ID, edited, s.Corpus().ETag(edited.ID), editor); err != nil {
				t.Fatal(err)
			}
			ageFile(t, filepath.Join(dir, "studies", "b-2001-y.toml"))
		}, false, nil, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := agedCorpus(t, threeStudies())
			cache := filepath.Join(t.TempDir(), "snapshot")
			open := func() *corpus.Store {
				t.Helper()
				s, err := corpus.OpenStore(t.Context(), dir, corpus.StoreOptions{Cache: cache, CheckLater: true})
				if err != nil {
					t.Fatal(err)
				}
				return s
			}
			settle()
			first := open() // no snapshot yet: a full load, which writes one
			if first.Corpus().Stats.CheckLater || !first.Checked() {
				t.Fatalf("a start without a snapshot took the files on trust")
			}
			if res, err := first.CheckFiles(context.Background()); err != nil || len(res.Changed) > 0 {
				t.Fatalf("check after a full load: %+v, %v; want nothing to check", res, err)
			}
			tt.change(t, dir, cache, first)
			settle()
			before := loadCached(t, dir, "") // what the snapshot would not show

			s := open()
			c := s.Corpus()
			if c.Stats.CheckLater != tt.trusted || s.Checked() == tt.trusted {
				t.Fatalf("trusted %v, checked %v: want trusted %v", c.Stats.CheckLater, s.Checked(), tt.trusted)
			}
			if tt.trusted {
				// Until the check, the corpus is the snapshot's, and a
				// write waits: here, until its context ends.
				if c.Stats.Decoded != 0 || c.Stats.FromSnapshot != 3 {
					t.Errorf("stats %+v: want all 3 from the snapshot", c.Stats)
				}
				for _, rel := range tt.changed {
					id := strings.TrimSuffix(filepath.Base(rel), ".toml")
					got, _ := c.Study(id)
					want, _ := before.Study(id)
					if tt.damaged && got.Summary == want.Summary {
						t.Errorf("%s: the start read the damaged text: want it read by the check", id)
					}
				}
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				if _, err := s.Create(ctx, draft("A draft written too soon"), editor, false); !errors.Is(err, context.Canceled) {
					t.Errorf("a write before the check: %v, want it to wait for the check", err)
				}
			}
			res, err := s.CheckFiles(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got := slashed(res.Changed); !slices.Equal(got, tt.changed) {
				t.Errorf("changed %q, want %q", got, tt.changed)
			}
			if got := slashed(res.Damaged); (len(got) > 0) != tt.damaged || (tt.damaged && !slices.Equal(got, tt.changed)) {
				t.Errorf("damaged %q, want %v", got, tt.damaged)
			}
			if res.SnapshotErr != nil {
				t.Error(res.SnapshotErr)
			}
			if !s.Checked() {
				t.Error("not checked after CheckFiles")
			}
			sameCorpus(t, s.Corpus(), before)

			// The snapshot the check (or the full load) wrote is the
			// folder's: the next start takes every file from it, on
			// trust, with nothing to read in after.
			{
				settle()
				before = loadCached(t, dir, "")
				s = open()
				if st := s.Corpus().Stats; st.CheckLater != tt.after || (tt.after && st.Decoded != 0) {
					t.Errorf("start after the check's snapshot: %+v; want trusted %v", st, tt.after)
				}
				sameCorpus(t, s.Corpus(), before)
				if res, err := s.CheckFiles(context.Background()); err != nil || len(res.Changed) > 0 {
					t.Errorf("second check: %+v, %v; want nothing changed", res, err)
				}
			}
			if _, err := s.Create(context.Background(), draft("A draft written after the check"), editor, false); err != nil {
				t.Errorf("a write after the check: %v", err)
			}
		})
	}
}

// sameCorpus: got is what loading the folder gave (want).
func sameCorpus(t *testing.T, got, want *corpus.Corpus) {
	t.Helper()
	if !slices.Equal(ids(got), ids(want)) || !slices.Equal(got.StudyHashes(), want.StudyHashes()) {
		t.Errorf("studies %v, want %v", ids(got), ids(want))
	}
	if got.Fingerprint != want.Fingerprint {
		t.Error("fingerprints differ")
	}
	if g, w := problems(got), problems(want); !slices.Equal(g, w) {
		t.Errorf("problems %q, want %q", g, w)
	}
	for _, w := range want.Studies {
		if g, _ := got.Study(w.ID); g.Title != w.Title || g.Summary != w.Summary {
			t.Errorf("%s: title %q, summary %q; want %q, %q", w.ID, g.Title, g.Summary, w.Title, w.Summary)
		}
	}
}

// ageFile dates the file at path long ago (the folder's stamp stays): a
// file changed within the last moments is never cached (see RacyWindow).
func ageFile(t *testing.T, path string) {
	t.Helper()
	old := time.Date(2025, 2, 3, 4, 5, 6, 7, time.UTC)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
}

func slashed(rels []string) []string {
	out := make([]string, len(rels))
	for i, r := range rels {
		out[i] = filepath.ToSlash(r)
	}
	return out
}
