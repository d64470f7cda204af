package corpus

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"time"

	"litkb/internal/study"
)

// snapFile is one study file as a snapshot records it.
type snapFile struct {
	rel   string
	stamp fileStamp
	hash  string
	study *study.Study
}

// snapshotTemp names the file a snapshot is written to before its rename.
const snapshotTemp = ".snapshot-*"

// removeStaleTemps deletes temporary snapshots that a killed process left
// behind (each as large as the corpus). One younger than an hour may still
// be being written by another litkb on the same state folder.
func removeStaleTemps(dir string, now time.Time) {
	names, _ := filepath.Glob(filepath.Join(dir, snapshotTemp))
	for _, name := range names {
		if fi, err := os.Stat(name); err == nil && now.Sub(fi.ModTime()) > time.Hour {
			_ = os.Remove(name)
		}
	}
}

// writeSnapshot replaces the snapshot at path: written to a temporary file
// and renamed, so a reader sees the old one or the new one. It is streamed
// (a million studies make 1.8 GB; only the index, a sixteenth of it, is
// held until the end) and not synced: a snapshot lost or torn in a crash
// fails its checksums and costs one full load. folder is the studies
// folder's stamp when files are all its study files, else zero. A
// cancelled ctx stops it, leaving the old snapshot.
func writeSnapshot(ctx context.Context, path, key string, written time.Time, folder fileStamp, files []snapFile) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("corpus snapshot: %w", err)
		}
	}()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	removeStaleTemps(filepath.Dir(path), written)
	tmp, err := os.CreateTemp(filepath.Dir(path), snapshotTemp)
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	defer tmp.Close()           // a second Close after the explicit one is harmless

	// The head is filled in once the index is written.
	if _, err := tmp.Write(make([]byte, snapshotHead)); err != nil {
		return err
	}
	off := uint64(snapshotHead)
	index := &encoder{}
	index.str(key)
	index.uint(uint64(written.UnixNano()))
	index.uint(uint64(folder.size))
	index.uint(uint64(folder.mtime))
	index.uint(snapBlock)
	index.length(false, len(files))
	// A block's records, then their texts: a block is held, not the file.
	recs := &encoder{b: make([]byte, 0, 1<<20), t: make([]byte, 0, 4<<20)}
	for k, f := range files {
		start, tstart := len(recs.b), len(recs.t)
		recs.study(f.study)
		rec, text := recs.b[start:], recs.t[tstart:]
		index.str(f.rel)
		index.uint(uint64(f.stamp.size))
		index.uint(uint64(f.stamp.mtime))
		index.str(f.hash)
		index.uint(uint64(len(rec)))
		index.uint(uint64(crc32.Checksum(rec, crcTable)))
		index.uint(uint64(len(text)))
		index.uint(uint64(crc32.Checksum(text, crcTable)))
		if (k+1)%snapBlock != 0 && k+1 != len(files) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err // a stopped load: the temporary file goes
		}
		for _, b := range [][]byte{recs.b, recs.t} {
			if _, err := tmp.Write(b); err != nil {
				return err
			}
			off += uint64(len(b))
		}
		recs.b, recs.t = recs.b[:0], recs.t[:0]
	}
	if _, err := tmp.Write(index.b); err != nil {
		return err
	}
	head := append([]byte(snapshotMagic), binary.LittleEndian.AppendUint32(nil, crc32.Checksum(index.b, crcTable))...)
	head = binary.LittleEndian.AppendUint64(head, off)
	head = binary.LittleEndian.AppendUint64(head, uint64(len(index.b)))
	if _, err := tmp.WriteAt(head, 0); err != nil {
		return err
	}
	startWriteback(tmp) // so that a server can drop it from the cache (see there)
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
