package corpus

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"io"
	"os"
	"reflect"
	"slices"
	"sync"
	"unsafe"

	"github.com/cespare/xxhash/v2"

	"litkb/internal/study"
)

// An image is a server's decoded studies saved as they lie in memory: the
// arena a start decoded the whole snapshot into, written beside the
// snapshot, so that the next start maps it instead of decoding again.
// Decoding was most of a restart: at 100,000 studies 139 MiB of fresh
// memory written study by study, a load of 0.36-0.43 s in a restart of
// 0.48-0.58 s on two cores. A mapped image is the page cache's memory:
// restarts from it took 0.38-0.47 s to the first answer against
// 0.50-0.62 s decoding into huge pages (five each, alternated), and at
// 1,000,000 studies 2.9-3.9 s against 6.5-7.2 s for the program before.
// Beside the studies an image holds the tables the load made of them (see
// loadTables), so that a start that takes the files on trust reads neither
// the snapshot's index nor a study.
//
// The studies hold pointers: into the snapshot's mapping (their text),
// into the arena, and at the program's constants. So an image is used only
// where every one of them is the same as when it was written: the same
// snapshot file (its size and the CRC of its index), mapped at the same
// address; each of the arena's chunks mapped back at its own address, none
// of them taken by anything else (MAP_FIXED_NOREPLACE); the same program
// (the snapshot's key names it) loaded at the same address (probes). Every
// chunk's hash (xxHash64: a CRC-32C of 139 MiB was a sixth of a restart's
// CPU) is checked before a study is read from it. Anything else
// costs a decode, as without an image, never an error: like the snapshot,
// the image is a cache, and deleting it is always safe.
//
// Only a server writes one, after it answers, and only after a start that
// decoded every study from an unchanged snapshot: the next restart of the
// same state is then fast. A rewritten snapshot (a write, a build)
// leaves the image stale until the next start writes a new one.
const imageMagic = "litkb corpus image 3\n"

// imageTemp is the image's temporary file in the state folder (see
// tempNames).
const imageTemp = ".image-*"

// ImagePath is where the image of the snapshot at cache lives.
func ImagePath(cache string) string { return cache + ".image" }

// maxImageHead bounds the head a start reads: a chunk is 40 bytes of it
// at most (four varints), and an image has a few hundred.
const maxImageHead = 1 << 20

// imageHead describes an image and what it depends on.
type imageHead struct {
	key      string
	snapSize uint64
	snapSum  uint64 // the CRC of the snapshot's index
	snapAt   uint64 // where the snapshot was mapped
	probes   [4]uint64
	studies  uint64 // the decoded array's address
	n        uint64 // its length: the snapshot's entries
	tables   uint64 // the loadTables' address
	chunks   []imageChunk
	dataAt   int64 // where the chunks' bytes begin in the file
}

type imageChunk struct {
	addr, size, sum uint64
	kind            uint64 // chunkStudies, chunkTables or chunkCheck
}

// What a chunk holds: part of the arena of the studies; of the tables a
// server keeps; of those only its check of the files reads (see
// loadTables), whose pages it lets go after.
const (
	chunkStudies = iota
	chunkTables
	chunkCheck
)

// zeroProbe is where empty slices point (the runtime's zero base).
var zeroProbe = make([]byte, 0)

// imageProbes are addresses in the program's data, its read-only data,
// and the runtime's: the same in every run of a program loaded at a fixed
// address, different when it is loaded elsewhere (a position-independent
// build); and the studies' layout.
func imageProbes() [4]uint64 {
	return [4]uint64{
		uint64(uintptr(unsafe.Pointer(&crcTable))),
		uint64(uintptr(unsafe.Pointer(unsafe.StringData(imageMagic)))),
		addrOf(zeroProbe),
		studyLayout(),
	}
}

