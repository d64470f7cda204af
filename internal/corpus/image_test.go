package corpus_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unsafe"

	"litkb/internal/corpus"
)

// The image of a start's decoded studies (image.go) gives the next start
// the same corpus as reading every file, or is not used at all. Each start
// is a process of its own (this test binary, running TestImageStart), as a
// server's is: the image is mapped at the addresses its studies were
// decoded at, which only a new process is sure to have free.
func TestImage(t *testing.T) {
	if !corpus.OffHeap {
		t.Skip("studies are not decoded into arenas here")
	}
	studies := map[string]string{}
	for i := range 60 {
		id := fmt.Sprintf("author%c%c-%d-x", 'a'+i/26, 'a'+i%26, 1990+i%30)
		// The last two share a DOI: a problem every start must report.
		studies[id+".toml"] = studyTOML(id, fmt.Sprintf("10.1000/%d", min(i, 58)), `"doi"`)
	}
	dir := agedCorpus(t, studies)
	cache := filepath.Join(t.TempDir(), "corpus.snapshot")
	image := cache + ".image"
	n := len(studies)
	// start runs a start (see TestImageStart for how) and checks what
	// it says: its counts, and whether it wrote the image.
	run := func(t *testing.T, how, want string) {
		t.Helper()
		cmd := exec.Command(os.Args[0], "-test.run=^TestImageStart$", "-test.v")
		cmd.Env = append(os.Environ(), "LITKB_IMAGE_TEST="+how+"\n"+dir+"\n"+cache)
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), want+"\n") {
			t.Fatalf("want %q; the start said (%v):\n%s", want, err, out)
		}
	}
	start := func(t *testing.T, how string, decoded, fromSnapshot, fromImage int, written bool) {
		t.Helper()
		run(t, how, fmt.Sprintf("start: decoded %d, from the snapshot %d, from the image %d; image written %v", decoded, fromSnapshot, fromImage, written))
	}
	// trusting runs a server's start, which takes the files on trust:
	// whether it took the image's tables (loadTables), and how many files
	// its check found changed.
	trusting := func(t *testing.T, tables bool, fromImage, changed int, written bool) {
		t.Helper()
		run(t, "trust", fmt.Sprintf("trusting start: tables %v; from the image %d; changed %d; image written %v", tables, fromImage, changed, written))
	}

	// A first start reads the files and writes the snapshot: its studies
	// are not the snapshot's, so there is no image of them.
	start(t, "once", n, 0, 0, false)

	t.Run("from the image", func(t *testing.T) {
		start(t, "once", 0, n, 0, true) // decodes the snapshot
		start(t, "once", 0, n, n, false)
		start(t, "once", 0, n, n, false)
	})

	t.Run("a trusting start", func(t *testing.T) {
		// It reads no entry of the snapshot: the image holds the load's
		// tables. Its check finds nothing changed.
		trusting(t, true, n, 0, false)
		trusting(t, true, n, 0, false)
		// A file edited in place leaves the folder's stamp as it was: the
		// start takes the image, and its check reads the file in (and
		// writes a snapshot, so the image is stale: the next start
		// decodes, and writes one).
		change(t, filepath.Join(dir, "studies", "authorad-1993-x.toml"))
		trusting(t, true, n, 1, false)
		trusting(t, false, 0, 0, true)
		trusting(t, true, n, 0, false)
	})

	t.Run("where the image's addresses are taken", func(t *testing.T) {
		// The second load decodes, the same corpus, and writes an image
		// of its own.
		start(t, "twice", 0, n, 0, true)
		start(t, "once", 0, n, n, false)
	})

	t.Run("damaged", func(t *testing.T) {
		good, err := os.ReadFile(image)
		if err != nil {
			t.Fatal(err)
		}
		flipped := append([]byte(nil), good...)
		flipped[len(flipped)-1] ^= 1 // in the last chunk
		for _, b := range [][]byte{flipped, good[:len(good)/2], good[:100]} {
			if err := os.WriteFile(image, b, 0o600); err != nil {
				t.Fatal(err)
			}
			// It decodes, and writes the image again.
			start(t, "once", 0, n, 0, true)
			if err := os.WriteFile(image, good, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		start(t, "once", 0, n, n, false)
	})

	t.Run("a study file changed", func(t *testing.T) {
		change(t, filepath.Join(dir, "studies", "authorab-1991-x.toml"))
		// The changed study is read from its file, the rest from the
		// image; the snapshot is written again, so the image is stale.
		start(t, "once", 1, n-1, n-1, false)
		start(t, "once", 0, n, 0, true)
		start(t, "once", 0, n, n, false)
	})

	t.Run("the snapshot replaced after the load", func(t *testing.T) {
		if err := os.Remove(image); err != nil {
			t.Fatal(err)
		}
		start(t, "replaced", 1, n-1, 0, false)
	})
}

// TestImageStart is one start for TestImage: it opens a store as a server
// does, checks its corpus against reading every file, writes the image,
// and says what it did. How: "once"; "twice", a second store opened in
// the same process after the first, and its image written; "replaced", a
// study file changed after the first store opened and a second opened
// (which writes a new snapshot), and the first's image written.
func TestImageStart(t *testing.T) {
	env, ok := os.LookupEnv("LITKB_IMAGE_TEST")
	if !ok {
		t.Skip("a start of TestImage's")
	}
	args := strings.Split(env, "\n")
	how, dir, cache := args[0], args[1], args[2]
	// The folder's stamp goes into the first snapshot, as it does for a
	// folder unchanged for a while: otherwise whichever start comes after
	// that while writes the snapshot again, and the image is stale.
	defer corpus.SetFolderRacyWindow(0)()
	open := func() *corpus.Store {
		st, err := corpus.OpenStore(context.Background(), dir, corpus.StoreOptions{Cache: cache})
		if err != nil {
			t.Fatal(err)
		}
		sameAsFullLoad(t, dir, st.Corpus())
		return st
	}
	if how == "trust" {
		trustingStart(t, dir, cache)
		return
	}
	st := open()
	switch how {
	case "twice":
		st = open()
	case "replaced":
		first := st
		change(t, filepath.Join(dir, "studies", "authorac-1992-x.toml"))
		st = open()
		if written, err := first.WriteImage(context.Background()); written || err != nil {
			t.Errorf("the first store wrote an image of a replaced snapshot (%v, %v)", written, err)
		}
	}
	written, err := st.WriteImage(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if written {
		// The studies are read from the image now, not from the memory
		// they were decoded into.
		sameAsFullLoad(t, dir, st.Corpus())
		if got := corpus.MappedFrom(t, unsafe.Pointer(st.Corpus().Studies[0])); got != corpus.ImagePath(cache) {
			t.Errorf("the studies are mapped from %q after the image was written, want the image", got)
		}
	}
	s := st.Corpus().Stats
	fmt.Printf("start: decoded %d, from the snapshot %d, from the image %d; image written %v\n", s.Decoded, s.FromSnapshot, s.FromImage, written)
}

// change edits the study file at path, and dates it long ago, but later
// than age does.
func change(t *testing.T, path string) {
	t.Helper()
	edit(t, path, "A test study", "A tost study")
	changed := time.Date(2025, 6, 7, 8, 9, 10, 11, time.UTC)
	if err := os.Chtimes(path, changed, changed); err != nil {
		t.Fatal(err)
	}
}

// trustingStart is TestImageStart's server start: the store opened to
// take the files on trust, its check run, and its corpus compared with a
// full read of the files after it.
func trustingStart(t *testing.T, dir, cache string) {
	ctx := context.Background()
	st, err := corpus.OpenStore(ctx, dir, corpus.StoreOptions{Cache: cache, CheckLater: true})
	if err != nil {
		t.Fatal(err)
	}
	c := st.Corpus()
	tables := corpus.TablesFromImage(c)
	res, err := st.CheckFiles(ctx)
	if err != nil || res.SnapshotErr != nil {
		t.Fatal(err, res.SnapshotErr)
	}
	sameAsFullLoad(t, dir, st.Corpus())
	written, err := st.WriteImage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("trusting start: tables %v; from the image %d; changed %d; image written %v\n", tables, c.Stats.FromImage, len(res.Changed), written)
}
