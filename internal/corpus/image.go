package corpus

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"unsafe"

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
//
// The studies hold pointers: into the snapshot's mapping (their text),
// into the arena, and at the program's constants. So an image is used only
// where every one of them is the same as when it was written: the same
// snapshot file (its size and the CRC of its index), mapped at the same
// address; each of the arena's chunks mapped back at its own address, none
// of them taken by anything else (MAP_FIXED_NOREPLACE); the same program
// (the snapshot's key names it) loaded at the same address (probes). Every
// chunk's CRC-32C is checked before a study is read from it. Anything else
// costs a decode, as without an image, never an error: like the snapshot,
// the image is a cache, and deleting it is always safe.
//
// Only a server writes one, after it answers, and only after a start that
// decoded every study from an unchanged snapshot: the next restart of the
// same state is then fast. A rewritten snapshot (a write, a build)
// leaves the image stale until the next start writes a new one.
const imageMagic = "litkb corpus image 1\n"

// imageTemp is the image's temporary file in the state folder (see
// tempNames).
const imageTemp = ".image-*"

// ImagePath is where the image of the snapshot at cache lives.
func ImagePath(cache string) string { return cache + ".image" }

// maxImageHead bounds the head a start reads: a chunk is 30 bytes of it
// at most (three varints), and an arena has a few hundred.
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
	chunks   []imageChunk
	dataAt   int64 // where the chunks' bytes begin in the file
}

type imageChunk struct {
	addr, size, crc uint64
}

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

// studyLayout is a hash of how a study lies in memory: every field's
// name, type, offset and size, nested structures included. The program's
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
	return h.Sum64()
})

func addrOf(b []byte) uint64 { return uint64(uintptr(unsafe.Pointer(unsafe.SliceData(b)))) }

