package corpus

import (
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

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
	// fromImage: the study is the image's (image.go), not decoded
	fromImage bool
}

// readStudies takes every study file's stamp, then its study from the
// snapshot when the stamp is the one recorded, else from the file, read
// and checked. It runs on every core (decoding TOML is most of a full
// load), and each file's result is its own, so it is the same as one by
// one. A file whose study has problems has none.
//
// The studies are decoded into one array in file order (nearly id order;
// a start from an image (image.go) uses the image's array instead),
// so that passes over every study (a write's, the duplicate check's) walk
// memory in order (one heap object per study made a write at 100,000
// studies 5 ms slower). With an arena (ar) the array and all its studies
// hold are in it, and it is sealed when all are read: a study read from its
// file is copied there, text and all (see inArena), so that a load from
// the files alone (a fresh state, a new program) leaves no studies on the
// heap either. trusted: rels are the snapshot's files, and the stamps it
// recorded are taken as theirs, unstated (a server's start; see
// checklater.go).
func (c *Corpus) readStudies(ctx context.Context, snap *snapshot, ar *arena, rels []string, trusted bool, progress func(done, total int)) ([]*study.Study, []loadedFile) {
	defer ar.seal()
	// A cancelled load leaves the rest unread (the caller gives up on it):
	// a full load takes minutes at 1,000,000 studies, and a server told
	// to stop during it should stop. Once ctx is done, no file is begun.
	stop := ctx.Done()
	blocks := make([]*block, runtime.GOMAXPROCS(0))
	for w := range blocks {
		blocks[w] = ar.block()
	}
	// With an image (image.go), the studies it holds are not decoded, and
	// the few that are go where their block allocates.
	var decoded []study.Study
	slot := func(w, i int) *study.Study {
		if decoded != nil {
			return &decoded[i]
		}
		if p := newIn[study.Study](blocks[w]); p != nil {
			return p
		}
		return new(study.Study) // the arena cannot grow
	}
	if snap == nil || snap.image == nil {
		decoded = sliceIn[study.Study](blocks[0], len(rels))
		if decoded == nil { // the arena cannot grow: all on the heap
			ar, decoded = nil, make([]study.Study, len(rels))
			clear(blocks)
		}
	}
	names := snapshotNames(c.Topics, c.Constructs, blocks[0])
	at := snap.match(rels)
	stamp := func(i int) (fileStamp, error) { return snap.entries[at[i]].stamp, nil }
	if !trusted {
		sd, err := openStatDir(filepath.Join(c.Dir, StudiesDir))
		if err != nil {
			stamp = func(int) (fileStamp, error) { return fileStamp{}, err }
		} else {
			defer sd.close()
			stamp = func(i int) (fileStamp, error) { return sd.stamp(rels[i][len(StudiesDir)+1:]) }
		}
	}
	studies, files := make([]*study.Study, len(rels)), make([]loadedFile, len(rels))
	read := counter(len(rels), progress)
	// Files the snapshot has are read only if they changed: only the
	// others are read ahead. Many files going into an arena are taken in
	// their order on the disk (diskorder.go), and read ahead in that
	// order. Studies left on the heap are not: the collector marks each
	// study's strings in study order, and decoded in another order they
	// lie all over the heap (a 100,000-study validate marked for twice as
	// long, and took 7.2 s instead of 6.1 with the files cached).
	fromFile := func(i int) bool { return at == nil || at[i] < 0 }
	var order []int32
	if ar != nil {
		order = diskOrder(c.Dir, rels, fromFile)
	}
	index := func(k int) int { return k }
	ordered := rels
	if order != nil {
		index = func(k int) int { return int(order[k]) }
		ordered = make([]string, len(rels))
		for k := range ordered {
			ordered[k] = rels[order[k]]
		}
	}
	ahead := readAhead(c.Dir, ordered, func(k int) bool { return fromFile(index(k)) })
	defer ahead.Close()
	parallel(len(rels), func(w, k int) {
		defer ahead.done()
		i := index(k)
		select {
		case <-stop:
			return
		default:
		}
		defer read()
		f := &files[i]
		// The stamp is taken before the read: a change during the read
		// gives the file a newer stamp than the one recorded. Trusted,
		// it is the one recorded.
		var into *study.Study
		if st, err := stamp(i); err == nil {
			f.stamp = st
			if s, hash, ok := snap.imaged(at, i, st); ok {
				studies[i], f.hash, f.fromSnap, f.fromImage, f.sum = s, hash, true, true, fileSum(rels[i], hash)
				return
			}
			into = slot(w, i)
			if hash, ok := snap.study(at, i, st, names, blocks[w], into); ok {
				studies[i], f.hash, f.fromSnap, f.sum = into, hash, true, fileSum(rels[i], hash)
				return
			}
		}
		data, err := os.ReadFile(filepath.Join(c.Dir, rels[i]))
		if err != nil {
			f.readErr = err
		} else {
			f.hash = contentHash(data)
			f.sum = fileSum(rels[i], f.hash)
		}
		var s study.Study
		if s, f.ps = study.CheckStudy(c.display(rels[i]), data, c.Vocab); len(f.ps) > 0 {
			return
		}
		if into == nil {
			into = slot(w, i)
		}
		switch {
		case ar == nil:
			*into = s
		case !inArena(&s, names, blocks[w], into):
			studies[i] = &s // the arena cannot grow
			return
		}
		studies[i] = into
	})
	packHashes(files)
	return studies, files
}

// packHashes puts the hashes of the files read (not those the snapshot
// gave, which share one string already) into one string. The corpus keeps
// every file's hash, and the collector marks each separate string in
// every cycle: in a fresh build of 1,000,000 studies marking was 18% of
// the CPU with them apart, 6% with them in one string.
func packHashes(files []loadedFile) {
	size := 0
	for i := range files {
		if !files[i].fromSnap {
			size += len(files[i].hash)
		}
	}
	var b strings.Builder
	b.Grow(size)
	for i := range files {
		if !files[i].fromSnap {
			b.WriteString(files[i].hash)
		}
	}
	all := b.String()
	for i := range files {
		if f := &files[i]; !f.fromSnap {
			f.hash, all = all[:len(f.hash)], all[len(f.hash):]
		}
	}
}

// inArena copies s into *into with all it holds in b's arena, its text
// included: s's snapshot record is copied into the arena and decoded from
// there, so into points only into the arena, as an arena study must.
// False: the arena cannot grow, and *into is left zero.
func inArena(s *study.Study, names map[string]string, b *block, into *study.Study) bool {
	var e encoder
	e.study(s)
	n := len(e.b)
	e.b = append(e.b, e.t...) // record and text in one copy
	both, ok := b.clone(unsafe.String(unsafe.SliceData(e.b), len(e.b)))
	if ok && decodeEntry(snapEntry{blob: both[:n], text: both[n:]}, names, b, into) == nil {
		return true
	}
	*into = study.Study{}
	return false
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

// parallel runs do(0..n-1) on every core; worker (0 to GOMAXPROCS-1) tells
// the goroutine, which runs one do at a time. The goroutines take runs of
// up to 16 (but at least 8 runs each): taken one at a time, the counter
// they share was 3% of a restart's CPU, when the studies come from an
// image and each do is short.
func parallel(n int, do func(worker, i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	run := int64(max(1, min(16, n/(8*max(workers, 1)))))
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				from := int(next.Add(run) - run)
				if from >= n {
					return
				}
				for i := from; i < min(from+int(run), n); i++ {
					do(w, i)
				}
			}
		}()
	}
	wg.Wait()
}