// studyLayout is a hash of how a study and the load's tables lie in
// memory: every field's name, type, offset and size, nested structures
// included. The program's
// build ID names it in the snapshot's key; this holds even for builds
// given the same ID by hand.
var studyLayout = sync.OnceValue(func() uint64 {
	h := fnv.New64a()
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		fmt.Fprintf(h, "%s %d %d;", t, t.Size(), t.Align())
		if seen[t] {
			return
		}
		seen[t] = true
		switch t.Kind() {
		case reflect.Struct:
			for i := range t.NumField() {
				f := t.Field(i)
				fmt.Fprintf(h, "%s %d{", f.Name, f.Offset)
				walk(f.Type)
				fmt.Fprint(h, "}")
			}
		case reflect.Slice, reflect.Pointer, reflect.Array:
			walk(t.Elem())
		}
	}
	walk(reflect.TypeFor[study.Study]())
	walk(reflect.TypeFor[loadTables]())
	return h.Sum64()
})

func addrOf(b []byte) uint64 { return uint64(uintptr(unsafe.Pointer(unsafe.SliceData(b)))) }

func (h *imageHead) encode() []byte {
	e := &encoder{}
	e.str(h.key)
	for _, v := range []uint64{h.snapSize, h.snapSum, h.snapAt, h.probes[0], h.probes[1], h.probes[2], h.probes[3], h.studies, h.n, h.tables} {
		e.uint(v)
	}
	e.length(false, len(h.chunks))
	for _, c := range h.chunks {
		e.uint(c.addr)
		e.uint(c.size)
		e.uint(c.sum)
		e.uint(c.kind)
	}
	return e.b
}

// readImageHead reads the head of the image at path when it was written
// under key, and keeps the file open for attach; nil when there is none,
// or it is another build's, or damaged.
func readImageHead(path, key string) (*imageHead, *os.File) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil
	}
	h, err := decodeImageHead(f, key)
	if err != nil {
		f.Close()
		return nil, nil
	}
	return h, f
}

var errImage = errors.New("corpus image is damaged or another's")

func decodeImageHead(r io.Reader, key string) (*imageHead, error) {
	pre := make([]byte, len(imageMagic)+8)
	if _, err := io.ReadFull(r, pre); err != nil || string(pre[:len(imageMagic)]) != imageMagic {
		return nil, errImage
	}
	size, sum := binary.LittleEndian.Uint32(pre[len(imageMagic):]), binary.LittleEndian.Uint32(pre[len(imageMagic)+4:])
	if size > maxImageHead {
		return nil, errImage
	}
	buf := make([]byte, size)
	if _, err := io.ReadFull(r, buf); err != nil || crc32.Checksum(buf, crcTable) != sum {
		return nil, errImage
	}
	d := &decoder{src: string(buf)}
	h := &imageHead{key: d.str()}
	if h.key != key {
		return nil, errImage
	}
	for _, v := range []*uint64{&h.snapSize, &h.snapSum, &h.snapAt, &h.probes[0], &h.probes[1], &h.probes[2], &h.probes[3], &h.studies, &h.n, &h.tables} {
		*v = d.uint()
	}
	n, _ := d.length()
	for range n {
		h.chunks = append(h.chunks, imageChunk{addr: d.uint(), size: d.uint(), sum: d.uint(), kind: d.uint()})
	}
	if d.err != nil || d.pos != len(d.src) {
		return nil, errImage
	}
	h.dataAt = int64(imageDataAt(len(pre) + len(buf)))
	return h, nil
}

// imageDataAt: the chunks begin at a page, as a mapping's offset must.
func imageDataAt(head int) int { return (head + pageSize - 1) &^ (pageSize - 1) }

// attached is an image mapped and checked: its studies (of the snapshot's
// entries, in order), the load's tables (nil if unusable), and every chunk's
// mapping and kind.
type attached struct {
	studies []study.Study
	tables  *loadTables
	maps    [][]byte
	kinds   []uint64
}