func (h *imageHead) encode() []byte {
	e := &encoder{}
	e.str(h.key)
	for _, v := range []uint64{h.snapSize, h.snapSum, h.snapAt, h.probes[0], h.probes[1], h.probes[2], h.probes[3], h.studies, h.n} {
		e.uint(v)
	}
	e.length(false, len(h.chunks))
	for _, c := range h.chunks {
		e.uint(c.addr)
		e.uint(c.size)
		e.uint(c.crc)
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
	for _, v := range []*uint64{&h.snapSize, &h.snapSum, &h.snapAt, &h.probes[0], &h.probes[1], &h.probes[2], &h.probes[3], &h.studies, &h.n} {
		*v = d.uint()
	}
	n, _ := d.length()
	for range n {
		h.chunks = append(h.chunks, imageChunk{addr: d.uint(), size: d.uint(), crc: d.uint()})
	}
	if d.err != nil || d.pos != len(d.src) {
		return nil, errImage
	}
	h.dataAt = int64(imageDataAt(len(pre) + len(buf)))
	return h, nil
}

// imageDataAt: the chunks begin at a page, as a mapping's offset must.
func imageDataAt(head int) int { return (head + pageSize - 1) &^ (pageSize - 1) }

// attach maps the image's chunks at their addresses over s, which must be
// the snapshot it was made of, mapped where it was, and checks them: the
// studies, or nil (and nothing left mapped).
func (h *imageHead) attach(f *os.File, s *snapshot) ([]study.Study, [][]byte) {
	if h.snapAt != addrOf(s.mem) || h.snapSize != uint64(len(s.mem)) || h.snapSum != uint64(s.sum) ||
		h.probes != imageProbes() || h.n != uint64(len(s.entries)) || h.n == 0 {
		return nil, nil
	}
	var maps [][]byte
	fail := func() ([]study.Study, [][]byte) {
		for _, m := range maps {
			unmapFile(m)
		}
		return nil, nil
	}
	// The file must hold every chunk: a page mapped past its end faults.
	end := uint64(h.dataAt)
	for _, c := range h.chunks {
		end += c.size
	}
	if fi, err := f.Stat(); err != nil || uint64(fi.Size()) != end {
		return nil, nil
	}
	var studies []study.Study
	off := h.dataAt
	size := uint64(unsafe.Sizeof(study.Study{}))
	for _, c := range h.chunks {
		if c.size == 0 || c.size%uint64(pageSize) != 0 || c.size > 1<<40 {
			return fail()
		}
		m := mapAt(f, off, int(c.size), c.addr, true) // its CRC reads it all
		if m == nil {
			return fail()
		}
		maps, off = append(maps, m), off+int64(c.size)
		if h.studies >= c.addr && h.studies < c.addr+c.size && h.studies%uint64(unsafe.Alignof(study.Study{})) == 0 && h.n <= (c.addr+c.size-h.studies)/size {
			studies = unsafe.Slice((*study.Study)(unsafe.Pointer(&m[h.studies-c.addr])), h.n)
		}
	}
	if studies == nil {
		return fail()
	}
	bad := make([]bool, len(maps))
	parallel(len(maps), func(_, i int) {
		bad[i] = crc32.Checksum(maps[i], crcTable) != uint32(h.chunks[i].crc)
	})
	for _, b := range bad {
		if b {
			return fail()
		}
	}
	return studies, maps
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

// WriteImage writes, once, the image of the studies the load decoded from
// the snapshot (image.go), so that the next start maps them instead; it
// does nothing when the load mapped them from an image already, or
// decoded some from their files, or the snapshot was replaced since. A
// server calls it once it answers: the image is as large as the decoded
// studies (139 MiB at 100,000). A cancelled ctx stops the writing.
func (s *Store) WriteImage(ctx context.Context) (written bool, err error) {
	s.imageOnce.Do(func() {
		if s.image != nil {
			written, err = s.image.write(ctx)
			s.image = nil
		}
	})
	return written, err
}

// imageSource is what a start that decoded every study of its snapshot
// needs to write the image of it later.
type imageSource struct {
	path, key string
	snapSize  uint64
	snapSum   uint32
	snapAt    uint64
	studies   []study.Study
	arena     *arena
}

// imageSource is what writes the image of a load's studies, when it took
// every study from snap (the caller knows), decoding them (not from an
// image) into ar, in one array in the snapshot's order; otherwise nil.
func (s *snapshot) imageSource(cache, key string, ar *arena, studies []*study.Study) *imageSource {
	if s == nil || s.image != nil || ar == nil || len(studies) == 0 || len(studies) != len(s.entries) {
		return nil
	}
	all := unsafe.Slice(studies[0], len(studies))
	for i := range studies {
		if studies[i] != &all[i] {
			return nil
		}
	}
	return &imageSource{path: cache, key: key, snapSize: uint64(len(s.mem)), snapSum: s.sum, snapAt: addrOf(s.mem), studies: all, arena: ar}
}

// write writes the image, unless the snapshot was replaced since: a new
// file, renamed over the old one.
func (src *imageSource) write(ctx context.Context) (written bool, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("corpus image: %w", err)
		}
	}()
	if size, sum, ok := snapshotIdentity(src.path); !ok || size != src.snapSize || sum != src.snapSum {
		return false, nil
	}
	h := &imageHead{key: src.key, snapSize: src.snapSize, snapSum: uint64(src.snapSum), snapAt: src.snapAt,
		probes: imageProbes(), studies: uint64(uintptr(unsafe.Pointer(unsafe.SliceData(src.studies)))), n: uint64(len(src.studies))}
	chunks := src.arena.extents()
	for _, c := range chunks {
		if len(c) > 0 {
			h.chunks = append(h.chunks, imageChunk{addr: addrOf(c), size: uint64(len(c)), crc: uint64(crc32.Checksum(c, crcTable))})
		}
	}
	head := h.encode()
	pre := append([]byte(imageMagic), make([]byte, 8)...)
	binary.LittleEndian.PutUint32(pre[len(imageMagic):], uint32(len(head)))
	binary.LittleEndian.PutUint32(pre[len(imageMagic)+4:], crc32.Checksum(head, crcTable))
	dir := filepath.Dir(src.path)
	tmp, err := os.CreateTemp(dir, imageTemp)
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp.Name()) // nothing left to remove after the rename
	defer tmp.Close()
	all := append(pre, head...)
	all = append(all, make([]byte, imageDataAt(len(all))-len(all))...)
	if _, err := tmp.Write(all); err != nil {
		return false, err
	}
	for _, c := range chunks {
		if err := ctx.Err(); err != nil { // a server told to stop
			return false, err
		}
		if _, err := tmp.Write(c); err != nil {
			return false, err
		}
	}
	if err := tmp.Close(); err != nil {
		return false, err
	}
	// No fsync: after a crash, a torn image fails its CRCs and costs a
	// decode, as a missing one does.
	if err := os.Rename(tmp.Name(), ImagePath(src.path)); err != nil {
		return false, err
	}
	return true, nil
}

// snapshotIdentity reads the size and index CRC of the snapshot at path.
func snapshotIdentity(path string) (size uint64, sum uint32, ok bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, false
	}
	defer f.Close()
	fi, err := f.Stat()
	head := make([]byte, snapshotHead)
	if err != nil || fi.Size() < int64(snapshotHead) {
		return 0, 0, false
	}
	if _, err := io.ReadFull(f, head); err != nil || string(head[:len(snapshotMagic)]) != snapshotMagic {
		return 0, 0, false
	}
	return uint64(fi.Size()), binary.LittleEndian.Uint32(head[len(snapshotMagic):]), true
}
