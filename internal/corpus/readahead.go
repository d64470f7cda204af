package corpus

import (
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

// A load reads each study file and then decodes it, on one goroutine per
// core. When the files are not in the page cache (a fresh build after a
// reboot, or after the machine reclaimed idle cache), each read waits for
// the disk while its core idles (a fresh 1,000,000-study load ran at 72%
// I/O wait). readAhead keeps several reads in flight just ahead of the
// decoders, so that the files they come to are in the cache: 100,000
// studies from an emptied cache loaded in 14.3-14.5 s against 18.9-19.7.
// It only warms the cache: the decoders still take each file's stamp and
// read it themselves, so what a load finds is the same with or without it.

const (
	aheadReaders = 8    // reads in flight
	aheadWindow  = 1024 // files read ahead of the decoders, at most

	// A file read this fast was in the cache already. After aheadCached
	// such reads in a row, a reader reads one file in aheadSample: over
	// a corpus in the cache, reading every file ahead cost a 100,000-study
	// load a second of its nine. A slow read brings it back to every file.
	cachedRead  = 50 * time.Microsecond
	aheadCached = 16
	aheadSample = 64
)

// aheadReader warms the page cache for the files a load will read.
type aheadReader struct {
	consumed atomic.Int64 // files the decoders have finished with
	next     atomic.Int64 // the next of the files to warm
	warmed   atomic.Int64 // files read
	stopped  atomic.Bool
	wg       sync.WaitGroup
}

// readAhead starts warming dir's files rels[i] for which want(i), if
// any, in order and at most aheadWindow past the files the decoders have
// finished (done). Close stops it.
func readAhead(dir string, rels []string, want func(i int) bool) *aheadReader {
	return readAheadFast(dir, rels, want, cachedRead)
}

// readAheadFast is readAhead with reads under fast taken as cached.
func readAheadFast(dir string, rels []string, want func(i int) bool, fast time.Duration) *aheadReader {
	var todo []int32
	for i := range rels {
		if want(i) {
			todo = append(todo, int32(i))
		}
	}
	if len(todo) == 0 {
		return nil // a start from a snapshot: nothing to read
	}
	a := &aheadReader{}
	for range aheadReaders {
		a.wg.Add(1)
		go func() {
			defer a.wg.Done()
			buf := make([]byte, 16<<10)
			inCache := 0
			for {
				k := int(a.next.Add(1) - 1)
				if k >= len(todo) {
					return
				}
				i := int(todo[k])
				for int64(i) >= a.consumed.Load()+aheadWindow && !a.stopped.Load() {
					time.Sleep(time.Millisecond)
				}
				if a.stopped.Load() {
					return
				}
				start := time.Now()
				warm(filepath.Join(dir, rels[i]), buf)
				a.warmed.Add(1)
				if time.Since(start) >= fast {
					inCache = 0
				} else if inCache++; inCache >= aheadCached {
					a.next.Add(aheadSample - 1)
				}
			}
		}()
	}
	return a
}

// done tells a that the decoders finished one more file.
func (a *aheadReader) done() {
	if a != nil {
		a.consumed.Add(1)
	}
}

// Close stops a and waits for its reads in flight.
func (a *aheadReader) Close() {
	if a != nil {
		a.stopped.Store(true)
		a.wg.Wait()
	}
}

// warm reads the file at path into buf and drops it: the page cache keeps
// it for the decoder that reads it next.
func warm(path string, buf []byte) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	for {
		if _, err := f.Read(buf); err != nil {
			return // io.EOF, or the decoder's error to report
		}
	}
}