// attach maps the image's chunks at their addresses over mem, which must
// be the snapshot it was made of (sum: its index's CRC), mapped where it
// was, and checks them; nil (and nothing left mapped) when any of it fails.
func (h *imageHead) attach(f *os.File, mem []byte, sum uint32) *attached {
	if h.snapAt != addrOf(mem) || h.snapSize != uint64(len(mem)) || h.snapSum != uint64(sum) ||
		h.probes != imageProbes() || h.n == 0 {
		return nil
	}
	// The file must hold every chunk: a page mapped past its end faults.
	end := uint64(h.dataAt)
	for _, c := range h.chunks {
		end += c.size
	}
	if fi, err := f.Stat(); err != nil || uint64(fi.Size()) != end {
		return nil
	}
	a := &attached{}
	off := h.dataAt
	for _, c := range h.chunks {
		if c.size == 0 || c.size%uint64(pageSize) != 0 || c.size > 1<<40 || c.kind > chunkCheck {
			a.unmap()
			return nil
		}
		m := mapAt(f, off, int(c.size), c.addr, true) // its hash reads it all
		if m == nil {
			a.unmap()
			return nil
		}
		a.maps, a.kinds, off = append(a.maps, m), append(a.kinds, c.kind), off+int64(c.size)
		switch c.kind {
		case chunkStudies:
			if p := within[study.Study](m, c.addr, h.studies, h.n); p != nil {
				a.studies = unsafe.Slice(p, h.n)
			}
		case chunkTables:
			if p := within[loadTables](m, c.addr, h.tables, 1); p != nil {
				a.tables = p
			}
		}
	}
	bad := make([]bool, len(a.maps))
	parallel(len(a.maps), func(_, i int) {
		bad[i] = xxhash.Sum64(a.maps[i]) != h.chunks[i].sum
	})
	if a.studies == nil || slices.Contains(bad, true) {
		a.unmap()
		return nil
	}
	if t := a.tables; t != nil && !t.fit(int(h.n)) {
		a.tables = nil
	}
	return a
}

// within is the n Ts at addr, when they lie in m (mapped at base) and are
// aligned; otherwise nil.
func within[T any](m []byte, base, addr, n uint64) *T {
	var zero T
	size, align := uint64(unsafe.Sizeof(zero)), uint64(unsafe.Alignof(zero))
	if addr < base || addr >= base+uint64(len(m)) || addr%align != 0 || n > (base+uint64(len(m))-addr)/size {
		return nil
	}
	return (*T)(unsafe.Pointer(&m[addr-base]))
}

func (a *attached) unmap() {
	if a != nil {
		for _, m := range a.maps {
			unmapFile(m)
		}
	}
}

// snapshot is the snapshot of mem (sum: its index's CRC) when the image
// holds its load's tables and trust takes the folder's stamp they
// recorded: a start that reads nothing more of it (see loadTables).
// Otherwise nil.
func (a *attached) snapshot(mem []byte, f *os.File, sum uint32, trust func(fileStamp) bool) *snapshot {
	if a == nil || a.tables == nil || trust == nil || !trust(a.tables.folder) {
		return nil
	}
	s := &snapshot{folder: a.tables.folder, mem: mem, file: f, sum: sum, laterTexts: true, image: a.studies, imageMaps: a.maps, tables: a.tables}
	for i, m := range a.maps {
		if a.kinds[i] == chunkCheck {
			s.checkMaps = append(s.checkMaps, m)
		}
	}
	return s
}

// forEntries is the image's studies and their mappings, for a snapshot
// of n entries read from its index: the tables are let go, as a start that
// reads the index makes its own.
func (a *attached) forEntries(n int) ([]study.Study, [][]byte) {
	if a == nil {
		return nil, nil
	}
	if len(a.studies) != n {
		a.unmap()
		return nil, nil
	}
	var keep [][]byte
	for i, m := range a.maps {
		if a.kinds[i] == chunkStudies {
			keep = append(keep, m)
		} else {
			unmapFile(m)
		}
	}
	return a.studies, keep
}

// imaged is the i-th file's study from the image, when there is one and
// its stamp is st, and the file's hash.
func (s *snapshot) imaged(at []int, i int, st fileStamp) (*study.Study, string, bool) {
	if s == nil || s.image == nil || at[i] < 0 || s.entries[at[i]].stamp != st {
		return nil, "", false
	}
	return &s.image[at[i]], s.entries[at[i]].hash, true
}

// imageSize is how much of the image is mapped.
func (s *snapshot) imageSize() int {
	n := 0
	if s != nil {
		for _, m := range s.imageMaps {
			n += len(m)
		}
	}
	return n
}
