package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestReadAhead: the read-ahead warms the files wanted, in order, no
// further than its window past the files the decoders have finished,
// all of them once the decoders finish everything (with every read taken
// as one from the disk), a sample of them when every read is taken as one
// from the cache, and stops when closed even while it waits for the
// decoders.
func TestReadAhead(t *testing.T) {
	dir := t.TempDir()
	const n = 3 * aheadWindow
	var rels []string
	for i := range n {
		rel := fmt.Sprintf("s%05d.toml", i)
		if err := os.WriteFile(filepath.Join(dir, rel), []byte("id = 'x'\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		rels = append(rels, rel)
	}
	want := func(i int) bool { return i%3 != 0 }
	count := func(below int) int64 {
		k := int64(0)
		for i := range below {
			if want(i) {
				k++
			}
		}
		return k
	}
	// eventually waits until a has warmed k files (it must get there; the
	// deadline only keeps a broken read-ahead from hanging the test).
	eventually := func(a *aheadReader, k int64) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); a.warmed.Load() < k; {
			if time.Now().After(deadline) {
				t.Fatalf("warmed %d files, want %d", a.warmed.Load(), k)
			}
			time.Sleep(time.Millisecond)
		}
	}

	a := readAheadFast(dir, rels, want, 0)
	eventually(a, count(aheadWindow))
	time.Sleep(20 * time.Millisecond) // room to overstep, if it would
	a.Close()                         // returns while its readers wait for the decoders
	if got, max := a.warmed.Load(), count(aheadWindow); got != max {
		t.Errorf("with no file decoded, warmed %d files; the window holds %d", got, max)
	}

	a = readAheadFast(dir, rels, want, 0)
	for range n {
		a.done()
	}
	eventually(a, count(n))
	a.Close()
	if got := a.warmed.Load(); got != count(n) {
		t.Errorf("warmed %d files, want %d", got, count(n))
	}

	// Every read in the cache: each reader reads aheadCached files, then
	// one in aheadSample.
	a = readAheadFast(dir, rels, want, time.Hour)
	for range n {
		a.done()
	}
	a.wg.Wait() // the readers end when the files do
	most := int64(aheadReaders*aheadCached) + count(n)/aheadSample + aheadReaders
	if got := a.warmed.Load(); got == 0 || got > most {
		t.Errorf("with the files in the cache, warmed %d of %d files; want 1 to %d", got, count(n), most)
	}
	a.Close()

	if a := readAhead(dir, rels, func(int) bool { return false }); a != nil {
		t.Errorf("with nothing to read, a read-ahead started")
	}
	var none *aheadReader
	none.done()
	none.Close()
}
