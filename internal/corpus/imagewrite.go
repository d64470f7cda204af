package corpus

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"unsafe"

	"github.com/cespare/xxhash/v2"

	"litkb/internal/study"
)

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
	load      *loadResult // for the image's tables; nil for none
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
	var chunks [][]byte
	add := func(kind uint64, extents [][]byte) {
		for _, c := range extents {
			if len(c) > 0 {
				chunks = append(chunks, c)
				h.chunks = append(h.chunks, imageChunk{addr: addrOf(c), size: uint64(len(c)), sum: xxhash.Sum64(c), kind: kind})
			}
		}
	}
	add(chunkStudies, src.arena.extents())
	studyChunks := len(chunks)
	if src.load != nil {
		// Made here, in memory of their own: the load's tables are on the
		// heap, which an image cannot hold.
		if t, keep, check, ok := buildTables(src.load, src.snapAt, src.snapSize, src.arena); ok {
			defer keep.release()
			defer check.release()
			h.tables = uint64(uintptr(unsafe.Pointer(t)))
			add(chunkTables, keep.extents())
			add(chunkCheck, check.extents())
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
	adopt(ImagePath(src.path), int64(len(all)), chunks[:studyChunks])
	return true, nil
}

// adopt has the studies read from the image at path, whose chunks
// (extents of the studies' arena) begin at off, instead of from the
// arena's anonymous memory, which it gives back: a server then holds only
// the pages of the studies it reads, as after a start from the image, not
// every study it decoded (139 MiB at 100,000). A chunk that is not the
// same in the file stays as it is.
func adopt(path string, off int64, extents [][]byte) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	for _, c := range extents {
		mapOver(f, off, c)
		off += int64(len(c))
	}
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
