package corpus

import (
	"errors"
	"os"
	"strings"
	"sync"
	"unsafe"
)

// An arena holds the studies a load decodes from the snapshot outside the
// Go heap. They are a load's largest structures and full of pointers (160
// MB at 100,000 studies, 1.6 GB at 1,000,000): on the heap the collector
// marked all of them in every cycle, and let the heap grow to as much
// again before it collected, so they cost twice their size in memory and a
// third of a 1,000,000-study build's CPU.
//
// The collector does not look into an arena, so nothing in one may point
// into the heap (it would free what only the arena holds): an arena's
// studies point only into the snapshot's mapping, into arenas, and at the
// program's constants. Once the load has decoded them, its arena is made
// read-only: the corpus shares its studies between versions and
// goroutines and nothing may change one, so a write into one faults at
// once rather than leave a pointer the collector cannot see. Like the
// mapping its studies' text is in, an arena lives as long as the process:
// a process loads from its snapshot once (a server's start, a build).
//
// Where mapping is not used (mmap_other.go) the snapshot is on the heap,
// and so are its studies: a nil *block allocates from the heap.
type arena struct {
	mu     sync.Mutex
	blocks []*block
	chunks [][]byte
	used   []int // how much of each chunk was handed out, once its block left it
	chunk  int   // size of a new chunk
	huge   bool  // chunks in huge pages (see hugeArena)
	sealed bool
}

// errArena: the arena could not grow. The study is decoded from its file
// instead, on the heap.
var errArena = errors.New("corpus: no memory for decoded studies")

// newArena is an arena whose chunks suit a snapshot of size bytes (the
// decoded studies are about as large as their records), or nil where
// studies go on the heap. A chunk is a whole number of 2 MiB pages, the
// size of a huge page (see hugeArena).
func newArena(size int) *arena {
	if !offHeap {
		return nil
	}
	return &arena{chunk: min(max(size/32, 2<<20), 64<<20) &^ (2<<20 - 1), huge: hugeArena(size)}
}

var pageSize = os.Getpagesize()

// block is one goroutine's piece of an arena, taken a chunk at a time.
type block struct {
	a     *arena
	buf   []byte // what is left of the chunk
	chunk int    // which of the arena's chunks buf is in, once it has one
	// lists are the lists of strings decoded into this block so far, by
	// their encoding (see decoder.strs), up to maxLists of them.
	lists map[string][]string
}

// maxLists bounds a block's lists: past it, lists are decoded but not
// remembered.
const maxLists = 4096

func (a *arena) block() *block {
	if a == nil {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	b := &block{a: a, chunk: -1}
	a.blocks = append(a.blocks, b)
	return b
}

// alloc returns size bytes aligned to align, zeroed (a chunk is fresh
// memory from the kernel and never reused), or nil when the arena cannot
// grow.
func (b *block) alloc(size, align uintptr) unsafe.Pointer {
	pad := -uintptr(unsafe.Pointer(unsafe.SliceData(b.buf))) & (align - 1)
	if pad+size > uintptr(len(b.buf)) {
		if !b.a.grow(b, int(size)) {
			return nil
		}
		pad = 0 // chunks are page-aligned
	}
	p := unsafe.Pointer(&b.buf[pad])
	b.buf = b.buf[pad+size:]
	return p
}

// grow gives b a new chunk of at least size bytes.
func (a *arena) grow(b *block, size int) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sealed {
		panic("corpus: allocation from a sealed arena")
	}
	n := max(a.chunk, (size+pageSize-1)&^(pageSize-1))
	c, err := mapAnon(n, a.huge)
	if err != nil {
		return false
	}
	b.leave() // the rest of the old chunk goes unused
	a.chunks, a.used = append(a.chunks, c), append(a.used, 0)
	b.buf, b.chunk = c, len(a.chunks)-1
	return true
}

// leave records how much of its chunk b used, and gives back the rest.
func (b *block) leave() {
	if b.chunk < 0 {
		return
	}
	b.a.used[b.chunk] = len(b.a.chunks[b.chunk]) - len(b.buf)
	dropUnused(b.buf)
	b.buf, b.chunk = nil, -1
}

// seal makes the arena read-only; it may hand out nothing more.
func (a *arena) seal() {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.sealed = true
	for _, b := range a.blocks {
		b.leave()
	}
	for _, c := range a.chunks {
		if a.huge {
			noHugePages(c)
		}
		protectRead(c)
	}
}

// extents are the parts of a sealed arena's chunks that hold something,
// in whole pages.
func (a *arena) extents() [][]byte {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([][]byte, len(a.chunks))
	for i, c := range a.chunks {
		out[i] = c[:min(len(c), (a.used[i]+pageSize-1)&^(pageSize-1))]
	}
	return out
}

// release unmaps the arena's chunks, for a load that gave up: nothing
// may point into them after.
func (a *arena) release() {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, c := range a.chunks {
		unmapFile(c)
	}
	a.chunks, a.used = nil, nil
}

// size is how much of the arena's chunks was mapped.
func (a *arena) size() int {
	if a == nil {
		return 0
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, c := range a.chunks {
		n += len(c)
	}
	return n
}

// newIn is new(T) in b's arena (nil: b cannot grow), or on the heap for a
// nil b. T's pointers must be set as the arena allows (see arena).
func newIn[T any](b *block) *T {
	if b == nil {
		return new(T)
	}
	var zero T
	return (*T)(b.alloc(unsafe.Sizeof(zero), unsafe.Alignof(zero)))
}

// sliceIn is make([]T, n) in b's arena (nil: b cannot grow), or on the
// heap for a nil b. An empty slice is Go's own (not nil, nothing behind it).
func sliceIn[T any](b *block, n int) []T {
	if b == nil || n == 0 {
		return make([]T, n)
	}
	var zero T
	p := b.alloc(unsafe.Sizeof(zero)*uintptr(n), unsafe.Alignof(zero))
	if p == nil {
		return nil
	}
	return unsafe.Slice((*T)(p), n)
}

// clone copies s into b's arena, or onto the heap for a nil b; ok is false
// when b cannot grow.
func (b *block) clone(s string) (string, bool) {
	if b == nil {
		return strings.Clone(s), true
	}
	if s == "" {
		return "", true
	}
	buf := sliceIn[byte](b, len(s))
	if buf == nil {
		return "", false
	}
	copy(buf, s)
	return unsafe.String(unsafe.SliceData(buf), len(buf)), true
}
