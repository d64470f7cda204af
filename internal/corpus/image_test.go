package corpus_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"litkb/internal/corpus"
)

// The image of a start's decoded studies (image.go) gives the next start
// the same corpus as reading every file, or is not used at all. Each
// start is a Store opened as a server opens it; Unmap stands for the end
// of a process, which frees the addresses the image must be mapped at.
func TestImage(t *testing.T) {
	if !corpus.OffHeap {
		t.Skip("studies are not decoded into arenas here")
	}
	studies := map[string]string{}
	for i := range 60 {
		id := fmt.Sprintf("author%c%c-%d-x", 'a'+i/26, 'a'+i%26, 1990+i%30)
		studies[id+".toml"] = studyTOML(id, fmt.Sprintf("10.1000/%d", i), `"doi"`)
	}
	dir := agedCorpus(t, studies)
	cache := filepath.Join(t.TempDir(), "corpus.snapshot")
	image := cache + ".image"
	open := func(t *testing.T, decoded, fromSnapshot, fromImage int) *corpus.Store {
		t.Helper()
		st, err := corpus.OpenStore(context.Background(), dir, corpus.StoreOptions{Cache: cache})
		if err != nil {
			t.Fatal(err)
		}
		c := st.Corpus()
		if s := c.Stats; s.Decoded != decoded || s.FromSnapshot != fromSnapshot || s.FromImage != fromImage {
			t.Errorf("decoded %d, from the snapshot %d, from the image %d; want %d, %d, %d", s.Decoded, s.FromSnapshot, s.FromImage, decoded, fromSnapshot, fromImage)
		}
		sameAsFullLoad(t, dir, c)
		return st
	}
	writeImage := func(t *testing.T, st *corpus.Store, want bool) {
		t.Helper()
		written, err := st.WriteImage(context.Background())
		if err != nil || written != want {
			t.Fatalf("WriteImage = %v, %v; want %v", written, err, want)
		}
		if _, err := os.Stat(image); want && err != nil {
			t.Fatal(err)
		}
	}
	n := len(studies)

	// A first start reads the files and writes the snapshot: its studies
	// are not the snapshot's, so there is no image of them.
	st := open(t, n, 0, 0)
	writeImage(t, st, false)
	corpus.Unmap(st.Corpus())

	t.Run("from the image", func(t *testing.T) {
		st := open(t, 0, n, 0) // decodes the snapshot
		writeImage(t, st, true)
		writeImage(t, st, false) // once
		corpus.Unmap(st.Corpus())
		st = open(t, 0, n, n)
		writeImage(t, st, false) // it came from one
		corpus.Unmap(st.Corpus())
	})

	t.Run("where the image's addresses are taken", func(t *testing.T) {
		held := open(t, 0, n, n)
		open(t, 0, n, 0) // decodes, the same corpus
		corpus.Unmap(held.Corpus())
	})

	t.Run("damaged", func(t *testing.T) {
		b, err := os.ReadFile(image)
		if err != nil {
			t.Fatal(err)
		}
		good := append([]byte(nil), b...)
		b[len(b)-1] ^= 1 // in the last chunk
		if err := os.WriteFile(image, b, 0o600); err != nil {
			t.Fatal(err)
		}
		corpus.Unmap(open(t, 0, n, 0).Corpus())
		if err := os.WriteFile(image, good[:len(good)/2], 0o600); err != nil {
			t.Fatal(err)
		}
		corpus.Unmap(open(t, 0, n, 0).Corpus())
		if err := os.WriteFile(image, good, 0o600); err != nil {
			t.Fatal(err)
		}
		corpus.Unmap(open(t, 0, n, n).Corpus())
	})

	t.Run("a study file changed", func(t *testing.T) {
		change(t, filepath.Join(dir, "studies", "authorab-1991-x.toml"))
		// The changed study is read from its file, the rest from the
		// image; the snapshot is written again, so the image is stale.
		st := open(t, 1, n-1, n-1)
		writeImage(t, st, false)
		corpus.Unmap(st.Corpus())
		st = open(t, 0, n, 0)
		writeImage(t, st, true)
		corpus.Unmap(st.Corpus())
		corpus.Unmap(open(t, 0, n, n).Corpus())
	})

	t.Run("the snapshot replaced after the load", func(t *testing.T) {
		if err := os.Remove(image); err != nil {
			t.Fatal(err)
		}
		st := open(t, 0, n, 0)
		change(t, filepath.Join(dir, "studies", "authorac-1992-x.toml"))
		next := open(t, 1, n-1, 0) // writes a new snapshot
		writeImage(t, st, false)   // not an image of the old one
		corpus.Unmap(next.Corpus())
		corpus.Unmap(st.Corpus())
	})
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
