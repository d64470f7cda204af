package corpus

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"litkb/internal/study"
)

// loadedFile is one study file as a load found it; its study is apart.
type loadedFile struct {
	stamp    fileStamp
	hash     string
	sum      [sha256.Size]byte // the file's part of the fingerprint
	readErr  error
	ps       study.Problems
	fromSnap bool
}

// readStudies takes every study file's stamp, then its study from the
// snapshot when the stamp is the one recorded, else from the file, read
// and checked. It runs on every core (decoding TOML is most of a full
// load), and each file's result is its own, so it is the same as one by
// one. A file whose study has problems has none.
//
// The studies are decoded into one array in file order (nearly id order),
// so that passes over every study (a write's, the duplicate check's) walk
// memory in order (one heap object per study made a write at 100,000
// studies 5 ms slower). From a snapshot the array and what its studies
// hold are in the snapshot's arena, which is sealed when all are read; a
// study read from its file instead (changed since) is on the heap.
func (c *Corpus) readStudies(snap *snapshot, rels []string, progress func(done, total int)) ([]*study.Study, []loadedFile) {
	var ar *arena
	if snap != nil {
		ar = snap.arena
	}
	defer ar.seal()
	blocks := make([]*block, runtime.GOMAXPROCS(0))
	for w := range blocks {
		blocks[w] = ar.block()
	}
	decoded := sliceIn[study.Study](blocks[0], len(rels))
	if decoded == nil { // the arena cannot grow: all on the heap
		ar, decoded = nil, make([]study.Study, len(rels))
		clear(blocks)
	}
	names := snapshotNames(c.Topics, c.Constructs, blocks[0])
	sd, sdErr := openStatDir(filepath.Join(c.Dir, StudiesDir))
	if sdErr == nil {
		defer sd.close()
	}
	at := snap.match(rels)
	studies, files := make([]*study.Study, len(rels)), make([]loadedFile, len(rels))
	read := counter(len(rels), progress)
	parallel(len(rels), func(w, i int) {
		defer read()
		f := &files[i]
		// The stamp is taken before the read: a change during the read
		// gives the file a newer stamp than the one recorded.
		if sdErr == nil {
			if st, err := sd.stamp(rels[i][len(StudiesDir)+1:]); err == nil {
				f.stamp = st
				if hash, ok := snap.study(at, i, st, names, blocks[w], &decoded[i]); ok {
					studies[i], f.hash, f.fromSnap, f.sum = &decoded[i], hash, true, fileSum(rels[i], hash)
					return
				}
			}
		}
		data, err := os.ReadFile(filepath.Join(c.Dir, rels[i]))
		if err != nil {
			f.readErr = err
		} else {
			f.hash = contentHash(data)
			f.sum = fileSum(rels[i], f.hash)
		}
		s := &decoded[i]
		if ar != nil {
			s = new(study.Study) // an arena holds no heap pointers
		}
		if *s, f.ps = study.CheckStudy(c.display(rels[i]), data, c.Vocab); len(f.ps) == 0 {
			studies[i] = s
		} else {
			*s = study.Study{} // what an invalid file left holds nothing
		}
	})
	return studies, files
}

// counter returns what each file read calls: it tells progress, when set,
// every half percent of total and at the end, in order and one call at a
// time, whatever goroutine read the file.
func counter(total int, progress func(done, total int)) func() {
	if progress == nil {
		return func() {}
	}
	var done atomic.Int64
	var mu sync.Mutex
	told := 0
	step := max(1, total/200)
	return func() {
		n := int(done.Add(1))
		if n%step != 0 && n != total {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if n > told {
			told = n
			progress(n, total)
		}
	}
}
