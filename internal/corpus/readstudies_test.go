package corpus

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"litkb/internal/study"
)

// sortStudies moves every study to its place in id order, and each hash
// with its study, whatever the order they came in.
func TestSortStudies(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 100} {
		for seed := range uint64(5) {
			rng := rand.New(rand.NewPCG(seed, uint64(n)))
			c := &Corpus{}
			for i := range n {
				c.Studies = append(c.Studies, &study.Study{ID: fmt.Sprintf("s%03d", i), Title: fmt.Sprint(i)})
				c.hashes = append(c.hashes, uint64(i))
			}
			rng.Shuffle(n, func(i, j int) {
				c.Studies[i], c.Studies[j] = c.Studies[j], c.Studies[i]
				c.hashes[i], c.hashes[j] = c.hashes[j], c.hashes[i]
			})
			c.sortStudies()
			for i, s := range c.Studies {
				if s.ID != fmt.Sprintf("s%03d", i) || s.Title != fmt.Sprint(i) || c.hashes[i] != uint64(i) {
					t.Fatalf("n %d seed %d: at %d: %s (%s) with hash %d", n, seed, i, s.ID, s.Title, c.hashes[i])
				}
			}
		}
	}
}

func BenchmarkSortStudies(b *testing.B) {
	const n = 100_000
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("author-%d-title", i)
		if i%10 == 0 {
			ids[i] += "-b" // sorts before its neighbour's file as x-b.toml
		}
	}
	files := slices.Clone(ids)
	slices.SortFunc(files, func(a, b string) int { return cmpFile(a, b) })
	for b.Loop() {
		b.StopTimer()
		c := &Corpus{Studies: make([]*study.Study, n), hashes: make([]uint64, n)}
		for i, id := range files {
			c.Studies[i] = &study.Study{ID: id}
		}
		b.StartTimer()
		c.sortStudies()
	}
}

// cmpFile orders ids as their files are listed.
func cmpFile(a, b string) int { return strings.Compare(a+".toml", b+".toml") }

// TestLoadTellsProgress: a load tells its progress in order, ending at
// every study file read, whether the studies come from the files or from
// the snapshot.
func TestLoadTellsProgress(t *testing.T) {
	data := filepath.Join("..", "..", "data")
	files, err := filepath.Glob(filepath.Join(data, StudiesDir, "*.toml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no study files in %s: %v", data, err)
	}
	cache := filepath.Join(t.TempDir(), "corpus.snapshot")
	for _, from := range []string{"files", "snapshot"} {
		var calls [][2]int
		c, err := LoadWith(t.Context(), data, LoadOptions{Cache: cache, Progress: func(done, total int) {
			calls = append(calls, [2]int{done, total})
		}})
		if err != nil {
			t.Fatal(err)
		}
		if got := map[string]int{"files": c.Stats.Decoded, "snapshot": c.Stats.FromSnapshot}[from]; got != len(files) {
			t.Fatalf("from the %s: %d of %d files (%+v)", from, got, len(files), c.Stats)
		}
		if len(calls) == 0 || calls[len(calls)-1] != [2]int{len(files), len(files)} {
			t.Fatalf("from the %s: progress ended at %v, want %d of %d", from, calls[max(0, len(calls)-1):], len(files), len(files))
		}
		for i := 1; i < len(calls); i++ {
			if calls[i][0] <= calls[i-1][0] || calls[i][1] != len(files) {
				t.Fatalf("from the %s: progress went %v then %v", from, calls[i-1], calls[i])
			}
		}
	}
}

// packHashes keeps every hash as it was, puts those of files read (not
// from the snapshot) into one string, and leaves the snapshot's alone.
func TestPackHashes(t *testing.T) {
	snapHashes := strings.Repeat("s", 64*3) // the snapshot's one string
	for _, tc := range []struct {
		name     string
		fromSnap []bool
	}{
		{"none", nil},
		{"all read", []bool{false, false, false}},
		{"all from the snapshot", []bool{true, true, true}},
		{"mixed", []bool{true, false, true, false, false}},
	} {
		files := make([]loadedFile, len(tc.fromSnap))
		want := make([]string, len(files))
		for i, snap := range tc.fromSnap {
			files[i].fromSnap = snap
			if snap {
				files[i].hash = snapHashes[64*(i%3) : 64*(i%3+1)]
			} else {
				files[i].hash = strings.Repeat(fmt.Sprint(i), 64) // its own allocation
			}
			want[i] = files[i].hash
		}
		packHashes(files)
		var first *byte
		for i, f := range files {
			if f.hash != want[i] {
				t.Fatalf("%s: file %d: hash %.8s…, want %.8s…", tc.name, i, f.hash, want[i])
			}
			p := unsafe.StringData(f.hash)
			switch {
			case f.fromSnap && p != unsafe.StringData(snapHashes[64*(i%3):]):
				t.Errorf("%s: file %d: a hash from the snapshot was copied", tc.name, i)
			case !f.fromSnap && first == nil:
				first = p
			case !f.fromSnap && uintptr(unsafe.Pointer(p)) != uintptr(unsafe.Pointer(first))+uintptr(64*countRead(files[:i])):
				t.Errorf("%s: file %d: its hash is not next in the one string", tc.name, i)
			}
		}
	}
}

// countRead is how many of files were read from their files.
func countRead(files []loadedFile) int {
	n := 0
	for _, f := range files {
		if !f.fromSnap {
			n++
		}
	}
	return n
}

// NoSnapshot is called before a load that will decode every file (no
// snapshot yet, or one written under another key), and not before a load
// from the snapshot: a caller that paused the collector resumes it then.
func TestNoSnapshotIsCalledWhenEveryFileIsDecoded(t *testing.T) {
	fromFiles, _ := snapshotLoaded(t) // ages a copy of the corpus
	dir := fromFiles.Dir
	cache := filepath.Join(t.TempDir(), "corpus.snapshot")
	for _, tc := range []struct {
		name  string
		setup func()
		want  bool
	}{
		{"no snapshot", func() {}, true},
		{"the snapshot the first load wrote", func() {}, false},
		{"another key's snapshot", func() {
			key, err := snapshotKey(dir, "another vocabulary")
			if err != nil {
				t.Fatal(err)
			}
			if err := writeSnapshot(t.Context(), cache, key, time.Now(), fileStamp{}, nil); err != nil {
				t.Fatal(err)
			}
		}, true},
	} {
		tc.setup()
		called := false
		c, err := LoadWith(t.Context(), dir, LoadOptions{Cache: cache, NoSnapshot: func() { called = true }})
		if err != nil {
			t.Fatal(err)
		}
		if called != tc.want || (c.Stats.FromSnapshot > 0) == tc.want {
			t.Errorf("%s: NoSnapshot called: %v, want %v (stats %+v)", tc.name, called, tc.want, c.Stats)
		}
	}
}
